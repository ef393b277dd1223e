"""Atomic file writes: write a temporary file beside the target, fsync, then rename."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@contextlib.contextmanager
def atomic_path(target: Path, *, sync: bool = True) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces `target` (`sync`:
    on disk before the rename; without it a power cut may leave the old file or an empty one)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(), suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if sync:
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
    from fedxl.files.procs import pid_alive

    removed = 0
    if not folder.is_dir():
        return 0
    for item in folder.iterdir():
        if not item.name.startswith(TEMP_MARK):
            continue
        pid_text = item.name[len(TEMP_MARK) :].split("-", 1)[0]
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


def write_bytes_atomic(target: Path, data: bytes, *, sync: bool = True) -> None:
    with atomic_path(target, sync=sync) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(target: Path, text: str, *, sync: bool = True) -> None:
    write_bytes_atomic(target, text.encode("utf-8"), sync=sync)


def write_with(target: Path, writer: Callable[[Path], None]) -> None:
    """Call `writer(tmp_path)` and move the result onto `target` atomically."""
    with atomic_path(target) as tmp:
        writer(tmp)


class OutputLog(Protocol):
    """Where fedxl remembers what it wrote (the store's outputs table)."""

    def output_hashes(self, name: str) -> set[str]: ...

    def add_output_hash(self, name: str, sha256: str) -> None: ...


@dataclass(frozen=True)
class Written:
    path: Path  # where the new file went
    # a copy edited after fedxl wrote it: left untouched, the new file is beside it
    kept: Path | None = None


def sha256_of(path: Path) -> str:
    """The sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def write_output(target: Path, writer: Callable[[Path], None], log: OutputLog) -> Written:
    """Write a summary or report without ever destroying an edit.

    fedxl records the sha256 of every file it writes. A file at `target` that matches none of
    them was changed by someone (corrected in Word, notes added in Excel) and is kept; the new
    file goes beside it as `…_2.docx` (or the first free or fedxl-owned `_N`). The hash is
    recorded before the rename, so a crash in between leaves a file that is still known.
    """
    candidate, n = target, 1
    while candidate.exists() and sha256_of(candidate) not in log.output_hashes(_name(candidate)):
        n += 1
        candidate = target.with_name(f"{target.stem}_{n}{target.suffix}")
    with atomic_path(candidate) as tmp:
        writer(tmp)
        log.add_output_hash(_name(candidate), sha256_of(tmp))
    return Written(candidate, target if candidate != target else None)
