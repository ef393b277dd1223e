"""Check a received ledger workbook against the form and return a CheckResult."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fedxl.checking.cells import Reported, cell_ref, check_cell
from fedxl.checking.findings import Finding, finding
from fedxl.checking.identify import identify_town, month_in_filename
from fedxl.checking.info import read_info, title_town
from fedxl.checking.keys import check_references, check_unique
from fedxl.checking.report import CheckResult
from fedxl.checking.table import TableResult, check_table
from fedxl.files.atomic import sha256_of
from fedxl.form import Form
from fedxl.form.periods import Month, cn_date
from fedxl.form.values import parse_date, parse_month, parse_text
from fedxl.form.years import Forms
from fedxl.reading.book import RawBook, RawSheet, read_book
from fedxl.reading.headers import norm_label
from fedxl.reading.locate import Located, locate
from fedxl.reading.sniff import OS_HINT, ReadFailure
from fedxl.workspace.config import Config
from fedxl.workspace.limits import Limits


@dataclass
class CheckContext:
    form: Form
    config: Config
    limits: Limits | None = None  # default: the workspace's [limits]
    forms: Forms | None = None  # the form of each year; `form` serves every year when None

    def form_for(self, month: str | None) -> Form:
        """The form of a ledger of `month` (its year's form.toml or form-YYYY.toml)."""
        if self.forms is None or month is None:
            return self.form
        return self.forms.for_year(Month.of(month).year)

    @property
    def active_limits(self) -> Limits:
        return self.limits or self.config.limits


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Checking allocates many short-lived rows; cyclic GC passes over them only cost time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class Origin:
    """Where a file came from when its path says nothing: a web upload is stored under a name of
    fedxl's own, so the name the town gave it and the town whose link sent it travel beside it."""

    name: str
    town: str | None = None
    # when the district received it (None: today, a check before sending)
    received: dt.date | None = None
    sha256: str = ""  # its SHA-256 when the caller has hashed it already (not read again for that)


def check_file(
    path: Path, ctx: CheckContext, origin: Origin | None = None, *, keep_tables: bool = True
) -> CheckResult:
    """Check one file. Never raises for bad input: problems become findings.

    The file is read and checked in a limited worker process (fedxl.isolation): a file that makes
    the reader abort, panic or run out of memory or time is this file's `file-too-complex` (or
    `file-too-large`, when walking its cells shows why), and the caller goes on. `ctx` travels to
    the worker. The comparison with the town's previous month needs the store: the caller adds
    it (fedxl.submissions.history). `keep_tables=False`: the records stay in the worker (a caller
    that wants the findings only
    does not pay for shipping them back)."""
    from fedxl import isolation

    try:
        return isolation.run(check_here, path, ctx, origin, keep_tables, limits=ctx.active_limits)
    except isolation.WorkerFailed as exc:
        return _failed(path, ctx, origin, exc.reason)


def check_here(
    path: Path, ctx: CheckContext, origin: Origin | None = None, keep_tables: bool = True
) -> CheckResult:
    """`check_file` in this process: for a process that is itself a limited worker."""
    with gc_paused():
        report = _check_file(path, ctx, origin)
        if not keep_tables:
            report.tables = {}
    if origin is not None:
        report.file = origin.name
        if (
            report.town is None
            and origin.town
            and not any(f.code == "town-mismatch" for f in report.findings)
        ):
            report.town = origin.town  # an unreadable file is still that town's
    return report


def _failed(path: Path, ctx: CheckContext, origin: Origin | None, reason: str) -> CheckResult:
    """The report of a file whose worker died: why, when walking its cells (in a fresh worker)
    shows it over the limits, else `file-too-complex`."""
    from fedxl import isolation
    from fedxl.i18n import t
    from fedxl.reading.book import beyond_limits

    report = CheckResult(
        file=origin.name if origin else str(path),
        form_id=ctx.form.id,
        form_version=ctx.form.version,
        town=origin.town if origin else None,
        reader_failed=reason,
    )
    try:
        report.sha256 = sha256_of(path)
    except OSError:
        pass
    limits = ctx.active_limits
    try:
        over = isolation.run(beyond_limits, path, limits, limits=limits)
    except isolation.WorkerFailed:
        over = None
    if over is not None:
        report.findings.append(finding(over.code, detail=over.detail()))
    else:
        report.findings.append(finding("file-too-complex", detail=t(f"worker.{reason}")))
    return report


def not_a_regular_file(path: Path) -> str | None:
    """Why `path` must not be read (a link, a folder, a device…), or None for a regular file."""
    import stat

    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None  # missing or unreadable: reported by the reader in its own words
    if stat.S_ISLNK(mode):
        return "link"
    return None if stat.S_ISREG(mode) else "not-regular"


def _check_file(path: Path, ctx: CheckContext, origin: Origin | None) -> CheckResult:
    report = CheckResult(file=str(path), form_id=ctx.form.id, form_version=ctx.form.version)
    odd = not_a_regular_file(path)
    if odd is not None:  # never followed, never read
        report.findings.append(finding("file-link", detail=path.name))
        return report
    try:
        report.sha256 = (origin.sha256 if origin is not None else "") or sha256_of(path)
        book = read_book(path, ctx.active_limits, keep_zip=True)
    except OSError as exc:
        from fedxl.errors import os_reason

        report.findings.append(finding("file-unreadable", detail=os_reason(exc), hint_key=OS_HINT))
        return report
    except ReadFailure as exc:
        report.findings.append(finding(exc.code, detail=exc.detail(), hint_key=exc.hint_key))
        return report
    try:
        report.source_kind = book.kind
        report.cells = sum(
            len(raw.rows) * max(map(len, raw.rows), default=0) for raw in book.sheets
        )
        located = locate(book, ctx.form)
        year = ledger_year(located, ctx.form, ctx.config)
        if ctx.forms is not None and located.found_any:  # the form of the ledger's own year
            form = ctx.forms.for_year(year)
            if form is not ctx.form:
                ctx = dataclasses.replace(ctx, form=form)
                report.form_id, report.form_version = form.id, form.version
                located = locate(book, form)
        book.load_formulas([raw for raw, _ in located.tables.values()])
    finally:
        book.close()  # the zip, kept open for the formulas: never left holding the file
    report.sheet_names = {name: raw.name for name, (raw, _) in located.tables.items()}
    if located.info is not None and ctx.form.info_sheet is not None:
        report.sheet_names[ctx.form.info_sheet.name] = located.info.name
    if not located.found_any:
        report.findings.append(finding("form-unknown", title=ctx.form.title))
        return report
    _check_book(book, located, ctx, report, origin, year)
    report.findings += [  # a sheet found under another name: said, not fatal
        finding("sheet-renamed", sheet=name, value=own)
        for name, own in report.sheet_names.items()
        if norm_label(own) != norm_label(name)
    ]
    report.findings.extend(_live_formulas([raw for raw, _ in located.tables.values()]))
    report.cap(ctx.active_limits.max_findings)
    return report


def _check_book(
    book: RawBook,
    located: Located,
    ctx: CheckContext,
    report: CheckResult,
    origin: Origin | None,
    year: int,
) -> None:
    """`year`: the ledger's year (its 截至月份's, see ledger_year)."""
    form, config = ctx.form, ctx.config
    named = Path(origin.name) if origin else book.path
    head: list[Finding] = []
    body: list[Finding] = []
    info_sheet = form.info_sheet
    town_raw: str | None = None
    town_where: dict[str, Any] = {}
    month: str | None = None
    month_where: dict[str, Any] | None = None  # where 截至月份 was read (None: not from 基本信息)
    if info_sheet is not None and located.info is not None:
        cells = read_info(located.info, info_sheet)
        for col in info_sheet.columns:
            cell = cells.get(col.name)
            where: dict[str, Any] = {"sheet": located.info.name}
            if cell is not None:
                where.update(
                    row=cell.row0 + 1, column=col.name, cell=cell_ref(cell.row0, cell.col0)
                )
            if col.lookup == "town":
                town_raw = parse_text(cell.raw).value if cell else None
                town_where = dict(where, sheet=info_sheet.name)
                report.info[col.name] = town_raw
                continue
            if col.role == "period":
                parsed = parse_month(cell.raw) if cell else None
                if parsed is None or parsed.value is None:
                    head.append(
                        finding(
                            "period-unknown",
                            value=cell.raw if cell else None,
                            example=f"{year}-06",
                            **dict(where, sheet=info_sheet.name),
                        )
                    )
                    continue
            if cell is None:
                if col.required:
                    body.append(finding("required", sheet=info_sheet.name, column=col.name))
                continue
            res = check_cell(
                col,
                cell.raw,
                sheet=info_sheet.name,
                row0=cell.row0,
                col0=cell.col0,
                period=Reported(year, 12),
            )
            body.extend(res.findings)
            report.info[col.name] = res.value
            if col.role == "period" and not res.bad:
                month = res.value
                month_where = dict(where, sheet=info_sheet.name)
    elif info_sheet is not None:
        head.append(finding("period-unknown", example=f"{year}-06"))
    meta_month = book.metadata.get("month")
    if month is None:
        fallback = parse_month(meta_month).value if meta_month else None
        month = fallback or month_in_filename(named.stem)
    title = None
    for raw, layout in located.tables.values():
        title = title_town(raw, layout.header_row if layout else 5)
        if title:
            break
    town, town_findings = identify_town(
        config,
        meta=book.metadata.get("town"),
        info=town_raw,
        info_where=town_where,
        title=title,
        path=named,
        sender=origin.town if origin else None,
    )
    head.extend(town_findings)
    report.town = town.name if town else None
    report.period = month
    reported = Month.of(month) if month else None
    period = Reported(reported.year if reported else year, reported.number if reported else None)
    results: dict[str, TableResult] = {}
    for sheet in form.tables:
        if sheet.name not in located.tables:
            continue
        raw, layout = located.tables[sheet.name]
        result = check_table(sheet, raw, layout, period)
        result.findings.extend(check_unique(sheet, result))
        results[sheet.name] = result
    refs = check_references(form, results, town.names if town else ())
    for name in located.missing:
        head.append(finding("sheet-missing", sheet=name))
    for raw in located.unknown:
        head.append(finding("sheet-unknown", sheet=raw.name))
    head.extend(_period_behind(month, named, results, month_where))
    received = origin.received if origin is not None and origin.received else dt.date.today()
    # a January ledger received in December
    if reported is not None and reported.first_day > received:
        head.append(
            finding(
                "period-ahead",
                value=month,
                value_cn=reported.cn,
                received=cn_date(received),
                previous=str(Month.containing(received).previous),
                **(month_where or {}),
            )
        )
    for sheet in form.tables:
        if sheet.name in results:
            body.extend(results[sheet.name].findings)
            body.extend(f for f in refs if f.sheet == sheet.name)
            report.tables[sheet.name] = results[sheet.name].table
    order = {s.name: i for i, s in enumerate(form.sheets)}
    body.sort(key=lambda f: (order.get(f.sheet or "", -1), f.row or 0))
    report.findings = head + body


def _live_formulas(sheets: list[RawSheet]) -> list[Finding]:
    """A formula reaching outside the workbook (DDE, HYPERLINK, another file) is kept in the
    feedback copy as its value, as text: say so (info)."""
    out = []
    for raw in sheets:
        for (r0, c0), formula in sorted(raw.live_formulas.items()):
            value = raw.cell(r0, c0)
            out.append(
                finding(
                    "normalized",
                    severity="info",
                    sheet=raw.name,
                    row=r0 + 1,
                    cell=cell_ref(r0, c0),
                    value=formula,
                    old=formula,
                    new="" if value is None else str(value),
                    hint_key="finding.normalized.formula.hint",
                )
            )
    return out


def _period_behind(
    month: str | None, named: Path, results: dict[str, TableResult], where: dict[str, Any] | None
) -> list[Finding]:
    """A clerk who kept working in last month's file forgets to change 截至月份: when the file
    name names a later month and rows are dated after 截至月份, one warning at 截至月份 says so,
    before the row-level date errors it explains."""
    if month is None or where is None:
        return []
    in_name = Month.in_name(named.stem)
    reported = Month.of(month)
    if in_name is None or in_name <= reported:
        return []

    def day(value: Any) -> dt.date | None:
        found = parse_date(value).value
        return found if isinstance(found, dt.date) else None

    later = 0
    for result in results.values():
        for f in result.findings:
            when = day(f.value) if f.code == "date-out-of-period" else None
            if when is not None and reported.last_day < when <= in_name.last_day:
                later += 1
    if not later:
        return []
    return [
        finding(
            "period-behind",
            value=month,
            named=str(in_name),
            named_cn=in_name.cn,
            count=later,
            **where,
        )
    ]


def ledger_year(located: Located, form: Form, config: Config) -> int:
    """The year of a ledger: the year of its 截至月份 (a workspace holds every year); for a file
    that does not say its month, the workspace's default year."""
    info_sheet = form.info_sheet
    column = form.role_column("period")
    if info_sheet is not None and located.info is not None and column is not None:
        cell = read_info(located.info, info_sheet).get(column.name)
        value = parse_month(cell.raw).value if cell is not None else None
        if value:
            return Month.of(value).year
    return config.district.ledger_year
