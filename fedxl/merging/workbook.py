"""Write the district summary workbook (汇总表) with openpyxl: print-ready, with native charts."""

from __future__ import annotations

import datetime as dt
from copy import copy
from pathlib import Path
from typing import Any

from fedxl.form import Form
from fedxl.form.periods import cn_date, cn_moment
from fedxl.i18n import t
from fedxl.merging.metrics import FLOWS, flow_key, new_key
from fedxl.merging.summary import Summary, state_text
from fedxl.store import Store
from fedxl.wording import percent, percent_format
from fedxl.xlsx.safe import put
from fedxl.xlsx.style import (
    BODY_FONT,
    HEADER_FILL,
    HEADING_FONT,
    SECTION_FILL,
    a4_landscape,
    print_in_parts,
    text_width,
    thin_border,
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


class _Styles:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.border = thin_border()
        self.title = Font(name=TITLE_FONT, size=18)
        self.subtitle = Font(name=BODY_FONT, size=10)
        self.head = Font(name=HEADING_FONT, size=12, bold=True)
        self.body = Font(name=BODY_FONT, size=12)  # printed at 80 % or more: never below 9 pt
        self.bold = Font(name=BODY_FONT, size=12, bold=True)
        self.fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.total_fill = PatternFill("solid", fgColor=SECTION_FILL)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="center")


def _title(ws: Any, st: _Styles, text: str, subtitle: str, ncols: int) -> None:
    ws.cell(1, 1, text).font = st.title
    ws.cell(1, 1).alignment = st.center
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 36
    ws.cell(2, 1, subtitle).font = st.subtitle
    ws.cell(2, 1).alignment = st.center
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    ws.row_dimensions[2].height = 20


def _header(
    ws: Any, st: _Styles, row: int, names: list[str], units: dict[str, str] | None = None
) -> None:
    for c, name in enumerate(names, start=1):
        unit = (units or {}).get(name.split("（")[0])
        # a town's own column names too
        cell = put(ws.cell(row, c), f"{name}\n（{unit}）" if unit else name)
        cell.font, cell.fill, cell.border, cell.alignment = st.head, st.fill, st.border, st.center
    ws.row_dimensions[row].height = 60


def _fit_header(ws: Any, row: int, ncols: int) -> None:
    """A header row as tall as its most wrapped name in its column's width (12 pt bold); set once
    the widths are (60 points had clipped 参与人次（本年累计）（人次） and padded short ones)."""
    from openpyxl.utils import get_column_letter

    ws.row_dimensions[row].height = max(
        24,
        wrapped_height(
            [
                (
                    ws.cell(row, c).value or "",
                    ws.column_dimensions[get_column_letter(c)].width or 8.43,
                )
                for c in range(1, ncols + 1)
            ],
            size=13,  # bold
        ),
    )


def _footer(ws: Any, generated: str) -> None:
    ws.oddFooter.left.text = f"生成时间：{generated}"
    ws.oddFooter.left.size = 8


