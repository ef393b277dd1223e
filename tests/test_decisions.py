"""The district's decisions on submissions: void and undo, extend, approve (a later file refused)
and reopen (it is let in), return; each kept in the log and in the journal, restored by a rebuild,
and every bad request refused with exit 2 and nothing changed."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

import fedxl.api
from fedxl.errors import UsageError
from fedxl.jobs.samples import LedgerData, cumulative_ledgers, write_plain_ledger
from fedxl.store import open_store
from fedxl.workspace import Workspace

TOWNS = ["头道桥街道", "二道河街道", "新华街道", "站前街道", "振兴街道"]
AS_OF = "2026-07-20"


def _send(ws: Workspace, data: LedgerData, when: dt.datetime, name: str) -> int:
    path = ws.folder("inbox") / name
    write_plain_ledger(ws.form, data, path)
    os.utime(path, (when.timestamp(), when.timestamp()))
    batch = fedxl.api.ingest(ws, [path], workers=1)
    (result,) = batch.results
    assert result.submission_id is not None
    return result.submission_id


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[int, int]]]:
    """May and June of five towns, on time; their ids by town and month."""
    from fedxl.jobs.setup import init_workspace

    root = tmp_path_factory.mktemp("decisions") / "ws"
    init_workspace(root, year=2026)
    ws = Workspace(root)
    ids: dict[str, dict[int, int]] = {}
    for i, town in enumerate(TOWNS):
        months = cumulative_ledgers(ws.form, town, 2026, [5, 6, 7], seed=i, orgs=4, events=3)
        for month in (5, 6):
            when = dt.datetime(2026, month + 1, 2 + i, 10)
            sid = _send(ws, months[month], when, f"{town}{month}月.xlsx")
            ids.setdefault(town, {})[month] = sid
    return root, ids


@pytest.fixture
def ws(district: tuple[Path, dict[str, dict[int, int]]], tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    shutil.copytree(district[0], root)
    return Workspace(root)


def _board(ws: Workspace, month: str = "2026-06", as_of: str = AS_OF) -> dict[str, dict]:
    board = fedxl.api.status(ws, month, as_of=as_of)
    return {row["town"]: row for row in board.to_dict()["towns"]}


def test_void_and_undo(ws: Workspace, district, run) -> None:  # type: ignore[no-untyped-def]
    ids = district[1]
    june = ids["二道河街道"][6]
    out = run("void", str(june), "--reason", "发错了文件", "-w", str(ws.root))
    assert out.exit_code == 0, out.stderr
    row = _board(ws)["二道河街道"]
    assert row["state"] == "missing" and row["submission_id"] is None  # as if never sent
    with open_store(ws, readonly=True) as store:
        assert store.effective(("二道河街道",), "2026-06") is None
    assert run("void", str(june), "--undo", "-w", str(ws.root)).exit_code == 0
    assert _board(ws)["二道河街道"]["submission_id"] == june
    log = run("log", "--json", "-w", str(ws.root)).json()["decisions"]
    assert [(d["kind"], d["submission_id"], d["reason"]) for d in log] == [
        ("void", june, "发错了文件"),
        ("unvoid", june, ""),
    ]
    assert all(d["who"] and d["at"] for d in log)


@pytest.mark.parametrize(
    "args",
    [
        ("void", "{id}"),  # no reason
        ("void", "{id}", "--reason", "   "),  # only spaces
        ("void", "999999", "--reason", "x"),  # no such submission
        ("void", "{id}", "--undo"),  # not voided
        ("review", "{id}"),  # neither --approve nor --return
        ("review", "{id}", "--return"),  # no reason
        ("review", "{rejected}", "--approve"),  # rejected: nothing to approve
        ("reopen", "新华街道", "-m", "2026-06"),  # not locked
        ("extend", "新华街道", "-m", "2026-06", "--until", "2026-07-01", "--reason", "x"),
        ("extend", "新华街道", "-m", "2026-06", "--until", "2026-11-30", "--reason", "x"),
        ("extend", "新华街道", "-m", "2026-06", "--until", "下周", "--reason", "x"),
        ("extend", "新华街道", "-m", "2026-06", "--until", "2026-07-15"),  # no reason
        ("extend", "不存在镇", "-m", "2026-06", "--until", "2026-07-15", "--reason", "x"),
    ],
)
def test_bad_requests_change_nothing(ws: Workspace, district, run, args) -> None:  # type: ignore[no-untyped-def]
    ids = district[1]
    data = cumulative_ledgers(ws.form, "站前街道", 2026, [6], seed=9, orgs=4, events=3)[6]
    data.tables["妇委会名录"][0]["所在单位"] = None  # a required cell left empty: rejected
    rejected = _send(ws, data, dt.datetime(2026, 7, 9, 9), "站前街道6月(错).xlsx")
    values = {"id": ids["新华街道"][6], "rejected": rejected}
    argv = [a.format(**values) for a in args]
    journal = ws.workbooks / "archive" / ".fedxl-decisions.jsonl"
    out = run(*argv, "-w", str(ws.root))
    assert out.exit_code == 2, (argv, out.stdout)
    assert out.stderr.startswith("错误：") and "Traceback" not in out.stderr
    assert fedxl.api.decisions(ws) == [] and not journal.exists()


def test_extension_moves_the_towns_deadline(ws: Workspace, run) -> None:  # type: ignore[no-untyped-def]
    """July: 新华街道 is given until 12 August; its file of 10 August is on time, the board
    says 待报送 until then (not 未报送), and 未报送 after."""
    out = run(
        "extend", "新华街道", "-m", "2026-07", "--until", "2026-08-12", "--reason", "换届选举",
        "-w", str(ws.root),
    )  # fmt: skip
    assert out.exit_code == 0, out.stderr
    assert _board(ws, "2026-07", "2026-08-09")["新华街道"]["state"] == "pending"
    assert _board(ws, "2026-07", "2026-08-09")["二道河街道"]["state"] == "missing"
    assert _board(ws, "2026-07", "2026-08-13")["新华街道"]["state"] == "missing"
    july = cumulative_ledgers(ws.form, "新华街道", 2026, [5, 6, 7], seed=2, orgs=4, events=3)[7]
    _send(ws, july, dt.datetime(2026, 8, 10, 15), "新华街道7月.xlsx")
    row = _board(ws, "2026-07", "2026-08-20")["新华街道"]
    assert row["state"] == "submitted" and row["until"] == "2026-08-12"


def test_approval_locks_the_month_until_it_is_reopened(ws: Workspace, district, run) -> None:  # type: ignore[no-untyped-def]
    ids = district[1]
    approved = ids["振兴街道"][6]
    assert run("review", str(approved), "--approve", "-w", str(ws.root)).exit_code == 0
    assert _board(ws)["振兴街道"]["approved"] is True
    again = cumulative_ledgers(ws.form, "振兴街道", 2026, [6], seed=11, orgs=5, events=3)[6]
    path = ws.folder("inbox") / "振兴街道6月(改).xlsx"
    write_plain_ledger(ws.form, again, path)
    when = dt.datetime(2026, 7, 12, 9).timestamp()
    os.utime(path, (when, when))
    out = run("ingest", "--json", "-w", str(ws.root))
    (doc,) = out.json()["files"]
    assert doc["status"] == "rejected" and "month-locked" in [f["code"] for f in doc["findings"]]
    assert _board(ws)["振兴街道"]["submission_id"] == approved  # the approved one stays
    later = doc["submission_id"]
    # the locked month cannot be voided or returned from under its approval
    assert run("void", str(approved), "--reason", "x", "-w", str(ws.root)).exit_code == 2
    assert run("reopen", "振兴街道", "-m", "2026-06", "-w", str(ws.root)).exit_code == 0
    row = _board(ws)["振兴街道"]
    assert row["submission_id"] == later and not row["approved"]  # the refused file is let in
    stored = fedxl.api.submission(ws, later)
    assert stored is not None and stored.status == "accepted" and stored.errors == 0


def test_a_returned_ledger_is_out_of_effect_and_the_notice_says_why(
    ws: Workspace, district, run
) -> None:  # type: ignore[no-untyped-def]
    ids = district[1]
    june = ids["站前街道"][6]
    out = run("review", str(june), "--return", "--reason", "妇委会名录漏了两家", "-w", str(ws.root))
    assert out.exit_code == 0, out.stderr
    row = _board(ws)["站前街道"]
    assert row["state"] == "returned" and row["submission_id"] == june
    summary = fedxl.api.metrics(ws, "2026-06", as_of=AS_OF)
    assert summary.coverage["carried"].get("站前街道") == "2026-05"  # June's figures gone
    made = fedxl.api.report(ws, "reminder", "2026-06", as_of=AS_OF)
    text = "".join(made.context["pending"])
    assert "站前街道" in text and "妇委会名录漏了两家" in text


def test_a_rebuild_restores_every_decision(ws: Workspace, district, run) -> None:  # type: ignore[no-untyped-def]
    """Decisions made between files: after deleting the store and rebuilding, the log, the
    effective submissions and the locked month's refusal are the same."""
    ids = district[1]
    root = str(ws.root)
    assert run("review", str(ids["振兴街道"][6]), "--approve", "-w", root).exit_code == 0
    again = cumulative_ledgers(ws.form, "振兴街道", 2026, [6], seed=11, orgs=5, events=3)[6]
    path = ws.folder("inbox") / "振兴街道6月(改).xlsx"
    write_plain_ledger(ws.form, again, path)
    when = dt.datetime(2026, 7, 12, 9).timestamp()
    os.utime(path, (when, when))
    assert run("ingest", "-w", root).exit_code == 1  # refused: the month is locked
    assert run("void", str(ids["新华街道"][6]), "--reason", "错报", "-w", root).exit_code == 0
    assert (
        run("review", str(ids["站前街道"][6]), "--return", "--reason", "漏报", "-w", root).exit_code
        == 0
    )
    assert run(
        "extend", "头道桥街道", "-m", "2026-07", "--until", "2026-08-15", "--reason", "延期",
        "-w", root,
    ).exit_code == 0  # fmt: skip
    before = (
        run("log", "--json", "-w", root).json(),
        run("status", "-m", "2026-06", "--json", "--as-of", AS_OF, "-w", root).json(),
        run("status", "-m", "2026-07", "--json", "--as-of", "2026-08-10", "-w", root).json(),
    )
    db = ws.db_path
    for part in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        part.unlink(missing_ok=True)
    assert run("rebuild", "-w", root).exit_code == 0
    after = (
        run("log", "--json", "-w", root).json(),
        run("status", "-m", "2026-06", "--json", "--as-of", AS_OF, "-w", root).json(),
        run("status", "-m", "2026-07", "--json", "--as-of", "2026-08-10", "-w", root).json(),
    )
    assert after == before


