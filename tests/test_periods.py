"""Periods (口径): a generated year of cumulative ledgers, and every figure of a month, a half and
the year checked through `fedxl metrics --json`, the summary workbook and the Word reports.

Expected figures are computed here from the rows the test wrote, never taken from fedxl.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from fedxl.form.periods import Period, Window, parse_period, period_end
from fedxl.i18n import t
from fedxl.jobs.samples import LedgerData, cumulative_ledgers, write_plain_ledger
from fedxl.reports.render import docx_text
from fedxl.store import Store
from fedxl.submissions import ingest
from fedxl.workspace import Workspace

TOWNS = ["头道桥街道", "二道河街道", "新华街道"]
AS_OF = "2026-12-20"  # "now" for every command here: tests never depend on the clock
NOW = dt.datetime(2026, 12, 20, 12)
MONTHS = list(range(4, 12))  # April (rows from January on) to November
LATE = ("新华街道", 10)  # October's ledger of 新华街道 comes on 8 November, after the deadline
DATED = {
    "活动台账": "活动日期",
    "培训台账": "培训日期",
    "服务台账": "服务日期",
    "捐赠台账": "捐赠日期",
    "跟踪检查": "检查日期",
    "四送记录": "送达日期",
    "人选推荐": "推荐日期",
}


def received(town: str, month: int) -> dt.datetime:
    day = 8 if (town, month) == LATE else 1 + TOWNS.index(town)
    return dt.datetime(2026, month + 1, day, 9, 30)


@pytest.fixture(scope="module")
def year(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Workspace, dict[str, dict[int, LedgerData]]]:
    from fedxl.jobs.setup import init_workspace

    root = tmp_path_factory.mktemp("year") / "ws"
    init_workspace(root, year=2026)
    ws = Workspace(root)
    data = {
        town: cumulative_ledgers(ws.form, town, 2026, MONTHS, seed=i + 1, orgs=4, events=3)
        for i, town in enumerate(TOWNS)
    }
    for town, months in data.items():
        for month, ledger in months.items():
            path = ws.folder("inbox") / f"{town}{month}月台账.xlsx"
            write_plain_ledger(ws.form, ledger, path)
            when = received(town, month).timestamp()
            os.utime(path, (when, when))  # the inbox file's time is its received time
    batch = ingest(ws, workers=1)
    assert [r.report.status for r in batch.results] == ["accepted"] * len(TOWNS) * len(MONTHS), [
        f.to_dict() for r in batch.results for f in r.report.findings if f.severity != "info"
    ]
    assert not [f for r in batch.results for f in r.report.findings if f.code == "records-missing"]
    return ws, data


# --- the figures the test expects, from its own rows ------------------------------------------


def inside(day: Any, start: dt.date, end: dt.date) -> bool:
    return isinstance(day, dt.date) and start <= day <= end


def expected(
    data: dict[str, dict[int, LedgerData]], month_of_e: int, start: dt.date, end: dt.date
) -> dict[str, Any]:
    """District figures: stocks from each town's ledger of `month_of_e`, flows dated start..end."""
    out: dict[str, Any] = {
        "orgs": 0,
        "new": 0,
        "new_year": 0,
        "acts": 0,
        "people": 0,
        "cash": 0.0,
        "acts_ytd": 0,
        "services": 0,
        "four": 0,
        "checked": 0,
    }
    for months in data.values():
        ledger = months[month_of_e]
        orgs = [o for o in ledger.tables["妇委会名录"] if o["组织状态"] != "已撤销"]
        out["orgs"] += len(orgs)
        out["new"] += sum(inside(o["成立日期"], start, end) for o in orgs)
        out["new_year"] += sum(inside(o["成立日期"], dt.date(2026, 1, 1), end) for o in orgs)
        acts = [a for a in ledger.tables["活动台账"] if inside(a["活动日期"], start, end)]
        out["acts"] += len(acts)
        out["people"] += sum(a["参与人数"] for a in acts)
        out["acts_ytd"] += sum(
            inside(a["活动日期"], dt.date(2026, 1, 1), end) for a in ledger.tables["活动台账"]
        )
        out["services"] += sum(inside(s["服务日期"], start, end) for s in ledger.tables["服务台账"])
        out["cash"] += sum(
            d["现金(元)"] or 0
            for d in ledger.tables["捐赠台账"]
            if inside(d["捐赠日期"], start, end)
        )
        out["four"] += sum(
            all(o[k] == "是" for k in ("有活动场所", "有宣传阵地", "有组织制度", "有风采展板"))
            for o in orgs
        )
    return out


