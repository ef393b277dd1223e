"""The reporting board to the second: on time, late, rejected, pending and missing around the
deadline and an extension's last day, the line under the board, and which month a command means
when none is given. Submissions are recorded straight into a store (no reading of files)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from fedxl.checking import CheckContext, check_file, finding
from fedxl.jobs.samples import cumulative_ledgers, write_plain_ledger
from fedxl.jobs.setup import init_workspace
from fedxl.store import open_store
from fedxl.submissions.status import (
    collecting_month,
    deadline_until,
    latest_data_month,
    resolve_month,
    status_board,
)
from fedxl.wording import percent
from fedxl.workspace import Workspace
from fedxl.workspace.config import Town

T = dt.datetime.fromisoformat


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("status") / "ws"
    init_workspace(root, year=2026)
    ws = Workspace(root)
    town = ws.config.towns[0].name  # a town of the register; the board's towns are others
    data = cumulative_ledgers(ws.form, town, 2026, [6], seed=1, orgs=2, events=2)[6]
    path = root / f"{town}6月.xlsx"
    write_plain_ledger(ws.form, data, path)
    report = check_file(path, CheckContext(ws.form, ws.config))
    assert report.status == "accepted", [f.code for f in report.findings]
    return report


@pytest.fixture
def board_ws(tmp_path: Path, checked: Any) -> tuple[Workspace, Any]:
    init_workspace(tmp_path / "ws", year=2026)
    ws = Workspace(tmp_path / "ws")
    towns = tuple(Town(n) for n in ("甲镇", "乙镇", "丙镇", "丁镇", "戊镇"))
    # 己镇 reports from August: not due for June
    config = dataclasses.replace(ws.config, towns=(*towns, Town("己镇", since="2026-08")))
    bad = dataclasses.replace(
        checked, findings=[finding("column-missing", sheet="妇委会名录", column="所在单位")]
    )
    assert bad.status == "rejected"
    sent = [
        ("甲镇", "2026-06", checked, "2026-07-02T09:00:00"),
        (
            "甲镇",
            "2026-06",
            checked,
            "2026-07-05T23:59:59",
        ),  # sent again, the deadline's last second
        ("乙镇", "2026-06", checked, "2026-07-06T00:00:00"),  # one second late
        ("丙镇", "2026-06", bad, "2026-07-03T10:00:00"),
        ("戊镇", "2026-06", checked, "2026-07-10T23:59:30"),  # within its extension
        ("甲镇", "2026-07", checked, "2026-08-03T09:00:00"),
        (None, "2026-06", bad, "2026-07-03T11:00:00"),  # a file no town could be told for
    ]
    with open_store(ws) as store:
        for i, (town, month, report, received) in enumerate(sent):
            store.record(
                dataclasses.replace(report, town=town, period=month, sha256=f"{i:064d}"),
                archive_path=f"archive/{i}.xlsx",
                received_at=received,
                original_name=f"{town}{month}.xlsx",
            )
        with store.transaction():
            store.set_extension("戊镇", "2026-06", "2026-07-10")
    return ws, config


def _board(ws: Workspace, config: Any, now: str) -> dict[str, tuple[Any, ...]]:
    with open_store(ws, readonly=True) as store:
        board = status_board(config, store, "2026-06", now=T(now))
    return {
        t.town: (t.state, t.submitted_at, t.submissions, t.until, t.reason) for t in board.towns
    }


def test_the_board_at_the_deadline_and_after(board_ws: tuple[Workspace, Any]) -> None:
    ws, config = board_ws
    at_deadline = _board(ws, config, "2026-07-05T23:59:59")
    assert at_deadline == {
        "甲镇": ("submitted", "2026-07-05T23:59:59", 2, None, None),  # the last file shown
        "乙镇": ("pending", None, 0, None, None),  # its file comes a second later
        "丙镇": ("rejected", "2026-07-03T10:00:00", 1, None, None),
        "丁镇": ("pending", None, 0, None, None),
        "戊镇": ("pending", None, 0, "2026-07-10", None),
    }  # 己镇 is not due for June
    after = _board(ws, config, "2026-07-06T00:00:00")
    assert after["乙镇"] == ("late", "2026-07-06T00:00:00", 1, None, None)
    assert after["丁镇"] == ("missing", None, 0, None, None)
    assert after["戊镇"] == ("pending", None, 0, "2026-07-10", None)


def test_an_extension_runs_to_the_end_of_its_last_day(board_ws: tuple[Workspace, Any]) -> None:
    ws, config = board_ws
    assert deadline_until("2026-07-10") == T("2026-07-10T23:59:59")
    assert _board(ws, config, "2026-07-10T23:59:29")["戊镇"][0] == "pending"
    assert _board(ws, config, "2026-07-11T08:00:00")["戊镇"] == (
        "submitted",
        "2026-07-10T23:59:30",
        1,
        "2026-07-10",
        None,
    )


def test_a_board_without_files_after_the_extension_says_missing(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws", year=2026)
    ws = Workspace(tmp_path / "ws")
    town = ws.config.towns[0].name
    with open_store(ws) as store:
        with store.transaction():
            store.set_extension(town, "2026-06", "2026-07-10")
        board = status_board(ws.config, store, "2026-06", now=T("2026-07-10T23:59:59"))
        assert {t.town: t.state for t in board.towns}[town] == "pending"
        board = status_board(ws.config, store, "2026-06", now=T("2026-07-11T00:00:00"))
        assert {t.town: t.state for t in board.towns}[town] == "missing"


def test_the_line_under_the_board(
    board_ws: tuple[Workspace, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, config = board_ws
    with open_store(ws, readonly=True) as store:
        board = status_board(config, store, "2026-06", now=T("2026-07-08T12:00:00"))
    assert board.now == T("2026-07-08T12:00:00")
    assert board.due and (board.rate, board.on_time_rate) == (0.4, 0.2)
    said: dict[str, Any] = {}

    def capture(key: str, **kwargs: Any) -> str:
        said.update(kwargs, key=key)
        return ""

    import fedxl.i18n

    monkeypatch.setattr(fedxl.i18n, "t", capture)
    board.summary_line()
    assert said == {
        "key": "status.summary",
        "expected": 5,
        "actual": 2,
        "on_time": 1,
        "late": 1,
        "rejected": 1,
        "missing": 1,
        "pending": 1,
        "rate": percent(0.4),
        "on_time_rate": percent(0.2),
    }
    assert board.to_dict()["rate"] == 0.4 and board.to_dict()["on_time_rate"] == 0.2


def test_a_board_before_the_deadline_is_not_due_and_the_clock_is_to_the_second(
    board_ws: tuple[Workspace, Any],
) -> None:
    ws, config = board_ws
    with open_store(ws, readonly=True) as store:
        early = status_board(config, store, "2026-06", now=T("2026-07-05T23:59:59"))
        clock = status_board(config, store, "2026-06")
    assert early.due is False and early.now == T("2026-07-05T23:59:59")
    assert clock.now is not None and clock.now.microsecond == 0


def test_which_month_a_command_means(board_ws: tuple[Workspace, Any]) -> None:
    ws, _ = board_ws
    from fedxl.form.periods import due_month

    assert collecting_month() == due_month()  # by the clock
    assert collecting_month(T("2026-07-03T10:00:00")) == "2026-06"
    assert collecting_month(T("2027-01-03T10:00:00")) == "2026-12"
    assert resolve_month(ws, "2026年6月") == "2026-06"
    # figures: the latest month with an accepted ledger received by then
    assert resolve_month(ws, None, latest_data=True, now=T("2026-09-01T00:00:00")) == "2026-07"
    assert resolve_month(ws, None, latest_data=True, now=T("2026-08-01T00:00:00")) == "2026-06"
    # a board: the month being collected, whatever data there is
    assert resolve_month(ws, None, now=T("2026-09-01T00:00:00")) == "2026-08"
    # nothing accepted by then: the month being collected
    assert resolve_month(ws, None, latest_data=True, now=T("2026-07-01T00:00:00")) == "2026-06"
    with open_store(ws, readonly=True) as store:
        assert latest_data_month(store) == "2026-07"
        assert latest_data_month(store, T("2026-07-02T08:59:59")) is None
        assert latest_data_month(store, T("2026-07-02T09:00:00")) == "2026-06"


def test_no_store_yet_means_the_month_being_collected(tmp_path: Path) -> None:
    init_workspace(tmp_path / "ws", year=2026)
    ws = Workspace(tmp_path / "ws")
    assert resolve_month(ws, None, latest_data=True, now=T("2026-10-09T00:00:00")) == "2026-09"
    assert not (ws.workbooks / "fedxl.db").exists()  # a question opens no store
