"""Where the store lives and what is the database's own: the seam between `Store` (with its
schema) and the engine under it.

A workspace's store is the embedded SQLite file workbooks/fedxl.db (`store.sqlite`), or, when
fedxl.toml has `[store] url` (or FEDXL_DATABASE_URL is set), the district's schema in a
PostgreSQL database that several districts share (`store.postgres`). `Store` and `schema` speak
SQL that both engines read (`?` for parameters; `{id}` in the schema for a table's generated
key); everything else — connecting, the writers' lock, the schema version, what tables and
columns exist, a new row's id, naming the engine's errors for the clerk, setting an old store
aside for `fedxl rebuild` — goes through a `Backend`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from fedxl.errors import StoreError

if TYPE_CHECKING:
    from fedxl.workspace import Workspace

URL_ENV = "FEDXL_DATABASE_URL"


class Cursor(Protocol):
    @property
    def description(self) -> Any: ...

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Any: ...

    def close(self) -> None: ...


class Backend(Protocol):
    kind: str  # "sqlite" | "postgresql"
    label: str  # what messages call the store: its file, or the server's database and schema

    def exists(self) -> bool:
        """The store has been made (its file, or its schema's submissions table)."""
        ...

    def is_empty(self) -> bool:
        """A missing or emptied store (a 0-byte file, a schema without tables)."""
        ...

    def connect(self, *, readonly: bool = False) -> Connection: ...

    def begin_write(self, conn: Connection) -> None:
        """Start a transaction holding the store's write lock (one writer at a time per store,
        readers never wait)."""
        ...

    def schema_version(self, conn: Connection) -> int: ...

    def set_schema_version(self, conn: Connection, number: int) -> None: ...

    def columns(self, conn: Connection, table: str) -> list[str]:
        """The columns of `table`, in order ([] when there is no such table)."""
        ...

    def insert_rows(
        self,
        conn: Connection,
        table: str,
        columns: list[str],
        rows: Iterable[Sequence[Any]],
        *,
        owner: int,
    ) -> None:
        """Insert many rows of one submission (`owner`, its submission_id, before `columns`):
        the records of a ledger, its findings (as fast as the engine loads them)."""
        ...

    def insert_id(self, conn: Connection, sql: str, parameters: Sequence[Any]) -> int:
        """Run an INSERT into a table with a generated `id` and return the new row's id."""
        ...

    def ddl(self, sql: str) -> str:
        """Schema SQL in the engine's words (`{id}`: the generated key; column types)."""
        ...

    def is_error(self, exc: BaseException) -> bool: ...

    def error(self, exc: BaseException) -> StoreError:
        """The clerk's message for what the engine said (read-only, busy, full, damaged …)."""
        ...

    def set_aside(self) -> Backend | None:
        """Rename the store out of the way (`fedxl rebuild`: kept as a backup), returning it
        under its new name (to read what it held); None when there was none."""
        ...


def database_url(ws: Workspace) -> str | None:
    """The PostgreSQL database of the workspace's store (the workspace's own override, then
    FEDXL_DATABASE_URL, then fedxl.toml's `[store] url`); None: the SQLite file."""
    return ws.store_url or os.environ.get(URL_ENV, "").strip() or ws.config.store_url


def backend_for(ws: Workspace) -> Backend:
    """The workspace's store: its district's schema on the configured server, or the file."""
    url = database_url(ws)
    if url:
        from fedxl.store.postgres import PostgresBackend

        return PostgresBackend(url, ws.config.district.name)
    from fedxl.store.sqlite import SQLiteBackend

    return SQLiteBackend(ws.db_path)


def district_profile(url: str, district: str) -> dict[str, str] | None:
    """A district's files as its store keeps them (`Store.profile`), read from the server; None
    when the database has no store of that name (or one made before it kept them)."""
    from fedxl.store.postgres import PostgresBackend

    db = PostgresBackend(url, district)
    if not db.exists():
        return None
    conn = db.connect(readonly=True)
    try:
        if "text" not in db.columns(conn, "profile"):
            return None
        rows = conn.execute("SELECT name, text FROM profile").fetchall()
    except Exception as exc:
        if db.is_error(exc):
            raise db.error(exc) from None
        raise
    finally:
        conn.close()
    return {str(name): str(text) for name, text in rows} or None


def fault(exc: BaseException, label: str | None = None) -> StoreError | None:
    """The store's own fault behind an exception that escaped, from whichever engine raised it
    (None when it is not a database error). `label`: what to call the store."""
    from fedxl.store.sqlite import SQLiteBackend

    sqlite = SQLiteBackend(label or "workbooks/fedxl.db")
    if sqlite.is_error(exc):
        return sqlite.error(exc)
    if "psycopg" in sys.modules:  # never imported for a workspace without a server
        from fedxl.store.postgres import error, is_psycopg_error

        if is_psycopg_error(exc):
            return error(exc, label)
    return None
