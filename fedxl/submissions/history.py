"""org-missing and records-missing: a ledger against the town's previous effective one.

One path for every face: `fedxl check`, `fedxl.check_file`, the Excel button, ingest and rebuild
all call `add_history` after the check (ingest in its store turn, so a June file sees the May
file recorded earlier in the same batch). The checker itself never reads the store.
"""

from __future__ import annotations

from typing import Any

from fedxl.checking.history import (
    compare_with_previous,
    flow_outliers,
    is_quiet,
    needed_columns,
)
from fedxl.checking.report import CheckResult
from fedxl.form import Form
from fedxl.form.periods import Month
from fedxl.store import Store, open_store, store_exists
from fedxl.workspace import Workspace


def previous_ledger(
    store: Store, form: Form, town: str | tuple[str, ...], month: str
) -> dict[str, list[dict[str, Any]]]:
    """The rows (only the compared columns) of the town's effective ledger of the latest earlier
    month of the same year: what org-missing and records-missing compare with."""
    prev = store.latest_effective(town, before=month, year=Month.of(month).year)
    if prev is None:
        return {}
    return {
        sheet: store.rows(sheet, prev.id, columns, form=form)
        for sheet, columns in needed_columns(form).items()
    }


def add_history(ws: Workspace, store: Store, report: CheckResult) -> None:
    """Put the comparison's findings first in `report` (counted, the findings cap applied again)."""
    if not report.town or not report.period or report.status == "unreadable" or not report.tables:
        return
    year = Month.of(report.period).year
    form = ws.forms.for_year(year)  # the previous ledger is of the same year, so of the same form
    names = ws.config.names_of(report.town)
    previous = previous_ledger(store, form, names, report.period)
    found = flow_outliers(form, report.tables, report.period)
    if previous:
        found = compare_with_previous(form, report.tables, previous, year) + found
    quiet = store.accepted_warnings(names)  # checked by the district: not raised again
    found = [f for f in found if not is_quiet(f, quiet)]
    if found:
        report.add_first(found, ws.config.limits.max_findings)


def with_history(ws: Workspace, report: CheckResult) -> CheckResult:
    """A checked file compared with what the store holds (nothing recorded); a workspace without
    a store, or a store that cannot be read now, means no comparison, never a file left
    unchecked."""
    from fedxl.errors import FedxlError

    if not store_exists(ws) or not report.town or not report.period:
        return report
    try:
        with open_store(ws, readonly=True) as store:
            add_history(ws, store, report)
    except FedxlError:
        pass
    return report
