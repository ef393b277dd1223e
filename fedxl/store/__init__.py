"""The store: submissions, findings and normalised rows (workbooks/fedxl.db, or the district's
schema on a PostgreSQL server).

Callers reach the database only through `Store` (opened with `open_store(ws)`); what is the
engine's own lives behind `store.backend` (`store.sqlite`, `store.postgres`), the schema in
`store.schema`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fedxl.checking.findings import json_value
from fedxl.checking.report import CheckResult, needs_feedback
from fedxl.errors import StoreError
from fedxl.form import Form
from fedxl.form.periods import Month
from fedxl.form.types import column_type
from fedxl.store.backend import Backend, Connection, backend_for

if TYPE_CHECKING:
    from fedxl.workspace import Workspace
from fedxl.store.rows import rows_for_store, to_sql
from fedxl.store.schema import (
    EXTRA,
    ensure_form_tables,
    form_ready,
    migrate,
    needs_migration,
    quote,
    table_name,
)


@dataclass(frozen=True)
class Submission:
    id: int
    sha256: str
    town: str | None
    month: str | None
    received_at: str
    original_name: str
    archive_path: str
    status: str
    errors: int
    warnings: int
    infos: int
    form_id: str | None = None
    form_version: str | None = None
    source_kind: str | None = None  # xlsx | xls | ods (None: recorded before fedxl kept it)
    sheet_names: str | None = None  # JSON: form sheet -> the sheet's name in the file
    cells: int | None = None  # cells of the sheets read: what a marked copy would hold
    # out of effect by a decision: voided (作废) or returned (退回); None: as checked
    standing: str | None = None

    @property
    def needs_feedback(self) -> bool:
        return needs_feedback(self.status, self.errors, self.warnings)

    @property
    def in_effect(self) -> bool:
        """Accepted by the check and not taken out of effect by the district."""
        return self.status == "accepted" and self.standing is None


@dataclass(frozen=True)
class Decision:
    """One word of the district, as kept: `kind` is void | unvoid | extend | approve | reopen |
    return | link; a submission is named by its bytes' sha256 (ids change in a rebuild)."""

    uid: str
    at: str  # ISO time
    who: str
    kind: str
    submission_sha: str | None = None
    town: str | None = None
    month: str | None = None
    until: str | None = None  # extend: the new last day (ISO date)
    reason: str = ""
    # accept: the warning checked (JSON: code, sheet, column, value), not raised again
    detail: str | None = None
    submission_id: int | None = None  # read from the store: the submission's id now

    def words(self) -> dict[str, str]:
        """The decision as the log shows it (`fedxl log`, the admin page): at, who, kind,
        about (town, month, until, the submission), reason."""
        from fedxl.form.periods import cn_date, cn_moment, cn_month
        from fedxl.i18n import t

        until = cn_date(dt.date.fromisoformat(self.until)) if self.until else ""
        about = (
            self.town or "",
            cn_month(self.month) if self.month else "",
            t("log.until", until=until) if until else "",
            t("log.submission", id=self.submission_id) if self.submission_id else "",
        )
        return {
            "at": cn_moment(self.at[:19]),
            "who": self.who,
            "kind": t(f"decision.{self.kind}"),
            "about": " ".join(x for x in about if x),
            "reason": self.reason,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "submission_id": self.submission_id,
            "uid": self.uid,
            "at": self.at,
            "who": self.who,
            "kind": self.kind,
            "submission_sha": self.submission_sha,
            "town": self.town,
            "month": self.month,
            "until": self.until,
            "reason": self.reason,
            "detail": self.detail,
        }


_DECISION_COLS = (
    "uid",
    "at",
    "who",
    "kind",
    "submission_sha",
    "town",
    "month",
    "until",
    "reason",
    "detail",
)


_SUB_COLS = (
    "id",
    "sha256",
    "town",
    "month",
    "received_at",
    "original_name",
    "archive_path",
    "status",
    "errors",
    "warnings",
    "infos",
    "form_id",
    "form_version",
    "source_kind",
    "sheet_names",
    "cells",
    "standing",
)


