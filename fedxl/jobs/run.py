"""`fedxl run`: the scheduled job — lock, ingest the inbox, re-merge when something changed."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fedxl.files.lock import WorkspaceLock
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
    # (edited file left in place, new file beside it)
    kept: list[tuple[Path, Path]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return self.batch.exit_code


def _fingerprint(ws: Workspace, month: str) -> str:
    """What the summary of `month` depends on: every submission of the year up to the month, and
    whether its deadline has passed (pending towns become 未报送 then)."""
    from fedxl.store import open_store
    from fedxl.submissions.status import deadline

    with open_store(ws, readonly=True) as store:
        rows = [(sub.id, sub.town, sub.month, sub.status) for sub in store.submissions(upto=month)]
    due = dt.datetime.now() > deadline(month, ws.config.district.deadline_day)
    digest = hashlib.sha256(repr((rows, due)).encode())
    digest.update((ws.root / "fedxl.toml").read_bytes())
    return digest.hexdigest()


def log_line(ws: Workspace, text: str, *, failed: bool = False, name: str = LOG_NAME) -> None:
    """One line in workbooks/fedxl.log (or `name`: the web intake keeps web.log) — stdlib logging,
    rotated at 1 MB, 3 old files kept.

    A log that cannot be written (read-only folder, full disk) never fails the run.
    """
    import logging
    from logging.handlers import RotatingFileHandler

    logger = logging.getLogger(f"fedxl.log.{name}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        handler = RotatingFileHandler(
            ws.workbooks / name, maxBytes=LOG_LIMIT, backupCount=3, encoding="utf-8", delay=True
        )
    except OSError:
        return
    handler.handleError = lambda record: None  # type: ignore[method-assign]
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")
    )
    logger.addHandler(handler)
    try:
        logger.log(logging.ERROR if failed else logging.INFO, text.replace("\n", " "))
    finally:
        logger.removeHandler(handler)
        handler.close()


def run_job(
    ws: Workspace,
    month: str | None = None,
    *,
    reports: bool = False,
    workers: int = 2,
    on_ingested: Callable[[IngestResult], None] | None = None,
) -> RunResult:
    """The scheduled job. Every run, failed or not, leaves one line in workbooks/fedxl.log."""
    from fedxl.errors import FedxlError

    try:
        result = _run(ws, month, reports=reports, workers=workers, on_ingested=on_ingested)
    except FedxlError as exc:
        log_line(ws, f"运行失败：{exc.render()}（返回码 {exc.exit_code}）", failed=True)
        raise
    except KeyboardInterrupt:
        log_line(ws, "运行被中断（Ctrl+C）（返回码 130）", failed=True)
        raise
    except BaseException as exc:
        log_line(ws, f"运行失败：{type(exc).__name__}: {exc}（返回码 2）", failed=True)
        raise
    counts = [r.report.status for r in result.batch.new]
    merged = (
        "汇总未变化"
        if result.unchanged
        else ("汇总已更新" if result.merged else "本月尚无通过校验的台账，未汇总")
    )
    aside = [Path(r.report.file).name for r in result.batch.results if r.report.reader_failed]
    moved = f"，移到收件箱 _未处理 {len(aside)} 份（{'、'.join(aside)}）" if aside else ""
    log_line(
        ws,
        f"运行完成：月份 {result.month}，收件 {len(result.batch.results)} 份，新登记 {len(counts)} "
        "份"
        f"（通过 {counts.count('accepted')}、未通过 {counts.count('rejected')}、"
        f"无法读取 {counts.count('unreadable')}）{moved}，{merged}，报告 {len(result.reports)} 份，"
        f"保留修改过的文件 {len(result.kept)} 个，返回码 {result.exit_code}",
    )
    return result


def _run(
    ws: Workspace,
    month: str | None,
    *,
    reports: bool,
    workers: int,
    on_ingested: Callable[[IngestResult], None] | None,
) -> RunResult:
    from fedxl.store import open_store
    from fedxl.submissions import latest_data_month

    with WorkspaceLock(ws.workbooks):
        batch = ingest(ws, workers=workers, on_done=on_ingested)
        with open_store(ws, readonly=True) as store:
            if month is None:  # the latest month with accepted data (December's, in early January)
                month = latest_data_month(store)
            # nobody passed yet: no summary
            has_data = month is not None and month in store.accepted_months()
        result = RunResult(month, batch)
        if month is not None and has_data:
            _merge_if_changed(ws, month, reports, result)
    return result


def _merge_if_changed(ws: Workspace, month: str, reports: bool, result: RunResult) -> None:
    from fedxl.merging import merge, summary_name
    from fedxl.reports import make_report, report_name
    from fedxl.store import open_store

    fingerprint = _fingerprint(ws, month)
    target = ws.folder("summaries") / summary_name(ws.config.district.name, ws.form.title, month)
    briefing = ws.folder("reports") / report_name(ws.config.district.name, "briefing", month)
    with open_store(ws, readonly=True) as store:
        same = store.merge_fingerprint(month) == fingerprint
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
    with open_store(ws) as store:
        store.set_merge_fingerprint(month, fingerprint)
