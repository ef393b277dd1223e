"""Column types: one home each (frictionless-style field types).

Each type owns, for a column of its kind: parsing and repair (`parse`, on the pure parsers of
`values.py`), the fast check of a clean value (`checker`: the typed value, or SLOW when the full
cell check must look at it), an inlined batch form of that check for the common cases (`batch`),
its bound comparison (`outside`), the Excel data validation of the blank ledger (`validation`) and
its message keys (`ftype.<name>`, `example.<name>`). A new type is a new class here, nothing else.

The fast checks never decide anything the full check would decide differently: they only skip
work for values that are already right (tests/test_fast_path.py checks it per type over random
column specs).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fedxl.form.model import Column
from fedxl.form.periods import Month
from fedxl.form.values import (
    EXCEL_EPOCH,
    USCC_CHARS,
    Parsed,
    parse_date,
    parse_enum,
    parse_month,
    parse_number,
    parse_person,
    parse_phone,
    parse_text,
    parse_uscc,
    parse_yesno,
    uscc_check_char,
)

SLOW: Any = object()  # "the full cell check must look at this value"
Check = Callable[[Any], Any]
Batch = Callable[[list[Any]], list[Any]]
_USCC_SET = frozenset(USCC_CHARS)
_MOBILE = re.compile(r"1[3-9]\d{9}")


@dataclass(frozen=True)
class ValidationSpec:
    """An Excel data validation, independent of any spreadsheet library."""

    kind: str  # list | whole | decimal | date | textLength
    operator: str | None = None  # between | greaterThanOrEqual | lessThanOrEqual | equal
    formula1: str | None = None
    formula2: str | None = None
    values: tuple[str, ...] = ()  # for list validations
    prompt: str = ""
    error: str = ""


def excel_serial(day: dt.date) -> int:
    return (day - EXCEL_EPOCH.date()).days


def _spec(
    kind: str, operator: str | None, f1: str | None, f2: str | None, prompt: str
) -> ValidationSpec:
    from fedxl.i18n import t

    return ValidationSpec(
        kind, operator, f1, f2, prompt=prompt, error=t("blank.error.generic", prompt=prompt)
    )


def _bounds_note(col: Column) -> str:
    from fedxl.form.describe import bounds_text
    from fedxl.i18n import t

    text = bounds_text(col)
    return t("blank.bounds", text=text) if text else ""


def _clean(raw: str) -> bool:
    return raw.isprintable() and raw[0] != " " and raw[-1] != " " and "  " not in raw


class ColumnType:
    """A column type; subclasses override what differs."""

    name = ""
    sql_type = "TEXT"  # how the store keeps a value of this type
    is_date = False  # stored as an ISO date, read back as a date

    def to_pandas(self, series: Any) -> Any:
        """A table's column as pandas holds it (fedxl.month_tables): objects unless said
        otherwise."""
        return series.astype("object")

    @property
    def expected_key(self) -> str:
        return f"ftype.{self.name}"

    @property
    def example_key(self) -> str:
        return f"example.{self.name}"

    def parse(self, raw: Any, col: Column) -> Parsed:
        return parse_text(raw)

    def checker(self, col: Column, lo: Any, hi: Any, empty: Callable[[], Any]) -> Check:
        def check_other(raw: Any) -> Any:
            return empty() if raw == "" else SLOW

        return check_other

    def batch(self, col: Column, lo: Any, hi: Any, one: Check) -> Batch | None:
        """An inlined check of a whole column, or None to apply `one` to each value."""
        return None

    def outside(self, value: Any, lo: Any, hi: Any) -> bool:
        """Whether a typed value lies outside the column's resolved bounds."""
        if isinstance(value, str):
            return False
        try:
            return (lo is not None and value < lo) or (hi is not None and value > hi)
        except TypeError:
            return False

    def validation(self, col: Column, year: int, lo: Any, hi: Any) -> ValidationSpec | None:
        if col.max_length:
            from fedxl.i18n import t

            return _spec(
                "textLength",
                "lessThanOrEqual",
                str(col.max_length),
                None,
                t("blank.prompt.text", n=col.max_length),
            )
        return None


class TextType(ColumnType):
    name = "text"

    def checker(self, col: Column, lo: Any, hi: Any, empty: Callable[[], Any]) -> Check:
        limit = col.max_length or 10**9

        def check_text(raw: Any) -> Any:
            if raw == "":
                return empty()
            if type(raw) is not str or len(raw) > limit or not _clean(raw):
                return SLOW
            return raw

        return check_text

    def batch(self, col: Column, lo: Any, hi: Any, one: Check) -> Batch | None:
        blank = col.blank if col.blank is not None else (SLOW if col.required else None)  # for ""
        if col.max_length:
            limit = col.max_length
            return lambda values: [
                v
                if (
                    v.__class__ is str
                    and v
                    and len(v) <= limit
                    and v.isprintable()
                    and v[0] != " "
                    and v[-1] != " "
                    and "  " not in v
                )
                else (blank if v == "" else one(v))
                for v in values
            ]
        return lambda values: [
            v
            if (
                v.__class__ is str
                and v
                and v.isprintable()
                and v[0] != " "
                and v[-1] != " "
                and "  " not in v
            )
            else (blank if v == "" else one(v))
            for v in values
        ]


