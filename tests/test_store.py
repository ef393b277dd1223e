"""The store's own memory (numbers, outputs, merges, links, the intake's address) in typed tables,
and a store of the key/value days brought up to them with nothing lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from fedxl.store import LinkEntry, kept_links, kept_path, open_store
from fedxl.store.schema import MIGRATIONS, statements
from fedxl.store.sqlite import SQLiteBackend
from fedxl.workspace import Workspace


def _v2_store(ws: Workspace) -> None:
    """A fedxl.db as fedxl wrote it before migration 3: every kind of state row."""
    ws.db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(ws.db_path)
    db = SQLiteBackend(ws.db_path)
    for migration in MIGRATIONS[:2]:
        for statement in statements(db, migration):
            conn.execute(statement)
    rows = {
        "briefing_no:2026-06": "2",
        "briefing_no:2026-07": "3",
        "notice_no:2026-07": "1",
        "output:summaries/振兴区汇总表_2026-07.xlsx": json.dumps(["a" * 64, "b" * 64]),
        "merged:2026-07": "fingerprint-of-july",
        "web.token.头道桥街道": json.dumps({"nonce": "n1", "hash": "h1"}),
        "web.token.__admin__": json.dumps({"nonce": "n2", "hash": "h2"}),
        "web.base_url": "http://192.168.1.20:8750",
    }
    conn.executemany("INSERT INTO state (key, value) VALUES (?, ?)", rows.items())
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_a_key_value_store_is_moved_into_typed_tables(workspace: Path) -> None:
    ws = Workspace(workspace)
    _v2_store(ws)
    with open_store(ws, readonly=True) as store:  # a reader brings the schema up first
        assert store.doc_numbers("briefing", 2026) == {"2026-06": 2, "2026-07": 3}
        assert store.doc_numbers("notice", 2026) == {"2026-07": 1}
        assert store.doc_numbers("briefing", 2027) == {}
        assert store.output_hashes("summaries/振兴区汇总表_2026-07.xlsx") == {"a" * 64, "b" * 64}
        assert store.merge_fingerprint("2026-07") == "fingerprint-of-july"
        assert store.merge_fingerprint("2026-06") is None
        assert store.links() == {
            "头道桥街道": LinkEntry("n1", "h1"),
            "__admin__": LinkEntry("n2", "h2"),
        }
        assert store.base_url() == "http://192.168.1.20:8750"
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert "state" not in tables


def test_each_memory_is_written_and_read_back(workspace: Path, backend: str) -> None:
    ws = Workspace(workspace)
    with open_store(ws) as store:
        store.set_doc_number("notice", "2026-08", 2)
        store.set_doc_number("notice", "2026-08", 3)  # a number given again replaces it
        store.add_output_hash("reports/简报.docx", "c" * 64)
        store.add_output_hash("reports/简报.docx", "c" * 64)  # the same file twice: once
        store.set_merge_fingerprint("2026-08", "x")
        store.set_link("兴隆镇", LinkEntry("n", "h"))
        store.set_base_url("http://10.0.0.5:8750")
    with open_store(ws, readonly=True) as store:
        assert store.doc_numbers("notice", 2026) == {"2026-08": 3}
        assert store.output_hashes("reports/简报.docx") == {"c" * 64}
        assert store.merge_fingerprint("2026-08") == "x"
        assert store.links() == {"兴隆镇": LinkEntry("n", "h")}
        assert store.base_url() == "http://10.0.0.5:8750"


def test_links_kept_beside_the_archive_in_the_old_layout_are_read(workspace: Path) -> None:
    """`fedxl rebuild` after an upgrade: the kept file of the key/value days gives the links."""
    ws = Workspace(workspace)
    path = kept_path(ws.workbooks / "archive")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"web.token.永安镇": json.dumps({"nonce": "n3", "hash": "h3"})}),
        encoding="utf-8",
    )
    assert kept_links(ws.workbooks / "archive") == {"永安镇": LinkEntry("n3", "h3")}


def _stored(store: Any, form: Any, sid: int) -> dict[str, list[tuple[Any, ...]]]:
    """Each form sheet's rows as the store gives them back: (row, every column, the town's own)."""
    return {
        sheet.name: [
            (r["row"], *(r.get(c.name) for c in sheet.data_columns), r.get("_extra") or {})
            for r in store.rows(sheet.name, sid)
        ]
        for sheet in form.tables
    }


def test_a_ledgers_rows_come_back_as_checked(workspace: Path, tmp_path: Path, backend: str) -> None:
    """Every record of every sheet, each column's typed value (dates as dates), the town's own
    columns, and a sheet missing from the file (培训台账: the sheets after it are kept), stored and
    read back; a report put together by hand (records, no tables) alike."""
    import dataclasses
    import datetime as dt

    import openpyxl

    from fedxl import isolation
    from fedxl.checking import CheckContext, check_file
    from fedxl.jobs.samples import cumulative_ledgers, write_plain_ledger

    ws = Workspace(workspace)
    data = cumulative_ledgers(ws.form, "兴隆镇", 2026, [6], seed=3, orgs=4, events=3)[6]
    path = tmp_path / "兴隆镇6月.xlsx"
    write_plain_ledger(ws.form, data, path)
    book = openpyxl.load_workbook(path)
    del book["培训台账"]
    sheet = book["活动台账"]
    sheet.cell(2, sheet.max_column + 1, "活动照片")  # a column the form does not know
    for r in range(3, sheet.max_row + 1):
        sheet.cell(r, sheet.max_column, f"照片{r}号")
    book.save(path)
    inside, isolation._inside = isolation._inside, True
    try:
        report = check_file(path, CheckContext(ws.form, ws.config))
    finally:
        isolation._inside = inside
    assert "培训台账" not in report.tables and len(report.data["活动台账"]) > 1
    expected = {
        s.name: [
            (rec.row, *(rec.values.get(c.name) for c in s.data_columns), rec.extra or {})
            for rec in report.data.get(s.name, [])
        ]
        for s in ws.form.tables
    }
    assert expected["活动台账"][0][-1] == {"活动照片": "照片3号"}
    assert all(expected[s] for s in ("妇委会名录", "服务台账", "人选推荐"))
    assert any(isinstance(v, dt.date) for v in expected["活动台账"][0])
    by_hand = dataclasses.replace(report, tables={}, sha256="b" * 64, _records=dict(report.data))
    with open_store(ws) as store:
        sid = store.record(report, archive_path="a", received_at="2026-07-02T09:00:00",
                           original_name=path.name)  # fmt: skip
        hand = store.record(by_hand, archive_path="b", received_at="2026-07-02T09:00:00",
                            original_name=path.name)  # fmt: skip
        assert _stored(store, ws.form, sid) == expected
        assert _stored(store, ws.form, hand) == expected


def test_a_database_fault_is_said_as_the_stores_own(tmp_path: Path, backend: str) -> None:
    """An exception that escaped: the engine's error becomes the store's message (which fault,
    the store named, the engine's words kept); anything else is not the store's."""
    from fedxl.errors import StoreError
    from fedxl.store.backend import fault

    def said(exc: BaseException, label: str | None = None) -> tuple[str, dict[str, Any]]:
        found = fault(exc, label)
        assert isinstance(found, StoreError)
        return found.key, found.kwargs

    assert said(sqlite3.OperationalError("database is locked"), "区/fedxl.db") == (
        "store.busy", {"path": "区/fedxl.db"}
    )  # fmt: skip
    assert said(sqlite3.DatabaseError("file is not a database")) == (
        "store.corrupt", {"path": "workbooks/fedxl.db", "detail": "file is not a database"}
    )  # fmt: skip
    assert fault(ValueError("x")) is None and fault(OSError("disk")) is None
    if backend == "postgresql":
        import psycopg

        assert said(psycopg.OperationalError("server closed the connection\nmore"), "城市库") == (
            "store.gone", {"path": "城市库", "detail": "server closed the connection"}
        )  # fmt: skip


def test_a_districts_files_read_from_the_server(workspace: Path, pg_url: str) -> None:
    """What a city reads of a district: its fedxl.toml and form as its store keeps them; nothing
    for a district the database does not hold, or one whose store kept none yet."""
    from fedxl.store.backend import district_profile

    ws = Workspace(workspace)
    open_store(ws).close()  # the district's store keeps its files
    files = district_profile(pg_url, ws.config.district.name)
    assert files is not None and set(files) >= {"fedxl.toml"}
    own = (workspace / "fedxl.toml").read_text(encoding="utf-8")
    assert "密码@" in own and "密码@" not in files["fedxl.toml"]  # kept without a password
    assert files["fedxl.toml"] == own.replace("fedxl:密码@", "fedxl@")
    assert district_profile(pg_url, "无此区") is None
    with open_store(ws) as store:
        store.conn.execute("DELETE FROM profile")
    assert district_profile(pg_url, ws.config.district.name) is None


def test_a_reader_never_waits_for_the_writers_lock(workspace: Path, backend: str) -> None:
    """Another process in the middle of writing (the write lock held): a reader opens the store
    and reads at once, on either engine; it would wait for the lock's timeout (30 s) if opening
    took it."""
    import threading

    ws = Workspace(workspace)
    writer = open_store(ws)
    writer.db.begin_write(writer.conn)
    answers: list[int] = []

    def read() -> None:
        with open_store(ws, readonly=True) as store:
            answers.append(store.count())
        with open_store(
            ws
        ) as store:  # a writer's open takes no lock either (the schema is current)
            answers.append(store.count())

    try:
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(10)
        assert answers == [0, 0], "opening the store waited for the writer"
    finally:
        writer.conn.execute("ROLLBACK")
        writer.close()


def test_a_migration_that_fails_leaves_the_store_as_it_was(
    workspace: Path, backend: str, monkeypatch: Any
) -> None:
    """A migration that fails half way (a statement after one that worked): the clerk gets the
    store's own message, nothing of it is kept, and the schema stays at the version before."""
    from fedxl.errors import StoreError
    from fedxl.store import schema

    ws = Workspace(workspace)
    open_store(ws).close()
    bad = "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1)"
    with monkeypatch.context() as patched:  # (undo() would also undo the store's url)
        patched.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, bad])
        with pytest.raises(StoreError):
            open_store(ws).close()
    with open_store(ws, readonly=True) as store:
        assert store.db.kind == ("sqlite" if backend == "sqlite" else "postgresql")
        assert store.db.schema_version(store.conn) == len(schema.MIGRATIONS)
        assert "x" not in store.db.columns(store.conn, "half_done")  # rolled back
        assert store.db.columns(store.conn, "state") == []  # migration 3 dropped it (both)


