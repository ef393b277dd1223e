"""Workbook metadata that fedxl writes into blank ledgers and reads back when checking.

Two copies are kept so either survives a round trip through Excel or WPS: custom document
properties (`docProps/custom.xml`) and the very hidden sheet `_meta` (key in A, value in B).
"""

from __future__ import annotations

import re
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
        if (
            len(cells) == 2
            and isinstance(cells[0], str)
            and cells[0] in KEYS
            and cells[1] not in (None, "")
        ):
            out[cells[0]] = str(cells[1])
    return out


_PROP = re.compile(
    r'<(?:\w+:)?property\b[^>]*?\bname="fedxl\.(\w+)"[^>]*>\s*<(?:\w+:)?\w+\b[^>]*>([^<]*)</', re.S
)
_ENTITY = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


def metadata_from_custom_xml(data: bytes) -> dict[str, str]:
    """Metadata from the bytes of docProps/custom.xml.

    A plain pattern match, not an XML parser: nothing is expanded, so a hostile file cannot
    make it do work (no entities, no DTDs), and it costs nothing on the `fedxl check` path.
    """
    text = data.decode("utf-8", "replace")
    out: dict[str, str] = {}
    for m in _PROP.finditer(text):
        if m.group(1) in KEYS:
            value = re.sub(r"&(amp|lt|gt|quot|apos);", lambda e: _ENTITY[e.group(0)], m.group(2))
            out[m.group(1)] = value.strip()
    return out
