"""`fedxl check FILE… [--json] [--annotate]`."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fedxl.cli.common import (
    DebugOpt,
    LangOpt,
    WorkspaceOpt,
    console,
    expand_paths,
    open_workspace,
    settings,
)
from fedxl.errors import UsageError
from fedxl.i18n import t

if TYPE_CHECKING:
    from fedxl.api import CheckResult, Workspace


def check(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="要校验的台账文件或文件夹（可用 *.xlsx）/ files or folders to check",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出结果 / JSON output")] = False,
    annotate: Annotated[
        bool, typer.Option("--annotate", help="生成标注问题的反馈表 / write feedback workbooks")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="同时列出自动修正 / list repairs too")
    ] = False,
    open_files: Annotated[
        bool, typer.Option("--open", help="生成后打开反馈表（Windows）/ open the feedback files")
    ] = False,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """校验镇街报送的台账，列出每个问题所在的单元格；--annotate 生成反馈表。"""
    import fedxl
    from fedxl.api import Batch

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    files = expand_paths(files or [])
    if not files:
        raise UsageError("check.no_files")
    out = None if as_json else console()
    reports = []
    progress = None
    if len(files) > 1 and not as_json and sys.stderr.isatty():
        from rich.progress import Progress

        progress = Progress(transient=True, console=console(stderr=True))
        progress.start()
        task = progress.add_task(t("check.progress"), total=len(files))
    try:
        for path in files:
            report = fedxl.check_file(path, ws)
            report.tables = {}  # the records are not shown: let them go
            reports.append(report)
            if progress is not None:
                progress.advance(task)
            if not as_json:
                if progress is not None:
                    progress.stop()
                render_one(out, report, verbose)
                if progress is not None:
                    progress.start()
            if annotate:
                made = _annotate(ws, path, report, out or console(stderr=True))
                if made is not None and open_files and hasattr(os, "startfile"):
                    os.startfile(made)  # Windows: opens in Excel / WPS
    finally:
        if progress is not None:
            progress.stop()
    batch = Batch(reports)
    if as_json:
        sys.stdout.write(json.dumps(batch.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif len(reports) > 1:
        from fedxl.cli.render import render_batch_line

        render_batch_line(console(), reports)
    raise typer.Exit(batch.exit_code)


def render_one(out: Any, report: CheckResult, verbose: bool) -> None:
    from fedxl.cli.render import render_report

    render_report(out, report, verbose=verbose)


def _annotate(ws: Workspace, path: Path, report: CheckResult, out: Any) -> Path | None:
    """Write the feedback workbook; one that cannot be made is this file's `feedback-failed`
    finding (in the JSON too), never the end of the batch."""
    import fedxl

    target = fedxl.api.annotate(ws, path, report)
    if target is not None:
        out.print("  " + t("check.feedback", path=str(target)))
    elif report.findings and report.findings[-1].code == "feedback-failed":
        out.print("  " + report.findings[-1].message, style="red")
    return target
