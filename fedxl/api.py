"""The public library API (re-exported by `fedxl/__init__.py`): what a Python session, the CLI and
the Excel bridge call. Everything else in fedxl is an implementation detail that may move.

    import fedxl
    ws = fedxl.open_workspace("D:/台账工作区")
    tables = fedxl.month_tables(ws, "2026-06")        # {"活动台账": DataFrame, ...}
    figures = fedxl.metrics(ws, "2026H1").to_dict()  # the official figures of the half

Every function imports what it needs when called, so `import fedxl` stays cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from fedxl.checking.report import Report
    from fedxl.form.periods import Period
    from fedxl.merging import MergeResult, Summary
    from fedxl.reports import ReportResult
    from fedxl.submissions import IngestBatch, StatusBoard
    from fedxl.workspace import Workspace


def _now(as_of: dt.date | dt.datetime | str | None) -> dt.datetime:
    from fedxl.form.periods import as_of_time, parse_as_of

    if isinstance(as_of, dt.datetime):
        return as_of
    if isinstance(as_of, str):
        return as_of_time(parse_as_of(as_of))
    return as_of_time(as_of)


def open_workspace(path: str | Path | None = None) -> Workspace:
    """The workspace at `path` (a folder with fedxl.toml), or the nearest one above the current
    folder; its configuration and form are checked now (ConfigError / FormError otherwise)."""
    from fedxl.workspace import find_workspace

    ws = find_workspace(explicit=Path(path) if path is not None else None)
    ws.config  # noqa: B018 - load and check it now, not halfway through a job
    ws.form  # noqa: B018
    return ws


def check_file(path: str | Path, workspace: Workspace) -> Report:
    """Check one received file as ingest would, compared with the town's previous month in the
    store (nothing is recorded); `Report.to_dict()` is `fedxl check --json`."""
    from fedxl.checking import CheckContext
    from fedxl.checking import check_file as check
    from fedxl.submissions.history import with_history

    report = check(Path(path), CheckContext(workspace.form, workspace.config, forms=workspace.forms))
    return with_history(workspace, report)


def ingest(workspace: Workspace, paths: list[str | Path] | None = None, *, workers: int = 1,
           received_at: dt.datetime | None = None) -> IngestBatch:
    """Take in `paths` (default: everything in workbooks/inbox/): check, archive, record, feedback."""
    from fedxl.submissions import ingest as run

    files = [Path(p) for p in paths] if paths is not None else None
    return run(workspace, files, workers=workers, received_at=received_at)


def status(workspace: Workspace, month: str | None = None, *,
           as_of: dt.date | dt.datetime | str | None = None) -> StatusBoard:
    """The reporting board of `month` (default: the month now being collected) as of a day."""
    from fedxl.store import open_store
    from fedxl.submissions import resolve_month, status_board

    now = _now(as_of)
    chosen = resolve_month(workspace, month, now=now)
    with open_store(workspace, readonly=True) as store:
        return status_board(workspace.config, store, chosen, now=now)


def metrics(workspace: Workspace, period: str | Period, *,
            as_of: dt.date | dt.datetime | str | None = None) -> Summary:
    """The official figures of a month (`2026-06`), a half (`2026H1`) or a year (`2026`);
    `.to_dict()` is `fedxl metrics --json`. A period without an accepted ledger is refused."""
    from fedxl.form.periods import parse_period
    from fedxl.merging import period_figures

    chosen = parse_period(period) if isinstance(period, str) else period
    return period_figures(workspace, chosen, now=_now(as_of))


def month_tables(workspace: Workspace, month: str, *,
                 as_of: dt.date | dt.datetime | str | None = None) -> dict[str, pd.DataFrame]:
    """Each ledger table of the month's effective submissions as a pandas DataFrame: `镇街` first,
    typed columns (Int64 integers, float money, dates as dates), then 来源文件 and 原行号."""
    from fedxl.form.periods import Month, month_arg
    from fedxl.merging.tables import month_tables as tables
    from fedxl.store import open_store

    chosen = month_arg(month)
    form = workspace.forms.for_year(Month.of(chosen).year)  # the month's year's form
    with open_store(workspace, form=form, readonly=True) as store:
        return tables(form, store, [t.names for t in workspace.config.towns_due(chosen)], chosen,
                      by=_now(as_of).isoformat())


def export(workspace: Workspace, month: str, fmt: str = "csv", out: str | Path | None = None) -> list[Path]:
    """`fedxl export`: one file per table of `month_tables` (csv in UTF-8 with BOM, xlsx, parquet)
    in `out` (default workbooks/exports/)."""
    from fedxl.form.periods import month_arg
    from fedxl.merging.tables import export_tables

    chosen = month_arg(month)
    folder = Path(out) if out is not None else workspace.folder("exports")
    return export_tables(month_tables(workspace, chosen), chosen, fmt, folder,
                         prefix=f"{workspace.config.district.name}_")


def merge(workspace: Workspace, month: str | None = None, *,
          as_of: dt.date | dt.datetime | str | None = None) -> MergeResult:
    """Write the district summary workbook of `month` (default: the latest with accepted data)."""
    from fedxl.merging import merge as run
    from fedxl.submissions import resolve_month

    now = _now(as_of)
    return run(workspace, resolve_month(workspace, month, latest_data=True, now=now), now=now)


def report(workspace: Workspace, kind: str, period: str, *, pdf: bool = False,
           as_of: dt.date | dt.datetime | str | None = None, dump_context: str | Path | None = None) -> ReportResult:
    """Write a Word report: kind `briefing` or `reminder` with a month, `half-year` with 2026H1
    (`dump_context`: also write the template's variables as JSON there)."""
    from fedxl.reports import make_report

    return make_report(workspace, kind, period, pdf=pdf, now=_now(as_of),
                       dump_context=Path(dump_context) if dump_context is not None else None)


def links(workspace: Workspace, *, base_url: str | None = None, renew: str | None = None) -> dict[str, Any]:
    """Each town's private upload link and the admin link (`fedxl links --json`):
    `{"towns": [{"town", "url", "token"}], "admin": {"url", "token"}}`; `renew`: a town (or
    "admin") whose link is replaced now. Without `base_url`: the address the last `fedxl serve`
    printed, else this PC's LAN address on port 8750."""
    from fedxl.web import town_links

    towns, admin = town_links(workspace, base_url=base_url, renew=renew)
    return {"towns": [{"town": x.town, "url": x.url, "token": x.token} for x in towns],
            "admin": {"url": admin.url, "token": admin.token}}


def serve(workspace: Workspace, *, host: str = "127.0.0.1", port: int = 8750,
          on_ready: Callable[[dict[str, Any]], None] | None = None, debug: bool = False,
          on_upload: Callable[[str], None] | None = None) -> None:
    """Run the web intake until Ctrl+C (needs `fedxl[web]`); `on_ready` gets the addresses,
    `on_upload` a line per upload taken in; `debug`: tracebacks of unexpected errors too."""
    from fedxl.web import serve as run

    run(workspace, host=host, port=port, on_ready=on_ready, debug=debug, on_upload=on_upload)


__all__ = ["check_file", "export", "ingest", "links", "merge", "metrics", "month_tables", "open_workspace", "report",
           "serve", "status"]
