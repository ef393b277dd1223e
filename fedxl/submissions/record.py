"""One file through ingest: check → archive → record (in its turn) → feedback → out of the
inbox; and a file whose bytes were recorded before. Each step can be interrupted and the file
ingested again (see fedxl.submissions.ingest)."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fedxl.checking import CheckContext, Origin, check_file, gc_paused, not_a_regular_file
from fedxl.checking.findings import Finding, finding
from fedxl.checking.report import CheckResult
from fedxl.files.archive import archive_file, archive_path, find_archived, write_sidecar
from fedxl.files.faults import checkpoint
from fedxl.form.periods import Month
from fedxl.store import AlreadyRecorded, Store, Submission
from fedxl.submissions.decisions import refuse_if_locked
from fedxl.submissions.history import add_history
from fedxl.submissions.inbox import leave_inbox, set_aside
from fedxl.workspace import Workspace


@dataclass
class IngestResult:
    report: CheckResult
    submission_id: int | None
    duplicate: bool
    archive: Path | None = None
    feedback: Path | None = None
    feedback_error: str | None = None
    # a duplicate: which submission it repeats, whose file it is and what is still owed
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.report.to_dict(),
            "submission_id": self.submission_id,
            "duplicate": self.duplicate,
        }


def received_time(path: Path, given: dt.datetime | None) -> str:
    when = given or dt.datetime.fromtimestamp(path.stat().st_mtime)
    return when.replace(microsecond=0).isoformat()


def report_from_store(store: Store, sub: Submission, file: str) -> CheckResult:
    """The check result a submission was recorded with: its findings, and what a marked copy
    needs of the file (its kind, its sheets' names, its size in cells), never its records."""
    import json

    report = CheckResult(
        file=file,
        sha256=sub.sha256,
        form_id=sub.form_id,
        form_version=sub.form_version,
        town=sub.town,
        period=sub.month,
        source_kind=sub.source_kind,
        sheet_names=json.loads(sub.sheet_names) if sub.sheet_names else {},
        cells=sub.cells or 0,
    )
    report.findings = [Finding(**f) for f in store.findings(sub.id)]
    return report


@dataclass
class Job:
    """What one process needs to ingest files: the workspace, its own store connection, the form."""

    ws: Workspace
    store: Store
    ctx: CheckContext
    received_at: dt.datetime | None
    inbox: Path
    archive_root: Path

    @classmethod
    def open(cls, ws: Workspace, store: Store, received_at: dt.datetime | None) -> Job:
        return cls(
            ws,
            store,
            CheckContext(ws.form, ws.config, forms=ws.forms),
            received_at,
            ws.folder("inbox").resolve(),
            ws.folder("archive"),
        )


def ingest_one(
    job: Job,
    path: Path,
    *,
    repeat: bool,
    turn: contextlib.AbstractContextManager[Any],
    origin: Origin | None = None,
    sha: str = "",
) -> IngestResult:
    """Check, archive, record (in turn), write feedback and leave the inbox: one new file (`sha`:
    its SHA-256 when the batch has hashed it already, so it is not read again for that)."""
    with gc_paused():  # thousands of records live until stored: no cyclic GC passes over them
        return _ingest_file(job, path, repeat=repeat, turn=turn, origin=origin, sha=sha)


def _ingest_file(
    job: Job,
    path: Path,
    *,
    repeat: bool,
    turn: contextlib.AbstractContextManager[Any],
    origin: Origin | None,
    sha: str = "",
) -> IngestResult:
    from fedxl.store.rows import rows_for_store

    name = Path(origin.name) if origin else path  # what the town called it

    # a link or special file: never read, moved out of the inbox
    if not_a_regular_file(path) is not None:
        report = check_file(path, job.ctx)
        with turn:
            pass
        set_aside(path, job.inbox)
        return IngestResult(_slim(report), None, False)
    prepared = None  # the store's rows, built before the turn so the turn stays short
    try:
        try:
            received: dt.date | None = dt.datetime.fromisoformat(
                received_time(path, job.received_at)
            ).date()
        except OSError:  # gone or unreadable: the check says so
            received = None
        came = Origin(name.name, origin.town if origin else None, received, sha256=sha)
        report = check_file(path, job.ctx, came)
        target = None
        if report.sha256 and not repeat:
            target = _archive(job, path, report, name.name)
            prepared = rows_for_store(job.ctx.form_for(report.period), report)
    except BaseException:
        with turn:  # let the files after this one go on
            pass
        raise
    with turn:
        sub = job.store.by_sha(report.sha256) if report.sha256 else None
        if sub is None and report.sha256:
            target = target or _archive(job, path, report, name.name)
            # written in turn: the moment it is taken in orders it among the district's
            # decisions when the store is rebuilt
            write_sidecar(
                target,
                received_at=received_time(path, job.received_at),
                original_name=name.name,
                sha256=report.sha256,
                ingested_at=dt.datetime.now().isoformat(),
            )
            add_history(job.ws, job.store, report)  # after the files before it in the batch
            try:
                sid = job.store.record(
                    report,
                    archive_path=str(target.relative_to(job.ws.root)),
                    received_at=received_time(path, job.received_at),
                    original_name=name.name,
                    rows=prepared,
                    form=job.ctx.form_for(report.period),
                    # the district approved the month: judged under the store's write lock
                    guard=lambda: refuse_if_locked(job.store, job.ws, report),
                )
            except AlreadyRecorded as exc:  # another intake server took the same bytes first
                sub = exc.submission
            checkpoint("after_record")
    if not report.sha256:  # could not even be read (locked, no permission): left in the inbox
        return IngestResult(_slim(report), None, False)
    if sub is not None:  # the same bytes came earlier in this batch
        return duplicate(job, path, sub, origin)
    assert target is not None
    # a file sent back with its problems also says what it changed; a clean file is not written
    # back only for that (its page says it, and `fedxl changes`): a workbook for every accepted
    # ledger made a small district's ingest five times slower
    feedback, problem = (
        _safe_feedback(job.ws, target, name, report, _changed(job, sid, report))
        if report.needs_feedback
        else (None, None)
    )
    if feedback is not None or problem is not None:
        from fedxl.submissions.feedback import keep

        keep(job.ws, sid, feedback, problem)
    if problem is not None:
        report.findings.append(finding("feedback-failed", detail=problem))
    checkpoint("after_feedback")
    if report.reader_failed:  # recorded as a failed attempt; never read again by itself
        set_aside(path, job.inbox, reason=report)
    else:
        leave_inbox(path, job.inbox)
    return IngestResult(_slim(report), sid, False, target, feedback, problem)


def _archive(job: Job, path: Path, report: CheckResult, original: str) -> Path:
    year = Month.of(report.period).year if report.period else job.ws.config.district.ledger_year
    checkpoint("before_archive")
    target = archive_path(
        job.archive_root, sha256=report.sha256, year=year, town=report.town, original=original
    )
    target = find_archived(target, report.sha256) or target
    archive_file(path, target, received_time(path, job.received_at))
    checkpoint("after_archive")
    return target


def _slim(report: CheckResult) -> CheckResult:
    """Drop the records once stored: results travel between processes and stay in memory."""
    report.tables = {}
    report.data.clear()
    return report


def _changed(job: Job, sid: int, report: CheckResult) -> list[str]:
    """What an accepted file (with warnings) changed against the town's ledger in effect before
    it (the lines of its 与上月对比 sheet); [] when nothing did or there is nothing before it."""
    if report.status != "accepted":
        return []
    from fedxl.submissions.changes import sheet_lines

    sub = job.store.get(sid)
    return [] if sub is None else sheet_lines(job.store, job.ws, sub)


def _write_feedback(
    ws: Workspace, source: Path, original: Path, report: CheckResult, changes: list[str]
) -> Path:
    from fedxl.feedback import write_feedback_for

    return write_feedback_for(ws, source, report, original, changes)


def _safe_feedback(
    ws: Workspace, source: Path, original: Path, report: CheckResult, changes: list[str]
) -> tuple[Path | None, str | None]:
    """Write the feedback workbook; a failure is reported, never fatal for the batch."""
    try:
        return _write_feedback(ws, source, original, report, changes), None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for odd files; a dead worker too
        from fedxl.isolation import explain

        return None, explain(exc)


def duplicate(job: Job, path: Path, sub: Submission, origin: Origin | None = None) -> IngestResult:
    """Bytes already recorded: nothing new is stored; finish what a crashed run left undone."""
    ws, store = job.ws, job.store
    report = report_from_store(store, sub, origin.name if origin else str(path))
    archived = ws.root / sub.archive_path
    feedback: Path | None = None
    problem = None
    if report.needs_feedback:
        from fedxl.feedback import feedback_name

        feedback = ws.folder("feedback") / feedback_name(
            Path(sub.original_name), sub.town, sub.month
        )
        if not feedback.exists() and archived.exists():  # a run died before writing it
            from fedxl.submissions.feedback import write_submission_feedback

            try:
                write_submission_feedback(ws, store, sub, feedback)
            except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for odd files
                from fedxl.isolation import explain

                feedback, problem = None, explain(exc)
                report.findings.append(finding("feedback-failed", detail=problem))
    leave_inbox(path, job.inbox)
    from fedxl.submissions.duplicates import duplicate_note

    note = duplicate_note(
        store, ws.config, sub, sender=origin.town if origin else None, now=job.received_at
    )
    return IngestResult(report, sub.id, True, archived, feedback, problem, note)