ROWS_BATCH = 500  # submissions asked for in one query (SQLite's parameters are limited)
_OWNER = "_submission"  # the submission a row read with others belongs to


class AlreadyRecorded(Exception):
    """The same bytes are in the store already (recorded by another writer meanwhile)."""

    def __init__(self, submission: Submission) -> None:
        super().__init__(submission.id)
        self.submission = submission


def _sub(row: tuple[Any, ...]) -> Submission:
    return Submission(*row)


def _check_not_lost(db: Backend, archive: Path) -> None:
    """A missing or emptied store (a 0-byte file, a schema without tables) while the archive
    holds files: the records were lost."""
    if not db.is_empty():
        return
    from fedxl.files.archive import archived_files

    archived = archived_files(archive)
    if archived:
        raise StoreError("store.lost", path=db.label, count=len(archived))


Towns = str | tuple[str, ...]  # a town's name, or all its names (current first, then former ones)


def _names(town: Towns) -> list[str]:
    return [town] if isinstance(town, str) else list(town)


# in workbooks/archive/: state that must outlive the store (towns' links)
KEPT_NAME = ".fedxl-kept.json"


def kept_path(archive: Path) -> Path:
    return archive / KEPT_NAME


@dataclass(frozen=True)
class LinkEntry:
    """A link as the store keeps it: the nonce its token is made from, and the token's sha256
    (the token itself is never stored)."""

    nonce: str
    token_hash: str


def kept_links(archive: Path) -> dict[str, LinkEntry]:
    """The links kept beside the archive (restored by `fedxl rebuild`). A file written before
    the links had their own table keeps them as `web.token.<scope>` entries: read the same."""
    import json

    try:
        data = json.loads(kept_path(archive).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    raw = data.get("links")
    if not isinstance(raw, dict):  # the old layout
        raw = {
            k.removeprefix("web.token."): json.loads(v) if isinstance(v, str) else v
            for k, v in data.items()
            if k.startswith("web.token.")
        }
    out = {}
    for scope, entry in raw.items():
        if isinstance(entry, dict) and entry.get("nonce") and entry.get("hash"):
            out[str(scope)] = LinkEntry(str(entry["nonce"]), str(entry["hash"]))
    return out


def keep_links(archive: Path, links: dict[str, LinkEntry]) -> None:
    """Write the links into the file kept in the archive (atomically; only on a change)."""
    import json

    from fedxl.files.atomic import write_text_atomic

    if kept_links(archive) == links:
        return
    doc = {"links": {s: {"nonce": e.nonce, "hash": e.token_hash} for s, e in links.items()}}
    path = kept_path(archive)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True))


def open_store(
    ws: Workspace, *, readonly: bool = False, form: Form | None = None, fresh: bool = False
) -> Store:
    """The workspace's store (workbooks/fedxl.db, or its district's schema on the server) with
    its form, or `form` (a year's own form): the one way the rest of fedxl opens it. `readonly`
    for readers: they never wait for a writer."""
    store = Store(
        backend_for(ws),
        form or ws.form,
        readonly=readonly,
        fresh=fresh,
        archive=ws.workbooks / "archive",
    )
    if store.db.kind != "sqlite":  # on a server a city reads the district by it
        try:
            _keep_profile(store, ws)
        except BaseException:
            store.close()
            raise
    return store


def _keep_profile(store: Store, ws: Workspace) -> None:
    """The district's files kept in its store when they changed (a reader opens a writer for
    that moment: on a server, a writer never holds up readers)."""
    files = profile_files(ws)
    if store.profile() == files:
        return
    if not store.readonly:
        store.keep_profile(files)
        return
    with Store(store.db, store.form) as writer:
        writer.keep_profile(files)


def profile_files(ws: Workspace) -> dict[str, str]:
    """What a city needs to know of the district (`Store.profile`): its fedxl.toml, with any
    password in a database address left out, and its form files, by their workspace path."""
    import re

    files = {"fedxl.toml": ws.config.path}
    for path in sorted(ws.templates.glob("form*.toml")):
        files[f"templates/{path.name}"] = path
    out = {}
    for name, path in files.items():
        try:
            text = path.read_text(encoding=ws.config.encoding)
        except (OSError, UnicodeDecodeError):
            continue
        out[name] = re.sub(r"(postgres(?:ql)?://[^:/@\s\"']+):[^@\s\"']*@", r"\1@", text)
    return out


