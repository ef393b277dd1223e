"""`fedxl merge`: the district summary workbook from each town's effective submission (SPEC §8)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from fedxl.merge.summary import Alert, Summary, build_summary
from fedxl.workspace import Workspace


@dataclass
class MergeResult:
    path: Path
    summary: Summary


def summary_name(district: str, form_title: str, month: str) -> str:
    from fedxl.names import safe_filename

    title = form_title.replace("基础台账", "汇总表")
    return safe_filename(f"{district}{title}_{month}") + ".xlsx"


def merge(ws: Workspace, month: str) -> MergeResult:
    """Write workbooks/summaries/<district>新领域妇联组织建设汇总表_<month>.xlsx atomically."""
    from fedxl.atomic import write_with
    from fedxl.merge.workbook import write_summary
    from fedxl.store import Store

    district = ws.config.district.name
    target = ws.folder("summaries") / summary_name(district, ws.form.title, month)
    with Store(ws.db_path, ws.form) as store:
        summary = build_summary(ws.config, ws.form, store, month)
        write_with(target, partial(write_summary, summary, ws.form, store, district))
    return MergeResult(target, summary)


__all__ = ["Alert", "MergeResult", "Summary", "build_summary", "merge", "summary_name"]
