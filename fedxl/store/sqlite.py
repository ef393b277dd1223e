"""What is SQLite's own about the store, in one place: connecting (read-only readers by URI, so
they never take the write lock), the write lock itself (BEGIN IMMEDIATE), what tables and
columns exist, the schema version, the id of a row just inserted, and naming SQLite's errors
for the clerk. `Store` and `schema` speak to the database through these functions and SQL that
a server database also reads; another backend replaces this module, not their callers."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from fedxl.errors import StoreError

Error = sqlite3.Error
Connection = sqlite3.Connection


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit). Writers get WAL, full sync and
    foreign keys; a reader opens the file read-only and never waits for a writer (WAL)."""
    try:
        if readonly:
            conn = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=30
            )
        else:
            conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    except sqlite3.Error as exc:
        raise error(exc, path) from None
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
        raise error(exc, path) from None
    return conn


def begin_write(conn: sqlite3.Connection) -> None:
    """Start a transaction that holds the write lock from its first statement."""
    conn.execute("BEGIN IMMEDIATE")


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def set_schema_version(conn: sqlite3.Connection, number: int) -> None:
    conn.execute(f"PRAGMA user_version = {int(number)}")


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The columns of `table`, in order ([] when there is no such table)."""
    return [r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))]


def inserted_id(cursor: Any) -> int:
    return int(cursor.lastrowid or 0)


def is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.Error)


def error(exc: BaseException, path: Path) -> StoreError:
    """The message for what SQLite said about the store, named for what it is: read-only,
    locked, disk full, damaged (only damage calls for `fedxl rebuild`), or another fault."""
    text = str(exc).lower()
    if (
        "readonly" in text
        or "read-only" in text
        or "unable to open" in text
        or "permission" in text
    ):
        return StoreError("store.readonly", path=str(path))
    if "locked" in text or "busy" in text:
        return StoreError("store.busy", path=str(path))
    if "full" in text or "no space" in text:
        return StoreError("store.full", path=str(path))
    if "malformed" in text or "not a database" in text or "corrupt" in text or "encrypted" in text:
        return StoreError("store.corrupt", path=str(path), detail=str(exc))
    return StoreError("store.failed", path=str(path), detail=str(exc))
