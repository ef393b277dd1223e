"""Feedback workbooks: the town's own file with its problems marked."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from fedxl.checking.report import CheckResult
from fedxl.feedback.plan import CellMark, FeedbackPlan, ResultRow, plan_feedback
from fedxl.workspace.limits import Limits

if TYPE_CHECKING:
    from fedxl.workspace import Workspace

SUFFIX = "_校验结果"


def feedback_name(source: Path, town: str | None = None, month: str | None = None) -> str:
    """`<镇街>_<月份>_<原文件名>_校验结果.xlsx`: two towns' `台账.xlsx` never share a feedback file,
    nor one town's `台账.xls` and `台账.xlsx` (the first gives `台账_xls_校验结果.xlsx`).

    A feedback file sent back again keeps its name (the prefix and suffix are not doubled).
    """
    from fedxl.files.names import MAX_BYTES, safe_filename

    stem = source.stem
    while stem.endswith(SUFFIX):
        stem = stem[: -len(SUFFIX)]
    prefix = "_".join(p for p in (town, month) if p)
    if prefix:
        while stem.startswith(prefix + "_"):
            stem = stem[len(prefix) + 1 :]
        stem = f"{prefix}_{stem}"
    kind = source.suffix.lower().lstrip(".")
    # 台账.xls and 台账.xlsx: two feedback files
    if kind and kind != "xlsx" and not stem.endswith(f"_{kind}"):
        stem = f"{stem}_{safe_filename(kind, max_len=8)}"
    return safe_filename(stem, max_bytes=MAX_BYTES - len(SUFFIX.encode())) + SUFFIX + ".xlsx"


def write_feedback_file(
    source: Path,
    report: CheckResult,
    target: Path,
    limits: Limits | None = None,
    changes: list[str] | None = None,
) -> Path:
    """Plan and write the feedback workbook for `report` atomically to `target` (`changes`: the
    lines of its 与上月对比 sheet, when the file changed something).

    The town's file is opened (by openpyxl) in a limited worker (fedxl.isolation): WorkerFailed
    when that worker dies or runs out; other failures are raised as openpyxl raised them."""
    from fedxl import isolation

    limits = limits or Limits()
    if report.cells > limits.max_feedback_cells:
        from fedxl.errors import FedxlError

        raise FedxlError("feedback.too_large", cells=report.cells, limit=limits.max_feedback_cells)
    plan = plan_feedback(report)
    plan.changes = list(changes or [])
    isolation.run(_write_here, source, report.source_kind or "xlsx", plan, target, limits=limits)
    return target


def _write_here(source: Path, kind: str, plan: FeedbackPlan, target: Path) -> None:
    from fedxl.feedback.xlsx import write_feedback
    from fedxl.files.atomic import write_with

    write_with(target, partial(write_feedback, source, kind, plan))


def write_feedback_for(
    ws: Workspace,
    source: Path,
    report: CheckResult,
    original: Path | None = None,
    changes: list[str] | None = None,
) -> Path:
    """Feedback workbook in the workspace:
    workbooks/feedback/<镇街>_<月份>_<原文件名>_校验结果.xlsx."""
    name = feedback_name(original or source, report.town, report.period)
    target = ws.folder("feedback") / name
    return write_feedback_file(source, report, target, ws.config.limits, changes)


__all__ = [
    "CellMark",
    "FeedbackPlan",
    "ResultRow",
    "feedback_name",
    "plan_feedback",
    "write_feedback_file",
    "write_feedback_for",
]
