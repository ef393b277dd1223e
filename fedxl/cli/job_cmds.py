"""`fedxl run`, `fedxl schedule` and `fedxl demo`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from fedxl.api import percent
from fedxl.cli.common import (
    DebugOpt,
    LangOpt,
    MonthOpt,
    WorkspaceOpt,
    console,
    open_workspace,
    settings,
)
from fedxl.i18n import t


def run(
    ctx: typer.Context,
    month: MonthOpt = None,
    reports: Annotated[
        bool, typer.Option("--reports", help="同时生成本月工作简报 / also the briefing")
    ] = False,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """定时任务：收件箱收件，有变化时重新汇总（可同时生成简报），写入 workbooks/fedxl.log。"""
    import fedxl
    from fedxl.errors import FedxlError

    opts = settings(ctx, workspace, lang, debug)
    try:
        ws = open_workspace(opts)
    except FedxlError as exc:  # a broken fedxl.toml still leaves its line in the workspace's log
        try:
            fedxl.api.log_line(
                opts.workspace, f"运行失败：{exc.render()}（返回码 {exc.exit_code}）", failed=True
            )
        except FedxlError:
            pass  # no workspace at all: nowhere to log
        raise
    result = fedxl.api.run_job(ws, month, reports=reports)
    out: Any = console()
    new = [r for r in result.batch.results if not r.duplicate]
    out.print(
        t(
            "run.ingested",
            files=len(result.batch.results),
            new=len(new),
            rejected=sum(r.report.status != "accepted" for r in new),
        )
    )
    if result.unchanged:
        out.print(t("run.unchanged", month=result.month))
    elif result.merged:
        out.print(t("merge.done", path=str(result.merged)))
    for path in result.reports:
        out.print(t("report.done", path=str(path)))
    for kept, path in result.kept:
        out.print(t("output.kept", kept=str(kept), path=str(path)), style="yellow")
    raise typer.Exit(result.exit_code)


def schedule(
    ctx: typer.Context,
    at: Annotated[str, typer.Option("--at", help="每天运行的时间 HH:MM / time of day")] = "07:30",
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """打印定时运行 fedxl run 的设置（cron、systemd 定时器、Windows 任务计划程序），可直接复制。"""
    import re

    import fedxl
    from fedxl.errors import UsageError

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", at):
        raise UsageError("schedule.bad_time", value=at)
    text, _ = fedxl.api.schedule(ws.root, at, write=True)
    typer.echo(text)


def demo(
    ctx: typer.Context,
    directory: Annotated[
        Path, typer.Argument(help="演示工作区目录 / folder", show_default=False)
    ] = Path("demo"),
    pdf: Annotated[
        bool,
        typer.Option(
            "--pdf/--no-pdf", help="有 LibreOffice 时生成 PDF / PDFs when LibreOffice is present"
        ),
    ] = True,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """演示：虚构的振兴区，5—7 月台账收件、校验、汇总、7 月简报、上半年总结和催报通知；再跨年到 2027
    年 1 月（新设、更名镇街，12 月台账 1 月才到）。"""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    import fedxl
    from fedxl.api import NEW_TOWN

    settings(ctx, workspace, lang, debug)
    out: Any = console()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        transient=True,
        console=console(stderr=True),
    ) as bar:
        task = bar.add_task("…", total=None)
        result = fedxl.api.demo(
            directory, pdf=pdf, step=lambda text: bar.update(task, description=text)
        )
    states = list(result.states.values())
    out.print(t("demo.done", path=str(result.workspace)), style="bold")
    out.print(t("demo.act1"), style="bold")
    out.print(
        t(
            "demo.board",
            rate=percent(result.rate),
            on_time=percent(result.on_time_rate),
            late=states.count("late"),
            rejected=states.count("rejected"),
            missing=states.count("missing"),
            alerts=result.alerts,
        )
    )
    out.print(t("demo.summary", path=str(result.summary)))
    for path in result.reports + result.pdfs:
        out.print(t("demo.report", path=str(path)))
    for path in result.blank:
        out.print(t("demo.blank", path=str(path)))
    out.print(t("demo.act2"), style="bold")
    out.print(
        t(
            "demo.december",
            rate=percent(result.december_rate),
            on_time=percent(result.december_on_time),
            towns=len(result.december),
            town=NEW_TOWN,
        )
    )
    for path in result.year_end:
        out.print(t("demo.report" if path.suffix == ".docx" else "demo.summary", path=str(path)))
    if result.pdf_unavailable:
        out.print(t(result.pdf_problem or "report.no_pdf", path=""), style="yellow")
    out.print(t("demo.look.title"), style="bold")
    for n, (key, args) in enumerate(result.look, start=1):
        out.print(f"{n}. " + t(key, **args))
    out.print(t("demo.next", path=str(result.workspace)))
    out.print(t("demo.web", path=str(result.workspace)))


def excel_setup(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(help="放按钮工作簿的目录，默认工作区 / folder", show_default=False),
    ] = None,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """生成 Excel 按钮工作簿 fedxl_buttons.xlsm（需要 fedxl[excel]，Windows/macOS 上的 Excel）。"""
    import fedxl

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    target = fedxl.api.excel_setup(ws, directory)
    console().print(t("excel.setup_done", path=str(target)))
