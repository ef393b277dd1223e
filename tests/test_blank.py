"""Blank ledgers: one per town, the form's sheets and columns, validations, metadata, round trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from fedxl.form import load_form
from fedxl.reading.ooxml import custom_metadata
from tests.helpers import calamine_rows, header, list_values, validation_for
from tests.test_form import SPEC_SHEETS


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with blank ledgers for every town, made once for this module."""
    from fedxl.cli import main

    root = tmp_path_factory.mktemp("blank") / "ws"
    for args in (
        ["init", str(root), "--year", "2026"],
        ["--workspace", str(root), "template", "--all", "--month", "2026-06"],
    ):
        try:
            main(args)
        except SystemExit as exc:
            assert exc.code in (0, None)
    return root


def _ledger(root: Path, town: str = "头道桥街道") -> Path:
    return root / "workbooks" / "blank" / f"{town}_2026-06_基础台账.xlsx"


def test_one_workbook_per_town(ledgers: Path) -> None:
    names = sorted(p.name for p in (ledgers / "workbooks" / "blank").iterdir())
    assert len(names) == 10
    assert "兴隆镇_2026-06_基础台账.xlsx" in names
    assert not [n for n in names if n.startswith(".~")]


def test_sheets_and_columns_in_form_order(ledgers: Path) -> None:
    wb = openpyxl.load_workbook(_ledger(ledgers))
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == ["填报说明", *SPEC_SHEETS]
    assert wb["_meta"].sheet_state == "veryHidden"
    for name, columns in SPEC_SHEETS.items():
        ws = wb[name]
        if name == "基本信息":
            assert [str(ws.cell(r, 1).value).lstrip("*") for r in range(3, 9)] == columns
        else:
            assert header(ws) == columns
            assert ws.freeze_panes == "A3"
            assert ws.print_title_rows == "$2:$2"
            assert ws.page_setup.orientation == "landscape"
            assert ws.page_setup.paperSize in (9, "9")


def test_info_sheet_prefilled(ledgers: Path) -> None:
    wb = openpyxl.load_workbook(_ledger(ledgers, "兴隆镇"))
    ws = wb["基本信息"]
    assert ws["B3"].value == "兴隆镇"
    assert ws["B4"].value == "2026-06"
    assert ws["B6"].number_format == "@"  # 联系电话
    assert ws["B7"].number_format == "yyyy-mm-dd"  # 填报日期
    month_dv = validation_for(ws, "B4")
    assert list_values(wb, month_dv) == [f"2026-{m:02d}" for m in range(1, 13)]


def test_validations_and_formats(ledgers: Path) -> None:
    wb = openpyxl.load_workbook(_ledger(ledgers))
    form = load_form(ledgers / "templates" / "form.toml")
    for sheet in form.tables:
        ws = wb[sheet.name]
        for idx, col in enumerate(sheet.columns, start=1):
            letter = openpyxl.utils.get_column_letter(idx)
            cell = f"{letter}3"
            dv = validation_for(ws, cell)
            if col.choices:
                assert dv is not None and dv.type == "list", (sheet.name, col.name)
                assert list_values(wb, dv) == list(col.choices)
                assert dv.showErrorMessage and dv.prompt
            if col.type in ("phone", "uscc"):
                assert ws[cell].number_format == "@", (sheet.name, col.name)
                # a row typed below the formatted ones takes the column's format: text
                assert ws.column_dimensions[letter].number_format == "@"
            if col.type == "date":
                assert ws[cell].number_format == "yyyy-mm-dd"
                assert dv.type == "date"
            if col.type == "int" and not col.ignore:
                assert dv.type == "whole"
            if col.type == "money":
                assert dv.type == "decimal"
    activity = wb["活动台账"]
    dv = validation_for(activity, "B3")  # 活动日期: inside the ledger year
    assert (int(dv.formula1), int(dv.formula2)) == (46023, 46387)  # 2026-01-01 .. 2026-12-31
    assert validation_for(wb["妇委会名录"], "I3").formula1 == "1"  # 执委人数 1..99
    assert validation_for(wb["妇委会名录"], "I3").formula2 == "99"
    assert validation_for(wb["妇委会名录"], "B3").type == "textLength"  # 组织名称 ≤ 50


