"""Atomic file writes: write a temporary file beside the target, fsync, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(), suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


TEMP_MARK = ".~fedxl-"


def temp_prefix() -> str:
    """Temporary files carry the writer's pid, so a later run can tell abandoned ones."""
    return f"{TEMP_MARK}{os.getpid()}-"


def sweep_stale(folder: Path) -> int:
    """Delete temporary files left in `folder` by writers that died (kill -9, power cut)."""
    from fedxl.procs import pid_alive

    removed = 0
    if not folder.is_dir():
        return 0
    for item in folder.iterdir():
        if not item.name.startswith(TEMP_MARK):
            continue
        pid_text = item.name[len(TEMP_MARK):].split("-", 1)[0]
        if pid_text.isdigit() and not pid_alive(int(pid_text)) and item.is_file():
            try:
                item.unlink()
                removed += 1
            except OSError:
                pass
    return removed


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(target: Path, text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))


def write_with(target: Path, writer: Callable[[Path], None]) -> None:
    """Call `writer(tmp_path)` and move the result onto `target` atomically."""
    with atomic_path(target) as tmp:
        writer(tmp)