# --- periods as values --------------------------------------------------------------------------


def test_periods_parse_and_end_at_the_latest_accepted_month() -> None:
    assert parse_period("2026-11") == Period.month(2026, 11) == parse_period("2026年11月")
    assert parse_period("2026H2") == Period.half(2026, 2) == parse_period("2026年下半年")
    assert parse_period("2026") == Period.whole_year(2026)
    h2 = Period.half(2026, 2)
    assert (h2.start, h2.last_day, h2.months[0], h2.months[-1]) == (
        dt.date(2026, 7, 1),
        dt.date(2026, 12, 31),
        "2026-07",
        "2026-12",
    )
    assert period_end(h2, "2026-11") == dt.date(2026, 11, 30)
    assert period_end(Period.half(2026, 1), "2026-11") == dt.date(2026, 6, 30)
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.half(2026, 1).previous() == Period.half(2025, 2)
    assert Window(dt.date(2026, 7, 1), dt.date(2026, 11, 30)).year_to_date.start == dt.date(
        2026, 1, 1
    )


# --- fedxl metrics ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "month_of_e", "start", "scope"),
    [
        (("--month", "2026-10"), 10, dt.date(2026, 10, 1), "本月"),
        (("--half", "2026H1"), 6, dt.date(2026, 1, 1), "本期"),
        (
            ("--half", "2026H2"),
            11,
            dt.date(2026, 7, 1),
            "本期",
        ),  # E = 30 November: December has no data
        (("--year", "2026"), 11, dt.date(2026, 1, 1), None),
    ],
)
def test_metrics_json_month_half_year(
    year, run, args: tuple[str, str], month_of_e: int, start: dt.date, scope: str | None
) -> None:
    ws, data = year
    out = run("metrics", *args, "--json", "--as-of", AS_OF, "-w", str(ws.root))
    assert out.exit_code == 0, out.stderr
    doc: Any = out.json()
    end = dt.date(2026, month_of_e, 30 if month_of_e in (4, 6, 9, 11) else 31)
    assert (doc["start"], doc["end"]) == (start.isoformat(), end.isoformat())
    want = expected(data, month_of_e, start, end)
    got = doc["district"]
    assert got["妇委会总数"] == want["orgs"]
    assert got["本年新建"] == want["new_year"]
    assert got["活动次数（本年累计）"] == want["acts_ytd"]
    assert got["四有达标率"] == pytest.approx(want["four"] / want["orgs"], abs=1e-4)
    if scope is None:  # the year: its flows are 本年累计
        assert got["活动次数（本年累计）"] == want["acts"] and "活动次数（本期）" not in got
    else:
        assert got[f"{scope}新建"] == want["new"]
        assert got[f"活动次数（{scope}）"] == want["acts"]
        assert got[f"参与人次（{scope}）"] == want["people"]
        assert got[f"亲情服务次数（{scope}）"] == want["services"]
        assert got[f"捐赠现金合计（{scope}）"] == pytest.approx(want["cash"])
    towns = {t["镇街"]: t for t in doc["towns"]}
    assert set(towns) == {t.name for t in ws.config.towns}
    for town in TOWNS:
        acts = [
            a
            for a in data[town][month_of_e].tables["活动台账"]
            if inside(a["活动日期"], start, end)
        ]
        assert towns[town][
            "活动次数（本年累计）" if scope is None else f"活动次数（{scope}）"
        ] == len(acts)
    assert "妇委会总数" not in towns["双山镇"]  # no ledger at all


def test_half_year_figures_differ_from_the_year(year, run) -> None:
    ws, _ = year
    h1 = run("metrics", "--half", "2026H1", "--json", "--as-of", AS_OF, "-w", str(ws.root)).json()
    y = run("metrics", "--year", "2026", "--json", "--as-of", AS_OF, "-w", str(ws.root)).json()
    assert h1["district"]["活动次数（本期）"] < y["district"]["活动次数（本年累计）"]  # type: ignore[index]


