"""The template context of the Word reports, built from the period's summary (never recomputed
apart).

Every number comes from fedxl.merging.metrics through build_summary for the report's period (a month
for the briefing, a half for the half-year report); this module words and formats them. It reads
the store for two things only: the summaries of the periods a report compares with (built the
same way), and, for the reminder, each late town's latest submission (its 填报人 and phone).
`total` holds the period's figures (stocks at the end E, flows dated inside the period), `ytd`
the same with 本年累计 flows. `fedxl report … --dump-context FILE` writes this dictionary as JSON.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from fedxl import wording
from fedxl.form import Form
from fedxl.form.periods import Month, Period, cn_date, cn_month
from fedxl.merging.metrics import (
    ACTIVITY,
    DONATION,
    ROSTER,
    Ledger,
    active_orgs,
    activities_by_kind,
    deliveries,
    donation_count,
    flow_key,
    new_by_domain,
    services_by_type,
)
from fedxl.merging.metrics import events as event_rows
from fedxl.merging.summary import Summary, other_summary, state_text
from fedxl.store import Store
from fedxl.submissions.status import StatusBoard
from fedxl.workspace import Workspace

_MOBILE = re.compile(r"(1[3-9]\d)\d{4}(\d{4})")
_COMPARED = (
    ("活动次数", "次", "开展活动"),
    ("亲情服务次数", "次", "亲情服务"),
    ("培训期数", "期", "举办培训"),
)
# template name -> figure name, for the flows
_FLOW_VARS = {
    "activities": "活动次数",
    "participants": "参与人次",
    "trainings": "培训期数",
    "trainees": "培训人次",
    "services": "亲情服务次数",
    "beneficiaries": "受益人数",
    "goods": "捐赠折价合计",
    "cash": "捐赠现金合计",
    "checks": "跟踪检查次数",
    "candidates": "推荐人选数",
}


def fmt_int(value: Any) -> str:
    """Whole numbers as written in running text (fedxl.reports.wording.number)."""
    return wording.number(value)


def fmt_money(value: Any) -> str:
    """Yuan as written in running text: 8000, 8000.5, and from ten thousand on in 万: 25.85万
    (the template writes 元 after it: 8000元, 25.85万元)."""
    return wording.yuan(value).removesuffix("元")


def fmt_rate(value: Any) -> str:
    """66.7%, 60%, 81.3% (wording.percent: one decimal, half up, no ".0"); — with no denominator."""
    return wording.percent(value)


# where a title may break: after these words, or before these endings (GB/T 9704: break between
# phrases, never inside a word; two or three lines, balanced)
_BREAK_AFTER = ("关于", "妇联", "上半年", "下半年", "年度", "全区", "全市", "报送")
_BREAK_BEFORE = ("新领域", "的通知", "工作总结", "建设情况", "基础台账")


def title_lines(text: str, width: int = 20) -> list[str]:
    """A title split into lines of at most `width` characters at phrase boundaries, as even as
    possible (two lines, three when it is very long); one line when it fits."""
    if len(text) <= width:
        return [text]
    cuts = sorted(
        {i + len(w) for w in _BREAK_AFTER for i in _find_all(text, w)}
        | {i for w in _BREAK_BEFORE for i in _find_all(text, w)} - {0, len(text)}
    )
    best: list[str] | None = None
    for a in cuts:
        for parts in (
            [text[:a], text[a:]],
            *([text[:a], text[a:b], text[b:]] for b in cuts if b > a),
        ):
            if all(0 < len(p) <= width for p in parts):
                if best is None or (len(parts), max(map(len, parts)) - min(map(len, parts))) < (
                    len(best),
                    max(map(len, best)) - min(map(len, best)),
                ):
                    best = parts
    return best or [text[i : i + width] for i in range(0, len(text), width)]


def _find_all(text: str, word: str) -> list[int]:
    out, start = [], text.find(word)
    while start >= 0:
        out.append(start)
        start = text.find(word, start + 1)
    return out


def mask_phone(text: str) -> str:
    """139****5678: the middle four digits of every mobile number hidden."""
    return _MOBILE.sub(r"\1****\2", text)


def _view(summary: Summary, figures: dict[str, Any], ytd: bool) -> dict[str, str]:
    """The figures a template shows, formatted; flows of the period, or 本年累计 with `ytd`."""
    period = summary.period
    window = summary.window.year_to_date if ytd else summary.window
    ledgers = list(summary.ledgers.values())
    out = {
        "orgs": fmt_int(figures["妇委会总数"]),
        "new_year": fmt_int(figures["本年新建"]),
        "new": fmt_int(
            figures["本年新建" if ytd or period.kind == "year" else f"{period.scope}新建"]
        ),
        "weak": fmt_int(figures["软弱涣散"]),
        "women": fmt_int(figures["覆盖女职工数"]),
        "four_haves": fmt_int(figures["四有达标数"]),
        "four_rate": fmt_rate(figures["四有达标率"]),
        "check_rate": fmt_rate(figures["跟踪覆盖率"]),
        "quota": fmt_int(figures["年度建组任务"]),
        "quota_rate": fmt_rate(figures["任务完成率"]),
        "deliveries": fmt_int(sum(deliveries(lg, window) for lg in ledgers)),
        "donations": fmt_int(sum(donation_count(lg, window) for lg in ledgers)),
    }
    for var, name in _FLOW_VARS.items():
        value = figures[flow_key(name, None if ytd else period)]
        out[var] = fmt_money(value) if name.startswith("捐赠") else fmt_int(value)
    return out


def _work_text(summary: Summary) -> str:
    """本月，各新领域妇女组织开展活动30次、参与2056人次；举办培训18期…: the period's work, a clause
    about nothing left out, goods and cash in one unit."""
    f, period, n = summary.total, summary.period, wording.number

    def flow(name: str) -> Any:
        return f[flow_key(name, period)]

    groups = [
        wording.clauses(
            [
                (f"开展活动{n(flow('活动次数'))}次", flow("活动次数")),
                (f"参与{n(flow('参与人次'))}人次", flow("参与人次")),
            ]
        ),
        wording.clauses(
            [
                (f"举办培训{n(flow('培训期数'))}期", flow("培训期数")),
                (f"培训{n(flow('培训人次'))}人次", flow("培训人次")),
            ]
        ),
        wording.clauses(
            [
                (f"开展五项亲情服务{n(flow('亲情服务次数'))}次", flow("亲情服务次数")),
                (f"受益{n(flow('受益人数'))}人", flow("受益人数")),
            ]
        ),
        [f"爱心捐赠{gifts}"]
        if (gifts := wording.goods_and_cash(flow("捐赠折价合计"), flow("捐赠现金合计")))
        else [],
        wording.clauses([(f"开展动态跟踪检查{n(flow('跟踪检查次数'))}次", flow("跟踪检查次数"))]),
        wording.clauses([(f"推荐各类人选{n(flow('推荐人选数'))}名", flow("推荐人选数"))]),
    ]
    return wording.sentence(
        groups,
        lead=f"{period.scope}，各新领域妇女组织",
        empty=f"{period.scope}暂未登记活动、培训、服务等工作记录。",
    )


def _ytd_text(summary: Summary) -> str:
    """今年以来，累计开展活动…次…，跟踪覆盖率…。“四有”达标组织…个，达标率…。"""
    f, n = summary.total, wording.number

    def flow(name: str) -> Any:
        return f[flow_key(name)]

    groups = [
        wording.clauses(
            [
                (f"累计开展活动{n(flow('活动次数'))}次", flow("活动次数")),
                (f"参与{n(flow('参与人次'))}人次", flow("参与人次")),
            ]
        ),
        wording.clauses([(f"举办培训{n(flow('培训期数'))}期", flow("培训期数"))]),
        wording.clauses([(f"开展五项亲情服务{n(flow('亲情服务次数'))}次", flow("亲情服务次数"))]),
        wording.clauses(
            [
                (f"动态跟踪检查{n(flow('跟踪检查次数'))}次", flow("跟踪检查次数")),
                (f"跟踪覆盖率{wording.percent(f['跟踪覆盖率'])}", flow("跟踪检查次数")),
            ]
        ),
    ]
    text = wording.sentence(
        groups, lead="今年以来，", empty="今年以来暂未登记活动、培训、服务等工作记录。"
    )
    if f["四有达标数"]:
        text += f"“四有”达标组织{n(f['四有达标数'])}个，达标率{wording.percent(f['四有达标率'])}。"
    return text


def _coverage_text(summary: Summary) -> str:
    """Which towns the district's figures leave out or take from an earlier ledger, in one
    sentence ("" when every town's own ledger of the period's end month is in). A ledger older
    than the period adds none of the period's activities; one inside it adds them up to its
    month (a half's figures of a town still on May's ledger run to the end of May)."""
    period = summary.period
    cover = summary.coverage
    scope = period.scope  # 本月 / 本年; a half says which
    if period.kind == "half":
        scope = "上半年" if period.number == 1 else "下半年"
    parts = []
    if cover["missing"]:
        parts.append(f"以上数字不含{'、'.join(cover['missing'])}（尚无本年台账）")
    start = Month(period.start.year, period.start.month)
    by_month: dict[str, list[str]] = {}
    for town, month in cover["carried"].items():
        by_month.setdefault(month, []).append(town)
    for month, towns in sorted(by_month.items()):
        number = Month.of(month).number
        said = f"{'、'.join(towns)}沿用{number}月台账，"
        if Month.of(month) < start:
            parts.append(said + f"其{scope}活动、培训、服务等数字未计入")
        else:
            parts.append(said + f"其{scope}活动、培训、服务等数字只计到{number}月底")
    return "；".join(parts) + "。" if parts else ""


def _new_text(summary: Summary) -> str:
    """本月新建3个，今年以来累计新建5个，: the clause about the period's new organisations only when
    there are some."""
    f, period, n = summary.total, summary.period, wording.number
    year = f["本年新建"]
    now = year if period.kind == "year" else f[f"{period.scope}新建"]
    if period.kind != "year" and now:
        return f"{period.scope}新建{n(now)}个，今年以来累计新建{n(year)}个，"
    return f"今年以来累计新建{n(year)}个，" if year else "今年以来尚无新建，"


def _counts_text(counter: Counter[str], unit: str, empty: str) -> str:
    items = [f"{name}{count}{unit}" for name, count in counter.most_common() if count]
    return "、".join(items) if items else empty


def _change(now: float, before: float, unit: str) -> str:
    diff = now - before
    if diff == 0:
        return "持平"
    pct = f"（{fmt_rate(abs(diff) / before)}）" if before else ""
    return f"{'增加' if diff > 0 else '减少'}{fmt_int(abs(diff))}{unit}{pct}"


def _own(summary: Summary) -> dict[str, dict[str, Any]]:
    """The towns whose figures come from a ledger of the period's own end month."""
    return {t.town: t.figures for t in summary.towns if t.figures and t.month_used == summary.month}


