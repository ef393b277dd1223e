"""The scheduled job (lock, nothing-new runs, recovery), scheduling text and the demo."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from fedxl.files.lock import WorkspaceLock
from fedxl.i18n import t
from fedxl.jobs.run import run_job
from fedxl.workspace import Workspace

SUB = Path(__file__).resolve().parent / "data" / "submissions"


def _drop(ws: Workspace, *names: str) -> None:
    for name in names:
        shutil.copy(SUB / name, ws.folder("inbox") / name)


def test_second_run_changes_nothing(workspace: Path, run) -> None:  # type: ignore[no-untyped-def]
    ws = Workspace(workspace)
    _drop(ws, "clean_plain.xlsx", "新建 XLSX 工作表(2).xlsx")
    first = run_job(ws, reports=True)
    assert first.merged is not None and first.month == "2026-06" and len(first.reports) == 1
    stamp = first.merged.stat().st_mtime_ns
    second = run_job(ws, reports=True)
    assert second.unchanged and second.merged is None
    assert first.merged.stat().st_mtime_ns == stamp
    _drop(ws, "rules.xlsx")
    third = run_job(ws)
    assert not third.unchanged and third.exit_code == 1
    log = (ws.workbooks / "fedxl.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 3 and "汇总未变化" in log[1] and log[2].endswith("返回码 1")
    result = run("run", "-w", str(workspace))
    assert result.exit_code == 0 and t("run.unchanged", month=third.month) in result.stdout


def test_concurrent_run_exits_3(workspace: Path, run) -> None:
    ws = Workspace(workspace)
    with _holder(ws) as holder:
        result = run("run", "-w", str(workspace))
        assert result.exit_code == 3
        assert "另一个 fedxl 正在运行" in result.stderr and str(holder.pid) in result.stderr
        _drop(ws, "clean_plain.xlsx")
        # ingest, merge and report share the lock
        assert run("ingest", "-w", str(workspace)).exit_code == 3
        assert list(ws.folder("inbox").iterdir())  # untouched
    assert run("run", "-w", str(workspace)).exit_code == 0  # released
    with _holder(ws):
        assert run("merge", "-m", "2026-06", "-w", str(workspace)).exit_code == 3
        assert run("report", "briefing", "-m", "2026-06", "-w", str(workspace)).exit_code == 3
    _drop(ws, "clean_plain.xlsx")
    with WorkspaceLock(ws.workbooks):  # in one process the lock nests: run → ingest → merge
        assert run("ingest", "-w", str(workspace)).exit_code == 0


def test_every_run_leaves_a_log_line_even_when_it_fails(workspace: Path, run) -> None:
    ws = Workspace(workspace)
    log = ws.workbooks / "fedxl.log"
    with _holder(ws):
        assert run("run", "-w", str(workspace)).exit_code == 3
    (ws.root / "fedxl.toml").write_text("[district\n", encoding="utf-8")  # a broken config: exit 2
    assert run("run", "-w", str(workspace)).exit_code == 2
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all("ERROR" in line for line in lines)
    assert "另一个 fedxl 正在运行" in lines[0] and lines[0].endswith("（返回码 3）")
    assert "fedxl.toml" in lines[1] and lines[1].endswith("（返回码 2）")


def test_an_old_lock_file_with_a_reused_pid_never_blocks(workspace: Path, run) -> None:
    ws = Workspace(workspace)
    lock = ws.workbooks / ".fedxl.files.lock"  # as the pid-file lock of older versions left it
    lock.write_text(
        json.dumps({"pid": 1, "host": socket.gethostname(), "since": "2026-07-01T07:30:00"}),
        encoding="utf-8",
    )
    (ws.workbooks / ".fedxl.files.lock.json").write_text(json.dumps({"pid": 1}), encoding="utf-8")
    _drop(ws, "clean_plain.xlsx")
    result = run("run", "-w", str(workspace))
    assert result.exit_code == 0
    assert not list(ws.folder("inbox").iterdir())


HOLDER = """
import sys, time
from pathlib import Path
from fedxl.files.lock import WorkspaceLock
lock = WorkspaceLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
time.sleep(600)
"""


@contextlib.contextmanager
def _holder(ws: Workspace) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the workspace lock."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(ws.workbooks)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()


def test_a_lock_held_by_another_process_dies_with_it(workspace: Path) -> None:
    import signal
    import time

    from fedxl.errors import LockedError

    ws = Workspace(workspace)
    with _holder(ws) as holder:
        with pytest.raises(LockedError) as caught:
            run_job(ws)
        # who holds it, from the JSON beside the lock
        assert str(holder.pid) in caught.value.render()
        os.kill(holder.pid, signal.SIGKILL)  # not reaped yet: a zombie holds no lock
        deadline = time.monotonic() + 10
        while True:
            try:
                run_job(ws)
                break
            except LockedError:
                assert time.monotonic() < deadline
                time.sleep(0.05)


def test_schedule_prints_three_recipes(workspace: Path, run) -> None:
    result = run("schedule", "--at", "06:45", "-w", str(workspace))
    assert result.exit_code == 0
    out = result.stdout
    assert "45 6 * * *" in out and "OnCalendar=*-*-* 06:45:00" in out and "schtasks /Create" in out
    assert str(workspace.resolve()) in out
    assert run("schedule", "--at", "25:00", "-w", str(workspace)).exit_code == 2


def test_demo_end_to_end(tmp_path: Path, run) -> None:
    result = run("demo", str(tmp_path / "demo"), "--no-pdf")
    assert result.exit_code == 0, result.stderr
    root = tmp_path / "demo"
    summary = root / "workbooks" / "summaries" / "振兴区新领域妇联组织建设汇总表_2026-07.xlsx"
    assert summary.is_file()
    for name in (
        "振兴区工作简报_2026-07.docx",
        "振兴区半年工作总结_2026H1.docx",
        "振兴区催报通知_2026-07.docx",
    ):
        assert (root / "workbooks" / "reports" / name).is_file()
    june = run("status", "-m", "2026-06", "--json", "-w", str(root)).json()
    states = {t["town"]: t["state"] for t in june["towns"]}
    assert (
        states["双山镇"] == "missing"
        and states["永安镇"] == "late"
        and states["站前街道"] == "rejected"
    )
    assert june["rate"] == 0.8 and june["on_time_rate"] == 0.7
    # the month being collected
    july = run("status", "--json", "--as-of", "2026-08-10", "-w", str(root)).json()
    assert july["month"] == "2026-07" and july["rate"] == 0.9
    alerts = openpyxl.load_workbook(summary)["预警"]
    kinds = {r[0].value for r in alerts.iter_rows(min_row=4)}
    assert {"逾期报送", "未报送", "记录减少", "软弱涣散"} <= kinds
    assert not list((root / "workbooks" / "inbox").iterdir())
    h1 = run(
        "metrics", "--half", "2026H1", "--as-of", "2026-08-10", "--json", "-w", str(root)
    ).json()
    year = run(
        "metrics", "--year", "2026", "--as-of", "2026-08-10", "--json", "-w", str(root)
    ).json()
    assert (h1["end"], year["end"]) == ("2026-06-30", "2026-07-31")
    whole = run(
        "metrics", "--year", "2026", "--as-of", "2027-02-10", "--json", "-w", str(root)
    ).json()
    assert whole["end"] == "2026-12-31"
    assert h1["district"]["活动次数（本期）"] < year["district"]["活动次数（本年累计）"]
    # the half-year report names the towns whose figures stop at May (their June ledger is not in)
    assert h1["coverage"]["carried"] == {"站前街道": "2026-05", "双山镇": "2026-05"}
    import docx

    half = docx.Document(str(root / "workbooks" / "reports" / "振兴区半年工作总结_2026H1.docx"))
    text = "".join(p.text for p in half.paragraphs)
    assert "站前街道、双山镇沿用5月台账，其上半年活动、培训、服务等数字只计到5月底" in text
    assert os.path.exists(
        root / "workbooks" / "feedback" / "站前街道_2026-06_站前街道6月台账_校验结果.xlsx"
    )
    _the_demo_crosses_the_year(root, result.stdout, run)


def _the_demo_crosses_the_year(root: Path, out: str, run) -> None:  # type: ignore[no-untyped-def]
    """The second act: a town set up in September, a town renamed for 2027, December's ledger of
    永安镇 after January's blanks (still December's, late), January's blanks and briefing."""
    december = run(
        "status", "-m", "2026-12", "--as-of", "2027-02-10", "--json", "-w", str(root)
    ).json()
    states = {t["town"]: t["state"] for t in december["towns"]}
    assert states["永安镇"] == "late" and states["双山镇"] == "missing"
    assert (
        states["白桦镇"] == "submitted"
        and states["东湖街道"] == "submitted"
        and "东湖镇" not in states
    )
    assert december["rate"] == round(10 / 11, 4)
    july = run("status", "-m", "2026-07", "--as-of", "2026-08-10", "--json", "-w", str(root)).json()
    # the new town changed no past month
    assert "白桦镇" not in {t["town"] for t in july["towns"]} and july["rate"] == 0.9
    blank = root / "workbooks" / "blank"
    assert (blank / "东湖街道_2027-01_基础台账.xlsx").is_file() and not list(
        blank.glob("东湖镇_2027-01*")
    )
    # still due in 2027, though silent since May
    assert (blank / "双山镇_2027-01_基础台账.xlsx").is_file()
    import fedxl

    ws = fedxl.open_workspace(root)
    dec_roster = fedxl.month_tables(ws, "2026-12", as_of="2027-02-10")["妇委会名录"]
    town_rows = dec_roster[dec_roster["镇街"] == "头道桥街道"]
    withdrawn = set(town_rows[town_rows["组织状态"] == "已撤销"]["组织名称"])
    assert len(withdrawn) == 1
    book = openpyxl.load_workbook(blank / "头道桥街道_2027-01_基础台账.xlsx", read_only=True)
    try:  # a read-only workbook holds its file open until closed
        names = {
            c
            for row in book["妇委会名录"].iter_rows(min_row=3, values_only=True)
            for c in row
            if isinstance(c, str)
        }
    finally:
        book.close()
    assert not withdrawn & names and set(town_rows["组织名称"]) - withdrawn <= names
    for name in (
        "振兴区新领域妇联组织建设汇总表_2026-12.xlsx",
        "振兴区新领域妇联组织建设汇总表_2027-01.xlsx",
    ):
        assert (root / "workbooks" / "summaries" / name).is_file()
    assert (root / "workbooks" / "reports" / "振兴区工作简报_2027-01.docx").is_file()
    january = run(
        "metrics", "--month", "2027-01", "--as-of", "2027-02-10", "--json", "-w", str(root)
    ).json()
    assert "东湖街道" in {t["镇街"] for t in january["towns"]}
    assert "看什么" in out and "白桦镇" in out and "东湖街道" in out
    from fedxl.reports.render import docx_text

    july = docx_text(root / "workbooks" / "reports" / "振兴区工作简报_2026-07.docx")
    assert "双山镇沿用5月台账" in july  # carried forward: said, its July flows not counted
    assert "站前街道上月没有当期台账，未计入" in july  # the comparison is over the same towns
    jan = docx_text(root / "workbooks" / "reports" / "振兴区工作简报_2027-01.docx")
    assert (
        "以上数字不含双山镇" in jan and "妇委会总数减少" not in jan
    )  # no loss: the same towns compared


