"""Word reports: figures, escaping, masked phones, issue numbers, lint, PDF."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from fedxl import wording
from fedxl.jobs.samples import LedgerData, town_ledger, write_plain_ledger
from fedxl.reports import make_report
from fedxl.reports.lint import lint_template
from fedxl.reports.render import docx_text
from fedxl.submissions import ingest
from fedxl.workspace import Workspace

TRICKY_ORG = "A&B<C>社会工作服务中心妇委会"
TRICKY_ACT = "“巾帼&家庭”<宣讲>"


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from fedxl.jobs.setup import init_workspace

    root = tmp_path_factory.mktemp("reports") / "ws"
    init_workspace(root, year=2026)
    ws = Workspace(root)
    data: dict[str, LedgerData] = {}
    for i, town in enumerate(["头道桥街道", "二道河街道", "兴隆镇"]):
        d = town_ledger(ws.form, town, 2026, 6, seed=10 + i, orgs=5, events=6)
        if town == "兴隆镇":
            old = d.tables["妇委会名录"][0]["组织名称"]
            d.tables["妇委会名录"][0]["组织名称"] = TRICKY_ORG
            d.tables["活动台账"][0].update(组织名称=TRICKY_ORG, 活动名称=TRICKY_ACT, 参与人数=999)
            for sheet in ("活动台账", "服务台账", "捐赠台账", "跟踪检查", "四送记录"):
                for row in d.tables[sheet]:
                    if row["组织名称"] == old:
                        row["组织名称"] = TRICKY_ORG
            for row in d.tables["人选推荐"]:
                if row["所在组织"] == old:
                    row["所在组织"] = TRICKY_ORG
        path = ws.folder("inbox") / f"{town}.xlsx"
        write_plain_ledger(ws.form, d, path)
        data[town] = d
    bad = town_ledger(ws.form, "新华街道", 2026, 6, seed=20, orgs=3, events=2)
    bad.tables["妇委会名录"][0]["所在单位"] = None
    bad.info["联系电话"] = "13912345678"
    write_plain_ledger(ws.form, bad, ws.folder("inbox") / "新华街道.xlsx")
    ingest(ws, received_at=dt.datetime(2026, 7, 2, 9))
    return ws, data


def _text(path: Path) -> str:
    return docx_text(path)


def test_briefing_figures_and_escaping(reported) -> None:  # type: ignore[no-untyped-def]
    ws, data = reported
    result = make_report(ws, "briefing", "2026-06", now=dt.datetime(2026, 7, 6, 12))
    assert result.path.name == "振兴区工作简报_2026-06.docx"
    text = _text(result.path)
    orgs = sum(
        len([o for o in d.tables["妇委会名录"] if o["组织状态"] != "已撤销"]) for d in data.values()
    )
    acts = [a for d in data.values() for a in d.tables["活动台账"]]
    june = [a for a in acts if a["活动日期"].month == 6]
    assert f"全区共建立新领域妇委会{orgs}个" in text
    assert (
        f"本月，各新领域妇女组织开展活动{len(june)}次、参与{sum(a['参与人数'] for a in june)}人次"
        in text
    )
    assert f"累计开展活动{len(acts)}次、参与{sum(a['参与人数'] for a in acts)}人次" in text
    assert "第1期" in text and "2026年7月6日" in text
    assert TRICKY_ORG in text and wording.quoted(TRICKY_ACT) in text  # inner quotes made single
    assert "{{" not in text and "{%" not in text
    doc = Document(str(result.path))
    assert len(doc.inline_shapes) == 1  # the chart


def test_issue_numbers_are_recorded(reported) -> None:  # type: ignore[no-untyped-def]
    ws, _ = reported
    first = make_report(ws, "briefing", "2026-06")
    assert "第1期" in _text(first.path)
    again = make_report(ws, "briefing", "2026-06")
    assert "第1期" in _text(again.path) and again.path == first.path


def test_half_year_and_reminder(reported) -> None:  # type: ignore[no-untyped-def]
    ws, data = reported
    half = make_report(ws, "half-year", "2026H1")
    assert half.path.name == "振兴区半年工作总结_2026H1.docx"
    text = _text(half.path)
    for heading in ("一、基本情况", "二、主要做法和成效", "三、存在的问题", "四、下步打算"):
        assert heading in text
    cash = sum(x["现金(元)"] or 0 for d in data.values() for x in d.tables["捐赠台账"])
    wan = round(cash / 10000, 2)  # from ten thousand on, money is written in 万: 3.7万元
    assert (f"现金{wan:g}万元" if cash >= 10000 else f"现金{cash:.0f}元") in text
    assert half.context["highlights"][0] in text  # the half's activities, by name
    assert half.context["gifts_text"] and half.context["gifts_text"] in text
    reminder = make_report(ws, "reminder", "2026-06")
    rtext = _text(reminder.path)
    assert "新华街道：已报送但未通过校验（错误1处）" in rtext
    # cell-level errors go to the town in its feedback file, not to every town
    assert "所在单位" not in rtext
    assert "柳河镇：未报送" in rtext
    assert "139****5678" in rtext
    # without doc_prefix the notice has a 发文字号 all the same (振 + 妇字), and says so
    assert "振妇字〔2026〕" in rtext and any("doc_prefix" in w for w in reminder.warnings)


def test_no_full_phone_number_anywhere(reported) -> None:  # type: ignore[no-untyped-def]
    ws, _ = reported
    for kind, period in (("briefing", "2026-06"), ("half-year", "2026H1"), ("reminder", "2026-06")):
        text = _text(make_report(ws, kind, period).path)
        assert not re.search(r"1[3-9]\d{9}", text), kind


def test_phones_shown_when_masking_is_off(reported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, _ = reported
    copy = tmp_path / "ws"
    shutil.copytree(ws.root, copy)
    cfg = copy / "fedxl.toml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace("mask_phones = true", "mask_phones = false"),
        encoding="utf-8",
    )
    text = _text(make_report(Workspace(copy), "reminder", "2026-06").path)
    assert "13912345678" in text


def test_dump_context_and_cli(reported, run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws, _ = reported
    dump = tmp_path / "ctx.json"
    result = run(
        "report", "briefing", "-m", "2026-06", "--dump-context", str(dump), "-w", str(ws.root)
    )
    assert result.exit_code == 0, result.stderr
    ctx = json.loads(dump.read_text(encoding="utf-8"))
    assert {"total", "towns", "highlights", "problems", "issue_no"} <= set(ctx)
    assert run("report", "half-year", "--half", "2026H3", "-w", str(ws.root)).exit_code == 2


def _template_with(tmp_path: Path, text: str) -> Path:
    from fedxl.workspace.resources import default_templates_dir

    doc = Document(str(default_templates_dir() / "briefing.docx"))
    doc.add_paragraph(text)
    path = tmp_path / "edited.docx"
    doc.save(str(path))
    return path


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("｛｛ district ｝｝", "fullwidth-brace"),
        ("{{ total.orgs（个） }}", "fullwidth-in-tag"),
        ("{% tr for t in towns %}", "spaced-tag"),
        ("{{ chairman_name }}", "unknown-variable"),
        ("{{ total.orgs_count }}", "unknown-variable"),
    ],
)
def test_lint_catches_each_mistake(tmp_path: Path, text: str, kind: str) -> None:
    issues = lint_template(_template_with(tmp_path, text))
    assert kind in {i.kind for i in issues}


def test_shipped_templates_lint_clean() -> None:
    from fedxl.workspace.resources import default_templates_dir

    for name in ("briefing.docx", "half_year.docx", "reminder.docx"):
        assert lint_template(default_templates_dir() / name) == [], name


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_pdf(reported) -> None:  # type: ignore[no-untyped-def]
    ws, _ = reported
    result = make_report(ws, "reminder", "2026-06", pdf=True)
    assert result.pdf is not None and result.pdf.read_bytes()[:4] == b"%PDF"
    if shutil.which("pdftotext"):  # the title breaks between phrases on the printed page too
        import subprocess

        from fedxl.reports.context import title_lines

        printed = subprocess.run(
            ["pdftotext", "-layout", str(result.pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        lines = [re.sub(r"\s+", "", line) for line in printed.splitlines() if line.strip()]
        want = title_lines("关于报送2026年6月新领域妇联组织建设基础台账的通知")
        assert len(want) == 2 and want[0] in lines and lines[lines.index(want[0]) + 1] == want[1], (
            lines[:4]
        )


def test_lint_knows_exactly_the_context_keys(reported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """reports/lint.py keeps the variable names a template may use: they must be the context's."""
    from fedxl.reports.lint import CONTEXT_KEYS, TOTAL_KEYS, TOWN_KEYS

    ws, _ = reported
    dump, reminder = tmp_path / "b.json", tmp_path / "r.json"
    make_report(ws, "briefing", "2026-06", dump_context=dump)
    make_report(ws, "reminder", "2026-06", dump_context=reminder)
    briefing = json.loads(dump.read_text(encoding="utf-8"))
    keys = set(briefing) | set(json.loads(reminder.read_text(encoding="utf-8")))
    # title_rt: title_lines as line breaks, made at render
    assert keys | {"title_rt"} == set(CONTEXT_KEYS)
    assert set(briefing["total"]) == set(TOTAL_KEYS) == set(briefing["ytd"])
    assert set(briefing["towns"][0]) == set(TOWN_KEYS)


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_documents_a_leader_signs(reported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """GB/T 9704 parts, read from the XML: table headers repeat and rows never split, page numbers
    outside (odd right, even left), real properties, a notice's 发文字号 and 版记, titles broken
    between phrases."""
    from fedxl.reports.context import title_lines

    ws, _ = reported
    cfg = ws.root / "fedxl.toml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(
        text.replace("# doc_prefix =", "doc_prefix =")
        .replace("# contact_person =", "contact_person =")
        .replace("# contact_phone =", "contact_phone ="),
        encoding="utf-8",
    )
    try:
        fresh = Workspace(ws.root)
        briefing = make_report(fresh, "briefing", "2026-06", now=dt.datetime(2026, 7, 10, 9))
        notice = make_report(fresh, "reminder", "2026-06", now=dt.datetime(2026, 7, 10, 9))
        again = make_report(fresh, "reminder", "2026-06", now=dt.datetime(2026, 7, 11, 9))
    finally:
        cfg.write_text(text, encoding="utf-8")
    doc = Document(str(briefing.path))
    rows = doc.tables[0].rows
    assert rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r._tr.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    assert (
        section.footer.paragraphs[0].alignment == 2
        and section.even_page_footer.paragraphs[0].alignment == 0
    )
    props = doc.core_properties
    assert props.author == "振兴区妇联" and props.title and props.created.year >= 2026
    notice_text = _text(notice.path)
    # kept when re-made
    assert "振妇字〔2026〕1号" in notice_text and "振妇字〔2026〕1号" in _text(again.path)
    assert "抄送：区妇联主席、副主席。" in notice_text and "印发" in notice_text
    assert "联系人：林晓梅" in notice_text and "各镇街妇联：" in notice_text
    title = Document(str(notice.path)).paragraphs[1]
    assert title.style.name == "Title"
    assert [t for t in title.text.split("\n")] == title_lines(
        "关于报送2026年6月新领域妇联组织建设基础台账的通知"
    )
    for line in title_lines("振兴区妇联2026年上半年新领域妇联组织建设工作总结"):
        assert not line.endswith(("基", "建", "组", "台")) and len(line) <= 20


