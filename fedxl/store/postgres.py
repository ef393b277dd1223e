"""The store on a PostgreSQL server (`[store] url` in fedxl.toml, or FEDXL_DATABASE_URL): several
districts in one database, each in its own schema named after the district, so each district's
rows — and its form's own row tables — are keyed by it; a city reads them side by side.

Writers of one district take a transaction-scoped advisory lock on it (what BEGIN IMMEDIATE is
to the SQLite file): the rules that span rows (the same bytes once, the effective submission,
the decisions' order) hold with several intake servers and ingest jobs writing at once, and
other districts' writers, and every reader, go on. psycopg (3) is imported only here, only for a
workspace that names a server (`pip install fedxl[server]`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from fedxl.errors import StoreError
from fedxl.store.backend import Backend, Connection, Cursor

LOCK_CLASS = 0x66656478  # "fedx": the advisory-lock key space of fedxl's writers
SCHEMA_BYTES = 63  # PostgreSQL's longest identifier
CONNECT_SECONDS = 10


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StoreError("store.no_driver") from None
    return psycopg


def is_psycopg_error(exc: BaseException) -> bool:
    import sys

    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, psycopg.Error)


@functools.lru_cache(maxsize=512)
def _sql(sql: str) -> str:
    """The store's SQL (`?` parameters) in psycopg's words (`%s`; a literal % doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class _Conn:
    """A psycopg connection that reads the store's SQL."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor:
        cursor: Cursor = self.raw.execute(_sql(sql), tuple(parameters))
        return cursor

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Any:
        with self.raw.cursor() as cursor:
            cursor.executemany(_sql(sql), list(parameters))

    def close(self) -> None:
        self.raw.close()


def _dumpers(conn: Any) -> None:
    """Numbers go to the server untyped, as SQLite takes them: a number for a text column (a
    phone typed as a number in 基本信息) is stored as its text, and the column's type decides."""
    from psycopg.adapt import Dumper

    class Untyped(Dumper):
        oid = 0

        def dump(self, obj: Any) -> bytes:
            return repr(obj).encode() if isinstance(obj, float) else str(obj).encode()

    conn.adapters.register_dumper(int, Untyped)
    conn.adapters.register_dumper(float, Untyped)


def _c_dumper(kind: type) -> Any:
    import psycopg

    return psycopg.adapters.get_dumper(kind, psycopg.adapt.PyFormat.TEXT)


def shown_url(url: str) -> str:
    """The database's address without its password (for messages and logs)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PostgresBackend:
    kind = "postgresql"

    def __init__(self, url: str, schema: str) -> None:
        self.url = url
        self.schema = schema
        self.label = f"{shown_url(url)}（{schema}）"

    def _raw(self) -> Any:
        psycopg = _psycopg()
        try:
            raw = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_SECONDS)
        except psycopg.Error as exc:  # wrong host, port, password or database; server down
            detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise StoreError("store.connect", path=self.label, detail=detail) from None
        _dumpers(raw)
        return raw

    def _has_table(self, conn: Connection, table: str) -> bool:
        return bool(
            conn.execute(
                "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = ? AND tablename = ?",
                (self.schema, table),
            ).fetchone()
        )

    def exists(self) -> bool:
        conn = _Conn(self._raw())
        try:
            return self._has_table(conn, "submissions")
        finally:
            conn.close()

    def is_empty(self) -> bool:
        return not self.exists()

    def connect(self, *, readonly: bool = False) -> Connection:
        """A connection in autocommit mode (transactions are explicit) whose tables are the
        district's (its schema, made by the first writer)."""
        psycopg = _psycopg()
        raw = self._raw()
        conn = _Conn(raw)
        try:
            if readonly:
                conn.execute("SET default_transaction_read_only = on")
            else:
                try:
                    conn.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(self.schema)}")
                except psycopg.errors.UniqueViolation:
                    pass  # another writer made it at the same moment
            conn.execute(f"SET search_path TO {quote(self.schema)}")
        except psycopg.Error as exc:
            conn.close()
            raise self.error(exc) from None
        return conn

    def begin_write(self, conn: Connection) -> None:
        conn.execute("BEGIN")
        conn.execute("SELECT pg_advisory_xact_lock(?, hashtext(?))", (LOCK_CLASS, self.schema))

    def schema_version(self, conn: Connection) -> int:
        if not self._has_table(conn, "fedxl_schema"):
            return 0
        row = conn.execute("SELECT version FROM fedxl_schema WHERE id = 1").fetchone()
        return int(row[0]) if row else 0

    def set_schema_version(self, conn: Connection, number: int) -> None:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS fedxl_schema "
            "(id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)"
        )
        conn.execute(
            "INSERT INTO fedxl_schema (id, version) VALUES (1, ?) "
            "ON CONFLICT (id) DO UPDATE SET version = excluded.version",
            (int(number),),
        )

    def columns(self, conn: Connection, table: str) -> list[str]:
        return [
            str(r[0])
            for r in conn.execute(
                "SELECT a.attname FROM pg_catalog.pg_attribute AS a "
                "JOIN pg_catalog.pg_class AS c ON a.attrelid = c.oid "
                "JOIN pg_catalog.pg_namespace AS n ON c.relnamespace = n.oid "
                "WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped "
                "ORDER BY a.attnum",
                (self.schema, table),
            )
        ]

    def insert_rows(
        self,
        conn: Connection,
        table: str,
        columns: list[str],
        rows: Iterable[Sequence[Any]],
        *,
        owner: int,
    ) -> None:
        """By COPY: a ledger of thousands of records in one stream (INSERTs, even pipelined,
        took three times as long as the SQLite file)."""
        assert isinstance(conn, _Conn)  # what connect() made
        raw = conn.raw
        names = ", ".join(quote(c) for c in ["submission_id", *columns])
        with raw.cursor() as cursor:
            # COPY sends text the column's type reads: psycopg's own (C) dumpers are right here
            cursor.adapters.register_dumper(int, _c_dumper(int))
            cursor.adapters.register_dumper(float, _c_dumper(float))
            with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((owner, *row))

    def insert_id(self, conn: Connection, sql: str, parameters: Sequence[Any]) -> int:
        return int(conn.execute(sql + " RETURNING id", parameters).fetchone()[0])

    def ddl(self, sql: str) -> str:
        sql = sql.replace("{id}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
        sql = re.sub(r"\bINTEGER\b", "BIGINT", sql)
        return re.sub(r"\bREAL\b", "DOUBLE PRECISION", sql)

    def is_error(self, exc: BaseException) -> bool:
        return is_psycopg_error(exc)

    def error(self, exc: BaseException) -> StoreError:
        return error(exc, self.label)

    def set_aside(self) -> Backend | None:
        """Rename the district's schema to <district>.损坏-<time> (kept as a backup)."""
        if not self.exists():
            return None
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        suffix = f".损坏-{stamp}"
        room = SCHEMA_BYTES - len(suffix.encode())
        head = self.schema.encode()[:room].decode("utf-8", "ignore")
        target = head + suffix
        conn = _Conn(self._raw())
        try:
            conn.execute(f"ALTER SCHEMA {quote(self.schema)} RENAME TO {quote(target)}")
        except Exception as exc:
            if is_psycopg_error(exc):
                raise self.error(exc) from None
            raise
        finally:
            conn.close()
        return PostgresBackend(self.url, target)


def error(exc: BaseException, label: str | None) -> StoreError:
    """The clerk's message for what the server said once connected (failing to connect is
    `store.connect`, raised where the connection is made): the server went away, the store may
    not be written, the server's disk is full, a lock could not be had, or another fault."""
    path = label or "PostgreSQL"
    state = getattr(exc, "sqlstate", None) or ""
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if state.startswith(("28", "3D")):  # refused: a wrong password, no such database
        return StoreError("store.connect", path=path, detail=detail)
    gone = state.startswith(("08", "57P"))  # the connection lost, the server shut down
    if gone or (not state and "connection" in str(exc).lower()):
        return StoreError("store.gone", path=path, detail=detail)
    if state in ("25006", "42501"):
        return StoreError("store.denied", path=path, detail=detail)
    if state.startswith("53"):
        return StoreError("store.full", path=path)
    if state in ("40P01", "55P03", "40001"):
        return StoreError("store.busy", path=path)
    if state.startswith("XX"):
        return StoreError("store.corrupt", path=path, detail=detail)
    return StoreError("store.failed", path=path, detail=detail)
