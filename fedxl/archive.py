"""The archive: immutable, content-addressed copies of every received file (SPEC §7)."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from fedxl.atomic import temp_prefix
from fedxl.names import safe_filename

UNKNOWN_TOWN = "_未识别"


def archive_path(root: Path, *, sha256: str, year: int | str, town: str | None, original: str) -> Path:
    """workbooks/archive/<year>/<town>/<sha256 prefix>_<original name>."""
    name = Path(original)
    stem = safe_filename(name.stem, max_len=60)
    suffix = "." + safe_filename(name.suffix[1:].lower(), max_len=8) if name.suffix[1:] else ""
    folder = root / str(year) / safe_filename(town or UNKNOWN_TOWN)
    return folder / f"{sha256[:16]}_{stem}{suffix}"


def sweep_archive(root: Path) -> None:
    """Remove half-written copies left by a run that died (never a finished archive file)."""
    from fedxl.atomic import sweep_stale

    if root.is_dir():
        for year in root.iterdir():
            if year.is_dir():
                for town in year.iterdir():
                    sweep_stale(town)


def find_archived(target: Path, sha256: str) -> Path | None:
    """An archived copy with these bytes in `target`'s folder (the same year and town), if any.

    A run that died between archiving and recording left it there; the re-run reuses it. Only
    one folder is listed, so the cost does not grow with the whole archive.
    """
    if target.exists():
        return target
    prefix = sha256[:16] + "_"
    try:
        with os.scandir(target.parent) as entries:
            for entry in entries:
                if entry.name.startswith(prefix) and entry.is_file():
                    return Path(entry.path)
    except OSError:
        return None
    return None


def archive_file(source: Path, target: Path) -> Path:
    """Copy `source` to `target` atomically and make it read-only; reuse an existing copy."""
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{temp_prefix()}{target.name}")
    shutil.copyfile(source, tmp)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.replace(tmp, target)
    return target