class PersonType(ColumnType):
    name = "person"

    def parse(self, raw: Any, col: Column) -> Parsed:
        return parse_person(raw)

    def checker(self, col: Column, lo: Any, hi: Any, empty: Callable[[], Any]) -> Check:
        limit = col.max_length or 30

        def check_person(raw: Any) -> Any:
            if raw == "":
                return empty()
            if type(raw) is not str or len(raw) > limit or not _clean(raw):
                return SLOW
            if " " in raw or any(ch.isdigit() for ch in raw):
                return SLOW
            return raw

        return check_person

    def batch(self, col: Column, lo: Any, hi: Any, one: Check) -> Batch | None:
        # letters only: no digits, no spaces (names with · take the general path)
        blank = col.blank if col.blank is not None else (SLOW if col.required else None)
        limit = col.max_length or 30
        return lambda values: [
            v
            if (v.__class__ is str and v.isalpha() and len(v) <= limit)
            else (blank if v == "" else one(v))
            for v in values
        ]


class ChoiceType(ColumnType):
    """enum (the column's `values`) and yesno (是 / 否)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def parse(self, raw: Any, col: Column) -> Parsed:
        return parse_yesno(raw) if self.name == "yesno" else parse_enum(raw, col.choices)

    def checker(self, col: Column, lo: Any, hi: Any, empty: Callable[[], Any]) -> Check:
        choices = frozenset(col.choices)

        def check_choice(raw: Any) -> Any:
            if raw == "":
                return empty()
            return raw if raw in choices else SLOW

        return check_choice

    def batch(self, col: Column, lo: Any, hi: Any, one: Check) -> Batch | None:
        choices = frozenset(col.choices)
        if col.required:
            return lambda values: [v if v in choices else SLOW for v in values]
        if col.blank is None:
            return lambda values: [
                v if v in choices else (None if v == "" else SLOW) for v in values
            ]
        return None

    def validation(self, col: Column, year: int, lo: Any, hi: Any) -> ValidationSpec | None:
        from fedxl.i18n import get_lang, t

        sep = "、" if get_lang() == "zh" else ", "
        return ValidationSpec(
            "list",
            values=col.choices,
            prompt=t("blank.prompt.enum"),
            error=t("blank.error.enum", values=sep.join(col.choices)),
        )


class NumberType(ColumnType):
    """int, money (yuan, two decimals) and number."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sql_type = "INTEGER" if name == "int" else "REAL"

    def to_pandas(self, series: Any) -> Any:
        import pandas as pd

        return pd.to_numeric(series, errors="coerce").astype(
            "Int64" if self.name == "int" else "float64"
        )

    def parse(self, raw: Any, col: Column) -> Parsed:
        return parse_number(raw, self.name)

    def checker(self, col: Column, lo: Any, hi: Any, empty: Callable[[], Any]) -> Check:
        kind = self.name

        def check_number(raw: Any) -> Any:
            if raw == "":
                return empty()
            if type(raw) is float:
                if kind == "int":
                    if not raw.is_integer():
                        return SLOW
                    value: Any = int(raw)
                elif kind == "money":
                    if round(raw, 2) != raw:
                        return SLOW
                    value = raw
                else:
                    value = int(raw) if raw.is_integer() else raw
            elif type(raw) is int:
                value = float(raw) if kind == "money" else raw
            else:
                return SLOW
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                return SLOW
            return value

        return check_number

    def batch(self, col: Column, lo: Any, hi: Any, one: Check) -> Batch | None:
        if self.name != "int" or not col.required or (col.min is None and col.max is None):
            return None
        lo_v = -float("inf") if lo is None else lo
        hi_v = float("inf") if hi is None else hi
        return lambda values: [
            int(v) if (v.__class__ is float and v.is_integer() and lo_v <= v <= hi_v) else one(v)
            for v in values
        ]

    def validation(self, col: Column, year: int, lo: Any, hi: Any) -> ValidationSpec | None:
        from fedxl.i18n import t

        kind = "whole" if self.name == "int" else "decimal"
        prompt = t(
            "blank.prompt.int" if self.name == "int" else "blank.prompt.decimal",
            bounds=_bounds_note(col),
        )
        if col.min is None and col.max is None:
            return _spec(kind, "between", "-999999999", "999999999", prompt)
        low, high = _whole(col.min), _whole(col.max)
        if low is not None and high is not None:
            return _spec(kind, "between", str(low), str(high), prompt)
        if low is not None:
            return _spec(kind, "greaterThanOrEqual", str(low), None, prompt)
        return _spec(kind, "lessThanOrEqual", str(high), None, prompt)


