"""Write the district summary workbook (汇总表) with XlsxWriter: print-ready, with native charts.

XlsxWriter, not openpyxl: the combined table sheets carry every town's rows (a district of 300
towns: over a million cells), and it writes them several times faster; their rows after the first
are added as XlsxWriter's own cell XML once it has closed the workbook (fedxl.xlsx.rows), three
times faster again.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fedxl.form import Form
from fedxl.form.periods import Month, Period, cn_date, cn_moment, month_text
from fedxl.form.values import without_controls
from fedxl.i18n import t
from fedxl.merging.metrics import FLOWS, flow_key, new_key
from fedxl.merging.summary import Summary, state_text
from fedxl.store import Store
from fedxl.submissions.status import StatusBoard
from fedxl.wording import percent, percent_format
from fedxl.xlsx.rows import LongSheet, add_rows, all_plain
from fedxl.xlsx.safe import as_text
from fedxl.xlsx.style import (
    BODY_FONT,
    HEADER_FILL,
    HEADING_FONT,
    MIN_SCALE,
    PAGE_WIDTH,
    SECTION_FILL,
    text_width,
    wrapped_height,
)

TITLE_FONT = "方正小标宋简体"
INT, MONEY = "#,##0", "#,##0.00"
ALERT_WIDTHS = (13, 12, 30, 52)  # 预警: 类别 镇街 对象 原因 — one A4 page across
STATUS_WIDTHS = (12, 12, 22, 36, 7, 7, 7)  # 报送情况: 镇街 状态 报送时间 文件 错误 警告 份数
DATE_WIDTH = text_width("2026年12月31日") + 2  # a date as the sheets write it, whole
UNKNOWN = "—"  # a figure nobody can know: no ledger, or an older one for the period's flows

UNITS = {
    "覆盖女职工数": "人",
    "参与人次": "人次",
    "培训人次": "人次",
    "受益人数": "人",
    "捐赠折价合计": "元",
    "捐赠现金合计": "元",
    "年度建组任务": "个",
    "妇委会总数": "个",
    "本年新建": "个",
    "本月新建": "个",
}


def summary_columns(summary: Summary) -> list[str]:
    """The 汇总表 columns, in order (the domain columns are the 领域类型 values).

    Flows are 本年累计 and their headers say so (`活动次数（本年累计）`); 本月新建 is the month's.
    """
    flows = [flow_key(name) for name in FLOWS]
    checks = flows.index(flow_key("跟踪检查次数")) + 1
    return [
        "镇街",
        "报送状态",
        "妇委会总数",
        "本年新建",
        new_key(summary.period),
        *summary.domains,
        "软弱涣散",
        "覆盖女职工数",
        "四有达标数",
        "四有达标率",
        *flows[:checks],
        "跟踪覆盖率",
        *flows[checks:],
        "年度建组任务",
        "任务完成率",
    ]


def _format(column: str, value: Any = None) -> str:
    if "率" in column:
        return percent_format(value)
    if column.startswith("捐赠"):
        return MONEY
    return INT


@dataclass(frozen=True)
class _Style:
    """A cell's look (XlsxWriter format properties), one Format made per distinct look."""

    font: str = BODY_FONT
    size: int = 12
    bold: bool = False
    fill: str | None = None
    border: bool = True
    align: str | None = None  # left | center | right
    wrap: bool = False
    num: str | None = None

    def props(self) -> dict[str, Any]:
        out: dict[str, Any] = {"font_name": self.font, "font_size": self.size, "valign": "vcenter"}
        if self.bold:
            out["bold"] = True
        if self.fill:
            out["bg_color"] = "#" + self.fill
            out["pattern"] = 1
        if self.border:
            out["border"] = 1
            out["border_color"] = "#808080"
        if self.align:
            out["align"] = self.align
        if self.wrap:
            out["text_wrap"] = True
        if self.num:
            out["num_format"] = self.num
        return out


TITLE = _Style(font=TITLE_FONT, size=18, border=False, align="center", wrap=True)
SUBTITLE = _Style(size=10, border=False, align="center", wrap=True)
NOTE = _Style(size=10, border=False, align="left", wrap=True)
HEAD = _Style(font=HEADING_FONT, bold=True, fill=HEADER_FILL, align="center", wrap=True)
BODY_LEFT = _Style(align="left", wrap=True)
BODY_RIGHT = _Style(align="right")


