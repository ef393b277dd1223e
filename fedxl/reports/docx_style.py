"""GB/T 9704 document styling with python-docx: page, fonts (East Asian set properly), styles."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
NUMBER_FONT = "宋体"
RED = RGBColor(0xC0, 0x00, 0x00)
LINE = Pt(28.95)  # 22 lines a page


def set_font(
    target: Any,
    east_asia: str,
    size: float | None = None,
    *,
    bold: bool | None = None,
    latin: str = "Times New Roman",
) -> None:
    """Set a style's or run's fonts, the East Asian one included (font.name alone does not)."""
    font = target.font
    font.name = latin
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = (
        target.element.get_or_add_rPr()
        if hasattr(target.element, "get_or_add_rPr")
        else target._element.get_or_add_rPr()
    )
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def setup_document(doc: Any) -> None:
    """A4, GB/T 9704 margins, zh-CN East Asian language, body and heading styles."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(18)
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        settings.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    styles = doc.styles
    normal = styles["Normal"]
    set_font(normal, BODY_FONT, 16)
    pf = normal.paragraph_format
    pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    pf.space_before = pf.space_after = Pt(0)
    pf.first_line_indent = Pt(32)
    for name, font, bold in (("Heading 1", H1_FONT, False), ("Heading 2", H2_FONT, False)):
        style = styles[name]
        set_font(style, font, 16, bold=bold)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        spf = style.paragraph_format
        spf.line_spacing_rule, spf.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
        spf.space_before = spf.space_after = Pt(0)
        spf.first_line_indent = Pt(32)
        spf.keep_with_next = True
    title = styles["Title"]
    set_font(title, TITLE_FONT, 22, bold=False)
    title.font.color.rgb = RGBColor(0, 0, 0)
    tpf = title.paragraph_format
    tpf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tpf.line_spacing_rule, tpf.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(36)
    tpf.space_before, tpf.space_after = Pt(0), Pt(28)
    tpf.first_line_indent = Pt(0)
    ppr = title.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)
    table_text = styles.add_style("表格文字", 1)  # paragraph style
    table_text.base_style = normal
    set_font(table_text, BODY_FONT, 12)
    ttf = table_text.paragraph_format
    ttf.first_line_indent = Pt(0)
    ttf.line_spacing_rule, ttf.line_spacing = WD_LINE_SPACING.SINGLE, None
    ttf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_numbers(doc)


def _field(run: Any, instruction: str) -> None:
    for kind, text in (
        ("begin", None),
        (None, instruction),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _page_numbers(doc: Any) -> None:
    """Page numbers "— 1 —" in 四号 宋体 on the outside edge: right on odd pages, left on even
    pages (evenAndOddHeaders)."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.alignment = align
        p.paragraph_format.first_line_indent = Pt(0)
        # 一字 from the edge
        p.paragraph_format.left_indent = p.paragraph_format.right_indent = Pt(14)
        for text in ("— ", None, " —"):
            run = p.add_run(text or "")
            set_font(run, NUMBER_FONT, 14)
            if text is None:
                _field(run, "PAGE")


def table_rows_hold(table: Any, header_rows: int = 1) -> None:
    """Header rows repeat on every page (tblHeader) and stay with the next row; no row splits
    across pages (cantSplit)."""
    for i, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if i < header_rows:
            trpr.append(OxmlElement("w:tblHeader"))
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True


def paragraph(
    doc: Any, text: str, *, style: str | None = None, align: Any = None, indent: bool = True
) -> Any:
    p = doc.add_paragraph(text, style=style)
    if align is not None:
        p.alignment = align
    if not indent:
        p.paragraph_format.first_line_indent = Pt(0)
    return p


def rule(p: Any, *edges: str | None, color: str = "000000", size: str = "8") -> None:
    """Black lines above and/or below a paragraph (the 版记's rules)."""
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    for edge in edges:
        if edge is None:
            continue
        line = OxmlElement(f"w:{edge}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", size),
            ("w:space", "1"),
            ("w:color", color),
        ):
            line.set(qn(key), value)
        bdr.append(line)
    ppr.append(bdr)


def red_rule(p: Any) -> None:
    """A red line under a paragraph (the 红头 separator)."""
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "18"),
        ("w:space", "6"),
        ("w:color", "C00000"),
    ):
        bottom.set(qn(key), value)
    bdr.append(bottom)
    ppr.append(bdr)
