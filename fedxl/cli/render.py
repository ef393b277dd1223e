"""Console rendering of check reports (rich tables); the library never prints."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fedxl.api import CheckResult, shown
from fedxl.i18n import t

STYLE = {
    "error": "bold red",
    "warning": "yellow",
    "info": "dim",
    "accepted": "bold green",
    "rejected": "bold red",
    "unreadable": "bold red",
}


def render_report(console: Any, report: CheckResult, *, verbose: bool = False) -> None:
    from pathlib import Path

    from rich.table import Table
    from rich.text import Text

    counts = report.counts
    status = t(f"status.{report.status}")
    line = t("check.file_line", status=status, **counts)
    console.print(
        Text(f"■ {Path(report.file).name}", style="bold"), Text(line, style=STYLE[report.status])
    )
    if report.status != "unreadable":
        console.print(
            "  "
            + t(
                "check.identity",
                town=report.town or t("check.unknown"),
                period=report.period or t("check.unknown"),
            )
        )
    shown_findings = [f for f in report.findings if verbose or f.severity != "info"]
    if shown_findings:
        table = Table(show_lines=False, header_style="bold", pad_edge=False, expand=False)
        for key in ("severity", "sheet", "cell", "column", "value", "message", "hint"):
            table.add_column(
                t(f"check.col.{key}"),
                overflow="fold",
                max_width=40 if key in ("message", "hint") else 22 if key == "sheet" else 18,
            )
        last_sheet = None
        for f in shown_findings:
            sheet = report.sheet_label(f.sheet)
            table.add_row(
                Text(t(f"severity.{f.severity}"), style=STYLE[f.severity]),
                sheet if sheet != last_sheet else "",
                f.cell or "",
                f.column or "",
                shown(f.value)[:30],
                f.message,
                f.hint,
            )
            last_sheet = sheet
        console.print(table)
    elif report.status == "accepted" and not counts["warning"]:
        console.print("  " + t("check.all_good"), style="green")
    hidden = counts["info"] if not verbose else 0
    if hidden:
        console.print("  " + t("check.info_hidden", n=hidden), style="dim")


def render_batch_line(console: Any, reports: list[CheckResult]) -> None:
    c = Counter(r.status for r in reports)
    console.print(
        t(
            "check.batch",
            total=len(reports),
            accepted=c["accepted"],
            rejected=c["rejected"],
            unreadable=c["unreadable"],
        ),
        style="bold",
    )