class _Book:
    """An XlsxWriter workbook: typed writes only, so a town's text is never taken for a formula,
    a number or a link; one Format per look. In constant-memory mode: each sheet is streamed to
    disk row by row (a city's combined sheets hold millions of cells), so every sheet is written
    top to bottom, each row's height set before its cells."""

    def __init__(self, target: Path) -> None:
        import xlsxwriter

        self.wb = xlsxwriter.Workbook(
            str(target),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "nan_inf_to_errors": True,
            },
        )
        self._formats: dict[_Style, Any] = {}
        self.target = target
        self.long_sheets: list[LongSheet] = []  # rows added after XlsxWriter (fedxl.xlsx.rows)

    def close(self) -> None:
        self.wb.close()
        add_rows(self.target, self.long_sheets)

    def fmt(self, style: _Style) -> Any:
        found = self._formats.get(style)
        if found is None:
            found = self._formats[style] = self.wb.add_format(style.props())
        return found

    def sheet(self, name: str) -> _Sheet:
        return _Sheet(self, name)


class _Sheet:
    """One worksheet, addressed 1-based as the openpyxl code it replaced; it remembers the
    column widths, which XlsxWriter cannot read back."""

    def __init__(self, book: _Book, name: str) -> None:
        self.book, self.name = book, name
        self.ws = book.wb.add_worksheet(name)
        self.widths: dict[int, float] = {}
        self.ncols = 0

    def put(self, row: int, col: int, value: Any, style: _Style) -> None:
        """Write `value` typed: text stays text (a name starting with = too), dates as dates."""
        fmt = self.book.fmt(style)
        r, c = row - 1, col - 1
        self.ncols = max(self.ncols, col)
        if value is None:
            self.ws.write_blank(r, c, None, fmt)
        elif isinstance(value, str):
            self.ws.write_string(r, c, as_text(without_controls(value)), fmt)
        elif isinstance(value, bool):
            self.ws.write_boolean(r, c, value, fmt)
        elif isinstance(value, int | float):
            self.ws.write_number(r, c, value, fmt)
        elif isinstance(value, dt.date):
            self.ws.write_datetime(r, c, value, fmt)
        else:
            self.ws.write_string(r, c, as_text(without_controls(str(value))), fmt)

    def merge(self, row: int, first: int, last: int, value: str, style: _Style) -> None:
        if last > first:
            self.ws.merge_range(row - 1, first - 1, row - 1, last - 1, value, self.book.fmt(style))
        else:
            self.put(row, first, value, style)

    def width(self, col: int, width: float) -> None:
        """`width` as stored in the file (openpyxl's units, which the page widths here were
        measured in): XlsxWriter adds a cell's padding to the width it is given."""
        self.widths[col] = width
        self.ws.set_column(col - 1, col - 1, max(1.0, width - XLSXWRITER_PADDING))

    def col_width(self, col: int) -> float:
        return self.widths.get(col, 8.43)

    def height(self, row: int, points: float) -> None:
        """Set before the row's cells are written (they are streamed)."""
        self.ws.set_row(row - 1, points)

    def printed_width(self) -> float:
        return sum(self.col_width(c) for c in range(1, self.ncols + 1))

    def a4_landscape(self, title_row: int | None, footer: str, generated: str) -> None:
        """A4 landscape, `title_row` repeated, page numbers centred and the time written at the
        left of the footer; a sheet too wide for one page printed across as many pages as keep
        its text legible (scaled no further than MIN_SCALE), column A repeated on each."""
        ws = self.ws
        ws.set_landscape()
        ws.set_paper(9)  # A4
        pages = max(1, math.ceil(self.printed_width() / (PAGE_WIDTH / MIN_SCALE)))
        ws.fit_to_pages(pages, 0)
        if pages > 1:
            ws.repeat_columns(0)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.center_horizontally()
        if title_row:
            ws.repeat_rows(title_row - 1)
        ws.set_footer(f"&L&8生成时间：{generated}&C&9{footer}")

    def print_in_parts(self, breaks: list[int]) -> None:
        """Print in parts: a page break after each column in `breaks`, column A repeated on each
        part, scaled (not squeezed) so the widest part fits A4 landscape."""
        titles = self.col_width(1)
        edges = [0, *breaks, self.ncols]
        parts = [
            sum(self.col_width(c) for c in range(a + 1, b + 1)) + (titles if i else 0)
            for i, (a, b) in enumerate(zip(edges, edges[1:], strict=False))
        ]
        self.ws.set_print_scale(  # a set scale (it turns fitting to pages off)
            max(10, min(100, int(PAGE_WIDTH / max(parts) * 100)))
        )
        self.ws.set_v_pagebreaks(breaks)
        self.ws.repeat_columns(0)


