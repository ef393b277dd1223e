"""The public library API (re-exported by `fedxl/__init__.py`): what a Python session, the CLI, the
web pages and the Excel buttons call. The faces (fedxl/cli, fedxl/web, fedxl/excel) import
nothing of fedxl but this module, `fedxl.errors`, `fedxl.i18n` and their own package
(tests/test_one_path.py checks it): what they need to render — the result types, the month and
date words — is named at the end of this module. Everything else in fedxl is an implementation
detail that may move.

    import fedxl
    ws = fedxl.open_workspace("D:/台账工作区")
    tables = fedxl.month_tables(ws, "2026-06")        # {"活动台账": DataFrame, ...}
    figures = fedxl.metrics(ws, "2026H1").to_dict()  # the official figures of the half

Every function imports what it needs when called, so `import fedxl` stays cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from fedxl.access import (
        ADMIN as ADMIN,
    )
    from fedxl.access import (
        DEFAULT_PORT as DEFAULT_PORT,
    )
    from fedxl.access import (
        Link as Link,
    )
    from fedxl.access import (
        Links as Links,
    )
    from fedxl.access import (
        RateLimit as RateLimit,
    )
    from fedxl.access import (
        TownLink as TownLink,
    )
    from fedxl.access import (
        csrf_value as csrf_value,
    )
    from fedxl.access import (
        default_base_url as default_base_url,
    )
    from fedxl.access import (
        lan_address as lan_address,
    )
    from fedxl.access import (
        remember_base_url as remember_base_url,
    )
    from fedxl.access import (
        session_value as session_value,
    )
    from fedxl.access import (
        town_links as town_links,
    )
    from fedxl.blank import BlankLedger
    from fedxl.checking import Origin as Origin
    from fedxl.checking.findings import finding as finding
    from fedxl.checking.findings import shown as shown
    from fedxl.checking.report import Batch as Batch
    from fedxl.checking.report import CheckResult as CheckResult
    from fedxl.city import City as City
    from fedxl.city import CityBoard as CityBoard
    from fedxl.city import CityMergeResult as CityMergeResult
    from fedxl.city import CitySummary as CitySummary
    from fedxl.errors import FedxlError
    from fedxl.feedback.plan import FeedbackPlan as FeedbackPlan
    from fedxl.feedback.plan import plan_feedback as plan_feedback
    from fedxl.feedback.plan import result_heads as result_heads
    from fedxl.files.atomic import write_bytes_atomic as write_bytes_atomic
    from fedxl.files.atomic import write_text_atomic as write_text_atomic
    from fedxl.files.atomic import write_with as write_with
    from fedxl.form.periods import Month as Month
    from fedxl.form.periods import Period as Period
    from fedxl.form.periods import as_of_time as as_of_time
    from fedxl.form.periods import cn_date as cn_date
    from fedxl.form.periods import cn_moment as cn_moment
    from fedxl.form.periods import cn_month as cn_month
    from fedxl.form.periods import due_month as due_month
    from fedxl.form.periods import month_arg as month_arg
    from fedxl.form.periods import parse_as_of as parse_as_of
    from fedxl.form.periods import parse_half as parse_half
    from fedxl.form.periods import parse_year as parse_year
    from fedxl.form.periods import template_month as template_month
    from fedxl.jobs.demo import DemoResult
    from fedxl.jobs.demo_data import NEW_TOWN as NEW_TOWN
    from fedxl.jobs.run import RunResult
    from fedxl.merging import MergeResult, Summary
    from fedxl.reading.locate import RESULT_SHEET as RESULT_SHEET
    from fedxl.reports import ReportResult
    from fedxl.reports.lint import LintIssue
    from fedxl.store import Decision as Decision
    from fedxl.store import Submission as Submission
    from fedxl.submissions import IngestBatch as IngestBatch
    from fedxl.submissions import IngestResult as IngestResult
    from fedxl.submissions import StatusBoard as StatusBoard
    from fedxl.submissions.changes import Changes as Changes
    from fedxl.submissions.decisions import DecisionResult as DecisionResult
    from fedxl.submissions.find import Found as Found
    from fedxl.submissions.rebuild import RebuildResult
    from fedxl.submissions.recheck import RecheckResult as RecheckResult
    from fedxl.wording import percent as percent
    from fedxl.workspace import Workspace as Workspace
    from fedxl.xlsx.safe import is_risky as is_risky


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


def check_file(path: str | Path, workspace: Workspace) -> CheckResult:
    """Check one received file as ingest would, compared with the town's previous month in the
    store (nothing is recorded); `CheckResult.to_dict()` is `fedxl check --json`."""
    from fedxl.checking import CheckContext
    from fedxl.checking import check_file as check
    from fedxl.submissions.history import with_history

    report = check(
        Path(path), CheckContext(workspace.form, workspace.config, forms=workspace.forms)
    )
    return with_history(workspace, report)


def ingest(
    workspace: Workspace,
    paths: Sequence[str | Path] | None = None,
    *,
    workers: int = 1,
    received_at: dt.datetime | None = None,
    on_done: Callable[[IngestResult], None] | None = None,
    origins: dict[Path, Origin] | None = None,
    start_method: str | None = None,
) -> IngestBatch:
    """Take in `paths` (default: everything in workbooks/inbox/): check, archive, record, feedback.
    `on_done`: called with each file's result as it is recorded; `origins`: the name a town gave
    a file stored under fedxl's own name, and the town whose link sent it (web uploads)."""
    from fedxl.submissions import ingest as run

    files = [Path(p) for p in paths] if paths is not None else None
    return run(
        workspace,
        files,
        workers=workers,
        received_at=received_at,
        on_done=on_done,
        origins=origins,
        start_method=start_method,
    )


