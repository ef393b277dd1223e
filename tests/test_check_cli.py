"""`fedxl check`: JSON equals the library's report, exit codes, batches with unreadable files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl

from fedxl.checking import CheckContext, check_file
from fedxl.workspace import Workspace

SUB = Path(__file__).resolve().parent / "data" / "submissions"


def test_json_equals_report_to_dict(workspace: Path, run) -> None:
    path = SUB / "cell_errors.xlsx"
    result = run("check", str(path), "--json", "--workspace", str(workspace))
    assert result.exit_code == 1
    ws = Workspace(workspace)
    expected = check_file(path, CheckContext(ws.form, ws.config)).to_dict()
    assert result.json() == {
        "version": 1,
        "files": [json.loads(json.dumps(expected, ensure_ascii=False))],
    }
    doc = result.json()["files"][0]
    assert set(doc) == {"file", "sha256", "form", "town", "period", "status", "counts", "findings"}
    assert set(doc["findings"][0]) == {
        "severity",
        "code",
        "sheet",
        "row",
        "column",
        "cell",
        "value",
        "message",
        "hint",
        "rule",
    }
    assert doc["status"] == "rejected" and doc["town"] == "兴隆镇" and doc["period"] == "2026-06"


def test_exit_codes_worst_file_decides(workspace: Path, run) -> None:
    ok, bad, broken = SUB / "clean_plain.xlsx", SUB / "rules.xlsx", SUB / "truncated.xlsx"
    assert run("check", str(ok), "-w", str(workspace)).exit_code == 0
    assert run("check", str(ok), str(bad), "-w", str(workspace)).exit_code == 1
    result = run("check", str(broken), str(ok), str(bad), "--json", "-w", str(workspace))
    assert result.exit_code == 2
    assert [f["status"] for f in result.json()["files"]] == ["unreadable", "accepted", "rejected"]


def test_missing_file_is_reported_not_crashed(workspace: Path, run, tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nope.xlsx"), "-w", str(workspace))
    assert result.exit_code == 2
    assert "无法读取" in result.stdout
    assert "Traceback" not in result.stderr


def test_console_output_chinese_and_english(workspace: Path, run) -> None:
    zh = run("check", str(SUB / "rules.xlsx"), "-w", str(workspace))
    assert "未通过" in zh.stdout and "H3" in zh.stdout and "妇委会名录" in zh.stdout
    en = run("check", str(SUB / "rules.xlsx"), "-w", str(workspace), "--lang", "en")
    assert "rejected" in en.stdout and "H3" in en.stdout and "未通过" not in en.stdout
    doc = run(
        "--lang", "en", "check", str(SUB / "rules.xlsx"), "--json", "-w", str(workspace)
    ).json()
    assert doc["files"][0]["findings"][0]["message"].isascii()


def test_batch_summary_line(workspace: Path, run) -> None:
    result = run(
        "check", str(SUB / "clean_plain.xlsx"), str(SUB / "empty.xlsx"), "-w", str(workspace)
    )
    from fedxl.i18n import t

    # the catalogue's words
    assert t("check.batch", total=2, accepted=1, rejected=0, unreadable=1) in result.stdout


def test_check_does_not_import_heavy_modules(workspace: Path) -> None:
    """The everyday command stays fast: no pandas, matplotlib, docxtpl or openpyxl."""
    code = (
        "import sys; from fedxl.cli import main\n"
        "try:\n    main(['check', sys.argv[1], '-w', sys.argv[2], '--json'])\n"
        "except SystemExit: pass\n"
        "bad = [m for m in ('pandas', 'matplotlib', 'docxtpl', 'openpyxl') if m in sys.modules]\n"
        "sys.stderr.write('HEAVY:' + ','.join(bad))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(SUB / "clean_plain.xlsx"), str(workspace)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "HEAVY:" in proc.stderr
    assert proc.stderr.split("HEAVY:")[1].strip() == ""


def test_input_file_is_never_modified(workspace: Path, run, tmp_path: Path) -> None:
    src = tmp_path / "x.xlsx"
    shutil.copy(SUB / "rules.xlsx", src)
    before = src.read_bytes()
    out = run("check", str(src), "--annotate", "-w", str(workspace))
    assert out.exit_code == 1, out.stderr  # rules.xlsx has errors
    assert src.read_bytes() == before
    # the marked copy went to workbooks/feedback/, with the 校验结果 sheet first
    (marked,) = (workspace / "workbooks" / "feedback").glob("*x*_校验结果.xlsx")
    book = openpyxl.load_workbook(marked)
    assert book.sheetnames[0] == "校验结果" and book["校验结果"].max_row > 3