def _whole(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


class DateType(ColumnType):
    name = "date"
    is_date = True

    def to_pandas(self, series: Any) -> Any:
        return series.map(lambda v: v if isinstance(v, dt.date) else None).astype("object")

    def parse(self, raw: Any, col: Column) -> Parsed:
        return parse_date(raw)

    def checker(self, col: Column, lo: Any, hi: Any, empty: Callable[[], Any]) -> Check:
        def check_date(raw: Any) -> Any:
            if raw == "":
                return empty()
            if type(raw) is not dt.date:
                return SLOW
            if (lo is not None and raw < lo) or (hi is not None and raw > hi):
                return SLOW
            return raw

        return check_date

    def batch(self, col: Column, lo: Any, hi: Any, one: Check) -> Batch | None:
        if not col.required:
            return None
        lo_d = dt.date.min if lo is None else lo
        hi_d = dt.date.max if hi is None else hi
        return lambda values: [
            v if (v.__class__ is dt.date and lo_d <= v <= hi_d) else SLOW for v in values
        ]

    def validation(self, col: Column, year: int, lo: Any, hi: Any) -> ValidationSpec | None:
        from fedxl.form.model import resolve_bound
        from fedxl.i18n import t

        first = resolve_bound(col.min, year) or dt.date(1900, 1, 1)
        last = resolve_bound(col.max, year) or dt.date(year, 12, 31)
        assert isinstance(first, dt.date) and isinstance(last, dt.date)
        prompt = t("blank.prompt.date", example=f"{year}-03-05", bounds=_bounds_note(col))
        return _spec("date", "between", str(excel_serial(first)), str(excel_serial(last)), prompt)


class MonthType(ColumnType):
    name = "month"

    def parse(self, raw: Any, col: Column) -> Parsed:
        return parse_month(raw)

    def outside(self, value: Any, lo: Any, hi: Any) -> bool:
        """A month is inside when any of its days is: compared by its first day."""
        first = Month.of(value).first_day
        return bool(
            (isinstance(lo, dt.date) and first < lo.replace(day=1))
            or (isinstance(hi, dt.date) and first > hi)
        )

    def validation(self, col: Column, year: int, lo: Any, hi: Any) -> ValidationSpec | None:
        from fedxl.i18n import t

        prompt = t("blank.prompt.month", example=f"{year}-06")
        return ValidationSpec(
            "list",
            values=tuple(f"{year}-{m:02d}" for m in range(1, 13)),
            prompt=prompt,
            error=t("blank.error.generic", prompt=prompt),
        )


class PhoneType(ColumnType):
    name = "phone"

    def parse(self, raw: Any, col: Column) -> Parsed:
        return parse_phone(raw)

    def checker(self, col: Column, lo: Any, hi: Any, empty: Callable[[], Any]) -> Check:
        def check_phone(raw: Any) -> Any:
            if raw == "":
                return empty()
            return raw if type(raw) is str and _MOBILE.fullmatch(raw) else SLOW

        return check_phone

    def validation(self, col: Column, year: int, lo: Any, hi: Any) -> ValidationSpec | None:
        from fedxl.i18n import t

        return _spec("textLength", "lessThanOrEqual", "60", None, t("blank.prompt.phone"))


class UsccType(ColumnType):
    name = "uscc"

    def parse(self, raw: Any, col: Column) -> Parsed:
        return parse_uscc(raw)

    def checker(self, col: Column, lo: Any, hi: Any, empty: Callable[[], Any]) -> Check:
        def check_uscc(raw: Any) -> Any:
            if raw == "":
                return empty()
            if (
                type(raw) is str
                and len(raw) == 18
                and raw.isalnum()
                and raw.isascii()
                and all(ch in _USCC_SET for ch in raw)
                and uscc_check_char(raw[:17]) == raw[17]
            ):
                return raw
            return SLOW

        return check_uscc

    def validation(self, col: Column, year: int, lo: Any, hi: Any) -> ValidationSpec | None:
        from fedxl.i18n import t

        return _spec("textLength", "equal", "18", None, t("blank.prompt.uscc"))


TYPES: dict[str, ColumnType] = {
    t.name: t
    for t in (
        TextType(),
        PersonType(),
        ChoiceType("enum"),
        ChoiceType("yesno"),
        NumberType("int"),
        NumberType("money"),
        NumberType("number"),
        DateType(),
        MonthType(),
        PhoneType(),
        UsccType(),
    )
}


def column_type(col: Column) -> ColumnType:
    return TYPES[col.type]