def _titles(
    ws: _Sheet, parts: list[tuple[int, int, str]], subtitle: str, *, widths: list[float]
) -> None:
    """Rows 1 and 2: the title and subtitle over each printed part (`parts`: first and last
    column and the title of each); the column widths set first."""
    for c, width in enumerate(widths, start=1):
        ws.width(c, width)
    ws.height(1, 36)
    for first, last, title in parts:
        ws.merge(1, first, last, title, TITLE)
    ws.height(2, 20)
    for first, last, _ in parts:
        ws.merge(2, first, last, subtitle, SUBTITLE)


def _header_texts(names: list[str], units: dict[str, str] | None = None) -> list[str]:
    out = []
    for name in names:
        unit = (units or {}).get(name.split("（")[0])
        out.append(f"{name}\n（{unit}）" if unit else name)
    return out


def _header(ws: _Sheet, row: int, texts: list[str]) -> None:
    """The header row, as tall as its most wrapped name in its column's width (12 pt bold: 60
    points had clipped 参与人次（本年累计）（人次） and padded short ones); a town's own column
    names too."""
    pairs = [(text, ws.col_width(c)) for c, text in enumerate(texts, start=1)]
    ws.height(row, max(24, wrapped_height(pairs, size=13)))
    for c, text in enumerate(texts, start=1):
        ws.put(row, c, text, HEAD)


def _summary_sheet(
    book: _Book, summary: Summary, district: str, generated: str, name: str = "汇总表"
) -> None:
    """A district's 汇总表: a row per town and 全区合计 (`name`: the sheet's, a district's own in
    a city's workbook)."""
    cols = summary_columns(summary)
    board = summary.board
    subtitle = (
        f"数据截至{cn_date(summary.end)}　报送情况截至{cn_date(summary.now.date())}：应报 "
        f"{len(board.towns)} 个镇街，"
        f"报送率 {percent(board.rate)}，按时报送率 {percent(board.on_time_rate)}"
    )
    rows: list[list[Any]] = []
    for tf in summary.towns:
        values: list[Any] = [
            tf.town,
            state_text(tf.state, tf.month_used, summary.month, tf.records_missing),
        ]
        # unknown (no ledger, or one older than the period): "—", as in the reports
        values += [
            tf.figures.get(c) if tf.figures else tf.quota if c == "年度建组任务" else None
            for c in cols[2:]
        ]
        rows.append(values)
    total: list[Any] = ["全区合计", "", *(summary.total.get(c) for c in cols[2:])]
    _figures_sheet(
        book.sheet(name),
        f"{district}新领域妇联组织建设情况汇总表",
        subtitle,
        cols,
        rows,
        total,
        (_stock_note(summary), _flow_note(summary)),
        generated,
    )


def _figures_sheet(
    ws: _Sheet,
    title: str,
    subtitle: str,
    cols: list[str],
    rows: list[list[Any]],
    total: list[Any],
    notes: tuple[str, str],
    generated: str,
) -> None:
    """Two label columns (镇街 or 区县, and its state), the figures, a bold total row and the
    口径 notes; printed in two parts (组织建设 | 活动与服务), the first column on each."""
    split = cols.index("四有达标率") + 1
    # the two label columns on one line each (未报送（沿用5月） had wrapped its bracket alone)
    widths = [
        max(8.0, *(text_width(str(v[c] or "")) + 1.5 for v in [*rows, total])) for c in (0, 1)
    ]
    for c, name in enumerate(cols[2:], start=3):
        width = max(6.0, min(10.5, text_width(name) / 2 + 2.5))  # the name wraps, figures not
        if c > split:  # the second printed part: narrow columns, money wide enough for 296,500.00
            width = 12.5 if name.startswith(("捐赠折价", "捐赠现金")) else min(width, 8.5)
        widths.append(width)
    # the title and subtitle again over the second printed part (活动与服务), marked 续
    _titles(
        ws, [(1, split, title), (split + 1, len(cols), f"{title}（续）")], subtitle, widths=widths
    )
    header_row = 3
    _header(ws, header_row, _header_texts(cols, UNITS))
    r = header_row
    for values in rows:
        r += 1
        ws.height(r, 24)  # one line of 12 pt, with air
        for c, value in enumerate(values, start=1):
            if c <= 2:
                ws.put(r, c, value, BODY_LEFT)
            elif value is None:
                ws.put(r, c, UNKNOWN, _Style(align="center", num=_format(cols[c - 1])))
            else:
                ws.put(r, c, value, _Style(align="right", num=_format(cols[c - 1], value)))
    r += 1
    ws.height(r, 24)
    for c, value in enumerate(total, start=1):
        num = _format(cols[c - 1], value) if c > 2 else None
        align = "left" if c <= 2 else "right"
        ws.put(r, c, value, _Style(bold=True, fill=SECTION_FILL, align=align, wrap=c <= 2, num=num))
    note = r + 2
    placed = ((notes[0], 2, split), (notes[1], split + 1, len(cols)))
    ws.height(
        note,
        max(
            wrapped_height([(text, sum(widths[first - 1 : last]))], size=10)
            for text, first, last in placed
        ),
    )
    for text, first, last in placed:
        # column A stays empty: it is repeated on the second part, which would print a sliver
        ws.merge(note, first, last, text, NOTE)
    ws.ws.freeze_panes(header_row, 1)
    ws.a4_landscape(header_row, "第 &P 页，共 &N 页", generated)
    ws.print_in_parts([split])


