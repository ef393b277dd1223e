"""Workbook metadata that fedxl writes into blank ledgers and reads back when checking.

Two copies are kept so either survives a round trip through Excel or WPS: custom document
properties (`docProps/custom.xml`) and the very hidden sheet `_meta` (key in A, value in B).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

META_SHEET = "_meta"
LISTS_SHEET = "_lists"
PREFIX = "fedxl."
KEYS = ("form_id", "form_version", "town", "month", "generated")
_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def write_metadata(wb: Any, meta: Mapping[str, str]) -> None:
    """Record `meta` (keys of KEYS) in an openpyxl workbook: custom properties and `_meta`."""
    from openpyxl.packaging.custom import StringProperty

    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"
    for key in KEYS:
        if key in meta:
            wb.custom_doc_props.append(StringProperty(name=PREFIX + key, value=str(meta[key])))
            ws.append([key, str(meta[key])])


def metadata_from_rows(rows: Iterable[Iterable[Any]]) -> dict[str, str]:
    """Metadata from the `_meta` sheet's rows (as read by any reader)."""
    out: dict[str, str] = {}
    for row in rows:
        cells = list(row)[:2]
        if len(cells) == 2 and isinstance(cells[0], str) and cells[0] in KEYS and cells[1] not in (None, ""):
            out[cells[0]] = str(cells[1])
    return out


def metadata_from_custom_xml(data: bytes) -> dict[str, str]:
    """Metadata from the bytes of docProps/custom.xml (parsed with defusedxml)."""
    from defusedxml import DefusedXmlException, ElementTree

    out: dict[str, str] = {}
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException):
        return out
    for prop in root.iter(f"{_CUSTOM_NS}property"):
        name = prop.get("name", "")
        if name.startswith(PREFIX) and name[len(PREFIX):] in KEYS:
            text = "".join(child.text or "" for child in prop)
            out[name[len(PREFIX):]] = text
    return out
