"""The numbers documents carry, in one scheme: a briefing's 第N期 and a notice's 发文字号 number.

Each is numbered within its year and recorded in the store the first time, so a document made
again keeps its number. A briefing asks for its month's place among the year's months with data
(July is 第3期 when May, June and July have data); when that number is taken (a late month's
first briefing), and for notices, the next number after the highest taken is used.
"""

from __future__ import annotations

from fedxl.form.periods import Month
from fedxl.store import Store

BRIEFING, NOTICE = "briefing", "notice"  # the two series (the store's doc_numbers)


def number_for(store: Store, series: str, month: str, *, place: int | None = None) -> int:
    """The number of `month`'s document in `series` of its year (see the module)."""
    given = store.doc_numbers(series, Month.of(month).year)
    if month in given:
        return given[month]
    taken = set(given.values())
    number = place if place is not None and place not in taken else max(taken, default=0) + 1
    store.set_doc_number(series, month, number)
    return number


def issue_number(store: Store, month: str, months_with_data: list[str]) -> int:
    """第N期 of the month's briefing: its place among the year's months that have data or a
    briefing."""
    year = Month.of(month).year
    numbered = set(store.doc_numbers(BRIEFING, year))
    months = sorted({m for m in months_with_data if Month.of(m).year == year} | numbered | {month})
    return number_for(store, BRIEFING, month, place=months.index(month) + 1)


def notice_number(store: Store, prefix: str, month: str) -> str:
    """发文字号 of a month's notice, `振妇字〔2026〕3号` (empty without a `doc_prefix`)."""
    if not prefix:
        return ""
    return f"{prefix}〔{Month.of(month).year}〕{number_for(store, NOTICE, month)}号"