def _compare_one(summary: Summary, other: Summary, label: str) -> str:
    """Flows of the period against the other period's flows, stocks against stocks at its end,
    over the same towns: those with a ledger of their own in both. A town reporting for the first
    time is named, not counted as growth; towns left out are said."""
    now_towns, before_towns = _own(summary), _own(other)
    common = [town for town in now_towns if town in before_towns]
    if not common:
        return f"{label}没有可比的镇街台账，不作比较"

    def total(towns: dict[str, dict[str, Any]], key: str) -> float:
        return sum(towns[town].get(key) or 0 for town in common)

    parts = [
        short
        + _change(
            total(now_towns, flow_key(name, summary.period)),
            total(before_towns, flow_key(name, other.period)),
            unit,
        )
        for name, unit, short in _COMPARED
    ]
    orgs = _change(total(now_towns, "妇委会总数"), total(before_towns, "妇委会总数"), "个")
    text = f"与{label}相比，{summary.period.scope}" + "、".join(parts) + f"；妇委会总数{orgs}"
    if summary.window.months != other.window.months:
        text += f"（{summary.period.scope}数据截至{summary.end.month}月{summary.end.day}日）"
    first = [t.town for t in other.towns if t.town in now_towns and not t.figures]
    others = [town for town in now_towns if town not in before_towns and town not in first]
    if first or others or len(common) < len(summary.towns):
        text += f"；以上按两期都有本期台账的{len(common)}个镇街比较"
        if first:
            text += f"，{'、'.join(first)}为首次报送，未计入"
        if others:
            text += f"，{'、'.join(others)}{label}没有当期台账，未计入"
    return text