def status(
    workspace: Workspace,
    month: str | None = None,
    *,
    as_of: dt.date | dt.datetime | str | None = None,
) -> StatusBoard:
    """The reporting board of `month` (default: the month now being collected) as of a day."""
    from fedxl.store import open_store
    from fedxl.submissions import resolve_month, status_board

    now = _now(as_of)
    chosen = resolve_month(workspace, month, now=now)
    with open_store(workspace, readonly=True) as store:
        return status_board(workspace.config, store, chosen, now=now)


def metrics(
    workspace: Workspace, period: str | Period, *, as_of: dt.date | dt.datetime | str | None = None
) -> Summary:
    """The official figures of a month (`2026-06`), a half (`2026H1`) or a year (`2026`);
    `.to_dict()` is `fedxl metrics --json`. A period without an accepted ledger is refused."""
    from fedxl.form.periods import parse_period
    from fedxl.merging import period_figures

    chosen = parse_period(period) if isinstance(period, str) else period
    return period_figures(workspace, chosen, now=_now(as_of))


def month_tables(
    workspace: Workspace, month: str, *, as_of: dt.date | dt.datetime | str | None = None
) -> dict[str, pd.DataFrame]:
    """Each ledger table of the month's effective submissions as a pandas DataFrame: `镇街` first,
    typed columns (Int64 integers, float money, dates as dates), then 来源文件 and 原行号."""
    from fedxl.form.periods import Month, month_arg
    from fedxl.merging.tables import month_tables as tables
    from fedxl.store import open_store

    chosen = month_arg(month)
    form = workspace.forms.for_year(Month.of(chosen).year)  # the month's year's form
    with open_store(workspace, form=form, readonly=True) as store:
        return tables(
            form,
            store,
            [t.names for t in workspace.config.towns_due(chosen)],
            chosen,
            by=_now(as_of).isoformat(),
        )


def export(
    workspace: Workspace, month: str, fmt: str = "csv", out: str | Path | None = None
) -> list[Path]:
    """`fedxl export`: one file per table of `month_tables` (csv in UTF-8 with BOM, xlsx, parquet)
    in `out` (default workbooks/exports/)."""
    from fedxl.form.periods import month_arg
    from fedxl.merging.tables import export_tables

    chosen = month_arg(month)
    folder = Path(out) if out is not None else workspace.folder("exports")
    return export_tables(
        month_tables(workspace, chosen),
        chosen,
        fmt,
        folder,
        prefix=f"{workspace.config.district.name}_",
    )