def test_metadata_recorded(ledgers: Path) -> None:
    path = _ledger(ledgers, "永安镇")
    props = custom_metadata(path)
    assert props["town"] == "永安镇" and props["month"] == "2026-06"
    assert props["form_id"] == "xly-fulian-jctz" and props["form_version"] == "2026.1"
    meta = {row[0]: row[1] for row in calamine_rows(path, "_meta")}
    assert meta["town"] == "永安镇" and meta["form_id"] == props["form_id"]


def test_filled_template_round_trips(ledgers: Path, tmp_path: Path) -> None:
    """Fill a generated ledger through openpyxl; reading it back gives what was written."""
    wb = openpyxl.load_workbook(_ledger(ledgers))
    info = wb["基本信息"]
    info["B5"], info["B6"], info["B7"], info["B8"] = (
        "李丽",
        "13912345678",
        dt.date(2026, 7, 3),
        "王芳",
    )
    roster = wb["妇委会名录"]
    rows = [
        [
            1,
            "头道桥街道某某科技公司妇委会",
            "某某科技有限公司",
            "91210603MA0XXXXX0X",
            "非公有制企业",
            dt.date(2025, 4, 12),
            120,
            64,
            5,
            "张敏",
            "13800001111",
            "区妇联主席",
            "正常",
            "是",
            "是",
            "是",
            "是",
            None,
        ],
        [
            2,
            "阳光小区妇委会",
            "阳光小区",
            None,
            "小区",
            dt.date(2026, 3, 8),
            800,
            420,
            7,
            "刘红",
            "13900002222",
            "镇街妇联主席",
            None,
            "是",
            "否",
            "是",
            "否",
            "新建",
        ],
    ]
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=1):
            roster.cell(r, c, value)
    act = wb["活动台账"]
    for c, value in enumerate(
        [
            1,
            dt.date(2026, 5, 20),
            "阳光小区妇委会",
            "巾帼心向党宣讲",
            "宣讲",
            45,
            "社区活动室",
            None,
        ],
        start=1,
    ):
        act.cell(3, c, value)
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)

    got_info = {r[0].lstrip("*"): r[1] for r in calamine_rows(filled, "基本信息")[2:8]}
    assert got_info["填报单位"] == "头道桥街道" and got_info["联系电话"] == "13912345678"
    assert got_info["填报日期"] in (dt.date(2026, 7, 3), dt.datetime(2026, 7, 3))
    got = calamine_rows(filled, "妇委会名录")
    assert [h.lstrip("*") for h in got[1]] == SPEC_SHEETS["妇委会名录"]
    for expected, row in zip(rows, got[2:4], strict=True):
        normal = [v.date() if isinstance(v, dt.datetime) else v for v in row]
        normal = [int(v) if isinstance(v, float) and v.is_integer() else v for v in normal]
        assert normal == [("" if v is None else v) for v in expected]
    assert got[4][0] == 3 and all(v == "" for v in got[4][1:])  # pre-numbered blank row
    assert calamine_rows(filled, "活动台账")[2][3] == "巾帼心向党宣讲"


def test_a_blank_ledger_holds_a_few_rows_and_prints_one_page_across(ledgers: Path) -> None:
    """200 pre-numbered rows printed on 146 pages: a blank has MIN_ROWS numbered rows, every sheet
    prints one page across, and a row typed below them gets borders from a conditional format."""
    from fedxl.blank.writer import MIN_ROWS, VALIDATION_ROWS

    wb = openpyxl.load_workbook(_ledger(ledgers, "兴隆镇"))
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        if ws.title in ("填报说明", "基本信息"):
            continue
        assert ws.max_row == 2 + MIN_ROWS and ws.cell(2 + MIN_ROWS, 1).value == MIN_ROWS
        (rules,) = list(ws.conditional_formatting)
        assert str(rules.sqref).startswith(f"A{3 + MIN_ROWS}:") and str(rules.sqref).endswith(
            str(2 + VALIDATION_ROWS)
        )
        assert rules.rules[0].dxf.border.left.style == "thin"
    # an example names the ledger's own town, not the demo district's
    assert "如“兴隆镇”" in wb["基本信息"]["C3"].value
    assert any(
        "如“兴隆镇”" in str(c.value or "") for row in wb["填报说明"].iter_rows() for c in row
    )