def compare_text(summary: Summary, others: list[tuple[str, Summary | None]]) -> str:
    """环比 / 同比 wording for the period, or a plain statement when the store has nothing to
    compare."""
    parts = [
        _compare_one(summary, other, label)
        for label, other in others
        if other is not None and other.reported
    ]
    if not parts:
        return "（暂无可比期间的台账数据，本期不作比较。）"
    return "；".join(parts) + "。"


def _comparisons(ws: Workspace, store: Store, summary: Summary) -> list[tuple[str, Summary | None]]:
    """A month: the previous month and the same month last year. A half: the same half last year,
    else (the second half) the first half. A year: the previous year."""
    period = summary.period

    def get(p: Period) -> Summary | None:
        return other_summary(ws.config, ws.forms.for_year(p.year), store, p, summary.now)

    if period.kind == "month":
        return [("上月", get(period.previous())), ("去年同期", get(period.year_before()))]
    if period.kind == "half":
        last_year = get(period.year_before())
        if last_year is not None or period.number == 1:
            return [(period.year_before().cn, last_year)]
        return [("上半年", get(period.previous()))]
    return [(period.year_before().cn, get(period.year_before()))]


def _highlights(summary: Summary) -> list[str]:
    """The largest activities and donations dated inside the period (of organisations in good
    standing), and towns whose year's quota was reached inside the period."""
    w = summary.window
    acts, gifts = [], []
    for town, ledger in summary.ledgers.items():
        active = {id(r) for r in active_orgs(ledger)}
        weak = {
            ledger.org(r) for r in ledger.of(ROSTER) if ledger.is_weak(r) or id(r) not in active
        }
        acts += [
            (town, ledger, r)
            for r in event_rows(ledger, ACTIVITY, w)
            if ledger.org(r, ACTIVITY) not in weak
        ]
        gifts += [
            (town, ledger, r)
            for r in event_rows(ledger, DONATION, w)
            if ledger.org(r, DONATION) not in weak
        ]
    out = []

    def people(item: tuple[str, Ledger, dict[str, Any]]) -> Any:
        return item[2].get(item[1].col(ACTIVITY, "participants")) or 0

    def amount(item: tuple[str, Ledger, dict[str, Any]]) -> Any:
        _, ledger, r = item
        return (r.get(ledger.col(DONATION, "goods-value")) or 0) + (
            r.get(ledger.col(DONATION, "cash")) or 0
        )

    for item in sorted(acts, key=lambda x: (-people(x), x[0]))[:3]:
        town, ledger, r = item
        day = r.get(ledger.src.dates.get(ACTIVITY, ""))
        when = f"（{day.month}月{day.day}日）" if isinstance(day, dt.date) else ""
        name = str(r.get(ledger.col(ACTIVITY, "title")) or "")
        kind = "" if name.rstrip("”’\"'").endswith("活动") else "活动"
        out.append(
            f"{_org_of(town, ledger.org(r, ACTIVITY))}开展{wording.quoted(name)}{kind}，"
            f"{fmt_int(people(item))}人参与{when}。"
        )
    for item in sorted(gifts, key=lambda x: (-amount(x), x[0]))[:2]:
        town, ledger, r = item
        recipient = r.get(ledger.col(DONATION, "recipient")) or ""
        given = _gift(
            r.get(ledger.col(DONATION, "goods")),
            r.get(ledger.col(DONATION, "goods-value")),
            r.get(ledger.col(DONATION, "cash")),
        )
        out.append(f"{_org_of(town, ledger.org(r, DONATION))}向{recipient}捐赠{given}。")
    new_key = "本年新建" if summary.period.kind == "year" else f"{summary.period.scope}新建"
    for tf in summary.towns:
        quota = tf.figures.get("年度建组任务") if tf.figures else None
        if not quota:
            continue
        built = tf.figures["本年新建"]
        before = built - (tf.figures[new_key] or 0) if summary.period.kind != "year" else 0
        if before < quota <= built:  # reached inside the period, not months ago
            out.append(f"{tf.town}已完成年度建组任务（{quota}个，已新建{built}个）。")
    return out or ["本期暂无突出亮点。"]


