"""The numbers documents carry, in one scheme: a briefing's 第N期 and a notice's 发文字号 number.

Each is numbered within its year and recorded in the store the first time, so a document made
again keeps its number. A briefing asks for its month's place among the year's months with data
(July is 第3期 when May, June and July have data); when that number is taken (a late month's
first briefing), and for notices, the next number after the highest taken is used.
"""

from __future__ import annotations

from fedxl.form.periods import Month
from fedxl.store import Store

BRIEFING, NOTICE = "briefing_no", "notice_no"  # the state keys' series: <series>:<YYYY-MM>


def number_for(store: Store, series: str, month: str, *, place: int | None = None) -> int:
    """The number of `month`'s document in `series` of its year (see the module)."""
    key = f"{series}:{month}"
    known = store.get_state(key)
    if known:
        return int(known)
    year = Month.of(month).year
    taken = {int(v) for _, v in store.states(f"{series}:{year}-")}
    number = place if place is not None and place not in taken else max(taken, default=0) + 1
    store.set_state(key, str(number))
    return number


def issue_number(store: Store, month: str, months_with_data: list[str]) -> int:
    """第N期 of the month's briefing: its place among the year's months that have data or a
    briefing."""
    year = Month.of(month).year
    numbered = {k.partition(":")[2] for k, _ in store.states(f"{BRIEFING}:{year}-")}
    months = sorted({m for m in months_with_data if Month.of(m).year == year} | numbered | {month})
    return number_for(store, BRIEFING, month, place=months.index(month) + 1)


def notice_number(store: Store, prefix: str, month: str) -> str:
    """发文字号 of a month's notice, `振妇字〔2026〕3号` (empty without a `doc_prefix`)."""
    if not prefix:
        return ""
    return f"{prefix}〔{Month.of(month).year}〕{number_for(store, NOTICE, month)}号"
