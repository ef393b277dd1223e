"""The district summary: every 汇总表 figure recomputed here, independently of
fedxl.merging.metrics."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from fedxl.jobs.samples import LedgerData, town_ledger, write_plain_ledger
from fedxl.merging import merge
from fedxl.submissions import ingest
from fedxl.workspace import Workspace

FLOWS = [
    "活动次数",
    "参与人次",
    "培训期数",
    "培训人次",
    "亲情服务次数",
    "受益人数",
    "捐赠折价合计",
    "捐赠现金合计",
    "跟踪检查次数",
    "推荐人选数",
]
DOMAINS = ["非公有制企业", "社会组织", "小区", "商务楼宇", "园区", "专业市场", "网络平台", "其他"]
FOUR = ["有活动场所", "有宣传阵地", "有组织制度", "有风采展板"]


def expected_figures(d: LedgerData, month: int, quota: int | None) -> dict[str, object]:
    start, end = dt.date(2026, 1, 1), dt.date(2026, month, 30 if month in (4, 6, 9, 11) else 31)

    def inside(day: object) -> bool:
        return isinstance(day, dt.date) and start <= day <= end

    everyone = d.tables["妇委会名录"]  # 本年新建 counts the year's new ones, 已撤销 or not
    orgs = [o for o in everyone if o["组织状态"] != "已撤销"]
    out: dict[str, object] = {"妇委会总数": len(orgs)}
    out["本年新建"] = len([o for o in everyone if inside(o["成立日期"])])
    out["本月新建"] = len(
        [o for o in everyone if o["成立日期"].year == 2026 and o["成立日期"].month == month]
    )
    for domain in DOMAINS:
        out[domain] = len([o for o in orgs if o["领域类型"] == domain])
    out["软弱涣散"] = len([o for o in d.tables["妇委会名录"] if o["组织状态"] == "软弱涣散"])
    out["覆盖女职工数"] = sum(o["女职工数"] for o in orgs)
    out["四有达标数"] = len([o for o in orgs if all(o[k] == "是" for k in FOUR)])
    acts = [a for a in d.tables["活动台账"] if inside(a["活动日期"])]
    out["活动次数"], out["参与人次"] = len(acts), sum(a["参与人数"] for a in acts)
    trains = [x for x in d.tables["培训台账"] if inside(x["培训日期"])]
    out["培训期数"], out["培训人次"] = (
        sum(x["培训期数"] for x in trains),
        sum(x["培训人数"] for x in trains),
    )
    services = [x for x in d.tables["服务台账"] if inside(x["服务日期"])]
    out["亲情服务次数"], out["受益人数"] = len(services), sum(x["受益人数"] for x in services)
    gifts = [x for x in d.tables["捐赠台账"] if inside(x["捐赠日期"])]
    out["捐赠折价合计"] = sum(x["物资折价(元)"] or 0 for x in gifts)
    out["捐赠现金合计"] = sum(x["现金(元)"] or 0 for x in gifts)
    checks = [x for x in d.tables["跟踪检查"] if inside(x["检查日期"])]
    out["跟踪检查次数"] = len(checks)
    checked = {x["组织名称"] for x in checks}
    out["_checked"] = len([o for o in orgs if o["组织名称"] in checked])
    out["推荐人选数"] = len([x for x in d.tables["人选推荐"] if inside(x["推荐日期"])])
    out["年度建组任务"] = quota
    return out


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from fedxl.jobs.setup import init_workspace

    root = tmp_path_factory.mktemp("merge") / "ws"
    ws = init_workspace(root, year=2026)
    ws = Workspace(root)
    made: dict[str, tuple[LedgerData, int]] = {}

    def send(town: str, month: int, when: str, seed: int, tweak=None) -> None:  # type: ignore[no-untyped-def]
        d = town_ledger(ws.form, town, 2026, month, seed=seed, orgs=6, events=9)
        if tweak:
            tweak(d)
        path = ws.folder("inbox") / f"{town}_{month}.xlsx"
        write_plain_ledger(ws.form, d, path)
        batch = ingest(ws, received_at=dt.datetime.fromisoformat(when))
        assert batch.results[0].report.status == "accepted", [
            f.to_dict() for f in batch.results[0].report.findings
        ]
        made[town] = (d, month)

    def formula_name(d: LedgerData) -> None:
        old = d.tables["妇委会名录"][0]["组织名称"]
        d.tables["妇委会名录"][0]["组织名称"] = '=HYPERLINK("http://x","点我")妇委会'
        d.tables["妇委会名录"][1]["组织状态"] = "已撤销"
        for sheet in ("活动台账", "服务台账", "捐赠台账", "跟踪检查", "四送记录"):
            for row in d.tables[sheet]:
                if row["组织名称"] == old:
                    row["组织名称"] = d.tables["妇委会名录"][0]["组织名称"]
        for row in d.tables["人选推荐"]:
            if row["所在组织"] == old:
                row["所在组织"] = d.tables["妇委会名录"][0]["组织名称"]

    send("头道桥街道", 6, "2026-07-02T09:00", 1, formula_name)
    send("二道河街道", 6, "2026-07-03T09:00", 2)
    send("新华街道", 6, "2026-07-09T09:00", 3)  # late
    send("站前街道", 5, "2026-06-03T09:00", 4)  # only May: its May ledger is used, flagged
    send(
        "兴隆镇",
        6,
        "2026-07-01T09:00",
        5,
        lambda d: d.tables["妇委会名录"][2].update(组织状态="软弱涣散"),
    )
    # a town adds a column of its own to 活动台账
    path = ws.folder("inbox") / "永安镇_6.xlsx"
    d = town_ledger(ws.form, "永安镇", 2026, 6, seed=6, orgs=6, events=9)
    write_plain_ledger(ws.form, d, path)
    wb = openpyxl.load_workbook(path)
    wb["活动台账"]["I2"] = "联系人"
    wb["活动台账"]["I3"] = "王芳"
    wb.save(path)
    ingest(ws, received_at=dt.datetime(2026, 7, 4, 9))
    made["永安镇"] = (d, 6)
    result = merge(ws, "2026-06")
    return ws, made, result


def _summary_rows(path: Path) -> tuple[list[str], dict[str, dict[str, object]]]:
    ws = openpyxl.load_workbook(path)["汇总表"]
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "镇街")
    names = [str(c.value).split("\n")[0] for c in ws[header_row] if c.value]
    rows = {}
    for r in range(header_row + 1, ws.max_row + 1):
        town = ws.cell(r, 1).value
        if town:
            rows[town] = {n: ws.cell(r, i + 1).value for i, n in enumerate(names)}
    return names, rows


def test_columns_are_the_spec_columns(merged) -> None:  # type: ignore[no-untyped-def]
    ws, made, result = merged
    assert result.path.name == "振兴区新领域妇联组织建设汇总表_2026-06.xlsx"
    names, rows = _summary_rows(result.path)
    ytd = [f"{n}（本年累计）" for n in FLOWS]
    assert names == [
        "镇街",
        "报送状态",
        "妇委会总数",
        "本年新建",
        "本月新建",
        *DOMAINS,
        "软弱涣散",
        "覆盖女职工数",
        "四有达标数",
        "四有达标率",
        *ytd[:9],
        "跟踪覆盖率",
        ytd[9],
        "年度建组任务",
        "任务完成率",
    ]
    assert list(rows)[: len(ws.config.towns)] == [t.name for t in ws.config.towns]
    assert "全区合计" in rows


def test_every_figure_recomputed_independently(merged) -> None:  # type: ignore[no-untyped-def]
    ws, made, result = merged
    _, rows = _summary_rows(result.path)
    quotas = {t.name: t.quota for t in ws.config.towns}
    for town, (data, month) in made.items():
        want = expected_figures(data, 6, quotas[town])
        got = rows[town]
        for key, value in want.items():
            if key.startswith("_"):
                continue
            column = f"{key}（本年累计）" if key in FLOWS else key
            if (
                key == "本月新建" and month != 6
            ):  # an older ledger says nothing of June: unknown, not 0
                assert got[column] == "—", town
                continue
            assert got[column] == pytest.approx(value), (town, key)
        total = want["妇委会总数"]
        assert got["四有达标率"] == pytest.approx(want["四有达标数"] / total, abs=1e-4)
        assert got["跟踪覆盖率"] == pytest.approx(want["_checked"] / total, abs=1e-4)
        assert got["任务完成率"] == pytest.approx(want["本年新建"] / quotas[town], abs=1e-4)


def test_states_earlier_month_and_missing(merged) -> None:  # type: ignore[no-untyped-def]
    ws, made, result = merged
    _, rows = _summary_rows(result.path)
    assert rows["头道桥街道"]["报送状态"] == "已报送"
    assert rows["新华街道"]["报送状态"] == "逾期报送"
    assert rows["站前街道"]["报送状态"] == "未报送（沿用5月）"
    assert (
        rows["站前街道"]["妇委会总数"]
        == expected_figures(made["站前街道"][0], 6, None)["妇委会总数"]
    )
    assert rows["柳河镇"]["报送状态"] == "未报送" and rows["柳河镇"]["妇委会总数"] == "—"  # unknown


def test_district_total_sums_and_recomputes_rates(merged) -> None:  # type: ignore[no-untyped-def]
    ws, made, result = merged
    _, rows = _summary_rows(result.path)
    towns = [rows[t.name] for t in ws.config.towns]
    total = rows["全区合计"]
    for key in (
        "妇委会总数",
        "本年新建",
        "活动次数（本年累计）",
        "参与人次（本年累计）",
        "捐赠现金合计（本年累计）",
        *DOMAINS,
    ):
        assert total[key] == pytest.approx(
            sum(r[key] for r in towns if isinstance(r[key], int | float))
        ), key
    assert total["四有达标率"] == pytest.approx(total["四有达标数"] / total["妇委会总数"], abs=1e-4)
    assert total["年度建组任务"] == sum(t.quota for t in ws.config.towns)
    # every town due shows its task, with a ledger or not: the column adds up to the total
    assert sum(rows[t.name]["年度建组任务"] for t in ws.config.towns) == total["年度建组任务"]
    assert total["任务完成率"] == pytest.approx(total["本年新建"] / total["年度建组任务"], abs=1e-4)


def test_formula_looking_text_stays_text_and_extra_columns_are_kept(merged) -> None:  # type: ignore[no-untyped-def]
    ws, made, result = merged
    wb = openpyxl.load_workbook(result.path)
    roster = wb["妇委会名录"]
    cells = [
        c
        for row in roster.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=HYPER")
    ]
    assert cells and all(c.data_type == "s" for c in cells)
    acts = wb["活动台账"]
    header = [c.value for c in acts[3]]
    assert header[0] == "镇街" and header[-2:] == ["来源文件", "原行号"] and "联系人" in header
    col = header.index("联系人")
    values = [(r[0].value, r[col].value) for r in acts.iter_rows(min_row=4) if r[col].value]
    assert values == [("永安镇", "王芳")]
    towns = [r[0].value for r in acts.iter_rows(min_row=4)]
    order = [t.name for t in ws.config.towns]
    assert towns == sorted(towns, key=order.index)


def test_alerts_status_and_charts(merged) -> None:  # type: ignore[no-untyped-def]
    ws, made, result = merged
    wb = openpyxl.load_workbook(result.path)
    assert wb.sheetnames[:3] == ["汇总表", "报送情况", "预警"]
    kinds = {(r[0].value, r[1].value) for r in wb["预警"].iter_rows(min_row=4)}
    assert (
        ("软弱涣散", "兴隆镇") in kinds
        and ("逾期报送", "新华街道") in kinds
        and ("未报送", "柳河镇") in kinds
    )
    assert len(wb["图表"]._charts) == 3
    summary_ws = wb["汇总表"]
    # 建组进度落后 exactly for the towns a whole organisation behind an even pace (June: half)
    heads = {
        str(summary_ws.cell(3, c).value).split("\n")[0]: c
        for c in range(1, summary_ws.max_column + 1)
    }
    behind, ahead = set(), set()
    for r in range(4, summary_ws.max_row):
        town, built = summary_ws.cell(r, 1).value, summary_ws.cell(r, heads["本年新建"]).value
        quota = summary_ws.cell(r, heads["年度建组任务"]).value
        if isinstance(built, int) and quota and town != "全区合计":
            (behind if built < quota * 6 // 12 else ahead).add(town)
    assert behind and ahead
    assert {town for kind, town in kinds if kind == "建组进度落后"} == behind
    assert summary_ws.freeze_panes and summary_ws.page_setup.orientation == "landscape"
    # two printed parts
    assert summary_ws.print_title_cols == "$A:$A" and len(summary_ws.col_breaks.brk) == 1
    assert int(summary_ws.page_setup.scale) >= 75
    # a combined sheet wider than a page: printed in parts, 镇街 on each, the title over each
    roster = wb["妇委会名录"]
    breaks = [b.id for b in roster.col_breaks.brk]
    assert breaks and roster.print_title_cols == "$A:$A" and int(roster.page_setup.scale) >= 92
    titles = sorted(
        (r.min_col, r.max_col, roster.cell(1, r.min_col).value)
        for r in roster.merged_cells.ranges
        if r.min_row == 1
    )
    assert titles[0][:2] == (1, breaks[0]) and titles[0][2] == "妇委会名录（全区汇总）"
    assert [t[0] - 1 for t in titles[1:]] == breaks and titles[-1][1] == roster.max_column
    assert all(t[2] == "妇委会名录（全区汇总）（续）" for t in titles[1:])


@pytest.mark.parametrize(
    ("quota", "month", "due"),
    [(2, 1, 0), (4, 1, 0), (11, 1, 0), (12, 1, 1), (3, 6, 1), (4, 6, 2), (4, 9, 3), (3, 12, 3)],
)
def test_a_quota_is_due_in_whole_organisations(quota: int, month: int, due: int) -> None:
    """In January every town was 建组进度落后 (1 of a quota of 2–4 due): due is rounded down."""
    from fedxl.merging.metrics import quota_due

    assert quota_due(quota, month) == due


def test_merge_is_deterministic(merged) -> None:  # type: ignore[no-untyped-def]
    ws, made, result = merged
    first = {
        s.title: [[c.value for c in row] for row in s.iter_rows()]
        for s in openpyxl.load_workbook(result.path)
    }
    again = merge(ws, "2026-06", now=result.summary.now)  # as of the same moment (not midnight)
    second = {
        s.title: [[c.value for c in row] for row in s.iter_rows()]
        for s in openpyxl.load_workbook(again.path)
    }
    assert first == second


def test_merge_cli(merged, run) -> None:  # type: ignore[no-untyped-def]
    ws, made, result = merged
    out = run("merge", "-w", str(ws.root))  # default month: the latest with submissions
    assert out.exit_code == 0 and "2026-06" in out.stdout and result.path.name in out.stdout
    assert run("merge", "-m", "六月", "-w", str(ws.root)).exit_code == 2


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler-utils (pdftotext) are not installed",
)
def test_summary_prints_legibly_in_two_parts(merged, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The 汇总表 prints on A4 landscape in two parts (组织建设 | 活动与服务) with 镇街 repeated,
    its body text at least 9 pt high: measured on the PDF LibreOffice makes of it."""
    import re
    import subprocess

    ws, made, result = merged
    book = openpyxl.load_workbook(result.path)
    for name in book.sheetnames[1:]:
        del book[name]  # the 汇总表 alone
    only = tmp_path / "汇总表.xlsx"
    book.save(only)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(only),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "汇总表.pdf"
    assert pdf.is_file()
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = ["".join(re.findall(r">([^<]*)</word>", page)) for page in html.split("<page ")[1:]]
    assert len(pages) == 2
    assert "小区" in pages[0] and "人次" not in pages[0]  # 组织建设: by domain, no activity figures
    assert "人次" in pages[1] and "小区" not in pages[1]  # 活动与服务
    for page in pages:
        assert "头道桥街道" in page  # 镇街 repeated on each part
        # each part has its title and its 口径 note whole, naming the towns left out or carried
        assert "汇总表" in page and "口径：" in page
        assert "站前街道沿用5月台账" in page and "全区合计不含" in page
    assert "（续）" in pages[1] and "“记录减少”表示" in pages[0]
    assert "其本月新建不详。" in pages[0]
    assert "任务完成率＝本年新建÷年度建组任务" in pages[1] and "本年累计数只计到该月。" in pages[1]
    heights = [
        float(m.group(2)) - float(m.group(1))
        for m in re.finditer(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(?:头道桥街道|二道河街道|已报送|全区合'
            r"计)<",
            html,
        )
    ]
    assert heights and min(heights) >= 9.0, heights


def test_the_summary_prints_without_hashes(merged, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Printed through LibreOffice, no cell shows ### (the dates of 妇委会名录 did) and every
    sheet is there."""
    import shutil
    import subprocess

    from fedxl.reports import pdf

    if pdf.soffice() is None or not shutil.which("pdftotext"):
        pytest.skip(
            "needs LibreOffice and pdftotext (apt-get install libreoffice-calc-nogui poppler-utils)"
        )
    _, _, result = merged
    copy = tmp_path / result.path.name
    shutil.copy(result.path, copy)
    outcome = pdf.to_pdf(copy)
    assert outcome.path is not None, outcome
    text = subprocess.run(
        ["pdftotext", str(outcome.path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "###" not in text
    assert "台账报送情况" in text and "妇委会名录（全区汇总）" in text


def test_rates_show_as_the_reports_write_them(merged) -> None:  # type: ignore[no-untyped-def]
    """A rate cell shows one decimal, no ".0" (60%, 66.7%), as the board and the reports do."""
    from fedxl.wording import percent

    _, _, result = merged
    sheet = openpyxl.load_workbook(result.path)["汇总表"]
    heads = {sheet.cell(3, c).value: c for c in range(1, sheet.max_column + 1)}
    seen = set()
    for col in (heads["四有达标率"], heads["跟踪覆盖率"], heads["任务完成率"]):
        for r in range(4, sheet.max_row + 1):
            cell = sheet.cell(r, col)
            if isinstance(cell.value, float):
                shown = f"{cell.value * 100:.{0 if cell.number_format == '0%' else 1}f}%"
                assert shown == percent(cell.value), (cell.coordinate, cell.value)
                seen.add(cell.number_format)
    assert seen == {"0%", "0.0%"}


def test_the_alerts_print_one_page_across(merged) -> None:  # type: ignore[no-untyped-def]
    """预警 printed two pages wide (原因 apart from 对象): one page across now."""
    _, _, result = merged
    sheet = openpyxl.load_workbook(result.path)["预警"]
    # fitted to pages, one across (1 is the file format's default when the attribute is absent)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.max_row > 3
    assert (sheet.page_setup.fitToWidth or 1) == 1
    assert all(sheet.row_dimensions[r].height for r in range(4, sheet.max_row + 1))
