"""`fedxl ingest`: check → archive → record → feedback → remove from the inbox.

Each step can be interrupted (kill -9, power cut) and the whole run repeated: the archive is
content-addressed, the store records a file in one transaction keyed by its sha256, and the
inbox copy is removed only after everything else is done. One file's way is in `record`; with
several workers each process does all of it for its own files (`workers`), taking the store step
in the batch's order (`turns`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fedxl.checking import Origin, not_a_regular_file
from fedxl.files.atomic import sha256_of
from fedxl.store import Submission, open_store
from fedxl.submissions.inbox import scan_inbox
from fedxl.submissions.record import IngestResult, Job, duplicate
from fedxl.submissions.workers import ingested
from fedxl.workspace import Workspace

__all__ = ["IngestBatch", "IngestResult", "ingest"]


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
        job = Job.open(ws, store, received_at)
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
        done = ingested(job, fresh, workers, start_method, shas)
        for i, path in enumerate(files):
            result = duplicate(job, path, known[i], origins.get(path)) if i in known else next(done)
            results.append(result)
            if on_done:
                on_done(result)
    return IngestBatch(results, skipped)