def _reporter(form: Form, info: dict[str, Any]) -> tuple[Any, Any]:
    """Who filled in a ledger and their phone: 基本信息's person and phone columns (填报人,
    联系电话)."""
    sheet = form.info_sheet
    if sheet is None:
        return None, None
    person = next((c.name for c in sheet.columns if c.type == "person"), None)
    phone = next((c.name for c in sheet.columns if c.type == "phone"), None)
    return (info.get(person) if person else None), (info.get(phone) if phone else None)


def _gift(goods: Any, value: Any, cash: Any) -> str:
    """捐赠大米等物资（折价1800元）和现金1000元: goods and cash said apart, never added up."""
    value_text, cash_text = wording.in_one_unit(value, cash)
    things = f"{goods}等物资" if goods else "物资"
    if value_text and cash_text:
        return f"{things}（折价{value_text}）和现金{cash_text}"
    if value_text:
        return f"{things}，折价{value_text}"
    return f"现金{cash_text}" if cash_text else things


def _org_of(town: str, org: Any) -> str:
    """`东湖镇恒通物流妇委会`, without doubling a town name the organisation already starts with."""
    name = str(org or "")
    return name if name.startswith(town) else f"{town}{name}"


def _problems(summary: Summary) -> list[str]:
    by_kind: dict[str, list[Any]] = {}
    for alert in summary.alerts:
        by_kind.setdefault(alert.kind, []).append(alert)
    out = []
    if by_kind.get("dormant"):
        towns = Counter(a.town for a in by_kind["dormant"])
        out.append(
            f"部分组织活力不足：{len(by_kind['dormant'])}个妇委会近3个月没有活动和服务记录（"
            + "、".join(f"{t}{n}个" for t, n in towns.items())
            + "）。"
        )
    if by_kind.get("weak"):
        out.append(
            f"有{len(by_kind['weak'])}个妇委会处于软弱涣散状态（"
            + "、".join(_org_of(a.town, a.subject) for a in by_kind["weak"])
            + "），需加强整顿。"
        )
    if by_kind.get("org-missing"):
        out.append(
            "有的组织“边建边散”："
            + "、".join(_org_of(a.town, a.subject) for a in by_kind["org-missing"])
            + "在最新台账中消失且未标注撤销。"
        )
    if by_kind.get("records-missing"):
        towns = Counter(a.town for a in by_kind["records-missing"])
        out.append(
            "台账记录不完整：" + "、".join(towns) + "最新报送的台账比上次少了本年度已登记的记录"
            "（可能用了旧的空白台账或删除了记录），请核实后补齐。"
        )
    if by_kind.get("behind-quota"):
        out.append(
            "建组进度不平衡："
            + "、".join(f"{a.town}（{a.subject}，{a.reason}）" for a in by_kind["behind-quota"])
            + "。"
        )
    month = f"{summary.end.month}月"
    states = [
        (kind, [a.town for a in by_kind.get(kind, [])])
        for kind in ("late", "missing", "rejected", "returned")
    ]
    words = {
        "late": f"逾期报送{month}台账",
        "missing": f"未报送{month}台账",
        "rejected": f"报送的{month}台账未通过校验",
        "returned": f"报送的{month}台账被退回",
    }
    parts = ["、".join(towns) + words[kind] for kind, towns in states if towns]
    if parts:
        out.append("台账报送不够及时：" + "；".join(parts) + "。")
    return out or ["本期未发现突出问题。"]


