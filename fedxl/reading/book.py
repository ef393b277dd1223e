"""Read a workbook's values with python-calamine, plus merges, formulas and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fedxl.reading.sniff import ReadFailure, sniff
from fedxl.workspace.limits import Limits
from fedxl.xlsx.meta import META_SHEET, metadata_from_rows

Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (0-based, inclusive)


@dataclass
class RawSheet:
    name: str
    visible: bool
    rows: list[list[Any]]  # from A1; "" for empty cells
    merged: list[Merge] = field(default_factory=list)
    no_value_formulas: dict[tuple[int, int], str] = field(default_factory=dict)

    def cell(self, r: int, c: int) -> Any:
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return ""

    @property
    def is_empty(self) -> bool:
        return not any(v not in ("", None) for row in self.rows for v in row)


@dataclass
class RawBook:
    path: Path
    kind: str  # xlsx | xls | ods
    sheets: list[RawSheet]
    metadata: dict[str, str]

    def load_formulas(self, sheets: list[RawSheet]) -> None:
        """Find formula cells without a cached value in `sheets` (.xlsx only; others keep none)."""
        if self.kind != "xlsx" or not sheets:
            return
        from fedxl.reading.ooxml import formulas_without_values

        found = formulas_without_values(self.path, {s.name for s in sheets})
        for raw_sheet in sheets:
            raw_sheet.no_value_formulas = found.get(raw_sheet.name, {})

    def sheet(self, name: str) -> RawSheet | None:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        return None


def _calamine_error(exc: Exception) -> ReadFailure:
    import python_calamine as pc

    text = str(exc)
    if isinstance(exc, pc.PasswordError) or "password" in text.lower() or "encrypt" in text.lower():
        return ReadFailure("file-encrypted")
    return ReadFailure("file-unreadable", "read.damaged", detail=text[:120])


def _check_extents(path: Path, limits: Limits, heads: dict[str, bytes]) -> None:
    """Refuse a sheet whose values reach beyond the limits before calamine allocates its range."""
    import zipfile

    from fedxl.reading.ooxml import sheet_extents

    try:
        extents = sheet_extents(path, limits.max_rows, limits.max_cells, heads)
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # calamine reports the damage in its own words
    total = 0
    for name, extent in extents.items():
        total += extent.rows * extent.cols
        if not extent.fits(limits.max_rows, limits.max_cells) or total > limits.max_cells:
            far = extent.far(limits.max_rows)
            raise ReadFailure("file-too-large", "read.extent_far" if far else "read.extent", sheet=name,
                              rows=extent.rows, cols=extent.cols, cell=far)


def read_book(path: Path, limits: Limits | None = None) -> RawBook:
    """All sheets' values of `path`; ReadFailure (with a finding code) when it cannot be read."""
    import python_calamine as pc

    limits = limits or Limits()
    sniffed = sniff(path, limits)
    kind = sniffed.kind
    if kind == "xlsx":
        _check_extents(path, limits, sniffed.heads)
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
        metas = [m for m in wb.sheets_metadata if m.typ == pc.SheetTypeEnum.WorkSheet]
        sheets: list[RawSheet] = []
        cells = 0
        for meta in metas:
            sheet = wb.get_sheet_by_name(meta.name)
            if sheet.total_height > limits.max_rows:
                raise ReadFailure("file-too-large", "read.rows", sheet=meta.name, rows=sheet.total_height,
                                  limit=limits.max_rows)
            cells += sheet.total_height * sheet.total_width
            if cells > limits.max_cells:
                raise ReadFailure("file-too-large", "read.cells", limit=limits.max_cells)
            rows = sheet.to_python(skip_empty_area=False)
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            sheets.append(RawSheet(meta.name, meta.visible == pc.SheetVisibleEnum.Visible, rows, merged))
    except (pc.CalamineError, ValueError) as exc:  # what calamine says of a file: damaged, encrypted, bad XML
        # (a bug of fedxl or of an old calamine, e.g. a missing attribute, is not blamed on the town)
        raise _calamine_error(exc) from None
    metadata: dict[str, str] = {}
    if kind == "xlsx":
        from fedxl.reading.ooxml import custom_metadata

        metadata.update(custom_metadata(path))
    meta_sheet = next((s for s in sheets if s.name == META_SHEET), None)
    if meta_sheet is not None:
        for key, value in metadata_from_rows(meta_sheet.rows).items():
            metadata.setdefault(key, value)
    return RawBook(path, kind, sheets, metadata)