def test_a_journal_line_the_store_missed_is_applied_next_time(ws: Workspace, district) -> None:  # type: ignore[no-untyped-def]
    """A crash after the journal line and before the store's commit: the next decision applies
    it first."""
    ids = district[1]
    sub = fedxl.api.submission(ws, ids["二道河街道"][6])
    assert sub is not None
    line = {
        "uid": "0" * 32,
        "at": "2026-07-20T10:00:00",
        "who": "clerk",
        "kind": "void",
        "submission_sha": sub.sha256,
        "town": sub.town,
        "month": sub.month,
        "until": None,
        "reason": "断电前作废的",
    }
    journal = ws.folder("archive") / ".fedxl-decisions.jsonl"
    journal.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    fedxl.api.extend(ws, "新华街道", "2026-07", until="2026-08-12", reason="换届")
    kinds = [(d.kind, d.reason) for d in fedxl.api.decisions(ws)]
    assert kinds == [("void", "断电前作废的"), ("extend", "换届")]
    assert _board(ws)["二道河街道"]["state"] == "missing"


def test_two_clerks_approving_at_once_one_wins(ws: Workspace, district) -> None:  # type: ignore[no-untyped-def]
    sid = district[1]["头道桥街道"][6]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def approve() -> None:
        barrier.wait()
        try:
            fedxl.api.approve(ws, sid, who=threading.current_thread().name)
            outcomes.append("ok")
        except UsageError as exc:
            outcomes.append(exc.key)

    threads = [threading.Thread(target=approve, name=f"clerk{i}") for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes) == ["decide.locked_already", "ok"]
    assert [d.kind for d in fedxl.api.decisions(ws)] == ["approve"]


