"""`fedxl ingest`, `fedxl status`, `fedxl merge` and `fedxl metrics`."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from fedxl.api import percent
from fedxl.cli.common import (
    AsOfOpt,
    DebugOpt,
    HalfOpt,
    LangOpt,
    MonthOpt,
    WorkspaceOpt,
    YearOpt,
    as_of,
    chosen_period,
    console,
    expand_paths,
    open_workspace,
    resolve_month,
    settings,
)
from fedxl.errors import UsageError
from fedxl.i18n import t

STATE_STYLE = {
    "submitted": "green",
    "late": "yellow",
    "rejected": "bold red",
    "returned": "bold red",
    "missing": "red",
    "pending": "dim",
}


def _parse_time(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError("ingest.bad_time", value=value) from None


def ingest(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="要收件的文件，默认收件箱里的全部文件 / files (default: the inbox)",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果 / JSON output")] = False,
    received_at: Annotated[
        str | None,
        typer.Option(
            "--received-at",
            help="收到时间（ISO），默认取文件修改时间 / received time",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", help="并行校验的进程数 / checking processes")
    ] = min(2, os.cpu_count() or 1),
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """收件：校验、归档、登记，有问题的生成反馈表，然后从收件箱移走。"""
    import fedxl

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    when = _parse_time(received_at)
    files = expand_paths(files) if files else None
    waiting, odd_files = fedxl.api.inbox(ws)
    paths = list(files) if files else waiting
    out: Any = None if as_json else console()
    if not files and out is not None:
        for odd in odd_files:
            out.print(t("ingest.skipped", name=odd.name), style="yellow")
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
            note = (
                result.note if result.duplicate else t("ingest.recorded", id=result.submission_id)
            )
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
        batch = fedxl.ingest(
            ws,
            None if not files else list(paths),
            received_at=when,
            workers=max(1, workers),
            on_done=step,
        )
    finally:
        if progress is not None:
            progress.stop()
    if as_json:
        sys.stdout.write(json.dumps(batch.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        new = batch.new
        summary = t(
            "ingest.summary",
            total=len(batch.results),
            new=len(new),
            accepted=sum(r.report.status == "accepted" for r in new),
            rejected=sum(r.report.status == "rejected" for r in new),
            unreadable=sum(r.report.status == "unreadable" for r in new),
            duplicate=sum(r.duplicate for r in batch.results),
        )
        if batch.unrecorded:
            summary += t("ingest.summary_unrecorded", count=len(batch.unrecorded))
        out.print(summary, style="bold")
    raise typer.Exit(batch.exit_code)


def status(
    ctx: typer.Context,
    month: MonthOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出 / JSON output")] = False,
    as_of_day: AsOfOpt = None,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """各镇街本月报送情况：已报送、逾期报送、未通过校验、未报送、待报送（截止日期未到），以及报送率。"""
    import fedxl

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    now = as_of(as_of_day)
    board = fedxl.status(ws, resolve_month(ws, month, now=now), as_of=now)
    if as_json:
        sys.stdout.write(json.dumps(board.to_dict(), ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(0)
    render_board(console(), board)


def render_board(out: Any, board: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    from fedxl.api import cn_date, cn_moment

    table = Table(
        title=t("status.title", month=board.month, deadline=cn_date(board.deadline.date())),
        header_style="bold",
        title_style="bold",
    )
    for key, justify in (
        ("town", "left"),
        ("state", "left"),
        ("id", "right"),
        ("time", "left"),
        ("file", "left"),
        ("errors", "right"),
        ("warnings", "right"),
        ("count", "right"),
    ):
        table.add_column(t(f"status.col.{key}"), justify=justify, overflow="fold")  # type: ignore[arg-type]
    for row in board.towns:
        state = t(f"state.{row.state}")
        if row.approved:
            state += t("status.approved")
        if row.until:
            state += t("status.until", until=cn_date(dt.date.fromisoformat(row.until)))
        table.add_row(
            row.town,
            Text(state, style=STATE_STYLE[row.state]),
            str(row.submission_id) if row.submission_id else "",
            cn_moment(row.submitted_at),
            row.file or "",
            "" if row.errors is None else str(row.errors),
            "" if row.warnings is None else str(row.warnings),
            str(row.submissions) if row.submissions else "",
        )
    out.print(table)
    out.print(board.summary_line())
    if not board.due:
        out.print(t("status.not_due"), style="dim")


def merge(
    ctx: typer.Context,
    month: MonthOpt = None,
    as_of_day: AsOfOpt = None,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """汇总：把各镇街有效台账合并成全区汇总表（含报送情况、预警、各台账明细和图表）。"""
    import fedxl

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    now = as_of(as_of_day)
    result = fedxl.merge(ws, resolve_month(ws, month, latest_data=True, now=now), as_of=now)
    m = result.summary.month
    out = console()
    s = result.summary
    if result.kept is not None:
        out.print(t("output.kept", kept=str(result.kept), path=str(result.path)), style="yellow")
    out.print(t("merge.done", path=str(result.path)))
    out.print(
        t(
            "merge.line",
            month=m,
            towns=len(s.reported),
            total=len(s.towns),
            orgs=s.total.get("妇委会总数", 0),
            alerts=len(s.alerts),
        )
    )


def metrics(
    ctx: typer.Context,
    month: MonthOpt = None,
    half: HalfOpt = None,
    year: YearOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出 / JSON output")] = False,
    as_of_day: AsOfOpt = None,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """某月、半年或全年的正式数据（与汇总表、简报、半年总结同一口径），可输出 JSON。"""
    import fedxl

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    now = as_of(as_of_day)
    period = chosen_period(
        month, half, year, lambda: resolve_month(ws, None, latest_data=True, now=now)
    )
    summary = fedxl.metrics(ws, period, as_of=as_of(as_of_day))
    if as_json:
        sys.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(0)
    render_metrics(console(), summary, ws.config.district.name)


def render_metrics(out: Any, summary: Any, district: str, per_table: int = 6) -> None:
    """One row per town and 全区合计, the figures in groups of a few columns (镇街 repeated), so the
    table reads in any console width, as the 汇总表 prints in parts."""
    from rich.table import Table

    from fedxl.api import cn_date

    data = summary.to_dict()
    out.print(
        t(
            "metrics.title",
            district=district,
            period=summary.period.cn,
            start=cn_date(summary.period.start),
            end=cn_date(summary.end),
        ),
        style="bold",
    )
    names = ["报送状态", *summary.columns]
    rows = [*data["towns"], {"镇街": t("metrics.district"), "报送状态": "", **data["district"]}]
    for first in range(0, len(names), per_table):
        group = names[first : first + per_table]
        table = Table(header_style="bold")
        table.add_column("镇街", no_wrap=True)
        for name in group:
            table.add_column(name, justify="left" if name == "报送状态" else "right")
        for row in rows:
            table.add_row(row["镇街"], *(figure_text(name, row.get(name)) for name in group))
        out.print(table)
    out.print(t("metrics.note", end=cn_date(summary.end), scope=summary.period.scope), style="dim")


def figure_text(name: str, value: Any) -> str:
    """A figure as the console shows it: — for unknown, rates as percents, money with cents."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if "率" in name:
        return percent(value)
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    return str(int(value)) if isinstance(value, int | float) else str(value)


