"""Word reports: 工作简报, 半年工作总结 and 催报通知 from editable templates."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fedxl.form.periods import Period, month_arg, parse_half
from fedxl.workspace import Workspace

KINDS = {
    "briefing": ("briefing.docx", "工作简报"),
    "half-year": ("half_year.docx", "半年工作总结"),
    "reminder": ("reminder.docx", "催报通知"),
}


@dataclass
class ReportResult:
    path: Path
    pdf: Path | None = None
    pdf_unavailable: bool = False
    pdf_problem: str = ""  # message key when a PDF was asked for and none was made
    warnings: list[str] = field(default_factory=list)
    context: dict[str, object] = field(default_factory=dict)
    kept: Path | None = None  # an edited copy left in place; the new report went beside it


def report_name(district: str, kind: str, period: str) -> str:
    from fedxl.files.names import safe_filename

    return safe_filename(f"{district}{KINDS[kind][1]}_{period}") + ".docx"


def report_period(kind: str, text: str) -> Period:
    """The period of a report: a half for the half-year report, a month for the others."""
    if kind == "half-year":
        return parse_half(text)
    return Period.of_month(month_arg(text))


def make_report(
    ws: Workspace,
    kind: str,
    period: str,
    *,
    pdf: bool = False,
    dump_context: Path | None = None,
    now: dt.datetime | None = None,
) -> ReportResult:
    """Write one Word report (and its PDF) for `period`; `now` is "as of" (default: the clock).

    A briefing or half-year report for a period without an accepted submission is refused
    before anything is written or numbered (`period.empty`).
    """
    from fedxl.form.periods import as_of_time
    from fedxl.merging.summary import build_summary
    from fedxl.reports.context import build_context, reminder_context
    from fedxl.reports.numbers import issue_number, notice_number
    from fedxl.reports.pdf import to_pdf
    from fedxl.reports.render import render_docx
    from fedxl.store import open_store
    from fedxl.submissions.status import status_board

    when = report_period(kind, period)
    now = now or as_of_time(None)
    template = ws.templates / KINDS[kind][0]
    target = ws.folder("reports") / report_name(ws.config.district.name, kind, when.label)
    result = ReportResult(target)
    from fedxl.files.lock import workspace_lock

    form = ws.forms.for_year(when.year)  # the period's year's form (form-YYYY.toml)
    with (
        workspace_lock(ws.workbooks),
        open_store(ws, form=form) as store,
        tempfile.TemporaryDirectory(prefix="fedxl-chart-") as tmp,
    ):
        chart = None
        if kind == "reminder":
            board = status_board(ws.config, store, when.label, now=now)
            context = reminder_context(ws, store, board, today=now.date())
            prefix = ws.config.district.doc_prefix
            if (
                not prefix
            ):  # a notice without 发文字号 is not a notice: the district's first character + 妇字
                from fedxl.i18n import t

                prefix = f"{ws.config.district.name[:1]}妇字"
                result.warnings.append(t("report.default_prefix", prefix=prefix))
            context["doc_no"] = notice_number(store, prefix, when.label)
        else:
            summary = build_summary(ws.config, form, store, when, now=now)
            context = build_context(ws, store, summary, today=now.date())
            context["half"] = when.label if kind == "half-year" else ""
            context["half_cn"] = (
                when.cn.removeprefix(f"{when.year}年") if kind == "half-year" else ""
            )
            reported = summary.reported
            chart = Path(tmp) / "chart.png"
            warning = _chart(reported, chart)
            if warning:
                result.warnings.append(warning)
        context["issue_no"] = (
            issue_number(store, when.label, store.accepted_months(by=now.isoformat()))
            if kind == "briefing"
            else 0
        )
        if dump_context is not None:
            dumped = dict(context, chart=str(template.parent / "chart.png") if chart else "")
            dump_context.write_text(
                json.dumps(dumped, ensure_ascii=False, indent=2), encoding="utf-8"
            )
        written = render_docx(template, context, target, chart, log=store)
        result.path, result.kept, result.context = written.path, written.kept, context
    if pdf:
        outcome = to_pdf(result.path)
        result.pdf, result.pdf_problem = outcome.path, outcome.problem
        result.pdf_unavailable = outcome.path is None
    return result


def _chart(reported: list[Any], target: Path) -> str | None:
    from fedxl.reports.charts import bar_chart

    return bar_chart(
        [t.town for t in reported],
        [t.figures["妇委会总数"] for t in reported],
        "各镇街新领域妇委会数（个）",
        target,
    )


__all__ = ["KINDS", "ReportResult", "make_report", "report_name", "report_period"]