def store_exists(ws: Workspace) -> bool:
    """Whether the workspace's store has been made (nothing recorded yet otherwise)."""
    return backend_for(ws).exists()


def links_of(ws: Workspace) -> dict[str, LinkEntry]:
    """The stored links, read without the write lock ({} while there is no store)."""
    if not store_exists(ws):
        return {}
    with open_store(ws, readonly=True) as store:
        return store.links()


def base_url_of(ws: Workspace) -> str | None:
    """The intake's recorded address, read without the write lock."""
    if not store_exists(ws):
        return None
    with open_store(ws, readonly=True) as store:
        return store.base_url()


class Store:
    """One district's store (an SQLite file, or a schema on a server); use as a context manager
    or call close()."""

    def __init__(
        self,
        where: Path | Backend,
        form: Form,
        *,
        fresh: bool = False,
        readonly: bool = False,
        archive: Path | None = None,
    ) -> None:
        """Open (or create) the store (`where`: the SQLite file, or a backend). A store that is
        missing or empty while the archive (`archive`, beside the file by default) holds
        submissions, or that is damaged, is never silently replaced: StoreError says what to do
        (`fedxl rebuild`). `fresh` is for that rebuild. `readonly`: a reader that never takes the
        write lock (a store of an older schema is brought up to date once, first)."""
        if isinstance(where, Path):
            from fedxl.store.sqlite import SQLiteBackend

            archive = archive or where.parent / "archive"
            where = SQLiteBackend(where)
        self.db: Backend = where
        self.form, self.readonly = form, readonly
        self._ensured: set[tuple[str, str, Path | None]] = set()
        self._columns: dict[str, set[str]] = {}
        if not fresh and archive is not None:
            _check_not_lost(self.db, archive)
        if readonly and not self.db.exists():
            Store(self.db, form, fresh=True).close()  # no store yet: the first open creates it
        self.conn: Connection = self.db.connect(readonly=readonly)
        db = self.db
        try:
            if readonly and (needs_migration(db, self.conn) or not form_ready(db, self.conn, form)):
                self.conn.close()  # an older store: made current once by a writer, then read
                Store(db, form, fresh=True).close()
                self.conn = db.connect(readonly=True)
            elif not readonly:
                migrate(db, self.conn)
                ensure_form_tables(db, self.conn, form)
        except Exception as exc:
            self.conn.close()
            if db.is_error(exc):
                raise db.error(exc) from None
            raise

    def ensure_form(self, form: Form) -> None:
        """The rows tables hold `form`'s columns too (another year's form may add some); a reader
        reads what is there."""
        key = (form.id, form.version, form.path)
        if key not in self._ensured:
            if not self.readonly:
                ensure_form_tables(self.db, self.conn, form)
            self._ensured.add(key)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        self.db.begin_write(self.conn)
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # --- writing ---------------------------------------------------------------------

    def record(
        self,
        report: CheckResult,
        *,
        archive_path: str,
        received_at: str,
        original_name: str,
        rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]] | None = None,
        form: Form | None = None,
        guard: Callable[[], None] | None = None,
    ) -> int:
        """Record a checked submission with its findings and rows, all in one transaction
        (`rows`: from rows_for_store, when the caller built them already; `form`: the form the
        report was checked with, when not the store's: its year's form-YYYY.toml; `guard`: what
        must be judged while the store's write lock is held — the month's lock by the district).
        AlreadyRecorded when another writer recorded the same bytes first."""
        if form is not None and form is not self.form:
            self.ensure_form(form)
        now = dt.datetime.now().isoformat(timespec="seconds")
        with self.transaction() as c:
            earlier = self.by_sha(report.sha256)  # another intake server's, a moment ago
            if earlier is not None:
                raise AlreadyRecorded(earlier)
            if guard is not None:
                guard()
            counts = report.counts
            sid = self.db.insert_id(
                c,
                "INSERT INTO submissions (sha256, town, month, received_at, original_name, "
                "archive_path, "
                "form_id, form_version, status, errors, warnings, infos, ingested_at, source_kind, "
                "sheet_names, cells) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    report.sha256,
                    report.town,
                    report.period,
                    received_at,
                    original_name,
                    archive_path,
                    report.form_id,
                    report.form_version,
                    report.status,
                    counts["error"],
                    counts["warning"],
                    counts["info"],
                    now,
                    report.source_kind,
                    json.dumps(report.sheet_names, ensure_ascii=False),
                    report.cells,
                ),
            )
            self._write_details(sid, report, rows, form)
        return sid

    def _write_details(
        self,
        sid: int,
        report: CheckResult,
        rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]] | None,
        form: Form | None,
    ) -> None:
        """A submission's findings, 基本信息 values and rows (inside the caller's transaction)."""
        c = self.conn
        self.db.insert_rows(
            c,
            "findings",
            ["seq", "severity", "code", "sheet", "row", "column", "cell", "value", "message"]
            + ["hint", "rule"],
            [
                (
                    i,
                    f.severity,
                    f.code,
                    f.sheet,
                    f.row,
                    f.column,
                    f.cell,
                    None
                    if f.value is None
                    else json.dumps(json_value(f.value), ensure_ascii=False),
                    f.message,
                    f.hint,
                    f.rule,
                )
                for i, f in enumerate(report.findings)
            ],
            owner=sid,
        )
        self.db.insert_rows(
            c,
            "submission_info",
            ["key", "value"],
            [(k, to_sql(v)) for k, v in report.info.items() if v is not None],
            owner=sid,
        )
        prepared = rows if rows is not None else rows_for_store(form or self.form, report)
        for sheet_name, (cols, values) in prepared.items():
            self.db.insert_rows(c, table_name(sheet_name), ["row", *cols], values, owner=sid)

    def replace_result(self, sid: int, report: CheckResult, *, form: Form | None = None) -> None:
        """A submission checked again (`fedxl recheck`): its result, findings, 基本信息 values and
        rows replaced by `report`'s, in the caller's transaction (the earlier result is kept by
        the caller, in the log)."""
        form = form or self.form
        if form is not self.form:
            self.ensure_form(form)
        c = self.conn
        c.execute("DELETE FROM findings WHERE submission_id = ?", (sid,))
        c.execute("DELETE FROM submission_info WHERE submission_id = ?", (sid,))
        for (name,) in c.execute("SELECT table_name FROM form_tables").fetchall():
            c.execute(f"DELETE FROM {quote(name)} WHERE submission_id = ?", (sid,))
        counts = report.counts
        c.execute(
            "UPDATE submissions SET town = ?, month = ?, form_id = ?, form_version = ?, "
            "status = ?, errors = ?, warnings = ?, infos = ?, sheet_names = ?, cells = ? "
            "WHERE id = ?",
            (
                report.town,
                report.period,
                report.form_id,
                report.form_version,
                report.status,
                counts["error"],
                counts["warning"],
                counts["info"],
                json.dumps(report.sheet_names, ensure_ascii=False),
                report.cells,
                sid,
            ),
        )
        self._write_details(sid, report, None, form)

    # --- what fedxl remembers besides submissions (each in its own table) ------------

    def doc_numbers(self, series: str, year: int) -> dict[str, int]:
        """The numbers given in `series` (briefing | notice) to the months of `year`."""
        rows = self.conn.execute(
            "SELECT month, number FROM doc_numbers WHERE series = ? AND substr(month, 1, 5) = ?",
            (series, f"{year}-"),
        )
        return {str(month): int(number) for month, number in rows}

    def set_doc_number(self, series: str, month: str, number: int) -> None:
        self.conn.execute(
            "INSERT INTO doc_numbers (series, month, number) VALUES (?, ?, ?) "
            "ON CONFLICT (series, month) DO UPDATE SET number = excluded.number",
            (series, month, number),
        )

    def output_hashes(self, name: str) -> set[str]:
        """The sha256 of every file fedxl wrote under `name` (folder/file)."""
        rows = self.conn.execute("SELECT sha256 FROM outputs WHERE name = ?", (name,))
        return {str(sha) for (sha,) in rows}

    def add_output_hash(self, name: str, sha256: str) -> None:
        self.conn.execute(
            "INSERT INTO outputs (name, sha256) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (name, sha256),
        )

    def merge_fingerprint(self, month: str) -> str | None:
        """What the month's last merge was made from (see jobs.run)."""
        row = self.conn.execute(
            "SELECT fingerprint FROM merges WHERE month = ?", (month,)
        ).fetchone()
        return str(row[0]) if row else None

    def set_merge_fingerprint(self, month: str, fingerprint: str) -> None:
        self.conn.execute(
            "INSERT INTO merges (month, fingerprint) VALUES (?, ?) "
            "ON CONFLICT (month) DO UPDATE SET fingerprint = excluded.fingerprint",
            (month, fingerprint),
        )

    def links(self) -> dict[str, LinkEntry]:
        """Each scope's link (a town, or the admin): its nonce and its token's sha256."""
        rows = self.conn.execute("SELECT scope, nonce, token_hash FROM links ORDER BY scope")
        return {str(scope): LinkEntry(str(nonce), str(h)) for scope, nonce, h in rows}

    def set_link(self, scope: str, entry: LinkEntry) -> None:
        self.conn.execute(
            "INSERT INTO links (scope, nonce, token_hash) VALUES (?, ?, ?) ON CONFLICT (scope) "
            "DO UPDATE SET nonce = excluded.nonce, token_hash = excluded.token_hash",
            (scope, entry.nonce, entry.token_hash),
        )

    def base_url(self) -> str | None:
        """The address the last `fedxl serve` was reachable at."""
        row = self.conn.execute("SELECT base_url FROM intake WHERE id = 1").fetchone()
        return str(row[0]) if row else None

    def set_base_url(self, url: str) -> None:
        self.conn.execute(
            "INSERT INTO intake (id, base_url) VALUES (1, ?) "
            "ON CONFLICT (id) DO UPDATE SET base_url = excluded.base_url",
            (url,),
        )

    def profile(self) -> dict[str, str]:
        """The district's fedxl.toml and form files as its last writer had them."""
        return {str(n): str(t) for n, t in self.conn.execute("SELECT name, text FROM profile")}

    def keep_profile(self, files: dict[str, str]) -> None:
        """Keep the district's files (`profile_files`)."""
        with self.transaction() as c:
            c.execute("DELETE FROM profile")
            c.executemany("INSERT INTO profile (name, text) VALUES (?, ?)", list(files.items()))

    # --- the district's decisions and what they leave in force -------------------------

    def decisions(self, *, town: Towns | None = None, month: str | None = None) -> list[Decision]:
        """The decisions in the order they were made (`town`: any of its names)."""
        clauses: list[str] = []
        params: list[str] = []
        if town is not None:
            names = _names(town)
            clauses.append(f"town IN ({', '.join('?' * len(names))})")
            params += names
        if month is not None:
            clauses.append("month = ?")
            params.append(month)
        where = ("WHERE " + " AND ".join(f"d.{c}" for c in clauses)) if clauses else ""
        rows = self.conn.execute(
            f"SELECT {', '.join('d.' + c for c in _DECISION_COLS)}, s.id FROM decisions AS d "
            f"LEFT JOIN submissions AS s ON s.sha256 = d.submission_sha {where} ORDER BY d.seq",
            params,
        )
        return [Decision(*row) for row in rows]

    def add_decision(self, decision: Decision) -> bool:
        """Keep a decision (once: False when its uid is kept already)."""
        cur = self.conn.execute(
            f"INSERT INTO decisions ({', '.join(_DECISION_COLS)}, seq) "
            f"SELECT {', '.join('?' * len(_DECISION_COLS))}, COALESCE(MAX(seq), 0) + 1 "
            "FROM decisions WHERE true ON CONFLICT (uid) DO NOTHING",  # (WHERE: SQLite's upsert)
            tuple(getattr(decision, c) for c in _DECISION_COLS),
        )
        return bool(cur.rowcount)

    def accepted_warnings(self, town: Towns) -> set[str]:
        """The warnings the district checked for the town (their `detail` keys)."""
        names = _names(town)
        rows = self.conn.execute(
            f"SELECT detail FROM decisions WHERE kind = 'accept' AND detail IS NOT NULL "
            f"AND town IN ({', '.join('?' * len(names))})",
            names,
        )
        return {str(d) for (d,) in rows}

    def return_reason(self, sha256: str) -> str | None:
        """Why the district returned the submission with these bytes (its latest 退回)."""
        row = self.conn.execute(
            "SELECT reason FROM decisions WHERE kind = 'return' AND submission_sha = ? "
            "ORDER BY seq DESC LIMIT 1",
            (sha256,),
        ).fetchone()
        return str(row[0]) if row else None

    def set_standing(self, submission_id: int, standing: str | None) -> None:
        self.conn.execute(
            "UPDATE submissions SET standing = ? WHERE id = ?", (standing, submission_id)
        )

    def extensions(self, month: str) -> dict[str, str]:
        """Every town's extended last day for `month`, by the name it was given under."""
        rows = self.conn.execute("SELECT town, until FROM extensions WHERE month = ?", (month,))
        return {str(town): str(until) for town, until in rows}

    def set_extension(self, town: str, month: str, until: str) -> None:
        self.conn.execute(
            "INSERT INTO extensions (town, month, until) VALUES (?, ?, ?) "
            "ON CONFLICT (town, month) DO UPDATE SET until = excluded.until",
            (town, month, until),
        )

    def lock(self, town: Towns, month: str) -> int | None:
        """The approved submission that locks the town's month, if any."""
        names = _names(town)
        row = self.conn.execute(
            f"SELECT submission_id FROM locks WHERE town IN ({', '.join('?' * len(names))}) "
            "AND month = ?",
            (*names, month),
        ).fetchone()
        return int(row[0]) if row else None

    def locks(self) -> dict[tuple[str, str], int]:
        """Every locked (town, month) and the submission that locks it."""
        rows = self.conn.execute("SELECT town, month, submission_id FROM locks")
        return {(str(town), str(month)): int(sid) for town, month, sid in rows}

    def set_lock(self, town: Towns, month: str, submission_id: int | None) -> None:
        names = _names(town)
        self.conn.execute(
            f"DELETE FROM locks WHERE town IN ({', '.join('?' * len(names))}) AND month = ?",
            (*names, month),
        )
        if submission_id is not None:
            self.conn.execute(
                "INSERT INTO locks (town, month, submission_id) VALUES (?, ?, ?)",
                (names[0], month, submission_id),
            )

    def drop_findings(self, submission_id: int, code: str) -> None:
        """Take a decision's own findings (`month-locked`) off a submission: its counts (which
        may count more than the findings kept) lose them, its status follows what is left."""
        c = self.conn
        dropped = dict(
            c.execute(
                "SELECT severity, COUNT(*) FROM findings WHERE submission_id = ? AND code = ? "
                "GROUP BY severity",
                (submission_id, code),
            ).fetchall()
        )
        if not dropped:
            return
        c.execute(
            "DELETE FROM findings WHERE submission_id = ? AND code = ?", (submission_id, code)
        )
        c.execute(
            "UPDATE submissions SET errors = errors - ?, warnings = warnings - ?, "
            "infos = infos - ? WHERE id = ?",
            (
                dropped.get("error", 0),
                dropped.get("warning", 0),
                dropped.get("info", 0),
                submission_id,
            ),
        )
        c.execute(
            "UPDATE submissions SET status = 'accepted' "
            "WHERE id = ? AND status = 'rejected' AND errors = 0",
            (submission_id,),
        )

    # --- reading ---------------------------------------------------------------------

    def _subs(self, where: str, params: Iterable[Any] = ()) -> list[Submission]:
        sql = f"SELECT {', '.join(_SUB_COLS)} FROM submissions {where}"
        return [_sub(r) for r in self.conn.execute(sql, tuple(params))]

    def by_sha(self, sha256: str) -> Submission | None:
        found = self._subs("WHERE sha256 = ?", (sha256,))
        return found[0] if found else None

    def get(self, submission_id: int) -> Submission | None:
        found = self._subs("WHERE id = ?", (submission_id,))
        return found[0] if found else None

    def submissions(
        self,
        *,
        town: Towns | None = None,
        month: str | None = None,
        upto: str | None = None,
        by: str | None = None,
    ) -> list[Submission]:
        """Submissions in the order they came; `town`: a name or every name of a town (a renamed
        town's submissions are stored under its former name); `upto` keeps the months of that
        month's year up to it; `by` (ISO time) leaves out those received later."""
        clauses: list[str] = []
        params: list[str] = []
        if upto is not None:
            clauses.append("month <= ? AND substr(month, 1, 4) = ?")
            params += [upto, str(Month.of(upto).year)]
        if town is not None:
            names = _names(town)
            clauses.append(f"town IN ({', '.join('?' * len(names))})")
            params += names
        if month is not None:
            clauses.append("month = ?")
            params.append(month)
        if by is not None:
            clauses.append("received_at <= ?")
            params.append(by)
        where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
        return self._subs(where + " ORDER BY received_at, id", params)

    def effective(self, town: Towns, month: str, *, by: str | None = None) -> Submission | None:
        """The town's latest accepted submission for `month` still in effect (received by
        `by`)."""
        return self.latest_effective(town, upto=month, since=month, by=by)

    def latest_effective(
        self,
        town: Towns,
        *,
        before: str | None = None,
        upto: str | None = None,
        since: str | None = None,
        year: int | None = None,
        by: str | None = None,
    ) -> Submission | None:
        """The town's effective submission of the latest month before / up to a month (`town`: a
        name or every name of the town)."""
        names = _names(town)
        clauses = [
            f"town IN ({', '.join('?' * len(names))})",
            "status = 'accepted'",
            "standing IS NULL",
            "month IS NOT NULL",
        ]
        params = list(names)
        for clause, value in (
            ("month < ?", before),
            ("month <= ?", upto),
            ("month >= ?", since),
            ("substr(month, 1, 4) = ?", None if year is None else str(year)),
            ("received_at <= ?", by),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        found = self._subs(
            "WHERE "
            + " AND ".join(clauses)
            + " ORDER BY month DESC, received_at DESC, id DESC LIMIT 1",
            params,
        )
        return found[0] if found else None

    def form_versions(self) -> dict[str, set[tuple[str, str]]]:
        """Month -> the (form id, version) pairs its checked submissions were stored with."""
        out: dict[str, set[tuple[str, str]]] = {}
        for month, form_id, version in self.conn.execute(
            "SELECT DISTINCT month, form_id, form_version FROM submissions "
            "WHERE month IS NOT NULL AND form_version IS NOT NULL AND status != 'unreadable'"
        ):
            out.setdefault(month, set()).add((form_id or "", version))
        return out

    def months(self) -> list[str]:
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT month FROM submissions WHERE month IS NOT NULL ORDER BY month"
            )
        ]

    def accepted_months(self, *, by: str | None = None) -> list[str]:
        """Months with at least one accepted submission (received by `by`), in order."""
        sql = (
            "SELECT DISTINCT month FROM submissions WHERE month IS NOT NULL "
            "AND status = 'accepted' AND standing IS NULL"
        )
        params: tuple[str, ...] = ()
        if by is not None:
            sql += " AND received_at <= ?"
            params = (by,)
        return [r[0] for r in self.conn.execute(sql + " ORDER BY month", params)]

    def findings(self, submission_id: int) -> list[dict[str, Any]]:
        """A submission's findings, in their order."""
        return self.findings_of([submission_id]).get(submission_id, [])

    def findings_of(
        self, submission_ids: Iterable[int], codes: Iterable[str] | None = None
    ) -> dict[int, list[dict[str, Any]]]:
        """The findings of many submissions at once (only those of `codes` when given), by
        submission, each in its order."""
        cols = ("severity", "code", "sheet", "row", "column", "cell", "value", "message", "hint")
        ids = list(dict.fromkeys(submission_ids))
        wanted = list(codes) if codes is not None else []
        out: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
        for first in range(0, len(ids), ROWS_BATCH):
            batch = ids[first : first + ROWS_BATCH]
            sql = (
                'SELECT submission_id, severity, code, sheet, row, "column", cell, value, message, '
                f"hint, rule FROM findings WHERE submission_id IN ({', '.join('?' * len(batch))})"
            )
            if wanted:
                sql += f" AND code IN ({', '.join('?' * len(wanted))})"
            for owner, *r in self.conn.execute(
                sql + " ORDER BY submission_id, seq", [*batch, *wanted]
            ):
                item = dict(zip((*cols, "rule"), r, strict=True))
                item["value"] = None if item["value"] is None else json.loads(item["value"])
                out[int(owner)].append(item)
        return out

    def rows(
        self,
        sheet: str,
        submission_id: int,
        columns: Iterable[str] | None = None,
        *,
        form: Form | None = None,
    ) -> list[dict[str, Any]]:
        """Normalised rows of one form sheet of one submission (dates back as dates); only
        `columns` when given (faster: no `_extra`, no row number). `form`: the form the
        submission was stored with, when not the store's (another year's form-YYYY.toml)."""
        return self.rows_of(sheet, [submission_id], columns, form=form).get(submission_id, [])

    def rows_of(
        self,
        sheet: str,
        submission_ids: Iterable[int],
        columns: Iterable[str] | None = None,
        *,
        form: Form | None = None,
    ) -> dict[int, list[dict[str, Any]]]:
        """`rows` of many submissions at once, by submission (a summary of hundreds of towns
        asks once a sheet, not once a town and sheet: on a server each question is a round
        trip)."""
        if form is not None and form is not self.form:
            self.ensure_form(form)
        form_sheet = (form or self.form).sheet(sheet)
        ids = list(dict.fromkeys(submission_ids))
        out: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
        if form_sheet is None or not ids:
            return out
        types = {c.name: column_type(c) for c in form_sheet.columns}
        # only those the table has (a reader does not add a new form's columns)
        if columns is not None:
            have = self._table_columns(table_name(sheet))
            columns = [c for c in columns if c in types and c in have]
        wanted = "*" if columns is None else ", ".join(quote(c) for c in columns) or "row"
        for first in range(0, len(ids), ROWS_BATCH):
            batch = ids[first : first + ROWS_BATCH]
            cur = self.conn.execute(
                f"SELECT submission_id AS {quote(_OWNER)}, {wanted} FROM "
                f"{quote(table_name(sheet))} WHERE submission_id IN "
                f"({', '.join('?' * len(batch))}) ORDER BY submission_id, row",
                batch,
            )
            names = [d[0] for d in cur.description][1:]
            dates = [n for n in names if n in types and types[n].is_date]
            found = cur.fetchall()  # at once: a city's figures read ~200,000 rows
            items = [dict(zip(names, values[1:], strict=True)) for values in found]
            for key in dates:
                for item in items:
                    if isinstance(value := item[key], str):
                        item[key] = dt.date.fromisoformat(value)
            if EXTRA in names:
                for item in items:
                    item[EXTRA] = json.loads(item[EXTRA]) if item[EXTRA] else {}
            for values, item in zip(found, items, strict=True):
                out[int(values[0])].append(item)
        return out

    def _table_columns(self, table: str) -> set[str]:
        if table not in self._columns:
            self._columns[table] = set(self.db.columns(self.conn, table))
        return self._columns[table]

    def info(self, submission_id: int) -> dict[str, Any]:
        return dict(
            self.conn.execute(
                "SELECT key, value FROM submission_info WHERE submission_id = ?", (submission_id,)
            ).fetchall()
        )

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM submissions").fetchone()[0])
