"""Untrusted files are parsed only in a limited worker process.

A received file can make a parser abort (calamine asked for 512 GiB), panic, or run for minutes.
Every read of one (checking, feedback copies) therefore runs in a worker process with an
address-space limit and a CPU-time limit per file; a worker that aborts, panics or runs out is
reported as `WorkerFailed` and the caller turns it into that file's finding. The batch, the
morning job and the web intake go on; the next call starts a fresh worker.

`run(fn, *args, limits=...)` calls `fn(*args)` in a worker (or directly when this process is
itself a limited worker: the ingest pool's processes limit themselves, see `limit_this_process`).
Workers stay up between calls (a fork costs a few milliseconds, a spawn on Windows much more)
and end with the process that started them.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from fedxl.workspace.limits import Limits

T = TypeVar("T")
MB = 1024 * 1024
_inside = False  # this process is a limited worker: run directly


class WorkerFailed(Exception):
    """The worker reading a file died: `reason` is "memory", "time" or "crashed"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def explain(exc: BaseException) -> str:
    """A failure met while reading or copying a received file, in the message language."""
    from fedxl.errors import FedxlError
    from fedxl.i18n import t

    if isinstance(exc, WorkerFailed):
        return t(f"worker.{exc.reason}")
    if isinstance(exc, FedxlError):
        return exc.render()
    if isinstance(exc, OSError):
        from fedxl.errors import os_reason

        return os_reason(exc)
    return t("worker.unexpected", detail=f"{type(exc).__name__}: {exc}"[:160])


def limit_this_process(limits: Limits) -> None:
    """Make this process a limited worker: its address space capped, no core files, Rust
    backtraces off (with them a panicking reader was seen to hang)."""
    global _inside
    _inside = True
    os.environ["RUST_BACKTRACE"] = "0"
    _quiet()
    if sys.platform == "win32":
        from fedxl.isolation.winjob import limit_memory

        limit_memory(int(limits.max_memory_mb * MB))
        return
    import resource

    # on top of what the process maps already: a worker forked from a large process (the web
    # server, a long test run) starts with its parent's address space and must still load calamine
    cap = _address_space() + int(limits.max_memory_mb * MB)
    _lower(resource.RLIMIT_AS, cap)
    _lower(resource.RLIMIT_CORE, 0)


def _address_space() -> int:
    """Bytes of address space this process maps now (0 where /proc cannot say)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _quiet() -> None:
    """Nothing a reader prints reaches the console: openpyxl writes warnings to stdout (which
    would break `--json`), calamine's Rust side its panics and failed allocations to stderr."""
    import faulthandler

    # (pytest or PYTHONFAULTHANDLER) its dump of an abort is not the town's business
    faulthandler.disable()
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _lower(which: int, value: int) -> None:
    import resource

    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    try:
        resource.setrlimit(which, (value, hard))
    except (ValueError, OSError):
        pass


def arm_cpu(limits: Limits) -> None:
    """Allow this worker `limits.max_seconds` more CPU time (the OS limit counts the whole life
    of the process, so it is moved on before each file)."""
    if sys.platform == "win32":
        from fedxl.isolation.winjob import limit_time

        limit_time(limits.max_seconds)
        return
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime) + int(limits.max_seconds) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ValueError, OSError):
        pass


def _serve(conn: Any, caller_end: Any, limits: Limits) -> None:
    """The worker's loop: one call at a time (in the caller's language), its answer or its
    exception sent back. The caller's end of the pipe is closed here (a forked worker inherits
    it): when the caller dies, however it dies, the pipe ends and so does the worker."""
    from fedxl.i18n import set_lang

    caller_end.close()
    limit_this_process(limits)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the caller is gone
            return
        if message is None:
            return
        fn, args, lang = message
        set_lang(lang)
        arm_cpu(limits)
        try:
            answer: tuple[str, Any] = ("ok", fn(*args))
        except MemoryError:
            _send(conn, ("failed", "memory"))
            os._exit(1)  # the heap may be in any state: start afresh
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
            if type(exc).__name__ == "PanicException":  # pyo3: a Rust panic inside calamine
                _send(conn, ("failed", "crashed"))
                os._exit(1)
            answer = ("raise", exc)
        try:
            conn.send(answer)
        except MemoryError:
            _send(conn, ("failed", "memory"))
            os._exit(1)
        except Exception as exc:  # noqa: BLE001 - an answer that does not pickle
            _send(conn, ("raise", RuntimeError(f"{type(exc).__name__}: {exc}")))


