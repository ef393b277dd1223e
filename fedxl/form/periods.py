"""Periods (口径): a month, a half or a year of the ledger, and its end date E.

Every figure has a period. Its end E is the period's last day, but never after the last day of
the latest month that has an accepted submission: a report made in November for the second
half says "截至11月30日", not "12月31日". Stock figures are taken at E, flow figures count rows
dated from the period's start to E, 本年累计 counts rows from 1 January to E.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from fedxl.errors import UsageError

# one grammar for a month, wherever it is typed: a cell, a file name, --month
# 2026-06, 2026/6, 2026.6, 2026_6, 202606, 2026年6月, 2026年6月份 (full-width digits too)
_MONTH = re.compile(r"^\s*(\d{4})\s*(?:[-/._年]\s*(\d{1,2})|(\d{2}))\s*(?:月份?)?\s*$")
_MONTH_IN_NAME = re.compile(
    r"(?<!\d)(20\d{2})\s*(?:[-年._\s]\s*(\d{1,2})(?!\d)|(\d{2})(?!\d))\s*(?:月份?)?"
)
_HALF = re.compile(r"^\s*(\d{4})\s*(?:[Hh]\s*([12])|年?\s*([上下])半年)\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*年?\s*$")
KINDS = ("month", "half", "year")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month: the one home of parsing, showing and counting months.

    Stored and shown as `2026-06` (`str(month)`, `.iso`); `.cn` is `2026年6月`."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 12 or not 1 <= self.year <= 9999:
            raise ValueError(f"not a month: {self.year}-{self.number}")

    @classmethod
    def parse(cls, text: object) -> Month | None:
        """A month from text as people type it (see the grammar above); None when it is not one."""
        if not isinstance(text, str):
            return None
        m = _MONTH.match(unicodedata.normalize("NFKC", text))
        if not m:
            return None
        number = int(m.group(2) or m.group(3))
        return cls(int(m.group(1)), number) if 1 <= number <= 12 else None

    @classmethod
    def of(cls, iso: str) -> Month:
        """The month of a stored `YYYY-MM` (ValueError for anything else)."""
        if len(iso) != 7 or iso[4] != "-":
            raise ValueError(f"not a stored month: {iso!r}")
        return cls(int(iso[:4]), int(iso[5:]))

    @classmethod
    def containing(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def in_name(cls, name: str) -> Month | None:
        """The first month named in a file name (东湖镇2026年7月台账, 东湖_202607, 2026-7)."""
        for m in _MONTH_IN_NAME.finditer(unicodedata.normalize("NFKC", name)):
            number = int(m.group(2) or m.group(3))
            if 1 <= number <= 12:
                return cls(int(m.group(1)), number)
        return None

    def __str__(self) -> str:
        return f"{self.year}-{self.number:02d}"

    @property
    def iso(self) -> str:
        return str(self)

    @property
    def cn(self) -> str:
        """`2026年7月`."""
        return f"{self.year}年{self.number}月"

    @property
    def cn_short(self) -> str:
        """`7月`."""
        return f"{self.number}月"

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.number - 1 + months
        return Month(index // 12, index % 12 + 1)

    @property
    def next(self) -> Month:
        return self.shift(1)

    @property
    def previous(self) -> Month:
        return self.shift(-1)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.number, 1)

    @property
    def last_day(self) -> dt.date:
        return month_end(self.year, self.number)

    @property
    def half(self) -> str:
        """`2026H1` or `2026H2`: the half the month belongs to."""
        return f"{self.year}H{1 if self.number <= 6 else 2}"

    def deadline(self, day: int) -> dt.datetime:
        """The end of `day` of the next month: when this month's ledger is due."""
        after = self.next
        return dt.datetime(after.year, after.number, min(day, after.last_day.day), 23, 59, 59)


def month_text(year: int, month: int) -> str:
    return str(Month(year, month))


def shift_month(month: str, months: int) -> str:
    """`YYYY-MM` moved by `months` (negative: back)."""
    return str(Month.of(month).shift(months))


def split_month(text: str | None) -> tuple[int, int] | None:
    """(year, month) from any way of writing a month (Month.parse); None when it is not one."""
    found = Month.parse(text)
    return (found.year, found.number) if found else None


def template_month(text: str) -> tuple[int, int]:
    """(year, month) of `template --month`: any month, any year (January of next year included)."""
    found = Month.parse(text)
    if found is None:
        raise UsageError("template.bad_month", month=text)
    return found.year, found.number


def month_arg(text: str) -> str:
    """A `--month` value as `YYYY-MM` (any way of writing a month); a usage error otherwise."""
    found = Month.parse(text)
    if found is None:
        raise UsageError("status.bad_month", month=text)
    return str(found)


def due_month(today: dt.date | None = None) -> str:
    """The month whose ledger towns are sending now: last month (each month's ledger is due
    early the next), December in January."""
    return str(Month.containing(today or dt.date.today()).previous)


