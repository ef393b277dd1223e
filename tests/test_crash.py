"""A crash at any point of ingest, then a re-run: nothing lost, nothing doubled."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

SUB = Path(__file__).resolve().parent / "data" / "submissions"
FILES = ["clean_plain.xlsx", "新建 XLSX 工作表(2).xlsx", "rules.xlsx", "truncated.xlsx", "cell_errors.xlsx"]


def _ingest(root: Path, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("FEDXL_FAULT", None)
    if fault:
        env["FEDXL_FAULT"] = fault
    return subprocess.run([sys.executable, "-m", "fedxl", "ingest", "-w", str(root), "--workers", "1",
                           "--received-at", "2026-07-03T09:00", "--json"],
                          capture_output=True, text=True, env=env, timeout=120)


def _state(root: Path) -> dict[str, object]:
    db = sqlite3.connect(root / "workbooks" / "fedxl.db")
    subs = sorted(db.execute("SELECT sha256, status, errors, warnings, original_name FROM submissions"))
    findings = db.execute("SELECT count(*) FROM findings").fetchone()[0]
    rows = db.execute('SELECT count(*) FROM "rows_妇委会名录"').fetchone()[0]
    db.close()
    archive = sorted(p.name for p in (root / "workbooks" / "archive").rglob("*") if p.is_file())
    return {"subs": subs, "findings": findings, "rows": rows, "archive": archive,
            "feedback": sorted(p.name for p in (root / "workbooks" / "feedback").iterdir()),
            "inbox": sorted(p.name for p in (root / "workbooks" / "inbox").iterdir())}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A workspace with five files in the inbox, and the state one clean ingest leaves."""
    from fedxl.workspace import init_workspace

    base = tmp_path_factory.mktemp("crash") / "ws"
    init_workspace(base, year=2026)
    for name in FILES:
        shutil.copy(SUB / name, base / "workbooks" / "inbox" / name)
    clean = base.parent / "clean"
    shutil.copytree(base, clean)
    assert _ingest(clean).returncode == 2  # one file is unreadable
    expected = _state(clean)
    assert len(expected["subs"]) == 5 and expected["inbox"] == []  # type: ignore[arg-type]
    return base, expected


@pytest.mark.parametrize("fault", [f"{point}:{n}" for point in
                                   ("before_archive", "after_archive", "after_record", "after_feedback")
                                   for n in (1, 3)])
def test_crash_at_checkpoint_then_rerun(prepared, tmp_path: Path, fault: str) -> None:  # type: ignore[no-untyped-def]
    base, expected = prepared
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    crashed = _ingest(root, fault)
    assert crashed.returncode == 137, crashed.stderr
    _ingest(root)
    assert _state(root) == expected


@pytest.mark.parametrize("delay", [0.4, 0.9, 1.5])
def test_kill_9_at_random_moments(prepared, tmp_path: Path, delay: float) -> None:  # type: ignore[no-untyped-def]
    base, expected = prepared
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    proc = subprocess.Popen([sys.executable, "-m", "fedxl", "ingest", "-w", str(root), "--workers", "1",
                             "--received-at", "2026-07-03T09:00"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(delay)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    _ingest(root)
    assert _state(root) == expected