def _stock_note(summary: Summary) -> str:
    """The 口径 of the first printed part (组织建设), with the towns it leaves out or carries."""
    end = cn_date(summary.end)
    text = (
        f"口径：妇委会总数等存量指标取截至{end}各镇街的有效台账，不含已撤销组织；"
        "本年新建为本年度成立的组织（含其后撤销的），本月新建为本月成立的组织；"
        "四有达标指活动场所、宣传阵地、组织制度、风采展板均为“是”；"
        "“沿用X月”表示该镇街本月未报送或未通过校验，沿用其最近一次通过校验的台账，"
        "其本月新建记“—”（不详）；“待报送”表示报送截止日期未到；"
        "“记录减少”表示该镇街台账比上次少了本年度的记录，数字偏少。"
    )
    return text + _coverage_note(summary, "其本月新建不详")


def _flow_note(summary: Summary) -> str:
    """The 口径 of the second printed part (活动与服务), with the towns it leaves out or carries."""
    end = cn_date(summary.end)
    text = (
        f"口径：标“本年累计”的活动、培训、服务、捐赠、检查、推荐按 1 月 1 日至{end}的记录统计；"
        "跟踪覆盖率＝本年至少检查过一次的组织数÷妇委会总数；任务完成率＝本年新建÷年度建组任务。"
    )
    return text + _coverage_note(summary, "其本年累计数只计到该月")


def _coverage_note(summary: Summary, carried_means: str) -> str:
    """全区合计不含X镇（尚无本年台账）；Y镇沿用5月台账，…。 ("" when every town's own ledger
    of the month is in)."""
    cover, parts = summary.coverage, []
    if cover["missing"]:
        parts.append(f"全区合计不含{'、'.join(cover['missing'])}（尚无本年台账）")
    if cover["carried"]:
        carried = "、".join(
            f"{town}沿用{int(month[5:])}月台账" for town, month in cover["carried"].items()
        )
        parts.append(f"{carried}，{carried_means}")
    return "；".join(parts) + "。" if parts else ""


def _status_sheet(book: _Book, summary: Summary, generated: str) -> None:
    ws = book.sheet("报送情况")
    names = ["镇街", "报送状态", "报送时间", "文件", "错误", "警告", "份数"]
    board = summary.board
    _titles(
        ws,
        [
            (
                1,
                len(names),
                f"{summary.period.cn if summary.period.kind == 'month' else summary.month}"
                "台账报送情况",
            )
        ],
        f"报送截止日期{cn_date(board.deadline.date())}　截至{cn_date(summary.now.date())}：报送率 "
        f"{percent(board.rate)}　"
        f"按时报送率 {percent(board.on_time_rate)}",
        widths=list(STATUS_WIDTHS),
    )
    _header(ws, 3, names)
    for i, row in enumerate(board.towns, start=4):
        values = _status_values(row)
        # wrapped text gets the height it needs (it overlapped the next row)
        ws.height(
            i,
            wrapped_height(
                [(str(v), w) for v, w in zip(values, STATUS_WIDTHS, strict=True) if v is not None],
                size=12,
            ),
        )
        for c, value in enumerate(values, start=1):
            ws.put(i, c, value, BODY_LEFT if c <= 4 else BODY_RIGHT)
    ws.ws.freeze_panes(3, 1)
    ws.a4_landscape(3, "第 &P 页，共 &N 页", generated)


