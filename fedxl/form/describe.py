"""Human descriptions of form columns: types, bounds, allowed values and rules (for 填报说明)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fedxl.form import Column, Form, Sheet
from fedxl.form.model import Bound
from fedxl.i18n import get_lang, t


def bound_text(bound: Bound) -> str:
    if isinstance(bound, str):
        return t(f"bound.{bound}")
    if isinstance(bound, dt.date):
        return bound.isoformat()
    if isinstance(bound, float) and bound.is_integer():
        return str(int(bound))
    return str(bound)


def bounds_text(col: Column) -> str:
    lo, hi = col.min, col.max
    if lo is not None and hi is not None:
        return t("blank.between", lo=bound_text(lo), hi=bound_text(hi))
    if lo is not None:
        return t("blank.atleast", lo=bound_text(lo))
    if hi is not None:
        return t("blank.atmost", hi=bound_text(hi))
    return ""


def allowed_text(col: Column) -> str:
    """Allowed values or bounds of a column, as one line."""
    sep = "、" if get_lang() == "zh" else ", "
    parts: list[str] = []
    if col.choices:
        parts.append(sep.join(col.choices))
    bounds = bounds_text(col)
    if bounds:
        parts.append(bounds)
    if col.max_length:
        parts.append(t("blank.maxlen", n=col.max_length))
    if col.blank:
        parts.append(t("blank.blank_means", value=col.blank))
    return "；".join(parts) if get_lang() == "zh" else "; ".join(parts)


def rules_text(sheet: Sheet, col: Column, town: str) -> str:
    """Unique keys, foreign keys and cross-field rules that concern `col`."""
    parts: list[str] = []
    if col.unique or (sheet.key and sheet.key == (col.name,)):
        parts.append(t("blank.unique"))
    if col.ref:
        parts.append(t("blank.fk", town=town))
    seen: set[str] = set()
    for rule in sheet.rules:
        if rule.column != col.name:
            continue
        text = (
            (rule.hint_en or rule.message_en) if get_lang() == "en" else (rule.hint or rule.message)
        )
        text = text or rule.id
        if text not in seen:
            seen.add(text)
            parts.append(text)
    return "；".join(parts) if get_lang() == "zh" else "; ".join(parts)


@dataclass(frozen=True)
class InstructionRow:
    sheet: str
    column: str
    meaning: str
    type: str
    required: str
    allowed: str
    rules: str


def instruction_rows(form: Form, sheet: Sheet, town: str) -> list[InstructionRow]:
    """One row per column of `sheet` for the instructions sheet."""
    rows = []
    for col in sheet.columns:
        rows.append(
            InstructionRow(
                sheet=sheet.name,
                column=col.name,
                meaning=col.note_for(town),
                type=t(f"ftype.{col.type}"),
                required=t("blank.required.yes" if col.required else "blank.required.no"),
                allowed=allowed_text(col),
                rules=rules_text(sheet, col, town),
            )
        )
    return rows