def test_changes_name_what_a_town_dropped_and_edited(ws: Workspace, run) -> None:  # type: ignore[no-untyped-def]
    """A corrected June file: the organisation it dropped, the field it changed (old → new), the
    rows it added; against the June file it replaces."""
    june = cumulative_ledgers(ws.form, "新华街道", 2026, [5, 6, 7], seed=2, orgs=4, events=3)[6]
    roster = june.tables["妇委会名录"]
    dropped = roster.pop(0)["组织名称"]
    for sheet, rows in june.tables.items():  # its events go with it
        june.tables[sheet] = [
            r for r in rows if dropped not in (r.get("组织名称"), r.get("所在组织"))
        ]
    edited = roster[0]["组织名称"]
    before = roster[0]["执委人数"]
    roster[0]["执委人数"] = before + 2
    extra = dict(june.tables["活动台账"][0])
    extra["活动名称"] = "巾帼读书会"
    june.tables["活动台账"].append(extra)
    sid = _send(ws, june, dt.datetime(2026, 7, 6, 9), "新华街道6月(改).xlsx")
    out = run("changes", "--town", "新华街道", "--month", "2026-06", "--json", "-w", str(ws.root))
    assert out.exit_code == 0, out.stderr
    doc = out.json()
    assert doc["submission_id"] == sid and doc["previous_month"] == "2026-06"
    assert doc["organisations"]["gone"] == [dropped]
    (change,) = [c for c in doc["organisations"]["changed"] if c["name"] == edited]
    assert {"column": "执委人数", "old": before, "new": before + 2} in change["fields"]
    assert doc["rows_added"]["活动台账"] >= 1
    text = run("changes", "--id", str(sid), "-w", str(ws.root)).stdout
    assert dropped in text and f"{before} → {before + 2}" in text
    first = run("changes", "--town", "新华街道", "--month", "2026-05", "-w", str(ws.root))
    assert first.exit_code == 0 and "没有可比较" in first.stdout
    assert run("changes", "--town", "新华街道", "-w", str(ws.root)).exit_code == 2


