"""`fedxl city status|metrics`: a city's districts read side by side from their shared server."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from fedxl.cli.common import (
    AsOfOpt,
    DebugOpt,
    HalfOpt,
    LangOpt,
    MonthOpt,
    Settings,
    WorkspaceOpt,
    YearOpt,
    as_of,
    chosen_period,
    console,
    settings,
)
from fedxl.cli.submission_cmds import figure_text, render_board
from fedxl.i18n import t

city_app = typer.Typer(
    help=(
        "市里看各区：各区的报送情况和数据"
        "（各区的登记库在同一台 PostgreSQL 服务器上，见 docs/server.md）。"
    ),
    no_args_is_help=True,
)
JsonOpt = Annotated[bool, typer.Option("--json", help="以 JSON 输出 / JSON output")]


def _city(opts: Settings) -> Any:
    from fedxl.api import open_city

    return open_city(opts.workspace)


@city_app.command("status")
def status(
    ctx: typer.Context,
    month: MonthOpt = None,
    as_json: JsonOpt = False,
    as_of_day: AsOfOpt = None,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """各区各镇街某月的报送情况（默认正在收报的月份），各区和全市的报送率、按时报送率。"""
    from fedxl.api import city_status, percent

    city = _city(settings(ctx, workspace, lang, debug))
    board = city_status(city, month, as_of=as_of(as_of_day))
    if as_json:
        sys.stdout.write(json.dumps(board.to_dict(), ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(0)
    out = console()
    for name, district in board.districts:
        out.print(name, style="bold")
        render_board(out, district)
    out.print(
        t(
            "city.summary",
            city=board.city,
            districts=len(board.districts),
            expected=board.expected,
            actual=board.count("submitted", "late"),
            on_time=board.count("submitted"),
            rate=percent(board.rate),
            on_time_rate=percent(board.on_time_rate),
        ),
        style="bold",
    )


@city_app.command("metrics")
def metrics(
    ctx: typer.Context,
    month: MonthOpt = None,
    half: HalfOpt = None,
    year: YearOpt = None,
    as_json: JsonOpt = False,
    as_of_day: AsOfOpt = None,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """某月、半年或全年各区和全市的数据（与各区的汇总表同一口径，全市为各区之和，比率重算）。"""
    from fedxl.api import city_metrics, city_month

    city = _city(settings(ctx, workspace, lang, debug))
    now = as_of(as_of_day)
    period = chosen_period(month, half, year, lambda: city_month(city, as_of=now))
    summary = city_metrics(city, period, as_of=now)
    if as_json:
        sys.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(0)
    render_city_metrics(console(), summary)


@city_app.command("merge")
def merge(
    ctx: typer.Context,
    month: MonthOpt = None,
    as_of_day: AsOfOpt = None,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """全市汇总表：每个区县一行和全市合计，各区县报送情况，每个区县一张镇街表，图表。"""
    from fedxl.api import city_merge

    city = _city(settings(ctx, workspace, lang, debug))
    result = city_merge(city, month, as_of=as_of(as_of_day))
    out = console()
    if result.kept is not None:
        out.print(t("output.kept", kept=str(result.kept), path=str(result.path)), style="yellow")
    out.print(t("merge.done", path=str(result.path)))
    missing = [d for d, s in result.summary.districts if s is None]
    if missing:
        out.print(t("city.no_figures", districts="、".join(missing)), style="yellow")


city_report_app = typer.Typer(help="市里的 Word 报告：全市工作简报。", no_args_is_help=True)
city_app.add_typer(city_report_app, name="report")


@city_report_app.command("briefing")
def briefing(
    ctx: typer.Context,
    month: MonthOpt = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="同时用 LibreOffice 转成 PDF / also write a PDF")
    ] = False,
    as_of_day: AsOfOpt = None,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """全市工作简报：各区县和全市的数字、报送情况、亮点和问题（模板 city_briefing.docx）。"""
    from fedxl.api import city_report

    city = _city(settings(ctx, workspace, lang, debug))
    result = city_report(city, "briefing", month, pdf=pdf, as_of=as_of(as_of_day))
    out = console()
    for warning in result.warnings:
        out.print(warning, style="yellow")
    if result.kept is not None:
        out.print(t("output.kept", kept=str(result.kept), path=str(result.path)), style="yellow")
    out.print(t("report.done", path=str(result.path)))
    if result.pdf is not None:
        out.print(t("report.pdf", path=str(result.pdf)))
    elif pdf:
        problem = result.pdf_problem or "report.no_pdf"
        out.print(t(problem, path=str(result.path.with_suffix(".pdf"))), style="yellow")


@city_app.command("serve")
def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help="监听地址；局域网用 0.0.0.0 / address to listen on")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口 / port", min=1, max=65535)] = 8760,
    renew_link: Annotated[
        bool, typer.Option("--renew-link", help="换一个新链接，旧链接作废 / a new link")
    ] = False,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """市里的页面：各区县每月的报送情况，下载全市汇总表和工作简报（只读，凭链接打开）。"""
    from fedxl.api import city_serve

    city = _city(settings(ctx, workspace, lang, debug))
    out = console()
    city_serve(
        city,
        host=host,
        port=port,
        renew=renew_link,
        on_ready=lambda link: out.print(t("city.serving", url=link["url"])),
    )


def render_city_metrics(out: Any, summary: Any, per_table: int = 6) -> None:
    """One row per district and 全市合计, the figures in groups of a few columns."""
    from rich.table import Table

    from fedxl.api import cn_date

    out.print(
        t(
            "city.metrics_title",
            city=summary.city,
            period=summary.period.cn,
            start=cn_date(summary.period.start),
            end=cn_date(summary.end),
        ),
        style="bold",
    )
    data = summary.to_dict()
    rows = [(d["district"], d["figures"] or {}) for d in data["districts"]]
    rows.append((t("city.total"), data["total"]))
    names = summary.columns
    head = t("city.district")
    for first in range(0, len(names), per_table):
        group = names[first : first + per_table]
        table = Table(header_style="bold")
        table.add_column(head, no_wrap=True)
        for name in group:
            table.add_column(name, justify="right")
        for label, figures in rows:
            table.add_row(label, *(figure_text(name, figures.get(name)) for name in group))
        out.print(table)
    missing = [d["district"] for d in data["districts"] if d["figures"] is None]
    if missing:
        out.print(t("city.no_figures", districts="、".join(missing)), style="yellow")
