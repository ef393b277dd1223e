"""The template context of the Word reports, built from the summary (never recomputed apart).

Every number comes from fedxl.metrics through build_summary; this module only words and
formats them. `fedxl report … --dump-context FILE` writes this dictionary as JSON.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from fedxl.merge.summary import Summary, build_summary
from fedxl.merge.workbook import state_text
from fedxl.metrics import (
    ACTIVITY,
    DONATION,
    activities_by_kind,
    deliveries,
    donation_count,
    new_by_domain,
    services_by_type,
)
from fedxl.metrics import events as event_rows
from fedxl.store import Store
from fedxl.workspace import Workspace

_MOBILE = re.compile(r"(1[3-9]\d)\d{4}(\d{4})")


def fmt_int(value: Any) -> str:
    return f"{int(value or 0):,}"


def fmt_money(value: Any) -> str:
    return f"{float(value or 0):,.2f}"


def fmt_rate(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:7])}月"


def mask_phone(text: str) -> str:
    """139****5678: the middle four digits of every mobile number hidden."""
    return _MOBILE.sub(r"\1****\2", text)


def _total_view(summary: Summary) -> dict[str, Any]:
    t = summary.total
    w = summary.window
    ledgers = list(summary.ledgers.values())
    return {
        "orgs": fmt_int(t["妇委会总数"]), "new_year": fmt_int(t["本年新建"]), "new_month": fmt_int(t["本月新建"]),
        "weak": fmt_int(t["软弱涣散"]), "women": fmt_int(t["覆盖女职工数"]), "four_haves": fmt_int(t["四有达标数"]),
        "four_rate": fmt_rate(t["四有达标率"]), "activities": fmt_int(t["活动次数"]),
        "participants": fmt_int(t["参与人次"]), "trainings": fmt_int(t["培训期数"]), "trainees": fmt_int(t["培训人次"]),
        "services": fmt_int(t["亲情服务次数"]), "beneficiaries": fmt_int(t["受益人数"]),
        "goods": fmt_money(t["捐赠折价合计"]), "cash": fmt_money(t["捐赠现金合计"]), "checks": fmt_int(t["跟踪检查次数"]),
        "check_rate": fmt_rate(t["跟踪覆盖率"]), "candidates": fmt_int(t["推荐人选数"]),
        "quota": fmt_int(t["年度建组任务"]), "quota_rate": fmt_rate(t["任务完成率"]),
        "deliveries": fmt_int(sum(deliveries(lg, w) for lg in ledgers)),
        "donations": fmt_int(sum(donation_count(lg, w) for lg in ledgers)),
    }


def _counts_text(counter: Counter[str], unit: str, empty: str) -> str:
    items = [f"{name}{count}{unit}" for name, count in counter.most_common() if count]
    return "、".join(items) if items else empty


def _change(now: float, before: float, unit: str) -> str:
    diff = now - before
    if diff == 0:
        return "持平"
    pct = f"（{abs(diff) / before * 100:.1f}%）" if before else ""
    return f"{'增加' if diff > 0 else '减少'}{fmt_int(abs(diff))}{unit}{pct}"


def compare_text(summary: Summary, prev: Summary | None, last_year: Summary | None) -> str:
    """同比 / 环比 wording, or a plain statement when the store has no earlier figures."""
    now = summary.total
    parts = []
    for label, other in (("与上月相比", prev), ("与去年同期相比", last_year)):
        if other is None or not other.reported:
            continue
        o = other.total
        parts.append(f"{label}，妇委会{_change(now['妇委会总数'], o['妇委会总数'], '个')}，"
                     f"活动{_change(now['活动次数'], o['活动次数'], '次')}")
    if not parts:
        return "（暂无上月和去年同期的台账数据，本期不作环比、同比。）"
    return "；".join(parts) + "。"


def _highlights(summary: Summary) -> list[str]:
    w = summary.window
    acts, gifts = [], []
    for town, ledger in summary.ledgers.items():
        acts += [(town, r) for r in event_rows(ledger, ACTIVITY, w)]
        gifts += [(town, r) for r in event_rows(ledger, DONATION, w)]
    out = []
    for town, r in sorted(acts, key=lambda x: (-(x[1].get("参与人数") or 0), x[0]))[:3]:
        day = r.get("活动日期")
        when = f"（{day.month}月{day.day}日）" if isinstance(day, dt.date) else ""
        out.append(f"{town}{r.get('组织名称')}开展“{r.get('活动名称')}”活动，{fmt_int(r.get('参与人数'))}人参与{when}。")
    for town, r in sorted(gifts, key=lambda x: (-((x[1].get("物资折价(元)") or 0) + (x[1].get("现金(元)") or 0)), x[0]))[:2]:
        amount = (r.get("物资折价(元)") or 0) + (r.get("现金(元)") or 0)
        what = f"{r.get('物资名称')}等物资" if r.get("物资名称") else "现金"
        out.append(f"{town}{r.get('组织名称')}向{r.get('受捐对象')}捐赠{what}，合计{fmt_money(amount)}元。")
    for tf in summary.towns:
        rate = tf.figures.get("任务完成率") if tf.figures else None
        if rate is not None and rate >= 1:
            out.append(f"{tf.town}已完成年度建组任务（{fmt_rate(rate)}）。")
    return out or ["本期暂无突出亮点。"]


def _problems(summary: Summary) -> list[str]:
    by_kind: dict[str, list[Any]] = {}
    for alert in summary.alerts:
        by_kind.setdefault(alert.kind, []).append(alert)
    out = []
    if by_kind.get("dormant"):
        towns = Counter(a.town for a in by_kind["dormant"])
        out.append(f"部分组织活力不足：{len(by_kind['dormant'])}个妇委会近3个月没有活动和服务记录（"
                   + "、".join(f"{t}{n}个" for t, n in towns.items()) + "）。")
    if by_kind.get("weak"):
        out.append(f"有{len(by_kind['weak'])}个妇委会处于软弱涣散状态（"
                   + "、".join(f"{a.town}{a.subject}" for a in by_kind["weak"]) + "），需加强整顿。")
    if by_kind.get("org-missing"):
        out.append("有的组织“边建边散”：" + "、".join(f"{a.town}{a.subject}" for a in by_kind["org-missing"])
                   + "在本月台账中消失且未标注撤销。")
    if by_kind.get("behind-quota"):
        out.append("建组进度不平衡：" + "、".join(f"{a.town}（{a.reason}）" for a in by_kind["behind-quota"]) + "。")
    late = [a.town for a in by_kind.get("late", [])]
    missing = [a.town for a in by_kind.get("missing", []) + by_kind.get("rejected", [])]
    if late or missing:
        text = "台账报送不够及时："
        if late:
            text += "、".join(late) + "逾期报送"
        if missing:
            text += ("；" if late else "") + "、".join(missing) + "未报送或未通过校验"
        out.append(text + "。")
    return out or ["本期未发现突出问题。"]


def _other(ws: Workspace, store: Store, month: str) -> Summary | None:
    return build_summary(ws.config, ws.form, store, month) if month in store.months() else None


def _shift(month: str, months: int) -> str:
    y, m = int(month[:4]), int(month[5:7]) - months
    while m <= 0:
        y, m = y - 1, m + 12
    return f"{y}-{m:02d}"


def build_context(ws: Workspace, store: Store, month: str, *, today: dt.date | None = None) -> dict[str, Any]:
    """Everything the three templates may use (JSON-able; the chart is added at render time)."""
    today = today or dt.date.today()
    cfg = ws.config
    summary = build_summary(cfg, ws.form, store, month)
    prev, last_year = _other(ws, store, _shift(month, 1)), _other(ws, store, _shift(month, 12))
    w = summary.window
    ledgers = list(summary.ledgers.values())
    domains: Counter[str] = Counter({d: summary.total.get(d, 0) for d in summary.domains})
    new_domains: Counter[str] = sum((new_by_domain(lg, w) for lg in ledgers), Counter())
    services: Counter[str] = sum((services_by_type(lg, w) for lg in ledgers), Counter())
    kinds: Counter[str] = sum((activities_by_kind(lg, w) for lg in ledgers), Counter())
    deadline = summary.board.deadline.date()
    towns = []
    for tf in summary.towns:
        f = tf.figures
        towns.append({"town": tf.town, "state": state_text(tf.state, tf.month_used, month),
                      "orgs": fmt_int(f.get("妇委会总数")) if f else "—", "new_year": fmt_int(f.get("本年新建")) if f else "—",
                      "activities": fmt_int(f.get("活动次数")) if f else "—",
                      "services": fmt_int(f.get("亲情服务次数")) if f else "—",
                      "four_rate": fmt_rate(f.get("四有达标率")) if f else "—"})
    reported = summary.board.count("submitted", "late")
    return {
        "district": cfg.district.name, "federation": cfg.district.federation, "month": month,
        "month_cn": cn_month(month), "year": w.year, "end_cn": cn_date(w.end), "date_cn": cn_date(today),
        "deadline_cn": cn_date(deadline), "towns_count": len(cfg.towns), "reported_count": reported,
        "rate": fmt_rate(summary.board.rate), "on_time_rate": fmt_rate(summary.board.on_time_rate),
        "headline": f"{cn_month(month)}全区新领域妇联组织建设情况", "total": _total_view(summary),
        "towns": towns, "compare_text": compare_text(summary, prev, last_year),
        "domain_text": _counts_text(domains, "个", "暂无组织"),
        "new_domain_text": _counts_text(new_domains, "个", "暂无新建组织"),
        "service_text": _counts_text(services, "次", "暂无服务记录"),
        "activity_text": "其中" + _counts_text(kinds, "次", "暂无活动记录"),
        "donation_text": "", "highlights": _highlights(summary), "problems": _problems(summary),
        "pending": _pending(ws, store, summary), "chart": "",
    }


def _pending(ws: Workspace, store: Store, summary: Summary) -> list[str]:
    """One line per town that has not reported or only sent rejected files, with what is wrong."""
    out: list[str] = []
    mask = ws.config.options.mask_phones
    for row in summary.board.towns:
        if row.state not in ("missing", "rejected"):
            continue
        contact = ""
        subs = store.submissions(town=row.town)
        if subs:
            info = store.info(subs[-1].id)
            person, phone = info.get("填报人"), info.get("联系电话")
            if person or phone:
                phone_text = mask_phone(str(phone)) if mask and phone else str(phone or "")
                contact = f"（联系人：{person or ''} {phone_text}）".replace(" ）", "）")
        if row.state == "missing":
            out.append(f"{len(out) + 1}. {row.town}：未报送{contact}。")
            continue
        problems = [f for f in store.findings(row.submission_id or 0) if f["severity"] == "error"][:3]
        detail = "；".join(f"{f['sheet'] or ''}{f['cell'] or ''}{f['message']}" for f in problems)
        more = f"等{row.errors}处" if (row.errors or 0) > len(problems) else ""
        out.append(f"{len(out) + 1}. {row.town}：已报送但未通过校验（{detail}{more}），请按反馈表修改后重新报送{contact}。")
    return out or ["本月各镇街均已按要求报送。"]
