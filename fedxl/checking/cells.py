"""Check one value against its form column: repair it, type it, bound it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fedxl.checking.findings import Finding, finding, shown
from fedxl.form import Column, resolve_bound
from fedxl.form.describe import bounds_text
from fedxl.form.types import column_type
from fedxl.form.values import Parsed
from fedxl.i18n import get_lang, t
from fedxl.reading.ooxml import col_letters


@dataclass(frozen=True)
class Reported:
    """The ledger year and reported month that symbolic bounds resolve against."""

    year: int
    month: int | None


def cell_ref(row0: int, col0: int) -> str:
    """A1 reference of 0-based (row, col)."""
    return f"{col_letters(col0)}{row0 + 1}"


@dataclass
class CellResult:
    value: Any
    findings: list[Finding]
    bad: bool  # the value was present but could not be used


def _closest(value: str, choices: tuple[str, ...]) -> str:
    import difflib

    match = difflib.get_close_matches(value, choices, n=1, cutoff=0.0)
    return t("closest", value=match[0]) if match else ""


def _bounds(col: Column, value: Any, period: Reported) -> tuple[str, dict[str, Any]] | None:
    """(code, params) when `value` is outside the column's bounds (compared as its type compares)
    ."""
    lo = resolve_bound(col.min, period.year, period.month)
    hi = resolve_bound(col.max, period.year, period.month)
    if not column_type(col).outside(value, lo, hi):
        return None
    if col.in_period:
        return ("date-out-of-period", {"lo": shown(lo), "hi": shown(hi)})
    return ("range", {"bounds": bounds_text(col)})


def check_cell(
    col: Column,
    raw: Any,
    *,
    sheet: str,
    row0: int,
    col0: int,
    period: Reported,
    scale: float = 1.0,
    formula: str | None = None,
) -> CellResult:
    """Typed value of `raw` for `col` plus the findings about it (cell in the original file)."""
    where: dict[str, Any] = {
        "sheet": sheet,
        "row": row0 + 1,
        "column": col.name,
        "cell": cell_ref(row0, col0),
    }
    if formula is not None and (raw == "" or raw is None):
        return CellResult(None, [finding("formula-no-value", value=formula, **where)], True)
    ctype = column_type(col)
    parsed: Parsed = ctype.parse(raw, col)
    out: list[Finding] = []
    if parsed.error:
        code = parsed.error
        params: dict[str, Any] = {
            "expected": t(ctype.expected_key),
            "example": t(ctype.example_key),
        }
        if code == "enum":
            sep = "、" if get_lang() == "zh" else ", "
            params = {"choices": sep.join(col.choices), "closest": _closest(str(raw), col.choices)}
        out.append(finding(code, value=raw, **where, **params))
        return CellResult(None, out, True)
    value = parsed.value
    if value is None:
        if col.blank is not None:
            return CellResult(col.blank, out, False)
        if col.required:
            out.append(finding("required", value=None if raw == "" else raw, **where))
        return CellResult(None, out, False)
    if scale != 1.0 and isinstance(value, int | float):
        value = round(value * scale, 2)
        parsed = Parsed(value, changed=True)
    # a date typed as text ("2026-04-25") reads the same once repaired: nothing to tell the town
    if parsed.changed and not (isinstance(raw, str) and shown(raw) == shown(value)):
        # a phone or a code stored as a number reads the same: say what changed (its kind)
        as_text = isinstance(raw, int | float) and isinstance(value, str)
        key = "finding.normalized.as_text" if as_text else None
        out.append(
            finding(
                "normalized",
                value=raw,
                old=shown(raw),
                new=shown(value),
                message_key=key,
                **where,
            )
        )
    if col.max_length and isinstance(value, str) and len(value) > col.max_length:
        out.append(finding("length", value=raw, n=col.max_length, **where))
        return CellResult(value, out, True)
    if col.min is not None or col.max is not None:
        problem = _bounds(col, value, period)
        if problem is not None:
            code, params = problem
            out.append(finding(code, value=value, **where, **params))
            return CellResult(value, out, True)
    return CellResult(value, out, False)
