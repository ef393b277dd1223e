"""Build the committed corpus of realistic submissions and their expected findings.

Run from the repository root when the corpus must change:

    .venv/bin/python tests/data/make_submissions.py

It needs LibreOffice (`soffice`, for the .xls/.ods copies) and msoffcrypto-tool (for the
password-protected file); the tests only read what it wrote. Each file gets a sidecar
`<file>.expected.json`: the status and every error and warning as [code, sheet, cell], written
by hand below (never by running the checker), plus info findings that must be present.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from fedxl.blank.writer import LedgerInfo, write_blank_ledger  # noqa: E402
from fedxl.form import load_form  # noqa: E402
from fedxl.form.values import uscc_check_char  # noqa: E402
from fedxl.jobs.samples import LedgerData, town_ledger  # noqa: E402

OUT = Path(__file__).resolve().parent / "submissions"
FORM = load_form(ROOT / "templates" / "form.toml")
YEAR, MONTH = 2026, 6
TOWN = "兴隆镇"
USCC = "91110108MA01ABCD3" + uscc_check_char("91110108MA01ABCD3")
CASES: list[tuple[str, Callable[[Path], None], dict[str, Any]]] = []
R, W, I = "妇委会名录", "活动台账", "基本信息"  # noqa: E741


def case(
    name: str,
    status: str,
    findings: list[tuple[str, str | None, str | None]] = (),
    infos: list[tuple[str, str | None, str | None]] = (),
    **extra: Any,
):
    def deco(fn: Callable[[Path], None]) -> Callable[[Path], None]:
        CASES.append(
            (
                name,
                fn,
                {
                    "status": status,
                    "findings": [list(f) for f in findings],
                    "infos": [list(f) for f in infos],
                    **extra,
                },
            )
        )
        return fn

    return deco


def data(town: str = TOWN, seed: int = 1) -> LedgerData:
    return town_ledger(FORM, town, YEAR, MONTH, seed=seed, orgs=4, events=4)


def plain(
    d: LedgerData, *, sheets: list[str] | None = None, titles: bool = True
) -> openpyxl.Workbook:
    """A workbook as a town might build it by hand: title row, header row 2, data from row 3."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    info = wb.create_sheet(I)
    info.append(["基本信息"])
    for col in FORM.info_sheet.columns:
        info.append([col.name, d.info.get(col.name)])
    for sheet in FORM.tables:
        if sheets is not None and sheet.name not in sheets:
            continue
        ws = wb.create_sheet(sheet.name)
        ws.append([f"{d.info['填报单位']}{sheet.name}"] if titles else [None])
        ws.append([c.name for c in sheet.columns])
        for i, row in enumerate(d.tables[sheet.name], start=1):
            ws.append([i if c.ignore else row.get(c.name) for c in sheet.columns])
    return wb


def save(wb: openpyxl.Workbook, path: Path) -> None:
    wb.save(path)


