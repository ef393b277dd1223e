"""The archive: immutable, content-addressed copies of every received file."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

from fedxl.files.atomic import temp_prefix
from fedxl.files.names import safe_filename

UNKNOWN_TOWN = "_未识别"
# beside each archived copy: its received time and original name (for `fedxl rebuild`)
SIDECAR = ".fedxl.json"


def archive_path(
    root: Path, *, sha256: str, year: int | str, town: str | None, original: str
) -> Path:
    """workbooks/archive/<year>/<town>/<sha256 prefix>_<original name>."""
    name = Path(original)
    stem = safe_filename(name.stem, max_len=60)
    suffix = "." + safe_filename(name.suffix[1:].lower(), max_len=8) if name.suffix[1:] else ""
    folder = root / str(year) / safe_filename(town or UNKNOWN_TOWN)
    return folder / f"{sha256[:16]}_{stem}{suffix}"


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
                if (
                    entry.name.startswith(prefix)
                    and not entry.name.endswith(SIDECAR)
                    and entry.is_file()
                ):
                    return Path(entry.path)
    except OSError:
        return None
    return None


def archive_file(source: Path, target: Path, received: str | None = None) -> Path:
    """Copy `source` to `target` atomically and make it read-only; reuse an existing copy. The
    copy's time is `received` (ISO): what a rebuild falls back on when its sidecar is lost."""
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{temp_prefix()}{target.name}")
    shutil.copyfile(source, tmp)
    if received:
        import datetime as dt

        stamp = dt.datetime.fromisoformat(received).timestamp()
        os.utime(tmp, (stamp, stamp))
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    os.replace(tmp, target)
    return target


def write_sidecar(
    archived: Path, *, received_at: str, original_name: str, sha256: str, ingested_at: str = ""
) -> None:
    """Record beside an archived copy what the store knows of it, so the store can be rebuilt.

    Not synced on its own (that doubled the cost of archiving a small ledger): a power cut may
    lose a sidecar written just before, and a rebuild then takes the copy's own name and time,
    which `archive_file` set to the same (`archived_files`)."""
    import json

    from fedxl.files.atomic import write_text_atomic

    sidecar = archived.with_name(archived.name + SIDECAR)
    if sidecar.exists():
        return
    write_text_atomic(
        sidecar,
        json.dumps(
            {
                "received_at": received_at,
                "original_name": original_name,
                "sha256": sha256,
                "ingested_at": ingested_at or received_at,
            },
            ensure_ascii=False,
        ),
        sync=False,
    )
    os.chmod(sidecar, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # read-only, like the copy itself


OWN_MARK = ".fedxl-"  # fedxl's own files in the archive: the kept links, the decisions' journal


def archived_files(root: Path) -> list[tuple[Path, dict[str, str]]]:
    """Every archived copy with its sidecar (received time, original name), oldest first.

    A copy from before sidecars existed gets its file time and the name after the hash prefix.
    """
    import datetime as dt
    import json

    from fedxl.files.atomic import TEMP_MARK

    out = []
    for path in root.rglob("*") if root.is_dir() else ():
        if (
            not path.is_file()
            or path.name.endswith(SIDECAR)
            or path.name.startswith((TEMP_MARK, OWN_MARK))
        ):
            continue
        meta: dict[str, str] = {}
        try:
            meta = json.loads(path.with_name(path.name + SIDECAR).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        if not meta.get("received_at"):
            when = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
            meta = {
                "received_at": when.isoformat(),
                "original_name": path.name.partition("_")[2] or path.name,
            }
        out.append((path, meta))
    return sorted(out, key=lambda item: (item[1]["received_at"], str(item[0])))
