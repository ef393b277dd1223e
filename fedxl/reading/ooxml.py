"""Direct inspection of .xlsx parts that calamine does not expose: formulas without values, and
each sheet's real extent (checked before calamine builds a sheet: it allocates the whole used
range, so one value at XFD1048576 would ask for 512 GiB)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from fedxl.xlsx.meta import metadata_from_custom_xml

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]+)\"|"
                    rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"[^>]*?\bname=\"([^\"]*)\"")
_REL = re.compile(rb"<Relationship\b[^>]*?\bId=\"([^\"]+)\"[^>]*?\bTarget=\"([^\"]+)\"|"
                  rb"<Relationship\b[^>]*?\bTarget=\"([^\"]+)\"[^>]*?\bId=\"([^\"]+)\"")
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_VALUE = re.compile(rb"<v>([^<]+)</v>|<is>")
_HAS_FORMULA = re.compile(rb"<f[\s>/]")
_ENTITIES = {b"&amp;": b"&", b"&lt;": b"<", b"&gt;": b">", b"&quot;": b'"', b"&apos;": b"'"}


def _unescape(data: bytes) -> str:
    for k, v in _ENTITIES.items():
        data = data.replace(k, v)
    return data.decode("utf-8", "replace")


def col_index(letters: bytes | str) -> int:
    """0-based column index of column letters ('A' -> 0)."""
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name inside the zip."""
    try:
        book = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for m in _REL.finditer(rels):
        rid, target = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        targets[rid] = target.decode()
    parts = {}
    for m in _SHEET.finditer(book):
        name, rid = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(4), m.group(3))
        target = targets.get(rid)
        if target:
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            parts[_unescape(name)] = part
    return parts


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?\"")
_VALUED_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_HAS_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is|f)[\s>/]")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Extent:
    rows: int  # 1-based last row that holds a value (0: none)
    cols: int  # 1-based last column that holds a value
    far_row: str = ""  # the cells that set the extent, e.g. "A1048576" / "XFD3" (when scanned)
    far_col: str = ""

    def fits(self, max_rows: int, max_cells: int) -> bool:
        return self.rows <= max_rows and self.rows * self.cols <= max_cells

    def far(self, max_rows: int) -> str:
        """The cell to tell the town to clear."""
        return self.far_row if self.rows > max_rows or not self.far_col else self.far_col


def sheet_extents(path: Path, max_rows: int, max_cells: int, heads: dict[str, bytes] | None = None) -> dict[str, Extent]:
    """Each worksheet's extent, cheaply: the <dimension> near the top of its XML when that fits
    the limits; otherwise a streaming scan of the cells that hold a value (formatted empty cells
    far away, as Gnumeric writes them, do not count: calamine skips them too)."""
    out: dict[str, Extent] = {}
    with zipfile.ZipFile(path) as zf:
        for name, part in sheet_parts(zf).items():
            head = (heads or {}).get(part, b"")
            m = _DIMENSION.search(head)
            if m is None:
                try:
                    with zf.open(part) as fh:
                        head = fh.read(16384)
                except KeyError:
                    continue
                m = _DIMENSION.search(head)
            if m:
                last_col, last_row = (m.group(3), m.group(4)) if m.group(3) else (m.group(1), m.group(2))
                extent = Extent(int(last_row), col_index(last_col) + 1)
                if extent.fits(max_rows, max_cells):
                    out[name] = extent
                    continue
            out[name] = _scan_extent(zf, part)
    return out


def _scan_extent(zf: zipfile.ZipFile, part: str) -> Extent:
    """The last row and column of cells that hold a value, reading the XML in bounded chunks."""
    rows = cols = 0
    far_row = far_col = b""
    carry = b""
    with zf.open(part) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            data = carry + chunk
            end = 0
            for m in _VALUED_CELL.finditer(data):
                end = m.end()
                body = m.group(2)
                if not body or not _HAS_VALUE.search(body):
                    continue
                ref = _REF.search(m.group(1))
                if not ref:
                    continue
                r, c = int(ref.group(2)), col_index(ref.group(1)) + 1
                if r > rows:
                    rows, far_row = r, ref.group(1) + ref.group(2)
                if c > cols:
                    cols, far_col = c, ref.group(1) + ref.group(2)
            carry = data[end:][-_CHUNK:]  # an unfinished cell waits for the next chunk
            if not chunk:
                break
    return Extent(rows, cols, far_row.decode(), far_col.decode())


def formulas_without_values(path: Path, sheets: set[str]) -> dict[str, dict[tuple[int, int], str]]:
    """For each named sheet: {(row0, col0): formula} of formula cells with no cached value."""
    out: dict[str, dict[tuple[int, int], str]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            for name, part in sheet_parts(zf).items():
                if name not in sheets:
                    continue
                try:
                    xml = zf.read(part)
                except KeyError:
                    continue
                if not _HAS_FORMULA.search(xml):
                    continue
                found: dict[tuple[int, int], str] = {}
                for cell in _CELL.finditer(xml):
                    body = cell.group(2) or b""
                    f = _FORMULA.search(body)
                    if not f or _VALUE.search(body):
                        continue
                    ref = _REF.search(cell.group(1))
                    if ref:
                        found[(int(ref.group(2)) - 1, col_index(ref.group(1)))] = "=" + _unescape(f.group(1) or b"")
                if found:
                    out[name] = found
    except (zipfile.BadZipFile, OSError):
        return out
    return out


def custom_metadata(path: Path) -> dict[str, str]:
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("docProps/custom.xml")
            if info.file_size > 1_000_000:
                return {}
            return metadata_from_custom_xml(zf.read(info))
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