def convert(src: Path, fmt: str, dest: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--convert-to",
                fmt,
                "--outdir",
                tmp,
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        produced = Path(tmp) / (src.stem + "." + fmt)
        shutil.move(produced, dest)


# --- clean and messy-but-valid -------------------------------------------------------------


@case("clean_template.xlsx", "accepted")
def _(p: Path) -> None:
    d = data()
    write_blank_ledger(
        FORM,
        LedgerInfo("振兴区", "振兴区妇联", TOWN, YEAR, MONTH, 5, info_values=d.info, rows=d.tables),
        p,
    )


@case("clean_plain.xlsx", "accepted")
def _(p: Path) -> None:
    save(plain(data()), p)


@case("新建 XLSX 工作表(2).xlsx", "accepted")
def _(p: Path) -> None:
    save(plain(data("永安镇", 2)), p)


@case("title_rows.xlsx", "accepted", infos=[("normalized", W, "C7")])
def _(p: Path) -> None:
    wb = plain(data())
    for name in FORM.table_names if hasattr(FORM, "table_names") else [s.name for s in FORM.tables]:
        ws = wb[name]
        ws.insert_rows(1, 2)
        ws["A1"] = "兴隆镇新领域妇联组织建设基础台账"
        ws["A2"] = "填报单位：兴隆镇（盖章）          截至：2026年6月"
    ws = wb[W]  # header now at row 4, data from row 5
    ws["C7"] = "  " + ws["C7"].value + "\u3000"
    save(wb, p)


@case(
    "two_row_header.xlsx",
    "accepted",
    infos=[
        ("column-renamed", "妇委会名录", "N3"),
        ("column-renamed", "妇委会名录", "O3"),
        ("column-renamed", "妇委会名录", "P3"),
        ("column-renamed", "妇委会名录", "Q3"),
    ],
)
def _(p: Path) -> None:
    wb = plain(data())
    ws = wb[R]
    ws.insert_rows(2)  # row 2: group row, row 3: sub-headers, data from row 4
    cols = [c.name for c in FORM.sheet(R).columns]
    four = cols.index("有活动场所") + 1
    for c, name in enumerate(cols, start=1):
        if four <= c < four + 4:
            continue
        ws.cell(2, c, name)
        ws.cell(3, c, None)
        ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    ws.cell(2, four, "“四有”情况")
    ws.merge_cells(start_row=2, start_column=four, end_row=2, end_column=four + 3)
    for k, name in enumerate(["活动场所", "宣传阵地", "组织制度", "巾帼风采展板"]):
        ws.cell(3, four + k, name)
    save(wb, p)


@case(
    "messy_headers.xlsx",
    "accepted",
    infos=[("column-renamed", "妇委会名录", "G2"), ("column-renamed", "活动台账", "F2")],
)
def _(p: Path) -> None:
    wb = plain(data())
    wb[R]["B2"] = "* 组织\n名称"
    wb[R]["G2"] = "职工总数（人）"
    wb[R]["H2"] = "女 职 工 数"
    wb[W]["F2"] = "参与人数\n（人）"
    wb["捐赠台账"]["H2"] = "物资折价（元）"
    wb["捐赠台账"]["I2"] = "现金 (元)"
    wb["跟踪检查"]["D2"] = "＊组织联系"
    save(wb, p)


@case("reordered_extra_columns.xlsx", "accepted", findings=[("column-unknown", W, "I2")])
def _(p: Path) -> None:
    wb = plain(data())
    ws = wb[W]
    ws.move_range("B1:B20", cols=20)  # 活动日期 to the far right (column V)
    ws["I2"] = "联系人"
    ws["I3"] = "张三"
    save(wb, p)


@case(
    "prenumbered_totals_notes.xlsx",
    "accepted",
    infos=[("total-row", W, "A30"), ("total-row", W, "A31"), ("total-row", W, "A32")],
)
def _(p: Path) -> None:
    wb = plain(data())
    ws = wb[W]
    for r in range(7, 30):
        ws.cell(r, 1, r - 2)
    ws["A30"], ws["F30"] = "合计", 999
    ws["A31"] = "注：本表由各镇街妇联每月5日前报送。"
    ws["A32"] = "填报人：王丽"
    ws["D32"] = "审核人：李梅"
    save(wb, p)


@case("merged_cells.xlsx", "accepted")
def _(p: Path) -> None:
    wb = plain(data())
    ws = wb[W]
    ws["C4"], ws["C5"] = None, None
    ws.merge_cells("C3:C5")
    save(wb, p)


@case(
    "value_repairs.xlsx",
    "accepted",
    infos=[
        ("normalized", R, "G3"),
        ("normalized", R, "F3"),
        ("normalized", R, "F4"),
        ("normalized", R, "F5"),
        ("normalized", R, "F6"),
        ("normalized", R, "K3"),
        ("normalized", R, "K4"),
        ("normalized", R, "K6"),
        ("normalized", R, "J3"),
        ("normalized", R, "N3"),
        ("normalized", R, "O3"),
        ("normalized", R, "P3"),
        ("normalized", R, "Q3"),
        ("normalized", R, "D3"),
        ("normalized", "捐赠台账", "H3"),
        ("normalized", "捐赠台账", "I3"),
        ("normalized", "捐赠台账", "F3"),
        ("normalized", W, "B3"),
        ("normalized", W, "B4"),
        ("normalized", W, "F3"),
        ("normalized", I, "B3"),
        ("normalized", I, "B5"),
    ],
)
def _(p: Path) -> None:
    d = data()
    d.tables[R][0]["统一社会信用代码"] = USCC
    wb = plain(d)
    ws = wb[R]
    ws["G3"] = "１２０人"
    ws["H3"] = 30
    ws["F3"], ws["F4"], ws["F5"], ws["F6"] = "2019/3/5", "2019.3.5", "2019年3月5日", "20190305"
    ws["K3"] = 13912345678
    ws["K4"] = "139-1234-5678"
    ws["K5"] = "0415-1234567"
    ws["K6"] = "13912345678 / 0415-2345678"
    ws["J3"] = "张　 丽"
    ws["N3"], ws["O3"], ws["P3"], ws["Q3"] = "√", "有", "Y", 1
    ws["D3"] = " " + "".join(chr(ord(ch) + 0xFEE0) for ch in USCC)  # full-width
    don = wb["捐赠台账"]
    don["E3"] = "大米"
    don["H3"], don["I3"], don["F3"] = "1,200元", "0.5万元", "20袋"
    act = wb[W]
    act["B3"] = 46082  # serial number 2026-03-01, in a General-formatted cell
    act["B3"].number_format = "General"
    act["B4"] = "2026年4月8日"
    act["F3"] = "25人"
    wb[I]["B3"] = "2026年6月"
    wb[I]["B5"] = 13987654321
    save(wb, p)


@case("format_xls.xls", "accepted")
def _(p: Path) -> None:
    tmp = p.with_suffix(".tmp.xlsx")
    save(plain(data("东湖镇", 3)), tmp)
    convert(tmp, "xls", p)
    tmp.unlink()


@case("format_ods.ods", "accepted")
def _(p: Path) -> None:
    tmp = p.with_suffix(".tmp.xlsx")
    save(plain(data("柳河镇", 4)), tmp)
    convert(tmp, "ods", p)
    tmp.unlink()


@case(
    "sheets_by_alias.xlsx",
    "accepted",
    infos=[
        ("sheet-renamed", "妇委会名录", None),
        ("sheet-renamed", "活动台账", None),
        ("sheet-renamed", "跟踪检查", None),
    ],
)
def _(p: Path) -> None:
    wb = plain(data())
    wb[R].title = "妇委会名册"
    wb[W].title = "活动记录"
    wb["跟踪检查"].title = "动态跟踪检查"
    save(wb, p)


@case(
    "sheets_by_header.xlsx",
    "accepted",
    infos=[
        ("sheet-renamed", "服务台账", None),
        ("sheet-renamed", "四送记录", None),
        ("sheet-renamed", "人选推荐", None),
    ],
)
def _(p: Path) -> None:
    wb = plain(data())
    for i, name in enumerate(["服务台账", "四送记录", "人选推荐"], start=1):
        wb[name].title = f"Sheet{i}"
    wb.create_sheet("Sheet9")
    wb.move_sheet("Sheet1", offset=-3)
    save(wb, p)


@case("unknown_sheet.xlsx", "accepted", findings=[("sheet-unknown", "统计表", None)])
def _(p: Path) -> None:
    wb = plain(data())
    ws = wb.create_sheet("统计表")
    ws.append(["镇街", "组织数"])
    ws.append(["兴隆镇", 4])
    save(wb, p)


# --- structural errors ---------------------------------------------------------------------


@case("missing_sheet.xlsx", "rejected", findings=[("sheet-missing", "四送记录", None)])
def _(p: Path) -> None:
    wb = plain(data())
    wb.remove(wb["四送记录"])
    save(wb, p)


@case("missing_required_column.xlsx", "rejected", findings=[("column-missing", R, None)])
def _(p: Path) -> None:
    wb = plain(data())
    wb[R].delete_cols(3)  # 所在单位
    save(wb, p)


@case("missing_optional_column.xlsx", "accepted", findings=[("column-missing", W, None)])
def _(p: Path) -> None:
    wb = plain(data())
    wb[W].delete_cols(8)  # 备注
    save(wb, p)


@case("duplicate_column.xlsx", "rejected", findings=[("column-duplicate", W, "I2")])
def _(p: Path) -> None:
    wb = plain(data())
    wb[W]["I2"] = "参与人数"
    wb[W]["I3"] = 5
    save(wb, p)


@case("form_unknown.xlsx", "rejected", findings=[("form-unknown", None, None)])
def _(p: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "年龄", "住址"])
    wb.active.append(["张三", 30, "某路 1 号"])
    save(wb, p)


