"""Read a workbook's values with python-calamine, plus merges, formulas and metadata."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fedxl.reading.extent import Extent
from fedxl.reading.sniff import ReadFailure, sniff
from fedxl.workspace.limits import Limits
from fedxl.xlsx.meta import META_SHEET, metadata_from_rows

MB = 1024 * 1024
Merge = tuple[int, int, int, int]  # first row, first col, last row, last col (0-based, inclusive)


@dataclass
class RawSheet:
    name: str
    visible: bool
    rows: list[list[Any]]  # from A1; "" for empty cells
    merged: list[Merge] = field(default_factory=list)
    no_value_formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    # DDE, links, other files
    live_formulas: dict[tuple[int, int], str] = field(default_factory=dict)

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
    # the file's zip, still open when the reader asked to keep it (read_book(keep_zip=True))
    zf: zipfile.ZipFile | None = field(default=None, repr=False, compare=False)

    def close(self) -> None:
        if self.zf is not None:
            self.zf.close()
            self.zf = None

    def load_formulas(self, sheets: list[RawSheet]) -> None:
        """Find formula cells without a cached value, and formulas that reach outside the
        workbook, in `sheets` (.xlsx only; others keep none). The zip is closed after."""
        try:
            self._load_formulas(sheets)
        finally:
            self.close()

    def _load_formulas(self, sheets: list[RawSheet]) -> None:
        if self.kind != "xlsx" or not sheets:
            return
        from fedxl.reading.ooxml import scan_formulas

        missing, live = scan_formulas(self.zf or self.path, {s.name for s in sheets})
        for raw_sheet in sheets:
            raw_sheet.no_value_formulas = missing.get(raw_sheet.name, {})
            raw_sheet.live_formulas = live.get(raw_sheet.name, {})

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


def _extents(
    path: Path | zipfile.ZipFile, kind: str, limits: Limits, *, walk: bool = False
) -> dict[str, Extent]:
    """Each sheet's extent from the XML (`walk`: every row and cell, whatever <dimension> says)."""
    from fedxl.reading.extent import TagTooLong, ods_extents, xlsx_extent, xlsx_walk
    from fedxl.reading.ooxml import sheet_parts
    from fedxl.reading.sniff import opened_zip

    try:
        with opened_zip(path) as zf:
            if kind == "ods":
                with zf.open("content.xml") as fh:
                    return ods_extents(fh)
            out = {}
            for name, part in sheet_parts(zf).items():
                if part not in zf.NameToInfo:
                    continue
                if walk:
                    with zf.open(part) as fh:
                        out[name] = xlsx_walk(fh)
                else:
                    out[name] = xlsx_extent(zf, part, limits.max_rows, limits.max_cells)
            return out
    except TagTooLong:
        raise ReadFailure("file-unreadable", "read.damaged", detail="XML") from None
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
        return {}  # calamine reports the damage in its own words


TEXT_SCAN_MB = 8  # below this much XML (every ledger) no cell can cost much, whatever it holds


def _refuse_much_text(path: Path | zipfile.ZipFile, limits: Limits) -> None:
    """The text of the sheets and the shared strings, against [limits] max_text_mb (read from the
    zip's directory); in a file with much text, no cell may hold more than Excel allows."""
    from fedxl.reading.extent import EXCEL_CELL_CHARS, LONG_RUN, longest_text
    from fedxl.reading.ooxml import sheet_parts
    from fedxl.reading.sniff import opened_zip

    try:
        with opened_zip(path) as zf:
            parts = [*sheet_parts(zf).values(), "xl/sharedStrings.xml"]
            infos = [zf.NameToInfo[p] for p in parts if p in zf.NameToInfo]
            total = sum(i.file_size for i in infos)
            if total > limits.max_text_mb * MB:
                raise ReadFailure(
                    "file-too-large",
                    "read.text",
                    mb=f"{total / MB:.0f}",
                    limit=f"{limits.max_text_mb:g}",
                )
            if total <= TEXT_SCAN_MB * MB:
                return
            for info in infos:
                with zf.open(info) as fh:
                    if longest_text(fh) >= LONG_RUN:
                        raise ReadFailure(
                            "file-too-large", "read.long_text", limit=EXCEL_CELL_CHARS
                        )
    except (zipfile.BadZipFile, OSError, EOFError):
        return  # calamine reports the damage in its own words


