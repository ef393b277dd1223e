"""Every figure of the 口径 (fedxl.merging.metrics) on one town's ledger written out by hand: each
row placed to test one edge (the window's first and last day, the day before and after, last
year, a withdrawn or weak organisation, text or a tick where a number belongs, a float sum that
must be rounded), and each figure's value worked out beside it. Then the district's total (sums,
rates recomputed), the quota's pace and the column names. In-process and direct: a change to any
figure fails here, not only somewhere in a merged workbook."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from fedxl.form import load_form
from fedxl.form.periods import Period, Window
from fedxl.merging import metrics as m

FORM = load_form(Path(__file__).resolve().parent.parent / "templates" / "form.toml")
DOMAINS = ["非公有制企业", "社会组织", "小区", "商务楼宇", "园区", "专业市场", "网络平台", "其他"]
JUNE = Window(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
D = dt.date
YES, NO = "是", "否"


def _org(name: str, domain: Any, founded: Any, women: Any, state: Any, haves: list[Any]) -> dict:
    return {
        "组织名称": name,
        "领域类型": domain,
        "成立日期": founded,
        "女职工数": women,
        "组织状态": state,
        **dict(zip(["有活动场所", "有宣传阵地", "有组织制度", "有风采展板"], haves, strict=True)),
    }


ALL = [YES] * 4
ROSTER = [
    _org("甲", "小区", D(2026, 6, 1), 10, "正常", ALL),  # founded on the month's first day
    _org("乙", "园区", D(2026, 6, 30), 5.5, None, [YES, YES, YES, NO]),  # its last day
    _org("丙", "小区", D(2026, 5, 31), "七", "软弱涣散", ALL),  # the day before: the year's only
    _org("丁", "园区", D(2026, 3, 1), 100, "已撤销", ALL),  # withdrawn: new this year all the same
    _org("戊", "社会组织", D(2025, 12, 31), True, "正常", [YES, YES, YES, None]),  # last year
    _org("己", None, "2026-06-15", 3, "正常", [None] * 4),  # a date that is not one
    _org("庚", "小区", D(2026, 7, 1), 2, "正常", [None] * 4),  # the day after
]
ACTIVITIES = [
    {"活动日期": D(2026, 6, 1), "参与人数": 30, "活动类别": "宣讲"},
    {"活动日期": D(2026, 6, 30), "参与人数": 20.5, "活动类别": "宣讲"},
    {"活动日期": D(2026, 5, 31), "参与人数": 10, "活动类别": "联谊"},
    {"活动日期": D(2025, 12, 31), "参与人数": 99, "活动类别": "宣讲"},
    {"活动日期": D(2026, 7, 1), "参与人数": 50, "活动类别": "宣讲"},
    {"活动日期": D(2026, 1, 1), "参与人数": "十", "活动类别": None},
    {"活动日期": None, "参与人数": 7, "活动类别": "宣讲"},
    {"活动日期": D(2026, 2, 2), "参与人数": True, "活动类别": "联谊"},
]
TRAININGS = [
    {"培训日期": D(2026, 6, 10), "培训期数": 2, "培训人数": 40},
    {"培训日期": D(2026, 4, 1), "培训期数": 1, "培训人数": 25},
    {"培训日期": D(2026, 7, 2), "培训期数": 5, "培训人数": 100},
]
SERVICES = [
    {"服务日期": D(2026, 6, 5), "受益人数": 12, "服务类型": "助困"},
    {"服务日期": D(2026, 6, 6), "受益人数": None, "服务类型": "助困"},
    {"服务日期": D(2026, 1, 15), "受益人数": 8, "服务类型": "法律"},
    {"服务日期": D(2026, 2, 10), "受益人数": 0, "服务类型": None},  # counted, not by type
]
DONATIONS = [
    {"捐赠日期": D(2026, 6, 20), "物资折价(元)": 100.4, "现金(元)": 0.1},
    {"捐赠日期": D(2026, 3, 3), "物资折价(元)": 1.234, "现金(元)": 0.205},
]
CHECKS = [
    {"检查日期": D(2026, 6, 2), "组织名称": "甲"},
    {"检查日期": D(2026, 2, 1), "组织名称": "丁"},  # withdrawn: not among those checked
    {"检查日期": D(2026, 5, 5), "组织名称": "甲"},  # the same one twice
    {"检查日期": D(2025, 11, 11), "组织名称": "乙"},  # last year
    {"检查日期": D(2026, 4, 4), "组织名称": "无名"},  # not on the roster
]
DELIVERIES = [{"送达日期": D(2026, 6, 3), "数量": 4}, {"送达日期": D(2026, 1, 3), "数量": 2.5}]
CANDIDATES = [{"推荐日期": D(2026, 6, 9)}, {"推荐日期": D(2025, 6, 9)}]


def _ledger(**tables: list[dict[str, Any]]) -> m.Ledger:
    ledger = m.Ledger.of_form("兴隆镇", FORM)
    ledger.tables = {
        "妇委会名录": ROSTER,
        "活动台账": ACTIVITIES,
        "培训台账": TRAININGS,
        "服务台账": SERVICES,
        "捐赠台账": DONATIONS,
        "跟踪检查": CHECKS,
        "四送记录": DELIVERIES,
        "人选推荐": CANDIDATES,
    }
    ledger.tables.update(tables)
    return ledger


# (column, June's value) — each worked out from the rows above
JUNE_FIGURES: dict[str, Any] = {
    "妇委会总数": 6,  # all but 丁
    "本年新建": 4,  # 甲 乙 丙 丁
    m.WITHDRAWN: 1,  # 丁
    "本月新建": 2,  # 甲 乙
    **dict.fromkeys(DOMAINS, 0),
    "小区": 3,  # 甲 丙 庚 (丁 withdrawn)
    "园区": 1,  # 乙
    "社会组织": 1,  # 戊
    "软弱涣散": 1,  # 丙
    "覆盖女职工数": 20,  # 10 + 5.5 + 3 + 2 (text, a tick and the withdrawn 100 left out)
    "四有达标数": 2,  # 甲 丙
    "四有达标率": 0.3333,
    "活动次数（本月）": 2,
    "活动次数（本年累计）": 5,
    "参与人次（本月）": 50,
    "参与人次（本年累计）": 60,  # 60.5, whole people
    "培训期数（本月）": 2,
    "培训期数（本年累计）": 3,
    "培训人次（本月）": 40,
    "培训人次（本年累计）": 65,
    "亲情服务次数（本月）": 2,
    "亲情服务次数（本年累计）": 4,
    "受益人数（本月）": 12,
    "受益人数（本年累计）": 20,
    "捐赠折价合计（本月）": 100.4,
    "捐赠折价合计（本年累计）": 101.63,  # 101.634: yuan and fen
    "捐赠现金合计（本月）": 0.1,
    "捐赠现金合计（本年累计）": 0.3,  # 0.305 (0.30499… as a float): yuan and fen
    "跟踪检查次数（本月）": 1,
    "跟踪检查次数（本年累计）": 4,
    m.CHECKED: 1,  # 甲
    "跟踪覆盖率": 0.1667,
    "推荐人选数（本月）": 1,
    "推荐人选数（本年累计）": 1,
    "年度建组任务": 5,
    "任务完成率": 0.8,
}


def test_every_figure_of_a_month() -> None:
    got = m.town_figures(_ledger(), Period.of_month("2026-06"), JUNE, 5, DOMAINS)
    assert got == JUNE_FIGURES
    assert [type(got[k]) for k in ("参与人次（本年累计）", "覆盖女职工数")] == [int, int]


def test_a_half_and_a_year_count_their_own_windows() -> None:
    half = Window(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    got = m.town_figures(_ledger(), Period.half(2026, 1), half, None, DOMAINS)
    assert got["本期新建"] == 4 and got["活动次数（本期）"] == 5 and got["参与人次（本期）"] == 60
    assert got["年度建组任务"] is None and got["任务完成率"] is None  # no quota, no rate
    year = m.town_figures(_ledger(), Period.whole_year(2026), half, 0, DOMAINS)
    assert "本年新建" in year and not any(
        k.endswith("（本期）") or k.endswith("（本月）") for k in year
    )
    assert year["活动次数（本年累计）"] == 5 and year["任务完成率"] is None  # a quota of 0


def test_no_organisations_no_rates() -> None:
    got = m.town_figures(_ledger(妇委会名录=[]), Period.of_month("2026-06"), JUNE, 3, DOMAINS)
    assert got["妇委会总数"] == 0 and got["四有达标率"] is None and got["跟踪覆盖率"] is None
    assert got["任务完成率"] == 0.0 and got[m.CHECKED] == 0


def test_a_form_without_status_or_domain() -> None:
    """No status column: nothing is withdrawn or weak; no domain column: no domain counts."""
    ledger = _ledger()
    ledger.status = ledger.withdrawn = ledger.weak = ledger.domain = None
    assert m.org_total(ledger) == 7 and m.withdrawn_count(ledger) == 0
    assert m.weak_count(ledger) == 0 and m.by_domain(ledger) == Counter()
    assert m.new_by_domain(ledger, JUNE) == Counter()
    assert m.women_covered(ledger) == 120  # 丁's 100 counts now


def test_the_breakdowns() -> None:
    ledger = _ledger()
    assert m.by_domain(ledger) == Counter({"小区": 3, "园区": 1, "社会组织": 1})
    assert m.new_by_domain(ledger, JUNE) == Counter({"小区": 1, "园区": 1})
    ytd = JUNE.year_to_date
    assert m.services_by_type(ledger, JUNE) == Counter({"助困": 2})
    assert m.services_by_type(ledger, ytd) == Counter({"助困": 2, "法律": 1})
    assert m.activities_by_kind(ledger, JUNE) == Counter({"宣讲": 2})
    assert m.activities_by_kind(ledger, ytd) == Counter({"宣讲": 2, "联谊": 2})
    assert (m.deliveries(ledger, JUNE), m.deliveries(ledger, ytd)) == (4, 6)
    assert (m.donation_count(ledger, JUNE), m.donation_count(ledger, ytd)) == (1, 2)
    assert m.events(ledger, "checks", JUNE) == [CHECKS[0]]
    assert m.events(ledger, "nothing", JUNE) == []
    assert m.active_orgs(ledger) == [r for r in ROSTER if r["组织名称"] != "丁"]


def test_new_organisations_month_by_month() -> None:
    """Every organisation founded this year by month, withdrawn or not, to the window's end."""
    other = _ledger(妇委会名录=[_org("辛", "小区", D(2026, 1, 31), 1, "正常", ALL)])
    assert m.new_by_month([_ledger(), other], JUNE) == [1, 0, 1, 0, 1, 2]
    assert m.new_by_month([], Window(dt.date(2026, 3, 1), dt.date(2026, 3, 31))) == [0, 0, 0]


