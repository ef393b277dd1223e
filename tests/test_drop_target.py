"""The WPS drop target 校验台账.bat: valid for cmd.exe (CRLF, GBK) with quoted paths."""

from __future__ import annotations

from pathlib import Path


def test_bat_is_crlf_gbk_and_quotes_paths(tmp_path: Path, run) -> None:
    root = tmp_path / "区 妇联 工作区"
    assert run("init", str(root), "--year", "2026").exit_code == 0
    data = (root / "校验台账.bat").read_bytes()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("gbk")
    assert f'set "FEDXL_WS={root.resolve()}"' in text
    assert '--workspace "%FEDXL_WS%" check --annotate --open %*' in text
    assert "pause" in text and text.startswith("@echo off")


def test_bat_falls_back_to_utf8_for_paths_outside_gbk(tmp_path: Path) -> None:
    from fedxl.excel.setup import write_drop_target

    root = tmp_path / "ws-😀"
    root.mkdir()
    data = write_drop_target(root).read_bytes()
    assert data.startswith(b"@chcp 65001") and str(root.resolve()).encode() in data
