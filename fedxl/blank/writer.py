"""Write a blank ledger workbook for one town and month with openpyxl."""

from __future__ import annotations

import datetime as dt
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fedxl.blank.validation import ValidationSpec, column_validation, needs_list_sheet
from fedxl.form import Column, Form, Sheet
from fedxl.form.describe import instruction_rows
from fedxl.i18n import t
from fedxl.xlsx.meta import LISTS_SHEET, write_metadata
from fedxl.xlsx.safe import put
from fedxl.xlsx.style import (
    BODY_FONT,
    HEADER_FILL,
    HEADING_FONT,
    NOTE_COLOR,
    REQUIRED_MARK,
    SECTION_FILL,
    a4_landscape,
    text_width,
    thin_border,
    wrapped_height,
)

# Formatted, pre-numbered rows of a table sheet: its carried rows and SPARE_ROWS empty ones, at
# least MIN_ROWS. A printout holds these and no more (200 pre-numbered rows made a blank ledger of
# 146 pages); a row typed below them gets its borders from a conditional format, which neither
# Excel, WPS nor LibreOffice prints while the row is empty.
SPARE_ROWS, MIN_ROWS = 10, 20
VALIDATION_ROWS = 2000  # rows covered by data validation (room to grow past the formatted ones)
TITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3
INFO_FIRST_ROW = 3  # 基本信息: first label row (row 2 is the 项目 / 填写内容 header)
TO_FILL = "FFF2CC"  # a carried row's required cell left empty: a column new in this year's form
NUMBER_FORMATS = {
    "date": "yyyy-mm-dd",
    "money": "#,##0.00",
    "int": "0",
    "number": "General",
    "phone": "@",
    "uscc": "@",
    "month": "@",
}


@dataclass(frozen=True)
class LedgerInfo:
    """Who and when a blank ledger is for."""

    district: str
    federation: str
    town: str
    year: int
    month: int
    deadline_day: int
    # values written into the ledger: 基本信息 labels and rows of table sheets (roll-forward, demo)
    info_values: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def month_text(self) -> str:
        return f"{self.year}-{self.month:02d}"


def _header_text(col: Column) -> Any:
    """Header cell value: the column name, with a red * in front of required columns."""
    if not col.required:
        return col.name
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    return CellRichText(
        TextBlock(InlineFont(rFont=BODY_FONT, b=True, color=REQUIRED_MARK), "*"),
        TextBlock(InlineFont(rFont=BODY_FONT, b=True), col.name),
    )


class _Book:
    """An openpyxl workbook being filled, with shared styles and the list sheet."""

    def __init__(self, form: Form, info: LedgerInfo) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        self.form, self.info = form, info
        self.wb = Workbook()
        self.border = thin_border()
        self.title_font = Font(name=HEADING_FONT, size=16)
        self.header_font = Font(name=BODY_FONT, size=11, bold=True)
        self.body_font = Font(name=BODY_FONT, size=11)
        self.note_font = Font(name=BODY_FONT, size=10, color=NOTE_COLOR)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.section_fill = PatternFill("solid", fgColor=SECTION_FILL)
        self.to_fill = PatternFill("solid", fgColor=TO_FILL)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.lists: Any = None
        self.list_count = 0

    def title(self, ws: Any, text: str, ncols: int) -> None:
        ws.cell(TITLE_ROW, 1, text).font = self.title_font
        ws.cell(TITLE_ROW, 1).alignment = self.center
        if ncols > 1:
            ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=ncols)
        ws.row_dimensions[TITLE_ROW].height = 32

    def header_cell(self, ws: Any, row: int, col: int, value: Any) -> None:
        cell = ws.cell(row, col, value)
        cell.font, cell.fill, cell.border, cell.alignment = (
            self.header_font,
            self.header_fill,
            self.border,
            self.center,
        )

    def validation(self, ws: Any, spec: ValidationSpec, ref: str) -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        if spec.kind == "list":
            if needs_list_sheet(spec):
                formula = self._list_range(spec.values)
            else:
                formula = '"' + ",".join(spec.values) + '"'
            dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        else:
            dv = DataValidation(
                type=spec.kind,
                operator=spec.operator,
                formula1=spec.formula1,
                formula2=spec.formula2,
                allow_blank=True,
            )
        dv.promptTitle, dv.prompt = t("blank.col.allowed")[:32], spec.prompt[:255]
        dv.errorTitle, dv.error = t("blank.error_title")[:32], spec.error[:255]
        dv.showInputMessage = dv.showErrorMessage = True
        dv.errorStyle = "stop"
        dv.add(ref)
        ws.add_data_validation(dv)

    def _list_range(self, values: tuple[str, ...]) -> str:
        from openpyxl.utils import get_column_letter

        if self.lists is None:
            self.lists = self.wb.create_sheet(LISTS_SHEET)
            self.lists.sheet_state = "hidden"
        self.list_count += 1
        letter = get_column_letter(self.list_count)
        for i, value in enumerate(values, start=1):
            self.lists.cell(i, self.list_count, value)
        return f"{LISTS_SHEET}!${letter}$1:${letter}${len(values)}"


