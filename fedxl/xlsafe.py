"""Write submission text into output workbooks as text, never as a formula (SPEC §11)."""

from __future__ import annotations

from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def put(cell: Any, value: Any) -> Any:
    """Set an openpyxl cell's value; text that looks like a formula stays text."""
    cell.value = value
    if isinstance(value, str) and value:
        cell.data_type = "s"
    return cell