def _reporting_text(board: StatusBoard, towns_count: int) -> str:
    """截至8月10日，全区10个镇街中已有8个报送7月台账…，报送率80%…, and what is still pending."""
    reported = board.count("submitted", "late")
    month = Month.of(board.month).cn_short
    when = f"截至{board.now.month}月{board.now.day}日，" if board.now else ""
    text = (
        f"{when}全区{towns_count}个镇街中已有{reported}个报送{month}台账，报送率{fmt_rate(board.rate)}，"
        f"按时报送率{fmt_rate(board.on_time_rate)}"
    )
    pending = board.count("pending")
    if pending:
        text += f"，另有{pending}个镇街报送截止日期（{cn_date(board.deadline.date())}）未到"
    return text


def _town_rows(summary: Summary) -> list[dict[str, str]]:
    period = summary.period
    rows = []
    for tf in summary.towns:
        f = tf.figures

        def show(key: str, f: dict[str, Any] = f, money: bool = False) -> str:
            if not f:
                return "—"
            return fmt_money(f.get(key)) if money else fmt_int(f.get(key))

        # says nothing about the period
        stale = bool(tf.month_used) and str(tf.month_used) < period.months[0]
        flows: dict[str, Any] = {} if stale else f
        rows.append(
            {
                "town": tf.town,
                "state": state_text(tf.state, tf.month_used, summary.month, tf.records_missing),
                "orgs": show("妇委会总数"),
                "new_year": show("本年新建"),
                "new": show("本年新建" if period.kind == "year" else f"{period.scope}新建", flows),
                "activities": show(flow_key("活动次数", period), flows),
                "services": show(flow_key("亲情服务次数", period), flows),
                "four_rate": fmt_rate(f.get("四有达标率")) if f else "—",
            }
        )
    return rows


