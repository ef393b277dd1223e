"""The figures of the district summary (口径, SPEC §8): one function per figure.

Every figure is computed here, from a town's effective ledger rows, and nowhere else: the
summary workbook and the Word reports both call these functions, so they always agree.

Window: event rows count when dated from 1 January of the ledger year to the last day of the
reported month. Organisations count unless 已撤销.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from fedxl.form import month_end

Rows = list[dict[str, Any]]
ROSTER, ACTIVITY, TRAINING, SERVICE, DONATION, CHECK, DELIVERY, CANDIDATE = (
    "妇委会名录", "活动台账", "培训台账", "服务台账", "捐赠台账", "跟踪检查", "四送记录", "人选推荐")
DATE_COLUMN = {ACTIVITY: "活动日期", TRAINING: "培训日期", SERVICE: "服务日期", DONATION: "捐赠日期",
               CHECK: "检查日期", DELIVERY: "送达日期", CANDIDATE: "推荐日期"}
FOUR_HAVES = ("有活动场所", "有宣传阵地", "有组织制度", "有风采展板")
WITHDRAWN, WEAK = "已撤销", "软弱涣散"


@dataclass(frozen=True)
class Window:
    """The ledger year up to the reported month."""

    year: int
    month: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return month_end(self.year, self.month)

    def contains(self, day: Any) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def in_month(self, day: Any) -> bool:
        return isinstance(day, dt.date) and day.year == self.year and day.month == self.month


@dataclass
class Ledger:
    """One town's ledger as the summary uses it: rows of each sheet of its effective submission."""

    town: str
    tables: dict[str, Rows] = field(default_factory=dict)

    def rows(self, sheet: str) -> Rows:
        return self.tables.get(sheet, [])


