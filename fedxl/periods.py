"""Months (YYYY-MM) of the ledger year."""

from __future__ import annotations

import datetime as dt
import re

from fedxl.errors import UsageError

_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")


def parse_month(text: str, year: int) -> tuple[int, int]:
    """(year, month) from `YYYY-MM`; it must fall inside the ledger `year`."""
    m = _MONTH.match(text or "")
    if not m or int(m.group(1)) != year or not 1 <= int(m.group(2)) <= 12:
        raise UsageError("template.bad_month", month=text, year=year)
    return int(m.group(1)), int(m.group(2))


def default_month(year: int, today: dt.date | None = None) -> tuple[int, int]:
    """This month when it is in the ledger year; else the year's nearest end."""
    today = today or dt.date.today()
    if today.year == year:
        return year, today.month
    return (year, 12) if today.year > year else (year, 1)


def month_text(year: int, month: int) -> str:
    return f"{year}-{month:02d}"
