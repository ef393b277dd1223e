"""A summary's long sheets: their rows after the first, written as sheet XML once XlsxWriter has
closed the workbook (fedxl.xlsx.rows), read back exactly as XlsxWriter's own typed writes of the
same values: the same cell XML, the same values, types and formats in openpyxl and calamine."""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from fedxl.reading.ooxml import col_letters
from fedxl.xlsx.rows import LongSheet, add_rows, all_plain, plain

ODD_TEXT = [
    "兴隆镇",
    "",
    " 前后有空格 ",
    "\u3000全角空格开头",
    "结尾换行\n",
    '=HYPERLINK("http://x")',
    "+1-2",
    "@SUM(A1)",
    'a & b < c > d " e',
    "控制\x01字符\x1f",
    "tab\tand\r\nlines",
    "_x0041_ 字面的转义",
    "_x005F_x0041_",
    "非字符\ufffe\uffff",
    "emoji 🎉 扩展区𠀀",
    "x" * 16_383,
]
NUMBERS = [0, 1, -7, 3.5, 1e-9, 2**53 + 1, 10**20, 0.1 + 0.2, -0.0, 123456789.123456789]
DAYS: list[Any] = [
    dt.date(1900, 1, 1),
    dt.date(1900, 2, 28),
    dt.date(1900, 3, 1),
    dt.date(1950, 10, 1),
    dt.date(2026, 6, 30),
    dt.date(9999, 12, 31),
    dt.datetime(2026, 7, 2, 9, 30, 15),
    dt.datetime(2026, 7, 2, 23, 59, 59, 999_999),
    dt.datetime(1900, 1, 1, 12),
]


def _rows() -> list[list[Any]]:
    """Rows of mixed columns (a value of every kind in every column somewhere), some short."""
    values = [*ODD_TEXT, *NUMBERS, *DAYS, None]
    rows = []
    for i in range(len(values) + 3):
        rows.append([values[(i + c) % len(values)] for c in range(6)] + [f"文件{i}.xlsx", i + 4])
    rows.append([None] * 8)  # a row of nothing but the columns' formats
    return rows


def _write(path: Path, rows: list[list[Any]], *, fast: bool) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    ws = wb.add_worksheet("活动台账")
    wb.add_worksheet("其他")
    fmts = [
        wb.add_format({"border": 1, "num_format": num})
        for num in ["@", 'yyyy"年"m"月"d"日"', "#,##0.00", "General", "0", "@", "@", "0"]
    ]
    ws.write_string(0, 0, "标题")
    for c in range(8):
        ws.write_string(2, c, f"列{c}", fmts[c])
    writes = {
        str: ws.write_string,
        int: ws.write_number,
        float: ws.write_number,
        dt.date: ws.write_datetime,
        dt.datetime: ws.write_datetime,
    }
    for r, values in enumerate(rows[:1] if fast else rows, start=3):
        for c, value in enumerate(values):
            if value is None:
                ws.write_blank(r, c, None, fmts[c])
            else:
                writes[value.__class__](r, c, value, fmts[c])
    ws.autofilter(2, 0, len(rows) + 2, 7)
    wb.close()
    if fast:
        add_rows(path, [LongSheet("活动台账", 5, rows[1:])])


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name).decode("utf-8")