def _send(conn: Any, message: tuple[str, Any]) -> None:
    try:
        conn.send(message)
    except Exception:  # noqa: BLE001 - the caller sees the worker gone instead
        pass


def _wall_seconds(limits: Limits) -> float:
    """How long to wait for a worker that sleeps instead of working (a hang the CPU limit misses)
    ."""
    return max(30.0, 3.0 * limits.max_seconds)


def _start_method() -> str:
    if sys.platform != "linux":
        return "spawn"
    # a fork copies only the forking thread: with other threads about (the web server) a lock one
    # of them held would stay held in the child forever
    return "fork" if threading.active_count() == 1 else "forkserver"


class _Worker:
    def __init__(self, limits: Limits) -> None:
        import multiprocessing

        method = _start_method()
        ctx: Any = multiprocessing.get_context(method)
        if method == "forkserver":
            ctx.set_forkserver_preload(["fedxl.checking", "fedxl.feedback"])
        self.limits = limits
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(
            target=_serve, args=(child, self.conn, limits), daemon=True, name="fedxl-reader"
        )
        self.proc.start()
        child.close()

    def call(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        from fedxl.i18n import get_lang

        try:
            self.conn.send((fn, args, get_lang()))
        except (BrokenPipeError, EOFError, OSError):
            self.close()
            raise WorkerFailed("crashed") from None
        if not self.conn.poll(_wall_seconds(self.limits)):
            self.close()
            raise WorkerFailed("time")
        import gc

        paused = gc.isenabled()
        gc.disable()  # an answer of many small objects: no collection passes while it is rebuilt
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError):
            raise WorkerFailed(self._death()) from None
        finally:
            if paused:
                gc.enable()
        if kind == "ok":
            return value  # type: ignore[no-any-return]
        if kind == "raise":
            raise value
        self.close()
        raise WorkerFailed(value)

    def _death(self) -> str:
        """Why the worker died: out of CPU time (SIGXCPU), killed for memory (SIGKILL, the OOM
        killer), or crashed (an abort: a failed allocation under the address-space limit)."""
        import signal

        self.proc.join(5)
        code = self.proc.exitcode
        self.close()
        if code == -getattr(signal, "SIGXCPU", 24):
            return "time"
        if code == -signal.SIGKILL:
            return "memory"
        return "crashed"

    @property
    def alive(self) -> bool:
        return bool(self.proc.is_alive())

    def close(self) -> None:
        try:
            self.conn.close()
        except OSError:
            pass
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)


_free: list[_Worker] = []
_guard = threading.Lock()


def _forget_after_fork() -> None:
    """A forked child does not own its parent's workers (it cannot even wait for them)."""
    global _guard
    _free.clear()
    _guard = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


def run(fn: Callable[..., T], *args: Any, limits: Limits) -> T:
    """`fn(*args)` in a limited worker; WorkerFailed when the worker dies or runs out.

    `fn` and its arguments must pickle (module-level functions, plain data). Exceptions `fn`
    raises are raised here as they were."""
    if _inside:
        return fn(*args)
    with _guard:
        worker = None
        while _free and worker is None:
            candidate = _free.pop()
            if candidate.limits == limits and candidate.alive:
                worker = candidate
            else:
                candidate.close()
    if worker is None:
        worker = _Worker(limits)
    try:
        result = worker.call(fn, args)
    except WorkerFailed:
        raise
    except BaseException:
        _release(worker)
        raise
    _release(worker)
    return result


def _release(worker: _Worker) -> None:
    with _guard:
        _free.append(worker)


def shutdown() -> None:
    """End the idle workers (they also end with this process)."""
    with _guard:
        workers, _free[:] = list(_free), []
    for worker in workers:
        try:
            worker.conn.send(None)
        except OSError:
            pass
        worker.close()