def merge(
    workspace: Workspace,
    month: str | None = None,
    *,
    as_of: dt.date | dt.datetime | str | None = None,
) -> MergeResult:
    """Write the district summary workbook of `month` (default: the latest with accepted data)."""
    from fedxl.merging import merge as run
    from fedxl.submissions import resolve_month

    now = _now(as_of)
    return run(workspace, resolve_month(workspace, month, latest_data=True, now=now), now=now)


def report(
    workspace: Workspace,
    kind: str,
    period: str,
    *,
    pdf: bool = False,
    as_of: dt.date | dt.datetime | str | None = None,
    dump_context: str | Path | None = None,
) -> ReportResult:
    """Write a Word report: kind `briefing` or `reminder` with a month, `half-year` with 2026H1
    (`dump_context`: also write the template's variables as JSON there)."""
    from fedxl.reports import make_report

    return make_report(
        workspace,
        kind,
        period,
        pdf=pdf,
        now=_now(as_of),
        dump_context=Path(dump_context) if dump_context is not None else None,
    )


def links(
    workspace: Workspace,
    *,
    base_url: str | None = None,
    renew: str | None = None,
    renewed_by: str | None = None,
) -> dict[str, Any]:
    """Each town's private upload link and the admin link (`fedxl links --json`):
    `{"towns": [{"town", "url", "token"}], "admin": {"url", "token"}}`; `renew`: a town (or
    "admin") whose link is replaced now, kept in the log as done by `renewed_by` (default: the
    account running this). Without `base_url`: the address the last `fedxl serve` printed, else
    this PC's LAN address on port 8750."""
    from fedxl.access import town_links

    towns, admin = town_links(workspace, base_url=base_url, renew=renew)
    if renew is not None:  # a renewed link is kept in the log of decisions
        from fedxl.access import ADMIN
        from fedxl.submissions.decisions import note_link_renewed

        scope = ADMIN if renew == "admin" else renew
        found = workspace.config.find_town(scope)
        note_link_renewed(workspace, found.name if found else scope, who=renewed_by)
    return {
        "towns": [{"town": x.town, "url": x.url, "token": x.token} for x in towns],
        "admin": {"url": admin.url, "token": admin.token},
    }


def serve(
    workspace: Workspace,
    *,
    host: str = "127.0.0.1",
    port: int = 8750,
    on_ready: Callable[[dict[str, Any]], None] | None = None,
    debug: bool = False,
    on_upload: Callable[[str], None] | None = None,
) -> None:
    """Run the web intake until Ctrl+C (needs `fedxl[web]`); `on_ready` gets the addresses,
    `on_upload` a line per upload taken in; `debug`: tracebacks of unexpected errors too."""
    from fedxl.web import serve as run

    run(workspace, host=host, port=port, on_ready=on_ready, debug=debug, on_upload=on_upload)


def init_workspace(
    path: str | Path,
    *,
    force: bool = False,
    year: int | None = None,
    district: str | None = None,
    towns: list[str] | None = None,
) -> Workspace:
    """`fedxl init`: a new workspace with a commented fedxl.toml (the district and its towns, or
    the example 振兴区), templates and empty folders."""
    from fedxl.jobs.setup import init_workspace as make

    return make(Path(path), force=force, year=year, district=district, towns=towns)


def template(
    workspace: Workspace, towns: list[str] | None, month: str | None = None, *, fresh: bool = False
) -> list[BlankLedger]:
    """`fedxl template`: each town's blank ledger of `month` (default: this month; any year, so
    January's blanks can be made in December) in workbooks/blank/. `towns`: names as the
    register or a town writes them (UsageError for one it does not know); None: every town due
    that month. Rolled forward from the town's latest accepted ledger unless `fresh`."""
    from fedxl.blank import make_blank_ledgers
    from fedxl.errors import UsageError
    from fedxl.form.periods import Month, template_month

    this = Month.containing(dt.date.today())
    year, number = template_month(month) if month else (this.year, this.number)
    config = workspace.config
    if towns is None:
        # the towns that report that month
        chosen = list(config.towns_due(str(Month(year, number))))
    else:
        chosen = []
        for name in towns:
            found = config.find_town(name)
            if found is None:
                raise UsageError(
                    "template.town_unknown",
                    town=name,
                    towns="、".join(x.name for x in config.towns),
                )
            chosen.append(found)
    _ = workspace.form  # the form file is checked before anything is written
    return make_blank_ledgers(workspace, chosen, year, number, roll_forward=not fresh)