def test_windows_task_runs_when_the_pc_was_off(workspace: Path, run) -> None:
    from xml.etree import ElementTree

    from fedxl.jobs.schedule import TASK_NAME, task_xml, windows_python

    ns = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
    python = windows_python("C:\\Program Files\\Python311\\python.exe")
    assert python.endswith("pythonw.exe")
    xml = task_xml("D:\\台账 & 工作区", "06:45", python)
    root = ElementTree.fromstring(xml.replace('encoding="UTF-16"', ""))
    assert root.find("t:Settings/t:StartWhenAvailable", ns).text == "true"  # type: ignore[union-attr]
    assert root.find("t:Triggers/t:CalendarTrigger/t:StartBoundary", ns).text.endswith("T06:45:00")  # type: ignore[union-attr]
    exec_ = root.find("t:Actions/t:Exec", ns)
    assert exec_.find("t:Command", ns).text == "C:\\Program Files\\Python311\\pythonw.exe"  # type: ignore[union-attr]
    assert '--workspace "D:\\台账 & 工作区" run --reports' in exec_.find("t:Arguments", ns).text  # type: ignore[union-attr]
    out = run("schedule", "--at", "06:45", "-w", str(workspace))
    assert out.exit_code == 0 and "/XML" in out.stdout and TASK_NAME in out.stdout
    data = (workspace / TASK_NAME).read_bytes()
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff") and "StartWhenAvailable" in data.decode("utf-16")


def test_the_lock_holds_against_another_thread_of_the_same_process(workspace: Path) -> None:
    """The web intake ingests on one thread while an admin button asks for a merge on another:
    the second waits, it is not taken for a nested take."""
    import threading

    from fedxl.errors import LockedError

    ws = Workspace(workspace)
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        with WorkspaceLock(ws.workbooks):
            taken.set()
            done.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert taken.wait(10)
        with pytest.raises(LockedError), WorkspaceLock(ws.workbooks, timeout=0.3):
            pass
    finally:
        done.set()
        holder.join(10)
    with (
        WorkspaceLock(ws.workbooks, timeout=0.3),
        WorkspaceLock(ws.workbooks, timeout=0.3),
    ):  # nested: free
        pass
