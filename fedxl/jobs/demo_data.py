"""Build the demo district's sample submissions (committed in the repository's workbooks/demo/).

    python -m fedxl.jobs.demo_data [DIR]

Ten fictional towns keep cumulative ledgers and send them for May, June and July: each month's
file holds every row of the month before and adds the new month's. Most are clean, some messy
but valid (title rows, full-width digits, text dates, merged cells, a ledger from the blank
template), one has real errors in June, one is late, one never reports, one silently drops an
organisation, and one starts July from its old May file (records-missing).

Then the year turns: November and December 2026 and January 2027. 白桦镇, a town set up in
September, reports from November; 头道桥街道 marks an organisation 已撤销 in December (it is not
carried into January); 永安镇's December ledger arrives on 12 January, after January's blanks
went out; 东湖镇 is renamed 东湖街道 from 2027 and sends January's ledger under its new name.
January's ledgers are filled in on the district's blank. `manifest.json` gives each file's
received time. Names of people and organisations are invented.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from fedxl.form import Form, load_form
from fedxl.form.periods import Month
from fedxl.jobs.samples import LedgerData, cumulative_ledgers, town_ledger, write_plain_ledger
from fedxl.workspace.resources import default_templates_dir
from fedxl.workspace.sample_config import EXAMPLE_TOWNS

YEAR = 2026
MONTHS = (5, 6, 7)  # the first act: May to July
YEAR_END = (11, 12)  # the second act: November, December, then January of the next year
NEW_TOWN, NEW_TOWN_SINCE = "白桦镇", "2026-09"  # set up in September 2026
RENAMED = ("东湖镇", "东湖街道")  # renamed from 2027 (the old name kept in aliases)
LATE_DECEMBER = dt.datetime(2027, 1, 12, 10, 20)  # 永安镇's December ledger, after January's blanks


def _messy_titles(path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for ws in wb.worksheets[1:]:
        ws.insert_rows(1, 2)
        ws["A1"] = f"二道河街道新领域妇联组织{ws.title}"
        ws["A2"] = "填报单位：二道河街道（盖章）        截至：2026年6月"
    roster = wb["妇委会名录"]
    roster["G5"] = "１２０人"  # full-width digits with a unit
    acts = wb["活动台账"]
    day = acts["B5"].value
    if isinstance(day, dt.datetime | dt.date):
        acts["B5"] = f"{day.year}年{day.month}月{day.day}日"  # the same date, typed as text
        acts["B5"].number_format = "@"
    wb.save(path)


def _messy_merged(path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    acts = wb["活动台账"]
    acts["C4"] = None  # the same organisation in two rows, written once in a merged cell
    acts.merge_cells("C3:C4")
    wb["妇委会名录"]["K3"] = "139-1234-5678"
    wb.save(path)


def _broken(data: LedgerData) -> None:
    data.tables["妇委会名录"][1]["所在单位"] = None
    data.tables["妇委会名录"][2]["领域类型"] = "民营企业"
    data.tables["活动台账"][0]["活动日期"] = dt.date(2025, 12, 20)


def _drop_first_org(data: LedgerData) -> None:
    """兴隆镇 deletes an organisation instead of marking it 已撤销 (org-missing)."""
    roster = data.tables["妇委会名录"]
    gone, kept = roster[0]["组织名称"], roster[1]["组织名称"]
    data.tables["妇委会名录"] = roster[1:]
    for rows in data.tables.values():
        for row in rows:
            for key in ("组织名称", "所在组织"):
                if row.get(key) == gone:
                    row[key] = kept


NOTES: dict[int | str, dict[str, str]] = {
    6: {
        "头道桥街道": "用区妇联下发的空白台账填报",
        "二道河街道": "有标题行、全角数字、文字日期（可自动修正）",
        "新华街道": "有合并单元格、带横线的手机号（可自动修正）",
        "站前街道": "有真实错误，未通过校验",
        "振兴街道": "按时报送",
        "兴隆镇": "少了一个 5 月还有的妇委会（边建边散）",
        "永安镇": "逾期报送",
        "东湖镇": "按时报送",
        "柳河镇": "按时报送",
    },
    7: {
        "柳河镇": "在 5 月的旧表上填写，丢了 6 月的记录（records-missing）",
        "站前街道": "改正后按时报送",
        "永安镇": "又一次逾期报送",
    },
    11: {"永安镇": "又一次逾期报送", "白桦镇": "2026 年 9 月新设的镇街，第一次报送"},
    12: {
        "头道桥街道": "撤销了一个妇委会（组织状态“已撤销”，1 月空白台账不再带入）",
        "永安镇": "1 月 12 日才报送，在 1 月空白台账发出之后：仍是 12 月的台账，逾期报送",
    },
    "2027-01": {
        "东湖街道": "东湖镇自 2027 年起更名为东湖街道，用新名称报送",
        "白桦镇": "2026 年 9 月新设的镇街",
    },
}


def build(folder: Path, form: Form | None = None) -> list[dict[str, Any]]:
    from fedxl.blank.writer import LedgerInfo, write_blank_ledger

    form = form or load_form(default_templates_dir() / "form.toml")
    towns = [name for name, _, _ in EXAMPLE_TOWNS]
    manifest: list[dict[str, Any]] = []
    folder.mkdir(parents=True, exist_ok=True)

    def add(name: str, month: Month, when: dt.datetime, town: str) -> None:
        note = NOTES.get(month.number if month.year == YEAR else str(month), {}).get(
            town, "按时报送"
        )
        manifest.append(
            {
                "file": name,
                "month": str(month),
                "received_at": when.isoformat(timespec="seconds"),
                "note": note,
            }
        )

    for i, town in enumerate([*towns, NEW_TOWN]):
        if town == NEW_TOWN:  # its ledger starts in September
            months = cumulative_ledgers(
                form, town, YEAR, [9, 10, *YEAR_END], seed=i, orgs=2, events=2
            )
        else:  # every month of the year is kept; the demo sends May–July and November–December
            months = cumulative_ledgers(
                form, town, YEAR, list(range(MONTHS[0], 13)), seed=i, orgs=5, events=3
            )
        if town == "兴隆镇":
            for month in range(6, 13):
                _drop_first_org(months[month])
        if town == "头道桥街道":
            months[12].tables["妇委会名录"][1]["组织状态"] = "已撤销"
        for month in (*MONTHS, *YEAR_END):
            if town == "双山镇" and month > 5:
                continue  # never sends a ledger after May
            if town == NEW_TOWN and month not in YEAR_END:
                continue
            data = months[month]
            if town == "站前街道" and month == 6:
                _broken(data)
            # the clerk filled in July on the May file: June's rows are gone
            if town == "柳河镇" and month == 7:
                old = months[5]
                data = LedgerData(
                    info={**data.info},
                    tables={
                        k: [*v, *(r for r in data.tables[k] if _dated(r, 7))]
                        if k != "妇委会名录"
                        else data.tables[k]
                        for k, v in old.tables.items()
                    },
                )
            name = _file_name(town, month)
            path = folder / name
            if town == "头道桥街道" and month == 6:
                write_blank_ledger(
                    form,
                    LedgerInfo(
                        "振兴区",
                        "振兴区妇联",
                        town,
                        YEAR,
                        6,
                        5,
                        info_values=data.info,
                        rows=data.tables,
                    ),
                    path,
                )
            else:
                write_plain_ledger(form, data, path)
            if town == "二道河街道" and month == 6:
                _messy_titles(path)
            if town == "新华街道" and month == 6:
                _messy_merged(path)
            late = town == "永安镇" and month in (6, 7, 11)  # habitually late
            when = Month(YEAR, month).next.first_day
            when = dt.datetime(
                when.year, when.month, 9 if late else 1 + i % 4, 9 + month % 3, 10 + i
            )
            if town == "永安镇" and month == 12:
                when = LATE_DECEMBER
            add(name, Month(YEAR, month), when, town)
        if town == "双山镇":
            continue
        january = _january(form, months[12], RENAMED[1] if town == RENAMED[0] else town, seed=i)
        name = f"{january.info['填报单位']}_2027年1月台账.xlsx"
        write_blank_ledger(
            form,
            LedgerInfo(
                "振兴区",
                "振兴区妇联",
                january.info["填报单位"],
                YEAR + 1,
                1,
                5,
                info_values=january.info,
                rows=january.tables,
            ),
            folder / name,
        )
        add(
            name,
            Month(YEAR + 1, 1),
            dt.datetime(YEAR + 1, 2, 1 + i % 4, 9, 10 + i),
            january.info["填报单位"],
        )
    manifest.sort(key=lambda item: (item["received_at"], item["file"]))
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


def _january(form: Form, december: LedgerData, town: str, seed: int) -> LedgerData:
    """January's ledger on the district's blank: December's organisations that are not 已撤销,
    and January's own rows (the year's other tables start empty)."""
    import copy

    fresh = town_ledger(form, town, YEAR + 1, 1, seed=seed * 100 + 13, orgs=1, events=3)
    roster = [
        copy.deepcopy(o) for o in december.tables["妇委会名录"] if o.get("组织状态") != "已撤销"
    ]
    names = [o["组织名称"] for o in roster]
    tables: dict[str, list[dict[str, Any]]] = {"妇委会名录": roster}
    for sheet, rows in fresh.tables.items():
        if sheet == "妇委会名录":
            continue
        for n, row in enumerate(rows):
            for key in ("组织名称", "所在组织"):
                if row.get(key) is not None:
                    row[key] = names[n % len(names)]
        tables[sheet] = rows
    info = {
        **december.info,
        "填报单位": town,
        "截至月份": f"{YEAR + 1}-01",
        "填报日期": dt.date(YEAR + 1, 2, 1),
    }
    return LedgerData(info=info, tables=tables)


def _dated(row: dict[str, Any], month: int) -> bool:
    return any(isinstance(v, dt.date) and v.year == YEAR and v.month == month for v in row.values())


def _file_name(town: str, month: int) -> str:
    if month in YEAR_END:
        return f"{town}_2026年{month}月台账.xlsx"
    if month == 5:
        return f"{town}_2026年5月台账.xlsx"
    if town == "振兴街道" and month == 6:
        return "新建 XLSX 工作表.xlsx"
    return f"{town}{month}月台账.xlsx"


if __name__ == "__main__":
    out = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "workbooks" / "demo"
    )
    for item in build(out):
        print(item["file"])
