"""Shared openpyxl styles for the workbooks fedxl writes (fonts that suit Chinese text)."""

from __future__ import annotations

from typing import Any

HEADING_FONT = "黑体"
BODY_FONT = "宋体"
HEADER_FILL = "DDEBF7"
SECTION_FILL = "F2F2F2"
REQUIRED_MARK = "C00000"
NOTE_COLOR = "7F7F7F"


def thin_border() -> Any:
    from openpyxl.styles import Border, Side

    side = Side(style="thin", color="808080")
    return Border(left=side, right=side, top=side, bottom=side)


def text_width(text: str) -> float:
    """Column width (in Excel character units) that fits `text`; CJK counts double."""
    width = 0.0
    for ch in text:
        width += 2.1 if ord(ch) > 0x2E80 else 1.1
    return width


def a4_landscape(ws: Any, title_rows: str | None = None, footer: str | None = None) -> None:
    """A4 landscape, one page wide, optional repeated rows and centred footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    if footer:
        ws.oddFooter.center.text = footer
        ws.oddFooter.center.size = 9


def wrapped_height(texts_and_widths: list[tuple[str, float]], line: float = 14.5) -> float:
    """Row height (points) that shows every wrapped text in its column width."""
    import math

    lines = 1
    for text, width in texts_and_widths:
        for para in str(text).split("\n"):
            lines_here = max(1, math.ceil(0.88 * text_width(para) / max(width - 1.5, 1)))
            lines = max(lines, lines_here + para.count("\n"))
    return lines * line + 5
