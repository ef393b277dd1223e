"""The worker processes of a batch with several files: each reads, checks, archives, records
(in the batch's order, see `turns`) and writes feedback for its own files, limited so that a file
that kills its reader is found; when one dies, the rest go one at a time."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from fedxl.checking import Origin
from fedxl.store import open_store
from fedxl.submissions.record import IngestResult, Job, duplicate, ingest_one
from fedxl.workspace import Workspace

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
    _worker["job"] = Job.open(ws, open_store(ws), received_at)
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
    return ingest_one(_worker["job"], path, repeat=repeat, turn=turn, origin=origin, sha=sha)


def ingested(
    job: Job,
    fresh: list[tuple[Path, bool, Origin | None]],
    workers: int,
    start_method: str | None = None,
    shas: Mapping[Path, str] | None = None,
) -> Iterator[IngestResult]:
    """Ingest the new files in order, on several processes when there are several files."""
    if workers <= 1 or len(fresh) < 4:
        for path, repeat, origin in fresh:
            sha = (shas or {}).get(path, "")
            yield ingest_one(
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
        max_workers=max(1, workers),
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
                result = duplicate(job, path, sub, origin)
            else:
                result = ingest_one(
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
