"""Each recorded submission's feedback workbook, made once and kept
(workbooks/.fedxl-cache/feedback/).

feedback/ holds the latest file of each name for the district to send; a town downloading the
marked copy of one of its submissions gets exactly that submission's, made from its archived
copy and stored findings. It is made once (by ingest, or at the first download of an older
submission) and kept; a copy that could not be made says why (`<id>.failed.txt`) and is not
tried again at every download.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from fedxl.store import Store, Submission, open_store
from fedxl.workspace import Workspace

# named "feedback" inside: written without the workspace lock (see files.lock)
CACHE = ".fedxl-cache"
_making: dict[int, threading.Lock] = {}
_guard = threading.Lock()


def _folder(ws: Workspace) -> Path:
    return ws.workbooks / CACHE / "feedback"


def failure(ws: Workspace, sid: int) -> str | None:
    """Why submission `sid`'s feedback could not be made, if it could not."""
    try:
        return (_folder(ws) / f"{sid}.failed.txt").read_text(encoding="utf-8")
    except OSError:
        return None


def has_feedback(ws: Workspace, sub: Submission, *, changed: bool = False) -> bool:
    """Whether `sub` has a marked copy to give: its problems, or (`changed`: the caller knows the
    file changed something) a clean ledger in effect with its 与上月对比 sheet. A clean ledger's
    copy is not written at ingest, only when the town asks for it."""
    wanted = sub.needs_feedback or (changed and sub.in_effect)
    return wanted and failure(ws, sub.id) is None


def keep(ws: Workspace, sid: int, made: Path | None, problem: str | None) -> None:
    """Remember the feedback ingest wrote for submission `sid` (or why it could not)."""
    from fedxl.files.atomic import write_bytes_atomic

    folder = _folder(ws)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if problem is not None:
            write_bytes_atomic(folder / f"{sid}.failed.txt", problem.encode("utf-8"))
        elif made is not None:
            write_bytes_atomic(folder / f"{sid}.xlsx", made.read_bytes())
    except OSError:
        pass  # made again at the first download


def forget(ws: Workspace, sid: int) -> None:
    """Drop the kept feedback of submission `sid`: its findings changed (a recheck, a reopened
    month); the next download makes it again."""
    for name in (f"{sid}.xlsx", f"{sid}.failed.txt"):
        try:
            (_folder(ws) / name).unlink()
        except FileNotFoundError:
            pass


def feedback_bytes(ws: Workspace, sub: Submission) -> bytes | None:
    """The marked workbook of exactly submission `sub` (made now if it was never made; one maker
    at a time per submission); None when it has none or it cannot be made."""
    if not has_feedback(ws, sub, changed=sub.in_effect):  # a clean one: if it changed something
        return None
    kept = _folder(ws) / f"{sub.id}.xlsx"
    with _guard:
        lock = _making.setdefault(sub.id, threading.Lock())
    with lock:
        try:
            return kept.read_bytes()
        except OSError:
            pass
        try:
            with open_store(ws, readonly=True) as store:
                made = write_submission_feedback(ws, store, sub, kept)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for odd files; a dead worker too
            from fedxl.isolation import explain

            keep(ws, sub.id, None, explain(exc))
            return None
        return made.read_bytes() if made is not None else None


def write_submission_feedback(
    ws: Workspace, store: Store, sub: Submission, target: Path
) -> Path | None:
    """Write the feedback workbook of recorded submission `sub` to `target`, from its archived
    copy and its stored findings (the file in feedback/ may since belong to a later file of the
    same name), with its 与上月对比 sheet when it changed something. None when it has nothing to
    mark or say, or its archived copy is gone."""
    from fedxl.checking import CheckContext, Origin, check_file
    from fedxl.feedback import write_feedback_file
    from fedxl.submissions.changes import sheet_lines
    from fedxl.submissions.record import report_from_store

    archived = ws.root / sub.archive_path
    if not archived.is_file():
        return None
    changes = sheet_lines(store, ws, sub)
    if not sub.needs_feedback and not (changes and sub.in_effect):
        return None
    report = report_from_store(store, sub, sub.original_name)
    full = report
    # recorded before fedxl kept the file's sheet names: read them once more
    if sub.source_kind is None:
        when = dt.datetime.fromisoformat(sub.received_at).date()
        full = check_file(
            archived,
            CheckContext(ws.form, ws.config, forms=ws.forms),
            Origin(sub.original_name, sub.town, when),
            keep_tables=False,
        )
        full.findings = report.findings
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_feedback_file(archived, full, target, ws.config.limits, changes)