def test_the_rows_read_back_as_xlsxwriter_writes_them(tmp_path: Path) -> None:
    rows = _rows()
    assert all_plain(rows)
    slow, fast = tmp_path / "slow.xlsx", tmp_path / "fast.xlsx"
    _write(slow, rows, fast=False)
    _write(fast, rows, fast=True)
    # the same sheet XML, row by row and cell by cell, and the same used range
    a, b = _part(slow, "xl/worksheets/sheet1.xml"), _part(fast, "xl/worksheets/sheet1.xml")
    data = re.compile(r"<sheetData>.*</sheetData>", re.S)
    assert data.search(a).group(0) == data.search(b).group(0)  # type: ignore[union-attr]
    assert re.search(r'<dimension ref="A1:H\d+"/>', b)
    assert re.search(r"<dimension[^>]*>", a).group(0) == re.search(r"<dimension[^>]*>", b).group(0)  # type: ignore[union-attr]
    # every other part as XlsxWriter made it
    with zipfile.ZipFile(slow) as za, zipfile.ZipFile(fast) as zb:
        assert za.namelist() == zb.namelist()
        for name in za.namelist():
            if name not in ("xl/worksheets/sheet1.xml", "docProps/core.xml"):
                assert za.read(name) == zb.read(name), name
    # and read back: values, types and formats the same in openpyxl
    with warnings.catch_warnings():  # 2**53 in a date column: an error cell, both sides alike
        warnings.simplefilter("ignore", UserWarning)
        wa = openpyxl.load_workbook(slow)["活动台账"]
        wb = openpyxl.load_workbook(fast)["活动台账"]
    assert wa.max_row == wb.max_row == len(rows) + 3
    for ra, rb in zip(wa.iter_rows(), wb.iter_rows(), strict=True):
        for ca, cb in zip(ra, rb, strict=True):
            assert (ca.value, ca.data_type, ca.number_format, ca.border.left.style) == (
                cb.value,
                cb.data_type,
                cb.number_format,
                cb.border.left.style,
            ), ca.coordinate
    text = {c.value for row in wb.iter_rows(min_row=5) for c in row if c.data_type == "s"}
    assert {
        " 前后有空格 ",
        "\u3000全角空格开头",
        'a & b < c > d " e',
        '=HYPERLINK("http://x")',
    } <= text


def test_calamine_reads_the_same(tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    rows = _rows()
    slow, fast = tmp_path / "slow.xlsx", tmp_path / "fast.xlsx"
    _write(slow, rows, fast=False)
    _write(fast, rows, fast=True)
    read = [
        CalamineWorkbook.from_path(str(p)).get_sheet_by_name("活动台账").to_python()
        for p in (slow, fast)
    ]
    assert read[0] == read[1]
    text = {v for row in read[1][4:] for v in row if isinstance(v, str)}
    assert {"控制\x01字符\x1f", "_x0041_ 字面的转义", "结尾换行\n", "emoji 🎉 扩展区𠀀"} <= text
    assert (
        read[1][3][:2] == [rows[0][0], rows[0][1]] and len(read[1]) == len(rows) + 2
    )  # the last row: blanks


def test_text_that_looks_like_markup_stays_text(tmp_path: Path) -> None:
    """XlsxWriter writes text of the form <r>…</r> into the XML as it is (its rich-text form):
    text from a town is never markup here."""
    rows = [["兴隆镇", "首行"], ["<r>&</r>", "<r><t>x</t></r>"], ["</sheetData>", "]]>"]]
    path = tmp_path / "book.xlsx"
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("表")
    for c, value in enumerate(rows[0]):
        ws.write_string(3, c, value)
    wb.close()
    add_rows(path, [LongSheet("表", 5, rows[1:])])
    sheet = openpyxl.load_workbook(path)["表"]
    assert [[c.value for c in r] for r in sheet.iter_rows(min_row=4)] == rows


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        pytest.param("x" * 16_383, True, id="text-at-the-limit"),
        pytest.param("x" * 16_384, False, id="text-past-it"),
        pytest.param(float("nan"), False, id="nan"),
        pytest.param(float("inf"), False, id="inf"),
        pytest.param(True, False, id="bool"),
        pytest.param(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), False, id="aware"),
        pytest.param(dt.time(9, 0), False, id="time"),
        pytest.param([1], False, id="list"),
        pytest.param(None, True, id="none"),
        pytest.param(dt.date(2026, 1, 1), True, id="date"),
        pytest.param(-3, True, id="int"),
    ],
)
def test_only_plain_values_take_this_way(value: Any, ok: bool) -> None:
    assert plain(value) is ok
    assert all_plain([["a", 1], ["b", value]]) is ok


def test_column_letters() -> None:
    assert [col_letters(i) for i in (0, 25, 26, 27, 51, 52, 701, 702, 16383)] == [
        "A", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"
    ]  # fmt: skip
