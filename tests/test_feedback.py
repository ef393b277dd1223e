"""Feedback workbooks: the town's own file, marked; re-checking it gives the same findings."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from fedxl.checking import CheckContext, check_file
from fedxl.feedback import feedback_name, plan_feedback, write_feedback_file
from fedxl.feedback.plan import FILL
from fedxl.workspace import Workspace
from tests.helpers import calamine_rows

SUB = Path(__file__).resolve().parent / "data" / "submissions"


def _ctx(workspace: Path) -> CheckContext:
    ws = Workspace(workspace)
    return CheckContext(ws.form, ws.config)


def _cells(report) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return {(f.code, f.sheet, f.cell) for f in report.findings if f.cell and f.severity != "info"}


def _fill(cell) -> str:  # type: ignore[no-untyped-def]
    return str(cell.fill.fgColor.rgb)[-6:] if cell.fill and cell.fill.fill_type == "solid" else ""


@pytest.mark.parametrize(
    "name",
    [
        "rules.xlsx",
        "cell_errors.xlsx",
        "town_mismatch_metadata.xlsx",
        "missing_required_column.xlsx",
        "prenumbered_totals_notes.xlsx",
    ],
)
def test_recheck_gives_same_cell_findings(workspace: Path, tmp_path: Path, name: str) -> None:
    ctx = _ctx(workspace)
    source = tmp_path / name
    shutil.copy(SUB / name, source)
    report = check_file(source, ctx)
    target = tmp_path / feedback_name(source)
    write_feedback_file(source, report, target)
    again = check_file(target, ctx)
    assert _cells(again) == _cells(report)
    assert again.status == report.status


def test_marks_comments_and_result_sheet(workspace: Path, run) -> None:
    source = SUB / "rules.xlsx"
    result = run("check", str(source), "--annotate", "-w", str(workspace))
    assert result.exit_code == 1
    target = workspace / "workbooks" / "feedback" / "兴隆镇_2026-06_rules_校验结果.xlsx"
    assert target.is_file()
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[0] == "校验结果"
    roster = wb["妇委会名录"]
    assert _fill(roster["H3"]) == FILL["error"]  # women-le-staff
    assert _fill(roster["I4"]) == FILL["warning"]  # committee-min
    assert roster["H3"].comment.author == "fedxl" and roster["H3"].comment.text
    assert _fill(roster["B3"]) == ""
    results = wb["校验结果"]
    links = {
        c.value: c.hyperlink.location or c.hyperlink.target
        for row in results.iter_rows()
        for c in row
        if c.hyperlink
    }
    assert any("妇委会名录" in str(v) and "H3" in str(v) for v in links.values())
    heads = [c.value for c in results[7]]
    assert heads[-2:] == ["问题类型", "代码"]
    kinds = {r[9].value: r[8].value for r in results.iter_rows(min_row=8) if r[9].value}
    assert kinds["rule"] == "前后矛盾"  # the Chinese type beside the code
    # every original sheet keeps its values
    for name in openpyxl.load_workbook(source).sheetnames:
        assert calamine_rows(target, name) == calamine_rows(source, name)


def test_a_renamed_sheet_and_an_edited_header_are_said_with_one_name(
    workspace: Path, run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """五项服务 (服务台账 renamed) and 参与人数（人） were accepted with no word: each is an info
    finding, and the CLI, the 校验结果 sheet and its links name the sheet the same way."""
    source = tmp_path / "兴隆镇6月.xlsx"
    wb = openpyxl.load_workbook(SUB / "rules.xlsx")
    wb["服务台账"].title = "五项服务"
    wb["活动台账"]["F2"] = "参与人数（人）"
    wb["五项服务"]["C3"] = "不存在的妇委会"
    wb.save(source)
    report = check_file(source, _ctx(workspace))
    infos = {(f.code, f.sheet, f.cell, f.value) for f in report.findings if f.severity == "info"}
    assert ("sheet-renamed", "服务台账", None, "五项服务") in infos
    assert ("column-renamed", "活动台账", "F2", "参与人数（人）") in infos
    label = "五项服务（服务台账）"
    monkeypatch.setenv("COLUMNS", "200")
    out = run("check", str(source), "-v", "--annotate", "-w", str(workspace))
    assert label in out.stdout and "服务台账 " not in out.stdout
    target = next((workspace / "workbooks" / "feedback").glob("*兴隆镇6月*"))
    results = openpyxl.load_workbook(target)["校验结果"]
    rows = [[c.value for c in r] for r in results.iter_rows(min_row=8)]
    unknown = [r for r in rows if r[9] == "unknown-org"]
    assert unknown and all(r[2] == label for r in unknown)
    links = [
        (c.hyperlink.location or c.hyperlink.target).lstrip("#")
        for r in results.iter_rows(min_row=8)
        for c in r
        if c.hyperlink and r[2].value == label
    ]
    assert links and all(link.startswith("'五项服务'!") for link in links)
    assert any(r[9] == "column-renamed" and r[2] == "活动台账" for r in rows)


def test_template_styles_merges_and_validations_are_kept(workspace: Path, tmp_path: Path) -> None:
    source = SUB / "town_mismatch_metadata.xlsx"
    report = check_file(source, _ctx(workspace))
    target = write_feedback_file(source, report, tmp_path / "fb.xlsx")
    before, after = openpyxl.load_workbook(source), openpyxl.load_workbook(target)
    for name in before.sheetnames:
        b, a = before[name], after[name]
        assert sorted(map(str, b.merged_cells.ranges)) == sorted(map(str, a.merged_cells.ranges))
        assert len(b.data_validations.dataValidation) == len(a.data_validations.dataValidation)
        assert b["A2"].font.b == a["A2"].font.b
        assert b.freeze_panes == a.freeze_panes
    assert _fill(after["基本信息"]["B3"]) == FILL["error"]


def test_xls_input_gives_xlsx_feedback(workspace: Path, tmp_path: Path) -> None:
    src = tmp_path / "东湖镇.xls"
    shutil.copy(SUB / "format_xls.xls", src)
    report = check_file(src, _ctx(workspace))
    plan = plan_feedback(report)
    assert plan.marks == []
    from fedxl.checking.findings import finding

    report.findings.append(
        finding("required", sheet="活动台账", row=3, column="活动名称", cell="D3")
    )
    target = write_feedback_file(src, report, tmp_path / feedback_name(src))
    assert target.name == "东湖镇_xls_校验结果.xlsx"  # never the same file as 东湖镇.xlsx's
    assert feedback_name(src.with_suffix(".xlsx")) == "东湖镇_校验结果.xlsx"
    wb = openpyxl.load_workbook(target)
    assert _fill(wb["活动台账"]["D3"]) == FILL["error"]
    assert calamine_rows(target, "妇委会名录") == calamine_rows(src, "妇委会名录")


def test_second_round_clears_old_marks(workspace: Path, tmp_path: Path) -> None:
    ctx = _ctx(workspace)
    src = tmp_path / "rules.xlsx"
    shutil.copy(SUB / "rules.xlsx", src)
    first = tmp_path / feedback_name(src)
    write_feedback_file(src, check_file(src, ctx), first)
    wb = openpyxl.load_workbook(first)  # the town fixes 女职工数 and sends the feedback file back
    wb["妇委会名录"]["H3"] = 10
    fixed = tmp_path / "rules_校验结果.xlsx"
    wb.save(fixed)
    report = check_file(fixed, ctx)
    assert ("rule", "妇委会名录", "H3") not in _cells(report)
    second = tmp_path / "out" / feedback_name(fixed, "兴隆镇", "2026-06")
    write_feedback_file(fixed, report, second)
    assert second.name == "兴隆镇_2026-06_rules_校验结果.xlsx"
    # sent back again: the same name
    assert feedback_name(second, "兴隆镇", "2026-06") == second.name
    wb2 = openpyxl.load_workbook(second)
    assert wb2.sheetnames.count("校验结果") == 1
    assert _fill(wb2["妇委会名录"]["H3"]) == "" and wb2["妇委会名录"]["H3"].comment is None
    assert _fill(wb2["妇委会名录"]["I4"]) == FILL["warning"]


def test_submission_text_is_written_as_text(workspace: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(SUB / "clean_plain.xlsx")
    act = wb["活动台账"]
    act["C3"] = '=HYPERLINK("http://x","点我")'
    act["C3"].data_type = "s"
    act["C4"] = "@SUM(1)"
    act["C5"] = "+1-2"
    src = tmp_path / "inject.xlsx"
    wb.save(src)
    report = check_file(src, _ctx(workspace))
    assert {f.cell for f in report.findings if f.code == "unknown-org"} == {"C3", "C4", "C5"}
    target = write_feedback_file(src, report, tmp_path / "fb.xlsx")
    out = openpyxl.load_workbook(target)
    for row in out["校验结果"].iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    values = [c.value for c in out["校验结果"]["F"]]
    assert '=HYPERLINK("http://x","点我")' in values and "@SUM(1)" in values and "+1-2" in values


CELLIMAGE_TYPE = "http://www.wps.cn/officeDocument/2020/cellImage"
CELLIMAGES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<etc:cellImages xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing'
    '" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:etc="http://www.wps.cn/officeDocument/2017/etCustomData"><etc:cellImage><xdr:pic><xdr:nvPicPr>'
    '<xdr:cNvPr id="2" name="ID_5F3A" descr="活动照片"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill>'
    '<a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm>'
    '<a:off x="0" y="0"/><a:ext cx="952500" cy="952500"/></a:xfrm><a:prstGeom '
    'prst="rect"><a:avLst/>'
    "</a:prstGeom></xdr:spPr></xdr:pic></etc:cellImage></etc:cellImages>"
).encode()


def _png(colour: str) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buf, "PNG")
    return buf.getvalue()


def _wps_with_pictures(tmp_path: Path) -> Path:
    """A ledger as WPS saves it with an in-cell picture (DISPIMG) and an ordinary floating
    picture."""
    import io
    import re
    import zipfile

    from openpyxl.drawing.image import Image as XLImage

    wb = openpyxl.load_workbook(SUB / "cell_errors.xlsx")
    wb["基本信息"]["D2"] = '=_xlfn.DISPIMG("ID_5F3A",1)'
    wb["基本信息"].add_image(XLImage(io.BytesIO(_png("blue"))), "F2")
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    source = tmp_path / "兴隆镇_WPS.xlsx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as zout:
        assert re.search(rb"media/image1\.png", zin.read("xl/drawings/_rels/drawing1.xml.rels"))
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/media/image1.png":  # WPS named the floating picture image7.png
                info.filename = "xl/media/image7.png"
            elif info.filename == "xl/drawings/_rels/drawing1.xml.rels":
                data = data.replace(b"media/image1.png", b"media/image7.png")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rId99" Type="{CELLIMAGE_TYPE}" '
                    'Target="cellimages.xml"/></Relationships>'.encode(),
                )
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/cellimages.xml" ContentType='
                    b'"application/vnd.wps-officedocument.cellimage+xml"/></Types>',
                )
            zout.writestr(info, data)
        zout.writestr("xl/cellimages.xml", CELLIMAGES_XML)
        zout.writestr(
            "xl/_rels/cellimages.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            'Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
            'Target="media/image1.png"/></Relationships>',
        )
        # the name openpyxl gives the floating picture
        zout.writestr("xl/media/image1.png", _png("red"))
    return source


def test_wps_cell_pictures_survive_in_the_feedback_copy(workspace: Path, tmp_path: Path) -> None:
    import zipfile
    from xml.etree import ElementTree as ET

    from fedxl.xlsx.package import _resolve

    source = _wps_with_pictures(tmp_path)
    report = check_file(source, _ctx(workspace))
    target = write_feedback_file(source, report, tmp_path / "fb.xlsx")
    with zipfile.ZipFile(target) as z:
        names = set(z.namelist())
        assert z.read("xl/cellimages.xml") == CELLIMAGES_XML
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        assert [r.get("Target") for r in rels if r.get("Type") == CELLIMAGE_TYPE] == [
            "cellimages.xml"
        ]
        assert len({r.get("Id") for r in rels}) == len(rels)
        (pic,) = ET.fromstring(z.read("xl/_rels/cellimages.xml.rels"))
        media = _resolve("xl/cellimages.xml", pic.get("Target", ""))
        # renamed, not overwritten
        assert media != "xl/media/image1.png" and z.read(media) == _png("red")
        drawing = [n for n in names if n.startswith("xl/drawings/_rels/")]
        floating = _resolve(
            "xl/drawings/drawing1.xml", ET.fromstring(z.read(drawing[0]))[0].get("Target", "")
        )
        # the ordinary picture too
        assert z.read(floating)[:8] == b"\x89PNG\r\n\x1a\n" and floating != media
        types = z.read("[Content_Types].xml")
        assert b"/xl/cellimages.xml" in types and b"ns0:" not in types
    out = openpyxl.load_workbook(target)
    assert out["基本信息"]["D2"].value == '=_xlfn.DISPIMG("ID_5F3A",1)'
    assert calamine_rows(target, "妇委会名录") == calamine_rows(source, "妇委会名录")
