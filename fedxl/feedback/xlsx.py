"""Apply a feedback plan with openpyxl: a marked copy of the town's own workbook."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from fedxl.feedback.plan import AUTHOR, FILL, FeedbackPlan, result_heads
from fedxl.form.values import without_controls
from fedxl.i18n import t
from fedxl.reading.locate import CHANGES_SHEET, RESULT_SHEET
from fedxl.xlsx.safe import put
from fedxl.xlsx.style import (
    BODY_FONT,
    HEADER_FILL,
    HEADING_FONT,
    a4_landscape,
    thin_border,
    wrapped_height,
)

RESULT_WIDTHS = (
    5,
    6,
    10,
    7,
    9,
    11,
    26,
    20,
    10,
    10,
)  # 114 = PAGE_WIDTH / MIN_SCALE: one A4 landscape page across


def _load_copy(source: Path, kind: str) -> Any:
    """An openpyxl workbook with the source's values (and styles, merges, validations for xlsx)."""
    import openpyxl

    if kind == "xlsx":
        import warnings

        # a file object, so a misleading file name (.xls, no extension) does not matter
        with open(source, "rb") as fh, warnings.catch_warnings():
            # "no default style", unknown extensions: noise for a clerk
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(
                io.BytesIO(fh.read()), rich_text=True, keep_vba=False, keep_links=False
            )
    from fedxl.reading.book import read_book

    book = read_book(source)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for raw in book.sheets:
        ws = wb.create_sheet(raw.name[:31])
        if not raw.visible:
            ws.sheet_state = "hidden"
        for r, row in enumerate(raw.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value not in ("", None):
                    put(ws.cell(r, c), value)
        for r0, c0, r1, c1 in raw.merged:
            if (r1, c1) != (r0, c0):
                ws.merge_cells(
                    start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1
                )
    return wb


def _defuse_live_formulas(wb: Any, source: Path) -> None:
    """A formula that reaches outside the workbook (DDE `=cmd|…`, HYPERLINK, WEBSERVICE, another
    file) becomes its cached value, as text: opening the feedback copy must run nothing and call
    nowhere. The town's ordinary formulas (SUM …) stay."""
    from fedxl.reading.ooxml import LIVE_FORMULA

    live = []
    for ws in wb.worksheets:
        for cell in list(ws._cells.values()):
            if cell.data_type != "f":
                continue
            text = (
                cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "") or ""
            )
            if LIVE_FORMULA.search(str(text)):
                live.append((ws.title, cell))
    if not live:
        return
    from fedxl.reading.book import read_book

    values = {raw.name: raw for raw in read_book(source).sheets}
    for title, cell in live:
        raw = values.get(title)
        value = raw.cell(cell.row - 1, cell.column - 1) if raw is not None else ""
        cell.hyperlink = None
        put(cell, None if value in ("", None) else value)


def _clear_old_marks(wb: Any) -> None:
    """A feedback file sent back again: drop our sheet, comments and fills from last time."""
    from openpyxl.styles import PatternFill

    for ours_sheet in (RESULT_SHEET, CHANGES_SHEET):
        if ours_sheet in wb.sheetnames:
            wb.remove(wb[ours_sheet])
    ours = (
        {f"00{c}" for c in FILL.values()} | {f"FF{c}" for c in FILL.values()} | set(FILL.values())
    )
    for ws in wb.worksheets:
        # only the cells the file holds: ws.iter_rows() would create every cell of the used range,
        # a million rows for one formatted cell at A1048576
        for cell in list(ws._cells.values()):
            if cell.comment is not None and cell.comment.author == AUTHOR:
                cell.comment = None
            if not cell.has_style:
                continue
            fill = cell.fill
            if fill is not None and fill.fill_type == "solid" and str(fill.fgColor.rgb) in ours:
                cell.fill = PatternFill(fill_type=None)


def _apply_marks(wb: Any, plan: FeedbackPlan) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    fills = {sev: PatternFill("solid", fgColor=color) for sev, color in FILL.items()}
    for mark in plan.marks:
        if mark.sheet not in wb.sheetnames:
            continue
        ws = wb[mark.sheet]
        try:
            cell = ws[mark.cell]
        except (ValueError, IndexError):
            continue
        if type(cell).__name__ == "MergedCell":
            continue
        cell.fill = fills[mark.severity]
        lines = mark.comment.count("\n") + 1 + len(mark.comment) // 24
        comment = Comment(without_controls(mark.comment), AUTHOR)
        comment.width, comment.height = 300, min(400, 20 * lines + 20)
        cell.comment = comment


