"""Build the demo district's sample submissions (committed in the repository's workbooks/demo/).

    python -m fedxl.jobs.demo_data [DIR]

Ten fictional towns keep cumulative ledgers and send them for May, June and July: each month's
file holds every row of the month before and adds the new month's. Most are clean, some messy
but valid (title rows, full-width digits, text dates, merged cells, a ledger from the blank
template), one has real errors in June, one is late, one never reports, one silently drops an
organisation, and one starts July from its old May file (records-missing). `manifest.json`
gives each file's received time. Names of people and organisations are invented.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from fedxl.form import Form, load_form
from fedxl.jobs.samples import LedgerData, cumulative_ledgers, write_plain_ledger
from fedxl.workspace.resources import default_templates_dir
from fedxl.workspace.sample_config import EXAMPLE_TOWNS

YEAR = 2026
MONTHS = (5, 6, 7)


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


NOTES = {
    6: {"头道桥街道": "用区妇联下发的空白台账填报", "二道河街道": "有标题行、全角数字、文字日期（可自动修正）",
        "新华街道": "有合并单元格、带横线的手机号（可自动修正）", "站前街道": "有真实错误，未通过校验",
        "振兴街道": "按时报送", "兴隆镇": "少了一个 5 月还有的妇委会（边建边散）", "永安镇": "逾期报送",
        "东湖镇": "按时报送", "柳河镇": "按时报送"},
    7: {"柳河镇": "在 5 月的旧表上填写，丢了 6 月的记录（records-missing）", "站前街道": "改正后按时报送",
        "永安镇": "又一次逾期报送"},
}


def build(folder: Path, form: Form | None = None) -> list[dict[str, Any]]:
    from fedxl.blank.writer import LedgerInfo, write_blank_ledger

    form = form or load_form(default_templates_dir() / "form.toml")
    towns = [name for name, _, _ in EXAMPLE_TOWNS]
    manifest: list[dict[str, Any]] = []
    folder.mkdir(parents=True, exist_ok=True)
    for i, town in enumerate(towns):
        months = cumulative_ledgers(form, town, YEAR, list(MONTHS), seed=i, orgs=5, events=3)
        if town == "兴隆镇":
            for month in (6, 7):
                _drop_first_org(months[month])
        for month in MONTHS:
            if town == "双山镇" and month > 5:
                continue  # never sends June's or July's ledger
            data = months[month]
            if town == "站前街道" and month == 6:
                _broken(data)
            if town == "柳河镇" and month == 7:  # the clerk filled in July on the May file: June's rows are gone
                old = months[5]
                data = LedgerData(info={**data.info}, tables={k: [*v, *(r for r in data.tables[k]
                                                                       if _dated(r, 7))] if k != "妇委会名录" else data.tables[k]
                                                          for k, v in old.tables.items()})
            name = _file_name(town, month)
            path = folder / name
            if town == "头道桥街道" and month == 6:
                write_blank_ledger(form, LedgerInfo("振兴区", "振兴区妇联", town, YEAR, 6, 5, info_values=data.info,
                                                    rows=data.tables), path)
            else:
                write_plain_ledger(form, data, path)
            if town == "二道河街道" and month == 6:
                _messy_titles(path)
            if town == "新华街道" and month == 6:
                _messy_merged(path)
            late = town == "永安镇" and month in (6, 7)  # habitually late
            day = 9 if late else 1 + i % 4
            note = NOTES.get(month, {}).get(town, "按时报送")
            manifest.append({"file": name, "month": f"{YEAR}-{month:02d}",
                             "received_at": f"{YEAR}-{month + 1:02d}-0{day}T{9 + month % 3:02d}:{10 + i}:00",
                             "note": note})
    manifest.sort(key=lambda item: (item["month"], item["received_at"]))
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def _dated(row: dict[str, Any], month: int) -> bool:
    return any(isinstance(v, dt.date) and v.year == YEAR and v.month == month for v in row.values())


def _file_name(town: str, month: int) -> str:
    if month == 5:
        return f"{town}_2026年5月台账.xlsx"
    if town == "振兴街道" and month == 6:
        return "新建 XLSX 工作表.xlsx"
    return f"{town}{month}月台账.xlsx"


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "workbooks" / "demo"
    for item in build(out):
        print(item["file"])