def month_meant(
    workspace: Workspace,
    month: str | None,
    *,
    latest_data: bool = False,
    as_of: dt.date | dt.datetime | str | None = None,
) -> str:
    """The month a command means: `month` as typed (2026-06, 202606, 2026年6月 …), else for a board
    the month now being collected, and with `latest_data` the latest month with accepted ledgers."""
    from fedxl.submissions import resolve_month

    return resolve_month(workspace, month, latest_data=latest_data, now=_now(as_of))


def months(workspace: Workspace) -> list[str]:
    """The months that have submissions, in order."""
    from fedxl.store import open_store, store_exists

    if not store_exists(workspace):
        return []
    with open_store(workspace, readonly=True) as store:
        return store.months()


def submissions(
    workspace: Workspace, *, town: str | None = None, month: str | None = None
) -> list[Submission]:
    """The recorded submissions in the order they came (`town`: by any of its names, former ones
    too)."""
    from fedxl.store import open_store, store_exists

    if not store_exists(workspace):
        return []
    with open_store(workspace, readonly=True) as store:
        names = workspace.config.names_of(town) if town is not None else None
        return store.submissions(town=names, month=month)


def submission(workspace: Workspace, submission_id: int) -> Submission | None:
    from fedxl.store import open_store, store_exists

    if not store_exists(workspace):
        return None
    with open_store(workspace, readonly=True) as store:
        return store.get(submission_id)


def stored_report(workspace: Workspace, sub: Submission) -> CheckResult:
    """The check result a submission was recorded with (its findings; no records)."""
    from fedxl.store import open_store
    from fedxl.submissions.record import report_from_store

    with open_store(workspace, readonly=True) as store:
        return report_from_store(store, sub, sub.original_name)


def duplicate_note(
    workspace: Workspace,
    earlier: Submission,
    *,
    sender: str | None = None,
    as_of: dt.date | dt.datetime | str | None = None,
) -> str:
    """What is said of a file whose bytes are `earlier`'s: its town, month and day, whether it is
    another town's file than `sender`'s, and the month the town still owes (as of `as_of`)."""
    from fedxl.store import open_store
    from fedxl.submissions.duplicates import duplicate_note as note

    with open_store(workspace, readonly=True) as store:
        return note(store, workspace.config, earlier, sender=sender, now=_now(as_of))


def void(
    workspace: Workspace,
    submission_id: int,
    *,
    reason: str = "",
    undo: bool = False,
    who: str | None = None,
) -> DecisionResult:
    """作废 a submission sent by mistake (`reason` required): out of effect, nothing deleted;
    `undo` puts it back."""
    from fedxl.submissions.decisions import void as decide

    return decide(workspace, submission_id, reason=reason, undo=undo, who=who)


def extend(
    workspace: Workspace,
    town: str,
    month: str,
    *,
    until: dt.date | str,
    reason: str,
    who: str | None = None,
) -> DecisionResult:
    """展期: `town`'s own last day for `month` (`until`: a date, or 2026-08-15 as text)."""
    from fedxl.form.periods import month_arg
    from fedxl.submissions.decisions import extend as decide

    day = _date_arg(until)
    return decide(workspace, town, month_arg(month), until=day, reason=reason, who=who)


def approve(workspace: Workspace, submission_id: int, *, who: str | None = None) -> DecisionResult:
    """审核通过: the town's month locked with this submission until `reopen`."""
    from fedxl.submissions.decisions import approve as decide

    return decide(workspace, submission_id, who=who)


