"""The reporting board for a month: who has reported, late, only rejected, missing, pending.

A town is 待报送 (pending) until the month's deadline has passed; only then is it 未报送, and a
file accepted after the deadline 逾期报送. "Now" is the clock or `--as-of`; files received after
"now" are left out, so an old board can be made again as it was.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fedxl.store import Store, open_store, store_exists
from fedxl.wording import percent
from fedxl.workspace.config import Config


def deadline(month: str, day: int) -> dt.datetime:
    """The end of `day` of the month after `month` (YYYY-MM)."""
    from fedxl.form.periods import Month

    return Month.of(month).deadline(day)


@dataclass(frozen=True)
class TownStatus:
    town: str
    state: str  # submitted | late | rejected | returned | missing | pending
    submitted_at: str | None = None
    file: str | None = None
    errors: int | None = None
    warnings: int | None = None
    submission_id: int | None = None
    submissions: int = 0
    # the district's decisions on the month: its approval (locked), an extended last day
    approved: bool = False
    until: str | None = None  # ISO date
    reason: str | None = None  # returned: why

    def to_dict(self) -> dict[str, Any]:
        return {
            "town": self.town,
            "state": self.state,
            "submitted_at": self.submitted_at,
            "file": self.file,
            "errors": self.errors,
            "warnings": self.warnings,
            "submission_id": self.submission_id,
            "approved": self.approved,
            "until": self.until,
        }


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
        """应报 10　已报 9（按时 8，逾期 1）…: the line under the board, in the console and on the
        page."""
        from fedxl.i18n import t

        return t(
            "status.summary",
            expected=len(self.towns),
            actual=self.count("submitted", "late"),
            on_time=self.count("submitted"),
            late=self.count("late"),
            rejected=self.count("rejected"),
            missing=self.count("missing"),
            pending=self.count("pending"),
            rate=percent(self.rate),
            on_time_rate=percent(self.on_time_rate),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "towns": [t.to_dict() for t in self.towns],
            "rate": self.rate,
            "on_time_rate": self.on_time_rate,
        }


def status_board(
    config: Config, store: Store, month: str, *, now: dt.datetime | None = None
) -> StatusBoard:
    """Every town's state for `month` as of `now` (default: the clock)."""
    due = deadline(month, config.district.deadline_day)
    now = now or dt.datetime.now().replace(microsecond=0)
    board = StatusBoard(month, due, now=now)
    locks = store.locks()
    # the month's files and extensions read once (a city's board has hundreds of towns)
    by_name: dict[str, list[Any]] = {}
    for sub in store.submissions(month=month, by=now.isoformat()):
        by_name.setdefault(sub.town or "", []).append(sub)
    extended = store.extensions(month)
    for town in config.towns_due(month):  # a town added later or ended before was not due
        # a voided file (sent by mistake) is as if never sent
        subs = sorted(
            (s for name in town.names for s in by_name.get(name, []) if s.standing != "voided"),
            key=lambda s: (s.received_at, s.id),
        )
        until = max((extended[n] for n in town.names if n in extended), default=None)
        own_due = deadline_until(until) if until else due
        approved = any((name, month) in locks for name in town.names)
        in_effect = [s for s in subs if s.in_effect]
        returned = [s for s in subs if s.standing == "returned"]
        reason = None
        if in_effect:
            first, effective = in_effect[0], in_effect[-1]
            late = dt.datetime.fromisoformat(first.received_at) > own_due
            shown = effective
            state = "late" if late else "submitted"
        elif returned and returned[-1] is subs[-1]:
            shown, state = returned[-1], "returned"
            reason = store.return_reason(shown.sha256)
        elif subs:
            shown, state = subs[-1], "rejected"
        else:
            waiting = now <= own_due
            board.towns.append(
                TownStatus(town.name, "pending" if waiting else "missing", until=until)
            )
            continue
        board.towns.append(
            TownStatus(
                town.name,
                state,
                shown.received_at,
                shown.original_name,
                shown.errors,
                shown.warnings,
                shown.id,
                len(subs),
                approved=approved,
                until=until,
                reason=reason,
            )
        )
    return board


def deadline_until(until: str) -> dt.datetime:
    """The end of an extension's last day (`until`: ISO date)."""
    return dt.datetime.combine(dt.date.fromisoformat(until), dt.time(23, 59, 59))


def collecting_month(now: dt.datetime | None = None) -> str:
    """The month now being collected: last month, whose ledgers are due early this month
    (December in January)."""
    from fedxl.form.periods import due_month

    return due_month(now.date() if now is not None else None)


def latest_data_month(store: Store, now: dt.datetime | None = None) -> str | None:
    """The latest month with an accepted ledger received by `now` (None: none yet)."""
    months = store.accepted_months(by=None if now is None else now.isoformat())
    return months[-1] if months else None


def resolve_month(
    ws: Any, month: str | None, *, latest_data: bool = False, now: dt.datetime | None = None
) -> str:
    """The month a command means: `--month` as given (2026-06, 202606, 2026年6月 …), else for a
    board the month now being collected, and for figures, summaries and reports
    (`latest_data`) the latest month with accepted data, the month being collected when
    there is none (which such commands then refuse as empty)."""
    if month is not None:
        from fedxl.form.periods import month_arg

        return month_arg(month)
    if latest_data and store_exists(ws):
        with open_store(ws, readonly=True) as store:
            found = latest_data_month(store, now)
        if found is not None:
            return found
    return collecting_month(now)