def _refuse_beyond(extents: dict[str, Extent], limits: Limits) -> None:
    total = merges = 0
    for name, extent in extents.items():
        total += extent.cells
        merges += extent.merges
        if not extent.fits(limits.max_rows, limits.max_cells) or total > limits.max_cells:
            far = extent.far(limits.max_rows)
            raise ReadFailure(
                "file-too-large",
                "read.extent_far" if far else "read.extent",
                sheet=name,
                rows=extent.rows,
                cols=extent.cols,
                cell=far,
            )
        if merges > limits.max_merges:
            raise ReadFailure(
                "file-too-large", "read.merges", sheet=name, count=merges, limit=limits.max_merges
            )


def beyond_limits(path: Path, limits: Limits) -> ReadFailure | None:
    """Why `path` is over the limits, found by walking every sheet's cells (never reading them
    into memory): for a file whose reading failed or came out larger than its XML first said."""
    try:
        kind = sniff(path, limits).kind
        if kind in ("xlsx", "ods"):
            _refuse_beyond(_extents(path, kind, limits, walk=True), limits)
    except ReadFailure as exc:
        return exc
    return None


def read_book(path: Path, limits: Limits | None = None, *, keep_zip: bool = False) -> RawBook:
    """All sheets' values of `path`; ReadFailure (with a finding code) when it cannot be read.
    `keep_zip`: the book keeps its zip open for `load_formulas`, which closes it (else
    `close()` does).

    Run it in a limited worker (fedxl.isolation): a file can still make calamine allocate more
    than its XML first said (a lying <dimension>)."""
    limits = limits or Limits()
    zf = _zip_of(path, limits)
    kept = False
    try:
        book = _read_book(path, limits, zf)
        if keep_zip and zf is not None:
            book.zf, kept = zf, True
        return book
    finally:
        if zf is not None and not kept:
            zf.close()


def _zip_of(path: Path, limits: Limits) -> zipfile.ZipFile | None:
    """The file's zip, opened once for every look into it; None for a file too large to open or
    not a zip (sniff then says why, before anything reads its directory)."""
    from fedxl.reading.sniff import MB, ZIP_MAGIC

    try:
        if path.stat().st_size > limits.max_file_mb * MB:
            return None
        with open(path, "rb") as fh:
            if not fh.read(4).startswith(ZIP_MAGIC[:4]):
                return None
        from fedxl.reading.parts import PartsZip

        return PartsZip(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _read_book(path: Path, limits: Limits, zf: zipfile.ZipFile | None) -> RawBook:
    import python_calamine as pc

    kind = sniff(path, limits, zf).kind
    if kind in ("xlsx", "ods"):
        _refuse_beyond(_extents(zf or path, kind, limits), limits)
    if kind == "xlsx":
        _refuse_much_text(zf or path, limits)
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
        metas = [m for m in wb.sheets_metadata if m.typ == pc.SheetTypeEnum.WorkSheet]
        sheets: list[RawSheet] = []
        cells = merges = 0
        for meta in metas:
            sheet = wb.get_sheet_by_name(meta.name)
            cells += sheet.total_height * sheet.total_width
            # more than the XML said
            if sheet.total_height > limits.max_rows or cells > limits.max_cells:
                raise beyond_limits(path, limits) or ReadFailure(
                    "file-too-large",
                    "read.rows" if sheet.total_height > limits.max_rows else "read.cells",
                    sheet=meta.name,
                    rows=sheet.total_height,
                    limit=limits.max_rows
                    if sheet.total_height > limits.max_rows
                    else limits.max_cells,
                )
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            merges += len(merged)
            if merges > limits.max_merges:
                raise ReadFailure(
                    "file-too-large",
                    "read.merges",
                    sheet=meta.name,
                    count=merges,
                    limit=limits.max_merges,
                )
            rows = sheet.to_python(skip_empty_area=False)
            sheets.append(
                RawSheet(meta.name, meta.visible == pc.SheetVisibleEnum.Visible, rows, merged)
            )
    except (
        pc.CalamineError,
        ValueError,
    ) as exc:  # what calamine says of a file: damaged, encrypted, bad XML
        # (a bug of fedxl or of an old calamine, e.g. a missing attribute, is not blamed on the
        # town)
        raise _calamine_error(exc) from None
    metadata: dict[str, str] = {}
    if kind == "xlsx":
        from fedxl.reading.ooxml import custom_metadata

        metadata.update(custom_metadata(zf or path))
    meta_sheet = next((s for s in sheets if s.name == META_SHEET), None)
    if meta_sheet is not None:
        for key, value in metadata_from_rows(meta_sheet.rows).items():
            metadata.setdefault(key, value)
    return RawBook(path, kind, sheets, metadata)
