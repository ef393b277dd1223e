"""Gather each town's effective ledger for a month and compute the district summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fedxl.checking.keys import roster_sheet
from fedxl.config import Config
from fedxl.form import Form
from fedxl.metrics import (
    ACTIVITY,
    DATE_COLUMN,
    ROSTER,
    SERVICE,
    WEAK,
    WITHDRAWN,
    Ledger,
    TownFigures,
    Window,
    district_total,
    new_by_month,
    town_figures,
)
from fedxl.store import Store, Submission
from fedxl.submissions.status import StatusBoard, status_board


@dataclass(frozen=True)
class Alert:
    kind: str  # dormant | weak | org-missing | behind-quota | late | missing | rejected
    town: str
    subject: str
    reason: str


@dataclass
class TownSource:
    town: str
    state: str  # submitted | late | earlier | rejected | missing
    submission: Submission | None = None
    month_used: str | None = None


@dataclass
class Summary:
    month: str
    window: Window
    domains: tuple[str, ...]
    sources: list[TownSource]
    towns: list[TownFigures]
    total: dict[str, Any]
    board: StatusBoard
    ledgers: dict[str, Ledger] = field(default_factory=dict)
    alerts: list[Alert] = field(default_factory=list)
    new_by_month: list[int] = field(default_factory=list)

    @property
    def reported(self) -> list[TownFigures]:
        return [t for t in self.towns if t.figures]


def _sources(config: Config, store: Store, month: str, board: StatusBoard) -> list[TownSource]:
    out = []
    states = {t.town: t.state for t in board.towns}
    for town in config.towns:
        state = states.get(town.name, "missing")
        sub = store.effective(town.name, month)
        if sub is not None:
            out.append(TownSource(town.name, state, sub, month))
            continue
        earlier = store.latest_effective(town.name, before=month, year=int(month[:4]))
        if earlier is not None:
            out.append(TownSource(town.name, "rejected" if state == "rejected" else "earlier", earlier, earlier.month))
        else:
            out.append(TownSource(town.name, state))
    return out


def _ledger(store: Store, form: Form, source: TownSource) -> Ledger:
    ledger = Ledger(source.town)
    if source.submission is not None:
        for sheet in form.tables:
            ledger.tables[sheet.name] = store.rows(sheet.name, source.submission.id)
    return ledger


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = day.year, day.month - months
    while month <= 0:
        year, month = year - 1, month + 12
    return dt.date(year, month, min(day.day, 28))


def _alerts(summary: Summary, store: Store, config: Config) -> list[Alert]:
    out: list[Alert] = []
    end = summary.window.end
    since = _months_before(end, 3)
    for source in summary.sources:
        ledger = summary.ledgers.get(source.town)
        if ledger is None:
            continue
        busy = {str(r.get("组织名称")) for sheet in (ACTIVITY, SERVICE) for r in ledger.rows(sheet)
                if isinstance(r.get(DATE_COLUMN[sheet]), dt.date) and since < r[DATE_COLUMN[sheet]] <= end}
        for org in ledger.rows(ROSTER):
            name, status, founded = str(org.get("组织名称")), org.get("组织状态"), org.get("成立日期")
            if status == WEAK:
                out.append(Alert("weak", source.town, name, "组织状态为“软弱涣散”"))
            elif status != WITHDRAWN and isinstance(founded, dt.date) and founded <= since and name not in busy:
                out.append(Alert("dormant", source.town, name,
                                 f"成立于 {founded.isoformat()}，近 3 个月（{since.isoformat()} 之后）没有活动和服务记录"))
        if source.submission is not None:
            for f in store.findings(source.submission.id):
                if f["code"] == "org-missing":
                    out.append(Alert("org-missing", source.town, str(f["value"]), f["message"]))
    share = summary.window.month / 12
    for town, figures in zip(config.towns, summary.towns, strict=True):
        quota = town.quota
        if quota and figures.figures:
            due = quota * share
            built = figures.figures["本年新建"]
            if built < due:
                out.append(Alert("behind-quota", town.name, f"年度任务 {quota} 个",
                                 f"按进度截至 {summary.month} 应建 {due:.1f} 个，实际新建 {built} 个"))
    for row in summary.board.towns:
        if row.state == "late":
            out.append(Alert("late", row.town, row.file or "", f"逾期报送（{(row.submitted_at or '')[:16].replace('T', ' ')}，"
                                                              f"截止 {summary.board.deadline:%Y-%m-%d}）"))
        elif row.state == "missing":
            out.append(Alert("missing", row.town, "", f"未报送 {summary.month} 台账"))
        elif row.state == "rejected":
            out.append(Alert("rejected", row.town, row.file or "", f"报送的台账未通过校验（错误 {row.errors} 处）"))
    return out


def build_summary(config: Config, form: Form, store: Store, month: str) -> Summary:
    """Everything the summary workbook and the reports need for `month`."""
    year, mon = int(month[:4]), int(month[5:7])
    window = Window(year, mon)
    roster = roster_sheet(form)
    domain_col = roster.column("领域类型") if roster is not None else None
    domains = domain_col.values if domain_col is not None else ()
    board = status_board(config, store, month)
    sources = _sources(config, store, month, board)
    towns, ledgers = [], {}
    quotas = {t.name: t.quota for t in config.towns}
    for source in sources:
        if source.submission is None:
            towns.append(TownFigures(source.town, source.state))
            continue
        ledger = _ledger(store, form, source)
        ledgers[source.town] = ledger
        towns.append(TownFigures(source.town, source.state, source.month_used,
                                 town_figures(ledger, window, quotas.get(source.town), domains)))
    all_quotas = [t.quota for t in config.towns if t.quota]
    summary = Summary(month, window, tuple(domains), sources, towns, district_total(towns, domains, all_quotas), board,
                      ledgers, new_by_month=new_by_month(ledgers.values(), window))
    summary.alerts = _alerts(summary, store, config)
    return summary
