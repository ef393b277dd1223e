"""`fedxl run`: the scheduled job — lock, ingest the inbox, re-merge when something changed."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fedxl.lock import WorkspaceLock
from fedxl.submissions.ingest import IngestBatch, IngestResult, ingest
from fedxl.workspace import Workspace

LOG_NAME = "fedxl.log"
LOG_LIMIT = 1_000_000  # bytes; then fedxl.log becomes fedxl.log.1


@dataclass
class RunResult:
    month: str | None
    batch: IngestBatch
    merged: Path | None = None
    reports: list[Path] = field(default_factory=list)
    unchanged: bool = False
    kept: list[tuple[Path, Path]] = field(default_factory=list)  # (edited file left in place, new file beside it)

    @property
    def exit_code(self) -> int:
        return self.batch.exit_code


def _fingerprint(ws: Workspace, month: str) -> str:
    """What the summary of `month` depends on: every submission of the year up to the month, and
    whether its deadline has passed (pending towns become 未报送 then)."""
    from fedxl.store import Store
    from fedxl.submissions.status import deadline

    with Store(ws.db_path, ws.form) as store:
        rows = store.conn.execute(
            "SELECT id, town, month, status FROM submissions WHERE month <= ? AND substr(month, 1, 4) = ? "
            "ORDER BY id", (month, month[:4])).fetchall()
    due = dt.datetime.now() > deadline(month, ws.config.district.deadline_day)
    digest = hashlib.sha256(repr((rows, due)).encode())
    digest.update((ws.root / "fedxl.toml").read_bytes())
    return digest.hexdigest()


def log_line(ws: Workspace, text: str) -> None:
    """Append one line to workbooks/fedxl.log, rotating it when it grows large."""
    path = ws.workbooks / LOG_NAME
    try:
        if path.exists() and path.stat().st_size > LOG_LIMIT:
            path.replace(path.with_name(LOG_NAME + ".1"))
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{dt.datetime.now().isoformat(timespec='seconds')} {text}\n")
    except OSError:
        pass


def run_job(ws: Workspace, month: str | None = None, *, reports: bool = False, workers: int = 2,
            on_ingested: Callable[[IngestResult], None] | None = None) -> RunResult:
    from fedxl.store import Store
    from fedxl.submissions import default_status_month

    with WorkspaceLock(ws.workbooks):
        batch = ingest(ws, workers=workers, on_done=on_ingested)
        with Store(ws.db_path, ws.form) as store:
            if month is None:
                month = default_status_month(store, ws.config.district.ledger_year)
            has_data = month in store.accepted_months()  # a month nobody has passed yet has no summary
        result = RunResult(month, batch)
        if has_data:
            _merge_if_changed(ws, month, reports, result)
        counts = [r.report.status for r in batch.new]
        log_line(ws, f"run month={month} files={len(batch.results)} new={len(counts)} "
                     f"accepted={counts.count('accepted')} rejected={counts.count('rejected')} "
                     f"unreadable={counts.count('unreadable')} merged={'no' if result.unchanged else result.merged is not None} "
                     f"reports={len(result.reports)} kept_edited={len(result.kept)} exit={result.exit_code}")
    return result


def _merge_if_changed(ws: Workspace, month: str, reports: bool, result: RunResult) -> None:
    from fedxl.merge import merge, summary_name
    from fedxl.reports import make_report, report_name
    from fedxl.store import Store

    print_key = f"merged:{month}"
    fingerprint = _fingerprint(ws, month)
    target = ws.folder("summaries") / summary_name(ws.config.district.name, ws.form.title, month)
    briefing = ws.folder("reports") / report_name(ws.config.district.name, "briefing", month)
    with Store(ws.db_path, ws.form) as store:
        same = store.get_state(print_key) == fingerprint
    if same and target.exists() and (not reports or briefing.exists()):
        result.unchanged = True
        return
    merged = merge(ws, month)
    result.merged = merged.path
    if merged.kept is not None:
        result.kept.append((merged.kept, merged.path))
    if reports:
        made = make_report(ws, "briefing", month)
        result.reports.append(made.path)
        if made.kept is not None:
            result.kept.append((made.kept, made.path))
    with Store(ws.db_path, ws.form) as store:
        store.set_state(print_key, fingerprint)
