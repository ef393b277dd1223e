"""Read the 基本信息 form sheet: labels in one column, values to their right."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fedxl.form import Column, Sheet
from fedxl.reading.book import RawSheet
from fedxl.reading.headers import norm_label

_INLINE = re.compile(r"^\s*([^:：]{1,12})\s*[:：]\s*(.+?)\s*$")


@dataclass(frozen=True)
class InfoCell:
    raw: Any
    row0: int
    col0: int  # where the value is (or should be)


def read_info(raw: RawSheet, sheet: Sheet) -> dict[str, InfoCell]:
    """Form column name -> the cell holding its value."""
    labels: dict[str, Column] = {}
    for column in sheet.columns:
        for label in (column.name, *column.aliases):
            labels.setdefault(norm_label(label), column)
    found: dict[str, InfoCell] = {}
    for r, row in enumerate(raw.rows[:60]):
        for c, value in enumerate(row[:8]):
            if not isinstance(value, str) or not value.strip():
                continue
            col: Column | None = labels.get(norm_label(value))
            if col is not None and col.name not in found:
                # the value sits right after the label (after the label's merged range, if any)
                target = next(
                    (c1 + 1 for r0, c0, r1, c1 in raw.merged if r0 <= r <= r1 and c0 <= c <= c1),
                    c + 1,
                )
                found[col.name] = InfoCell(row[target] if target < len(row) else "", r, target)
                continue
            m = _INLINE.match(value)
            if m:
                col = labels.get(norm_label(m.group(1)))
                if col is not None and col.name not in found:
                    found[col.name] = InfoCell(m.group(2), r, c)
    return found


def title_town(raw: RawSheet, upto: int) -> str | None:
    """A '填报单位：X' line in the title rows above a table's header."""
    for row in raw.rows[: max(upto, 0)]:
        for value in row:
            if isinstance(value, str):
                m = re.search(r"填报单位\s*[:：]\s*([^\s:：]+)", value)
                if m:
                    return m.group(1)
    return None
