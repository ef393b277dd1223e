"""Build the Word templates (briefing.docx, half_year.docx, reminder.docx, and a city's
city_briefing.docx) with python-docx.

    python -m fedxl.reports.build_templates [DIR]     (default: the repository's templates/)

Staff may edit the generated files in Word afterwards; this script is how the shipped versions
are made, so they can be rebuilt. Tags are Jinja (docxtpl): {{ value }}, {%p for %} paragraphs,
{%tr for %} table rows. `fedxl report lint` checks an edited template.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt

from fedxl.reports.docx_style import (
    RED,
    TITLE_FONT,
    paragraph,
    red_rule,
    rule,
    set_font,
    setup_document,
    table_rows_hold,
)

CENTER, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


def _loop(doc, items: str, var: str, text: str) -> None:  # type: ignore[no-untyped-def]
    paragraph(doc, f"{{%p for {var} in {items} %}}")
    paragraph(doc, text)
    paragraph(doc, "{%p endfor %}")


def _signature(doc) -> None:  # type: ignore[no-untyped-def]
    paragraph(doc, "")
    paragraph(
        doc, "{{ federation }}", align=RIGHT, indent=False
    ).paragraph_format.right_indent = Pt(64)
    paragraph(doc, "{{ date_cn }}", align=RIGHT, indent=False).paragraph_format.right_indent = Pt(
        48
    )


def briefing(area: str = "全区", unit: str = "镇街", state: str = "报送状态") -> Any:
    """The 工作简报: a district's (`area` 全区, rows of 镇街), or a city's (全市, rows of 区县
    with how many of their towns reported)."""
    doc = Document()
    setup_document(doc)
    head = paragraph(doc, "", align=CENTER, indent=False)
    head.paragraph_format.line_spacing = Pt(60)
    run = head.add_run("工 作 简 报")
    set_font(run, TITLE_FONT, 40)
    run.font.color.rgb = RED
    paragraph(doc, "第{{ issue_no }}期", align=CENTER, indent=False)
    meta = paragraph(doc, "{{ federation }}\t{{ date_cn }}", indent=False)
    meta.paragraph_format.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT)
    red_rule(meta)
    paragraph(doc, "")
    doc.add_paragraph("{{r title_rt }}", style="Title")
    paragraph(
        doc,
        "{{ reporting_text }}。截至{{ end_cn }}，" + area + "共建立新领域妇委会{{ total.orgs }}个，"
        "覆盖女职工{{ total.women }}人；{{ new_text }}年度建组任务完成率{{ total.quota_rate }}。"
        "{{ coverage_text }}{{ compare_text }}",
    )
    doc.add_paragraph("一、工作开展情况", style="Heading 1")
    paragraph(doc, "{{ work_text }}")
    paragraph(doc, "{{ ytd_text }}")
    doc.add_paragraph(f"二、各{unit}情况", style="Heading 1")
    heads = [
        unit,
        state,
        "妇委会（个）",
        "本月新建（个）",
        "本月活动（次）",
        "本月服务（次）",
        "四有达标率",
    ]
    cells = [
        "{{ t.town }}",
        "{{ t.state }}",
        "{{ t.orgs }}",
        "{{ t.new }}",
        "{{ t.activities }}",
        "{{ t.services }}",
        "{{ t.four_rate }}",
    ]
    totals = [
        f"{area}合计",
        "",
        "{{ total.orgs }}",
        "{{ total.new }}",
        "{{ total.activities }}",
        "{{ total.services }}",
        "{{ total.four_rate }}",
    ]
    table = doc.add_table(rows=5, cols=len(heads))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = [
        heads,
        ["{%tr for t in towns %}"] + [""] * (len(heads) - 1),
        cells,
        ["{%tr endfor %}"] + [""] * (len(heads) - 1),
        totals,
    ]
    widths = [Mm(w) for w in (28, 26, 20, 21, 20, 20, 21)]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = widths[c]
            cell.text = ""
            p = cell.paragraphs[0]
            p.style = doc.styles["表格文字"]
            run = p.add_run(value)
            if r in (0, 4):
                run.bold = True
    table_rows_hold(table)
    chart = paragraph(doc, "{{ chart }}", align=CENTER, indent=False)
    # exact spacing would clip the picture
    chart.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    chart.paragraph_format.space_before = Pt(6)
    doc.add_paragraph("三、工作亮点", style="Heading 1")
    _loop(doc, "highlights", "h", "{{ h }}")
    doc.add_paragraph("四、需要关注的问题", style="Heading 1")
    _loop(doc, "problems", "p", "{{ p }}")
    _imprint(doc, ["报：{{ report_to }}", "送：{{ cc }}", f"发：各{unit}妇联"])
    return doc


def city_briefing() -> Any:
    return briefing("全市", "区县", "报送情况")


def _titled(title: str) -> Any:
    """A new GB/T 9704 document with its title line."""
    doc = Document()
    setup_document(doc)
    doc.add_paragraph(title, style="Title")
    return doc


def half_year() -> Any:
    doc = _titled("{{r title_rt }}")
    paragraph(doc, "{{ report_to }}：", indent=False)
    paragraph(
        doc,
        "{{ year }}年{{ half_cn }}，{{ district }}妇联坚持以习近平新时代中国特色社会主义思想为指导"
        "，"
        "围绕“妇女在哪里，妇联组织就建到哪里”的目标，推动新领域妇联组织应建尽建、有效覆盖，"
        "现将工作情况总结如下。",
    )
    doc.add_paragraph("一、基本情况", style="Heading 1")
    paragraph(
        doc,
        "截至{{ end_cn }}，全区共建立新领域妇委会{{ total.orgs }}个，覆盖女职工{{ total.women "
        "}}人。"
        "其中{{ domain_text }}。{{ half_cn }}新建妇委会{{ total.new }}个，"
        "{% if total.new != total.new_year %}今年以来累计新建{{ total.new_year }}个，{% endif %}"
        "完成年度任务{{ total.quota }}个的{{ total.quota_rate }}。{{ coverage_text }}"
        "{{ compare_text }}",
    )
    doc.add_paragraph("二、主要做法和成效", style="Heading 1")
    sections = [
        (
            "（一）抓组织覆盖，推动应建尽建。",
            "各镇街妇联把新领域妇联组织建设作为重点任务，{{ half_cn }}新建妇委会{{ total.new }}个，"
            "其中{{ new_domain_text }}。“四有”达标组织{{ total.four_haves }}个，达标率{{ "
            "total.four_rate }}。",
        ),
        (
            "（二）抓思想引领，凝聚妇女力量。",
            "{{ half_cn }}，各新领域妇女组织共开展活动{{ total.activities }}次、参与{{ "
            "total.participants }}人次，"
            "{{ activity_text }}。",
        ),
        (
            "（三）抓亲情服务，服务妇女群众。",
            "开展五项亲情服务{{ total.services }}次、受益{{ total.beneficiaries }}人，"
            "其中{{ service_text }}。",
        ),
        (
            "（四）抓“四有四送”，夯实阵地基础。",
            "{% if total.deliveries != '0' %}向各妇委会送去牌匾、展板、簿册、资料共"
            "{{ total.deliveries }}件（套），{% endif %}"
            "开展动态跟踪检查{{ total.checks }}次；今年以来跟踪覆盖率{{ total.check_rate }}。",
        ),
        (
            "（五）抓爱心捐赠，传递巾帼温暖。",
            "{% if gifts_text %}组织爱心捐赠{{ total.donations }}次，捐赠{{ gifts_text }}"
            "{{ donation_text }}。{% else %}本期暂无爱心捐赠记录。{% endif %}",
        ),
        (
            "（六）抓培训就业，助力创业增收。",
            "举办各类培训{{ total.trainings }}期、培训{{ total.trainees }}人次。",
        ),
        (
            "（七）抓人选推荐，展示巾帼风采。",
            "推荐人大代表、政协委员、三八红旗手等各类人选{{ total.candidates }}名。",
        ),
    ]
    for head, body in sections:
        doc.add_paragraph(head, style="Heading 2")
        paragraph(doc, body)
        if head.startswith("（二）"):  # the half's largest activities and donations, by name
            _loop(doc, "highlights", "h", "{{ h }}")
    doc.add_paragraph("三、存在的问题", style="Heading 1")
    _loop(doc, "problems", "p", "{{ p }}")
    doc.add_paragraph("四、下步打算", style="Heading 1")
    for text in (
        "一是持续扩大覆盖。对照年度建组任务，加强对进度落后镇街的督导，推动非公有制企业、社会组织、"
        "商务楼宇等领域应建尽建。",
        "二是整顿软弱涣散。对长期不开展活动、组织涣散的妇委会逐一分析原因，落实包建领导责任，"
        "确保建一个、活一个。",
        "三是深化亲情服务。围绕五项亲情服务和“四有四送”，丰富服务内容，提升组织吸引力。",
        "四是规范台账管理。坚持月调度制度，按时报送基础台账，确保数据真实准确。",
    ):
        paragraph(doc, text)
    _signature(doc)
    _imprint(doc, ["抄送：{{ cc }}。", "{{ federation }}办公室\t{{ date_cn }}印发"])
    return doc


def _imprint(doc: Any, lines: list[str]) -> None:
    """版记 at the end of a document: its lines between rules (GB/T 9704 §7.4), kept together
    on the last page (each line keeps with the next: 抄送 never stays behind alone)."""
    paragraph(doc, "").paragraph_format.keep_with_next = True
    for i, text in enumerate(lines):
        p = paragraph(doc, text, indent=False)
        p.paragraph_format.left_indent = p.paragraph_format.right_indent = Pt(14)
        p.paragraph_format.tab_stops.add_tab_stop(Mm(150), WD_TAB_ALIGNMENT.RIGHT)
        p.paragraph_format.keep_together = True
        p.paragraph_format.keep_with_next = i < len(lines) - 1
        rule(p, "top" if i == 0 else None, "bottom")


def reminder() -> Any:
    """The 催报通知 as a 通知: 发文字号, 主送, body naming each town's state, contact, 落款,
    版记."""
    doc = Document()
    setup_document(doc)
    number = paragraph(doc, "{{ doc_no }}", align=CENTER, indent=False)
    number.paragraph_format.space_after = Pt(14)
    doc.add_paragraph("{{r title_rt }}", style="Title")
    paragraph(doc, "各镇街妇联：", indent=False)
    paragraph(
        doc,
        "按照月调度工作安排，各镇街应于{{ deadline_cn }}前报送截至{{ month_cn }}底的基础台账。"
        "截至{{ date_cn }}，全区应报{{ towns_count }}个镇街，已报送{{ reported_count }}个。"
        "以下镇街尚未报送或报送的台账未通过校验，请抓紧报送：",
    )
    _loop(doc, "pending", "t", "{{ t }}")
    paragraph(
        doc,
        "报送的台账请使用区妇联下发的空白台账填写，未通过校验的请按区妇联退回的反馈表逐项修改后重新报送。"
        "{{ contact_text }}",
    )
    _signature(doc)
    _imprint(doc, ["抄送：{{ cc }}。", "{{ federation }}办公室\t{{ date_cn }}印发"])
    return doc


BUILDERS: dict[str, Any] = {
    "briefing.docx": briefing,
    "half_year.docx": half_year,
    "reminder.docx": reminder,
    "city_briefing.docx": city_briefing,
}


def build(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, builder in BUILDERS.items():
        path = folder / name
        builder().save(str(path))
        out.append(path)
    return out


if __name__ == "__main__":
    target = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parents[2] / "templates"
    )
    for made in build(target):
        print(made)
