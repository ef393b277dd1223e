"""`make bundle`: the offline Windows installer resolves without any index, pywin32 included."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest


def _index_reachable(folder: Path) -> bool:
    """Whether pip can download anything at all here (a small pure wheel)."""
    probe = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), "six"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return probe.returncode == 0


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from fedxl.jobs.bundle import build

    if not _index_reachable(tmp_path_factory.mktemp("probe")):
        pytest.skip("no package index reachable from this machine")
    # an index is there: a wheel it cannot resolve for Windows is a real failure
    return build(tmp_path_factory.mktemp("dist"))


def test_bundle_holds_everything_for_windows(bundle: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
        zf.extractall(tmp_path)
    root = tmp_path / bundle.stem
    wheels = sorted(p.name.lower() for p in (root / "wheels").glob("*.whl"))
    assert any(w.startswith("pywin32-") and "win_amd64" in w for w in wheels)
    assert any(w.startswith("fedxl-") for w in wheels) and any(
        w.startswith("xlwings-") for w in wheels
    )
    bat = (root / "安装.bat").read_bytes()
    assert b"\r\n" in bat and b"\n" not in bat.replace(b"\r\n", b"")
    text = bat.decode("gbk")
    assert "--no-index --find-links" in text and "--require-hashes" in text and "chcp 936" in text
    assert "Windows 7" in (root / "安装说明.txt").read_bytes().decode("gbk")
    pins = (root / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert pins and all("--hash=sha256:" in line for line in pins)
    assert f"{bundle.stem}/docs/使用手册.md" in names
    # resolve fedxl[excel,web] for CPython 3.11 on win_amd64 from the bundle alone
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--no-index",
            "--find-links",
            str(root / "wheels"),
            "--platform",
            "win_amd64",
            "--python-version",
            "3.11",
            "--only-binary=:all:",
            "--target",
            str(tmp_path / "t"),
            "fedxl[excel,web]",
            "pywin32",
            "colorama",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "pywin32" in out.stdout and "xlwings" in out.stdout
    assert "uvicorn" in out.stdout and "starlette" in out.stdout and "colorama" in out.stdout
