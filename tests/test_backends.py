"""The store on a PostgreSQL server as on the SQLite file: the same files give the same answers,
decisions and rebuild work, two intake servers taking the same files at once record each once,
readers never wait for a writer, and a server that cannot be reached or goes away mid-batch
writes nothing half and loses nothing. A throwaway server is started for the session
(tests/pg.py); where none can start, these tests skip with the reason."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import fedxl.api
from fedxl.jobs.samples import cumulative_ledgers, write_plain_ledger
from fedxl.jobs.setup import init_workspace
from fedxl.workspace import Workspace

TOWNS = ["头道桥街道", "二道河街道", "新华街道", "站前街道"]
AS_OF = "2026-07-20"


def _ledgers(folder: Path, form: Any) -> list[Path]:
    """May and June of four towns (one June with an error), each file dated when it came."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, town in enumerate(TOWNS):
        months = cumulative_ledgers(form, town, 2026, [5, 6], seed=i, orgs=4, events=3)
        if town == "站前街道":
            months[6].tables["妇委会名录"][0]["所在单位"] = None  # an error: rejected
        for month in (5, 6):
            path = folder / f"{town}{month}月.xlsx"
            write_plain_ledger(form, months[month], path)
            when = dt.datetime(2026, month + 1, 2 + i, 10).timestamp()
            os.utime(path, (when, when))
            out.append(path)
    return out


def _into_inbox(ws: Workspace, files: list[Path]) -> None:
    for path in files:
        shutil.copy2(path, ws.folder("inbox") / path.name)


def _answers(ws: Workspace) -> dict[str, Any]:
    """What a clerk sees of a district, without the moments decisions were made."""
    subs = fedxl.api.submissions(ws)
    return {
        "submissions": [(s.id, s.sha256, s.town, s.month, s.status, s.standing) for s in subs],
        "board": fedxl.api.status(ws, "2026-06", as_of=AS_OF).to_dict(),
        "metrics": fedxl.api.metrics(ws, "2026-06", as_of=AS_OF).to_dict(),
        "half": fedxl.api.metrics(ws, "2026H1", as_of=AS_OF).to_dict(),
        "find": [f.to_dict() for f in fedxl.api.find(ws, "妇委会")],
        "changes": fedxl.api.changes(ws, town="新华街道", month="2026-06").to_dict(),
        "log": [
            {k: v for k, v in d.to_dict().items() if k not in ("at", "uid")}
            for d in fedxl.api.decisions(ws)
        ],
    }


def _decide(ws: Workspace) -> None:
    subs = {(s.town, s.month): s.id for s in fedxl.api.submissions(ws)}
    fedxl.api.void(ws, subs[("二道河街道", "2026-06")], reason="发错了文件", who="test")
    fedxl.api.extend(ws, "站前街道", "2026-06", until="2026-07-25", reason="换届", who="test")
    fedxl.api.approve(ws, subs[("新华街道", "2026-06")], who="test")


