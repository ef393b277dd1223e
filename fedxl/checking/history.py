"""A ledger against the town's previous effective one: organisations and records that vanished.

The ledger is cumulative for the year, so what the town sent last time must still be there:
an organisation of 妇委会名录 that is gone without being marked 已撤销 is `org-missing`; rows of
the dated sheets (活动台账, …) dated in the ledger year that are gone are `records-missing` —
a clerk who started again from an old blank, or deleted rows. Rows are compared by how many
each date has, so a corrected name or number is not taken for a lost row.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

from fedxl.checking.findings import Finding, finding
from fedxl.checking.keys import active_names, check_org_missing, org_key, roster_sheet
from fedxl.checking.report import TableRows
from fedxl.form import Form, Sheet

Rows = list[dict[str, Any]]
EXAMPLES = 3


def dated_column(sheet: Sheet) -> str | None:
    """The sheet's "in period" date column (活动日期, …): what dates a record in the year."""
    return next((c.name for c in sheet.data_columns if c.type == "date" and c.in_period), None)


def needed_columns(form: Form) -> dict[str, list[str]]:
    """The columns of the previous ledger that the comparison reads, by sheet (to load no more)."""
    out: dict[str, list[str]] = {}
    roster = roster_sheet(form)
    if roster is not None:
        status = form.role_column("status")
        jumps = [name for name, _ in form.jumps]
        out[roster.name] = [*roster.key[:1], *([status.name] if status else []), *jumps]
    for sheet in form.tables:
        column = dated_column(sheet)
        if column is not None:
            out[sheet.name] = _keys(sheet, column)
    return out


def compare_with_previous(
    form: Form, tables: Mapping[str, TableRows], previous: Mapping[str, Rows], year: int
) -> list[Finding]:
    """org-missing and records-missing findings of a ledger against the town's previous one."""
    out: list[Finding] = []
    roster = roster_sheet(form)
    if roster is not None and roster.name in previous:
        out += check_org_missing(form, tables, active_names(form, previous[roster.name]))
        if roster.name in tables:
            out += _implausible(form, roster, tables[roster.name], previous[roster.name])
    for sheet in form.tables:
        column = dated_column(sheet)
        if column is None or sheet.name not in previous or sheet.name not in tables:
            continue
        lost = _lost_rows(sheet, column, tables[sheet.name], previous[sheet.name], year)
        if lost:
            examples = "；".join(_describe(sheet, column, row) for row in lost[:EXAMPLES])
            out.append(
                finding(
                    "records-missing",
                    sheet=sheet.name,
                    column=column,
                    value=len(lost),
                    n=len(lost),
                    examples=examples,
                )
            )
    return out


ACCEPTABLE = ("implausible", "org-missing", "records-missing")  # warnings a decision can quiet


def warning_key(code: str, sheet: Any, column: Any, value: Any, org: Any = None) -> str:
    """How a checked warning is remembered: the same warning, for the same value (and the same
    organisation, `org`, for an organisation's number), stays quiet (`fedxl review ID
    --accept-warning N`)."""
    import json

    from fedxl.checking.findings import shown

    key = [code, sheet or "", column or "", shown(value)]
    return json.dumps(key + ([org_key(org)] if org else []), ensure_ascii=False)


def is_quiet(f: Finding, quiet: set[str]) -> bool:
    """Whether the district checked warning `f` already (`quiet`: the keys it accepted; a key
    made before keys named the organisation quiets the value in any organisation)."""
    org = f.params.get("org")
    if warning_key(f.code, f.sheet, f.column, f.value, org) in quiet:
        return True
    return bool(org) and warning_key(f.code, f.sheet, f.column, f.value) in quiet


# the flows a town's month is judged by: (sheet role, column role summed or None to count rows,
# catalogue name of the flow); the rows of the month are those dated in it
FLOWS = (
    ("activities", None, "flow.activities"),
    ("activities", "participants", "flow.participants"),
    ("services", "beneficiaries", "flow.beneficiaries"),
    ("donations", ("goods-value", "cash"), "flow.donations"),
)
MIN_HISTORY = 4  # earlier months with some of the flow before it is judged