def test_metrics_table_and_refusals(year, run) -> None:
    ws, _ = year
    out = run("metrics", "--half", "2026H2", "--as-of", AS_OF, "-w", str(ws.root))
    assert out.exit_code == 0 and "全区合计" in out.stdout and "2026年11月30日" in out.stdout
    assert (
        run("metrics", "--month", "2026-02", "--as-of", AS_OF, "-w", str(ws.root)).exit_code == 2
    )  # no ledger of February
    assert (
        run(
            "metrics",
            "--month",
            "2026-10",
            "--half",
            "2026H2",
            "--as-of",
            AS_OF,
            "-w",
            str(ws.root),
        ).exit_code
        == 2
    )
    assert run("metrics", "--half", "2026H3", "--as-of", AS_OF, "-w", str(ws.root)).exit_code == 2


# --- status: pending is not late ----------------------------------------------------------------


def test_pending_until_the_deadline_and_late_after(year, run) -> None:
    ws, _ = year
    early = run(
        "status", "-m", "2026-11", "--as-of", "2026-12-02", "--json", "-w", str(ws.root)
    ).json()
    states = {t["town"]: t["state"] for t in early["towns"]}  # type: ignore[index]
    assert (
        states["头道桥街道"] == "submitted"
        and states["新华街道"] == "pending"
        and states["双山镇"] == "pending"
    )
    later = run(
        "status", "-m", "2026-11", "--as-of", "2026-12-10", "--json", "-w", str(ws.root)
    ).json()
    states = {t["town"]: t["state"] for t in later["towns"]}  # type: ignore[index]
    # received 3 Dec: on time
    assert states["新华街道"] == "submitted" and states["双山镇"] == "missing"
    october = run("status", "-m", "2026-10", "--json", "-w", str(ws.root)).json()
    assert {t["town"]: t["state"] for t in october["towns"]}["新华街道"] == "late"  # type: ignore[index]


# --- the summary workbook -----------------------------------------------------------------------