def _summary_sheet(wb: Any, st: _Styles, summary: Summary, district: str, generated: str) -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.active
    ws.title = "汇总表"
    cols = summary_columns(summary)
    board = summary.board
    subtitle = (
        f"数据截至{cn_date(summary.end)}　报送情况截至{cn_date(summary.now.date())}：应报 "
        f"{len(board.towns)} 个镇街，"
        f"报送率 {percent(board.rate)}，按时报送率 {percent(board.on_time_rate)}"
    )
    split = cols.index("四有达标率") + 1  # printed in two parts: 组织建设 | 活动与服务
    _title(ws, st, f"{district}新领域妇联组织建设情况汇总表", subtitle, split)
    header_row = 3
    _header(ws, st, header_row, cols, UNITS)
    r = header_row
    for tf in summary.towns:
        r += 1
        values: list[Any] = [
            tf.town,
            state_text(tf.state, tf.month_used, summary.month, tf.records_missing),
        ]
        # unknown (no ledger, or one older than the period): "—", as in the reports
        values += [
            tf.figures.get(c) if tf.figures else tf.quota if c == "年度建组任务" else None
            for c in cols[2:]
        ]
        for c, value in enumerate(values, start=1):
            cell = put(ws.cell(r, c), UNKNOWN if value is None and c > 2 else value)
            cell.font, cell.border = st.body, st.border
            cell.alignment = st.left if c <= 2 else (st.center if value is None else st.right)
            if c > 2:
                cell.number_format = _format(cols[c - 1], value)
    r += 1
    total: list[Any] = ["全区合计", "", *(summary.total.get(c) for c in cols[2:])]
    for c, value in enumerate(total, start=1):
        cell = put(ws.cell(r, c), value)
        cell.font, cell.border, cell.fill = st.bold, st.border, st.total_fill
        cell.alignment = st.left if c <= 2 else st.right
        if c > 2:
            cell.number_format = _format(cols[c - 1], value)
    # 镇街 and 报送状态 on one line each (未报送（沿用5月） had wrapped its bracket alone)
    town_width, state_width = (
        max(
            8.0,
            *(
                text_width(str(ws.cell(row, c).value or "")) + 1.5
                for row in range(header_row + 1, r)
            ),
        )
        for c in (1, 2)
    )
    for c, name in enumerate(cols, start=1):
        width = (
            (town_width if c == 1 else state_width)
            if c <= 2
            else max(6.0, min(10.5, text_width(name) / 2 + 2.5))  # the name wraps, figures not
        )
        if c > split:  # the second printed part: narrow columns, money wide enough for 296,500.00
            width = 12.5 if name.startswith(("捐赠折价", "捐赠现金")) else min(width, 8.5)
        ws.column_dimensions[get_column_letter(c)].width = width
    _fit_header(ws, header_row, len(cols))
    for row in range(header_row + 1, r + 1):
        ws.row_dimensions[row].height = 24  # one line of 12 pt, with air
    _part_two_title(ws, st, split, len(cols))
    note = r + 2
    for text, first, last in (
        (_stock_note(summary), 2, split),
        (_flow_note(summary), split + 1, len(cols)),
    ):
        # column A stays empty: it is repeated on the second part, which would print a sliver
        cell = ws.cell(note, first, text)
        cell.font, cell.alignment = st.subtitle, st.left
        ws.merge_cells(start_row=note, start_column=first, end_row=note, end_column=last)
        width = sum(
            ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(first, last + 1)
        )
        height = wrapped_height([(text, width)], size=10)
        ws.row_dimensions[note].height = max(ws.row_dimensions[note].height or 0, height)
    ws.freeze_panes = ws.cell(header_row + 1, 2)
    a4_landscape(ws, f"{header_row}:{header_row}", "第 &P 页，共 &N 页")
    print_in_parts(ws, [split], "A:A")
    _footer(ws, generated)


def _part_two_title(ws: Any, st: _Styles, split: int, ncols: int) -> None:
    """The title and subtitle again over the second printed part (活动与服务), marked 续."""
    for row in (1, 2):
        cell = ws.cell(row, split + 1, ws.cell(row, 1).value)
        cell.font, cell.alignment = copy(ws.cell(row, 1).font), st.center
        ws.merge_cells(start_row=row, start_column=split + 1, end_row=row, end_column=ncols)
    ws.cell(1, split + 1).value = f"{ws.cell(1, 1).value}（续）"


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