def build_context(
    ws: Workspace, store: Store, summary: Summary, *, today: dt.date
) -> dict[str, Any]:
    """Everything the briefing and half-year templates may use (JSON-able; the chart is added at
    render time)."""
    cfg = ws.config
    period, w = summary.period, summary.window
    ledgers = list(summary.ledgers.values())
    domains: Counter[str] = Counter({d: summary.total.get(d, 0) for d in summary.domains})
    new_domains: Counter[str] = sum((new_by_domain(lg, w) for lg in ledgers), Counter())
    services: Counter[str] = sum((services_by_type(lg, w) for lg in ledgers), Counter())
    kinds: Counter[str] = sum((activities_by_kind(lg, w) for lg in ledgers), Counter())
    board = summary.board
    return {
        **_period_fields(cfg.district.name, cfg.district.federation, summary),
        **_board_fields(board, today),
        "headline": f"{period.cn}全区新领域妇联组织建设情况",
        **_title(
            f"{period.cn}全区新领域妇联组织建设情况"
            if period.kind == "month"
            else f"{cfg.district.name}妇联{period.cn}新领域妇联组织建设工作总结"
        ),
        "total": _view(summary, summary.total, ytd=False),
        "ytd": _view(summary, summary.total, ytd=True),
        "towns": _town_rows(summary),
        "compare_text": compare_text(summary, _comparisons(ws, store, summary)),
        "work_text": _work_text(summary),
        "ytd_text": _ytd_text(summary),
        "new_text": _new_text(summary),
        "coverage_text": _coverage_text(summary),
        "gifts_text": wording.goods_and_cash(
            summary.total[flow_key("捐赠折价合计", period)],
            summary.total[flow_key("捐赠现金合计", period)],
        ),
        "domain_text": _counts_text(domains, "个", "暂无组织"),
        "new_domain_text": _counts_text(new_domains, "个", "暂无新建组织"),
        "service_text": _counts_text(services, "次", "暂无服务记录"),
        "activity_text": "其中" + _counts_text(kinds, "次", "暂无活动记录"),
        "donation_text": "",
        "highlights": _highlights(summary),
        "problems": _problems(summary),
        "pending": [],
        "chart": "",
        "cc": CC,
        "report_to": cfg.district.report_to,
    }


