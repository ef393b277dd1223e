"""The figures of the district (口径): one function per figure, the period an argument.

Every figure is computed here, from a town's effective ledger rows, and nowhere else: the
summary workbook, `fedxl metrics` and the Word reports all call these functions, so they
always agree.

A figure is a stock (taken from the ledger at the period's end E: 妇委会总数, 覆盖女职工数, …) or
a flow (rows dated inside a `Window`: the period itself, or 本年累计 from 1 January to E).
Organisations count unless 已撤销. Rates are recomputed from their parts, never summed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from fedxl.form.figures import Sources
from fedxl.form.model import YES
from fedxl.form.periods import Period, Window

Rows = list[dict[str, Any]]
# the sheets the figures read, by their role in the form (fedxl.form.figures), never by name
ROSTER, ACTIVITY, TRAINING, SERVICE, DONATION, CHECK, DELIVERY, CANDIDATE = (
    "roster",
    "activities",
    "trainings",
    "services",
    "donations",
    "checks",
    "deliveries",
    "candidates",
)
YTD = "本年累计"
WITHDRAWN = "本年撤销"  # in metrics --json and the reports; not a 汇总表 column


@dataclass
class Ledger:
    """One town's ledger as the summary uses it: rows of each sheet of its effective submission."""

    town: str
    tables: dict[str, Rows] = field(default_factory=dict)  # by sheet name
    # the form's roles (see form.toml `role`): the status column and its values, the domain column,
    # and the sheets and columns the figures read
    status: str | None = None
    withdrawn: str | None = None
    weak: str | None = None
    domain: str | None = None
    src: Sources = field(default_factory=Sources)

    @classmethod
    def of_form(cls, town: str, form: Any) -> Ledger:
        status, domain = form.role_column("status"), form.role_column("domain")
        return cls(
            town,
            status=status.name if status else None,
            withdrawn=status.withdrawn if status else None,
            weak=status.weak if status else None,
            domain=domain.name if domain else None,
            src=form.figures,
        )

    def rows(self, sheet: str) -> Rows:
        """The rows of the sheet named `sheet`."""
        return self.tables.get(sheet, [])

    def of(self, role: str) -> Rows:
        """The rows of the sheet that plays `role` (roster, activities, …)."""
        name = self.src.sheet(role)
        return self.tables.get(name, []) if name else []

    def col(self, sheet_role: str, role: str) -> str:
        """The name of the column playing `role` in that sheet ("" when the form has none: a
        figure it feeds is then 0)."""
        return self.src.column(sheet_role, role) or ""

    def org(self, row: dict[str, Any], sheet_role: str = ROSTER) -> str:
        """The organisation a row is of (the roster's key, or the column referring to it)."""
        column = self.src.orgs.get(sheet_role)
        return str(row.get(column)) if column else ""

    def state(self, row: dict[str, Any]) -> Any:
        return row.get(self.status) if self.status else None

    def is_weak(self, row: dict[str, Any]) -> bool:
        return self.weak is not None and self.state(row) == self.weak


