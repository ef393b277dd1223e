"""The intake queue: uploads wait here and go through the same ingest as the inbox, one batch at
a time under the workspace lock, so twenty towns sending at once are all recorded exactly once.

An upload lies in workbooks/uploads/ as `<random>.upload` with `<random>.json` beside it (the
town whose link sent it, the name the town gave it) from the moment its last byte arrived until
ingest has archived and recorded it. A server stopped in between (a closed window, a power cut)
finds them there when it starts again and takes them in: nothing a town was told "received" is
lost.
"""

from __future__ import annotations

import contextlib
import json
import queue
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from fedxl.api import IngestResult, Origin, Workspace

UPLOADS = "uploads"
UNPROCESSED = "_未处理"  # uploads/_未处理/: uploads the server stopped on again and again
MAX_ATTEMPTS = 3
BATCH = 40  # uploads taken into one ingest at most
RETRY_SECONDS = (
    10.0,
    60.0,
    300.0,
)  # a batch that failed (archive folder unwritable…) is tried again
# the server's threads hold store connections: its ingest workers must not be plain forks of it
# (SQLite's lock state would be copied mid-transaction); Windows always spawns
START_METHOD = "forkserver" if sys.platform != "win32" else None


@dataclass(frozen=True)
class Waiting:
    path: Path
    origin: Origin
    done: Future[IngestResult]


def uploads_folder(ws: Workspace) -> Path:
    return ws.folder(UPLOADS)


def note_origin(path: Path, origin: Origin) -> None:
    """Write the upload's sidecar (before it is queued: a restart can still tell whose it is)."""
    from fedxl.api import write_text_atomic

    write_text_atomic(
        path.with_suffix(".json"),
        json.dumps({"name": origin.name, "town": origin.town}, ensure_ascii=False),
    )


def _sidecar(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def count_attempt(path: Path) -> int:
    """Note in the sidecar that taking `path` in begins now; how many times it has begun."""
    from fedxl.api import write_text_atomic

    data = _sidecar(path)
    tries = data.get("attempts")
    count = (tries if isinstance(tries, int) else 0) + 1
    data["attempts"] = count
    with contextlib.suppress(OSError):
        write_text_atomic(path.with_suffix(".json"), json.dumps(data, ensure_ascii=False))
    return count


def left_over(ws: Workspace) -> list[tuple[Path, Origin]]:
    """Uploads a stopped server had received but not yet ingested (half-received ones are deleted).
    One that was being taken in when the server stopped, MAX_ATTEMPTS times, is set aside in
    uploads/_未处理/ (never taken in again by itself: a file must not stop the server at every
    start)."""
    found = []
    folder = uploads_folder(ws)
    for path in sorted(folder.iterdir()):
        if path.suffix == ".part":
            path.unlink(missing_ok=True)
        elif path.suffix == ".upload":
            data = _sidecar(path)
            attempts = data.get("attempts")
            if isinstance(attempts, int) and attempts >= MAX_ATTEMPTS:
                _set_aside(path, data)
                continue
            name, town = data.get("name"), data.get("town")
            found.append(
                (path, Origin(str(name) if name else path.name, str(town) if town else None))
            )
    return found


def _set_aside(path: Path, data: dict[str, object]) -> None:
    from fedxl.api import write_bytes_atomic
    from fedxl.i18n import t

    aside = path.parent / UNPROCESSED
    with contextlib.suppress(OSError):
        aside.mkdir(exist_ok=True)
        path.replace(aside / path.name)
        path.with_suffix(".json").replace(aside / path.with_suffix(".json").name)
        note = t(
            "web.set_aside",
            name=data.get("name") or path.name,
            town=data.get("town") or "?",
            attempts=data.get("attempts"),
        )
        write_bytes_atomic(
            aside / (path.stem + ".原因.txt"), ("\ufeff" + note + "\r\n").encode("utf-8")
        )


def _forget(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
        path.with_suffix(".json").unlink(missing_ok=True)


class IntakeQueue:
    """One thread takes waiting uploads in batches and ingests them (on several processes when a
    batch is big); each upload's Future gets its IngestResult, or the error that stopped it.
    While another fedxl holds the workspace lock the batch waits for it (the page meanwhile says
    "queued"): an upload is never dropped for being early."""

    def __init__(
        self,
        ws: Workspace,
        *,
        workers: int = 2,
        on_done: Callable[[Origin, IngestResult], None] | None = None,
    ) -> None:
        """`on_done`: told of every upload taken in (those whose sender stopped waiting too)."""
        self.ws, self.workers, self.on_done = ws, workers, on_done
        self._failures = 0  # batches failed in a row: the pause before the next try grows
        self._items: queue.Queue[Waiting | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="fedxl-intake", daemon=True)
        self._thread.start()

    def submit(self, path: Path, origin: Origin) -> Future[IngestResult]:
        done: Future[IngestResult] = Future()
        self._items.put(Waiting(path, origin, done))
        return done

    def resume(self) -> int:
        """Queue the uploads a stopped server left; nobody waits for their answers."""
        leftovers = left_over(self.ws)
        for path, origin in leftovers:
            self.submit(path, origin)
        return len(leftovers)

    def close(self) -> None:
        self._items.put(None)
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while True:
            first = self._items.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < BATCH:
                try:
                    item = self._items.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._items.put(None)
                    break
                batch.append(item)
            self._take(batch)

    def _retry_later(self, batch: list[Waiting], failures: int) -> None:
        """Queue a failed batch again after a pause (longer each time), without a restart: the
        uploads stay in uploads/ meanwhile, and their senders were told they were kept."""
        delay = RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)]
        self._failures = failures + 1

        def again() -> None:
            for w in batch:
                if w.path.exists():
                    self._items.put(Waiting(w.path, w.origin, Future()))

        timer = threading.Timer(delay, again)
        timer.daemon = True
        timer.start()

    def _take(self, batch: list[Waiting]) -> None:
        from fedxl.api import ingest
        from fedxl.errors import LockedError

        paths = [w.path for w in batch]
        for path in paths:
            count_attempt(path)  # a server that dies taking it in knows it at the next start
        while True:
            try:
                result = ingest(
                    self.ws,
                    paths,
                    origins={w.path: w.origin for w in batch},
                    workers=self.workers if len(batch) >= 4 else 1,
                    start_method=START_METHOD,
                )
                self._failures = 0
                break
            # another fedxl (the morning job) is at work: wait for it, however long
            except LockedError:
                time.sleep(1.0)  # (ingest itself waits 2 s for the lock before saying it is held)
                continue
            except BaseException as exc:  # noqa: BLE001 - the thread must go on; the uploads are tried again
                for w in batch:
                    if not w.done.done():
                        w.done.set_exception(exc)
                self._retry_later(batch, self._failures)
                return
        for w, one in zip(batch, result.results, strict=True):
            if one.submission_id is not None or one.report.status == "unreadable":
                _forget(w.path)  # archived and recorded (or not a file anyone can open)
            if self.on_done is not None:
                with contextlib.suppress(Exception):
                    self.on_done(w.origin, one)
            w.done.set_result(one)