def test_the_district_total() -> None:
    towns = [
        m.TownFigures("甲镇", "submitted", figures={
            "妇委会总数": 6, "本年新建": 4, "四有达标数": 2, "四有达标率": 0.3333,
            m.CHECKED: 1, "跟踪覆盖率": 0.1667, "捐赠折价合计（本年累计）": 100.705,
            "活动次数（本年累计）": 5, "年度建组任务": 5, "任务完成率": 0.8,
        }),
        m.TownFigures("乙镇", "late", figures={
            "妇委会总数": 2, "本年新建": 1, "四有达标数": 1, "四有达标率": 0.5,
            m.CHECKED: 2, "跟踪覆盖率": 1.0, "捐赠折价合计（本年累计）": 0.2,
            "活动次数（本年累计）": None, "年度建组任务": 3, "任务完成率": 0.3333,
        }),
        m.TownFigures("丙镇", "missing"),  # no ledger: not in the sums
    ]  # fmt: skip
    total = m.district_total(towns, [5, 3, 4])
    assert total == {
        "妇委会总数": 8,
        "本年新建": 5,
        "四有达标数": 3,
        m.CHECKED: 3,
        "捐赠折价合计（本年累计）": 100.91,  # 100.905 to the fen
        "活动次数（本年累计）": 5,  # a figure nobody has counts as 0
        "年度建组任务": 12,  # every town's quota, reported or not
        "四有达标率": 0.375,  # recomputed: 3 / 8, not the rates summed
        "跟踪覆盖率": 0.375,
        "任务完成率": 0.4167,  # 5 / 12
    }
    assert isinstance(total["本年新建"], int)
    assert m.district_total(towns, [])["任务完成率"] is None
    assert m.district_total(towns, [])["年度建组任务"] is None
    nothing = m.district_total([m.TownFigures("丙镇", "missing")], [2])
    assert nothing == {"年度建组任务": 2, "四有达标率": None, "跟踪覆盖率": None, "任务完成率": 0.0}