def _num(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def active_orgs(ledger: Ledger) -> Rows:
    """Organisations of 妇委会名录 that are not 已撤销."""
    return [r for r in ledger.rows(ROSTER) if r.get("组织状态") != WITHDRAWN]


def org_total(ledger: Ledger) -> int:
    """妇委会总数: organisations not 已撤销."""
    return len(active_orgs(ledger))


def new_this_year(ledger: Ledger, w: Window) -> int:
    """本年新建: active organisations founded in the ledger year (up to the month)."""
    return sum(1 for r in active_orgs(ledger) if w.contains(r.get("成立日期")))


def new_this_month(ledger: Ledger, w: Window) -> int:
    """本月新建: active organisations founded in the reported month."""
    return sum(1 for r in active_orgs(ledger) if w.in_month(r.get("成立日期")))


def by_domain(ledger: Ledger) -> Counter[str]:
    """Active organisations by 领域类型."""
    return Counter(str(r.get("领域类型")) for r in active_orgs(ledger) if r.get("领域类型"))


def weak_count(ledger: Ledger) -> int:
    """软弱涣散: organisations whose 组织状态 is 软弱涣散."""
    return sum(1 for r in ledger.rows(ROSTER) if r.get("组织状态") == WEAK)


def women_covered(ledger: Ledger) -> int:
    """覆盖女职工数: 女职工数 summed over active organisations."""
    return int(sum(_num(r.get("女职工数")) for r in active_orgs(ledger)))


def four_haves(ledger: Ledger) -> int:
    """四有达标数: active organisations with all four 是."""
    return sum(1 for r in active_orgs(ledger) if all(r.get(c) == "是" for c in FOUR_HAVES))


def _events(ledger: Ledger, sheet: str, w: Window) -> Rows:
    column = DATE_COLUMN[sheet]
    return [r for r in ledger.rows(sheet) if w.contains(r.get(column))]


def activity_count(ledger: Ledger, w: Window) -> int:
    """活动次数: 活动台账 rows in the window."""
    return len(_events(ledger, ACTIVITY, w))


def participants(ledger: Ledger, w: Window) -> int:
    """参与人次: 参与人数 summed over those activities."""
    return int(sum(_num(r.get("参与人数")) for r in _events(ledger, ACTIVITY, w)))


def training_sessions(ledger: Ledger, w: Window) -> int:
    """培训期数: 培训期数 summed over 培训台账 rows in the window."""
    return int(sum(_num(r.get("培训期数")) for r in _events(ledger, TRAINING, w)))


def trainees(ledger: Ledger, w: Window) -> int:
    """培训人次: 培训人数 summed over 培训台账 rows in the window."""
    return int(sum(_num(r.get("培训人数")) for r in _events(ledger, TRAINING, w)))


def service_count(ledger: Ledger, w: Window) -> int:
    """亲情服务次数: 服务台账 rows in the window."""
    return len(_events(ledger, SERVICE, w))


def beneficiaries(ledger: Ledger, w: Window) -> int:
    """受益人数: 受益人数 summed over those services."""
    return int(sum(_num(r.get("受益人数")) for r in _events(ledger, SERVICE, w)))


def donated_goods(ledger: Ledger, w: Window) -> float:
    """捐赠折价合计 (元): 物资折价(元) summed over 捐赠台账 rows in the window."""
    return round(sum(_num(r.get("物资折价(元)")) for r in _events(ledger, DONATION, w)), 2)


def donated_cash(ledger: Ledger, w: Window) -> float:
    """捐赠现金合计 (元): 现金(元) summed over 捐赠台账 rows in the window."""
    return round(sum(_num(r.get("现金(元)")) for r in _events(ledger, DONATION, w)), 2)


def check_count(ledger: Ledger, w: Window) -> int:
    """跟踪检查次数: 跟踪检查 rows in the window."""
    return len(_events(ledger, CHECK, w))


def orgs_checked(ledger: Ledger, w: Window) -> int:
    """Active organisations with at least one check in the window (跟踪覆盖率's numerator)."""
    names = {str(r.get("组织名称")) for r in _events(ledger, CHECK, w)}
    return sum(1 for r in active_orgs(ledger) if str(r.get("组织名称")) in names)


def candidate_count(ledger: Ledger, w: Window) -> int:
    """推荐人选数: 人选推荐 rows in the window."""
    return len(_events(ledger, CANDIDATE, w))


def rate(numerator: float, denominator: float) -> float | None:
    """A fraction, or None when the denominator is zero."""
    return round(numerator / denominator, 4) if denominator else None


@dataclass
class TownFigures:
    town: str
    state: str  # submitted | late | earlier | rejected | missing
    month_used: str | None = None
    figures: dict[str, Any] = field(default_factory=dict)


SUMMED = ("妇委会总数", "本年新建", "本月新建", "软弱涣散", "覆盖女职工数", "四有达标数", "活动次数", "参与人次",
          "培训期数", "培训人次", "亲情服务次数", "受益人数", "捐赠折价合计", "捐赠现金合计", "跟踪检查次数",
          "推荐人选数", "_已检查组织")


def town_figures(ledger: Ledger, w: Window, quota: int | None, domains: Iterable[str]) -> dict[str, Any]:
    """Every 汇总表 figure of one town, by column name."""
    total = org_total(ledger)
    domain_counts = by_domain(ledger)
    new_year = new_this_year(ledger, w)
    checked = orgs_checked(ledger, w)
    figures: dict[str, Any] = {
        "妇委会总数": total, "本年新建": new_year, "本月新建": new_this_month(ledger, w)}
    for domain in domains:
        figures[domain] = domain_counts.get(domain, 0)
    figures.update({
        "软弱涣散": weak_count(ledger), "覆盖女职工数": women_covered(ledger), "四有达标数": four_haves(ledger),
        "四有达标率": rate(four_haves(ledger), total), "活动次数": activity_count(ledger, w),
        "参与人次": participants(ledger, w), "培训期数": training_sessions(ledger, w), "培训人次": trainees(ledger, w),
        "亲情服务次数": service_count(ledger, w), "受益人数": beneficiaries(ledger, w),
        "捐赠折价合计": donated_goods(ledger, w), "捐赠现金合计": donated_cash(ledger, w),
        "跟踪检查次数": check_count(ledger, w), "跟踪覆盖率": rate(checked, total),
        "推荐人选数": candidate_count(ledger, w), "年度建组任务": quota,
        "任务完成率": rate(new_year, quota) if quota else None, "_已检查组织": checked,
    })
    return figures


def district_total(towns: list[TownFigures], domains: Iterable[str], quotas: list[int]) -> dict[str, Any]:
    """全区合计: counts summed, rates recomputed from the summed parts (never summed).

    `quotas` are every configured town's 年度建组任务, reported or not.
    """
    reported = [t.figures for t in towns if t.figures]
    total: dict[str, Any] = {}
    for key in (*SUMMED, *domains):
        values = [f.get(key) or 0 for f in reported]
        total[key] = round(sum(values), 2) if key.startswith("捐赠") else int(sum(values))
    total["年度建组任务"] = sum(quotas) if quotas else None
    built = total["本年新建"]
    total["四有达标率"] = rate(total["四有达标数"], total["妇委会总数"])
    total["跟踪覆盖率"] = rate(total["_已检查组织"], total["妇委会总数"])
    total["任务完成率"] = rate(built, total["年度建组任务"]) if total["年度建组任务"] else None
    return total


def new_by_month(ledgers: Iterable[Ledger], w: Window) -> list[int]:
    """Active organisations founded in each month of the ledger year, January to the month."""
    counts = [0] * w.month
    for ledger in ledgers:
        for r in active_orgs(ledger):
            day = r.get("成立日期")
            if isinstance(day, dt.date) and w.contains(day):
                counts[day.month - 1] += 1
    return counts


def deliveries(ledger: Ledger, w: Window) -> int:
    """四送件数: 数量 summed over 四送记录 rows in the window."""
    return int(sum(_num(r.get("数量")) for r in _events(ledger, DELIVERY, w)))


def donation_count(ledger: Ledger, w: Window) -> int:
    """捐赠次数: 捐赠台账 rows in the window."""
    return len(_events(ledger, DONATION, w))


def services_by_type(ledger: Ledger, w: Window) -> Counter[str]:
    """亲情服务次数 by 服务类型."""
    return Counter(str(r.get("服务类型")) for r in _events(ledger, SERVICE, w) if r.get("服务类型"))


def activities_by_kind(ledger: Ledger, w: Window) -> Counter[str]:
    """活动次数 by 活动类别."""
    return Counter(str(r.get("活动类别")) for r in _events(ledger, ACTIVITY, w) if r.get("活动类别"))


def new_by_domain(ledger: Ledger, w: Window) -> Counter[str]:
    """本年新建 by 领域类型."""
    return Counter(str(r.get("领域类型")) for r in active_orgs(ledger) if w.contains(r.get("成立日期")))


def events(ledger: Ledger, sheet: str, w: Window) -> Rows:
    """Rows of an event sheet dated in the window (for highlights)."""
    return _events(ledger, sheet, w)
