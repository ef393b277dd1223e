"""Gather each town's effective ledger at the end of a period and compute the district's figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fedxl.errors import UsageError
from fedxl.form import Form
from fedxl.form.periods import (
    Month,
    Period,
    Window,
    as_of_time,
    cn_date,
    month_text,
    period_end,
    shift_month,
)
from fedxl.i18n import t
from fedxl.merging.metrics import (
    ACTIVITY,
    ROSTER,
    SERVICE,
    WITHDRAWN,
    Ledger,
    Rows,
    TownFigures,
    district_total,
    figure_columns,
    new_by_month,
    period_flows,
    quota_due,
    town_figures,
)
from fedxl.store import Store, Submission
from fedxl.submissions.status import StatusBoard, status_board
from fedxl.workspace.config import Config

FINDING_ALERTS = (
    "org-missing",
    "records-missing",
    "implausible",
)  # findings of a ledger that the 预警 sheet lists


@dataclass(frozen=True)
class Alert:
    # dormant | weak | org-missing | records-missing | behind-quota | late | missing | rejected |
    # returned
    kind: str
    town: str
    subject: str
    reason: str


@dataclass
class TownSource:
    town: str
    # the town's state on the end month's board: submitted | late | rejected | missing | pending
    state: str
    submission: Submission | None = None
    # the month of the ledger used (an earlier one when `state` is not accepted)
    month_used: str | None = None


@dataclass
class Summary:
    period: Period
    # E: the period's last day, never after the latest month with an accepted submission
    end: dt.date
    window: Window  # the period's flows: its first day to E
    domains: tuple[str, ...]
    sources: list[TownSource]
    towns: list[TownFigures]
    total: dict[str, Any]
    board: StatusBoard
    now: dt.datetime
    ledgers: dict[str, Ledger] = field(default_factory=dict)
    alerts: list[Alert] = field(default_factory=list)
    new_by_month: list[int] = field(default_factory=list)
    domain_name: str = ""  # the form's domain column (领域类型), for titles

    @property
    def month(self) -> str:
        """The month of E (the status board's month)."""
        return month_text(self.end.year, self.end.month)

    @property
    def reported(self) -> list[TownFigures]:
        return [t for t in self.towns if t.figures]

    @property
    def columns(self) -> list[str]:
        """Every figure of the period by its 汇总表 name, in order (see `figure_columns`)."""
        return figure_columns(self.period, self.domains)

    @property
    def coverage(self) -> dict[str, Any]:
        """Which towns the district's figures take in: those with a ledger of the period's end
        month, those carried forward from an earlier month (their stocks count, their flows of the
        period are unknown: None), those with no ledger of the year (left out)."""
        return {
            "reported": [t.town for t in self.towns if t.figures and t.month_used == self.month],
            "carried": {
                t.town: t.month_used for t in self.towns if t.figures and t.month_used != self.month
            },
            "missing": [t.town for t in self.towns if not t.figures],
        }

    def to_dict(self) -> dict[str, Any]:
        """`fedxl metrics --json`: the period, its start and end E, the district's and each town's
        figures, and which towns they take in (`coverage`).

        Rates are fractions between 0 and 1 (None without a denominator); a town without any
        ledger has only 镇街 and 报送状态; a town carried forward from a ledger older than the
        period has None for the period's flows (unknown, not zero).
        """
        cols = self.columns
        towns = []
        for tf in self.towns:
            row: dict[str, Any] = {
                "镇街": tf.town,
                "报送状态": state_text(tf.state, tf.month_used, self.month, tf.records_missing),
            }
            row.update({c: tf.figures.get(c) for c in [*cols, WITHDRAWN]} if tf.figures else {})
            towns.append(row)
        return {
            "period": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.end.isoformat(),
            "district": {c: self.total.get(c) for c in [*cols, WITHDRAWN]},
            "towns": towns,
            "coverage": self.coverage,
        }


def state_text(
    state: str, month_used: str | None, month: str, records_missing: bool = False
) -> str:
    """已报送 / 逾期报送 / 未通过校验 / 未报送 / 待报送, `未报送（沿用5月）` when an earlier ledger
    is used,
    and `已报送（记录减少）` when the ledger lost rows of the year (its figures are short)."""
    text = t(f"state.{state}")
    if month_used and month_used != month:
        text = t("state.used", state=text, month=Month.of(month_used).number)
    return t("state.records_missing", state=text) if records_missing else text


def _sources(
    config: Config, store: Store, month: str, board: StatusBoard, by: str
) -> list[TownSource]:
    out = []
    states = {t.town: t.state for t in board.towns}
    # each town's latest ledger in effect of the year up to `month`, from one read of them all:
    # its own month's, else its latest earlier one (shown as carried forward)
    latest: dict[str, Submission] = {}
    for sub in store.submissions(upto=month, by=by):  # in the order they came
        if sub.in_effect and sub.town and sub.month:
            held = latest.get(sub.town)
            if held is None or (sub.month, sub.received_at, sub.id) > (
                held.month or "",
                held.received_at,
                held.id,
            ):
                latest[sub.town] = sub
    for town in config.towns_due(month):
        state = states.get(town.name, "missing")
        found = [latest[name] for name in town.names if name in latest]
        chosen = max(found, key=lambda s: (s.month or "", s.received_at, s.id)) if found else None
        out.append(TownSource(town.name, state, chosen, chosen.month if chosen else None))
    return out


def _tables(
    store: Store, form: Form, sources: list[TownSource], *, whole: bool = True
) -> dict[str, dict[int, Rows]]:
    """Every table's rows of the towns' ledgers, read once a sheet (by submission); not `whole`:
    only the columns the figures and the 预警 read (those with a role, keys, dates, references)."""
    ids = [s.submission.id for s in sources if s.submission is not None]
    return {
        sheet.name: store.rows_of(
            sheet.name, ids, None if whole else _read_columns(sheet), form=form
        )
        for sheet in form.tables
    }


def _read_columns(sheet: Any) -> list[str]:
    return [
        c.name
        for c in sheet.data_columns
        if c.role or c.ref or c.type == "date" or c.name in sheet.key
    ]


def _ledger(form: Form, source: TownSource, tables: dict[str, dict[int, Rows]]) -> Ledger:
    ledger = Ledger.of_form(source.town, form)
    if source.submission is not None:
        for sheet in form.tables:
            ledger.tables[sheet.name] = tables[sheet.name].get(source.submission.id, [])
    return ledger


def _three_months(end: dt.date) -> dt.date:
    """The first day of the last three calendar months up to `end` (1 May for 31 July)."""
    first = shift_month(month_text(end.year, end.month), -2)
    return Month.of(first).first_day


def _busy(ledger: Ledger, since: dt.date, upto: dt.date) -> set[str]:
    """Organisations with an activity or a service dated from `since` to `upto`."""
    out = set()
    for role in (ACTIVITY, SERVICE):
        column = ledger.src.dates.get(role)
        for r in ledger.of(role):
            day = r.get(column) if column else None
            if isinstance(day, dt.date) and since <= day <= upto:
                out.add(ledger.org(r, role))
    return out


def _alerts(
    summary: Summary,
    store: Store,
    config: Config,
    form: Form,
    found: dict[int, list[dict[str, Any]]],
) -> list[Alert]:
    """The 预警 list (`found`: the towns' ledgers' findings that it lists, by submission)."""
    out: list[Alert] = []
    end = summary.end
    for source in summary.sources:
        ledger = summary.ledgers.get(source.town)
        if ledger is None or source.month_used is None:
            continue
        # dormant: judged on the months the town's ledger covers (a town still on May's file is not
        # called inactive in June and July: its ledger says nothing about them)
        upto = min(end, Month.of(source.month_used).last_day)
        since = _three_months(upto)
        busy = _busy(ledger, since, upto)
        # January's ledger starts empty: November and December are in last year's
        if since.year < upto.year:
            last = store.latest_effective(
                config.names_of(source.town), year=since.year, by=summary.now.isoformat()
            )
            if last is not None:  # read by this year's form's roles (a new year's form keeps them)
                earlier = TownSource(source.town, "", last, last.month)
                busy |= _busy(_ledger(form, earlier, _tables(store, form, [earlier])), since, upto)
        founded_col = ledger.col(ROSTER, "founded")
        for org in ledger.of(ROSTER):
            name, founded = ledger.org(org), org.get(founded_col)
            if ledger.is_weak(org):
                out.append(Alert("weak", source.town, name, t("alert.weak", value=ledger.weak)))
            elif (
                ledger.state(org) != ledger.withdrawn
                and isinstance(founded, dt.date)
                and founded < since
                and name not in busy
            ):
                out.append(
                    Alert(
                        "dormant",
                        source.town,
                        name,
                        t(
                            "alert.dormant",
                            founded=cn_date(founded),
                            since=cn_date(since),
                            upto=cn_date(upto),
                        ),
                    )
                )
        if source.submission is not None:
            for f in found.get(source.submission.id, []):
                if f["code"] in FINDING_ALERTS:
                    subject = (
                        str(f["value"])
                        if f["code"] == "org-missing"
                        else str(f["column"] or "")
                        if f["code"] == "implausible"
                        else str(f["sheet"] or "")
                    )
                    out.append(Alert(f["code"], source.town, subject, f["message"]))
    months = end.month if end.year == summary.period.year else 12
    for town, figures in zip(config.towns_due(summary.month), summary.towns, strict=True):
        quota = town.quota_for(summary.period.year)
        if quota and figures.figures:
            due = quota_due(quota, months)
            built = figures.figures["本年新建"]
            if built < due:
                out.append(
                    Alert(
                        "behind-quota",
                        town.name,
                        t("alert.quota", quota=quota),
                        t("alert.behind", built=built, month=end.month, due=due),
                    )
                )
    for row in summary.board.towns:
        if row.state == "late":
            when = (row.submitted_at or "")[:16].replace("T", " ")
            out.append(
                Alert(
                    "late",
                    row.town,
                    row.file or "",
                    t("alert.late", when=when, deadline=cn_date(summary.board.deadline.date())),
                )
            )
        elif row.state == "missing":
            out.append(
                Alert("missing", row.town, "", t("alert.missing", year=end.year, month=end.month))
            )
        elif row.state == "rejected":
            out.append(
                Alert("rejected", row.town, row.file or "", t("alert.rejected", errors=row.errors))
            )
        elif row.state == "returned":
            out.append(
                Alert("returned", row.town, row.file or "", t("alert.returned", reason=row.reason))
            )
    return out


def build_summary(
    config: Config,
    form: Form,
    store: Store,
    period: Period | str,
    *,
    now: dt.datetime | None = None,
    latest: str | None = None,
    whole: bool = True,
) -> Summary:
    """Everything the summary workbook, `fedxl metrics` and the reports need for `period`.

    `now` ("as of", default the clock) decides which deadlines have passed and leaves out files
    received later. A period without any accepted submission is refused (`period.empty`).
    `latest`: the latest month with an accepted ledger that ends the period (E), when a wider
    body decides it (a city: its latest district's); by default the store's own.
    """
    if isinstance(period, str):
        period = Period.of_month(period)
    now = now or as_of_time(None)
    by = now.isoformat()
    accepted = store.accepted_months(by=by)
    if not any(period.contains_month(m) for m in accepted):
        raise UsageError("period.empty", period=period.cn)
    end = period_end(period, max(latest or accepted[-1], accepted[-1]))
    window = Window(period.start, end)
    month = month_text(end.year, end.month)
    domain_col = form.role_column("domain")
    domains = domain_col.values if domain_col is not None else ()
    board = status_board(config, store, month, now=now)
    sources = _sources(config, store, month, board, by)
    towns, ledgers = [], {}
    quotas = {t.name: t.quota_for(period.year) for t in config.towns_due(month)}
    tables = _tables(store, form, sources, whole=whole)
    ids = [s.submission.id for s in sources if s.submission is not None]
    found = store.findings_of(ids, codes=FINDING_ALERTS)  # what the 预警 sheet lists
    for source in sources:
        if source.submission is None:
            towns.append(TownFigures(source.town, source.state, quota=quotas.get(source.town)))
            continue
        ledger = _ledger(form, source, tables)
        ledgers[source.town] = ledger
        lost = any(f["code"] == "records-missing" for f in found[source.submission.id])
        figures = town_figures(ledger, period, window, quotas.get(source.town), domains)
        if source.month_used is not None and source.month_used < period.months[0]:
            figures.update(
                dict.fromkeys(period_flows(period))
            )  # an older ledger says nothing of the period
        towns.append(
            TownFigures(
                source.town, source.state, source.month_used, figures, lost, quotas.get(source.town)
            )
        )
    all_quotas = [q for q in quotas.values() if q]
    summary = Summary(
        period,
        end,
        window,
        tuple(domains),
        sources,
        towns,
        district_total(towns, all_quotas),
        board,
        now,
        ledgers,
        new_by_month=new_by_month(ledgers.values(), window),
        domain_name=domain_col.name if domain_col is not None else "",
    )
    summary.alerts = _alerts(summary, store, config, form, found)
    return summary


def other_summary(
    config: Config, form: Form, store: Store, period: Period, now: dt.datetime
) -> Summary | None:
    """The figures of another period for comparison, or None when the store has none for it."""
    try:
        return build_summary(config, form, store, period, now=now)
    except UsageError:
        return None