def test_a_blank_ledger_prints_in_a_dozen_pages(ledgers: Path, tmp_path: Path) -> None:
    """LibreOffice's PDF of a blank ledger: at most 12 pages, each table sheet on one page with its
    title and its last column."""
    import shutil
    import subprocess

    from fedxl.reports import pdf

    if pdf.soffice() is None or not shutil.which("pdftotext"):
        pytest.skip(
            "needs LibreOffice and pdftotext (apt-get install libreoffice-calc-nogui poppler-utils)"
        )
    copy = tmp_path / "兴隆镇.xlsx"
    shutil.copy(_ledger(ledgers, "兴隆镇"), copy)
    outcome = pdf.to_pdf(copy)
    assert outcome.path is not None, outcome
    text = subprocess.run(
        ["pdftotext", str(outcome.path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) <= 12, len(pages)
    for sheet in list(SPEC_SHEETS)[1:]:
        (page,) = [p for p in pages if f"兴隆镇{sheet}（2026年）" in p]
        assert "备注" in page or "推荐结果" in page  # the last column is on the title's page


def test_editing_the_form_file_changes_the_template(workspace: Path, run) -> None:
    """Adding an enum value and a column is an edit of form.toml only."""
    form_file = workspace / "templates" / "form.toml"
    text = form_file.read_text(encoding="utf-8")
    text = text.replace('"网络平台", "其他"]', '"网络平台", "快递物流", "其他"]')
    text = text.replace(
        '  [[sheet.column]]\n  name = "活动地点"',
        '  [[sheet.column]]\n  name = "主讲人"\n  type = "person"\n\n  [[sheet.column]]\n  name = '
        '"活动地点"',
    )
    form_file.write_text(text, encoding="utf-8")
    result = run(
        "template", "--town", "兴隆镇", "--month", "2026-03", "--workspace", str(workspace)
    )
    assert result.exit_code == 0, result.stderr
    wb = openpyxl.load_workbook(workspace / "workbooks" / "blank" / "兴隆镇_2026-03_基础台账.xlsx")
    assert "快递物流" in list_values(wb, validation_for(wb["妇委会名录"], "E3"))
    assert header(wb["活动台账"])[6:8] == ["主讲人", "活动地点"]


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["template", "--town", "不存在镇", "--month", "2026-06"], 2, "不存在镇"),
        (["template", "--all", "--month", "2026-6月份x"], 2, "2026-6月份x"),
        (["template", "--all", "--month", "2026-13"], 2, "2026-13"),
        (["template", "--month", "2026-06"], 2, "--all"),
    ],
)
def test_template_usage_errors(
    workspace: Path, run, args: list[str], code: int, fragment: str
) -> None:
    result = run(*args, "--workspace", str(workspace))
    assert result.exit_code == code
    assert fragment in result.stderr
    assert not list((workspace / "workbooks" / "blank").iterdir())


def test_global_options_before_or_after_and_english(workspace: Path, run, monkeypatch) -> None:
    before = run(
        "--workspace",
        str(workspace),
        "--lang",
        "en",
        "template",
        "--town",
        "兴隆镇",
        "--month",
        "2026-06",
    )
    after = run(
        "template",
        "--town",
        "兴隆镇",
        "--month",
        "2026-06",
        "--workspace",
        str(workspace),
        "--lang",
        "en",
    )
    assert before.exit_code == after.exit_code == 0
    assert "blank ledger(s) written" in before.stdout
    assert before.stdout == after.stdout
    wb = openpyxl.load_workbook(workspace / "workbooks" / "blank" / "兴隆镇_2026-06_基础台账.xlsx")
    assert wb.worksheets[0].title == "Instructions"
    assert "SheetColumn" == "".join(header(wb.worksheets[0], 5)[:2])
    monkeypatch.setenv("FEDXL_LANG", "en")
    assert (
        "blank ledger(s) written"
        in run(
            "template", "--town", "兴隆镇", "--month", "2026-06", cwd=workspace / "workbooks"
        ).stdout
    )
    monkeypatch.delenv("FEDXL_LANG")
    assert (
        "已生成空白台账"
        in run("template", "-t", "兴隆镇", "--month", "2026-06", cwd=workspace).stdout
    )
    cfg = workspace / "fedxl.toml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace('lang = "zh"', 'lang = "en"'), encoding="utf-8"
    )
    assert (
        "blank ledger(s) written"
        in run("template", "-t", "兴隆镇", "-m", "2026-06", cwd=workspace).stdout
    )
    assert (
        "已生成空白台账"
        in run("--lang", "zh", "template", "-t", "兴隆镇", "-m", "2026-06", cwd=workspace).stdout
    )
