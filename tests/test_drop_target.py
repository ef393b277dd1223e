"""The WPS drop target 校验台账.bat: valid for cmd.exe (CRLF, GBK) with quoted paths."""

from __future__ import annotations

from pathlib import Path


def test_bat_is_crlf_gbk_and_quotes_paths(tmp_path: Path, run) -> None:
    root = tmp_path / "区 妇联 工作区"
    assert run("init", str(root), "--year", "2026").exit_code == 0
    data = (root / "校验台账.bat").read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("gbk")
    # the folder can be moved
    assert 'set "FEDXL_WS=%~dp0"' in text and str(root.resolve()) not in text
    assert "chcp 936 >nul" in text
    # one quoted name at a time
    assert '%FEDXL% --workspace "%FEDXL_WS%" check --annotate --open "%~1"' in text
    assert "shift" in text and "goto next" in text and "%*" not in text
    assert "pause" in text and text.startswith("@echo off")
    # next to the workspace, then PATH
    assert ".venv\\Scripts\\fedxl.exe" in text and "%%~$PATH:F" in text


def test_menu_for_wps_users(tmp_path: Path, run) -> None:
    root = tmp_path / "ws"
    assert run("init", str(root), "--year", "2026").exit_code == 0
    data = (root / "fedxl菜单.bat").read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("gbk")
    for key, command in (
        ("1", "ingest"),
        ("2", "status"),
        ("3", "merge"),
        ("4", "report briefing"),
        ("5", "report reminder"),
        ("6", "serve --host 0.0.0.0"),
        ("7", "links"),
    ):
        assert f'if "%CHOICE%"=="{key}" %FEDXL% --workspace "%FEDXL_WS%" {command}' in text
    assert 'set /p "CHOICE=' in text and "goto menu" in text


def test_bat_names_no_path_so_any_folder_works(tmp_path: Path) -> None:
    from fedxl.excel.setup import write_drop_target

    root = tmp_path / "ws-😀"
    root.mkdir()
    data = write_drop_target(root).read_bytes()  # the .bat names no path: GBK still works
    assert data.decode("gbk").startswith("@echo off") and b"chcp 936" in data