def _status_sheet(wb: Any, st: _Styles, summary: Summary, generated: str) -> None:
    ws = wb.create_sheet("报送情况")
    names = ["镇街", "报送状态", "报送时间", "文件", "错误", "警告", "份数"]
    board = summary.board
    _title(
        ws,
        st,
        f"{summary.period.cn if summary.period.kind == 'month' else summary.month}台账报送情况",
        f"报送截止日期{cn_date(board.deadline.date())}　截至{cn_date(summary.now.date())}：报送率 "
        f"{percent(board.rate)}　"
        f"按时报送率 {percent(board.on_time_rate)}",
        len(names),
    )
    _header(ws, st, 3, names)
    for i, row in enumerate(board.towns, start=4):
        values = [
            row.town,
            t(f"state.{row.state}"),
            cn_moment(row.submitted_at),
            row.file,
            row.errors,
            row.warnings,
            row.submissions or None,
        ]
        for c, value in enumerate(values, start=1):
            cell = put(ws.cell(i, c), value)
            cell.font, cell.border, cell.alignment = (
                st.body,
                st.border,
                st.left if c <= 4 else st.right,
            )
        # wrapped text gets the height it needs (it overlapped the next row)
        ws.row_dimensions[i].height = wrapped_height(
            [(str(v), w) for v, w in zip(values, STATUS_WIDTHS, strict=True) if v is not None],
            size=12,
        )
    for letter, width in zip("ABCDEFG", STATUS_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    _fit_header(ws, 3, len(names))
    ws.freeze_panes = "B4"
    a4_landscape(ws, "3:3", "第 &P 页，共 &N 页")
    _footer(ws, generated)


def _alerts_sheet(wb: Any, st: _Styles, summary: Summary, generated: str) -> None:
    ws = wb.create_sheet("预警")
    names = ["类别", "镇街", "对象", "原因"]
    _title(
        ws,
        st,
        f"{summary.period.cn}预警清单",
        f"截至{cn_date(summary.end)}，共 {len(summary.alerts)} 条",
        len(names),
    )
    _header(ws, st, 3, names)
    for i, alert in enumerate(summary.alerts, start=4):
        values = (t(f"alert.kind.{alert.kind}"), alert.town, alert.subject, alert.reason)
        for c, value in enumerate(values, start=1):
            cell = put(ws.cell(i, c), value)
            cell.font, cell.border, cell.alignment = st.body, st.border, st.left
        # one page across: 原因 wraps, and its row grows with it (never split over two pages)
        ws.row_dimensions[i].height = wrapped_height(
            list(zip(map(str, values), ALERT_WIDTHS, strict=True)), size=12
        )
    for letter, width in zip("ABCD", ALERT_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    _fit_header(ws, 3, len(names))
    ws.freeze_panes = "A4"
    a4_landscape(ws, "3:3", "第 &P 页，共 &N 页")
    _footer(ws, generated)


def _table_sheets(
    wb: Any, st: _Styles, summary: Summary, form: Form, store: Store, generated: str
) -> None:
    from openpyxl.utils import get_column_letter

    order = {s.town: i for i, s in enumerate(summary.sources)}
    for sheet in form.tables:
        ws = wb.create_sheet(sheet.name)
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
        _title(
            ws,
            st,
            f"{sheet.name}（全区汇总）",
            f"截至{cn_date(summary.end)}，共 {len(rows)} 条",
            len(names),
        )
        _header(ws, st, 3, names)
        types = {c.name: c.type for c in sheet.columns}
        formats = {"date": 'yyyy"年"m"月"d"日"', "money": MONEY, "phone": "@", "uscc": "@"}
        protos = []  # one styled cell per column; the rest copy its style array (far faster)
        for c, name in enumerate(names, start=1):
            proto = ws.cell(4, c)
            proto.font, proto.border = st.body, st.border
            proto.number_format = formats.get(types.get(name, ""), "General")
            protos.append(proto._style)
        for i, (town, file, row) in enumerate(rows, start=4):
            extra = row.get("_extra") or {}
            values = [
                town,
                *(row.get(c) for c in cols),
                *(extra.get(k) for k in extras),
                file,
                row.get("row"),
            ]
            for c, value in enumerate(values, start=1):
                cell = put(ws.cell(i, c), value)
                cell._style = copy(protos[c - 1])
        for c, name in enumerate(names, start=1):
            col = sheet.column(name)
            width = col.width if col is not None and col.width else max(8.0, text_width(name) + 2)
            if types.get(name) == "date":  # 2026年12月31日 whole, never ###
                width = max(width, DATE_WIDTH)
            if c == 1:  # 镇街: the longest town name whole
                width = max([width, *(text_width(town) + 1 for town, _, _ in rows)])
            ws.column_dimensions[get_column_letter(c)].width = min(width, 40)
        _fit_header(ws, 3, len(names))
        ws.freeze_panes = "B4"
        ws.auto_filter.ref = f"A3:{get_column_letter(len(names))}{max(3, len(rows) + 3)}"
        a4_landscape(ws, "3:3", "第 &P 页，共 &N 页")
        _footer(ws, generated)
    del store


def _sort_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.max


def _charts_sheet(wb: Any, st: _Styles, summary: Summary) -> None:
    from openpyxl.chart import BarChart, LineChart, PieChart, Reference
    from openpyxl.chart.label import DataLabelList

    ws = wb.create_sheet("图表")
    summary_ws = wb["汇总表"]
    n = len(summary.towns)
    bar = BarChart()
    bar.type, bar.style = "col", 10
    bar.title = "各镇街妇委会数（个）"
    bar.add_data(Reference(summary_ws, min_col=3, min_row=3, max_row=3 + n), titles_from_data=True)
    bar.set_categories(Reference(summary_ws, min_col=1, min_row=4, max_row=3 + n))
    bar.legend = None
    _whole_steps(bar, max((t.figures.get("妇委会总数") or 0 for t in summary.towns), default=0))
    bar.height, bar.width = 8, 16
    ws.add_chart(bar, "A1")
    ws.cell(1, 12, summary.domain_name).font = st.bold
    ws.cell(1, 13, "组织数").font = st.bold
    for i, domain in enumerate(summary.domains, start=2):
        ws.cell(i, 12, domain)
        ws.cell(i, 13, summary.total.get(domain, 0))
    pie = PieChart()
    pie.title = f"妇委会按{summary.domain_name}分布"
    pie.add_data(
        Reference(ws, min_col=13, min_row=1, max_row=1 + len(summary.domains)),
        titles_from_data=True,
    )
    pie.set_categories(Reference(ws, min_col=12, min_row=2, max_row=1 + len(summary.domains)))
    pie.dataLabels = DataLabelList()
    pie.dataLabels.showPercent = True
    pie.dataLabels.showVal = pie.dataLabels.showCatName = pie.dataLabels.showSerName = False
    pie.dataLabels.showLegendKey = False
    pie.height, pie.width = 8, 12
    ws.add_chart(pie, "A18")
    ws.cell(1, 15, "月份").font = st.bold
    ws.cell(1, 16, "新建组织数").font = st.bold
    for i, count in enumerate(summary.new_by_month, start=2):
        ws.cell(i, 15, f"{i - 1}月")
        ws.cell(i, 16, count)
    line = LineChart()
    line.title = f"{summary.end.year}年各月新建妇委会（个）"
    line.add_data(
        Reference(ws, min_col=16, min_row=1, max_row=1 + len(summary.new_by_month)),
        titles_from_data=True,
    )
    line.set_categories(Reference(ws, min_col=15, min_row=2, max_row=1 + len(summary.new_by_month)))
    line.legend = None
    _whole_steps(line, max(summary.new_by_month, default=0))
    for series in line.series:
        series.smooth = False
    line.height, line.width = 8, 16
    ws.add_chart(line, "H18")
    a4_landscape(ws, None, "第 &P 页，共 &N 页")


def _whole_steps(chart: Any, top: int) -> None:
    """An axis that counts things steps by whole numbers (never 0.5 个)."""
    step = max(1, -(-int(top) // 8))
    chart.y_axis.majorUnit = step
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = step * max(1, -(-int(top) // step))
    chart.y_axis.number_format = "0"
    chart.y_axis.delete = False
    chart.x_axis.delete = False


def write_summary(summary: Summary, form: Form, store: Store, district: str, target: Path) -> None:
    """Write the workbook for `summary` to `target` (not atomic; see merge())."""
    from openpyxl import Workbook

    generated = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    wb = Workbook()
    st = _Styles()
    _summary_sheet(wb, st, summary, district, generated)
    _status_sheet(wb, st, summary, generated)
    _alerts_sheet(wb, st, summary, generated)
    _table_sheets(wb, st, summary, form, store, generated)
    _charts_sheet(wb, st, summary)
    props = wb.properties
    props.title = f"{district}新领域妇联组织建设汇总表 {summary.period.label}"
    props.creator = props.lastModifiedBy = f"{district}妇联"  # not openpyxl's name
    props.subject = summary.period.cn
    wb.save(target)
