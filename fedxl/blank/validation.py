"""Excel data-validation specs for form columns, independent of any spreadsheet library."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fedxl.form import Column, resolve_bound
from fedxl.form.describe import bounds_text
from fedxl.i18n import get_lang, t

EXCEL_EPOCH = dt.date(1899, 12, 30)
INLINE_LIST_MAX = 200  # characters; longer lists go to the hidden _lists sheet


@dataclass(frozen=True)
class ValidationSpec:
    kind: str  # list | whole | decimal | date | textLength
    operator: str | None = None  # between | greaterThanOrEqual | lessThanOrEqual | equal
    formula1: str | None = None
    formula2: str | None = None
    values: tuple[str, ...] = ()  # for list validations
    prompt: str = ""
    error: str = ""


def excel_serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH).days


def _op(lo: object, hi: object) -> tuple[str, str, str | None]:
    if lo is not None and hi is not None:
        return "between", str(lo), str(hi)
    if lo is not None:
        return "greaterThanOrEqual", str(lo), None
    return "lessThanOrEqual", str(hi), None


def _num(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def column_validation(col: Column, year: int) -> ValidationSpec | None:
    """The data validation a blank ledger puts on `col` (None when it has none)."""
    bounds = bounds_text(col)
    bounds_note = t("blank.bounds", text=bounds) if bounds else ""
    if col.ignore:
        return None
    if col.choices:
        sep = "、" if get_lang() == "zh" else ", "
        return ValidationSpec("list", values=col.choices, prompt=t("blank.prompt.enum"),
                              error=t("blank.error.enum", values=sep.join(col.choices)))
    if col.type == "month":
        months = tuple(f"{year}-{m:02d}" for m in range(1, 13))
        prompt = t("blank.prompt.month", example=f"{year}-06")
        return ValidationSpec("list", values=months, prompt=prompt,
                              error=t("blank.error.generic", prompt=prompt))
    if col.type in ("int", "money", "number"):
        kind = "whole" if col.type == "int" else "decimal"
        key = "blank.prompt.int" if col.type == "int" else "blank.prompt.decimal"
        prompt = t(key, bounds=bounds_note)
        if col.min is None and col.max is None:
            op, f1, f2 = "between", "-999999999", "999999999"  # type: str, str, str | None
        else:
            op, f1, f2 = _op(_num(col.min), _num(col.max))
        return ValidationSpec(kind, op, f1, f2, prompt=prompt,
                              error=t("blank.error.generic", prompt=prompt))
    if col.type == "date":
        lo = resolve_bound(col.min, year) or dt.date(1900, 1, 1)
        hi = resolve_bound(col.max, year) or dt.date(year, 12, 31)
        assert isinstance(lo, dt.date) and isinstance(hi, dt.date)
        prompt = t("blank.prompt.date", example=f"{year}-03-05", bounds=bounds_note)
        return ValidationSpec("date", "between", str(excel_serial(lo)), str(excel_serial(hi)),
                              prompt=prompt, error=t("blank.error.generic", prompt=prompt))
    if col.type == "uscc":
        prompt = t("blank.prompt.uscc")
        return ValidationSpec("textLength", "equal", "18", prompt=prompt,
                              error=t("blank.error.generic", prompt=prompt))
    if col.type == "phone":
        return ValidationSpec("textLength", "lessThanOrEqual", "60", prompt=t("blank.prompt.phone"),
                              error=t("blank.error.generic", prompt=t("blank.prompt.phone")))
    if col.max_length:
        prompt = t("blank.prompt.text", n=col.max_length)
        return ValidationSpec("textLength", "lessThanOrEqual", str(col.max_length), prompt=prompt,
                              error=t("blank.error.generic", prompt=prompt))
    return None


def needs_list_sheet(spec: ValidationSpec) -> bool:
    """True when a list is too long (or has commas) to be written inline."""
    joined = ",".join(spec.values)
    return len(joined) > INLINE_LIST_MAX or any("," in v or '"' in v for v in spec.values)
