"""A store that was emptied or damaged: said in Chinese, never silently replaced; `fedxl rebuild`
re-creates it from the archive with the same status, summary and figures."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from fedxl.jobs.samples import cumulative_ledgers, write_plain_ledger
from fedxl.workspace import Workspace

AS_OF = "2026-08-20"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from fedxl.jobs.setup import init_workspace
    from fedxl.submissions import ingest

    root = tmp_path_factory.mktemp("rebuild") / "ws"
    init_workspace(root, year=2026)
    ws = Workspace(root)
    for i, town in enumerate(["头道桥街道", "二道河街道", "兴隆镇"]):
        months = cumulative_ledgers(ws.form, town, 2026, [5, 6, 7], seed=i, orgs=4, events=3)
        for month, data in months.items():
            if town == "兴隆镇" and month == 6:
                data.tables["妇委会名录"][0]["所在单位"] = None  # rejected
            path = ws.folder("inbox") / "台账.xlsx"  # every town sends the same file name
            write_plain_ledger(ws.form, data, path)
            day = 9 if (town, month) == ("二道河街道", 6) else 2 + i  # one late
            when = dt.datetime(2026, month + 1, day, 10).timestamp()
            os.utime(path, (when, when))
            ingest(ws, workers=1)
    return root


def _views(run, root: Path) -> dict[str, object]:
    return {
        "status": run(
            "status", "-m", "2026-06", "--json", "--as-of", AS_OF, "-w", str(root)
        ).json(),
        "metrics": run(
            "metrics", "--month", "2026-07", "--json", "--as-of", AS_OF, "-w", str(root)
        ).json(),
        "half": run(
            "metrics", "--half", "2026H1", "--json", "--as-of", AS_OF, "-w", str(root)
        ).json(),
    }


@pytest.mark.parametrize("damage", ["emptied", "deleted", "corrupt"])
def test_a_lost_store_is_reported_then_rebuilt(
    filled: Path, tmp_path: Path, run, damage: str
) -> None:
    root = tmp_path / "ws"
    shutil.copytree(filled, root)
    before = _views(run, root)
    db = root / "workbooks" / "fedxl.db"
    for extra in ("-wal", "-shm"):
        db.with_name(db.name + extra).unlink(missing_ok=True)
    if damage == "emptied":
        db.write_bytes(b"")
    elif damage == "deleted":
        db.unlink()
    else:
        db.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    out = run("status", "-m", "2026-06", "-w", str(root))
    assert out.exit_code == 2 and "fedxl rebuild" in out.stderr and "Traceback" not in out.stderr
    assert "程序内部出错" not in out.stderr
    if damage != "corrupt":
        # never silently replaced by an empty store
        assert not db.exists() or db.stat().st_size == 0
    rebuilt = run("rebuild", "-w", str(root))
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert _views(run, root) == before
    if damage != "deleted":
        assert list((root / "workbooks").glob("fedxl.db.损坏-*"))  # the old one is kept


def test_a_rebuild_after_lost_sidecars_keeps_each_files_day(
    filled: Path, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    """A sidecar is not synced on its own: a power cut may leave it empty or take it. The rebuild
    then takes the archived copy's time, which is the day the file came: the board is the same
    (二道河街道's late June ledger is still late)."""
    from fedxl.files.archive import SIDECAR

    root = tmp_path / "ws"
    shutil.copytree(filled, root)
    before = _views(run, root)
    sidecars = sorted((root / "workbooks" / "archive").rglob(f"*{SIDECAR}"))
    assert len(sidecars) >= 9
    for i, sidecar in enumerate(sidecars):
        os.chmod(sidecar, 0o644)
        if i % 2:
            sidecar.write_bytes(b"")  # what a power cut can leave of an unsynced file
        else:
            sidecar.unlink()
    db = root / "workbooks" / "fedxl.db"
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)
    assert run("rebuild", "-w", str(root)).exit_code == 0

    def without_ids(views: dict[str, object]) -> dict[str, object]:
        """Ids follow the order files are taken in again: without sidecars, their received
        day, which is not always the order they came in."""
        board = json.loads(json.dumps(views))
        for row in board["status"]["towns"]:
            row.pop("submission_id")
        return board

    assert without_ids(_views(run, root)) == without_ids(before)


def test_towns_keep_their_links_through_a_rebuild(filled: Path, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("starlette")
    import fedxl
    from fedxl.access import Links
    from fedxl.errors import StoreError

    root = tmp_path / "ws"
    shutil.copytree(filled, root)
    before = fedxl.links(fedxl.open_workspace(root), base_url="http://x")
    ws = Workspace(root)
    token = before["towns"][0]["token"]
    # emptied while the server runs: "under maintenance", not "bad link"
    ws.db_path.write_bytes(b"")
    with pytest.raises(StoreError) as held:
        Links(ws).find(token)
    assert held.value.key == "store.maintenance"
    assert run("rebuild", "-w", str(root)).exit_code == 0
    assert fedxl.links(fedxl.open_workspace(root), base_url="http://x") == before
    assert Links(ws).find(token) is not None


@pytest.mark.parametrize(
    ("said", "key"),
    [
        ("database or disk is full", "store.full"),
        ("attempt to write a readonly database", "store.readonly"),
        ("database is locked", "store.busy"),
        ("database disk image is malformed", "store.corrupt"),
        ("file is not a database", "store.corrupt"),
        ("disk I/O error", "store.failed"),
    ],
)
def test_store_faults_are_named_for_what_they_are(said: str, key: str) -> None:
    import sqlite3

    from fedxl.store.backend import fault

    error = fault(sqlite3.OperationalError(said), "workbooks/fedxl.db")
    assert error is not None
    assert error.key == key
    assert ("rebuild" in error.render()) == (key == "store.corrupt")  # only damage suggests rebuild


def test_rebuild_lists_what_it_could_not_restore(filled: Path, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    root = tmp_path / "ws"
    shutil.copytree(filled, root)
    ws = Workspace(root)
    db = sqlite3.connect(ws.db_path)
    name, archived = db.execute(
        "SELECT original_name, archive_path FROM submissions ORDER BY id LIMIT 1"
    ).fetchone()
    db.close()
    copy = root / archived
    os.chmod(copy, 0o644)
    copy.unlink()  # the archived copy of one submission is gone
    from fedxl.i18n import t
    from fedxl.submissions.rebuild import rebuild

    result = rebuild(ws)
    assert [(lost[0], lost[3]) for lost in result.lost] == [(name, t("rebuild.no_copy"))]
    assert result.recorded == len(list(root.glob("workbooks/archive/*/*/*.xlsx")))
    # the store rebuilt before held no more: nothing to list
    again = run("rebuild", "-w", str(root))
    assert again.exit_code == 0 and name not in again.stdout
