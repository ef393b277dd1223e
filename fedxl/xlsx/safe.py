"""Write submission text into output workbooks as text, never as a formula."""

from __future__ import annotations

from typing import Any

from fedxl.form.values import without_controls

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def put(cell: Any, value: Any) -> Any:
    """Set an openpyxl cell's value; text that looks like a formula stays text, and control
    characters (which openpyxl refuses with IllegalCharacterError) are repaired or dropped."""
    if isinstance(value, str) and value:
        value = without_controls(value)
        cell.value = value
        cell.data_type = "s"
        return cell
    cell.value = value
    return cell


def as_text(value: str) -> str:
    """`value` for XlsxWriter's write_string: text of the form <r>…</r>, which XlsxWriter puts
    into the sheet XML as it is (its rich-text form, so a town's "<r>A&B</r>" broke the
    workbook), given as that form holding the text itself."""
    if value.startswith("<r>") and value.endswith("</r>"):
        escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return f'<r><t xml:space="preserve">{escaped}</t></r>'
    return value
