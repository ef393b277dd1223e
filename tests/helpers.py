"""Small helpers for reading generated workbooks in tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet


def header(ws: Worksheet, row: int = 2) -> list[str]:
    """Header texts of `row`, without the red * of required columns."""
    return [str(c.value).lstrip("*") for c in ws[row] if c.value is not None]


def validation_for(ws: Worksheet, cell: str) -> Any:
    """The data validation that covers `cell` (or None)."""
    for dv in ws.data_validations.dataValidation:
        if cell in dv.sqref:
            return dv
    return None


def list_values(wb: Any, dv: Any) -> list[str]:
    """The allowed values of a list validation, inline or on the _lists sheet."""
    formula = dv.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet, _, ref = formula.partition("!")
    start, _, end = ref.replace("$", "").partition(":")
    return [c.value for row in wb[sheet][start:end] for c in row]


def calamine_rows(path: Path, sheet: str) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