def test_no_document_property_names_a_library(reported) -> None:  # type: ignore[no-untyped-def]
    """Word's and Excel's File > Properties show the federation, the title and the period, never
    "generated by python-docx" or "openpyxl" (the reports, the summary, a town's marked copy)."""
    import zipfile

    from fedxl.merging import merge
    from fedxl.reports import make_report

    ws, _ = reported
    now = dt.datetime(2026, 7, 6, 10)
    made = [
        make_report(ws, kind, period, now=now).path
        for kind, period in (
            ("briefing", "2026-06"),
            ("reminder", "2026-06"),
            ("half-year", "2026H1"),
        )
    ]
    made.append(merge(ws, "2026-06", now=now).path)
    made += sorted(ws.folder("feedback").glob("*.xlsx"))
    assert len(made) >= 5
    for path in made:
        with zipfile.ZipFile(path) as zf:
            core = zf.read("docProps/core.xml").decode("utf-8")
        assert "python-docx" not in core and "openpyxl" not in core.lower(), path.name
        if path.parent.name != "feedback":
            import re

            title = re.search(r"<dc:title[^>]*>([^<]+)</dc:title>", core)
            assert "振兴区妇联" in core and title is not None, path.name


def test_the_figures_say_which_towns_they_leave_out(reported) -> None:  # type: ignore[no-untyped-def]
    """Towns without an accepted ledger of the year are named wherever a district figure is
    given (the briefing's first paragraph, metrics --json), never silently left out."""
    import fedxl

    ws, _ = reported
    now = dt.datetime(2026, 7, 10, 9)
    summary = fedxl.metrics(ws, "2026-06", as_of=now)
    missing = summary.coverage["missing"]
    assert len(missing) >= 2 and "新华街道" in missing  # rejected, no earlier ledger
    assert summary.to_dict()["coverage"]["missing"] == missing
    made = make_report(ws, "briefing", "2026-06", now=now)
    said = made.context["coverage_text"]
    assert all(town in said for town in missing) and said in _text(made.path)