def test_find_an_organisation_across_towns_and_months(ws: Workspace, run) -> None:  # type: ignore[no-untyped-def]
    """By part of its name: where it is now and each month; by its 主任's phone too; a person of
    another sheet with the row naming them."""
    from fedxl.store import open_store

    with open_store(ws, readonly=True) as store:
        june = store.effective(("站前街道",), "2026-06")
        assert june is not None
        org = store.rows("妇委会名录", june.id)[1]
    part = org["组织名称"][2:6]
    out = run("find", part, "--json", "-w", str(ws.root))
    assert out.exit_code == 0, out.stderr
    hits = {f["name"]: f for f in out.json()["found"]}
    hit = hits[org["组织名称"]]
    with open_store(ws, readonly=True) as store:  # the months whose ledger lists it
        expected = [
            m
            for m in ("2026-05", "2026-06")
            if any(
                r["组织名称"] == org["组织名称"]
                for r in store.rows("妇委会名录", store.effective(("站前街道",), m).id)  # type: ignore[union-attr]
            )
        ]
    assert [(h["month"], h["town"]) for h in hit["history"]] == [(m, "站前街道") for m in expected]
    assert expected[-1] == "2026-06" and hit["matched"] == "组织名称"
    by_phone = run("find", str(org["主任手机"])[-8:], "--json", "-w", str(ws.root)).json()
    assert org["组织名称"] in {f["name"] for f in by_phone["found"]}
    assert run("find", "没有这个名字的组织", "-w", str(ws.root)).exit_code == 0