@dataclass(frozen=True, order=True)
class Period:
    """A month (`number` 1–12), a half (1 or 2) or a whole year (`number` 0) of `year`."""

    year: int
    kind: str
    number: int = 0

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(year, "month", month)

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        return cls(year, "half", half)

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls(year, "year", 0)

    @classmethod
    def of_month(cls, month: str) -> Period:
        found = Month.of(month)
        return cls.month(found.year, found.number)

    @property
    def first_month(self) -> int:
        return {"month": self.number, "half": 1 + 6 * (self.number - 1), "year": 1}[self.kind]

    @property
    def last_month(self) -> int:
        return {"month": self.number, "half": 6 * self.number, "year": 12}[self.kind]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def last_day(self) -> dt.date:
        """The period's nominal last day (E is never later than this)."""
        return month_end(self.year, self.last_month)

    @property
    def months(self) -> tuple[str, ...]:
        return tuple(month_text(self.year, m) for m in range(self.first_month, self.last_month + 1))

    @property
    def label(self) -> str:
        """`2026-06`, `2026H1` or `2026`: the period as commands take it and file names show it."""
        if self.kind == "month":
            return month_text(self.year, self.number)
        return f"{self.year}H{self.number}" if self.kind == "half" else str(self.year)

    @property
    def cn(self) -> str:
        """`2026年6月`, `2026年上半年`, `2026年`."""
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        return (
            f"{self.year}年{'上' if self.number == 1 else '下'}半年"
            if self.kind == "half"
            else f"{self.year}年"
        )

    @property
    def scope(self) -> str:
        """How a figure of this period is named in a column: 本月, 本期 (a half) or 本年."""
        return {"month": "本月", "half": "本期", "year": "本年"}[self.kind]

    def previous(self) -> Period:
        """The period just before, of the same kind (December before January, H2 before H1)."""
        if self.kind == "month":
            return Period.of_month(shift_month(self.label, -1))
        if self.kind == "half":
            return Period.half(self.year, 1) if self.number == 2 else Period.half(self.year - 1, 2)
        return Period.whole_year(self.year - 1)

    def year_before(self) -> Period:
        """The same period of the previous year."""
        return Period(self.year - 1, self.kind, self.number)

    def contains_month(self, month: str) -> bool:
        return month in self.months


def parse_period(text: str) -> Period:
    """A period from `2026-06` / `2026年6月`, `2026H1` / `2026年上半年`, or `2026`."""
    found = split_month(text)
    if found is not None:
        return Period.month(*found)
    half = _HALF.match(text or "")
    if half:
        number = int(half.group(2)) if half.group(2) else (1 if half.group(3) == "上" else 2)
        return Period.half(int(half.group(1)), number)
    year = _YEAR.match(text or "")
    if year:
        return Period.whole_year(int(year.group(1)))
    raise UsageError("period.bad", value=text)


def parse_half(text: str) -> Period:
    """`--half 2026H1` (also 2026h1, 2026年上半年)."""
    half = _HALF.match(text or "")
    if not half:
        raise UsageError("report.bad_half", value=text)
    return parse_period(text)


def parse_year(text: str) -> Period:
    year = _YEAR.match(text or "")
    if not year:
        raise UsageError("period.bad", value=text)
    return Period.whole_year(int(year.group(1)))


@dataclass(frozen=True)
class Window:
    """The days a flow figure counts: from `start` to `end` (E), both included."""

    start: dt.date
    end: dt.date

    def contains(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def year_to_date(self) -> Window:
        """本年累计: 1 January of the end's year to the same end."""
        return Window(dt.date(self.end.year, 1, 1), self.end)

    @property
    def months(self) -> int:
        """How many calendar months the window reaches into."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


def period_end(period: Period, latest_month: str | None) -> dt.date:
    """E: the period's last day, but never after the last day of `latest_month` (the latest
    month with an accepted submission)."""
    if latest_month is None:
        return period.last_day
    found = split_month(latest_month)
    assert found is not None
    return min(period.last_day, month_end(*found))


def as_of_time(day: dt.date | None) -> dt.datetime:
    """ "Now" for a command: the end of `--as-of` day, or the clock."""
    if day is None:
        return dt.datetime.now().replace(microsecond=0)
    return dt.datetime.combine(day, dt.time(23, 59, 59))


def parse_as_of(text: str | None) -> dt.date | None:
    """`--as-of YYYY-MM-DD` (also 2026/7/10, 2026年7月10日)."""
    if text is None:
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", text)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        pass
    raise UsageError("period.bad_as_of", value=text)


def cn_date(day: dt.date) -> str:
    """`2026年6月30日`: how every output writes a date."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(month: str) -> str:
    """`2026年7月` from `2026-07`."""
    return Month.of(month).cn


def cn_moment(stamp: str | None) -> str:
    """`2026年7月2日 09:30` from an ISO time ("" for none)."""
    if not stamp:
        return ""
    moment = dt.datetime.fromisoformat(stamp)
    return f"{cn_date(moment.date())} {moment:%H:%M}"