# --- files that cannot be read ---------------------------------------------------------------


@case("csv_renamed.xlsx", "unreadable", findings=[("file-unreadable", None, None)])
def _(p: Path) -> None:
    p.write_text("组织名称,所在单位\n某妇委会,某公司\n", encoding="utf-8")


@case("html_renamed.xls", "unreadable", findings=[("file-unreadable", None, None)])
def _(p: Path) -> None:
    p.write_text(
        "<html><body><table><tr><td>组织名称</td></tr></table></body></html>", encoding="utf-8"
    )


@case("truncated.xlsx", "unreadable", findings=[("file-unreadable", None, None)])
def _(p: Path) -> None:
    buf = io.BytesIO()
    plain(data()).save(buf)
    p.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])


@case("empty.xlsx", "unreadable", findings=[("file-unreadable", None, None)])
def _(p: Path) -> None:
    p.write_bytes(b"")


@case("zip_without_workbook.xlsx", "unreadable", findings=[("file-unreadable", None, None)])
def _(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("readme.txt", "not a workbook")


@case("encrypted.xlsx", "unreadable", findings=[("file-encrypted", None, None)])
def _(p: Path) -> None:
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile

    buf = io.BytesIO()
    plain(data()).save(buf)
    buf.seek(0)
    out = io.BytesIO()
    OOXMLFile(buf).encrypt("123456", out)
    assert msoffcrypto
    p.write_bytes(out.getvalue())


@case(
    "too_many_rows.xlsx",
    "unreadable",
    findings=[("file-too-large", None, None)],
    limits={"max_rows": 50},
)
def _(p: Path) -> None:
    d = data()
    d.tables[W] = d.tables[W] * 20
    save(plain(d), p)


# --- identification ----------------------------------------------------------------------------


@case("town_unknown.xlsx", "rejected", findings=[("town-unknown", I, "B2")])
def _(p: Path) -> None:
    wb = plain(data())
    wb[I]["B2"] = "外区某某镇"
    save(wb, p)


@case("永安镇_2026年6月台账.xlsx", "rejected", findings=[("town-mismatch", I, "B2")])
def _(p: Path) -> None:
    save(plain(data()), p)  # 基本信息 says 兴隆镇, the file name says 永安镇


@case("town_mismatch_metadata.xlsx", "rejected", findings=[("town-mismatch", I, "B3")])
def _(p: Path) -> None:
    d = data()
    d.info["填报单位"] = "双山镇"
    write_blank_ledger(
        FORM,
        LedgerInfo("振兴区", "振兴区妇联", TOWN, YEAR, MONTH, 5, info_values=d.info, rows=d.tables),
        p,
    )  # metadata: 兴隆镇


@case("period_unknown.xlsx", "rejected", findings=[("period-unknown", I, "B3")])
def _(p: Path) -> None:
    wb = plain(data())
    wb[I]["B3"] = None
    save(wb, p)


# --- cell errors -------------------------------------------------------------------------------


@case(
    "cell_errors.xlsx",
    "rejected",
    findings=[
        ("required", R, "C3"),
        ("type", R, "G4"),
        ("enum", R, "E5"),
        ("pattern", R, "K6"),
        ("checksum", R, "D3"),
        ("range", R, "I4"),
        ("length", R, "C6"),
        ("type", R, "J5"),
        ("required", I, "B4"),
        ("type", W, "B3"),
        ("enum", W, "E4"),
        ("range", W, "F5"),
        ("type", "跟踪检查", "D3"),
        ("range", R, "F5"),
    ],
)
def _(p: Path) -> None:
    d = data()
    d.tables[R][0]["统一社会信用代码"] = USCC[:-1] + ("0" if USCC[-1] != "0" else "1")
    wb = plain(d)
    ws = wb[R]
    ws["C3"] = None
    ws["G4"] = "约一百人"
    ws["E5"] = "非公企业"
    ws["K6"] = "1391234"
    ws["I4"] = 120
    ws["C6"] = "某" * 61
    ws["J5"] = "13800001111"
    ws["F5"] = dt.date(1985, 5, 1)
    wb[I]["B4"] = None
    act = wb[W]
    act["B3"] = "2026年2月30日"
    act["E4"] = "联谊"
    act["F5"] = 0
    wb["跟踪检查"]["D3"] = "也许"
    save(wb, p)


@case(
    "phones.xlsx",
    "rejected",
    findings=[("pattern", R, "K5"), ("pattern", I, "B5")],
    infos=[("normalized", R, "K3"), ("normalized", R, "K4"), ("normalized", R, "K6")],
)
def _(p: Path) -> None:
    """Phones as towns type them: a mobile stored as a number, a landline with a space, two
    numbers in one cell (each repaired); ten digits, and words around a short number (errors)."""
    wb = plain(data())
    ws = wb[R]
    ws["K3"] = 13812345678
    ws["K4"] = "0415 3126688"
    ws["K5"] = "1381234567"
    ws["K6"] = "138-1234-5678、0415-3126688"
    wb[I]["B5"] = "电话：12345"
    save(wb, p)


@case(
    "dates_out_of_period.xlsx",
    "rejected",
    findings=[
        ("date-out-of-period", W, "B3"),
        ("date-out-of-period", W, "B4"),
        ("date-out-of-period", "培训台账", "B3"),
        ("range", R, "F3"),
    ],
)
def _(p: Path) -> None:
    wb = plain(data())
    wb[W]["B3"] = dt.date(2025, 12, 30)
    wb[W]["B4"] = dt.date(2026, 7, 2)
    wb["培训台账"]["B3"] = "2027-01-05"
    wb[R]["F3"] = dt.date(2026, 8, 1)
    save(wb, p)


@case("duplicate_org.xlsx", "rejected", findings=[("duplicate", R, "B3"), ("duplicate", R, "B7")])
def _(p: Path) -> None:
    wb = plain(data())
    ws = wb[R]
    for c in range(1, ws.max_column + 1):
        ws.cell(7, c, ws.cell(3, c).value)
    ws["A7"], ws["B7"] = 5, ws["B3"].value + " "
    save(wb, p)


@case(
    "unknown_org.xlsx",
    "rejected",
    findings=[("unknown-org", W, "C3"), ("unknown-org", "四送记录", "C3")],
)
def _(p: Path) -> None:
    wb = plain(data())
    wb[W]["C3"] = wb[R]["B3"].value.replace("妇委会", "妇联")
    wb["四送记录"]["C3"] = "不存在的妇委会"
    wb["服务台账"]["C3"] = "兴隆镇妇联"  # the town's own federation is allowed
    save(wb, p)


@case(
    "rules.xlsx",
    "rejected",
    findings=[
        ("rule", R, "H3"),
        ("rule", R, "I4"),
        ("rule", R, "L5"),
        ("rule", R, "L6"),
        ("rule", "捐赠台账", "E3"),
        ("rule", "跟踪检查", "I3"),
    ],
)
def _(p: Path) -> None:
    wb = plain(data())
    ws = wb[R]
    ws["G3"], ws["H3"], ws["L3"] = 50, 60, "区妇联副主席"
    ws["I4"] = 2
    ws["G5"], ws["L5"] = 150, "镇街妇联主席"
    ws["G6"], ws["H6"], ws["L6"] = 45, 20, "其他"
    don = wb["捐赠台账"]
    for col in "EFGHI":
        don[f"{col}3"] = None
    chk = wb["跟踪检查"]
    chk["H3"], chk["I3"] = "需整改", None
    save(wb, p)


@case(
    "precision_lost.xlsx",
    "rejected",
    findings=[("precision-lost", R, "D3"), ("precision-lost", R, "D4")],
)
def _(p: Path) -> None:
    wb = plain(data())
    wb[R]["D3"] = 9.1210603e17
    wb[R]["D4"] = "9.12106E+17"
    save(wb, p)


@case("formula_no_value.xlsx", "rejected", findings=[("formula-no-value", W, "F4")])
def _(p: Path) -> None:
    wb = plain(data())
    wb[W]["F4"] = "=F3*2"
    save(wb, p)


@case(
    "org_missing.xlsx",
    "accepted",
    findings=[("org-missing", R, None)],
    previous_orgs=["兴隆镇已停业公司妇委会"],
)
def _(p: Path) -> None:
    save(plain(data()), p)


def _previous_activities() -> list[dict[str, Any]]:
    return [
        {
            "活动日期": a["活动日期"].isoformat(),
            "组织名称": a["组织名称"],
            "活动名称": a["活动名称"],
        }
        for a in data().tables[W]
    ]


@case(
    "records_missing.xlsx",
    "accepted",
    findings=[("records-missing", W, None)],
    previous_rows={W: _previous_activities()},
)
def _(p: Path) -> None:
    d = data()
    d.tables[W] = d.tables[W][1:]  # a clerk deleted a row the district already has
    save(plain(d), p)


def main(only: list[str] | None = None) -> None:
    """Rebuild the corpus (or only the named files, leaving the others as committed)."""
    if only is None and OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build, expected in CASES:
        if only is not None and name not in only:
            continue
        path = OUT / name
        build(path)
        (OUT / (name + ".expected.json")).write_text(
            json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    print(f"{len(CASES)} files in {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:] or None)