def test_a_name_with_a_quote_is_one_identifier() -> None:
    from fedxl.store.schema import quote

    assert quote('备注"说明') == '"备注""说明"' and quote("活动台账") == '"活动台账"'


def test_a_server_store_made_before_loses_its_row_keys(workspace: Path, pg_url: str) -> None:
    """Migration 7 on a store made before it: each table sheet's foreign key to its submission
    dropped (a trigger call a row), every table kept."""
    import psycopg

    ws = Workspace(workspace)
    open_store(ws).close()
    schema_name = ws.config.district.name
    keys = (
        "SELECT count(*) FROM pg_constraint AS k JOIN pg_class AS c ON c.oid = k.conrelid "
        "JOIN pg_namespace AS n ON n.oid = c.relnamespace "
        "WHERE k.contype = 'f' AND n.nspname = %s AND c.relname LIKE 'rows%%'"
    )
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'SET search_path TO "{schema_name}"')
        tables = [r[0] for r in conn.execute("SELECT table_name FROM form_tables")]
        for table in tables:
            conn.execute(
                f'ALTER TABLE "{table}" ADD FOREIGN KEY (submission_id) REFERENCES submissions (id)'
            )
        conn.execute("UPDATE fedxl_schema SET version = 6")
        assert conn.execute(keys, (schema_name,)).fetchone()[0] == len(tables) == 8
    open_store(ws, readonly=True).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert conn.execute(keys, (schema_name,)).fetchone()[0] == 0


