"""Build the demo district's sample submissions (committed in the repository's workbooks/demo/).

    python -m fedxl.jobs.demo_data [DIR]

Ten fictional towns send May and June ledgers: most clean, some messy but valid (title rows,
full-width digits, text dates, merged cells, a ledger from the blank template), one with real
errors, one late, one missing, one silently dropping an organisation. `manifest.json` gives each
file's received time. Names of people and organisations are invented.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from fedxl.form import Form, load_form
from fedxl.resources import default_templates_dir
from fedxl.sample_config import EXAMPLE_TOWNS
from fedxl.samples import LedgerData, town_ledger, write_plain_ledger

YEAR = 2026


def _june(form: Form, town: str, seed: int) -> LedgerData:
    """June's ledger: May's organisations (same seed) plus one new, events up to June."""
    may = town_ledger(form, town, YEAR, 5, seed=seed, orgs=5, events=6)
    june = town_ledger(form, town, YEAR, 6, seed=seed, orgs=5, events=8)
    roster = may.tables["妇委会名录"] + june.tables["妇委会名录"][:1]
    names = [o["组织名称"] for o in roster]
    for sheet in ("活动台账", "服务台账", "捐赠台账", "跟踪检查", "四送记录"):
        for i, row in enumerate(june.tables[sheet]):
            row["组织名称"] = names[i % len(names)]
    for i, row in enumerate(june.tables["人选推荐"]):
        row["所在组织"] = names[i % len(names)]
    june.tables["妇委会名录"] = roster
    return june


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
    acts["B5"] = "2026年3月5日"  # a date typed as text
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


def build(folder: Path, form: Form | None = None) -> list[dict[str, Any]]:
    from fedxl.blank.writer import LedgerInfo, write_blank_ledger

    form = form or load_form(default_templates_dir() / "form.toml")
    towns = [name for name, _, _ in EXAMPLE_TOWNS]
    manifest: list[dict[str, Any]] = []
    folder.mkdir(parents=True, exist_ok=True)
    for i, town in enumerate(towns):  # May: everyone, on time
        path = folder / f"{town}_2026年5月台账.xlsx"
        write_plain_ledger(form, town_ledger(form, town, YEAR, 5, seed=i, orgs=5, events=6), path)
        manifest.append({"file": path.name, "month": "2026-05", "received_at": f"2026-06-0{1 + i % 4}T09:{10 + i}:00",
                         "note": "5月台账，按时报送"})
    notes = {
        "头道桥街道": "用区妇联下发的空白台账填报", "二道河街道": "有标题行、全角数字、文字日期（可自动修正）",
        "新华街道": "有合并单元格、带横线的手机号（可自动修正）", "站前街道": "有真实错误，未通过校验",
        "振兴街道": "按时报送", "兴隆镇": "少了一个 5 月还有的妇委会（边建边散）", "永安镇": "逾期报送",
        "东湖镇": "按时报送", "柳河镇": "按时报送",
    }
    for i, town in enumerate(towns):
        if town == "双山镇":
            continue  # never sends June's ledger
        data = _june(form, town, i)
        if town == "兴隆镇":
            data.tables["妇委会名录"] = data.tables["妇委会名录"][1:]
            gone = town_ledger(form, town, YEAR, 5, seed=i, orgs=5, events=6).tables["妇委会名录"][0]["组织名称"]
            for sheet in data.tables.values():
                for row in sheet:
                    for key in ("组织名称", "所在组织"):
                        if row.get(key) == gone:
                            row[key] = data.tables["妇委会名录"][0]["组织名称"]
        if town == "站前街道":
            _broken(data)
        name = f"{town}6月台账.xlsx" if town != "振兴街道" else "新建 XLSX 工作表.xlsx"
        path = folder / name
        if town == "头道桥街道":
            write_blank_ledger(form, LedgerInfo("振兴区", "振兴区妇联", town, YEAR, 6, 5, info_values=data.info,
                                                rows=data.tables), path)
        else:
            write_plain_ledger(form, data, path)
        if town == "二道河街道":
            _messy_titles(path)
        if town == "新华街道":
            _messy_merged(path)
        day = 9 if town == "永安镇" else 1 + i % 4
        manifest.append({"file": path.name, "month": "2026-06", "received_at": f"2026-07-0{day}T10:{10 + i}:00",
                         "note": notes[town]})
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "workbooks" / "demo"
    for item in build(out):
        print(item["file"])
