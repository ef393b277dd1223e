"""A sheet's extent, counted from its XML before calamine builds it.

calamine allocates a sheet's whole used range at once: one value at XFD1048576 asks for 512 GiB.
An .xlsx sheet's `<dimension>` answers at once when it fits the limits; when it is absent or
says more, every row and cell is walked, in bounded chunks: rows and cells without `r` (valid
OOXML: a row follows the one before it, a cell the cell before it in its row) included. Only
cells that hold a value count (formatted empty cells cost nothing: calamine skips them too).
`<dimension>` may lie: what a sheet really holds is measured again once read (fedxl.reading.book),
and the worker that reads it has a memory limit (fedxl.isolation). An .ods row or cell can
repeat itself a million times in a few bytes: repeats are counted here as what they become.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

_CHUNK = 1 << 20
_MAX_TAG = 1 << 20  # a single tag longer than this is not a spreadsheet's


@dataclass(frozen=True)
class Extent:
    rows: int  # 1-based last row that holds a value (0: none)
    cols: int  # 1-based last column that holds a value
    far_row: str = ""  # the cells that set the extent, e.g. "A1048576" / "XFD3"
    far_col: str = ""
    merges: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    def fits(self, max_rows: int, max_cells: int) -> bool:
        return self.rows <= max_rows and self.cells <= max_cells

    def far(self, max_rows: int) -> str:
        """The cell to tell the town to clear."""
        return self.far_row if self.rows > max_rows or not self.far_col else self.far_col


class TagTooLong(ValueError):
    """A tag that never ends within _MAX_TAG bytes: damaged or made to exhaust the scan."""


def cell_name(row: int, col: int) -> str:
    """'XFD1048576' for (1048576, 16384); 1-based."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def col_number(letters: bytes) -> int:
    """1-based column of column letters (b'A' -> 1); case-insensitive, 0 for none."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _chunks(fh: IO[bytes]) -> Iterator[bytes]:
    """Yield the XML in chunks that never split a tag (text between tags may be split: the
    scans here look at tags only)."""
    carry = b""
    while True:
        chunk = fh.read(_CHUNK)
        data = carry + chunk
        if not chunk:
            if data:
                yield data
            return
        cut = data.rfind(b"<")
        if cut == -1 or data.find(b">", cut) != -1:  # no tag begun at the end: all of it
            yield data
            carry = b""
            continue
        if cut:
            yield data[:cut]
        carry = data[cut:]
        if len(carry) > _MAX_TAG:
            raise TagTooLong


EXCEL_CELL_CHARS = 32_767  # the most text Excel and WPS keep in one cell
# XML bytes that hold more than that whatever the escaping (&#x1F600; is 9)
LONG_RUN = EXCEL_CELL_CHARS * 9


def longest_text(fh: IO[bytes], stop: int = LONG_RUN) -> int:
    """The longest run of bytes between two tags, up to `stop` (then it stops reading): a cell
    holding more text than Excel allows shows up as one run of at least LONG_RUN bytes."""
    run = longest = 0
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            return max(longest, run)
        first = chunk.find(b"<")
        if first == -1:
            run += len(chunk)
        else:
            longest = max(longest, run + first)
            inner = re.search(rb"[^<]{%d}" % stop, chunk)
            if inner:
                return stop
            run = len(chunk) - chunk.rfind(b"<") - 1
        if max(longest, run) >= stop:
            return max(longest, run)


# ---- .xlsx ---------------------------------------------------------------------------------

_DIMENSION = re.compile(
    rb"<dimension\b[^>]*?\bref=\"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?\""
)


def xlsx_extent(zf: zipfile.ZipFile, part: str, max_rows: int, max_cells: int) -> Extent:
    """The extent of the worksheet `part`: its <dimension> when that fits the limits (a quick
    early answer for honest files; a sheet whose cells reach beyond a lying <dimension> is caught
    when read, see fedxl.reading.book), else a walk over every row and cell."""
    from fedxl.reading.parts import head_of

    # <dimension> follows <sheetPr>: in the first 2 KB of nearly every sheet
    m = _DIMENSION.search(head_of(zf, part, 2048)) or _DIMENSION.search(head_of(zf, part, 16384))
    if m is not None:
        last_col, last_row = (m.group(3), m.group(4)) if m.group(3) else (m.group(1), m.group(2))
        extent = Extent(int(last_row), col_number(last_col))
        if extent.fits(max_rows, max_cells):
            return extent
    with zf.open(part) as fh:
        return xlsx_walk(fh)


_TAG = re.compile(rb"<(/?)(?:\w+:)?(row|c|v|is|f|mergeCell)(?=[\s/>])([^>]*?)(/?)>")
_ROW_R = re.compile(rb"\br=[\"'](\d+)[\"']")
_CELL_R = re.compile(rb"\br=[\"']\$?([A-Za-z]+)\$?(\d+)[\"']")


def xlsx_walk(fh: IO[bytes]) -> Extent:
    """Every row and cell, with or without `r`: a row without one follows the row before it, a
    cell without one the cell before it in its row (as calamine places them)."""
    row = 0
    col = 0
    in_cell = False
    cell_row = cell_col = 0
    max_row = max_col = merges = 0
    far_row = far_col = ""
    for data in _chunks(fh):
        for m in _TAG.finditer(data):
            closing, name, attrs, empty = m.group(1), m.group(2), m.group(3), m.group(4)
            if name == b"row":
                if closing:
                    continue
                r = _ROW_R.search(attrs)
                row = int(r.group(1)) if r else row + 1
                col = 0
            elif name == b"c":
                if closing:
                    in_cell = False
                    continue
                ref = _CELL_R.search(attrs)
                if ref:
                    cell_col, cell_row = col_number(ref.group(1)), int(ref.group(2))
                else:
                    cell_col, cell_row = col + 1, max(row, 1)
                col = cell_col
                in_cell = not empty
            elif name == b"mergeCell":
                if not closing:
                    merges += 1
            elif in_cell and not closing:  # <v>, <is> or <f>: the cell holds something
                in_cell = False
                if cell_row > max_row:
                    max_row, far_row = cell_row, cell_name(cell_row, max(cell_col, 1))
                if cell_col > max_col:
                    max_col, far_col = cell_col, cell_name(cell_row, cell_col)
    return Extent(max_row, max_col, far_row, far_col, merges)


# ---- .ods ----------------------------------------------------------------------------------

_ODS_TAG = re.compile(
    rb"<(/?)(?:\w+:)?(table-row|table-cell|covered-table-cell|table|p)(?=[\s/>])([^>]*?)(/?)>"
)
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_COLS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')
_VALUE_TYPE = re.compile(rb"value-type=")
_TABLE_NAME = re.compile(rb'\bname="([^"]*)"')
_SPANNED = re.compile(rb'number-(?:rows|columns)-spanned="')


def ods_extents(fh: IO[bytes]) -> dict[str, Extent]:
    """Each table's extent in an .ods content.xml, repeated rows and cells counted as what they
    become: a repeated row or cell adds to the extent only when it holds a value."""
    out: dict[str, Extent] = {}
    name = ""
    row = col = 0
    row_repeat = 1
    cell_col = cell_repeat = 0
    in_cell = False
    cell_valued = False
    max_row = max_col = merges = 0
    row_max_col = 0

    def end_cell() -> None:
        nonlocal row_max_col, in_cell
        if in_cell and cell_valued:
            row_max_col = max(row_max_col, cell_col + cell_repeat - 1)
        in_cell = False

    for data in _chunks(fh):
        for m in _ODS_TAG.finditer(data):
            closing, tag, attrs, empty = m.group(1), m.group(2), m.group(3), m.group(4)
            if tag == b"table":
                if closing:
                    out[name] = Extent(
                        max_row,
                        max_col,
                        cell_name(max_row, 1) if max_row else "",
                        cell_name(1, max_col) if max_col else "",
                        merges,
                    )
                    continue
                found = _TABLE_NAME.search(attrs)
                name = found.group(1).decode("utf-8", "replace") if found else f"#{len(out) + 1}"
                row = max_row = max_col = merges = 0
            elif tag == b"table-row":
                if closing:
                    end_cell()
                    if row_max_col:
                        max_row = row + row_repeat - 1
                        max_col = max(max_col, row_max_col)
                    row += row_repeat - 1
                    continue
                found = _ROWS_REPEATED.search(attrs)
                row_repeat = int(found.group(1)) if found else 1
                row += 1
                col = row_max_col = 0
                if empty:
                    row += row_repeat - 1
            elif tag in (b"table-cell", b"covered-table-cell"):
                if closing:
                    end_cell()
                    continue
                end_cell()
                found = _COLS_REPEATED.search(attrs)
                cell_repeat = int(found.group(1)) if found else 1
                cell_col = col + 1
                col += cell_repeat
                if _SPANNED.search(attrs):
                    merges += 1
                cell_valued = bool(_VALUE_TYPE.search(attrs))
                in_cell = not empty
                if empty and cell_valued:
                    row_max_col = max(row_max_col, cell_col + cell_repeat - 1)
            elif tag == b"p" and in_cell and not closing:
                cell_valued = True
    return out