def city_context(
    city: str,
    federation: str,
    report_to: str,
    summary: Summary,
    boards: list[tuple[str, StatusBoard]],
    *,
    today: dt.date,
) -> dict[str, Any]:
    """The city's briefing (templates/city_briefing.docx): the same variables as a district's,
    `summary` a city's (a row per district, the city's sums, every district's ledgers), `towns`
    its districts with how many of their towns reported (`t.state`: 已报 9/10)."""
    period = summary.period
    due = sum(len(b.towns) for _, b in boards)
    sent = sum(b.count("submitted", "late") for _, b in boards)
    on_time = sum(b.count("submitted") for _, b in boards)
    rate, on_time_rate = (sent / due, on_time / due) if due else (None, None)
    month = Month.of(summary.month).cn_short
    last = max((b.deadline for _, b in boards), default=None)
    reporting = (
        f"截至{today.month}月{today.day}日，全市{len(boards)}个区县{due}个镇街中已有{sent}个报送"
        f"{month}台账，报送率{fmt_rate(rate)}，按时报送率{fmt_rate(on_time_rate)}"
    )
    rows = _town_rows(summary)
    states = {name: f"已报 {b.count('submitted', 'late')}/{len(b.towns)}" for name, b in boards}
    for row in rows:
        row["state"] = states.get(row["town"], "")
    missing = summary.coverage["missing"]
    ledgers = list(summary.ledgers.values())
    w = summary.window
    domains: Counter[str] = Counter({d: summary.total.get(d, 0) for d in summary.domains})
    services: Counter[str] = sum((services_by_type(lg, w) for lg in ledgers), Counter())
    kinds: Counter[str] = sum((activities_by_kind(lg, w) for lg in ledgers), Counter())
    headline = f"{period.cn}全市新领域妇联组织建设情况"
    return {
        **_period_fields(city, federation, summary),
        "date_cn": cn_date(today),
        "deadline_cn": cn_date(last.date()) if last else "",
        "towns_count": due,
        "reported_count": sent,
        "rate": fmt_rate(rate),
        "on_time_rate": fmt_rate(on_time_rate),
        "reporting_text": reporting,
        "headline": headline,
        **_title(headline),
        "total": _view(summary, summary.total, ytd=False),
        "ytd": _view(summary, summary.total, ytd=True),
        "towns": rows,
        "compare_text": "",
        "work_text": _work_text(summary),
        "ytd_text": _ytd_text(summary),
        "new_text": _new_text(summary),
        "coverage_text": (
            f"以上数字不含{'、'.join(missing)}（本期尚无通过校验的台账）。" if missing else ""
        ),
        "gifts_text": wording.goods_and_cash(
            summary.total[flow_key("捐赠折价合计", period)],
            summary.total[flow_key("捐赠现金合计", period)],
        ),
        "domain_text": _counts_text(domains, "个", "暂无组织"),
        "new_domain_text": "",
        "service_text": _counts_text(services, "次", "暂无服务记录"),
        "activity_text": "其中" + _counts_text(kinds, "次", "暂无活动记录"),
        "donation_text": "",
        "highlights": _highlights(summary),
        "problems": _problems(summary),
        "pending": [],
        "chart": "",
        "cc": CITY_CC,
        "report_to": report_to,
    }


def _period_fields(body: str, federation: str, summary: Summary) -> dict[str, Any]:
    """Who reports (`district`: a district, or a city) and the period its figures run over."""
    period = summary.period
    return {
        "district": body,
        "federation": federation,
        "period": period.label,
        "period_cn": period.cn,
        "scope": period.scope,
        "month": summary.month,
        "month_cn": f"{summary.end.year}年{summary.end.month}月",
        "year": period.year,
        "start_cn": cn_date(period.start),
        "end_cn": cn_date(summary.end),
    }


