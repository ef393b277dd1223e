"""Excel data-validation specs for form columns, independent of any spreadsheet library."""

from __future__ import annotations

from fedxl.form import Column, resolve_bound
from fedxl.form.types import ValidationSpec, column_type, excel_serial

__all__ = ["ValidationSpec", "column_validation", "excel_serial", "needs_list_sheet"]

INLINE_LIST_MAX = 200  # characters; longer lists go to the hidden _lists sheet


def column_validation(col: Column, year: int) -> ValidationSpec | None:
    """The data validation a blank ledger puts on `col` (None when it has none): its type's."""
    if col.ignore:
        return None
    return column_type(col).validation(
        col, year, resolve_bound(col.min, year), resolve_bound(col.max, year)
    )


def needs_list_sheet(spec: ValidationSpec) -> bool:
    """True when a list is too long (or has commas) to be written inline."""
    joined = ",".join(spec.values)
    return len(joined) > INLINE_LIST_MAX or any("," in v or '"' in v for v in spec.values)