def _alerts_sheet(book: _Book, summary: Summary, generated: str) -> None:
    ws = book.sheet("预警")
    names = ["类别", "镇街", "对象", "原因"]
    _titles(
        ws,
        [(1, len(names), f"{summary.period.cn}预警清单")],
        f"截至{cn_date(summary.end)}，共 {len(summary.alerts)} 条",
        widths=list(ALERT_WIDTHS),
    )
    _header(ws, 3, names)
    for i, alert in enumerate(summary.alerts, start=4):
        values = (t(f"alert.kind.{alert.kind}"), alert.town, alert.subject, alert.reason)
        # one page across: 原因 wraps, and its row grows with it (never split over two pages)
        ws.height(
            i,
            wrapped_height(list(zip(map(str, values), ALERT_WIDTHS, strict=True)), size=12),
        )
        for c, value in enumerate(values, start=1):
            ws.put(i, c, value, BODY_LEFT)
    ws.ws.freeze_panes(3, 0)
    ws.a4_landscape(3, "第 &P 页，共 &N 页", generated)


def _table_sheets(book: _Book, summary: Summary, form: Form, generated: str) -> None:
    """Every town's rows of each table sheet, one sheet each (the large part of the workbook:
    written row by row with one Format per column)."""
    order = {s.town: i for i, s in enumerate(summary.sources)}
    formats = {"date": 'yyyy"年"m"月"d"日"', "money": MONEY, "phone": "@", "uscc": "@"}
    for sheet in form.tables:
        ws = book.sheet(sheet.name)
        cols = [c.name for c in sheet.data_columns]
        rows: list[tuple[str, str, dict[str, Any]]] = []
        extras: list[str] = []
        for source in summary.sources:
            ledger = summary.ledgers.get(source.town)
            if ledger is None or source.submission is None:
                continue
            for row in ledger.rows(sheet.name):
                rows.append((source.town, source.submission.original_name, row))
                for key in row.get("_extra") or {}:
                    if key not in extras:
                        extras.append(key)
        date_col = (form.figures.dates.get(sheet.role) if sheet.role else None) or next(
            (c.name for c in sheet.data_columns if c.type == "date"), None
        )
        rows.sort(
            key=lambda item: (
                order[item[0]],
                _sort_date(item[2].get(date_col)) if date_col else dt.date.min,
                item[2].get("row", 0),
            )
        )
        names = ["镇街", *cols, *extras, "来源文件", "原行号"]
        types = {c.name: c.type for c in sheet.columns}
        widths = []
        for c, name in enumerate(names, start=1):
            col = sheet.column(name)
            width = col.width if col is not None and col.width else max(8.0, text_width(name) + 2)
            if types.get(name) == "date":  # 2026年12月31日 whole, never ###
                width = max(width, DATE_WIDTH)
            if c == 1:  # 镇街: the longest town name whole
                width = max([width, *(text_width(town) + 1 for town in {r[0] for r in rows})])
            widths.append(min(width, 40))
        # printed in parts, 镇街 repeated, the title over each part (one title centred over all
        # the columns had printed on the second part only, the first page untitled)
        breaks = _page_breaks(widths)
        edges = [0, *breaks, len(names)]
        title = f"{sheet.name}（全区汇总）"
        _titles(
            ws,
            [
                (first + 1, last, title if i == 0 else f"{title}（续）")
                for i, (first, last) in enumerate(zip(edges, edges[1:], strict=False))
            ],
            f"截至{cn_date(summary.end)}，共 {len(rows)} 条",
            widths=widths,
        )
        _header(ws, 3, names)
        fmts = [book.fmt(_Style(num=formats.get(types.get(name, "")))) for name in names]
        # typed writes, the type told by the value: text stays text (XlsxWriter escapes control
        # characters), numbers and dates as such; the generic write() costs a third more
        sheet_ws = ws.ws
        by_type = {
            str: lambda r, c, v, f, w=sheet_ws: w.write_string(r, c, as_text(v), f),
            int: sheet_ws.write_number,
            float: sheet_ws.write_number,
            dt.date: sheet_ws.write_datetime,
            dt.datetime: sheet_ws.write_datetime,
        }
        blank, other = sheet_ws.write_blank, sheet_ws.write
        table = [_row_values(town, file, row, cols, extras) for town, file, row in rows]
        # the first row through XlsxWriter, the others as its XML after it (fedxl.xlsx.rows)
        long = len(table) > 1 and all_plain(table)
        for i, values in enumerate(table[:1] if long else table, start=3):
            for c, value in enumerate(values):
                if value is None:
                    blank(i, c, None, fmts[c])
                else:
                    by_type.get(value.__class__, other)(i, c, value, fmts[c])
        if long:
            book.long_sheets.append(LongSheet(sheet.name, 5, table[1:]))
        ws.ncols = len(names)
        ws.ws.freeze_panes(3, 1)
        ws.ws.autofilter(2, 0, max(2, len(rows) + 2), len(names) - 1)
        ws.a4_landscape(3, "第 &P 页，共 &N 页", generated)
        if breaks:
            ws.print_in_parts(breaks)


