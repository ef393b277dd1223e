"""`fedxl ingest`: check → archive → record → feedback → remove from the inbox.

Each step can be interrupted (kill -9, power cut) and the whole run repeated: the archive is
content-addressed, the store records a file in one transaction keyed by its sha256, and the
inbox copy is removed only after everything else is done. With several workers each process
does all of this for its own files, taking the store step in the batch's order (`turns`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fedxl.checking import (
    CheckContext,
    Origin,
    check_file,
    gc_paused,
    not_a_regular_file,
)
from fedxl.checking.findings import Finding, finding
from fedxl.checking.report import CheckResult
from fedxl.files.archive import archive_file, archive_path, find_archived, write_sidecar
from fedxl.files.atomic import sha256_of
from fedxl.files.faults import checkpoint
from fedxl.form.periods import Month
from fedxl.store import Store, Submission, open_store
from fedxl.submissions.history import add_history
from fedxl.submissions.inbox import leave_inbox, scan_inbox, set_aside
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


@dataclass
class IngestBatch:
    results: list[IngestResult]
    # folders and hidden files in the inbox: reported, not taken
    skipped: list[Path] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return max((r.report.exit_code for r in self.results), default=0)

    @property
    def new(self) -> list[IngestResult]:
        """Files recorded by this batch (not duplicates, not the ones that could not be opened)."""
        return [r for r in self.results if not r.duplicate and r.submission_id is not None]

    @property
    def unrecorded(self) -> list[IngestResult]:
        """Files that could not be opened at all: not archived, not recorded, left where they
        were."""
        return [r for r in self.results if r.submission_id is None]

    def to_dict(self) -> dict[str, Any]:
        return {"version": 1, "files": [r.to_dict() for r in self.results]}


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
class _Job:
    """What one process needs to ingest files: the workspace, its own store connection, the form."""

    ws: Workspace
    store: Store
    ctx: CheckContext
    received_at: dt.datetime | None
    inbox: Path
    archive_root: Path

    @classmethod
    def open(cls, ws: Workspace, store: Store, received_at: dt.datetime | None) -> _Job:
        return cls(
            ws,
            store,
            CheckContext(ws.form, ws.config, forms=ws.forms),
            received_at,
            ws.folder("inbox").resolve(),
            ws.folder("archive"),
        )


_worker: dict[str, Any] = {}


def _init_worker(root: str, lang: str, received_at: dt.datetime | None, turns: Any) -> None:
    from fedxl import isolation
    from fedxl.files.lock import hold_worker_lock
    from fedxl.i18n import set_lang

    _exit_with_parent()
    set_lang(lang)
    ws = Workspace(Path(root))
    # this process reads the files: a file that kills it is found
    isolation.limit_this_process(ws.config.limits)
    # the next run waits until this process has ended
    _worker["lock"] = hold_worker_lock(ws.workbooks)
    _worker["job"] = _Job.open(ws, open_store(ws), received_at)
    _worker["turns"] = turns


def _exit_with_parent() -> None:
    """End this worker when the main process is gone (kill -9, a closed window) instead of
    lingering.

    Whatever it was doing is left as after any crash: the next run finishes it.
    """
    import threading
    import time

    if os.name == "nt":
        import multiprocessing

        parent = multiprocessing.parent_process()

        def watch() -> None:
            if parent is not None:
                parent.join()
                os._exit(1)
    else:  # a forked worker holds its sibling's parent pipe open, so watch for re-parenting instead
        ppid = os.getppid()

        def watch() -> None:
            while os.getppid() == ppid:
                time.sleep(0.5)
            os._exit(1)

    threading.Thread(target=watch, name="fedxl-parent-watch", daemon=True).start()


def _ingest_in_worker(task: tuple[int, Path, bool, Origin | None, str]) -> IngestResult:
    from fedxl import isolation

    index, path, repeat, origin, sha = task
    isolation.arm_cpu(_worker["job"].ws.config.limits)
    turn = _worker["turns"].turn(index)
    return _ingest_one(_worker["job"], path, repeat=repeat, turn=turn, origin=origin, sha=sha)


def ingest(
    ws: Workspace,
    paths: list[Path] | None = None,
    *,
    received_at: dt.datetime | None = None,
    workers: int = 1,
    on_done: Callable[[IngestResult], None] | None = None,
    origins: Mapping[Path, Origin] | None = None,
    start_method: str | None = None,
) -> IngestBatch:
    """Ingest `paths` (default: the inbox). Returns one result per file, in order.

    `origins`: for files stored under a name of fedxl's own (web uploads), the name the town
    gave the file and the town whose link sent it; recorded, archived and named by those.
    `start_method`: how worker processes start ("forkserver" from a process with threads that
    hold store connections: a plain fork would copy SQLite's lock state mid-transaction).

    With several workers each process checks, archives, records and writes feedback for its
    files itself; the store step is taken in the order of the batch (see `turns`).
    """
    from fedxl.files.lock import workspace_lock

    with workspace_lock(ws.workbooks):  # one writer at a time; leftovers of a killed run are swept
        return _ingest_locked(
            ws,
            paths,
            received_at=received_at,
            workers=workers,
            on_done=on_done,
            origins=origins or {},
            start_method=start_method,
        )


def _ingest_locked(
    ws: Workspace,
    paths: list[Path] | None,
    *,
    received_at: dt.datetime | None,
    workers: int,
    on_done: Callable[[IngestResult], None] | None,
    origins: Mapping[Path, Origin],
    start_method: str | None,
) -> IngestBatch:
    files, skipped = scan_inbox(ws) if paths is None else (list(paths), [])
    results: list[IngestResult] = []
    with open_store(ws) as store:
        ws.forms.check_unchanged(store.form_versions())  # no form changes inside a year
        job = _Job.open(ws, store, received_at)
        known: dict[int, Submission] = {}
        fresh: list[
            tuple[Path, bool, Origin | None]
        ] = []  # (path, same bytes as earlier in the batch, origin)
        shas: dict[Path, str] = {}
        seen: set[str] = set()
        for i, path in enumerate(files):
            try:
                sha = "" if not_a_regular_file(path) else sha256_of(path)  # a link is never read
            except OSError:
                sha = ""
            sub = store.by_sha(sha) if sha else None
            if sub is not None:
                known[i] = sub
            else:
                fresh.append((path, sha in seen, origins.get(path)))
                shas[path] = sha
                seen.add(sha)
        done = _ingested(job, fresh, workers, start_method, shas)
        for i, path in enumerate(files):
            result = (
                _duplicate(job, path, known[i], origins.get(path)) if i in known else next(done)
            )
            results.append(result)
            if on_done:
                on_done(result)
    return IngestBatch(results, skipped)


def _ingested(
    job: _Job,
    fresh: list[tuple[Path, bool, Origin | None]],
    workers: int,
    start_method: str | None = None,
    shas: Mapping[Path, str] | None = None,
) -> Iterator[IngestResult]:
    """Ingest the new files in order, on several processes when there are several files."""
    if workers <= 1 or len(fresh) < 4:
        for path, repeat, origin in fresh:
            sha = (shas or {}).get(path, "")
            yield _ingest_one(
                job, path, repeat=repeat, turn=contextlib.nullcontext(), origin=origin, sha=sha
            )
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from fedxl.i18n import get_lang
    from fedxl.submissions.turns import Turns

    mp_context = multiprocessing.get_context(start_method)
    turns = Turns(mp_context)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=mp_context,
        initializer=_init_worker,
        initargs=(str(job.ws.root), get_lang(), job.received_at, turns),
    )
    done = 0
    broken = False
    try:
        tasks = [
            (i, path, repeat, origin, (shas or {}).get(path, ""))
            for i, (path, repeat, origin) in enumerate(fresh)
        ]
        for result in pool.map(_ingest_in_worker, tasks, chunksize=1):
            done += 1
            yield result
    except BrokenProcessPool:  # a file killed the worker reading it (each worker is limited)
        broken = True
    finally:  # on an error (or an abandoned iterator) the files not yet started stay in the inbox
        pool.shutdown(wait=True, cancel_futures=True)
        from fedxl.files.lock import wait_for_workers

        wait_for_workers(job.ws.workbooks)  # they have ended: their lock files go
    if broken:  # the rest one at a time here, each read in a limited worker: the culprit is found
        from fedxl.files.lock import sweep_temporary

        # what the workers stopped mid-write left (we hold the lock)
        sweep_temporary(job.ws.workbooks)
        for path, repeat, origin in fresh[done:]:
            known_sha = (shas or {}).get(path, "")
            sub = job.store.by_sha(known_sha) if known_sha and not repeat else None
            # finished by a worker before the pool broke (its inbox copy may be gone)
            if sub is not None:
                result = _duplicate(job, path, sub, origin)
            else:
                result = _ingest_one(
                    job,
                    path,
                    repeat=repeat,
                    turn=contextlib.nullcontext(),
                    origin=origin,
                    sha=known_sha,
                )
            # recorded in this batch, by a worker of the broken pool
            if result.duplicate and not repeat:
                result.duplicate = False
            yield result


def _ingest_one(
    job: _Job,
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
    job: _Job,
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
            add_history(job.ws, job.store, report)  # after the files before it in the batch
            sid = job.store.record(
                report,
                archive_path=str(target.relative_to(job.ws.root)),
                received_at=received_time(path, job.received_at),
                original_name=name.name,
                rows=prepared,
                form=job.ctx.form_for(report.period),
            )
            checkpoint("after_record")
    if not report.sha256:  # could not even be read (locked, no permission): left in the inbox
        return IngestResult(_slim(report), None, False)
    if sub is not None:  # the same bytes came earlier in this batch
        return _duplicate(job, path, sub, origin)
    assert target is not None
    feedback, problem = (
        _safe_feedback(job.ws, target, name, report) if report.needs_feedback else (None, None)
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


def _archive(job: _Job, path: Path, report: CheckResult, original: str) -> Path:
    year = Month.of(report.period).year if report.period else job.ws.config.district.ledger_year
    checkpoint("before_archive")
    target = archive_path(
        job.archive_root, sha256=report.sha256, year=year, town=report.town, original=original
    )
    target = find_archived(target, report.sha256) or target
    archive_file(path, target)
    write_sidecar(
        target,
        received_at=received_time(path, job.received_at),
        original_name=original,
        sha256=report.sha256,
    )
    checkpoint("after_archive")
    return target


def _slim(report: CheckResult) -> CheckResult:
    """Drop the records once stored: results travel between processes and stay in memory."""
    report.tables = {}
    report.data.clear()
    return report


def _write_feedback(ws: Workspace, source: Path, original: Path, report: CheckResult) -> Path:
    from fedxl.feedback import write_feedback_for

    return write_feedback_for(ws, source, report, original)


def _safe_feedback(
    ws: Workspace, source: Path, original: Path, report: CheckResult
) -> tuple[Path | None, str | None]:
    """Write the feedback workbook; a failure is reported, never fatal for the batch."""
    try:
        return _write_feedback(ws, source, original, report), None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for odd files; a dead worker too
        from fedxl.isolation import explain

        return None, explain(exc)


def _duplicate(
    job: _Job, path: Path, sub: Submission, origin: Origin | None = None
) -> IngestResult:
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