def accept_warning(
    workspace: Workspace,
    submission_id: int,
    number: int,
    *,
    reason: str = "",
    who: str | None = None,
) -> DecisionResult:
    """已核实: warning `number` (its 序号 in the submission's 校验结果) is not raised again for
    the same value."""
    from fedxl.submissions.decisions import accept_warning as decide

    return decide(workspace, submission_id, number, reason=reason, who=who)


def send_back(
    workspace: Workspace, submission_id: int, *, reason: str, who: str | None = None
) -> DecisionResult:
    """退回 an accepted submission with the reason the town will read."""
    from fedxl.submissions.decisions import send_back as decide

    return decide(workspace, submission_id, reason=reason, who=who)


def reopen(
    workspace: Workspace, town: str, month: str, *, reason: str = "", who: str | None = None
) -> DecisionResult:
    """重新开放 a locked month; files refused meanwhile are judged again."""
    from fedxl.form.periods import month_arg
    from fedxl.submissions.decisions import reopen as decide

    return decide(workspace, town, month_arg(month), reason=reason, who=who)


def decisions(
    workspace: Workspace, *, town: str | None = None, month: str | None = None
) -> list[Decision]:
    """The log of decisions, in the order made (`fedxl log`)."""
    from fedxl.form.periods import month_arg
    from fedxl.submissions.decisions import decisions_log

    return decisions_log(
        workspace, town=town, month=month_arg(month) if month is not None else None
    )


def changes(
    workspace: Workspace,
    *,
    town: str | None = None,
    month: str | None = None,
    submission_id: int | None = None,
) -> Changes:
    """What a town changed (`fedxl changes`): its effective ledger of `month` (or submission
    `submission_id`) against the one in effect before it."""
    from fedxl.errors import UsageError
    from fedxl.form.periods import month_arg
    from fedxl.store import open_store
    from fedxl.submissions.changes import changes_of

    with open_store(workspace, readonly=True) as store:
        if submission_id is not None:
            sub = store.get(submission_id)
            if sub is None:
                raise UsageError("decide.no_submission", id=submission_id)
        else:
            if town is None or month is None:
                raise UsageError("changes.need")
            found = workspace.config.find_town(town)
            if found is None:
                raise UsageError("links.unknown_town", town=town)
            sub = store.effective(found.names, month_arg(month))
            if sub is None:
                raise UsageError("changes.none", town=found.name, month=month_arg(month))
        return changes_of(store, workspace, sub)


def recheck(
    workspace: Workspace,
    *,
    month: str | None = None,
    town: str | None = None,
    who: str | None = None,
) -> RecheckResult:
    """Check stored submissions again with the current form and register (`fedxl recheck`):
    what now passes or fails, and which submission is now effective; the earlier results stay
    in the log."""
    from fedxl.form.periods import month_arg
    from fedxl.submissions.recheck import recheck as run

    if town is not None and workspace.config.find_town(town) is None:
        from fedxl.errors import UsageError

        raise UsageError("links.unknown_town", town=town)
    return run(
        workspace,
        month=month_arg(month) if month is not None else None,
        town=town,
        who=who,
    )


def find(workspace: Workspace, text: str) -> list[Found]:
    """An organisation, person, phone or credit code across towns and months (`fedxl find`):
    where an organisation is now and its history month by month; where a person is named."""
    from fedxl.store import open_store, store_exists
    from fedxl.submissions.find import find as search

    if not store_exists(workspace):
        return []
    with open_store(workspace, readonly=True) as store:
        return search(store, workspace, text)