def _board_fields(board: StatusBoard, today: dt.date) -> dict[str, Any]:
    """What every report says of the month's board: the date, the deadline, the rates."""
    return {
        "date_cn": cn_date(today),
        "deadline_cn": cn_date(board.deadline.date()),
        "towns_count": len(board.towns),
        "reported_count": board.count("submitted", "late"),
        "rate": fmt_rate(board.rate),
        "on_time_rate": fmt_rate(board.on_time_rate),
        "reporting_text": _reporting_text(board, len(board.towns)),
    }


def reminder_context(
    ws: Workspace, store: Store, board: StatusBoard, *, today: dt.date
) -> dict[str, Any]:
    """The 催报通知's context: the month's board only (it needs no figures, so an empty month is
    fine)."""
    cfg = ws.config
    month = board.month
    return {
        "district": cfg.district.name,
        "federation": cfg.district.federation,
        "period": month,
        "period_cn": cn_month(month),
        "month": month,
        "month_cn": cn_month(month),
        "year": Month.of(month).year,
        **_board_fields(board, today),
        "pending": _pending(ws, store, board),
        "chart": "",
        "doc_no": "",
        "cc": CC,
        **_title(f"关于报送{cn_month(month)}新领域妇联组织建设基础台账的通知"),
        "contact_text": _contact_text(ws),
    }


def _title(text: str) -> dict[str, Any]:
    """`title` and the lines it is printed on (`title_lines`, shown through `{{r title_rt }}`)."""
    return {"title": text, "title_lines": title_lines(text)}


CC = "区妇联主席、副主席"  # 抄送 of the notice and the half-year report's 版记
CITY_CC = "市妇联主席、副主席"  # the city briefing's


def _contact_text(ws: Workspace) -> str:
    """联系人：林晓梅，联系电话：0415-3126688。 (empty when fedxl.toml names no contact)."""
    d = ws.config.district
    if not (d.contact_person or d.contact_phone):
        return ""
    parts = [
        f"联系人：{d.contact_person}" if d.contact_person else "",
        f"联系电话：{d.contact_phone}" if d.contact_phone else "",
    ]
    return "，".join(p for p in parts if p) + "。"


def _pending(ws: Workspace, store: Store, board: StatusBoard) -> list[str]:
    """One line per town without an accepted ledger: its state only (the details go to the town in
    its feedback file), and its contact when a ledger named one."""
    out: list[str] = []
    mask = ws.config.options.mask_phones
    for row in board.towns:
        if row.state not in ("missing", "rejected", "returned", "pending"):
            continue
        contact = ""
        town = ws.config.find_town(row.town)
        subs = store.submissions(
            town=ws.config.names_of(row.town), by=board.now.isoformat() if board.now else None
        )
        if town is not None and (town.contact or town.phone):  # the register's contact first
            phone_text = mask_phone(town.phone) if mask and town.phone else town.phone
            contact = f"（联系人：{town.contact} {phone_text}）".replace(" ）", "）").replace(
                "（联系人： ", "（联系人："
            )
        elif subs:
            info = store.info(subs[-1].id)
            person, phone = _reporter(ws.form, info)
            if person or phone:
                phone_text = mask_phone(str(phone)) if mask and phone else str(phone or "")
                contact = f"（联系人：{person or ''} {phone_text}）".replace(" ）", "）")
        if row.state == "rejected":
            state = f"已报送但未通过校验（错误{row.errors}处），请按反馈表修改后重新报送"
        elif row.state == "returned":  # the district's reason, as it wrote it
            state = f"报送的台账已被区妇联退回（{row.reason or '未说明原因'}），请修改后重新报送"
        else:
            state = "未报送" if row.state == "missing" else "尚未报送"
        out.append(f"{len(out) + 1}. {row.town}：{state}{contact}。")
    return out or ["本月各镇街均已按要求报送。"]


__all__ = [
    "title_lines",
    "build_context",
    "city_context",
    "compare_text",
    "fmt_int",
    "fmt_money",
    "fmt_rate",
    "mask_phone",
    "reminder_context",
]
