"""`fedxl ingest` and `fedxl status`."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from fedxl.cli.common import (
    DebugOpt,
    LangOpt,
    MonthOpt,
    WorkspaceOpt,
    console,
    open_workspace,
    resolve_month,
    settings,
)
from fedxl.errors import UsageError
from fedxl.i18n import t

STATE_STYLE = {"submitted": "green", "late": "yellow", "rejected": "bold red", "missing": "red"}


def _parse_time(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError("ingest.bad_time", value=value) from None


def ingest(
    ctx: typer.Context,
    files: Annotated[list[Path] | None, typer.Argument(help="要收件的文件，默认收件箱里的全部文件 / files (default: the inbox)", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果 / JSON output")] = False,
    received_at: Annotated[str | None, typer.Option("--received-at", help="收到时间（ISO），默认取文件修改时间 / received time", show_default=False)] = None,
    workers: Annotated[int, typer.Option("--workers", help="并行校验的进程数 / checking processes")] = min(2, os.cpu_count() or 1),
    workspace: WorkspaceOpt = None, lang: LangOpt = None, debug: DebugOpt = False,
) -> None:
    """收件：校验、归档、登记，有问题的生成反馈表，然后从收件箱移走。"""
    from fedxl.submissions import inbox_files
    from fedxl.submissions import ingest as run_ingest

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    when = _parse_time(received_at)
    paths = list(files) if files else inbox_files(ws)
    out: Any = None if as_json else console()
    if not paths:
        if as_json:
            sys.stdout.write(json.dumps({"version": 1, "files": []}) + "\n")
        else:
            out.print(t("ingest.empty", path=str(ws.folder("inbox"))))
        raise typer.Exit(0)

    def done(result: Any) -> None:
        if out is None:
            return
        from fedxl.cli.render import render_report

        render_report(out, result.report)
        if result.submission_id is None:
            out.print("  " + t("ingest.not_recorded"), style="yellow")
        else:
            note = t("ingest.duplicate", id=result.submission_id) if result.duplicate else \
                t("ingest.recorded", id=result.submission_id)
            out.print("  " + note, style="dim" if result.duplicate else "")
        if result.feedback:
            out.print("  " + t("check.feedback", path=str(result.feedback)))
        if result.feedback_error:
            out.print("  " + t("check.feedback_failed", error=result.feedback_error), style="red")

    progress = None
    if out is not None and len(paths) > 3 and sys.stderr.isatty():
        from rich.progress import Progress

        progress = Progress(console=out, transient=True)
        task = progress.add_task(t("ingest.progress"), total=len(paths))
        progress.start()

    def step(result: Any) -> None:
        done(result)
        if progress is not None:
            progress.advance(task)

    try:
        batch = run_ingest(ws, paths, received_at=when, workers=max(1, workers), on_done=step)
    finally:
        if progress is not None:
            progress.stop()
    if as_json:
        sys.stdout.write(json.dumps(batch.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        new = batch.new
        summary = t("ingest.summary", total=len(batch.results), new=len(new),
                    accepted=sum(r.report.status == "accepted" for r in new),
                    rejected=sum(r.report.status == "rejected" for r in new),
                    unreadable=sum(r.report.status == "unreadable" for r in new),
                    duplicate=sum(r.duplicate for r in batch.results))
        if batch.unrecorded:
            summary += t("ingest.summary_unrecorded", count=len(batch.unrecorded))
        out.print(summary, style="bold")
    raise typer.Exit(batch.exit_code)


def status(
    ctx: typer.Context,
    month: MonthOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出 / JSON output")] = False,
    workspace: WorkspaceOpt = None, lang: LangOpt = None, debug: DebugOpt = False,
) -> None:
    """各镇街本月报送情况：已报送、逾期报送、未通过校验、未报送，以及报送率。"""
    from fedxl.store import Store
    from fedxl.submissions import status_board

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    m = resolve_month(ws, month)
    with Store(ws.db_path, ws.form) as store:
        board = status_board(ws.config, store, m)
    if as_json:
        sys.stdout.write(json.dumps(board.to_dict(), ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(0)
    render_board(console(), board)


def render_board(out: Any, board: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=t("status.title", month=board.month, deadline=board.deadline.strftime("%Y-%m-%d")),
                  header_style="bold", title_style="bold")
    for key, justify in (("town", "left"), ("state", "left"), ("time", "left"), ("file", "left"),
                         ("errors", "right"), ("warnings", "right"), ("count", "right")):
        table.add_column(t(f"status.col.{key}"), justify=justify, overflow="fold")  # type: ignore[arg-type]
    for row in board.towns:
        table.add_row(row.town, Text(t(f"state.{row.state}"), style=STATE_STYLE[row.state]),
                      (row.submitted_at or "").replace("T", " ")[:16], row.file or "",
                      "" if row.errors is None else str(row.errors),
                      "" if row.warnings is None else str(row.warnings),
                      str(row.submissions) if row.submissions else "")
    out.print(table)
    out.print(t("status.summary", expected=len(board.towns), actual=board.count("submitted", "late"),
                on_time=board.count("submitted"), late=board.count("late"), rejected=board.count("rejected"),
                missing=board.count("missing"), rate=f"{board.rate:.0%}", on_time_rate=f"{board.on_time_rate:.0%}"))


def merge(
    ctx: typer.Context,
    month: MonthOpt = None,
    workspace: WorkspaceOpt = None, lang: LangOpt = None, debug: DebugOpt = False,
) -> None:
    """汇总：把各镇街有效台账合并成全区汇总表（含报送情况、预警、各台账明细和图表）。"""
    from fedxl.merge import merge as run_merge

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    m = resolve_month(ws, month)
    result = run_merge(ws, m)
    out = console()
    s = result.summary
    out.print(t("merge.done", path=str(result.path)))
    out.print(t("merge.line", month=m, towns=len(s.reported), total=len(s.towns), orgs=s.total.get("妇委会总数", 0),
                alerts=len(s.alerts)))