@pytest.mark.parametrize(
    ("quota", "month", "due"),
    [(12, 6, 6), (2, 1, 0), (11, 1, 0), (12, 1, 1), (3, 4, 1), (9, 4, 3), (7, 12, 7), (0, 6, 0),
     (5, 12, 5), (13, 11, 11)],
)  # fmt: skip
def test_quota_due_at_an_even_pace(quota: int, month: int, due: int) -> None:
    assert m.quota_due(quota, month) == due


def test_rates() -> None:
    assert m.rate(1, 3) == 0.3333 and m.rate(2, 3) == 0.6667 and m.rate(0, 5) == 0.0
    assert m.rate(5, 0) is None and m.rate(0, 0) is None


def test_column_names() -> None:
    june, h1, y = Period.of_month("2026-06"), Period.half(2026, 1), Period.whole_year(2026)
    assert [m.flow_key("活动次数", p) for p in (june, h1, y, None)] == [
        "活动次数（本月）", "活动次数（本期）", "活动次数（本年累计）", "活动次数（本年累计）"
    ]  # fmt: skip
    assert [m.new_key(p) for p in (june, h1, y)] == ["本月新建", "本期新建", "本年新建"]
    assert m.period_flows(y) == []
    assert m.period_flows(june) == ["本月新建", *(f"{n}（本月）" for n in m.FLOWS)]
    cols = m.figure_columns(june, ["小区", "园区"])
    assert cols[:7] == [
        "妇委会总数",
        "本年新建",
        "本月新建",
        "小区",
        "园区",
        "软弱涣散",
        "覆盖女职工数",
    ]
    assert cols[7:11] == ["四有达标数", "四有达标率", "活动次数（本月）", "活动次数（本年累计）"]
    at = cols.index("跟踪检查次数（本年累计）")
    assert cols[at + 1 : at + 3] == [m.CHECKED, "跟踪覆盖率"]
    assert cols[-2:] == ["年度建组任务", "任务完成率"] and len(cols) == 33
    yearly = m.figure_columns(y, [])
    assert "本月新建" not in yearly and yearly[:2] == ["妇委会总数", "本年新建"]
    assert len(yearly) == 2 + 4 + 10 + 2 + 2 and sorted(JUNE_FIGURES) == sorted(
        ["本年撤销", *m.figure_columns(june, DOMAINS)]
    )