def test_a_fivefold_jump_is_implausible_until_the_district_checks_it(ws: Workspace, run) -> None:  # type: ignore[no-untyped-def]
    """女职工数 five times May's: `implausible` with the earlier value; marked checked, the same
    value is not warned of again (职工总数, not marked, still is); the 预警 sheet lists it."""
    import openpyxl

    from fedxl.checking.findings import SEVERITY_ORDER

    months = cumulative_ledgers(ws.form, "二道河街道", 2026, [5, 6, 7], seed=1, orgs=4, events=3)
    may = months[5].tables["妇委会名录"][0]
    june = months[6]
    org = june.tables["妇委会名录"][0]
    assert org["组织名称"] == may["组织名称"]
    org["职工总数"], org["女职工数"] = may["职工总数"] * 5, may["女职工数"] * 5
    sid = _send(ws, june, dt.datetime(2026, 7, 6, 9), "二道河6月(改).xlsx")
    findings = fedxl.api.stored_report(ws, fedxl.api.submission(ws, sid)).findings  # type: ignore[arg-type]
    jumps = {f.column: f for f in findings if f.code == "implausible"}
    assert set(jumps) == {"职工总数", "女职工数"}
    assert str(may["女职工数"]) in jumps["女职工数"].message  # the earlier value is said
    listed = sorted(findings, key=lambda f: SEVERITY_ORDER[f.severity])
    number = listed.index(jumps["女职工数"]) + 1
    out = run(
        "review", str(sid), "--accept-warning", str(number), "--reason", "已电话核实",
        "-w", str(ws.root),
    )  # fmt: skip
    assert out.exit_code == 0, out.stderr
    assert (
        run("review", str(sid), "--accept-warning", str(number), "-w", str(ws.root)).exit_code == 2
    )
    org["备注"] = "已核实"  # another file, the same numbers
    # and another organisation's 女职工数 jumps to the same value: that one was not checked
    other = june.tables["妇委会名录"][2]
    assert other["女职工数"] * 3 < org["女职工数"] < other["职工总数"] + 10
    other["女职工数"], other["职工总数"] = org["女职工数"], other["职工总数"] + 10
    again = _send(ws, june, dt.datetime(2026, 7, 7, 9), "二道河6月(再改).xlsx")
    found = fedxl.api.stored_report(ws, fedxl.api.submission(ws, again)).findings  # type: ignore[arg-type]
    codes = [(f.code, f.column, f.row) for f in found]
    assert ("implausible", "职工总数", jumps["职工总数"].row) in codes
    assert [
        row for code, column, row in codes if (code, column) == ("implausible", "女职工数")
    ] == [
        jumps["女职工数"].row + 2  # the other organisation's, two rows below
    ]
    summary = fedxl.api.merge(ws, "2026-06", as_of=AS_OF).path
    alerts = openpyxl.load_workbook(summary)["预警"]
    kinds = {(r[0].value, r[1].value, r[2].value) for r in alerts.iter_rows(min_row=4)}
    assert ("数字变化异常", "二道河街道", "职工总数") in kinds


def test_recheck_after_a_register_fix(ws: Workspace, run) -> None:  # type: ignore[no-untyped-def]
    """A July file that named its town 新华办 (not in the register) failed; after the alias is
    added to fedxl.toml, `fedxl recheck` says it now passes and is effective, and the log keeps
    the earlier result."""
    july = cumulative_ledgers(ws.form, "新华街道", 2026, [5, 6, 7], seed=2, orgs=4, events=3)[7]
    july.info["填报单位"] = "新华办"
    path = ws.folder("inbox") / "7月台账.xlsx"  # the file name names no town either
    write_plain_ledger(ws.form, july, path)
    when = dt.datetime(2026, 8, 3, 9).timestamp()
    os.utime(path, (when, when))
    (doc,) = run("ingest", "--json", "-w", str(ws.root)).json()["files"]
    assert doc["status"] == "rejected" and "town-unknown" in [f["code"] for f in doc["findings"]]
    sid = doc["submission_id"]
    config = ws.root / "fedxl.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'aliases = ["新华"]', 'aliases = ["新华", "新华办"]'
        ),
        encoding="utf-8",
    )
    out = run("recheck", "--month", "2026-07", "--json", "-w", str(ws.root))
    assert out.exit_code == 0, out.stderr
    done = out.json()
    assert [(c["submission_id"], c["before"], c["after"]) for c in done["changed"]] == [
        (sid, "rejected", "accepted")
    ]
    assert done["effective"] == [
        {"town": "新华街道", "month": "2026-07", "before": None, "after": sid}
    ]
    board = _board(Workspace(ws.root), "2026-07", "2026-08-10")
    assert board["新华街道"]["submission_id"] == sid and board["新华街道"]["state"] == "submitted"
    log = run("log", "--json", "-w", str(ws.root)).json()["decisions"]
    (entry,) = [d for d in log if d["kind"] == "recheck"]
    assert json.loads(entry["detail"])["before"]["status"] == "rejected"
    again = run("recheck", "--month", "2026-07", "--json", "-w", str(ws.root)).json()
    assert again["changed"] == []  # nothing more to change


