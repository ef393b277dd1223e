"""Find a table's header row and map its columns to the form."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fedxl.form import Column, Sheet
from fedxl.reading.book import RawSheet

HEADER_SCAN_ROWS = 15
_UNIT = re.compile(r"\(([^()]*)\)$")
_DROP = re.compile(r"[\s*:：]+")


def norm_label(text: Any) -> str:
    """Header or sheet text normalised: full-width to ASCII, no spaces, breaks, * or colons."""
    if text is None or text == "":
        return ""
    return _norm(text if isinstance(text, str) else str(text))


@lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text)).casefold()


def _strip_unit(key: str) -> tuple[str, str]:
    m = _UNIT.search(key)
    if m and m.start() > 0:
        return key[: m.start()], m.group(1)
    return key, ""


@dataclass
class ColumnIndex:
    """Lookup from normalised header text to form columns, for one form sheet."""

    sheet: Sheet
    exact: dict[str, Column] = field(default_factory=dict)
    loose: dict[str, Column] = field(default_factory=dict)

    @classmethod
    def build(cls, sheet: Sheet) -> ColumnIndex:
        idx = cls(sheet)
        for col in sheet.columns:
            for label in (col.name, *col.aliases):
                key = norm_label(label)
                idx.exact.setdefault(key, col)
                idx.loose.setdefault(_strip_unit(key)[0], col)
        return idx

    def match(self, text: Any) -> tuple[Column | None, float]:
        """The column a header names, and the factor its unit implies (万元 -> 10000)."""
        key = norm_label(text)
        if not key:
            return None, 1.0
        if key in self.exact:
            return self.exact[key], 1.0
        base, unit = _strip_unit(key)
        col = self.exact.get(base) or self.loose.get(base)
        if col is None:
            return None, 1.0
        return col, 10000.0 if unit.startswith("万") and col.type in ("money", "number") else 1.0


@dataclass
class Layout:
    header_row: int  # 0-based row holding the (lower) header
    data_start: int  # 0-based first data row
    columns: dict[str, int]  # form column name -> 0-based column index
    scale: dict[str, float]  # column name -> factor from a unit in the header
    unknown: list[tuple[int, str]]  # (col, text) of headers that are not form columns
    duplicates: list[tuple[str, int]]  # (column name, col) of repeated columns
    header_rows: tuple[int, ...] = ()
    texts: dict[str, str] = field(default_factory=dict)  # column name -> its header as written

    @property
    def score(self) -> int:
        return len(self.columns)


def _texts(sheet: RawSheet, r: int, width: int) -> list[Any]:
    row = sheet.rows[r] if r < len(sheet.rows) else []
    return [row[c] if c < len(row) else "" for c in range(width)]


def _layout(index: ColumnIndex, texts: list[Any], header_row: int, rows: tuple[int, ...]) -> Layout:
    columns: dict[str, int] = {}
    written: dict[str, str] = {}
    scale: dict[str, float] = {}
    unknown: list[tuple[int, str]] = []
    duplicates: list[tuple[str, int]] = []
    for c, text in enumerate(texts):
        if text in ("", None):
            continue
        col, factor = index.match(text)
        if col is None:
            unknown.append((c, str(text)))
        elif col.name in columns:
            duplicates.append((col.name, c))
        else:
            columns[col.name], written[col.name] = c, str(text)
            if factor != 1.0:
                scale[col.name] = factor
    return Layout(header_row, header_row + 1, columns, scale, unknown, duplicates, rows, written)


def _group_cols(sheet: RawSheet, r: int) -> set[int]:
    """Columns under a horizontally merged cell of row r (a group header)."""
    cols: set[int] = set()
    for r0, c0, _r1, c1 in sheet.merged:
        if r0 == r and c1 > c0:
            cols.update(range(c0, c1 + 1))
    return cols


def find_layout(sheet: RawSheet, index: ColumnIndex) -> Layout | None:
    """Best header row among the first 15 (one-row or two-row headers); None if none fits."""
    width = max((len(r) for r in sheet.rows[: HEADER_SCAN_ROWS + 1]), default=0)
    whole = len(index.sheet.columns)  # a row naming every column cannot be beaten: stop there
    best: Layout | None = None
    for r in range(min(HEADER_SCAN_ROWS, len(sheet.rows))):
        if best is not None and best.score >= whole:
            break
        upper = _texts(sheet, r, width)
        single = _layout(index, upper, r, (r,))
        candidates = [single]
        if r + 1 < len(sheet.rows):
            lower = _texts(sheet, r + 1, width)
            groups = _group_cols(sheet, r)
            combined = [
                lower[c]
                if (lower[c] not in ("", None) and (c in groups or upper[c] in ("", None)))
                else upper[c]
                for c in range(width)
            ]
            if groups or any(
                upper[c] in ("", None) and lower[c] not in ("", None) for c in range(width)
            ):
                two = _layout(index, combined, r + 1, (r, r + 1))
                candidates.append(two)
        for cand in candidates:
            if best is None or cand.score > best.score:
                best = cand
    if best is None or best.score < 2:
        return None
    return best