def test_what_a_form_or_a_ledger_lacks_counts_nothing() -> None:
    """A sheet the ledger does not have, a column role or an organisation column the form does not
    give, a form without status or domain: 0, "" or None, never an error or a 1."""
    ledger = _ledger()
    del ledger.tables["人选推荐"]
    assert ledger.rows("人选推荐") == [] and ledger.of("candidates") == []
    assert m.candidate_count(ledger, JUNE) == 0
    assert ledger.org({"组织名称": "甲"}, "trainings") == ""  # 培训台账 names no organisation
    ledger.src = dataclasses.replace(
        ledger.src, columns={k: v for k, v in ledger.src.columns.items() if k[1] != "participants"}
    )
    assert ledger.col("activities", "participants") == ""
    assert m.participants(ledger, JUNE) == 0 and m.activity_count(ledger, JUNE) == 2
    bare = m.Ledger.of_form(
        "新华街道", SimpleNamespace(role_column=lambda role: None, figures=FORM.figures)
    )
    assert (bare.town, bare.status, bare.withdrawn, bare.weak, bare.domain) == (
        "新华街道", None, None, None, None
    )  # fmt: skip
    full = m.Ledger.of_form("兴隆镇", FORM)
    assert (full.town, full.status, full.withdrawn, full.weak, full.domain) == (
        "兴隆镇", "组织状态", "已撤销", "软弱涣散", "领域类型"
    )  # fmt: skip


def test_checks_name_their_organisation_in_their_own_column() -> None:
    """跟踪覆盖率 matches each check to the roster by the checks sheet's own organisation column
    (a form may call it otherwise than the roster's key)."""
    ledger = _ledger(跟踪检查=[{"检查日期": D(2026, 6, 2), "被检查组织": "乙", "组织名称": "甲"}])
    ledger.src = dataclasses.replace(ledger.src, orgs={**ledger.src.orgs, "checks": "被检查组织"})
    assert m.orgs_checked(ledger, JUNE) == 1
    assert {ledger.org(r, "checks") for r in ledger.of("checks")} == {"乙"}
    ledger.tables["妇委会名录"] = [r for r in ROSTER if r["组织名称"] != "乙"]
    assert m.orgs_checked(ledger, JUNE) == 0  # 乙 is not on the roster: 甲 was never checked
