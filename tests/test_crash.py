"""A crash at any point of ingest, then a re-run: nothing lost, nothing doubled."""

from __future__ import annotations

import json
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
FILES = [
    "clean_plain.xlsx",
    "新建 XLSX 工作表(2).xlsx",
    "rules.xlsx",
    "truncated.xlsx",
    "cell_errors.xlsx",
]


def _ingest(
    root: Path, fault: str | None = None, workers: int = 1, once: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("FEDXL_FAULT", None)
    env.pop("FEDXL_FAULT_ONCE", None)
    if fault:
        env["FEDXL_FAULT"] = fault
    if once:
        env["FEDXL_FAULT_ONCE"] = str(once)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "fedxl",
            "ingest",
            "-w",
            str(root),
            "--workers",
            str(workers),
            "--received-at",
            "2026-07-03T09:00",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _state(root: Path) -> dict[str, object]:
    db = sqlite3.connect(root / "workbooks" / "fedxl.db")
    subs = sorted(
        db.execute("SELECT sha256, status, errors, warnings, original_name FROM submissions")
    )
    findings = db.execute("SELECT count(*) FROM findings").fetchone()[0]
    rows = db.execute('SELECT count(*) FROM "rows_妇委会名录"').fetchone()[0]
    db.close()
    archive = sorted(p.name for p in (root / "workbooks" / "archive").rglob("*") if p.is_file())
    return {
        "subs": subs,
        "findings": findings,
        "rows": rows,
        "archive": archive,
        "feedback": sorted(p.name for p in (root / "workbooks" / "feedback").iterdir()),
        "inbox": sorted(p.name for p in (root / "workbooks" / "inbox").iterdir()),
    }


def _archived(root: Path) -> int:
    """Received files copied into the archive so far (finished copies, not their sidecars)."""
    folder = root / "workbooks" / "archive"
    return sum(
        1
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.suffix != ".json"
    )


def _kill_ingest_after(root: Path, files: int, *, workers: int) -> None:
    """Start an ingest and kill -9 its main process once `files` files are in the archive (a
    moment chosen by progress, not by the clock, so a faster machine kills at the same point);
    the kill must happen."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fedxl",
            "ingest",
            "-w",
            str(root),
            "--workers",
            str(workers),
            "--received-at",
            "2026-07-03T09:00",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while _archived(root) < files and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=60) == -signal.SIGKILL, "the ingest ended before it could be killed"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A workspace with five files in the inbox, and the state one clean ingest leaves."""
    from fedxl.jobs.setup import init_workspace

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


@pytest.mark.parametrize(
    "fault",
    [
        f"{point}:{n}"
        for point in ("before_archive", "after_archive", "after_record", "after_feedback")
        for n in (1, 3)
    ],
)
def test_crash_at_checkpoint_then_rerun(prepared, tmp_path: Path, fault: str) -> None:  # type: ignore[no-untyped-def]
    base, expected = prepared
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    crashed = _ingest(root, fault)
    assert crashed.returncode == 137, crashed.stderr
    _ingest(root)
    assert _state(root) == expected


@pytest.mark.parametrize("files", [0, 1, 2, 3])
def test_kill_9_at_random_moments(prepared, tmp_path: Path, files: int) -> None:  # type: ignore[no-untyped-def]
    base, expected = prepared
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    _kill_ingest_after(root, files, workers=1)
    _ingest(root)
    assert _state(root) == expected


@pytest.mark.parametrize(
    "fault", ["after_archive:2", "after_record:1", "after_record:2", "after_feedback:1"]
)
def test_a_worker_dies_mid_file_and_the_batch_goes_on(prepared, tmp_path: Path, fault: str) -> None:  # type: ignore[no-untyped-def]
    """Two processes: one dies mid-file (once); the rest of the batch is taken in one file at a
    time, the one it was on included, and nothing is lost or doubled; a re-run changes nothing."""
    base, expected = prepared
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    marker = tmp_path / "fired"
    crashed = _ingest(root, fault, workers=2, once=marker)
    assert marker.exists()  # a worker did die
    assert crashed.returncode == 2 and "Traceback" not in crashed.stderr, crashed.stderr
    files = json.loads(crashed.stdout)["files"]
    assert len(files) == len(FILES) and not any(f["duplicate"] for f in files)
    assert _state(root) == expected
    assert _ingest(root, workers=2).returncode == 0
    assert _state(root) == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_disk_full_mid_batch_then_rerun(prepared, tmp_path: Path, workers: int) -> None:  # type: ignore[no-untyped-def]
    """An error (not a death) in the middle of a file: a message, exit 2, no hang; a re-run
    finishes."""
    base, expected = prepared
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    failed = _ingest(root, "after_archive:2:oserror", workers=workers)
    assert failed.returncode == 2 and "Traceback" not in failed.stderr, failed.stderr
    assert "磁盘已满" in failed.stderr
    assert _ingest(root, workers=workers).returncode == 2
    assert _state(root) == expected


def test_parallel_ingest_matches_one_process(prepared, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base, expected = prepared
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    assert _ingest(root, workers=2).returncode == 2
    assert _state(root) == expected
    db = sqlite3.connect(root / "workbooks" / "fedxl.db")
    order = [r[0] for r in db.execute("SELECT original_name FROM submissions ORDER BY id")]
    db.close()
    assert order == sorted(
        FILES, key=lambda n: ((base / "workbooks" / "inbox" / n).stat().st_mtime, n)
    )


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """Thirty generated ledgers (ten towns, three months) in the inbox, and their clean state."""
    from fedxl.jobs.samples import town_ledger, write_plain_ledger
    from fedxl.jobs.setup import init_workspace
    from fedxl.workspace import Workspace

    base = tmp_path_factory.mktemp("many") / "ws"
    init_workspace(base, year=2026)
    ws = Workspace(base)
    for month in (4, 5, 6):
        for town in (t.name for t in ws.config.towns):
            write_plain_ledger(
                ws.form,
                town_ledger(ws.form, town, 2026, month, orgs=12, events=60),
                ws.folder("inbox") / f"{town}{month}月.xlsx",
            )
    clean = base.parent / "clean"
    shutil.copytree(base, clean)
    assert _ingest(clean, workers=2).returncode == 0
    expected = _state(clean)
    assert len(expected["subs"]) == 30 and expected["inbox"] == []  # type: ignore[arg-type]
    return base, expected


@pytest.mark.parametrize("files", [2, 12])
def test_kill_9_during_parallel_ingest(many, tmp_path: Path, files: int) -> None:  # type: ignore[no-untyped-def]
    """kill -9 of the main process: its workers end too, and a re-run leaves the clean state."""
    base, expected = many
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    _kill_ingest_after(root, files, workers=2)
    deadline = time.monotonic() + 5  # orphaned workers notice within half a second; allow a busy CI
    while _workers_of(root) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _workers_of(root)
    _ingest(root, workers=2)
    assert _state(root) == expected


@pytest.mark.parametrize("files", [1, 8, 20])
def test_kill_9_then_rerun_at_once(many, tmp_path: Path, files: int) -> None:  # type: ignore[no-untyped-def]
    """No waiting for the killed run's workers (nor for their reaping): the re-run waits on their
    locks itself, sweeps what they left, and ends in the clean state."""
    base, expected = many
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    _kill_ingest_after(root, files, workers=2)
    rerun = _ingest(root, workers=2)
    assert rerun.returncode in (0, 1), rerun.stderr
    assert _state(root) == expected
    assert not [p for p in (root / "workbooks").rglob(".~fedxl-*")]


def _workers_of(root: Path) -> list[str]:
    """Processes still running an ingest of this workspace."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = next(
                line
                for line in (proc / "status").read_text().splitlines()
                if line.startswith("State:")
            )
        except (OSError, StopIteration):
            continue
        if str(root) in cmd and "ingest" in cmd and "zombie" not in state:
            found.append(cmd)
    return found


def test_parallel_ingest_with_spawned_workers(prepared, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Workers started the Windows way (spawn, nothing inherited) give the same result."""
    base, expected = prepared
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    script = (
        "import datetime as dt, multiprocessing as mp, sys\n"
        "from pathlib import Path\n"
        "if __name__ == '__main__':\n"
        "    mp.set_start_method('spawn')\n"
        "    from fedxl.submissions import ingest\n"
        "    from fedxl.workspace import Workspace\n"
        "    batch = ingest(Workspace(Path(sys.argv[1])), workers=2,\n"
        "                   received_at=dt.datetime(2026, 7, 3, 9, 0))\n"
        "    print(len(batch.results))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(root)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == "5", done.stderr
    assert _state(root) == expected


def test_two_ingests_and_a_merge_at_once(many, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """One writer at a time: the others wait briefly or say another fedxl is running (exit 3);
    nothing crashes, and one more ingest ends in the clean state."""
    base, expected = many
    root = tmp_path / "ws"
    shutil.copytree(base, root)
    cmds = [
        [
            sys.executable,
            "-m",
            "fedxl",
            "ingest",
            "-w",
            str(root),
            "--workers",
            "2",
            "--received-at",
            "2026-07-03T09:00",
        ]
    ] * 2
    cmds.append([sys.executable, "-m", "fedxl", "run", "-w", str(root)])
    cmds.append([sys.executable, "-m", "fedxl", "merge", "-m", "2026-06", "-w", str(root)])
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for cmd in cmds
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode in (0, 1, 2, 3), err
        assert "Traceback" not in err and "IntegrityError" not in err and "磁盘已满" not in err, err
    _ingest(root, workers=2)
    assert _state(root) == expected
