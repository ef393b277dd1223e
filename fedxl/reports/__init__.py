"""Word reports: 工作简报, 半年工作总结 and 催报通知 from editable templates (SPEC §9)."""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from fedxl.errors import UsageError
from fedxl.workspace import Workspace

KINDS = {"briefing": ("briefing.docx", "工作简报"), "half-year": ("half_year.docx", "半年工作总结"),
         "reminder": ("reminder.docx", "催报通知")}


@dataclass
class ReportResult:
    path: Path
    pdf: Path | None = None
    pdf_unavailable: bool = False
    warnings: list[str] = field(default_factory=list)
    context: dict[str, object] = field(default_factory=dict)


def report_name(district: str, kind: str, period: str) -> str:
    from fedxl.names import safe_filename

    return safe_filename(f"{district}{KINDS[kind][1]}_{period}") + ".docx"


def _month_of(kind: str, period: str) -> str:
    if kind == "half-year":
        m = re.fullmatch(r"(\d{4})H([12])", period.strip().upper())
        if not m:
            raise UsageError("report.bad_half", value=period)
        return f"{m.group(1)}-{'06' if m.group(2) == '1' else '12'}"
    if not re.fullmatch(r"\d{4}-\d{2}", period.strip()):
        raise UsageError("status.bad_month", month=period)
    return period.strip()


def _issue_number(store: object, month: str) -> int:
    """第N期: numbered per issued briefing month, recorded in the store."""
    key = f"briefing_no:{month}"
    known = store.get_state(key)  # type: ignore[attr-defined]
    if known:
        return int(known)
    number = int(store.get_state("briefing_count") or 0) + 1  # type: ignore[attr-defined]
    store.set_state("briefing_count", str(number))  # type: ignore[attr-defined]
    store.set_state(key, str(number))  # type: ignore[attr-defined]
    return number


def make_report(ws: Workspace, kind: str, period: str, *, pdf: bool = False, dump_context: Path | None = None,
                today: dt.date | None = None) -> ReportResult:
    from fedxl.merge.summary import build_summary
    from fedxl.reports.charts import bar_chart
    from fedxl.reports.context import build_context
    from fedxl.reports.pdf import to_pdf
    from fedxl.reports.render import render_docx
    from fedxl.store import Store

    month = _month_of(kind, period)
    template = ws.templates / KINDS[kind][0]
    target = ws.folder("reports") / report_name(ws.config.district.name, kind, period.strip().upper()
                                                if kind == "half-year" else month)
    result = ReportResult(target)
    with Store(ws.db_path, ws.form) as store, tempfile.TemporaryDirectory(prefix="fedxl-chart-") as tmp:
        context = build_context(ws, store, month, today=today)
        if kind == "half-year":
            context["half"] = period.strip().upper()
            context["half_cn"] = "上半年" if month.endswith("06") else "下半年"
        else:
            context["half"], context["half_cn"] = "", ""
        context["issue_no"] = _issue_number(store, month) if kind == "briefing" else 0
        chart = None
        if kind in ("briefing", "half-year"):
            summary = build_summary(ws.config, ws.form, store, month)
            reported = [t for t in summary.towns if t.figures]
            if reported:
                chart = Path(tmp) / "chart.png"
                warning = bar_chart([t.town for t in reported], [t.figures["妇委会总数"] for t in reported],
                                    "各镇街新领域妇委会数（个）", chart)
                if warning:
                    result.warnings.append(warning)
        if dump_context is not None:
            dumped = dict(context, chart=str(template.parent / "chart.png") if chart else "")
            dump_context.write_text(json.dumps(dumped, ensure_ascii=False, indent=2), encoding="utf-8")
        render_docx(template, context, target, chart)
        result.context = context
    if pdf:
        result.pdf = to_pdf(target)
        result.pdf_unavailable = result.pdf is None
    return result


__all__ = ["KINDS", "ReportResult", "make_report", "report_name"]