@pytest.mark.parametrize("count", [2, 4, 8, 15])  # 4: the old template split 版记 there
def test_the_notices_imprint_stays_whole_on_its_last_page(tmp_path: Path, count: int) -> None:
    """With 2, 4, 8 or 15 towns listed, 版记 (抄送 … 印发) is on one page, the last one (with 4,
    抄送 was left on page 1 and 印发 alone on page 2)."""
    import shutil
    import subprocess

    from fedxl.jobs.setup import init_workspace
    from fedxl.reports import pdf

    if pdf.soffice() is None or not shutil.which("pdftotext"):
        pytest.skip("needs LibreOffice and pdftotext (apt-get install libreoffice-writer-nogui)")
    towns = [f"{c}城街道" for c in "东南西北中上下前后左右内外新老"[:count]]
    ws = init_workspace(tmp_path / "ws", year=2026, district="元宝区", towns=towns)
    made = make_report(ws, "reminder", "2026-06", pdf=True, now=dt.datetime(2026, 7, 10, 9))
    assert made.pdf is not None, made.pdf_problem
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(made.pdf)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    texts = [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(made.pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, pages + 1)
    ]
    holding = [n for n, text in enumerate(texts, start=1) if "抄送" in text or "印发" in text]
    assert holding == [pages] and "印发" in texts[-1] and "抄送" in texts[-1]
    assert all(town in "".join(texts) for town in towns)
