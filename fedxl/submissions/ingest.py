"""`fedxl ingest`: check → archive → record → feedback → remove from the inbox (SPEC §7).

Each step can be interrupted (kill -9, power cut) and the whole run repeated: the archive is
content-addressed, the store records a file in one transaction keyed by its sha256, and the
inbox copy is removed only after everything else is done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fedxl.archive import archive_file, archive_path, find_archived
from fedxl.checking import CheckContext, check_file, sha256_of
from fedxl.checking.keys import active_names, check_org_missing, roster_sheet
from fedxl.faults import checkpoint
from fedxl.findings import Finding
from fedxl.report import Report
from fedxl.store import Store, Submission
from fedxl.workspace import Workspace

IGNORED_PREFIXES = ("~$", ".")  # Excel / WPS lock files, LibreOffice .~lock, hidden and temp files


@dataclass
class IngestResult:
    report: Report
    submission_id: int | None
    duplicate: bool
    archive: Path | None = None
    feedback: Path | None = None
    feedback_error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**self.report.to_dict(), "submission_id": self.submission_id, "duplicate": self.duplicate}


@dataclass
class IngestBatch:
    results: list[IngestResult]

    @property
    def exit_code(self) -> int:
        return max((r.report.exit_code for r in self.results), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {"version": 1, "files": [r.to_dict() for r in self.results]}


def inbox_files(ws: Workspace) -> list[Path]:
    """Files waiting in workbooks/inbox/, oldest first (Office lock files left alone)."""
    inbox = ws.folder("inbox")
    files = [p for p in inbox.iterdir() if p.is_file() and not p.name.startswith(IGNORED_PREFIXES)]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name))


def received_time(path: Path, given: dt.datetime | None) -> str:
    when = given or dt.datetime.fromtimestamp(path.stat().st_mtime)
    return when.replace(microsecond=0).isoformat()


def report_from_store(store: Store, sub: Submission, file: str) -> Report:
    """The report of an already recorded submission (for duplicates)."""
    report = Report(file=file, sha256=sub.sha256, form_id=sub.form_id, form_version=sub.form_version,
                    town=sub.town, period=sub.month)
    report.findings = [Finding(**f) for f in store.findings(sub.id)]
    return report


_worker_ctx: dict[str, CheckContext] = {}


def _init_worker(root: str) -> None:
    ws = Workspace(Path(root))
    _worker_ctx["ctx"] = CheckContext(ws.form, ws.config)


def _check_in_worker(path: Path) -> Report:
    from fedxl.store import rows_for_store

    ctx = _worker_ctx["ctx"]
    report = check_file(path, ctx)
    report.store_rows = rows_for_store(ctx.form, report)
    roster = roster_sheet(ctx.form)
    # the prepared rows travel back instead of the records; org-missing needs only the roster
    report.data = {k: v for k, v in report.data.items() if roster is not None and k == roster.name}
    return report


def _checked(ws: Workspace, paths: list[Path], workers: int) -> Iterator[tuple[Path, Report]]:
    """Check files in order, on several processes when there are several files."""
    if workers <= 1 or len(paths) < 4:
        ctx = CheckContext(ws.form, ws.config)
        for path in paths:
            yield path, check_file(path, ctx)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(str(ws.root),)) as pool:
        yield from zip(paths, pool.map(_check_in_worker, paths, chunksize=1), strict=True)


def ingest(ws: Workspace, paths: list[Path] | None = None, *, received_at: dt.datetime | None = None,
           workers: int = 1, on_done: Callable[[IngestResult], None] | None = None) -> IngestBatch:
    """Ingest `paths` (default: the inbox). Returns one result per file, in order."""
    from fedxl.archive import sweep_archive
    from fedxl.atomic import sweep_stale

    inbox = ws.folder("inbox").resolve()
    archive_root = ws.folder("archive")
    sweep_archive(archive_root)
    sweep_stale(ws.folder("feedback"))
    files = inbox_files(ws) if paths is None else list(paths)
    results: list[IngestResult] = []
    with Store(ws.db_path, ws.form) as store:
        fresh: list[Path] = []
        known: dict[Path, Submission] = {}
        for path in files:
            try:
                sub = store.by_sha(sha256_of(path))
            except OSError:
                sub = None
            if sub is not None:
                known[path] = sub
            else:
                fresh.append(path)
        checked = _checked(ws, fresh, workers)
        for path in files:
            if path in known:
                result = _duplicate(ws, store, path, known[path], inbox)
            else:
                checked_path, report = next(checked)
                assert checked_path == path
                result = _record_new(ws, store, path, report, received_at, inbox, archive_root)
            results.append(result)
            if on_done:
                on_done(result)
    return IngestBatch(results)


def _add_org_missing(ws: Workspace, store: Store, report: Report) -> None:
    if not report.town or not report.period or report.status == "unreadable":
        return
    prev = store.latest_effective(report.town, before=report.period, year=int(report.period[:4]))
    roster = roster_sheet(ws.form)
    if prev is None or roster is None:
        return
    names = active_names(ws.form, store.rows(roster.name, prev.id))
    report.findings[:0] = check_org_missing(ws.form, report.data, names)


def _needs_feedback(report: Report) -> bool:
    return report.status != "unreadable" and bool(report.counts["error"] or report.counts["warning"])


def _write_feedback(ws: Workspace, source: Path, original: Path, report: Report) -> Path:
    from fedxl.feedback import feedback_name, write_feedback_file

    return write_feedback_file(source, report, ws.folder("feedback") / feedback_name(original))


def _record_new(ws: Workspace, store: Store, path: Path, report: Report, given: dt.datetime | None,
                inbox: Path, archive_root: Path) -> IngestResult:
    _add_org_missing(ws, store, report)
    year = report.period[:4] if report.period else str(ws.config.district.ledger_year)
    checkpoint("before_archive")
    target = find_archived(archive_root, report.sha256) or archive_path(
        archive_root, sha256=report.sha256, year=year, town=report.town, original=path.name)
    archive_file(path, target)
    checkpoint("after_archive")
    sid = store.record(report, archive_path=str(target.relative_to(ws.root)),
                       received_at=received_time(path, given), original_name=path.name)
    checkpoint("after_record")
    feedback, problem = _safe_feedback(ws, target, path, report) if _needs_feedback(report) else (None, None)
    checkpoint("after_feedback")
    _leave_inbox(path, inbox)
    return IngestResult(report, sid, False, target, feedback, problem)


def _safe_feedback(ws: Workspace, source: Path, original: Path, report: Report) -> tuple[Path | None, str | None]:
    """Write the feedback workbook; a failure is reported, never fatal for the batch."""
    try:
        return _write_feedback(ws, source, original, report), None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for odd files
        return None, f"{type(exc).__name__}: {exc}"


def _duplicate(ws: Workspace, store: Store, path: Path, sub: Submission, inbox: Path) -> IngestResult:
    """Bytes already recorded: nothing new is stored; finish what a crashed run left undone."""
    report = report_from_store(store, sub, str(path))
    archived = ws.root / sub.archive_path
    feedback: Path | None = None
    problem = None
    if _needs_feedback(report):
        from fedxl.feedback import feedback_name

        feedback = ws.folder("feedback") / feedback_name(Path(sub.original_name))
        if not feedback.exists() and archived.exists():  # a run died before writing it
            full = check_file(archived, CheckContext(ws.form, ws.config))
            full.findings = report.findings
            feedback, problem = _safe_feedback(ws, archived, Path(sub.original_name), full)
    _leave_inbox(path, inbox)
    return IngestResult(report, sub.id, True, archived, feedback, problem)


def _leave_inbox(path: Path, inbox: Path) -> None:
    """Remove the inbox copy (files given from elsewhere are never touched)."""
    try:
        if path.resolve().parent == inbox:
            path.unlink(missing_ok=True)
    except OSError:
        pass