def test_the_same_files_give_the_same_answers_on_both_stores(
    tmp_path: Path, pg_server, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    seen = {}
    files: list[Path] = []
    for engine in ("sqlite", "postgresql"):
        if engine == "postgresql":
            monkeypatch.setenv("FEDXL_DATABASE_URL", pg_server.database())
        root = tmp_path / engine
        init_workspace(root, year=2026)
        ws = Workspace(root)
        files = files or _ledgers(tmp_path / "files", ws.form)
        _into_inbox(ws, files)
        batch = fedxl.api.ingest(ws)
        assert [r.report.status for r in batch.results].count("rejected") == 1
        _decide(ws)
        seen[engine] = _answers(ws)
        assert (root / "workbooks" / "fedxl.db").exists() is (engine == "sqlite")
    assert seen["postgresql"] == seen["sqlite"]
    assert len(seen["sqlite"]["submissions"]) == 8 and seen["sqlite"]["find"]


def test_decisions_and_rebuild_on_the_server(workspace: Path, pg_url: str, run) -> None:  # type: ignore[no-untyped-def]
    ws = Workspace(workspace)
    _into_inbox(ws, _ledgers(workspace.parent / "files", ws.form))
    assert run("ingest", "-w", str(workspace)).exit_code == 1  # one file rejected
    _decide(ws)
    before = _answers(ws)
    out = run("rebuild", "-w", str(workspace))
    assert out.exit_code == 0, out.stderr
    assert "损坏-" in out.stdout  # the old schema is kept, renamed
    assert _answers(ws) == before
    import psycopg

    with psycopg.connect(pg_url) as conn:
        schemas = [r[0] for r in conn.execute("SELECT nspname FROM pg_namespace")]
    assert "振兴区" in schemas and any(s.startswith("振兴区.损坏-") for s in schemas)


def test_a_server_store_made_before_drops_its_row_keys_and_keeps_its_rows(  # type: ignore[no-untyped-def]
    workspace: Path, pg_url: str, run
) -> None:
    """A store on the server as fedxl made it before migration 7 (each table sheet's rows with a
    foreign key to their submission, checked once a row): opened again, the keys go, every row
    stays, and the next files are taken in as before."""
    import psycopg

    ws = Workspace(workspace)
    files = _ledgers(workspace.parent / "files", ws.form)
    _into_inbox(ws, [f for f in files if "5月" in f.name])
    assert run("ingest", "-w", str(workspace)).exit_code == 0
    schema = "振兴区"

    def row_keys(conn: Any) -> list[str]:
        return [
            r[0]
            for r in conn.execute(
                "SELECT c.relname FROM pg_constraint AS k JOIN pg_class AS c ON c.oid = k.conrelid"
                " JOIN pg_namespace AS n ON n.oid = c.relnamespace"
                " WHERE k.contype = 'f' AND n.nspname = %s AND c.relname LIKE 'rows%%'",
                (schema,),
            )
        ]

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{schema}"')
        tables = [r[0] for r in conn.execute("SELECT table_name FROM form_tables")]
        assert len(tables) == len(ws.form.tables) and not row_keys(conn)  # a new store: none
        for table in tables:  # as the store was before migration 7
            conn.execute(
                f'ALTER TABLE "{table}" ADD FOREIGN KEY (submission_id) '
                "REFERENCES submissions (id) ON DELETE CASCADE"
            )
        conn.execute("UPDATE fedxl_schema SET version = 6")
        assert sorted(row_keys(conn)) == sorted(tables)
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    assert sum(counts.values()) > 0
    before = {s.sha256 for s in fedxl.api.submissions(ws)}  # a reader brings the schema up

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{schema}"')
        assert row_keys(conn) == []
        assert conn.execute("SELECT version FROM fedxl_schema").fetchone()[0] == 7
        assert {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables} == (
            counts
        )
    _into_inbox(ws, [f for f in files if "6月" in f.name])
    assert run("ingest", "-w", str(workspace)).exit_code == 1  # one June file rejected
    subs = fedxl.api.submissions(ws)
    assert before < {s.sha256 for s in subs} and len(subs) == len(files)
    metrics = fedxl.api.metrics(ws, "2026-06", as_of=AS_OF).to_dict()
    assert metrics["district"]["妇委会总数"] > 0


def test_two_intake_servers_take_the_same_files_at_once(tmp_path: Path, pg_url: str) -> None:
    """Two workspaces of one district on one server, the same eight files in both inboxes, both
    ingesting at the same moment: each file is recorded once, and the board is as if one had."""
    roots = []
    files: list[Path] = []
    for name in ("a", "b"):
        root = tmp_path / name
        init_workspace(root, year=2026)
        files = files or _ledgers(tmp_path / "files", Workspace(root).form)
        _into_inbox(Workspace(root), files)
        roots.append(root)
    env = {**os.environ, "FEDXL_DATABASE_URL": pg_url}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "fedxl", "ingest", "--json", "-w", str(root)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for root in roots
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [1, 1], [o[1] for o in outs]  # one rejected each
    ws = Workspace(roots[0])
    subs = fedxl.api.submissions(ws)
    assert len(subs) == len({s.sha256 for s in subs}) == len(files)
    assert not list((roots[0] / "workbooks" / "inbox").iterdir())
    assert not list((roots[1] / "workbooks" / "inbox").iterdir())
    board = {r["town"]: r["state"] for r in _answers(ws)["board"]["towns"]}
    assert board["头道桥街道"] == "submitted" and board["站前街道"] == "rejected"


def test_a_reader_does_not_wait_for_a_writer_on_the_server(workspace: Path, pg_url: str) -> None:
    """A write transaction held open (another intake server recording): `fedxl status` answers
    all the same; it would hang, and time out, if it waited for the writer."""
    from fedxl.store import open_store

    ws = Workspace(workspace)
    _into_inbox(ws, _ledgers(workspace.parent / "files", ws.form)[:2])
    fedxl.api.ingest(ws)
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with open_store(ws) as store, store.transaction() as conn:
            conn.execute("UPDATE submissions SET standing = NULL")
            held.set()
            done.wait(120)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(60)
        out = subprocess.run(
            [sys.executable, "-m", "fedxl", "status", "--month", "2026-05", "--json",
             "-w", str(workspace)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        assert '"submission_id": 1' in out.stdout or '"submission_id": 2' in out.stdout
    finally:
        done.set()
        holder.join()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://fedxl:secret@127.0.0.1:1/fedxl",  # nothing listens there
        "postgresql://fedxl@nohost.invalid/fedxl",  # no such host
    ],
)
def test_a_server_that_cannot_be_reached_writes_nothing(
    workspace: Path, run, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("psycopg")
    ws = Workspace(workspace)
    _into_inbox(ws, _ledgers(workspace.parent / "files", ws.form)[:1])
    monkeypatch.setenv("FEDXL_DATABASE_URL", url)
    for args in (["ingest"], ["status"], ["log"]):
        out = run(*args, "-w", str(workspace))
        assert out.exit_code == 2, out.stderr
        assert "FEDXL_DATABASE_URL" in out.stderr and "secret" not in out.stderr
    assert len(list(ws.folder("inbox").iterdir())) == 1  # the file waits for the server
    assert not (workspace / "workbooks" / "fedxl.db").exists()  # nothing written here instead
    assert not [p for p in ws.folder("archive").rglob("*") if p.is_file()]


def test_a_store_url_that_is_not_a_database_is_refused(workspace: Path, run) -> None:  # type: ignore[no-untyped-def]
    config = workspace / "fedxl.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[store]\nurl = "http://dbhost/fedxl"\n',
        encoding="utf-8",
    )
    out = run("status", "-w", str(workspace))
    assert out.exit_code == 2 and "[store]" not in out.stdout
    assert "url" in out.stderr and "postgresql://" in out.stderr


def test_a_server_gone_mid_batch_leaves_the_rest_for_the_next_run(
    workspace: Path, pg_url: str, pg_server
) -> None:  # type: ignore[no-untyped-def]
    """The server drops every connection after the second file is recorded: the batch stops
    with the server's fault, nothing is half recorded, the files not recorded stay in the inbox,
    and the next run takes them, each once."""
    import psycopg

    from fedxl.errors import StoreError

    ws = Workspace(workspace)
    files = _ledgers(workspace.parent / "files", ws.form)
    _into_inbox(ws, files)
    database = pg_url.rsplit("/", 1)[1]
    recorded = []

    def on_done(result: Any) -> None:
        recorded.append(result)
        if len(recorded) == 2:
            with psycopg.connect(pg_server.url, autocommit=True) as conn:
                conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    (database,),
                )

    with pytest.raises(Exception) as caught:
        fedxl.api.ingest(ws, on_done=on_done)
    fault = caught.value if isinstance(caught.value, StoreError) else None
    fault = fault or fedxl.api.store_fault(caught.value)
    assert fault is not None and fault.key == "store.gone"
    left = sorted(p.name for p in ws.folder("inbox").iterdir())
    assert len(left) == len(files) - 2
    assert len(fedxl.api.submissions(ws)) == 2
    again = fedxl.api.ingest(ws)
    assert sorted(r.report.file.rsplit("/", 1)[-1] for r in again.results) == left
    subs = fedxl.api.submissions(ws)
    assert len(subs) == len({s.sha256 for s in subs}) == len(files)
