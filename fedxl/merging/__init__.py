"""`fedxl merge`: the district summary workbook from each town's effective submission."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from fedxl.form.periods import Month, Period
from fedxl.merging.summary import Alert, Summary, build_summary, other_summary
from fedxl.workspace import Workspace


@dataclass
class MergeResult:
    path: Path
    summary: Summary
    kept: Path | None = None  # an edited copy left in place; the new summary went beside it


def summary_name(district: str, form_title: str, month: str) -> str:
    from fedxl.files.names import safe_filename

    title = form_title.replace("基础台账", "汇总表")
    return safe_filename(f"{district}{title}_{month}") + ".xlsx"


def merge(ws: Workspace, month: str, *, now: dt.datetime | None = None) -> MergeResult:
    """Write workbooks/summaries/<district>新领域妇联组织建设汇总表_<month>.xlsx atomically.

    A month without an accepted submission is refused (`period.empty`, nothing written); a
    summary someone edited after fedxl wrote it is kept and the new one goes beside it.
    """
    from fedxl.files.atomic import write_output
    from fedxl.files.lock import workspace_lock
    from fedxl.merging.workbook import write_summary
    from fedxl.store import open_store

    district = ws.config.district.name
    form = ws.forms.for_year(Month.of(month).year)  # the month's year's form (form-YYYY.toml)
    target = ws.folder("summaries") / summary_name(district, form.title, month)
    with workspace_lock(ws.workbooks), open_store(ws, form=form) as store:
        summary = build_summary(ws.config, form, store, month, now=now)
        written = write_output(
            target, partial(write_summary, summary, form, store, district), store
        )
    return MergeResult(written.path, summary, written.kept)


def period_figures(
    ws: Workspace, period: Period, *, now: dt.datetime | None = None, latest: str | None = None
) -> Summary:
    """The official figures of a month, half or year (`fedxl metrics`): the same numbers as the
    summary workbook and the reports. A period without an accepted submission is refused.
    `latest`: see `build_summary` (a city's latest month)."""
    from fedxl.store import open_store

    form = ws.forms.for_year(period.year)
    with open_store(ws, form=form, readonly=True) as store:
        return build_summary(ws.config, form, store, period, now=now, latest=latest, whole=False)


__all__ = [
    "Alert",
    "MergeResult",
    "Summary",
    "build_summary",
    "merge",
    "other_summary",
    "period_figures",
    "summary_name",
]