def flow_outliers(form: Form, tables: Mapping[str, TableRows], month: str) -> list[Finding]:
    """A town's flow of `month` far from its own earlier months of the year (robust: the median
    and the median absolute deviation of at least MIN_HISTORY months), from the ledger itself:
    it holds the whole year. A warning that says the usual value."""
    import statistics

    from fedxl.i18n import t

    year, number = int(month[:4]), int(month[5:])
    if number <= MIN_HISTORY:
        return []
    out = []
    for sheet_role, column_roles, label in FLOWS:
        sheet = next((s for s in form.tables if s.role == sheet_role), None)
        if sheet is None or sheet.name not in tables:
            continue
        date_col = dated_column(sheet)
        roles = column_roles if isinstance(column_roles, tuple) else (column_roles,)
        columns = [c.name for c in sheet.data_columns if c.role in roles] if column_roles else []
        if date_col is None or (column_roles and not columns):
            continue
        rows = tables[sheet.name]
        per_month = [0.0] * 13
        dates = rows.column(date_col)
        amounts = [rows.column(c) for c in columns]
        for i, day in enumerate(dates):
            if isinstance(day, dt.date) and day.year == year and day.month <= number:
                if not columns:
                    per_month[day.month] += 1
                else:
                    per_month[day.month] += sum(
                        float(a[i]) for a in amounts if isinstance(a[i], int | float)
                    )
        earlier, value = per_month[1:number], per_month[number]
        if sum(1 for x in earlier if x) < MIN_HISTORY:  # a town that began entering lately
            continue
        median = statistics.median(earlier)
        spread = statistics.median(abs(x - median) for x in earlier) * 1.4826
        if abs(value - median) <= form.flow_outlier * max(spread, median, 1.0):
            continue
        out.append(
            finding(
                "implausible",
                sheet=sheet.name,
                column=columns[0] if columns else date_col,
                value=_whole(value),
                message_key="finding.implausible.flow",
                hint_key="finding.implausible.flow.hint",
                flow=t(label),
                month=number,
                usual=_whole(median),
            )
        )
    return out


def _whole(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def _implausible(form: Form, roster: Sheet, now: TableRows, before: Rows) -> list[Finding]:
    """An organisation's number (`[checks] jump`) that moved by more than its factor from the
    previous ledger: a warning saying the earlier value."""
    key = roster.key[0]
    old = {org_key(r.get(key)): r for r in before if r.get(key)}
    names = now.column(key)
    out = []
    for column, factor in form.jumps:
        for row, name, value in zip(now.rows, names, now.column(column), strict=True):
            was = old.get(org_key(name)) if name else None
            earlier = was.get(column) if was else None
            if not isinstance(value, int | float) or not isinstance(earlier, int | float):
                continue
            if value <= 0 or earlier <= 0 or max(value / earlier, earlier / value) <= factor:
                continue
            out.append(
                finding(
                    "implausible",
                    sheet=roster.name,
                    row=row,
                    column=column,
                    value=value,
                    org=name,
                    old=earlier,
                    factor=f"{factor:g}",
                )
            )
    return out


def _lost_rows(sheet: Sheet, column: str, now: TableRows, before: Rows, year: int) -> Rows:
    """Rows of `before` dated in `year` that `now` no longer has (by count per date)."""
    have = Counter(d for d in now.column(column) if isinstance(d, dt.date))
    had = [r for r in before if isinstance(r.get(column), dt.date) and r[column].year == year]
    shortfall = Counter(r[column] for r in had) - have
    if not shortfall:
        return []
    keys = _keys(sheet, column)
    present = set(zip(*(now.column(k) for k in keys), strict=True)) if keys else set()
    lost: Rows = []
    for day, missing in sorted(shortfall.items()):
        on_day = [r for r in had if r[column] == day]
        unmatched = [r for r in on_day if tuple(r.get(k) for k in keys) not in present]
        lost += (unmatched + [r for r in on_day if r not in unmatched])[:missing]
    return lost


def _keys(sheet: Sheet, column: str) -> list[str]:
    """The date and the first two required text columns: how a row is told apart in a message."""
    texts = [
        c.name
        for c in sheet.data_columns
        if c.required and c.type in ("text", "person") and c.name != column
    ]
    return [column, *texts[:2]]


def _describe(sheet: Sheet, column: str, row: dict[str, Any]) -> str:
    day = row[column]
    parts = [
        f"{day.month}月{day.day}日",
        *(str(row.get(k)) for k in _keys(sheet, column)[1:] if row.get(k)),
    ]
    return " ".join(parts)