def test_summary_headers_say_year_to_date(year, tmp_path: Path) -> None:
    from fedxl.merging import merge

    ws, data = year
    result = merge(ws, "2026-11", now=dt.datetime(2026, 12, 3, 12))
    sheet = openpyxl.load_workbook(result.path)["汇总表"]
    header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "镇街")
    names = [str(c.value).split("\n")[0] for c in sheet[header] if c.value]
    rows = {
        sheet.cell(r, 1).value: {n: sheet.cell(r, i + 1).value for i, n in enumerate(names)}
        for r in range(header + 1, sheet.max_row + 1)
        if sheet.cell(r, 1).value
    }
    want = expected(data, 11, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert rows["全区合计"]["活动次数（本年累计）"] == want["acts_ytd"]
    assert rows["全区合计"]["本月新建"] == want["new"]
    assert rows["二道河街道"]["报送状态"] == "已报送" and rows["双山镇"]["报送状态"] == "待报送"


# --- the Word reports ---------------------------------------------------------------------------


def _report_text(ws: Workspace, kind: str, period: str, now: dt.datetime) -> str:
    from fedxl.reports import make_report

    return docx_text(make_report(ws, kind, period, now=now).path)


def test_briefing_compares_the_months_own_activities(year) -> None:
    ws, data = year
    text = _report_text(ws, "briefing", "2026-11", dt.datetime(2026, 12, 3, 12))
    nov = expected(data, 11, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    octo = expected(data, 10, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert f"本月，各新领域妇女组织开展活动{nov['acts']}次、参与{nov['people']}人次" in text
    assert f"今年以来，累计开展活动{nov['acts_ytd']}次" in text
    diff = nov["acts"] - octo["acts"]
    change = "持平" if diff == 0 else f"{'增加' if diff > 0 else '减少'}{abs(diff)}次"
    assert f"与上月相比，本月开展活动{change}" in text
    assert "截至2026年11月30日" in text
    # the other towns' deadline (5 December) has not passed
    assert "逾期" not in text and "未报送" not in text
    later = _report_text(ws, "briefing", "2026-11", dt.datetime(2026, 12, 10, 12))
    assert "双山镇未报送11月台账" in later


def test_highlights_come_from_the_period(year) -> None:
    from fedxl.reports import make_report

    ws, data = year
    result = make_report(ws, "briefing", "2026-06", now=NOW)
    june = [
        a
        for months in data.values()
        for a in months[6].tables["活动台账"]
        if a["活动日期"].month == 6
    ]
    top = max(june, key=lambda a: a["参与人数"])
    lines = [h for h in result.context["highlights"] if "活动" in h]  # type: ignore[union-attr]
    assert lines and all("（6月" in line for line in lines)
    assert f"“{top['活动名称']}”活动，{top['参与人数']}人参与" in lines[0]


def test_half_year_report_uses_the_half(year) -> None:
    ws, data = year
    text = _report_text(ws, "half-year", "2026H2", dt.datetime(2026, 12, 3, 12))
    h1, h2 = (
        expected(data, last, dt.date(2026, first, 1), dt.date(2026, last, 30))
        for first, last in ((1, 6), (7, 11))
    )
    assert f"下半年新建妇委会{h2['new']}个" in text
    assert f"共开展活动{h2['acts']}次、参与{h2['people']}人次" in text
    assert "截至2026年11月30日" in text and "12月31日" not in text
    assert "与上半年相比" in text and "与上月相比" not in text
    diff = h2["acts"] - h1["acts"]
    assert f"开展活动{'增加' if diff > 0 else '减少'}{abs(diff)}次" in text or diff == 0
    assert "逾期" not in text and "未报送" not in text


def test_issue_numbers_run_in_month_order_and_stay(year) -> None:
    from fedxl.reports import make_report

    ws, _ = year
    with Store(ws.db_path, ws.form) as store:
        store.conn.execute("DELETE FROM doc_numbers WHERE series = 'briefing'")
    nov = make_report(ws, "briefing", "2026-11", now=NOW)  # made first
    octo = make_report(ws, "briefing", "2026-10", now=NOW)
    again = make_report(ws, "briefing", "2026-11", now=NOW)
    assert (nov.context["issue_no"], octo.context["issue_no"], again.context["issue_no"]) == (
        8,
        7,
        8,
    )
    assert "第8期" in docx_text(again.path)


def test_an_empty_period_is_refused_and_uses_no_number(year, run) -> None:
    ws, _ = year
    for args in (
        ("report", "briefing", "-m", "2026-02"),
        ("report", "half-year", "--half", "2027H1"),
        ("merge", "-m", "2026-02"),
    ):
        out = run(*args, "--as-of", AS_OF, "-w", str(ws.root))
        period = "2027年上半年" if "2027H1" in args else "2026年2月"
        assert out.exit_code == 2 and t("period.empty", period=period) in " ".join(
            out.stderr.split()
        ), args
    assert not list(ws.folder("reports").glob("*2026-02*")) and not list(
        ws.folder("summaries").glob("*2026-02*")
    )
    with Store(ws.db_path, ws.form) as store:
        assert "2026-02" not in store.doc_numbers("briefing", 2026)


# --- never destroy an edit ----------------------------------------------------------------------


def test_an_edited_report_and_summary_survive_a_rerun(year, tmp_path: Path, run) -> None:
    from docx import Document

    ws, _ = year
    root = tmp_path / "ws"
    shutil.copytree(ws.root, root)
    first = run("report", "briefing", "-m", "2026-11", "--as-of", AS_OF, "-w", str(root))
    assert first.exit_code == 0
    path = next(Workspace(root).folder("reports").glob("*工作简报_2026-11.docx"))
    doc = Document(str(path))
    doc.add_paragraph("主席批示：请各镇街抓好落实。")
    doc.save(str(path))
    again = run("report", "briefing", "-m", "2026-11", "--as-of", AS_OF, "-w", str(root))
    assert again.exit_code == 0 and "被修改过" in again.stdout
    assert "主席批示" in docx_text(path)
    beside = path.with_name(path.stem + "_2.docx")
    assert beside.exists() and "主席批示" not in docx_text(beside)
    # fedxl's own _2 is replaced, no _3
    run("report", "briefing", "-m", "2026-11", "--as-of", AS_OF, "-w", str(root))
    assert not path.with_name(path.stem + "_3.docx").exists()

    assert run("merge", "-m", "2026-11", "--as-of", AS_OF, "-w", str(root)).exit_code == 0
    summary = next(Workspace(root).folder("summaries").glob("*_2026-11.xlsx"))
    wb = openpyxl.load_workbook(summary)
    wb["汇总表"]["A1"].comment = openpyxl.comments.Comment("已核对", "林晓梅")
    wb.save(summary)
    out = run("merge", "-m", "2026-11", "--as-of", AS_OF, "-w", str(root))
    assert out.exit_code == 0 and "被修改过" in out.stdout
    assert openpyxl.load_workbook(summary)["汇总表"]["A1"].comment is not None
    assert summary.with_name(summary.stem + "_2.xlsx").exists()


# --- December: the blank carries the year; a ledger that lost rows is warned --------------------


def test_december_blank_carries_the_year_and_a_lost_ledger_is_warned(
    year, tmp_path: Path, run
) -> None:
    ws0, data = year
    root = tmp_path / "ws"
    shutil.copytree(ws0.root, root)
    ws = Workspace(root)
    town = "头道桥街道"
    assert run("template", "-t", town, "-m", "2026-12", "-w", str(root)).exit_code == 0
    blank = ws.folder("blank") / f"{town}_2026-12_基础台账.xlsx"
    wb = openpyxl.load_workbook(blank)
    acts = wb["活动台账"]
    header = next(
        r for r in range(1, 10) if any(str(c.value or "").endswith("活动日期") for c in acts[r])
    )
    cols = {str(c.value).lstrip("*"): c.column for c in acts[header] if c.value}
    filled = [
        r for r in range(header + 1, acts.max_row + 1) if acts.cell(r, cols["活动名称"]).value
    ]
    nov = data[town][11]
    # the whole year came along, not only 妇委会名录
    assert len(filled) == len(nov.tables["活动台账"])
    row = filled[-1] + 1  # the clerk appends December's activity
    org = nov.tables["妇委会名录"][0]["组织名称"]
    for name, value in (
        ("活动日期", dt.date(2026, 12, 3)),
        ("组织名称", org),
        ("活动名称", "冬季暖心慰问"),
        ("活动类别", "关爱服务"),
        ("参与人数", 30),
    ):
        acts.cell(row, cols[name], value)
    info = wb["基本信息"]
    for r in range(1, info.max_row + 1):
        if str(info.cell(r, 1).value or "").lstrip("*") == "填报日期":
            info.cell(r, 2, dt.date(2026, 12, 4))
    wb.save(ws.folder("inbox") / "头道桥12月.xlsx")

    lost = data["二道河街道"][
        6
    ]  # 二道河 starts December from its June file: July–November rows are gone
    lost.info = {**lost.info, "截至月份": "2026-12", "填报日期": dt.date(2026, 12, 4)}
    write_plain_ledger(ws.form, lost, ws.folder("inbox") / "二道河12月.xlsx")
    batch = ingest(ws, received_at=dt.datetime(2026, 12, 4, 10))
    results = {Path(r.report.file).name: r.report for r in batch.results}
    tdq, edh = results["头道桥12月.xlsx"], results["二道河12月.xlsx"]
    assert tdq.status == "accepted" and not [f for f in tdq.findings if f.severity != "info"]
    missing = {f.sheet: f.value for f in edh.findings if f.code == "records-missing"}
    gone = len(
        [
            a
            for a in data["二道河街道"][11].tables["活动台账"]
            if a["活动日期"] > dt.date(2026, 6, 30)
        ]
    )
    assert missing["活动台账"] == gone and edh.status == "accepted"

    doc: Any = run("metrics", "-m", "2026-12", "--json", "--as-of", AS_OF, "-w", str(root)).json()
    towns = {t["镇街"]: t for t in doc["towns"]}
    assert towns[town]["活动次数（本月）"] == 1
    assert towns[town]["活动次数（本年累计）"] == len(nov.tables["活动台账"]) + 1
    from fedxl.merging import merge

    alerts = openpyxl.load_workbook(merge(ws, "2026-12", now=NOW).path)["预警"]
    kinds = {(r[0].value, r[1].value) for r in alerts.iter_rows(min_row=4)}
    assert ("记录减少", "二道河街道") in kinds


# --- a new year: last year's figures to compare with, and the January blank ---------------------


def test_a_new_year_compares_with_last_year_and_starts_from_the_roster(tmp_path: Path, run) -> None:
    from fedxl.jobs.setup import init_workspace
    from fedxl.reports import make_report

    root = tmp_path / "ws"
    init_workspace(root, year=2025)
    ws = Workspace(root)
    town = "兴隆镇"
    last = cumulative_ledgers(ws.form, town, 2025, [6, 12], seed=7, orgs=4, events=3)
    last[12].tables["妇委会名录"][0]["组织状态"] = "已撤销"
    for month, ledger in last.items():
        write_plain_ledger(ws.form, ledger, ws.folder("inbox") / f"{month}.xlsx")
        ingest(ws, received_at=dt.datetime(2025 + month // 12, month % 12 + 1, 2))
    config = root / "fedxl.toml"  # the district moves the workspace to the new ledger year
    config.write_text(
        config.read_text(encoding="utf-8").replace("ledger_year = 2025", "ledger_year = 2026"),
        encoding="utf-8",
    )
    ws = Workspace(root)

    assert run("template", "-t", town, "-m", "2026-01", "-w", str(root)).exit_code == 0
    wb = openpyxl.load_workbook(ws.folder("blank") / f"{town}_2026-01_基础台账.xlsx")
    names = [c.value for c in wb["妇委会名录"]["B"][2:] if c.value]
    assert names == [o["组织名称"] for o in last[12].tables["妇委会名录"][1:]]  # 已撤销 left behind
    assert not [
        c.value for c in wb["活动台账"]["D"][2:] if c.value
    ]  # last year's events stay there

    now = cumulative_ledgers(ws.form, town, 2026, [6], seed=8, orgs=4, events=3)[6]
    write_plain_ledger(ws.form, now, ws.folder("inbox") / "2026-6.xlsx")
    ingest(ws, received_at=dt.datetime(2026, 7, 2))
    text = docx_text(make_report(ws, "half-year", "2026H1", now=NOW).path)
    acts_now = len(now.tables["活动台账"])
    acts_then = sum(a["活动日期"] <= dt.date(2025, 6, 30) for a in last[6].tables["活动台账"])
    diff = acts_now - acts_then
    change = "持平" if diff == 0 else f"{'增加' if diff > 0 else '减少'}{abs(diff)}次"
    assert f"与2025年上半年相比，本期开展活动{change}" in text
    doc: Any = run(
        "metrics", "--half", "2025H1", "--json", "--as-of", AS_OF, "-w", str(root)
    ).json()
    assert doc["district"]["活动次数（本期）"] == acts_then


def test_a_town_on_an_older_ledger_has_no_figures_for_the_month(year) -> None:
    from fedxl.reports import make_report

    ws, _ = year  # on 2 December 新华街道's November ledger has not come yet (it comes on the 3rd)
    result = make_report(ws, "briefing", "2026-11", now=dt.datetime(2026, 12, 2, 18))
    rows = {t["town"]: t for t in result.context["towns"]}  # type: ignore[union-attr]
    assert rows["新华街道"]["state"] == "待报送（沿用10月）"
    assert (rows["新华街道"]["activities"], rows["新华街道"]["services"]) == ("—", "—")
    # its organisations are still counted, from October's ledger
    assert rows["新华街道"]["orgs"] != "—"
    assert rows["头道桥街道"]["activities"] != "—"


@pytest.mark.parametrize("label", ["2026-11", "2026H2", "2026"])
def test_figures_read_from_the_columns_they_need_equal_the_whole_ledgers(year, label: str) -> None:
    """`fedxl metrics` (and a city) read only the columns the figures and the 预警 use; the merge
    reads the whole rows: the same figures, alerts and months either way."""
    from fedxl.form.periods import parse_period
    from fedxl.merging.summary import build_summary
    from fedxl.store import open_store

    ws, _ = year
    period = parse_period(label)
    form = ws.forms.for_year(period.year)
    now = dt.datetime(2026, 12, 20)
    with open_store(ws, form=form, readonly=True) as store:
        whole = build_summary(ws.config, form, store, period, now=now)
        needed = build_summary(ws.config, form, store, period, now=now, whole=False)
    assert needed.to_dict() == whole.to_dict()
    assert needed.alerts == whole.alerts and needed.new_by_month == whole.new_by_month
    assert needed.total["妇委会总数"] > 0
