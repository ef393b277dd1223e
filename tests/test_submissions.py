"""Ingest, archive, store, status board, org-missing and roll-forward over two months."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from fedxl.jobs.samples import LedgerData, cumulative_ledgers, town_ledger, write_plain_ledger
from fedxl.store import Store
from fedxl.submissions import ingest, status_board
from fedxl.workspace import Workspace

FIVE = ["头道桥街道", "二道河街道", "新华街道", "站前街道", "振兴街道"]


def ledger(
    ws: Workspace,
    town: str,
    month: int,
    folder: Path,
    name: str,
    *,
    seed: int = 1,
    drop_org: bool = False,
    broken: bool = False,
) -> Path:
    data = months_of(ws, town, seed)[
        month
    ]  # June keeps all of May and adds rows and one organisation
    if drop_org:
        roster = data.tables["妇委会名录"]
        gone, kept = roster[-2]["组织名称"], roster[0]["组织名称"]
        data.tables["妇委会名录"] = roster[:-2] + roster[-1:]
        for rows in data.tables.values():
            for row in rows:
                for key in ("组织名称", "所在组织"):
                    if row.get(key) == gone:
                        row[key] = kept
    if broken:
        data.tables["妇委会名录"][0]["所在单位"] = None
    path = folder / name
    write_plain_ledger(ws.form, data, path)
    return path


def months_of(ws: Workspace, town: str, seed: int = 1) -> dict[int, LedgerData]:
    return cumulative_ledgers(
        ws.form, town, 2026, [5, 6], seed=seed, orgs=5, events=4, new_orgs_every=1
    )


def send(ws: Workspace, path: Path, when: str):  # type: ignore[no-untyped-def]
    target = ws.folder("inbox") / path.name
    shutil.copy(path, target)
    batch = ingest(ws, received_at=dt.datetime.fromisoformat(when))
    assert len(batch.results) == 1
    return batch.results[0]


@pytest.fixture
def two_months(workspace: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    ws = Workspace(workspace)
    src = tmp_path / "made"
    src.mkdir()
    for town in FIVE:  # May: five towns, on time
        send(ws, ledger(ws, town, 5, src, f"{town}5月台账.xlsx"), "2026-06-03T09:00")
    r = {}
    r["tdq"] = send(
        ws, ledger(ws, "头道桥街道", 6, src, "头道桥6月.xlsx", drop_org=True), "2026-07-02T10:00"
    )
    r["edh_bad"] = send(
        ws, ledger(ws, "二道河街道", 6, src, "二道河6月.xlsx", broken=True), "2026-07-03T11:00"
    )
    r["edh_fixed"] = send(
        ws, ledger(ws, "二道河街道", 6, src, "二道河6月(改).xlsx"), "2026-07-08T16:30"
    )
    r["xh_bad"] = send(
        ws, ledger(ws, "新华街道", 6, src, "新华6月.xlsx", broken=True), "2026-07-04T08:00"
    )
    zx = ledger(ws, "振兴街道", 6, src, "振兴6月.xlsx")
    r["zx"] = send(ws, zx, "2026-07-04T09:00")
    shutil.copy(zx, src / "振兴6月(再发一次).xlsx")
    r["zx_again"] = send(ws, src / "振兴6月(再发一次).xlsx", "2026-07-05T09:00")
    return ws, r


def test_status_board_and_rates(two_months) -> None:  # type: ignore[no-untyped-def]
    ws, r = two_months
    with Store(ws.db_path, ws.form) as store:
        board = status_board(ws.config, store, "2026-06")
        may = status_board(ws.config, store, "2026-05")
    states = {t.town: t.state for t in board.towns}
    assert states == {
        "头道桥街道": "submitted",
        "二道河街道": "late",
        "新华街道": "rejected",
        "站前街道": "missing",
        "振兴街道": "submitted",
        "兴隆镇": "missing",
        "永安镇": "missing",
        "东湖镇": "missing",
        "柳河镇": "missing",
        "双山镇": "missing",
    }
    assert board.rate == 0.3 and board.on_time_rate == 0.2
    doc = board.to_dict()
    assert set(doc) == {"month", "towns", "rate", "on_time_rate"} and doc["month"] == "2026-06"
    edh = next(t for t in doc["towns"] if t["town"] == "二道河街道")
    assert edh == {
        "town": "二道河街道",
        "state": "late",
        "submitted_at": "2026-07-08T16:30:00",
        "file": "二道河6月(改).xlsx",
        "errors": 0,
        "warnings": 0,
        "submission_id": r["edh_fixed"].submission_id,
        "approved": False,
        "until": None,
    }
    assert may.rate == 0.5 and may.on_time_rate == 0.5


def test_a_duplicate_names_the_earlier_copy_and_what_is_still_due(two_months) -> None:  # type: ignore[no-untyped-def]
    """ "与第 3 号完全相同" said nothing more: the earlier copy's town, month and day, whose file it
    is when another town sends it, and the month the town still owes."""
    import fedxl.api
    from fedxl.i18n import t

    ws, r = two_months
    earlier = fedxl.api.submission(ws, r["zx"].submission_id)
    assert earlier is not None
    same = t(
        "dup.same",
        id=earlier.id,
        what=t("dup.what", town="振兴街道", month="2026年6月"),
        when="2026年7月4日 09:00",
    )
    assert r["zx_again"].note == same  # on 5 July: June is what is collected, and it is in
    later = fedxl.api.duplicate_note(ws, earlier, as_of="2026-08-03")
    assert later == same + "；" + t("dup.due", town="振兴街道", month="2026年7月")
    theirs = fedxl.api.duplicate_note(ws, earlier, sender="兴隆镇", as_of="2026-08-03")
    assert theirs == "；".join(
        [
            same,
            t("dup.other_town", town="振兴街道", sender="兴隆镇"),
            t("dup.due", town="兴隆镇", month="2026年7月"),
        ]
    )


def test_archive_store_duplicates_and_inbox(two_months) -> None:  # type: ignore[no-untyped-def]
    ws, r = two_months
    assert r["zx_again"].duplicate and r["zx_again"].submission_id == r["zx"].submission_id
    assert not r["zx"].duplicate
    archived = [
        p
        for p in (ws.workbooks / "archive").rglob("*")
        if p.is_file() and not p.name.endswith(".fedxl.json")
    ]
    assert len(archived) == 10  # 5 in May + 5 distinct in June
    assert all(not (p.stat().st_mode & 0o222) for p in archived)  # read-only
    with Store(ws.db_path, ws.form) as store:
        assert store.count() == 10
        eff = store.effective("二道河街道", "2026-06")
        assert eff is not None and eff.id == r["edh_fixed"].submission_id
        assert store.effective("新华街道", "2026-06") is None
        roster = store.rows("妇委会名录", eff.id)
        assert len(roster) == 6 and isinstance(roster[0]["成立日期"], dt.date)
    assert list(ws.folder("inbox").iterdir()) == []
    feedback = sorted(p.name for p in ws.folder("feedback").iterdir())
    assert (
        "二道河街道_2026-06_二道河6月_校验结果.xlsx" in feedback
        and "新华街道_2026-06_新华6月_校验结果.xlsx" in feedback
    )


def test_org_missing_when_an_organisation_is_dropped(two_months) -> None:  # type: ignore[no-untyped-def]
    ws, r = two_months
    tdq = r["tdq"].report
    missing = [f for f in tdq.findings if f.code == "org-missing"]
    may = months_of(ws, "头道桥街道")[5]
    assert [f.value for f in missing] == [may.tables["妇委会名录"][-1]["组织名称"]]
    assert missing[0].severity == "warning" and tdq.status == "accepted"
    assert not any(f.code == "org-missing" for f in r["edh_fixed"].report.findings)
    with Store(ws.db_path, ws.form) as store:
        stored = store.findings(r["tdq"].submission_id)
    assert any(f["code"] == "org-missing" and f["value"] == missing[0].value for f in stored)


def test_a_later_rejected_file_never_replaces_the_effective_one(two_months, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, r = two_months
    bad = ledger(ws, "头道桥街道", 6, tmp_path, "头道桥6月(又改坏了).xlsx", broken=True)
    later = send(ws, bad, "2026-07-20T09:00")
    assert later.report.status == "rejected"
    with Store(ws.db_path, ws.form) as store:
        assert store.effective("头道桥街道", "2026-06").id == r["tdq"].submission_id
        assert status_board(ws.config, store, "2026-06").towns[0].state == "submitted"


def test_roll_forward_prefills_the_whole_ledger(two_months, run) -> None:  # type: ignore[no-untyped-def]
    ws, r = two_months
    june = months_of(ws, "二道河街道")[6]
    result = run("template", "-t", "二道河街道", "-m", "2026-07", "-w", str(ws.root))
    assert result.exit_code == 0
    wb = openpyxl.load_workbook(ws.folder("blank") / "二道河街道_2026-07_基础台账.xlsx")
    names = [c.value for c in wb["妇委会名录"]["B"][2:] if c.value]
    assert names == [row["组织名称"] for row in june.tables["妇委会名录"]]
    acts = [c.value for c in wb["活动台账"]["D"][2:] if c.value]  # 活动名称
    assert acts == [row["活动名称"] for row in june.tables["活动台账"]]
    info = {
        str(row[0].value).lstrip("*"): row[1].value
        for row in wb["基本信息"].iter_rows()
        if row[0].value
    }
    assert info["截至月份"] == "2026-07" and info["填报人"] == june.info["填报人"]
    fresh = run("template", "-t", "二道河街道", "-m", "2026-07", "--fresh", "-w", str(ws.root))
    assert fresh.exit_code == 0
    wb = openpyxl.load_workbook(ws.folder("blank") / "二道河街道_2026-07_基础台账.xlsx")
    assert [c.value for c in wb["妇委会名录"]["B"][2:] if c.value] == []


def test_roll_forward_into_a_new_year_leaves_out_withdrawn(workspace: Path, tmp_path: Path) -> None:
    ws = Workspace(workspace)
    data = town_ledger(ws.form, "兴隆镇", 2026, 5, seed=3, orgs=4, events=2)
    data.tables["妇委会名录"][1]["组织状态"] = "已撤销"
    data.tables["妇委会名录"][2]["组织状态"] = "软弱涣散"
    path = tmp_path / "x.xlsx"
    write_plain_ledger(ws.form, data, path)
    send(ws, path, "2026-06-02T09:00")
    from fedxl.blank import rolled_forward

    # same year: everything, 已撤销 rows kept as they are
    rows, _ = rolled_forward(ws, "兴隆镇", "2026-06")
    assert [r["组织状态"] for r in rows["妇委会名录"]] == [
        r["组织状态"] for r in data.tables["妇委会名录"]
    ]
    assert len(rows["活动台账"]) == len(data.tables["活动台账"])
    # a new ledger year: organisations only, not 已撤销
    rows, _ = rolled_forward(ws, "兴隆镇", "2027-01")
    states = [r["组织状态"] for r in rows["妇委会名录"]]
    assert len(states) == 3 and "已撤销" not in states and "软弱涣散" in states
    assert set(rows) == {"妇委会名录"}


def test_status_and_ingest_cli(two_months, run) -> None:  # type: ignore[no-untyped-def]
    ws, r = two_months
    out = run("status", "-m", "2026-06", "-w", str(ws.root))
    assert out.exit_code == 0
    for word in ("已报送", "逾期报送", "未通过校验", "未报送", "30%", "20%"):
        assert word in out.stdout
    # June is being collected
    doc = run("status", "--json", "--as-of", "2026-07-20", "-w", str(ws.root)).json()
    assert doc["month"] == "2026-06" and doc["rate"] == 0.3
    # July is, and the board says so
    later = run("status", "--as-of", "2026-08-03", "-w", str(ws.root))
    from fedxl.i18n import t

    assert t("month.taken.collecting", month="2026年7月") in later.stderr
    assert run("ingest", "-w", str(ws.root)).exit_code == 0  # empty inbox
    assert run("status", "-m", "June", "-w", str(ws.root)).exit_code == 2


def test_one_parallel_batch_orders_like_one_file_at_a_time(workspace: Path, tmp_path: Path) -> None:
    """Two processes, one batch: May before June (org-missing), a second copy is a duplicate."""
    import os

    ws = Workspace(workspace)
    src = tmp_path / "made"
    src.mkdir()
    made = [ledger(ws, town, 5, src, f"{town}5月台账.xlsx") for town in FIVE]
    made.append(ledger(ws, "头道桥街道", 6, src, "头道桥6月.xlsx", drop_org=True))
    made.append(ledger(ws, "二道河街道", 6, src, "二道河6月.xlsx", broken=True))
    made.append(shutil.copy(made[-1], src / "二道河6月(再发一次).xlsx"))
    inbox = ws.folder("inbox")
    for i, path in enumerate(made):  # the inbox is taken oldest first
        target = Path(shutil.copy(path, inbox / Path(path).name))
        os.utime(target, (1_780_000_000 + i * 60, 1_780_000_000 + i * 60))
    batch = ingest(ws, workers=2)
    names = [Path(r.report.file).name for r in batch.results]
    assert names == [Path(p).name for p in made]
    ids = [r.submission_id for r in batch.results]
    assert ids[:7] == sorted(ids[:7]) and len(set(ids[:7])) == 7
    again = batch.results[7]
    assert again.duplicate and again.submission_id == ids[6]
    tdq = batch.results[5].report
    may = months_of(ws, "头道桥街道")[5]
    assert [f.value for f in tdq.findings if f.code == "org-missing"] == [
        may.tables["妇委会名录"][-1]["组织名称"]
    ]
    assert batch.results[6].report.status == "rejected" and batch.results[6].feedback is not None
    # rows are not carried back
    assert all(not r.report.data and not r.report.tables for r in batch.results)
    with Store(ws.db_path, ws.form) as store:
        assert store.count() == 7
        assert len(store.rows("妇委会名录", ids[5])) == 5
        when = dt.datetime.fromtimestamp(1_780_000_000 + 5 * 60).isoformat()
        assert store.submissions(month="2026-06")[0].received_at == when  # the file's time
    assert list(inbox.iterdir()) == []
    assert (
        len([p for p in ws.folder("archive").rglob("*") if p.is_file() and p.suffix == ".xlsx"])
        == 7
    )


def test_a_file_that_cannot_be_opened_is_not_recorded(workspace: Path, tmp_path: Path) -> None:
    ws = Workspace(workspace)
    batch = ingest(ws, [tmp_path / "不存在.xlsx"])
    result = batch.results[0]
    assert result.submission_id is None and not result.duplicate and result.archive is None
    assert [f.code for f in result.report.findings] == ["file-unreadable"] and batch.exit_code == 2
    assert batch.new == [] and batch.unrecorded == [result]
    with Store(ws.db_path, ws.form) as store:
        assert store.count() == 0


@pytest.mark.parametrize(
    "name",
    [
        "reordered_extra_columns.xlsx",
        "cell_errors.xlsx",
        "merged_cells.xlsx",
        "clean_template.xlsx",
        "format_xls.xls",
        "dates_out_of_period.xlsx",
    ],
)
def test_store_rows_from_tables_equal_rows_from_records(workspace: Path, name: str) -> None:
    """The column-by-column shortcut stores exactly what the records hold."""
    from fedxl.checking import CheckContext, check_file
    from fedxl.store.rows import rows_for_store

    ws = Workspace(workspace)
    report = check_file(
        Path(__file__).parent / "data" / "submissions" / name, CheckContext(ws.form, ws.config)
    )
    assert report.tables and any(report.data.values())  # records built from the tables
    fast = rows_for_store(ws.form, report)
    report.tables = {}
    slow = rows_for_store(ws.form, report)  # now from the records
    assert fast == slow and fast
    if name == "reordered_extra_columns.xlsx":
        # extra columns kept as JSON
        assert any(row[-1] for _, rows in fast.values() for row in rows)


def test_same_file_name_from_two_towns_keeps_two_feedback_files(
    workspace: Path, tmp_path: Path
) -> None:
    ws = Workspace(workspace)
    for town in ("头道桥街道", "二道河街道"):
        folder = tmp_path / town
        folder.mkdir()
        send(ws, ledger(ws, town, 5, folder, "台账.xlsx", broken=True), "2026-06-03T09:00")
    names = sorted(p.name for p in ws.folder("feedback").iterdir())
    assert names == [
        "二道河街道_2026-05_台账_校验结果.xlsx",
        "头道桥街道_2026-05_台账_校验结果.xlsx",
    ]


def test_links_and_odd_entries_in_the_inbox_are_never_followed(
    workspace: Path, tmp_path: Path, run
) -> None:
    ws = Workspace(workspace)
    inbox = ws.folder("inbox")
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (inbox / "passwd.xlsx").symlink_to(secret)
    (inbox / "dangling.xlsx").symlink_to(tmp_path / "gone.xlsx")
    (inbox / "子文件夹").mkdir()
    (inbox / ".hidden.xlsx").write_bytes(b"x")
    good = ledger(ws, "头道桥街道", 5, tmp_path, "头道桥5月.xlsx")
    shutil.copy(good, inbox / good.name)
    out = run("ingest", "--workers", "1", "-w", str(workspace))
    assert out.exit_code == 2  # unreadable input in the batch; the good file is still taken in
    assert "子文件夹" in out.stdout and ".hidden.xlsx" in out.stdout
    assert "root:" not in out.stdout
    aside = sorted(p.name for p in (inbox / "_未处理").iterdir())
    assert (
        aside == ["dangling.xlsx", "passwd.xlsx"]
        and (inbox / "_未处理" / "passwd.xlsx").is_symlink()
    )
    with Store(ws.db_path, ws.form) as store:
        assert [s.original_name for s in store.submissions()] == ["头道桥5月.xlsx"]
    assert not [
        p
        for p in (ws.workbooks / "archive").rglob("*")
        if p.is_file() and b"root:" in p.read_bytes()
    ]
    again = run("ingest", "--json", "-w", str(workspace))
    assert again.exit_code == 0 and again.json() == {
        "version": 1,
        "files": [],
    }  # nothing blocks later runs
    doc = run(
        "check", str(inbox / "_未处理" / "passwd.xlsx"), "--json", "-w", str(workspace)
    ).json()
    assert [f["code"] for f in doc["files"][0]["findings"]] == ["file-link"]  # type: ignore[index]
