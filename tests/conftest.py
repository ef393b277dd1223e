"""Shared fixtures: workspaces built in tmp_path and an in-process CLI runner."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from fedxl.i18n import set_lang

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


@pytest.fixture(autouse=True)
def _clean_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FEDXL_LANG", raising=False)
    monkeypatch.delenv("FEDXL_DEBUG", raising=False)
    set_lang(None)
    yield
    set_lang(None)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run the fedxl CLI in-process: run("check", "f.xlsx") -> Result."""
    from fedxl.cli import main

    def _run(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            set_lang(None)
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return _run


@pytest.fixture
def workspace(tmp_path: Path, run) -> Path:
    """A fresh workspace (fedxl init) for the ledger year 2026."""
    root = tmp_path / "ws"
    result = run("init", str(root), "--year", "2026")
    assert result.exit_code == 0, result.stderr
    return root


def write_config(root: Path, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "fedxl.toml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL_CONFIG = """\
[district]
name = "振兴区"
ledger_year = 2026

[[towns]]
name = "头道桥街道"
aliases = ["头道桥"]
quota = 3

[[towns]]
name = "兴隆镇"
"""

sys.dont_write_bytecode = False