def _instructions(book: _Book) -> None:
    form, info = book.form, book.info
    ws = book.wb.active
    ws.title = t("blank.instructions")
    headers = ["sheet", "column", "meaning", "type", "required", "allowed", "rules"]
    widths = [13, 17, 36, 17, 8, 40, 40]  # 妇委会名录 and 统一社会信用代码 on one line
    book.title(ws, t("blank.heading", title=form.title), len(headers))
    intro = [
        t("blank.intro", year=info.year, deadline=info.deadline_day, federation=info.federation),
        t("blank.intro2"),
    ]
    missing = sorted({f"{sheet}“{col}”" for sheet, col in _to_fill(form, info)})
    if missing:
        intro.append(t("blank.to_fill", columns="、".join(missing)))
    row = 2
    for text in intro:
        ws.cell(row, 1, text).alignment = book.left
        ws.cell(row, 1).font = book.body_font
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
        ws.row_dimensions[row].height = wrapped_height([(text, sum(widths))])
        row += 1
    row += 1
    header_row = row
    for c, (key, width) in enumerate(zip(headers, widths, strict=True), start=1):
        book.header_cell(ws, row, c, t(f"blank.col.{key}"))
        ws.column_dimensions[chr(64 + c)].width = width
    for sheet in form.sheets:
        row += 1
        cell = ws.cell(
            row, 1, t("blank.sheet_desc", sheet=sheet.name, description=sheet.description)
        )
        cell.font, cell.fill, cell.alignment = book.header_font, book.section_fill, book.left
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(headers))
        ws.row_dimensions[row].height = wrapped_height([(cell.value, sum(widths))])
        for item in instruction_rows(form, sheet, info.town):
            row += 1
            values = [
                item.sheet,
                item.column,
                item.meaning,
                item.type,
                item.required,
                item.allowed,
                item.rules,
            ]
            for c, value in enumerate(values, start=1):
                cell = ws.cell(row, c, value)
                cell.font, cell.border, cell.alignment = book.body_font, book.border, book.left
            ws.row_dimensions[row].height = wrapped_height(list(zip(values, widths, strict=True)))
    row += 2
    ws.cell(row, 1, f"{form.title} · {form.id} · v{form.version}").font = book.note_font
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    a4_landscape(ws, f"{header_row}:{header_row}", t("blank.footer"), pages=1)


def _info_sheet(book: _Book, sheet: Sheet) -> None:
    info = book.info
    ws = book.wb.create_sheet(sheet.name)
    book.title(ws, f"{book.form.title}（{info.year}年）", 3)
    book.header_cell(ws, 2, 1, t("blank.info.item"))
    book.header_cell(ws, 2, 2, t("blank.info.value"))
    book.header_cell(ws, 2, 3, t("blank.info.note"))
    prefill = {
        **{c.name: info.town for c in sheet.columns if c.lookup == "town"},
        **{c.name: info.month_text for c in sheet.columns if c.role == "period"},
        **info.info_values,
    }
    for i, col in enumerate(sheet.columns):
        row = INFO_FIRST_ROW + i
        label = ws.cell(row, 1, _header_text(col))
        label.font, label.border, label.alignment = book.header_font, book.border, book.left
        value = put(ws.cell(row, 2), prefill.get(col.name))
        value.font, value.border, value.alignment = book.body_font, book.border, book.left
        value.number_format = NUMBER_FORMATS.get(col.type, "General")
        note = ws.cell(row, 3, col.note_for(info.town))
        note.font, note.border, note.alignment = book.note_font, book.border, book.left
        ws.row_dimensions[row].height = 24
        spec = column_validation(col, info.year)
        if spec:
            book.validation(ws, spec, f"B{row}")
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 40
    a4_landscape(ws, None, t("blank.footer"), pages=1)


