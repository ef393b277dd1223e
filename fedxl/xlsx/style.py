"""Shared openpyxl styles for the workbooks fedxl writes (fonts that suit Chinese text)."""

from __future__ import annotations

import math
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


# column-width units that fit across A4 landscape with 0.4" margins (measured in LibreOffice)
PAGE_WIDTH = 105.0
MIN_SCALE = 0.92  # never shrink printed text by more than this (10 pt body → at least 9 pt)


def printed_width(ws: Any) -> float:
    """The sheet's width in column-width units (default-width columns count 8.43)."""
    from openpyxl.utils import get_column_letter

    return sum(
        (ws.column_dimensions[get_column_letter(c)].width or 8.43)
        for c in range(1, ws.max_column + 1)
    )


def a4_landscape(
    ws: Any,
    title_rows: str | None = None,
    footer: str | None = None,
    *,
    title_cols: str | None = "A:A",
    pages: int | None = None,
) -> None:
    """A4 landscape with repeated rows and a centred footer. A sheet too wide for one page is
    printed across as many pages as keep its text legible (scaled no further than MIN_SCALE),
    with `title_cols` repeated on each, unless `pages` says how many pages across it takes (a
    form a town fills in prints one page across, scaled to fit)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    if pages is None:
        pages = max(1, math.ceil(printed_width(ws) / (PAGE_WIDTH / MIN_SCALE)))
    ws.page_setup.fitToWidth = pages
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if pages > 1 and title_cols:
        ws.print_title_cols = title_cols
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
    if footer:
        ws.oddFooter.center.text = footer
        ws.oddFooter.center.size = 9


def wrapped_height(
    texts_and_widths: list[tuple[str, float]], line: float | None = None, size: float = 11.0
) -> float:
    """Row height (points) that shows every wrapped text in its column width, for text of `size`
    points (column widths are in units of the 11-point body font)."""
    import math

    line = line or 14.5 * size / 11
    lines = 1
    for text, width in texts_and_widths:
        # each paragraph starts a line; wraps waste the line ends
        here = sum(
            max(1, math.ceil(0.88 * text_width(para) * size / 11 / max(width - 2.5, 1)))
            for para in str(text).split("\n")
        )
        lines = max(lines, here)
    return lines * line + 5
