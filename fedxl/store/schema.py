"""Store schema: versioned migrations (PRAGMA user_version) and one table per form sheet."""

from __future__ import annotations

import sqlite3

from fedxl.form import Form

MIGRATIONS: list[str] = [
    # 1: submissions, their findings and their 基本信息 values
    """
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        town TEXT,
        month TEXT,
        received_at TEXT NOT NULL,
        original_name TEXT NOT NULL,
        archive_path TEXT NOT NULL,
        form_id TEXT,
        form_version TEXT,
        status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'unreadable')),
        errors INTEGER NOT NULL DEFAULT 0,
        warnings INTEGER NOT NULL DEFAULT 0,
        infos INTEGER NOT NULL DEFAULT 0,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX submissions_town_month ON submissions (town, month, status, received_at);
    CREATE TABLE findings (
        submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        severity TEXT NOT NULL,
        code TEXT NOT NULL,
        sheet TEXT, row INTEGER, "column" TEXT, cell TEXT, value TEXT,
        message TEXT NOT NULL, hint TEXT NOT NULL, rule TEXT,
        PRIMARY KEY (submission_id, seq)
    );
    CREATE INDEX findings_code ON findings (code);
    CREATE TABLE submission_info (
        submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        key TEXT NOT NULL, value TEXT,
        PRIMARY KEY (submission_id, key)
    );
    CREATE TABLE form_tables (
        sheet TEXT PRIMARY KEY,
        table_name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT);
    """,
]
EXTRA = "_extra"
SQL_TYPES = {"int": "INTEGER", "money": "REAL", "number": "REAL"}


def quote(name: str) -> str:
    """An SQL identifier, quoted (form sheet and column names are Chinese)."""
    return '"' + name.replace('"', '""') + '"'


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the schema to the latest version, one migration per transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS, start=1):
        if number <= version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in script.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def table_name(sheet: str) -> str:
    return f"rows_{sheet}"


def ensure_form_tables(conn: sqlite3.Connection, form: Form) -> None:
    """One rows table per form table sheet; columns added when the form gains some."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for sheet in form.tables:
            name = table_name(sheet.name)
            exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone()
            if not exists:
                conn.execute(
                    f"CREATE TABLE {quote(name)} (submission_id INTEGER NOT NULL REFERENCES submissions (id) "
                    "ON DELETE CASCADE, row INTEGER NOT NULL, PRIMARY KEY (submission_id, row))")
                conn.execute("INSERT OR IGNORE INTO form_tables (sheet, table_name) VALUES (?, ?)", (sheet.name, name))
            have = {r[1] for r in conn.execute(f"PRAGMA table_info({quote(name)})")}
            if EXTRA not in have:  # columns a town added that the form does not know (JSON)
                conn.execute(f"ALTER TABLE {quote(name)} ADD COLUMN {quote(EXTRA)} TEXT")
            for col in sheet.data_columns:
                if col.name not in have:
                    conn.execute(f"ALTER TABLE {quote(name)} ADD COLUMN {quote(col.name)} "
                                 f"{SQL_TYPES.get(col.type, 'TEXT')}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
