"""The workspace lock: one writer of the store and the outputs at a time.

An OS-level lock (the `filelock` package: fcntl on Linux and macOS, msvcrt on Windows) on
`workbooks/.fedxl.files.lock`: it dies with its process, so a reused pid (after a reboot on Windows)
or
an old lock file can never block the morning job. Who holds it is written beside it
(`.fedxl.files.lock.json`) for the "another fedxl is running" message only; it decides nothing.

Ingest workers each hold a lock of their own (`.fedxl.worker-<pid>.lock`): the next holder of
the workspace lock waits until the workers of a killed run have stopped writing, then sweeps the
temporary files they left. ingest, run, merge and report take the lock; nested takes in one
process (run → ingest → merge) are free.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fedxl.errors import LockedError

LOCK_NAME = ".fedxl.files.lock"
OWNER_NAME = ".fedxl.files.lock.json"
WORKER_GLOB = ".fedxl.worker-*.lock"
WAIT = 2.0  # seconds to wait for another holder (or dying workers) before giving up with exit 3
WORKER_WAIT = 5.0

UNLOCKED_WRITERS = ("feedback", "blank", "uploads")  # workbooks/ folders written without the lock
_held: dict[
    Path, tuple[Any, int]
] = {}  # lock path -> (FileLock, depth): nested takes in the holding thread
_threads: dict[Path, threading.RLock] = {}  # lock path -> the lock between this process's threads
_guard = threading.Lock()


def _thread_lock(path: Path) -> threading.RLock:
    with _guard:
        return _threads.setdefault(path, threading.RLock())


def _forget_after_fork() -> None:
    """A forked child holds none of its parent's locks (and must not release them)."""
    global _guard
    _held.clear()
    _threads.clear()
    _guard = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


class WorkspaceLock:
    """`with WorkspaceLock(workbooks):` — LockedError (exit 3) when another process holds it."""

    def __init__(self, workbooks: Path, timeout: float = WAIT) -> None:
        self.folder = workbooks
        self.path = (workbooks / LOCK_NAME).resolve()
        self.timeout = timeout

    def acquire(self) -> None:
        """Take the lock: first between this process's threads (the web intake's queue and its
        admin buttons), then between processes. Nested takes in the holding thread are free."""
        from filelock import FileLock, Timeout

        between_threads = _thread_lock(self.path)
        if not between_threads.acquire(timeout=self.timeout):
            owner = self._owner()
            raise LockedError(
                "lock.held",
                pid=owner.get("pid", os.getpid()),
                since=owner.get("since", "?"),
                path=str(self.path),
            )
        if self.path in _held:  # this thread holds it already
            lock, depth = _held[self.path]
            _held[self.path] = (lock, depth + 1)
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(self.path), timeout=self.timeout, thread_local=False)
            try:
                lock.acquire()
            except Timeout:
                owner = self._owner()
                raise LockedError(
                    "lock.held",
                    pid=owner.get("pid", "?"),
                    since=owner.get("since", "?"),
                    path=str(self.path),
                ) from None
            try:
                wait_for_workers(self.folder)
            except BaseException:
                lock.release()
                raise
        except BaseException:
            between_threads.release()
            raise
        _held[self.path] = (lock, 1)
        self._write_owner()
        sweep_temporary(self.folder)

    def release(self) -> None:
        entry = _held.get(self.path)
        if entry is None:
            return
        lock, depth = entry
        if depth > 1:
            _held[self.path] = (lock, depth - 1)
        else:
            del _held[self.path]
            with contextlib.suppress(OSError):
                (self.folder / OWNER_NAME).unlink()
            lock.release()
        _thread_lock(self.path).release()

    def _owner(self) -> dict[str, Any]:
        try:
            data = json.loads((self.folder / OWNER_NAME).read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write_owner(self) -> None:
        from fedxl.files.atomic import write_text_atomic

        payload = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": dt.datetime.now().isoformat(timespec="seconds"),
        }
        with contextlib.suppress(OSError):
            write_text_atomic(self.folder / OWNER_NAME, json.dumps(payload))

    def __enter__(self) -> WorkspaceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextlib.contextmanager
def workspace_lock(workbooks: Path, timeout: float = WAIT) -> Iterator[None]:
    """The workspace lock as a context manager (free when this process holds it already)."""
    with WorkspaceLock(workbooks, timeout):
        yield


def hold_worker_lock(workbooks: Path) -> Any:
    """Taken by each ingest worker for its life; released by the OS when it ends, however it
    ends."""
    from filelock import FileLock

    lock = FileLock(str(workbooks / f".fedxl.worker-{os.getpid()}.lock"), timeout=0)
    lock.acquire()
    return lock


def wait_for_workers(folder: Path) -> None:
    """Workers of a killed run may still be writing for a moment: wait until their locks are
    free."""
    from filelock import FileLock, Timeout

    for path in sorted(folder.glob(WORKER_GLOB)):
        lock = FileLock(str(path), timeout=WORKER_WAIT)
        try:
            lock.acquire()
        except Timeout:
            raise LockedError("lock.workers", path=str(path)) from None
        lock.release()
        with contextlib.suppress(OSError):
            path.unlink()


def sweep_temporary(folder: Path) -> int:
    """Delete every temporary file fedxl left under `folder` (workbooks/): with the lock held and
    no worker alive, none of them can still be written — except by `check --annotate` and
    `template`, and the web intake's uploads/, which write without the lock: those folders keep
    the files of live processes."""
    from fedxl.files.atomic import TEMP_MARK, sweep_stale

    removed = 0
    for path in folder.rglob(f"{TEMP_MARK}*"):
        if not path.is_file() or path.parent.name in UNLOCKED_WRITERS:
            continue
        with contextlib.suppress(OSError):
            path.unlink()
            removed += 1
    for name in UNLOCKED_WRITERS:
        removed += sweep_stale(folder / name)
    return removed