def rebuild(
    ctx: typer.Context,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """从存档重建登记库 fedxl.db（登记库被清空或损坏时用；原库改名保留）。"""
    import fedxl

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    result = fedxl.api.rebuild(ws)
    out = console()
    if result.set_aside is not None:
        out.print(t("rebuild.aside", path=str(result.set_aside)))
    out.print(
        t(
            "rebuild.done",
            count=result.archived,
            recorded=result.recorded,
            accepted=result.accepted,
            rejected=result.rejected,
            unreadable=result.unreadable,
        ),
        style="bold",
    )
    if result.lost:
        out.print(t("rebuild.lost", count=len(result.lost)), style="bold red")
        for name, town, month, why in result.lost:
            out.print(f"  {town} {month} {name}：{why}")


def export(
    ctx: typer.Context,
    month: MonthOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="csv、xlsx 或 parquet / file format")
    ] = "csv",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="导出到哪个文件夹，默认 workbooks/exports / folder", show_default=False
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """导出某月各镇街有效台账的每张表（镇街在第一列）：CSV（UTF-8 带 BOM，Excel/WPS 直接打开）、xlsx
    或 parquet。"""
    import fedxl

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    made = fedxl.export(ws, resolve_month(ws, month, latest_data=True), fmt.strip().lower(), out)
    out_console = console()
    for path in made:
        out_console.print(f"  {path}")
    out_console.print(
        t("export.done", count=len(made), path=str(made[0].parent if made else out)), style="bold"
    )
