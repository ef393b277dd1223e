"""Text that passes checking but could break an output: control characters and template tags."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from fedxl.jobs.samples import town_ledger, write_plain_ledger
from fedxl.merging import merge
from fedxl.reports import make_report
from fedxl.reports.render import ReportError, docx_text
from fedxl.submissions import ingest
from fedxl.workspace import Workspace

NOW = dt.datetime(2026, 7, 20, 12)
BROKEN_LINE = "第一行_x000B_第二行"  # how Excel stores a line break pasted from Word (vertical tab)
TAGGY_ORG = "{{ total.orgs }}巾帼{% if x %}妇委会"
TAGGY_ACT = "{%p for x in y %}宣讲{# 注 #}"


@pytest.fixture
def hostile(workspace: Path, tmp_path: Path) -> Workspace:
    ws = Workspace(workspace)
    data = town_ledger(ws.form, "兴隆镇", 2026, 6, seed=4, orgs=4, events=4)
    old = data.tables["妇委会名录"][0]["组织名称"]
    data.tables["妇委会名录"][0]["组织名称"] = TAGGY_ORG
    for rows in data.tables.values():
        for row in rows:
            for key in ("组织名称", "所在组织"):
                if row.get(key) == old:
                    row[key] = TAGGY_ORG
    data.tables["活动台账"][0].update(
        活动名称=TAGGY_ACT, 组织名称=TAGGY_ORG, 参与人数=999, 活动日期=dt.date(2026, 6, 10)
    )
    data.tables["活动台账"][1].update(活动名称="PLACEHOLDER1", 备注="PLACEHOLDER2")
    made = tmp_path / "兴隆镇6月.xlsx"
    write_plain_ledger(ws.form, data, made)
    path = ws.folder("inbox") / made.name
    with (
        zipfile.ZipFile(made) as src,
        zipfile.ZipFile(path, "w") as dst,
    ):  # the escapes as Excel writes them
        for item in src.infolist():
            body = (
                src.read(item)
                .replace(b"PLACEHOLDER1", BROKEN_LINE.encode())
                .replace(b"PLACEHOLDER2", "备_x0001_注".encode())
            )
            dst.writestr(item, body)
    batch = ingest(ws, received_at=dt.datetime(2026, 7, 2, 9))
    report = batch.results[0].report
    assert report.status == "accepted", [
        f.to_dict() for f in report.findings if f.severity == "error"
    ]
    repaired = [f for f in report.findings if f.code == "normalized" and f.sheet == "活动台账"]
    # an info finding, old → new
    assert any(f.params.get("new") == "第一行\n第二行" for f in repaired)
    return ws


def test_control_characters_never_break_the_summary(hostile: Workspace) -> None:
    result = merge(hostile, "2026-06", now=NOW)
    acts = openpyxl.load_workbook(result.path)["活动台账"]
    values = [c.value for row in acts.iter_rows(min_row=4) for c in row if isinstance(c.value, str)]
    assert "第一行\n第二行" in values and "备注" in values
    assert not any(ch in v for v in values for ch in "\x00\x01\x0b\x0c")


def test_template_tags_in_a_towns_text_are_written_literally(hostile: Workspace) -> None:
    result = make_report(hostile, "briefing", "2026-06", now=NOW)
    text = docx_text(result.path)
    assert TAGGY_ORG in text and TAGGY_ACT in text
    assert "\x0b" not in text and not any(ch in text for ch in "\x00\x01\x0c")
    half = docx_text(make_report(hostile, "half-year", "2026H1", now=NOW).path)
    assert "2026年上半年" in half  # rendered; this template names no organisation


def test_json_and_check_output_hold(hostile: Workspace, run) -> None:
    out = run(
        "metrics", "--month", "2026-06", "--json", "--as-of", "2026-07-20", "-w", str(hostile.root)
    )
    assert out.exit_code == 0 and json.loads(out.stdout)["district"]["妇委会总数"] == 4


def test_a_failed_report_never_replaces_a_good_one(hostile: Workspace) -> None:
    good = make_report(hostile, "briefing", "2026-06", now=NOW).path
    before = hashlib.sha256(good.read_bytes()).hexdigest()
    template = hostile.templates / "briefing.docx"
    doc = Document(str(template))
    doc.add_paragraph("{{ no_such_variable }}")
    doc.save(str(template))
    with pytest.raises(ReportError):
        make_report(hostile, "briefing", "2026-06", now=NOW)
    assert hashlib.sha256(good.read_bytes()).hexdigest() == before
    assert [p.name for p in hostile.folder("reports").iterdir()] == [
        good.name
    ]  # no temporary file left
