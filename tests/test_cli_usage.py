"""Command-line mistakes are explained in Chinese (English with --lang en), exit 2, no traceback."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["chek"], ["没有“chek”这个命令", "check"]),
        (["status", "--month"], ["--month", "后面要写上值"]),
        (["status", "--bogus"], ["没有 --bogus 这个选项"]),
        (["report", "brifing"], ["briefing"]),
    ],
)
def test_usage_errors_are_chinese(run, args: list[str], words: list[str]) -> None:
    out = run(*args)
    assert out.exit_code == 2 and "Traceback" not in out.stderr
    for word in words:
        assert word in out.stderr, out.stderr
    assert "--help" in out.stderr and "No such" not in out.stderr


def test_english_on_request_and_the_version(run) -> None:
    out = run("--lang", "en", "chek")
    assert out.exit_code == 2 and "No such command 'chek'" in out.stderr
    version = run("--version")
    assert version.exit_code == 0 and version.stdout.startswith("fedxl ")


def test_help_panels_are_chinese(run) -> None:
    out = run("--help")
    assert out.exit_code == 0 and "命令" in out.stdout and "选项" in out.stdout
    assert (
        "显示本说明后退出" in out.stdout
        and "用法" in out.stdout
        and "Show this message" not in out.stdout
    )


def test_check_takes_folders_and_wildcards(workspace, tmp_path, run) -> None:  # type: ignore[no-untyped-def]
    import shutil
    from pathlib import Path

    sub = Path(__file__).resolve().parent / "data" / "submissions"
    folder = tmp_path / "收到的"
    folder.mkdir()
    for name in ("clean_plain.xlsx", "rules.xlsx"):
        shutil.copy(sub / name, folder / name)
    (folder / "~$clean_plain.xlsx").write_bytes(b"lock")  # Excel's lock file of an open workbook
    (folder / "说明.txt").write_text("not a ledger", encoding="utf-8")
    by_folder = run("check", str(folder), "--json", "-w", str(workspace)).json()
    assert sorted(Path(f["file"]).name for f in by_folder["files"]) == [
        "clean_plain.xlsx",
        "rules.xlsx",
    ]
    # as cmd.exe passes it
    by_pattern = run("check", str(folder / "c*.xlsx"), "--json", "-w", str(workspace)).json()
    assert [Path(f["file"]).name for f in by_pattern["files"]] == ["clean_plain.xlsx"]


def test_operating_system_errors_in_chinese(workspace, run) -> None:  # type: ignore[no-untyped-def]
    doc = run("check", "不存在的台账.xlsx", "--json", "-w", str(workspace)).json()
    message = doc["files"][0]["findings"][0]["message"]  # type: ignore[index]
    assert "文件或文件夹不存在" in message and "No such file" not in message
    from fedxl.i18n import MESSAGES

    hint = doc["files"][0]["findings"][0]["hint"]  # type: ignore[index]
    assert hint == MESSAGES["finding.file-unreadable.os.hint"][0]  # not "save it again as .xlsx"


def test_a_file_open_in_excel_is_said_plainly() -> None:
    from fedxl.errors import os_reason
    from fedxl.i18n import set_lang

    set_lang("zh")
    assert "正被其他程序" in os_reason(PermissionError(13, "Permission denied", "台账.xlsx"))