def test_a_server_failing_while_a_district_is_read(
    workspace: Path, pg_url: str, monkeypatch: Any
) -> None:
    """The server failing in the middle of reading a district's files: the store's own message,
    not the driver's exception."""
    import psycopg

    from fedxl.errors import StoreError
    from fedxl.store.backend import district_profile
    from fedxl.store.postgres import PostgresBackend

    ws = Workspace(workspace)
    open_store(ws).close()
    real = PostgresBackend.connect

    class Failing:
        def __init__(self, conn: Any) -> None:
            self.conn = conn

        def execute(self, sql: str, parameters: Any = ()) -> Any:
            if "FROM profile" in sql:
                raise psycopg.OperationalError("server closed the connection unexpectedly")
            return self.conn.execute(sql, parameters)

        def close(self) -> None:
            self.conn.close()

    monkeypatch.setattr(
        PostgresBackend,
        "connect",
        lambda self, readonly=False: Failing(real(self, readonly=readonly)),
    )
    try:
        district_profile(pg_url, ws.config.district.name)
    except StoreError as exc:
        assert exc.key == "store.gone"
    else:
        raise AssertionError("the failure was not said")


def test_a_form_table_that_cannot_be_made_is_said(
    workspace: Path, backend: str, monkeypatch: Any
) -> None:
    """Adding a form's tables or columns failing half way: the store's own message, nothing of it
    kept."""
    from fedxl.errors import StoreError
    from fedxl.store import schema

    ws = Workspace(workspace)
    open_store(ws).close()
    table = schema.table_name(ws.form.tables[0].name)
    wanted = [(table, "新列", "INTEGER"), (table, "坏列", "NOT A TYPE ((")]
    with monkeypatch.context() as patched:
        patched.setattr(schema, "_missing", lambda db, conn, form: wanted)
        with pytest.raises(StoreError):
            open_store(ws).close()
    with open_store(ws, readonly=True) as store:
        assert "新列" not in store.db.columns(store.conn, table)  # rolled back with the rest