def _page_breaks(widths: list[float]) -> list[int]:
    """Where a wide sheet's printed parts end (the last column of each but the last, 1-based):
    as many columns a part as fit A4 landscape at no less than MIN_SCALE, the first column
    repeated on every part after the first."""
    room = PAGE_WIDTH / MIN_SCALE
    breaks: list[int] = []
    used = 0.0
    for c, width in enumerate(widths, start=1):
        if used + width > room and used > (widths[0] if breaks else 0):
            breaks.append(c - 1)
            used = widths[0]
        used += width
    return breaks


def _row_values(
    town: str, file: str, row: dict[str, Any], cols: list[str], extras: list[str]
) -> list[Any]:
    """A combined sheet's line: 镇街, the form's columns, the town's own, 来源文件, 原行号."""
    extra = row.get("_extra") or {}
    return [
        town,
        *(row.get(c) for c in cols),
        *(extra.get(k) for k in extras),
        file,
        row.get("row"),
    ]


def _sort_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.max


XLSXWRITER_PADDING = 5 / 7  # 5 pixels of padding in 7-pixel characters
CM = 37.8  # pixels in a centimetre (96 dpi): the charts' sizes


def _charts_sheet(book: _Book, summary: Summary) -> None:
    _charts(
        book,
        rows=len(summary.towns),
        bar_title="各镇街妇委会数（个）",
        most=max((t.figures.get("妇委会总数") or 0 for t in summary.towns), default=0),
        domain_name=summary.domain_name,
        domains=[(d, summary.total.get(d, 0)) for d in summary.domains],
        new_by_month=summary.new_by_month,
        year=summary.end.year,
    )


def _charts(
    book: _Book,
    *,
    rows: int,
    bar_title: str,
    most: int,
    domain_name: str,
    domains: list[tuple[str, Any]],
    new_by_month: list[int],
    year: int,
) -> None:
    """图表: organisations by row of the 汇总表 (`rows` of them, the largest `most`), by domain,
    and new ones month by month."""
    ws = book.sheet("图表")
    bold = _Style(bold=True, border=False)
    plain = _Style(border=False)
    bar = book.wb.add_chart({"type": "column"})
    bar.add_series(
        {
            "name": ["汇总表", 2, 2],
            "values": ["汇总表", 3, 2, 2 + rows, 2],
            "categories": ["汇总表", 3, 0, 2 + rows, 0],
        }
    )
    bar.set_title({"name": bar_title})
    bar.set_legend({"none": True})
    bar.set_y_axis(_whole_steps(most))
    bar.set_size({"width": 16 * CM, "height": 8 * CM})
    ws.ws.insert_chart("A1", bar)
    # the pie's and the line's data, beside them, written row by row (streamed)
    grid: dict[int, list[tuple[int, Any, _Style]]] = {}
    by_domain = [(domain_name, "组织数", bold)] + [(d, n, plain) for d, n in domains]
    months = [("月份", "新建组织数", bold)] + [
        (f"{i}月", count, plain) for i, count in enumerate(new_by_month, start=1)
    ]
    for first, items in ((12, by_domain), (15, months)):
        for r, (label, value, style) in enumerate(items, start=1):
            grid.setdefault(r, []).extend([(first, label, style), (first + 1, value, style)])
    for r in sorted(grid):
        for c, value, style in grid[r]:
            ws.put(r, c, value, style)
    pie = book.wb.add_chart({"type": "pie"})
    last = len(domains)
    pie.add_series(
        {
            "name": ["图表", 0, 12],
            "values": ["图表", 1, 12, last, 12],
            "categories": ["图表", 1, 11, last, 11],
            "data_labels": {"percentage": True, "value": False, "category": False},
        }
    )
    pie.set_title({"name": f"妇委会按{domain_name}分布"})
    pie.set_size({"width": 12 * CM, "height": 8 * CM})
    ws.ws.insert_chart("A18", pie)
    line = book.wb.add_chart({"type": "line"})
    n_months = len(new_by_month)
    line.add_series(
        {
            "name": ["图表", 0, 15],
            "values": ["图表", 1, 15, n_months, 15],
            "categories": ["图表", 1, 14, n_months, 14],
            "smooth": False,
        }
    )
    line.set_title({"name": f"{year}年各月新建妇委会（个）"})
    line.set_legend({"none": True})
    line.set_y_axis(_whole_steps(max(new_by_month, default=0)))
    line.set_size({"width": 16 * CM, "height": 8 * CM})
    ws.ws.insert_chart("H18", line)
    ws.ws.set_landscape()
    ws.ws.set_paper(9)
    ws.ws.fit_to_pages(1, 0)
    ws.ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.ws.center_horizontally()
    ws.ws.set_footer("&C&9第 &P 页，共 &N 页")


