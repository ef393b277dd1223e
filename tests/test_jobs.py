"""The scheduled job (lock, nothing-new runs, recovery), scheduling text and the demo."""

from __future__ import annotations

import json
import os
import shutil
import socket
from pathlib import Path

import openpyxl
import pytest

from fedxl.jobs.lock import WorkspaceLock
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
    assert len(log) == 3 and "merged=no" in log[1]
    result = run("run", "-w", str(workspace))
    assert result.exit_code == 0 and "没有新的台账" in result.stdout


def test_concurrent_run_exits_3(workspace: Path, run) -> None:
    ws = Workspace(workspace)
    with WorkspaceLock(ws.workbooks / ".fedxl.lock"):
        result = run("run", "-w", str(workspace))
    assert result.exit_code == 3
    assert "另一个 fedxl 正在运行" in result.stderr
    assert run("run", "-w", str(workspace)).exit_code == 0  # released


def test_stale_lock_of_a_killed_run_is_taken_over(workspace: Path, run) -> None:
    ws = Workspace(workspace)
    lock = ws.workbooks / ".fedxl.lock"
    dead_pid = 2**22 + 12345  # above Linux's largest pid: no such process
    lock.write_text(json.dumps({"pid": dead_pid, "host": socket.gethostname(),
                                "since": "2026-07-01T07:30:00"}), encoding="utf-8")
    _drop(ws, "clean_plain.xlsx")
    result = run("run", "-w", str(workspace))
    assert result.exit_code == 0
    assert not lock.exists()
    assert not list(ws.folder("inbox").iterdir())


def test_lock_of_another_host_is_respected(workspace: Path) -> None:
    ws = Workspace(workspace)
    lock = ws.workbooks / ".fedxl.lock"
    lock.write_text(json.dumps({"pid": 1, "host": "another-pc", "since": "x"}), encoding="utf-8")
    from fedxl.errors import LockedError

    with pytest.raises(LockedError):
        run_job(ws)


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
    for name in ("振兴区工作简报_2026-07.docx", "振兴区半年工作总结_2026H1.docx", "振兴区催报通知_2026-07.docx"):
        assert (root / "workbooks" / "reports" / name).is_file()
    june = run("status", "-m", "2026-06", "--json", "-w", str(root)).json()
    states = {t["town"]: t["state"] for t in june["towns"]}
    assert states["双山镇"] == "missing" and states["永安镇"] == "late" and states["站前街道"] == "rejected"
    assert june["rate"] == 0.8 and june["on_time_rate"] == 0.7
    july = run("status", "--json", "-w", str(root)).json()  # the latest month with submissions
    assert july["month"] == "2026-07" and july["rate"] == 0.9
    alerts = openpyxl.load_workbook(summary)["预警"]
    kinds = {r[0].value for r in alerts.iter_rows(min_row=4)}
    assert {"逾期报送", "未报送", "记录减少", "软弱涣散"} <= kinds
    assert not list((root / "workbooks" / "inbox").iterdir())
    h1 = run("metrics", "--half", "2026H1", "--json", "-w", str(root)).json()
    year = run("metrics", "--year", "2026", "--json", "-w", str(root)).json()
    assert (h1["end"], year["end"]) == ("2026-06-30", "2026-07-31")
    assert h1["district"]["活动次数（本期）"] < year["district"]["活动次数（本年累计）"]
    assert os.path.exists(root / "workbooks" / "feedback" / "站前街道_2026-06_站前街道6月台账_校验结果.xlsx")
