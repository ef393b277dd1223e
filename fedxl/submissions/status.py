"""The reporting board for a month: who has reported, late, only rejected, missing, pending.

A town is 待报送 (pending) until the month's deadline has passed; only then is it 未报送, and a
file accepted after the deadline 逾期报送. "Now" is the clock or `--as-of`; files received after
"now" are left out, so an old board can be made again as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fedxl.store import Store
from fedxl.workspace.config import Config

STATES = ("submitted", "late", "rejected", "missing", "pending")


def deadline(month: str, day: int) -> dt.datetime:
    """The end of `day` of the month after `month` (YYYY-MM)."""
    from fedxl.form.periods import Month

    return Month.of(month).deadline(day)


@dataclass(frozen=True)
class TownStatus:
    town: str
    state: str
    submitted_at: str | None = None
    file: str | None = None
    errors: int | None = None
    warnings: int | None = None
    submission_id: int | None = None
    submissions: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"town": self.town, "state": self.state, "submitted_at": self.submitted_at,
                "file": self.file, "errors": self.errors, "warnings": self.warnings}


@dataclass
class StatusBoard:
    month: str
    deadline: dt.datetime
    towns: list[TownStatus] = field(default_factory=list)
    now: dt.datetime | None = None

    @property
    def due(self) -> bool:
        """Whether the deadline has passed ("now" is after it)."""
        return self.now is None or self.now > self.deadline

    def count(self, *states: str) -> int:
        return sum(1 for t in self.towns if t.state in states)

    @property
    def rate(self) -> float:
        return round(self.count("submitted", "late") / len(self.towns), 4) if self.towns else 0.0

    @property
    def on_time_rate(self) -> float:
        return round(self.count("submitted") / len(self.towns), 4) if self.towns else 0.0

    def summary_line(self) -> str:
        """应报 10　已报 9（按时 8，逾期 1）…: the line under the board, in the console and on the page."""
        from fedxl.i18n import t

        return t("status.summary", expected=len(self.towns), actual=self.count("submitted", "late"),
                 on_time=self.count("submitted"), late=self.count("late"), rejected=self.count("rejected"),
                 missing=self.count("missing"), pending=self.count("pending"), rate=f"{self.rate:.0%}",
                 on_time_rate=f"{self.on_time_rate:.0%}")

    def to_dict(self) -> dict[str, Any]:
        return {"month": self.month, "towns": [t.to_dict() for t in self.towns], "rate": self.rate,
                "on_time_rate": self.on_time_rate}


def status_board(config: Config, store: Store, month: str, *, now: dt.datetime | None = None) -> StatusBoard:
    """Every town's state for `month` as of `now` (default: the clock)."""
    due = deadline(month, config.district.deadline_day)
    now = now or dt.datetime.now().replace(microsecond=0)
    board = StatusBoard(month, due, now=now)
    for town in config.towns_due(month):  # a town added later or ended before was not due
        subs = store.submissions(town=town.names, month=month, by=now.isoformat())
        accepted = [s for s in subs if s.status == "accepted"]
        if accepted:
            first, effective = accepted[0], accepted[-1]
            late = dt.datetime.fromisoformat(first.received_at) > due
            shown = effective
            state = "late" if late else "submitted"
        elif subs:
            shown, state = subs[-1], "rejected"
        else:
            board.towns.append(TownStatus(town.name, "missing" if board.due else "pending"))
            continue
        board.towns.append(TownStatus(town.name, state, shown.received_at, shown.original_name, shown.errors,
                                      shown.warnings, shown.id, len(subs)))
    return board


def default_status_month(store: Store) -> str:
    """The latest month with submissions (of any year: December's ledgers still arrive in
    January), else the month whose ledgers are due now."""
    from fedxl.form.periods import due_month

    months = store.months()
    return months[-1] if months else due_month()


def resolve_month(ws: Any, month: str | None) -> str:
    """A month given by the user (YYYY-MM, also 2026年6月) checked, or the latest month with
    submissions in the store (this month of the ledger year when there are none)."""
    if month is not None:
        from fedxl.form.periods import month_arg

        return month_arg(month)
    with Store(ws.db_path, ws.form) as store:
        return default_status_month(store)