def _whole_steps(top: int) -> dict[str, Any]:
    """An axis that counts things steps by whole numbers (never 0.5 个)."""
    step = max(1, -(-int(top) // 8))
    return {
        "min": 0,
        "max": step * max(1, -(-int(top) // step)),
        "major_unit": step,
        "num_format": "0",
    }


def write_summary(summary: Summary, form: Form, store: Store, district: str, target: Path) -> None:
    """Write the workbook for `summary` to `target` (not atomic; see merge())."""
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    book = _Book(target)
    _summary_sheet(book, summary, district, generated)
    _status_sheet(book, summary, generated)
    _alerts_sheet(book, summary, generated)
    _table_sheets(book, summary, form, generated)
    _charts_sheet(book, summary)
    book.wb.set_properties(
        {
            "title": f"{district}新领域妇联组织建设汇总表 {summary.period.label}",
            "author": f"{district}妇联",  # not the writer's name
            "subject": summary.period.cn,
        }
    )
    book.close()
    del store


def _board_sheet(book: _Book, name: str, title: str, board: StatusBoard, generated: str) -> None:
    """A district with no accepted ledger in the period: its towns' states only."""
    ws = book.sheet(name)
    names = ["镇街", "报送状态", "报送时间", "文件", "错误", "警告", "份数"]
    _titles(
        ws,
        [(1, len(names), title)],
        f"报送截止日期{cn_date(board.deadline.date())}　本期尚无通过校验的台账，没有数字",
        widths=list(STATUS_WIDTHS),
    )
    _header(ws, 3, names)
    for i, row in enumerate(board.towns, start=4):
        values = _status_values(row)
        for c, value in enumerate(values, start=1):
            ws.put(i, c, value, BODY_LEFT if c <= 4 else BODY_RIGHT)
    ws.a4_landscape(3, "第 &P 页，共 &N 页", generated)


def _status_values(row: Any) -> list[Any]:
    """A town's line on a 报送情况 sheet: 镇街 报送状态 报送时间 文件 错误 警告 份数."""
    return [
        row.town,
        t(f"state.{row.state}"),
        cn_moment(row.submitted_at),
        row.file,
        row.errors,
        row.warnings,
        row.submissions or None,
    ]


CITY_STATUS = ("应报", "已报送", "其中逾期", "未通过校验", "退回", "未报送", "待报送")


def _city_status_sheet(
    book: _Book,
    city: str,
    month: str,
    now: dt.datetime,
    boards: list[tuple[str, StatusBoard]],
    generated: str,
) -> None:
    """报送情况 by district: how many towns were due, sent, late, rejected, returned, missing."""
    ws = book.sheet("报送情况")
    names = ["区县", *CITY_STATUS, "报送率", "按时报送率"]

    def counts(board_list: list[StatusBoard]) -> list[Any]:
        due = sum(len(b.towns) for b in board_list)
        sent = sum(b.count("submitted", "late") for b in board_list)
        on_time = sum(b.count("submitted") for b in board_list)
        return [
            due,
            sent,
            sum(b.count("late") for b in board_list),
            sum(b.count("rejected") for b in board_list),
            sum(b.count("returned") for b in board_list),
            sum(b.count("missing") for b in board_list),
            sum(b.count("pending") for b in board_list),
            round(sent / due, 4) if due else None,
            round(on_time / due, 4) if due else None,
        ]

    whole = counts([b for _, b in boards])
    _titles(
        ws,
        [(1, len(names), f"{city}{Month.of(month).cn}台账报送情况")],
        f"截至{cn_date(now.date())}：{len(boards)} 个区县应报 {whole[0]} 个镇街，报送率 "
        f"{percent(whole[-2] or 0)}，按时报送率 {percent(whole[-1] or 0)}",
        widths=[12.0, *([9.0] * len(CITY_STATUS)), 10.0, 11.0],
    )
    _header(ws, 3, names)
    r = 3
    for name, board in boards:
        r += 1
        ws.height(r, 24)
        for c, value in enumerate([name, *counts([board])], start=1):
            num = percent_format(value) if c > 1 + len(CITY_STATUS) else INT
            ws.put(r, c, value, BODY_LEFT if c == 1 else _Style(align="right", num=num))
    r += 1
    ws.height(r, 24)
    for c, value in enumerate(["全市合计", *whole], start=1):
        num = percent_format(value) if c > 1 + len(CITY_STATUS) else INT
        ws.put(
            r,
            c,
            value,
            _Style(
                bold=True,
                fill=SECTION_FILL,
                align="left" if c == 1 else "right",
                num=None if c == 1 else num,
            ),
        )
    ws.ws.freeze_panes(3, 1)
    ws.a4_landscape(3, "第 &P 页，共 &N 页", generated)


def write_city_summary(
    city: str,
    period: Period,
    end: dt.date,
    now: dt.datetime,
    districts: list[tuple[str, Summary | None, StatusBoard]],
    total: dict[str, Any],
    new_by_month: list[int],
    target: Path,
) -> None:
    """A city's 汇总表: a row per district (its own 全区合计) and 全市合计 (the sums, rates
    recomputed), 报送情况 by district, a sheet per district with its towns, and charts."""
    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    with_data = [s for _, s, _ in districts if s is not None]
    first = with_data[0]
    cols = ["区县", "报送情况", *summary_columns(first)[2:]]
    rows = []
    for name, summary, board in districts:
        sent = f"已报 {board.count('submitted', 'late')}/{len(board.towns)}"
        figures = summary.total if summary is not None else {}
        rows.append([name, sent, *(figures.get(c) for c in cols[2:])])
    due = sum(len(b.towns) for _, _, b in districts)
    sent_all = sum(b.count("submitted", "late") for _, _, b in districts)
    on_time = sum(b.count("submitted") for _, _, b in districts)
    rate, on_time_rate = (sent_all / due, on_time / due) if due else (0.0, 0.0)
    missing = [name for name, s, _ in districts if s is None]
    end_text = cn_date(end)
    left_out = f"全市合计不含{'、'.join(missing)}（本期尚无通过校验的台账）。" if missing else ""
    book = _Book(target)
    _figures_sheet(
        book.sheet("汇总表"),
        f"{city}新领域妇联组织建设情况汇总表",
        f"数据截至{end_text}　报送情况截至{cn_date(now.date())}：{len(districts)} 个区县应报 {due} "
        f"个镇街，报送率 {percent(rate)}，按时报送率 {percent(on_time_rate)}",
        cols,
        rows,
        ["全市合计", f"已报 {sent_all}/{due}", *(total.get(c) for c in cols[2:])],
        (
            f"口径：各区县的数字与其汇总表的全区合计相同（截至{end_text}各镇街的有效台账，"
            "未报送的镇街沿用其最近一次通过校验的台账）；全市合计为各区县之和，四有达标率、"
            "跟踪覆盖率、任务完成率按合计重算。" + left_out,
            f"口径：标“本年累计”的活动、培训、服务、捐赠、检查、推荐按 1 月 1 日至{end_text}的"
            "记录统计；跟踪覆盖率＝本年至少检查过一次的组织数÷妇委会总数；"
            "任务完成率＝本年新建÷年度建组任务。" + left_out,
        ),
        generated,
    )
    month = month_text(end.year, end.month)
    _city_status_sheet(book, city, month, now, [(n, b) for n, _, b in districts], generated)
    for name, summary, board in districts:
        if summary is not None:
            _summary_sheet(book, summary, name, generated, name=name)
        else:
            _board_sheet(book, name, f"{name}{Month.of(month).cn}台账报送情况", board, generated)
    _charts(
        book,
        rows=len(districts),
        bar_title="各区县妇委会数（个）",
        most=max((int(s.total.get("妇委会总数") or 0) for s in with_data), default=0),
        domain_name=first.domain_name,
        domains=[(d, total.get(d, 0)) for d in first.domains],
        new_by_month=new_by_month,
        year=end.year,
    )
    book.wb.set_properties(
        {
            "title": f"{city}新领域妇联组织建设汇总表 {period.label}",
            "author": f"{city}妇联",
            "subject": period.cn,
        }
    )
    book.close()