def _date_arg(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    from fedxl.errors import UsageError
    from fedxl.form.periods import parse_as_of

    try:
        day = parse_as_of(value)
    except UsageError:
        day = None
    if day is None:
        raise UsageError("decide.bad_date", value=value)
    return day


def has_feedback(workspace: Workspace, sub: Submission, *, changed: bool = False) -> bool:
    """Whether the submission has a marked copy to give back: errors or warnings, or (`changed`:
    the caller found that it changed something, `Changes.sheet_lines()`) a clean ledger in effect,
    whose copy has the 与上月对比 sheet."""
    from fedxl.submissions.feedback import has_feedback as has

    return has(workspace, sub, changed=changed)


def feedback(workspace: Workspace, sub: Submission) -> tuple[str, bytes] | None:
    """The marked copy of exactly this submission (its file name and bytes), made from its archived
    file and stored findings the first time it is asked for, then kept; None when it has none."""
    from fedxl.feedback import feedback_name
    from fedxl.submissions.feedback import feedback_bytes

    data = feedback_bytes(workspace, sub)
    return (feedback_name(Path(sub.original_name), sub.town, sub.month), data) if data else None


def annotate(workspace: Workspace, path: str | Path, checked: CheckResult) -> Path | None:
    """`fedxl check --annotate`: the marked copy of a checked file in workbooks/feedback/ (the file
    itself is never changed); None when it has nothing to mark. A copy that cannot be made is
    the file's `feedback-failed` finding (added to `checked`), never an exception."""
    from fedxl.checking.findings import finding
    from fedxl.feedback import write_feedback_for
    from fedxl.isolation import explain

    if not checked.needs_feedback:
        return None
    try:
        return write_feedback_for(workspace, Path(path), checked)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for odd files; a dead worker too
        checked.findings.append(finding("feedback-failed", detail=explain(exc)))
        return None


def store_fault(exc: BaseException, label: str | None = None) -> FedxlError | None:
    """The store's own fault behind an exception that escaped (full, read-only, damaged, the
    server gone …), from either engine, or None. `label`: what to call the store."""
    from fedxl.store.backend import fault

    return fault(exc, label)


def rebuild(workspace: Workspace) -> RebuildResult:
    """`fedxl rebuild`: the store made again from the archive (the old one kept beside it)."""
    from fedxl.submissions.rebuild import rebuild as run

    return run(workspace)


def run_job(
    workspace: Workspace,
    month: str | None = None,
    *,
    reports: bool = False,
    workers: int = 2,
    on_ingested: Callable[[IngestResult], None] | None = None,
) -> RunResult:
    """`fedxl run`: the morning job (ingest the inbox, merge when something changed, log a line)."""
    from fedxl.jobs.run import run_job as run

    return run(workspace, month, reports=reports, workers=workers, on_ingested=on_ingested)


def open_city(path: str | Path | None = None) -> City:
    """A city's workspace (`[city]` in its fedxl.toml): at `path`, or the nearest one above the
    current folder; its configuration checked now."""
    from fedxl.city import open_city as find

    return find(path)


def city_status(
    city: City, month: str | None = None, *, as_of: dt.date | dt.datetime | str | None = None
) -> CityBoard:
    """`fedxl city status`: each district's board of `month` (default: the month being
    collected) and the city's rates."""
    from fedxl.city import city_status as board
    from fedxl.form.periods import due_month, month_arg

    now = _now(as_of)
    chosen = month_arg(month) if month is not None else due_month(now.date())
    return board(city, chosen, now=now)


def city_month(city: City, *, as_of: dt.date | dt.datetime | str | None = None) -> str:
    """The month city figures mean without `--month`: the latest any district has data of."""
    from fedxl.city import latest_month
    from fedxl.errors import UsageError

    found = latest_month(city, now=_now(as_of))
    if found is None:
        raise UsageError("city.no_data", city=city.config.name)
    return found


def city_metrics(
    city: City, period: str | Period, *, as_of: dt.date | dt.datetime | str | None = None
) -> CitySummary:
    """`fedxl city metrics`: each district's figures of a month, half or year (the districts'
    own 口径, all ending at the same day) and the city's, rates recomputed."""
    from fedxl.city import city_metrics as figures
    from fedxl.form.periods import parse_period

    chosen = parse_period(period) if isinstance(period, str) else period
    return figures(city, chosen, now=_now(as_of))


def city_merge(
    city: City, month: str | None = None, *, as_of: dt.date | dt.datetime | str | None = None
) -> CityMergeResult:
    """`fedxl city merge`: the city's 汇总表 of `month` (default: the latest any district has
    data of)."""
    from fedxl.city import city_merge as run
    from fedxl.form.periods import month_arg

    now = _now(as_of)
    chosen = month_arg(month) if month is not None else city_month(city, as_of=now)
    return run(city, chosen, now=now)


def city_report(
    city: City,
    kind: str = "briefing",
    month: str | None = None,
    *,
    pdf: bool = False,
    as_of: dt.date | dt.datetime | str | None = None,
) -> ReportResult:
    """`fedxl city report briefing`: the city's 工作简报 of `month` (default: the latest any
    district has data of)."""
    from fedxl.city import city_briefing
    from fedxl.errors import UsageError
    from fedxl.form.periods import month_arg

    if kind != "briefing":
        raise UsageError("city.report_kind", kind=kind)
    now = _now(as_of)
    chosen = month_arg(month) if month is not None else city_month(city, as_of=now)
    return city_briefing(city, chosen, now=now, pdf=pdf)


def city_link(city: City, *, base_url: str | None = None, renew: bool = False) -> dict[str, str]:
    """The city's private page link (`fedxl city serve`): {"url", "token"}; `renew` replaces it
    (the old one, and every session opened with it, stop working)."""
    from fedxl.access import lan_address
    from fedxl.city.link import DEFAULT_CITY_PORT, city_token

    token = city_token(city, renew=renew)
    base = (base_url or f"http://{lan_address()}:{DEFAULT_CITY_PORT}").rstrip("/")
    return {"url": f"{base}/c/{token}", "token": token}


def city_serve(
    city: City,
    *,
    host: str = "127.0.0.1",
    port: int = 8760,
    renew: bool = False,
    on_ready: Callable[[dict[str, str]], None] | None = None,
) -> None:
    """`fedxl city serve`: the city's read-only page until Ctrl+C (needs `fedxl[web]`);
    `on_ready` gets its link."""
    from fedxl.web.city import serve_city

    serve_city(city, host=host, port=port, renew=renew, on_ready=on_ready)


def city_token_ok(city: City, token: str | None) -> bool:
    """Whether `token` opens the city's page."""
    from fedxl.city.link import city_token_ok as ok

    return ok(city, token)


def city_session(city: City) -> str | None:
    """The value of the city page's session cookie for the current link."""
    from fedxl.city.link import city_session as value

    return value(city)


def log_line(
    workspace: Workspace | str | Path | None,
    text: str,
    *,
    failed: bool = False,
    name: str | None = None,
) -> None:
    """One line in workbooks/fedxl.log (the job's log; `name`: another log there, web.log). A folder
    (or None: the nearest above) is enough, so a fedxl.toml that cannot be read still leaves its
    line."""
    from fedxl.jobs.run import LOG_NAME
    from fedxl.jobs.run import log_line as write
    from fedxl.workspace import Workspace, find_workspace

    if not isinstance(workspace, Workspace):
        workspace = find_workspace(explicit=Path(workspace) if workspace is not None else None)
    write(workspace, text, failed=failed, name=name or LOG_NAME)


def inbox(workspace: Workspace) -> tuple[list[Path], list[Path]]:
    """The files waiting in workbooks/inbox/, and those that are not ledgers (left alone)."""
    from fedxl.submissions import inbox_files, inbox_skipped

    return inbox_files(workspace), inbox_skipped(workspace)


def schedule(workspace: str | Path, at: str, *, write: bool = False) -> tuple[str, Path | None]:
    """`fedxl schedule`: how to run the morning job at `at` on this PC (and the Windows task file)
    ."""
    from fedxl.jobs.schedule import schedule_text, write_task

    return schedule_text(Path(workspace), at), (write_task(Path(workspace), at) if write else None)


def demo(
    root: str | Path, *, pdf: bool = True, step: Callable[[str], None] | None = None
) -> DemoResult:
    """`fedxl demo`: the fictional district's cycle, across a year (fedxl.jobs.demo)."""
    from fedxl.jobs.demo import run_demo

    return run_demo(Path(root), pdf=pdf, step=step)


def lint_template(path: str | Path) -> list[LintIssue]:
    """`fedxl report --check-template`: what in a Word template would not render."""
    from fedxl.reports.lint import lint_template as lint

    return lint(Path(path))


def excel_setup(workspace: Workspace, folder: str | Path | None = None) -> Path:
    """`fedxl excel-setup`: the Excel button workbook fedxl_buttons.xlsm (needs `fedxl[excel]`)."""
    from fedxl.excel.setup import excel_setup as make

    return make(workspace.root, Path(folder) if folder is not None else workspace.root)


# --- what the faces render with: result types and the words for months and dates, loaded when
# first named (`from fedxl.api import Month`), so that `import fedxl` stays cheap.
_NAMES = {
    "Workspace": "fedxl.workspace",
    "Month": "fedxl.form.periods",
    "Period": "fedxl.form.periods",
    "cn_date": "fedxl.form.periods",
    "cn_moment": "fedxl.form.periods",
    "cn_month": "fedxl.form.periods",
    "due_month": "fedxl.form.periods",
    "month_arg": "fedxl.form.periods",
    "parse_as_of": "fedxl.form.periods",
    "as_of_time": "fedxl.form.periods",
    "parse_half": "fedxl.form.periods",
    "parse_year": "fedxl.form.periods",
    "template_month": "fedxl.form.periods",
    "CheckResult": "fedxl.checking.report",
    "Batch": "fedxl.checking.report",
    "Origin": "fedxl.checking",
    "finding": "fedxl.checking.findings",
    "shown": "fedxl.checking.findings",
    "Submission": "fedxl.store",
    "Decision": "fedxl.store",
    "DecisionResult": "fedxl.submissions.decisions",
    "Changes": "fedxl.submissions.changes",
    "City": "fedxl.city",
    "CityBoard": "fedxl.city",
    "CityMergeResult": "fedxl.city",
    "CitySummary": "fedxl.city",
    "Found": "fedxl.submissions.find",
    "RecheckResult": "fedxl.submissions.recheck",
    "IngestBatch": "fedxl.submissions",
    "IngestResult": "fedxl.submissions",
    "StatusBoard": "fedxl.submissions",
    "FeedbackPlan": "fedxl.feedback.plan",
    "plan_feedback": "fedxl.feedback.plan",
    "result_heads": "fedxl.feedback.plan",
    "RESULT_SHEET": "fedxl.reading.locate",
    "is_risky": "fedxl.xlsx.safe",
    "write_text_atomic": "fedxl.files.atomic",
    "write_bytes_atomic": "fedxl.files.atomic",
    "write_with": "fedxl.files.atomic",
    "Links": "fedxl.access",
    "Link": "fedxl.access",
    "RateLimit": "fedxl.access",
    "csrf_value": "fedxl.access",
    "session_value": "fedxl.access",
    "ADMIN": "fedxl.access",
    "TownLink": "fedxl.access",
    "town_links": "fedxl.access",
    "remember_base_url": "fedxl.access",
    "default_base_url": "fedxl.access",
    "lan_address": "fedxl.access",
    "DEFAULT_PORT": "fedxl.access",
    "NEW_TOWN": "fedxl.jobs.demo_data",
    "percent": "fedxl.wording",
}


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'fedxl.api' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "accept_warning",
    "annotate",
    "approve",
    "changes",
    "city_link",
    "city_merge",
    "city_metrics",
    "city_month",
    "city_report",
    "city_serve",
    "city_session",
    "city_status",
    "city_token_ok",
    "decisions",
    "check_file",
    "demo",
    "duplicate_note",
    "excel_setup",
    "export",
    "extend",
    "find",
    "feedback",
    "has_feedback",
    "inbox",
    "ingest",
    "init_workspace",
    "links",
    "lint_template",
    "log_line",
    "merge",
    "metrics",
    "month_meant",
    "month_tables",
    "months",
    "open_city",
    "open_workspace",
    "rebuild",
    "recheck",
    "reopen",
    "report",
    "run_job",
    "schedule",
    "send_back",
    "serve",
    "status",
    "store_fault",
    "stored_report",
    "submission",
    "submissions",
    "template",
    "void",
]