def _num(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def active_orgs(ledger: Ledger) -> Rows:
    """Organisations of 妇委会名录 that are not 已撤销 (the status role's `withdrawn` value)."""
    if ledger.withdrawn is None:
        return ledger.of(ROSTER)
    return [r for r in ledger.of(ROSTER) if ledger.state(r) != ledger.withdrawn]


def org_total(ledger: Ledger) -> int:
    """妇委会总数: organisations not 已撤销."""
    return len(active_orgs(ledger))


def new_orgs(ledger: Ledger, w: Window) -> int:
    """本期新建 / 本年新建: organisations founded inside the window, 已撤销 or not (a figure of the
    year never falls when an organisation is withdrawn later; those are counted apart)."""
    founded = ledger.col(ROSTER, "founded")
    return sum(1 for r in ledger.of(ROSTER) if w.contains(r.get(founded)))


def withdrawn_count(ledger: Ledger) -> int:
    """本年撤销: organisations the year's ledger marks 已撤销 (a new year carries none over)."""
    if ledger.withdrawn is None:
        return 0
    return sum(1 for r in ledger.of(ROSTER) if ledger.state(r) == ledger.withdrawn)


def by_domain(ledger: Ledger) -> Counter[str]:
    """Active organisations by 领域类型."""
    if ledger.domain is None:
        return Counter()
    return Counter(str(r.get(ledger.domain)) for r in active_orgs(ledger) if r.get(ledger.domain))


def weak_count(ledger: Ledger) -> int:
    """软弱涣散: organisations whose 组织状态 is 软弱涣散."""
    return sum(1 for r in ledger.of(ROSTER) if ledger.is_weak(r))


def women_covered(ledger: Ledger) -> int:
    """覆盖女职工数: 女职工数 summed over active organisations."""
    women = ledger.col(ROSTER, "women")
    return int(sum(_num(r.get(women)) for r in active_orgs(ledger)))


def four_haves(ledger: Ledger) -> int:
    """四有达标数: active organisations with 是 in every four-haves column."""
    four = ledger.src.all_columns(ROSTER, "four-haves")
    return sum(1 for r in active_orgs(ledger) if four and all(r.get(c) == YES for c in four))


def _events(ledger: Ledger, role: str, w: Window) -> Rows:
    column = ledger.src.dates.get(role)
    return [r for r in ledger.of(role) if w.contains(r.get(column))] if column else []


def _sum(ledger: Ledger, role: str, column_role: str, w: Window) -> float:
    column = ledger.col(role, column_role)
    return sum(_num(r.get(column)) for r in _events(ledger, role, w)) if column else 0.0


def activity_count(ledger: Ledger, w: Window) -> int:
    """活动次数: 活动台账 rows in the window."""
    return len(_events(ledger, ACTIVITY, w))


def participants(ledger: Ledger, w: Window) -> int:
    """参与人次: 参与人数 summed over those activities."""
    return int(_sum(ledger, ACTIVITY, "participants", w))


def training_sessions(ledger: Ledger, w: Window) -> int:
    """培训期数: 培训期数 summed over 培训台账 rows in the window."""
    return int(_sum(ledger, TRAINING, "sessions", w))


def trainees(ledger: Ledger, w: Window) -> int:
    """培训人次: 培训人数 summed over 培训台账 rows in the window."""
    return int(_sum(ledger, TRAINING, "trainees", w))


def service_count(ledger: Ledger, w: Window) -> int:
    """亲情服务次数: 服务台账 rows in the window."""
    return len(_events(ledger, SERVICE, w))


def beneficiaries(ledger: Ledger, w: Window) -> int:
    """受益人数: 受益人数 summed over those services."""
    return int(_sum(ledger, SERVICE, "beneficiaries", w))


def donated_goods(ledger: Ledger, w: Window) -> float:
    """捐赠折价合计 (元): 物资折价(元) summed over 捐赠台账 rows in the window."""
    return round(_sum(ledger, DONATION, "goods-value", w), 2)


def donated_cash(ledger: Ledger, w: Window) -> float:
    """捐赠现金合计 (元): 现金(元) summed over 捐赠台账 rows in the window."""
    return round(_sum(ledger, DONATION, "cash", w), 2)


def check_count(ledger: Ledger, w: Window) -> int:
    """跟踪检查次数: 跟踪检查 rows in the window."""
    return len(_events(ledger, CHECK, w))


def orgs_checked(ledger: Ledger, w: Window) -> int:
    """Active organisations with at least one check in the window (跟踪覆盖率's numerator)."""
    names = {ledger.org(r, CHECK) for r in _events(ledger, CHECK, w)}
    return sum(1 for r in active_orgs(ledger) if ledger.org(r) in names)


def candidate_count(ledger: Ledger, w: Window) -> int:
    """推荐人选数: 人选推荐 rows in the window."""
    return len(_events(ledger, CANDIDATE, w))


def rate(numerator: float, denominator: float) -> float | None:
    """A fraction, or None when the denominator is zero."""
    return round(numerator / denominator, 4) if denominator else None


# Flow figures by their 汇总表 name; each counts rows dated inside a window.
FLOWS: dict[str, Callable[[Ledger, Window], float]] = {
    "活动次数": activity_count,
    "参与人次": participants,
    "培训期数": training_sessions,
    "培训人次": trainees,
    "亲情服务次数": service_count,
    "受益人数": beneficiaries,
    "捐赠折价合计": donated_goods,
    "捐赠现金合计": donated_cash,
    "跟踪检查次数": check_count,
    "推荐人选数": candidate_count,
}
MONEY = ("捐赠折价合计", "捐赠现金合计")
RATES = ("四有达标率", "跟踪覆盖率", "任务完成率")
# 跟踪覆盖率's numerator: active organisations checked at least once this year
CHECKED = "跟踪检查组织数"


def flow_key(name: str, period: Period | None = None) -> str:
    """A flow figure's column name: `活动次数（本月）`, `（本期）` for a half, `（本年累计）`.

    Without a period (or for a whole year) the name is the 本年累计 one.
    """
    scope = YTD if period is None or period.kind == "year" else period.scope
    return f"{name}（{scope}）"


def new_key(period: Period) -> str:
    """本月新建, 本期新建 (a half) or 本年新建."""
    return "本年新建" if period.kind == "year" else f"{period.scope}新建"


def period_flows(period: Period) -> list[str]:
    """The figures that count rows dated inside the period itself (not 本年累计): unknown for a
    town whose ledger is older than the period."""
    if period.kind == "year":
        return []
    return [new_key(period), *(flow_key(name, period) for name in FLOWS)]


def quota_due(quota: int, month: int) -> int:
    """The organisations of a yearly quota due by the end of `month` at an even pace, in whole
    organisations: a town is behind (建组进度落后) only when a whole one is missing, so in January
    a quota of 2–11 asks for none yet (rounding up had called every town behind)."""
    return math.floor(quota * month / 12 + 1e-9)


def figure_columns(period: Period, domains: Iterable[str]) -> list[str]:
    """Every figure of a period, in the order of the 汇总表 (period flows beside 本年累计)."""
    cols = ["妇委会总数", "本年新建"]
    if period.kind != "year":
        cols.append(new_key(period))
    cols += [*domains, "软弱涣散", "覆盖女职工数", "四有达标数", "四有达标率"]
    for name in FLOWS:
        if period.kind != "year":
            cols.append(flow_key(name, period))
        cols.append(flow_key(name))
        if name == "跟踪检查次数":
            cols += [CHECKED, "跟踪覆盖率"]
    return [*cols, "年度建组任务", "任务完成率"]


@dataclass
class TownFigures:
    town: str
    state: str  # submitted | late | rejected | missing | pending
    month_used: str | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    # its ledger lost rows of the year (records-missing): its figures are short
    records_missing: bool = False
    quota: int | None = None  # 年度建组任务, shown for every town due, with a ledger or not


def town_figures(
    ledger: Ledger, period: Period, w: Window, quota: int | None, domains: Iterable[str]
) -> dict[str, Any]:
    """Every figure of one town for `period` (its flows counted in `w`), by column name."""
    ytd = w.year_to_date
    total = org_total(ledger)
    domain_counts = by_domain(ledger)
    built = new_orgs(ledger, ytd)
    four = four_haves(ledger)
    checked = orgs_checked(ledger, ytd)
    figures: dict[str, Any] = {
        "妇委会总数": total,
        "本年新建": built,
        WITHDRAWN: withdrawn_count(ledger),
    }
    if period.kind != "year":
        figures[new_key(period)] = new_orgs(ledger, w)
    for domain in domains:
        figures[domain] = domain_counts.get(domain, 0)
    figures.update(
        {
            "软弱涣散": weak_count(ledger),
            "覆盖女职工数": women_covered(ledger),
            "四有达标数": four,
            "四有达标率": rate(four, total),
        }
    )
    for name, count in FLOWS.items():
        if period.kind != "year":
            figures[flow_key(name, period)] = count(ledger, w)
        figures[flow_key(name)] = count(ledger, ytd)
    figures.update(
        {
            CHECKED: checked,
            "跟踪覆盖率": rate(checked, total),
            "年度建组任务": quota,
            "任务完成率": rate(built, quota) if quota else None,
        }
    )
    return figures


def district_total(towns: list[TownFigures], quotas: list[int]) -> dict[str, Any]:
    """全区合计: counts summed, rates recomputed from the summed parts (never summed).

    `quotas` are every configured town's 年度建组任务, reported or not.
    """
    reported = [t.figures for t in towns if t.figures]
    keys = [k for k in (reported[0] if reported else {}) if k not in RATES and k != "年度建组任务"]
    total: dict[str, Any] = {}
    for key in keys:
        value = sum(f.get(key) or 0 for f in reported)
        total[key] = round(value, 2) if key.startswith(MONEY) else int(value)
    total["年度建组任务"] = sum(quotas) if quotas else None
    orgs = total.get("妇委会总数", 0)
    total["四有达标率"] = rate(total.get("四有达标数", 0), orgs)
    total["跟踪覆盖率"] = rate(total.get(CHECKED, 0), orgs)
    total["任务完成率"] = (
        rate(total.get("本年新建", 0), total["年度建组任务"]) if total["年度建组任务"] else None
    )
    return total


def new_by_month(ledgers: Iterable[Ledger], w: Window) -> list[int]:
    """Active organisations founded in each month from January to the window's end month."""
    ytd = w.year_to_date
    counts = [0] * w.end.month
    for ledger in ledgers:
        founded = ledger.col(ROSTER, "founded")
        for r in ledger.of(ROSTER):
            day = r.get(founded)
            if isinstance(day, dt.date) and ytd.contains(day):
                counts[day.month - 1] += 1
    return counts


def deliveries(ledger: Ledger, w: Window) -> int:
    """四送件数: 数量 summed over 四送记录 rows in the window."""
    return int(_sum(ledger, DELIVERY, "quantity", w))


def donation_count(ledger: Ledger, w: Window) -> int:
    """捐赠次数: 捐赠台账 rows in the window."""
    return len(_events(ledger, DONATION, w))


def services_by_type(ledger: Ledger, w: Window) -> Counter[str]:
    """亲情服务次数 by 服务类型."""
    kind = ledger.col(SERVICE, "kind")
    return Counter(str(r.get(kind)) for r in _events(ledger, SERVICE, w) if kind and r.get(kind))


def activities_by_kind(ledger: Ledger, w: Window) -> Counter[str]:
    """活动次数 by 活动类别."""
    kind = ledger.col(ACTIVITY, "kind")
    return Counter(str(r.get(kind)) for r in _events(ledger, ACTIVITY, w) if kind and r.get(kind))


def new_by_domain(ledger: Ledger, w: Window) -> Counter[str]:
    """Organisations founded in the window, by 领域类型."""
    if ledger.domain is None:
        return Counter()
    founded = ledger.col(ROSTER, "founded")
    return Counter(
        str(r.get(ledger.domain)) for r in active_orgs(ledger) if w.contains(r.get(founded))
    )


def events(ledger: Ledger, role: str, w: Window) -> Rows:
    """Rows of an event sheet (by its role) dated in the window (highlights come from the period's
    rows)."""
    return _events(ledger, role, w)
