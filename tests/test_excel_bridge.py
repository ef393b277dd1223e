"""The Excel bridge: the xlwings writer applies the same plan as the feedback file.

Runs the real xlwings Range/Sheet code through its remote engine (`xw.Book(json=...)` with a
mock caller); enabled when xlwings is installed and XLWINGS_LICENSE_KEY is set (.ci/run sets
`noncommercial`).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from fedxl.checking import CheckContext, check_file
from fedxl.feedback import plan_feedback
from fedxl.workspace import Workspace

xw = pytest.importorskip("xlwings")
pytestmark = pytest.mark.skipif(
    not os.environ.get("XLWINGS_LICENSE_KEY"),
    reason="xlwings' remote engine needs XLWINGS_LICENSE_KEY (e.g. noncommercial)",
)
SUB = Path(__file__).resolve().parent / "data" / "submissions"


def _payload(path: Path, extra_sheets: list[tuple[str, list[list[object]]]] = ()) -> dict:  # type: ignore[assignment]
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    sheets = []
    for name, rows in [
        *extra_sheets,
        *((n, wb.get_sheet_by_name(n).to_python(skip_empty_area=False)) for n in wb.sheet_names),
    ]:
        width = max((len(r) for r in rows), default=1)
        values = [
            [
                (v.isoformat() + "T00:00:00.000Z" if isinstance(v, dt.date) else v)
                if v != ""
                else None
                for v in r
            ]
            + [None] * (width - len(r))
            for r in rows
        ] or [[None]]
        sheets.append({"name": name, "values": values, "pictures": [], "tables": [], "notes": []})
    return {
        "client": "Office.js",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": sheets,
    }


def _book(path: Path, extra=()):  # type: ignore[no-untyped-def]
    book = xw.Book(json=_payload(path, list(extra)))
    book.set_mock_caller()
    return xw.Book.caller()


def test_excel_live_marks_match_the_feedback_plan(workspace: Path) -> None:
    from fedxl.excel import check_live

    ws = Workspace(workspace)
    path = SUB / "rules.xlsx"
    book = _book(path)
    message = check_live(book, path, ws)
    assert "未通过" in message
    actions = book.json()["actions"]
    plan = plan_feedback(check_file(path, CheckContext(ws.form, ws.config)))
    names = [s["name"] for s in _payload(path)["sheets"]]
    colours = {
        (a["sheet_position"], a["start_row"], a["start_column"], a["args"][0])
        for a in actions
        if a["func"] == "setRangeColor"
    }
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    assert len(plan.marks) >= 3  # rules.xlsx breaks several rules: there is something to mark
    for mark in plan.marks:
        letters, row = coordinate_from_string(mark.cell)
        want = (
            names.index(mark.sheet),
            row - 1,
            column_index_from_string(letters) - 1,
            "#" + mark.fill.lower(),
        )
        assert want in colours, mark
    notes = [a for a in actions if a["func"] == "addNote"]
    assert len(notes) == len(plan.marks) and all(a["args"][0] for a in notes)
    assert any(a["func"] == "addSheet" and a["args"][1] == "校验结果" for a in actions)
    assert sum(a["func"] == "addHyperlink" for a in actions) == sum(1 for r in plan.rows if r.cell)


def test_excel_recheck_clears_old_marks_first(workspace: Path) -> None:
    from fedxl.excel.live import HEADER_ROW, apply_plan_live
    from fedxl.feedback import FeedbackPlan

    old = [[None] * 9 for _ in range(HEADER_ROW)] + [
        [1, "错误", "妇委会名录", "H3", "女职工数", 60, "x", "y", "rule"]
    ]
    book = _book(SUB / "clean_plain.xlsx", [("校验结果", old)])
    apply_plan_live(book, FeedbackPlan(title="t", summary=["s"]))
    actions = book.json()["actions"]
    funcs = [a["func"] for a in actions]
    assert "sheetDelete" in funcs and "addSheet" in funcs
    cleared = [
        a
        for a in actions
        if a["func"] == "setRangeColor" and a["start_row"] == 2 and a["start_column"] == 7
    ]
    assert cleared and funcs.index("sheetDelete") < funcs.index("addSheet")


def test_excel_text_never_becomes_a_formula() -> None:
    from fedxl.excel.live import excel_text

    for prefix in ("=", "+", "-", "@", "\t", "\r"):
        assert excel_text(prefix + "1") == "'" + prefix + "1"
    assert excel_text("普通文字") == "普通文字" and excel_text(12) == 12


def test_excel_run_action_reports_without_traceback(workspace: Path) -> None:
    from fedxl.excel import CONTROL_SHEET, run_action

    control = [
        [None, None],
        [None, None],
        ["工作区", str(workspace)],
        ["操作", "刷新全区汇总表"],
        [None, None],
        ["结果", None],
    ]
    book = _book(SUB / "clean_plain.xlsx", [(CONTROL_SHEET, control)])
    # an empty workspace: the month has no accepted ledger, said in Chinese
    message = run_action(caller=book)
    assert "没有通过校验的台账" in message and "Traceback" not in message
    statuses = [
        a for a in book.json()["actions"] if a["func"] == "setValues" and a["start_row"] == 5
    ]
    assert statuses and statuses[0]["values"][0][0] == message


def test_excel_setup_makes_the_button_workbook(workspace: Path, run) -> None:
    import zipfile

    import openpyxl

    result = run("excel-setup", "-w", str(workspace))
    assert result.exit_code == 0, result.stderr
    book = workspace / "fedxl_buttons.xlsm"
    assert "xl/vbaProject.bin" in zipfile.ZipFile(book).namelist()
    wb = openpyxl.load_workbook(book, keep_vba=True)
    assert wb.sheetnames == [
        "使用说明",
        "xlwings.conf",
    ]  # xlwings reads xlwings.conf; no empty Sheet1
    settings = dict(wb["xlwings.conf"].iter_rows(values_only=True))
    assert settings["Interpreter_Win"] and None not in settings.values()
    assert wb["xlwings.conf"].sheet_state == "hidden"
    assert wb["使用说明"]["B3"].value == str(workspace.resolve())
    module = (workspace / "fedxl_buttons.py").read_text(encoding="utf-8")
    assert "run_action()" in module


def _control(workspace: Path, action: str) -> list[list[object]]:
    return [
        [None, None],
        [None, None],
        ["工作区", str(workspace)],
        ["操作", action],
        [None, None],
        ["结果", None],
    ]


def test_button_workbook_active_acts_on_the_open_ledger(workspace: Path, tmp_path: Path) -> None:
    """A clerk opens the ledger, switches back to the buttons and presses: the ledger is checked."""
    import shutil

    from fedxl.excel import CONTROL_SHEET, run_action

    ledger_path = tmp_path / "rules.xlsx"
    shutil.copy(SUB / "rules.xlsx", ledger_path)
    payload = _payload(ledger_path)
    payload["book"]["name"] = str(ledger_path)  # the remote engine's fullname is the book's name
    ledger = xw.Book(json=payload)
    buttons = _book(
        SUB / "clean_plain.xlsx", [(CONTROL_SHEET, _control(workspace, "校验当前台账"))]
    )
    other = xw.Book(
        json={
            **_payload(SUB / "clean_plain.xlsx"),
            "book": {"name": "通讯录.xlsx", "active_sheet_index": 0, "selection": "A1"},
            "sheets": [
                {"name": "别的表", "values": [[1]], "pictures": [], "tables": [], "notes": []}
            ],
        }
    )
    message = run_action(caller=buttons, target=buttons, books=[buttons, other, ledger])
    assert "未通过" in message
    assert any(
        a["func"] == "addSheet" and a["args"][1] == "校验结果" for a in ledger.json()["actions"]
    )
    # the buttons are left alone
    assert not any(a["func"] == "addSheet" for a in buttons.json()["actions"])


def test_button_asks_when_several_ledgers_are_open(workspace: Path) -> None:
    from fedxl.excel import CONTROL_SHEET, run_action

    buttons = _book(
        SUB / "clean_plain.xlsx", [(CONTROL_SHEET, _control(workspace, "校验当前台账"))]
    )
    first = xw.Book(json=_payload(SUB / "rules.xlsx"))
    second = xw.Book(json=_payload(SUB / "cell_errors.xlsx"))
    message = run_action(caller=buttons, target=buttons, books=[buttons, first, second])
    # excel.several_ledgers: asks which
    assert "rules.xlsx" in message and "cell_errors.xlsx" in message
    assert not any(
        a["func"] == "addSheet" for a in first.json()["actions"] + second.json()["actions"]
    )
    alone = run_action(caller=buttons, target=buttons, books=[buttons])
    assert "请先打开" in alone  # excel.open_ledger
