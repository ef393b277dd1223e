"""`fedxl report briefing|half-year|reminder|lint`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from fedxl.api import Month
from fedxl.cli import common
from fedxl.i18n import t

report_app = typer.Typer(
    help="生成 Word 报告：工作简报、半年工作总结、催报通知；检查模板。", no_args_is_help=True
)

PdfOpt = Annotated[
    bool, typer.Option("--pdf", help="同时用 LibreOffice 转成 PDF / also write a PDF")
]
DumpOpt = Annotated[
    Path | None,
    typer.Option(
        "--dump-context",
        help="把模板变量写成 JSON 文件 / write the context as JSON",
        show_default=False,
    ),
]


def _run(
    ctx: typer.Context,
    kind: str,
    period: str | None,
    pdf: bool,
    dump: Path | None,
    as_of_day: str | None,
    workspace: Path | None,
    lang: str | None,
    debug: bool,
) -> None:
    import fedxl

    ws = common.open_workspace(common.settings(ctx, workspace, lang, debug))
    now = common.as_of(as_of_day)
    if period is None:
        month = common.resolve_month(ws, None, latest_data=True, now=now)
        period = Month.of(month).half if kind == "half-year" else month
    result = fedxl.report(ws, kind, period, pdf=pdf, as_of=now, dump_context=dump)
    out: Any = common.console()
    if result.kept is not None:
        out.print(t("output.kept", kept=str(result.kept), path=str(result.path)), style="yellow")
    out.print(t("report.done", path=str(result.path)))
    for warning in result.warnings:
        out.print(warning, style="yellow")
    if result.pdf:
        out.print(t("report.pdf", path=str(result.pdf)))
    elif result.pdf_unavailable:
        out.print(
            t(result.pdf_problem or "report.no_pdf", path=str(result.path.with_suffix(".pdf"))),
            style="yellow",
        )


def _month_report(kind: str, doc: str) -> Any:
    """A report command taking --month (the briefing and the reminder)."""

    def command(
        ctx: typer.Context,
        month: common.MonthOpt = None,
        pdf: PdfOpt = False,
        dump_context: DumpOpt = None,
        as_of_day: common.AsOfOpt = None,
        workspace: common.WorkspaceOpt = None,
        lang: common.LangOpt = None,
        debug: common.DebugOpt = False,
    ) -> None:
        _run(ctx, kind, month, pdf, dump_context, as_of_day, workspace, lang, debug)

    command.__doc__ = doc
    return report_app.command(kind)(command)


briefing = _month_report(
    "briefing", "工作简报（第N期）：本月数据与上月比较、本年累计、各镇街情况、亮点和问题、图表。"
)
reminder = _month_report("reminder", "催报通知：列出未报送、未通过校验的镇街。")


@report_app.command("half-year")
def half_year(
    ctx: typer.Context,
    half: Annotated[
        str | None, typer.Option("--half", help="半年，如 2026H1", show_default=False)
    ] = None,
    pdf: PdfOpt = False,
    dump_context: DumpOpt = None,
    as_of_day: common.AsOfOpt = None,
    workspace: common.WorkspaceOpt = None,
    lang: common.LangOpt = None,
    debug: common.DebugOpt = False,
) -> None:
    """半年工作总结：本半年的数据（与去年同期或上半年比较）、做法和成效、问题、下步打算。"""
    _run(ctx, "half-year", half, pdf, dump_context, as_of_day, workspace, lang, debug)


@report_app.command("lint")
def lint(
    ctx: typer.Context,
    template: Annotated[Path, typer.Argument(help="要检查的 Word 模板 / template to check")],
    workspace: common.WorkspaceOpt = None,
    lang: common.LangOpt = None,
    debug: common.DebugOpt = False,
) -> None:
    """检查编辑过的 Word 模板：全角括号、{% tr 空格、未知变量等。"""
    from fedxl.api import lint_template

    common.settings(ctx, workspace, lang, debug)
    issues = lint_template(template)
    out: Any = common.console()
    if not issues:
        out.print(t("lint.ok", path=str(template)), style="green")
        raise typer.Exit(0)
    for issue in issues:
        out.print(t(f"lint.{issue.kind}", text=issue.text), style="red")
    raise typer.Exit(1)