def _table_sheet(book: _Book, sheet: Sheet) -> None:
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.utils import get_column_letter

    info = book.info
    ws = book.wb.create_sheet(sheet.name)
    ncols = len(sheet.columns)
    book.title(ws, t("template.title", town=info.town, sheet=sheet.name, year=info.year), ncols)
    rows = info.rows.get(sheet.name, [])
    last = FIRST_DATA_ROW + max(len(rows) + SPARE_ROWS, MIN_ROWS) - 1
    for c, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(c)
        book.header_cell(ws, HEADER_ROW, c, _header_text(col))
        dim = ws.column_dimensions[letter]
        dim.width = col.width or max(8.0, text_width(col.name) + 3)
        # a cell typed below the formatted rows takes the column's font and number format
        dim.font, dim.number_format = copy(book.body_font), NUMBER_FORMATS.get(col.type, "General")
        proto = ws.cell(FIRST_DATA_ROW, c, 1 if col.ignore else None)
        proto.border, proto.font = book.border, book.body_font
        proto.number_format = dim.number_format
        if col.ignore:
            proto.alignment = book.center
        for r in range(FIRST_DATA_ROW + 1, last + 1):
            # copying the style array is ~50x faster than assigning style objects per cell
            ws.cell(r, c, (r - FIRST_DATA_ROW + 1) if col.ignore else None)._style = copy(
                proto._style
            )
        spec = column_validation(col, info.year)
        if spec:
            book.validation(
                ws, spec, f"{letter}{FIRST_DATA_ROW}:{letter}{FIRST_DATA_ROW + VALIDATION_ROWS - 1}"
            )
    end = get_column_letter(ncols)
    ws.conditional_formatting.add(
        f"A{last + 1}:{end}{FIRST_DATA_ROW + VALIDATION_ROWS - 1}",
        FormulaRule(formula=[f"COUNTA($A{last + 1}:${end}{last + 1})>0"], border=book.border),
    )
    ws.row_dimensions[HEADER_ROW].height = 36
    for r in range(FIRST_DATA_ROW, last + 1):
        ws.row_dimensions[r].height = 20
    for i, values in enumerate(rows):
        r = FIRST_DATA_ROW + i
        for c, col in enumerate(sheet.columns, start=1):
            cell = ws.cell(r, c)
            if col.ignore:
                cell.value = i + 1
            elif values.get(col.name) is not None:
                put(cell, values[col.name])
            elif col.required:
                cell.fill = book.to_fill
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 1)
    a4_landscape(ws, f"{HEADER_ROW}:{HEADER_ROW}", t("blank.footer"), pages=1)


def _to_fill(form: Form, info: LedgerInfo) -> list[tuple[str, str]]:
    """(sheet, column) of required columns left empty in carried rows: a column the new year's
    form added, which the clerk fills in for the organisations carried over."""
    out = []
    for sheet in form.tables:
        rows = info.rows.get(sheet.name, [])
        for col in sheet.columns:
            if col.required and not col.ignore and any(row.get(col.name) is None for row in rows):
                out.append((sheet.name, col.name))
    return out


def write_blank_ledger(form: Form, info: LedgerInfo, target: Path) -> None:
    """Write the blank ledger for `info.town` and `info.month` to `target` (not atomic)."""
    book = _Book(form, info)
    _instructions(book)
    for sheet in form.sheets:
        if sheet.kind == "form":
            _info_sheet(book, sheet)
        else:
            _table_sheet(book, sheet)
    props = book.wb.properties
    props.title = f"{info.town}{form.title}"
    props.subject = info.month_text
    props.creator = info.federation
    write_metadata(
        book.wb,
        {
            "form_id": form.id,
            "form_version": form.version,
            "town": info.town,
            "month": info.month_text,
            "generated": dt.datetime.now().isoformat(timespec="seconds"),
        },
    )
    book.wb.save(target)
