"""The inbox (workbooks/inbox/): what is waiting in it, what is set aside, and leaving it.

Oldest first; Office lock files are left alone, folders and hidden files reported and left, a
link or special file moved to `_未处理/` unread, and a file whose reading killed its worker moved
there with `<name>.原因.txt` saying why. A file given from elsewhere is never touched.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from fedxl.checking.report import CheckResult
from fedxl.workspace import Workspace

OFFICE_LOCKS = (
    "~$",
    ".~lock.",
)  # Excel / WPS and LibreOffice lock files of a workbook open right now
UNPROCESSED = "_未处理"  # inbox/_未处理/: links and special files moved out of the way, never read


def inbox_files(ws: Workspace) -> list[Path]:
    """Files waiting in workbooks/inbox/, oldest first: regular files and links (a link is
    reported as `file-link` and moved out, never followed); Office lock files are left alone."""
    return scan_inbox(ws)[0]


def inbox_skipped(ws: Workspace) -> list[Path]:
    """Folders and hidden files in the inbox: not ledgers, so reported and left where they are."""
    return scan_inbox(ws)[1]


def scan_inbox(ws: Workspace) -> tuple[list[Path], list[Path]]:
    files: list[tuple[float, str, Path]] = []
    skipped: list[Path] = []
    for p in ws.folder("inbox").iterdir():
        if p.name == UNPROCESSED or p.name.startswith(OFFICE_LOCKS):
            continue
        try:
            info = p.lstat()
        except OSError:
            continue
        if p.is_symlink() or (not p.name.startswith(".") and not p.is_dir()):
            files.append((info.st_mtime, p.name, p))
        else:
            skipped.append(p)
    return [p for _, _, p in sorted(files)], sorted(skipped)


def set_aside(path: Path, inbox: Path, reason: CheckResult | None = None) -> None:
    """Move a file of the inbox to inbox/_未处理/: a link or special file (itself, not what it
    points to), or a file whose reading killed its worker (with `<name>.原因.txt` saying why)."""
    if path.parent.resolve() != inbox:
        return
    folder = inbox / UNPROCESSED
    folder.mkdir(exist_ok=True)
    from fedxl.files.names import safe_filename

    target, n = folder / path.name, 1
    while os.path.lexists(target):
        n += 1
        target = (
            folder / f"{safe_filename(path.stem, max_len=200, max_bytes=200)}_{n}{path.suffix[:10]}"
        )
    try:
        os.rename(path, target)
    except OSError:
        return
    if reason is not None:
        from fedxl.files.atomic import write_bytes_atomic

        lines = [f"{dt.datetime.now():%Y-%m-%d %H:%M} {path.name}"]
        lines += [
            f"{f.message} {f.hint or ''}".strip() for f in reason.findings if f.severity == "error"
        ]
        try:
            # Notepad on an old Windows reads it as UTF-8
            text = "\ufeff" + "\r\n".join(lines) + "\r\n"
            note = safe_filename(target.name, max_len=200, max_bytes=200) + ".原因.txt"
            write_bytes_atomic(target.with_name(note), text.encode("utf-8"))
        except OSError:
            pass


def leave_inbox(path: Path, inbox: Path) -> None:
    """Remove the inbox copy (files given from elsewhere are never touched)."""
    try:
        if path.resolve().parent == inbox:
            path.unlink(missing_ok=True)
    except OSError:
        pass
