"""Nothing a town sends can bring fedxl down: files are read in limited workers, a file that kills
its worker is that file's finding, and the batch, the morning job and the intake go on."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from fedxl import isolation
from fedxl.checking import CheckContext, check_file
from fedxl.submissions import ingest
from fedxl.workspace import Workspace
from fedxl.workspace.limits import Limits

DATA = Path(__file__).resolve().parent / "data"
GOOD = DATA / "submissions" / "clean_plain.xlsx"
ROSTER = "xl/worksheets/sheet2.xml"  # clean_plain.xlsx: 妇委会名录
INLINE = b'<c t="inlineStr"><is><t>x</t></is></c>'

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the worker limits are measured on Linux")


def poison(folder: Path, name: str, sheet_data_tail: bytes, dimension: bytes = b"A1:B2") -> Path:
    """clean_plain.xlsx with `sheet_data_tail` added to the roster's rows and its <dimension> lying."""
    target = folder / name
    with zipfile.ZipFile(GOOD) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == ROSTER:
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="%s"/>' % dimension, data)
                data = data.replace(b"</sheetData>", sheet_data_tail + b"</sheetData>")
            zout.writestr(item, data)
    return target


def lying_dimension(folder: Path, name: str = "lying.xlsx") -> Path:
    """A 1.6 KB-class ledger whose <dimension> says A1:B2 and that holds a value at XFD1048576:
    calamine would allocate 512 GiB for it."""
    return poison(folder, name, b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')


def rows_without_r(folder: Path, name: str = "norow.xlsx") -> Path:
    """The far row is named only on <row r=…>; its 20,000 cells carry no `r` (valid OOXML)."""
    return poison(folder, name, b'<row r="1048576">' + INLINE * 20_000 + b"</row>")


def _cli(workspace: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fedxl", *args, "-w", str(workspace)], capture_output=True,
                          text=True, timeout=timeout)


@pytest.mark.parametrize("make", [lying_dimension, rows_without_r], ids=["lying-dimension", "rows-without-r"])
def test_check_answers_with_a_finding_never_an_abort(workspace: Path, tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    assert path.stat().st_size < 100_000
    started = time.monotonic()
    proc = _cli(workspace, "check", str(path), str(GOOD), "--json")
    assert proc.returncode == 2, proc.stderr
    assert time.monotonic() - started < 20
    files = json.loads(proc.stdout)["files"]
    assert [f["status"] for f in files] == ["unreadable", "accepted"]
    far = [f for f in files[0]["findings"] if f["code"] == "file-too-large"]
    assert far and "1048576" in far[0]["message"]  # the cell to clear is named, found by walking the cells
    assert "memory allocation" not in proc.stderr and "Traceback" not in proc.stderr


def test_a_worker_that_dies_is_one_files_finding(workspace: Path, tmp_path: Path) -> None:
    ws = Workspace(workspace)
    ctx = CheckContext(ws.form, ws.config, limits=Limits(max_memory_mb=1024))
    report = check_file(lying_dimension(tmp_path), ctx)
    assert report.reader_failed == "crashed" and report.status == "unreadable" and report.sha256
    assert [f.code for f in report.findings] == ["file-too-large"]
    assert check_file(GOOD, ctx).status == "accepted"  # the next file gets a fresh worker


def _abort() -> None:
    os.abort()


def _allocate() -> bytes:
    return b"x" * (4 * 1024 ** 3)


def _spin() -> None:
    while True:
        pass


def _fail() -> None:
    raise KeyError("the caller sees this")


def _sleep() -> None:
    time.sleep(3600)


def test_worker_failures_are_named() -> None:
    limits = Limits(max_memory_mb=512, max_seconds=1)
    for fn, reason in ((_abort, "crashed"), (_allocate, "memory"), (_spin, "time")):
        with pytest.raises(isolation.WorkerFailed) as failed:
            isolation.run(fn, limits=limits)
        assert failed.value.reason == reason, fn
    with pytest.raises(KeyError):
        isolation.run(_fail, limits=limits)
    assert isolation.run(len, "abc", limits=limits) == 3


def test_a_worker_that_hangs_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(isolation, "_wall_seconds", lambda limits: 1.0)
    started = time.monotonic()
    with pytest.raises(isolation.WorkerFailed) as failed:
        isolation.run(_sleep, limits=Limits())
    assert failed.value.reason == "time" and time.monotonic() - started < 15


def _ledgers(ws: Workspace, folder: Path) -> list[Path]:
    from fedxl.jobs.samples import town_ledger, write_plain_ledger

    out = []
    for seed, town in enumerate(["头道桥街道", "二道河街道", "新华街道", "站前街道", "振兴街道"], start=1):
        data = town_ledger(ws.form, town, 2026, 6, seed=seed, orgs=4, events=3)
        path = folder / f"{town}6月.xlsx"
        write_plain_ledger(ws.form, data, path)
        out.append(path)
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_the_morning_job_records_the_good_files_and_quarantines_the_poison(workspace: Path, tmp_path: Path,
                                                                           run, workers: int) -> None:  # type: ignore[no-untyped-def]
    from fedxl.jobs.run import run_job
    from fedxl.store import Store

    ws = Workspace(workspace)
    inbox = ws.folder("inbox")
    good = _ledgers(ws, tmp_path)
    for i, path in enumerate(good):
        shutil.copy(path, inbox / path.name)
        if i == 2:
            lying_dimension(inbox, "兴隆镇6月.xlsx")
    result = run_job(ws, workers=workers)
    codes = {Path(r.report.file).name: r.report.status for r in result.batch.results}
    assert codes.pop("兴隆镇6月.xlsx") == "unreadable"
    assert set(codes.values()) == {"accepted"} and len(codes) == 5
    assert not any(r.duplicate for r in result.batch.results)
    with Store(ws.db_path, ws.form) as store:
        assert len(store.submissions()) == 6  # the poison too, as a failed attempt
    aside = inbox / "_未处理"
    assert sorted(p.name for p in aside.iterdir()) == ["兴隆镇6月.xlsx", "兴隆镇6月.xlsx.原因.txt"]
    assert "XFD1048576" in (aside / "兴隆镇6月.xlsx.原因.txt").read_text(encoding="utf-8-sig")
    assert [p.name for p in inbox.iterdir()] == ["_未处理"]
    log = (ws.workbooks / "fedxl.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 1 and "返回码 2" in log[0] and "_未处理" in log[0]
    shutil.copy(aside / "兴隆镇6月.xlsx", inbox / "again.xlsx")  # the same bytes again: known, never read again
    again = run_job(ws, workers=workers)
    assert [r.duplicate for r in again.batch.results] == [True]


def test_the_poison_alone_leaves_a_log_line(workspace: Path) -> None:
    ws = Workspace(workspace)
    lying_dimension(ws.folder("inbox"))
    proc = _cli(workspace, "run")
    assert proc.returncode == 2, proc.stderr
    log = (ws.workbooks / "fedxl.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 1 and "返回码 2" in log[0]


def test_ingest_api_goes_on_after_a_worker_dies(workspace: Path, tmp_path: Path) -> None:
    ws = Workspace(workspace)
    files = _ledgers(ws, tmp_path)
    files.insert(1, rows_without_r(tmp_path))
    batch = ingest(ws, files, workers=2)
    assert [r.report.status for r in batch.results] == ["accepted", "unreadable"] + ["accepted"] * 4
    assert all(r.submission_id for r in batch.results)
