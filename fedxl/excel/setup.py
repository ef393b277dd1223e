"""`fedxl excel-setup`: the macro workbook whose button runs fedxl, and the WPS drop target."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from fedxl.errors import UsageError

BOOK_NAME = "fedxl_buttons"
BAT_NAME = "校验台账.bat"
MODULE = '''"""Called by the button of {book}.xlsm (xlwings RunPython): runs the action chosen on
使用说明."""

from fedxl.excel import run_action


def main():
    run_action()
'''


def fedxl_launcher() -> str:
    """How a .bat file should start fedxl on this installation."""
    import shutil

    found = shutil.which("fedxl")
    if found:
        return f'"{Path(found).resolve()}"'
    return f'"{sys.executable}" -m fedxl'


def _find_fedxl() -> list[str]:
    """.bat lines that set FEDXL_WS to the folder of the .bat (so the workspace can be moved or
    copied) and FEDXL to the fedxl to run: the workspace's own .venv, then fedxl on PATH, then
    the one the workspace was made with."""
    return [
        "@echo off",
        "chcp 936 >nul",
        "setlocal",
        'set "FEDXL_WS=%~dp0"',
        'if "%FEDXL_WS:~-1%"=="\\" set "FEDXL_WS=%FEDXL_WS:~0,-1%"',
        'set "FEDXL="',
        # FEDXL holds a ready command, its path quoted inside the value: used as %FEDXL%
        'if exist "%FEDXL_WS%\\.venv\\Scripts\\fedxl.exe" set FEDXL="%FEDXL_WS%\\.venv\\Scripts\\f'
        'edxl.exe"',
        'if not defined FEDXL for %%F in (fedxl.exe) do if not "%%~$PATH:F"=="" set '
        'FEDXL="%%~$PATH:F"',
        f"if not defined FEDXL set FEDXL={fedxl_launcher()}",
    ]


def _write_bat(target: Path, lines: list[str]) -> Path:
    """CRLF, in GBK: cmd.exe reads a .bat in the console code page (936 on Chinese Windows)."""
    from fedxl.api import write_bytes_atomic

    text = "\r\n".join(lines) + "\r\n"
    try:
        data = text.encode("gbk")
    except UnicodeEncodeError:  # a launcher path outside GBK: switch the console to UTF-8 instead
        data = text.replace("chcp 936 >nul", "chcp 65001 >nul").encode("utf-8")
    write_bytes_atomic(target, data)
    return target


def write_drop_target(ws_root: Path) -> Path:
    """校验台账.bat: files dropped on it are checked with --annotate, one by one (each name
    quoted, so spaces, brackets and & in a name are safe), and the feedback opened."""
    lines = [
        *_find_fedxl()[:1],
        "rem fedxl 拖放校验：把一个或多个台账文件拖到本文件图标上。",
        *_find_fedxl()[1:],
        'if "%~1"=="" (',
        "  echo 请把要校验的台账文件拖到本图标上（可以一次拖多个）。",
        "  pause",
        "  exit /b 0",
        ")",
        ":next",
        'if "%~1"=="" goto done',
        '%FEDXL% --workspace "%FEDXL_WS%" check --annotate --open "%~1"',
        "shift",
        "goto next",
        ":done",
        "pause",
    ]
    write_menu(ws_root)
    return _write_bat(ws_root / BAT_NAME, lines)


MENU_NAME = "fedxl菜单.bat"
MENU = (
    ("1", "收件（收件箱里的全部台账）", "ingest"),
    ("2", "查看报送情况", "status"),
    ("3", "生成汇总表", "merge"),
    ("4", "生成工作简报", "report briefing"),
    ("5", "生成催报通知", "report reminder"),
    ("6", "启动网页收件（镇街在网页上报送；窗口不要关，按 Ctrl+C 停止）", "serve --host 0.0.0.0"),
    ("7", "各镇街的网页报送链接", "links"),
)


def write_menu(ws_root: Path) -> Path:
    """fedxl菜单.bat: for WPS users who do not type commands — ingest, status, summary, briefing,
    reminder, and the web intake for the LAN."""
    lines = [*_find_fedxl(), ":menu", "cls", "echo fedxl 菜单（工作区：%FEDXL_WS%）", "echo."]
    lines += [f"echo   {key} {label}" for key, label, _ in MENU]
    lines += [
        "echo   0 退出",
        "echo.",
        'set "CHOICE="',
        'set /p "CHOICE=请输入数字后按回车："',
        'if "%CHOICE%"=="0" exit /b 0',
    ]
    lines += [
        f'if "%CHOICE%"=="{key}" %FEDXL% --workspace "%FEDXL_WS%" {command}'
        for key, _, command in MENU
    ]
    lines += ["echo.", "pause", "goto menu"]
    return _write_bat(ws_root / MENU_NAME, lines)


def _settings_sheet(wb: Any) -> None:
    """Activate the quickstart's settings: xlwings reads a sheet named `xlwings.conf`, not
    `_xlwings.conf`. Keep the rows with a value (the interpreter: this one, the one fedxl runs
    in), drop the empty ones and the instructions, so everything else falls back to defaults."""
    conf = wb["_xlwings.conf"]
    rows = [
        (key, value)
        for key, value in conf.iter_rows(max_col=2, values_only=True)
        if key and value is not None and not str(key).endswith(":")
    ]
    settings = {str(key): value for key, value in rows if len(str(key)) < 40}
    if sys.platform == "win32":
        settings["Interpreter_Win"] = sys.executable
    elif sys.platform == "darwin":
        settings["Interpreter_Mac"] = sys.executable
    index = wb.sheetnames.index(conf.title)
    del wb[conf.title]
    sheet = wb.create_sheet("xlwings.conf", index)
    for i, (key, value) in enumerate(settings.items(), start=1):
        sheet.cell(i, 1, key)
        sheet.cell(i, 2, value)
    sheet.sheet_state = "hidden"


def excel_setup(ws_root: Path, directory: Path) -> Path:
    """Make <directory>/fedxl_buttons.xlsm (+ .py) from xlwings' standalone quickstart."""
    try:
        import xlwings  # noqa: F401
    except ImportError:
        raise UsageError("excel.no_xlwings") from None
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    from fedxl.api import write_text_atomic, write_with
    from fedxl.excel import ACTION_CELL, ACTIONS, CONTROL_SHEET, STATUS_CELL, WORKSPACE_CELL

    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fedxl-xlwings-") as tmp:
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from xlwings.cli import main; main()",
                "quickstart",
                BOOK_NAME,
                "--standalone",
            ],
            cwd=tmp,
            check=True,
            capture_output=True,
            timeout=120,
        )
        made = Path(tmp) / BOOK_NAME / f"{BOOK_NAME}.xlsm"
        wb = openpyxl.load_workbook(made, keep_vba=True)
    ws = wb.create_sheet(CONTROL_SHEET, 0)
    ws["A1"] = "fedxl Excel 按钮"
    ws["A1"].font = Font(size=16, bold=True)
    ws[WORKSPACE_CELL.replace("B", "A")], ws[WORKSPACE_CELL] = "工作区", str(ws_root.resolve())
    ws[ACTION_CELL.replace("B", "A")], ws[ACTION_CELL] = "要做的事", next(iter(ACTIONS))
    ws[STATUS_CELL.replace("B", "A")] = "结果"
    dv = DataValidation(type="list", formula1='"' + ",".join(ACTIONS) + '"', allow_blank=False)
    dv.add(ACTION_CELL)
    ws.add_data_validation(dv)
    steps = [
        "用法：",
        "1. 在 Excel 中打开镇街报来的台账（另存过的 .xlsx 文件），"
        "再切回本工作簿（只开一个台账时会自动处理它）。",
        "2. 在 B4 选择要做的事：校验当前台账 / 收件登记当前台账 / 刷新全区汇总表 / "
        "生成本月工作简报。",
        "3. 按 Alt+F8，选择宏 SampleCall，点“执行”（或在“开发工具 → 插入 → 按钮”画一个按钮，"
        "指定宏 SampleCall）。",
        "4. 结果显示在弹出框和 B6；校验时问题单元格标红/标黄并加批注，"
        "台账最前面多一张“校验结果”表。",
        "注意：校验读取的是台账已保存的内容，修改后请先保存再校验。",
        "需要：Windows 或 macOS 上的 Microsoft Excel，已安装 fedxl[excel]；"
        "首次使用需在“信任中心”启用宏。",
        "WPS 用户请改用工作区中的“校验台账.bat”：把台账文件拖到它上面即可。",
    ]
    for i, text in enumerate(steps, start=8):
        ws.cell(i, 1, text)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 60
    _settings_sheet(wb)
    if "Sheet1" in wb.sheetnames and not any(
        c.value is not None for row in wb["Sheet1"].iter_rows() for c in row
    ):
        del wb["Sheet1"]  # the quickstart's empty sheet
    wb.active = 0
    target = directory / f"{BOOK_NAME}.xlsm"
    write_with(target, lambda tmp_path: wb.save(tmp_path))
    write_text_atomic(directory / f"{BOOK_NAME}.py", MODULE.format(book=BOOK_NAME))
    return target
