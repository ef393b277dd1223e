"""The feedback plan: cell marks and result rows computed once from a CheckResult.

Two writers apply the same plan: openpyxl (the feedback file) and xlwings (the live workbook
in Excel), so every decision about what to mark and what to say lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fedxl.checking.findings import SEVERITY_ORDER, shown
from fedxl.checking.report import CheckResult
from fedxl.i18n import t

FILL = {"error": "FFC7CE", "warning": "FFEB9C"}  # light red, light yellow
AUTHOR = "fedxl"


@dataclass(frozen=True)
class CellMark:
    sheet: str  # the sheet's name in the workbook
    cell: str
    severity: str
    comment: str

    @property
    def fill(self) -> str:
        return FILL[self.severity]


RESULT_KEYS = ("severity", "sheet", "cell", "column", "value", "message", "hint", "kind", "code")


def result_heads() -> list[str]:
    """The header row of the 校验结果 sheet: 序号 then RESULT_KEYS (both writers use it)."""
    return [t("feedback.col.no"), *(t(f"check.col.{k}") for k in RESULT_KEYS)]


@dataclass(frozen=True)
class ResultRow:
    severity: str
    sheet: str  # as people read it: the town's name, the form's in brackets when they differ
    cell: str
    column: str
    value: str
    message: str
    hint: str
    kind: str  # 问题类型: the code's short name in the message language
    code: str
    level: str = "info"  # the severity key (error / warning / info), for colouring
    target: str = ""  # the sheet's name in the workbook, which a link to the cell goes to

    def values(self, no: int) -> list[object]:
        return [no, *(getattr(self, k) for k in RESULT_KEYS)]


@dataclass
class FeedbackPlan:
    title: str
    summary: list[str]
    marks: list[CellMark] = field(default_factory=list)
    rows: list[ResultRow] = field(default_factory=list)
    # what the file changed against the town's ledger in effect before it (its 与上月对比 sheet)
    changes: list[str] = field(default_factory=list)


def plan_feedback(report: CheckResult) -> FeedbackPlan:
    counts = report.counts
    summary = [
        t("feedback.file", file=Path(report.file).name),
        t(
            "check.identity",
            town=report.town or t("check.unknown"),
            period=report.period or t("check.unknown"),
        ),
        t("check.file_line", status=t(f"status.{report.status}"), **counts),
        t("feedback.how"),
    ]
    plan = FeedbackPlan(title=t("feedback.title"), summary=summary)
    by_cell: dict[tuple[str, str], list[tuple[str, str]]] = {}
    worst: dict[tuple[str, str], str] = {}
    for f in sorted(report.findings, key=lambda f: SEVERITY_ORDER[f.severity]):
        sheet = report.sheet_names.get(f.sheet or "", f.sheet or "")
        plan.rows.append(
            ResultRow(
                t(f"severity.{f.severity}"),
                report.sheet_label(f.sheet),
                f.cell or "",
                f.column or "",
                shown(f.value),
                f.message,
                f.hint,
                t(f"kind.{f.code}"),
                f.code,
                f.severity,
                sheet,
            )
        )
        if f.severity == "info" or not f.cell or not sheet:
            continue
        key = (sheet, f.cell)
        text = f"【{t(f'severity.{f.severity}')}】{f.message}"
        if f.hint:
            text += "\n" + t("feedback.hint", hint=f.hint)
        by_cell.setdefault(key, []).append((f.severity, text))
        if key not in worst or SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[worst[key]]:
            worst[key] = f.severity
    for (sheet, cell), items in by_cell.items():
        plan.marks.append(
            CellMark(sheet, cell, worst[(sheet, cell)], "\n".join(text for _, text in items))
        )
    return plan
