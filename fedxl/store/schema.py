"""Store schema: versioned migrations and one table per form sheet, one definition for every
engine (the backend words it: `{id}` a generated key, its own column types)."""

from __future__ import annotations

from fedxl.form import Form
from fedxl.form.types import column_type
from fedxl.store.backend import Backend, Connection


class Legacy(str):
    """Statements that move an old SQLite store's data (a store on a server never held it)."""


class ServerOnly(str):
    """One statement for a store on a server (PostgreSQL), run whole (it may hold `;`)."""


MIGRATIONS: list[str | list[str]] = [
    # 1: submissions, their findings and their 基本信息 values
    """
    CREATE TABLE submissions (
        id {id},
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
    # 2: what a marked copy needs of the file, kept so it is never read again to learn it
    """
    ALTER TABLE submissions ADD COLUMN source_kind TEXT;
    ALTER TABLE submissions ADD COLUMN sheet_names TEXT;
    ALTER TABLE submissions ADD COLUMN cells INTEGER
    """,
    # 3: what fedxl remembers, each in its own typed table (was one key/value table whose key
    # formats lived in six modules): the documents' numbers, the outputs it wrote, the last
    # merge of a month, the towns' links, the intake's address
    [
        """
        CREATE TABLE doc_numbers (
            series TEXT NOT NULL CHECK (series IN ('briefing', 'notice')),
            month TEXT NOT NULL,
            number INTEGER NOT NULL,
            PRIMARY KEY (series, month)
        );
        CREATE TABLE outputs (
            name TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (name, sha256)
        );
        CREATE TABLE merges (month TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
        CREATE TABLE links (scope TEXT PRIMARY KEY, nonce TEXT NOT NULL, token_hash TEXT NOT NULL);
        CREATE TABLE intake (id INTEGER PRIMARY KEY CHECK (id = 1), base_url TEXT NOT NULL)
        """,
        Legacy(
            """
            INSERT INTO doc_numbers (series, month, number)
                SELECT 'briefing', substr(key, 13), CAST(value AS INTEGER) FROM state
                WHERE substr(key, 1, 12) = 'briefing_no:';
            INSERT INTO doc_numbers (series, month, number)
                SELECT 'notice', substr(key, 11), CAST(value AS INTEGER) FROM state
                WHERE substr(key, 1, 10) = 'notice_no:';
            INSERT OR IGNORE INTO outputs (name, sha256)
                SELECT substr(state.key, 8), known.value FROM state, json_each(state.value) AS known
                WHERE substr(state.key, 1, 7) = 'output:' AND json_valid(state.value);
            INSERT INTO merges (month, fingerprint)
                SELECT substr(key, 8), value FROM state WHERE substr(key, 1, 7) = 'merged:';
            INSERT INTO links (scope, nonce, token_hash)
                SELECT substr(key, 11), json_extract(value, '$.nonce'),
                    json_extract(value, '$.hash')
                FROM state WHERE substr(key, 1, 10) = 'web.token.' AND json_valid(value);
            INSERT INTO intake (id, base_url) SELECT 1, value FROM state WHERE key = 'web.base_url'
            """
        ),
        "DROP TABLE state",
    ],
    # 4: the district's decisions (kept for good, in the order made; the journal beside the
    # archive holds the same lines) and what they leave in force: a submission out of effect,
    # a town's extended deadline, a month locked by its approval
    """
    CREATE TABLE decisions (
        uid TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        kind TEXT NOT NULL,
        submission_sha TEXT,
        town TEXT,
        month TEXT,
        until TEXT,
        reason TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX decisions_town_month ON decisions (town, month);
    ALTER TABLE submissions ADD COLUMN standing TEXT;
    CREATE TABLE extensions (
        town TEXT NOT NULL, month TEXT NOT NULL, until TEXT NOT NULL, PRIMARY KEY (town, month)
    );
    CREATE TABLE locks (
        town TEXT NOT NULL, month TEXT NOT NULL, submission_id INTEGER NOT NULL,
        PRIMARY KEY (town, month)
    )
    """,
    # 5: what a decision found and keeps (an accepted warning's key, a recheck's before/after)
    """
    ALTER TABLE decisions ADD COLUMN detail TEXT
    """,
    # 6: the district's own fedxl.toml (no password) and form files, as its last writer had them:
    # what a city reading the district's store needs to know of it (its towns, deadline, form)
    """
    CREATE TABLE profile (name TEXT PRIMARY KEY, text TEXT NOT NULL)
    """,
    # 7: a table sheet's rows no longer reference their submission by a foreign key: they are
    # written only with it, in its transaction, and removed only by `replace_result`; on
    # PostgreSQL the key's check ran once a row (a sixth of a large ledger's ingest). An SQLite
    # store keeps the keys it has (SQLite cannot drop one; there it costs little)
    [
        ServerOnly(
            """
            DO $$
            DECLARE r record;
            BEGIN
                FOR r IN
                    SELECT c.relname, k.conname FROM pg_catalog.pg_constraint AS k
                    JOIN pg_catalog.pg_class AS c ON c.oid = k.conrelid
                    WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace
                        AND c.relname LIKE 'rows\\_%'
                LOOP
                    EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r.relname, r.conname);
                END LOOP;
            END
            $$
            """
        )
    ],
]
EXTRA = "_extra"


def quote(name: str) -> str:
    """An SQL identifier, quoted (form sheet and column names are Chinese)."""
    return '"' + name.replace('"', '""') + '"'


def needs_migration(db: Backend, conn: Connection) -> bool:
    return db.schema_version(conn) < len(MIGRATIONS)


def statements(db: Backend, migration: str | list[str]) -> list[str]:
    parts = [migration] if isinstance(migration, str) else migration
    out: list[str] = []
    for part in parts:
        if isinstance(part, Legacy) and db.kind != "sqlite":
            continue
        if isinstance(part, ServerOnly):
            out += [str(part)] if db.kind != "sqlite" else []
            continue
        out += [db.ddl(s) for s in part.split(";") if s.strip()]
    return out


def migrate(db: Backend, conn: Connection) -> None:
    """Bring the schema to the latest version, one migration per transaction (nothing is
    written, and no lock taken, when it is up to date)."""
    for number, migration in enumerate(MIGRATIONS, start=1):
        if number <= db.schema_version(conn):
            continue
        db.begin_write(conn)
        try:
            if number > db.schema_version(conn):  # another process may have done it meanwhile
                for statement in statements(db, migration):
                    conn.execute(statement)
                db.set_schema_version(conn, number)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def table_name(sheet: str) -> str:
    return f"rows_{sheet}"


def _missing(db: Backend, conn: Connection, form: Form) -> list[tuple[str, str | None, str | None]]:
    """What `form` needs that the store lacks: (table, None, None) for a table, (table, column,
    SQL type) for a column."""
    out: list[tuple[str, str | None, str | None]] = []
    for sheet in form.tables:
        name = table_name(sheet.name)
        have = set(db.columns(conn, name))
        if not have:
            out.append((name, None, None))
        if EXTRA not in have:  # columns a town added that the form does not know (JSON)
            out.append((name, EXTRA, "TEXT"))
        out += [
            (name, col.name, column_type(col).sql_type)
            for col in sheet.data_columns
            if col.name not in have
        ]
    return out


def form_ready(db: Backend, conn: Connection, form: Form) -> bool:
    """The store has a rows table with every column of each of `form`'s table sheets."""
    return not _missing(db, conn, form)


def ensure_form_tables(db: Backend, conn: Connection, form: Form) -> None:
    """One rows table per form table sheet; columns added when the form gains some. Only a form
    the store does not hold yet takes the write lock."""
    if form_ready(db, conn, form):
        return
    db.begin_write(conn)
    try:
        sheets = {table_name(sheet.name): sheet.name for sheet in form.tables}
        for name, column, kind in _missing(db, conn, form):  # read again inside the lock
            if column is None:
                # no foreign key to submissions: see migration 7
                body = db.ddl(
                    "(submission_id INTEGER NOT NULL, row INTEGER NOT NULL, "
                    "PRIMARY KEY (submission_id, row))"
                )
                conn.execute(f"CREATE TABLE {quote(name)} {body}")
                conn.execute(
                    "INSERT INTO form_tables (sheet, table_name) VALUES (?, ?) "
                    "ON CONFLICT (sheet) DO NOTHING",
                    (sheets[name], name),
                )
            else:
                conn.execute(
                    f"ALTER TABLE {quote(name)} ADD COLUMN {quote(column)} {db.ddl(kind or 'TEXT')}"
                )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
