"""The embedded store: one SQLite file (workbooks/fedxl.db), the default that needs nothing.

Readers open it read-only by URI, so they never take the write lock; writers get WAL, full sync
and foreign keys, and BEGIN IMMEDIATE holds the lock for a whole transaction.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from fedxl.errors import StoreError
from fedxl.store.backend import Backend, Connection


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SQLiteBackend:
    kind = "sqlite"

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.label = str(path)

    def exists(self) -> bool:
        return self.path.exists()

    def is_empty(self) -> bool:
        try:
            return not self.path.stat().st_size
        except FileNotFoundError:
            return True

    def connect(self, *, readonly: bool = False) -> Connection:
        """A connection in autocommit mode (transactions are explicit)."""
        path = self.path
        if not readonly:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if readonly:
                conn = sqlite3.connect(
                    f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=30
                )
            else:
                conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise self.error(exc) from None
        try:
            if readonly:
                conn.execute("PRAGMA query_only = ON")
            else:
                if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            conn.close()
            raise self.error(exc) from None
        return conn

    def begin_write(self, conn: Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")

    def schema_version(self, conn: Connection) -> int:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def set_schema_version(self, conn: Connection, number: int) -> None:
        conn.execute(f"PRAGMA user_version = {int(number)}")

    def columns(self, conn: Connection, table: str) -> list[str]:
        return [r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))]

    def insert_rows(
        self,
        conn: Connection,
        table: str,
        columns: list[str],
        rows: Iterable[Sequence[Any]],
        *,
        owner: int,
    ) -> None:
        names = ", ".join(_quote(c) for c in ["submission_id", *columns])
        marks = ", ".join("?" * len(columns))
        conn.executemany(
            f"INSERT INTO {_quote(table)} ({names}) VALUES ({int(owner)}, {marks})", rows
        )

    def insert_id(self, conn: Connection, sql: str, parameters: Sequence[Any]) -> int:
        cursor: Any = conn.execute(sql, parameters)
        return int(cursor.lastrowid or 0)

    def ddl(self, sql: str) -> str:
        return sql.replace("{id}", "INTEGER PRIMARY KEY")

    def is_error(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.Error)

    def error(self, exc: BaseException) -> StoreError:
        """Read-only, locked, disk full, damaged (only damage calls for `fedxl rebuild`), or
        another fault."""
        path = self.label
        text = str(exc).lower()
        if (
            "readonly" in text
            or "read-only" in text
            or "unable to open" in text
            or "permission" in text
        ):
            return StoreError("store.readonly", path=path)
        if "locked" in text or "busy" in text:
            return StoreError("store.busy", path=path)
        if "full" in text or "no space" in text:
            return StoreError("store.full", path=path)
        if (
            "malformed" in text
            or "not a database" in text
            or "corrupt" in text
            or "encrypted" in text
        ):
            return StoreError("store.corrupt", path=path, detail=str(exc))
        return StoreError("store.failed", path=path, detail=str(exc))

    def set_aside(self) -> Backend | None:
        """Rename the file (with its -wal and -shm) to fedxl.db.损坏-<time>."""
        db = self.path
        if not db.exists():
            return None
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = db.with_name(f"{db.name}.损坏-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = db.with_name(db.name + suffix)
            if part.exists():
                os.replace(part, target.with_name(target.name + suffix))
        return SQLiteBackend(target)