def _result_sheet(wb: Any, plan: FeedbackPlan) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(RESULT_SHEET, 0)
    ncols = len(RESULT_WIDTHS)
    border = thin_border()
    wrap = Alignment(vertical="top", wrap_text=True)
    ws.cell(1, 1, plan.title).font = Font(name=HEADING_FONT, size=16)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    row = 2
    for line in plan.summary:
        put(ws.cell(row, 1), line).alignment = Alignment(wrap_text=True, vertical="center")
        ws.cell(row, 1).font = Font(name=BODY_FONT, size=11)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        ws.row_dimensions[row].height = wrapped_height([(line, sum(RESULT_WIDTHS))])
        row += 1
    row += 1
    header_row = row
    heads = result_heads()
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for c, (text, width) in enumerate(zip(heads, RESULT_WIDTHS, strict=True), start=1):
        cell = ws.cell(row, c, text)
        cell.font, cell.fill, cell.border = Font(name=BODY_FONT, bold=True), fill, border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = width
    link_font = Font(name=BODY_FONT, color="0563C1", underline="single")
    sev_fill = {t(f"severity.{k}"): PatternFill("solid", fgColor=v) for k, v in FILL.items()}
    for no, item in enumerate(plan.rows, start=1):
        row += 1
        values = item.values(no)
        for c, value in enumerate(values, start=1):
            cell = put(ws.cell(row, c), value)
            cell.border, cell.alignment, cell.font = border, wrap, Font(name=BODY_FONT)
        if item.severity in sev_fill:
            ws.cell(row, 2).fill = sev_fill[item.severity]
        if item.cell and item.target in wb.sheetnames:
            target = ws.cell(row, 4)
            quoted = item.target.replace("'", "''")
            target.hyperlink = f"#'{quoted}'!{item.cell}"
            target.font = link_font
        ws.row_dimensions[row].height = wrapped_height(
            [(str(v), w) for v, w in zip(values, RESULT_WIDTHS, strict=True)]
        )
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(ncols)}{max(row, header_row + 1)}"
    a4_landscape(ws, f"{header_row}:{header_row}", t("blank.footer"))
    for other in wb.worksheets:
        other.sheet_view.tabSelected = False
    ws.sheet_view.tabSelected = True
    wb.active = 0


def _changes_sheet(wb: Any, plan: FeedbackPlan) -> None:
    """与上月对比, after 校验结果: what the file changed, a line each (the first says against
    which ledger)."""
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(CHANGES_SHEET, 1)
    width = 110.0  # one A4 landscape page across
    ws.column_dimensions["A"].width = width
    ws.cell(1, 1, CHANGES_SHEET).font = Font(name=HEADING_FONT, size=16)
    ws.row_dimensions[1].height = 30
    for row, line in enumerate(plan.changes, start=2):
        cell = put(ws.cell(row, 1), line)
        cell.font = Font(name=BODY_FONT, size=11, bold=row == 2)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = wrapped_height([(line, width)])
    a4_landscape(ws, None, t("blank.footer"), pages=1)


def write_feedback(source: Path, kind: str, plan: FeedbackPlan, target: Path) -> None:
    """Write the marked copy of `source` to `target` (not atomic; see write_feedback_for)."""
    wb = _load_copy(source, kind)
    if kind == "xlsx":
        _defuse_live_formulas(wb, source)
    _clear_old_marks(wb)
    _apply_marks(wb, plan)
    _result_sheet(wb, plan)
    if plan.changes:
        _changes_sheet(wb, plan)
    _no_library_name(wb.properties)
    wb.save(target)
    if kind == "xlsx":
        from fedxl.xlsx.package import restore_dropped_parts

        restore_dropped_parts(source, target)  # e.g. WPS in-cell pictures (xl/cellimages.xml)


def _no_library_name(props: Any) -> None:
    """A town's file keeps its author; a program's name (openpyxl, python-docx…) is not one."""
    for key in ("creator", "lastModifiedBy", "description"):
        value = getattr(props, key, None)
        if isinstance(value, str) and any(
            name in value.lower() for name in ("openpyxl", "python-docx", "xlsxwriter")
        ):
            setattr(props, key, None)