def test_a_file_sent_back_also_says_what_it_changed(ws: Workspace) -> None:
    """A file with a warning (an implausible number) and a new activity: its feedback file has a
    与上月对比 sheet saying what it changed, and the town's file read again ignores that sheet."""
    import openpyxl

    months = cumulative_ledgers(ws.form, "振兴街道", 2026, [5, 6, 7], seed=4, orgs=4, events=3)
    june = months[6]
    extra = dict(june.tables["活动台账"][0])
    extra["活动名称"] = "巾帼健步走"
    june.tables["活动台账"].append(extra)
    org = june.tables["妇委会名录"][0]
    org["职工总数"], org["女职工数"] = org["职工总数"] * 10, org["女职工数"] * 10
    path = ws.folder("inbox") / "振兴街道6月(补).xlsx"
    write_plain_ledger(ws.form, june, path)
    when = dt.datetime(2026, 7, 8, 9).timestamp()
    os.utime(path, (when, when))
    (result,) = fedxl.api.ingest(ws).results
    assert result.report.status == "accepted" and result.report.counts["warning"]
    assert result.feedback is not None
    book = openpyxl.load_workbook(result.feedback)
    lines = [c.value for c in book["与上月对比"]["A"] if c.value]
    expected = fedxl.api.changes(ws, submission_id=result.submission_id).lines()
    assert lines[1:] == expected and any("活动台账 1 条" in x for x in lines)
    again = fedxl.api.check_file(result.feedback, ws)
    assert "sheet-unknown" not in [f.code for f in again.findings]


def test_a_clean_ledger_that_changed_something_is_given_back_on_request(
    ws: Workspace, district: tuple[Path, dict[str, dict[int, int]]]
) -> None:
    """A clean June is not written back at ingest, but asking for its copy (the town's page) gets
    its 与上月对比 sheet; a clean first ledger (nothing to compare with) has no copy."""
    import io

    import openpyxl

    ids = district[1]
    june = fedxl.api.submission(ws, ids["站前街道"][6])
    may = fedxl.api.submission(ws, ids["站前街道"][5])
    assert june is not None and may is not None
    assert not june.needs_feedback and not may.needs_feedback  # both clean
    assert not list(ws.folder("feedback").glob("站前街道*"))  # nothing written at ingest
    said = fedxl.api.changes(ws, submission_id=june.id)
    assert said.sheet_lines() and fedxl.api.has_feedback(ws, june, changed=True)
    assert not fedxl.api.has_feedback(ws, june)  # nothing to mark on its own
    made = fedxl.api.feedback(ws, june)
    assert made is not None and made[0].startswith("站前街道_2026-06_")
    book = openpyxl.load_workbook(io.BytesIO(made[1]))
    assert [c.value for c in book["与上月对比"]["A"] if c.value][1:] == said.lines()
    assert fedxl.api.feedback(ws, may) is None


def test_a_month_far_outside_the_towns_own_history_is_implausible(ws: Workspace) -> None:
    """July's 参与人次 thirty times a usual month (the ledger holds the year, so the town's own
    months are its history): an implausible warning naming the usual value; an ordinary month
    gets none."""
    from fedxl.i18n import t

    months = cumulative_ledgers(
        ws.form, "兴隆镇", 2026, list(range(1, 8)), seed=3, orgs=4, events=3
    )
    july = months[7]  # an ordinary July first
    path = ws.folder("inbox") / "兴隆镇7月.xlsx"
    write_plain_ledger(ws.form, july, path)
    report = fedxl.api.check_file(path, ws)
    assert not [f for f in report.findings if f.code == "implausible"]
    big = dict(next(r for r in july.tables["活动台账"] if r["活动日期"].month == 7))
    big["活动名称"], big["参与人数"] = "全镇巾帼健步走", 30000
    july.tables["活动台账"].append(big)
    write_plain_ledger(ws.form, july, path)
    report = fedxl.api.check_file(path, ws)
    (flow,) = [f for f in report.findings if f.code == "implausible"]
    assert flow.severity == "warning" and flow.sheet == "活动台账"
    assert t("flow.participants") in flow.message and flow.value > 30000
