"""Fast path for the common case: a clean value that needs no repair and raises no finding.

`fast_checker(col, period)` returns a function giving the typed value of a raw cell, or SLOW
when the full check (`check_cell`) must look at it. The fast path never decides anything the
full check would decide differently; it only skips work for values that are already right.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from fedxl.checking.cells import Period
from fedxl.form import Column, resolve_bound
from fedxl.form.values import USCC_CHARS, uscc_check_char

SLOW = object()
USCC_SET = frozenset(USCC_CHARS)
_MOBILE = re.compile(r"1[3-9]\d{9}")


def _clean(raw: str) -> bool:
    return raw.isprintable() and raw[0] != " " and raw[-1] != " " and "  " not in raw


def fast_checker(col: Column, period: Period) -> Callable[[Any], Any]:
    lo = resolve_bound(col.min, period.year, period.month)
    hi = resolve_bound(col.max, period.year, period.month)
    kind = col.type

    def empty() -> Any:
        if col.blank is not None:
            return col.blank
        return SLOW if col.required else None

    if kind in ("enum", "yesno"):
        choices = frozenset(col.choices)

        def check_choice(raw: Any) -> Any:
            if raw == "":
                return empty()
            return raw if raw in choices else SLOW
        return check_choice
    if kind in ("text", "person"):
        limit = col.max_length or (30 if kind == "person" else 10**9)
        person = kind == "person"

        def check_text(raw: Any) -> Any:
            if raw == "":
                return empty()
            if type(raw) is not str or len(raw) > limit or not _clean(raw):
                return SLOW
            if person and (" " in raw or any(ch.isdigit() for ch in raw)):
                return SLOW
            return raw
        return check_text
    if kind in ("int", "money", "number"):
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
            if (lo is not None and value < lo) or (hi is not None and value > hi):  # type: ignore[operator]
                return SLOW
            return value
        return check_number
    if kind == "date":
        def check_date(raw: Any) -> Any:
            if raw == "":
                return empty()
            if type(raw) is not dt.date:
                return SLOW
            if (lo is not None and raw < lo) or (hi is not None and raw > hi):  # type: ignore[operator]
                return SLOW
            return raw
        return check_date
    if kind == "phone":
        def check_phone(raw: Any) -> Any:
            if raw == "":
                return empty()
            return raw if type(raw) is str and _MOBILE.fullmatch(raw) else SLOW
        return check_phone

    if kind == "uscc":
        def check_uscc(raw: Any) -> Any:
            if raw == "":
                return empty()
            if type(raw) is str and len(raw) == 18 and raw.isalnum() and raw.isascii() \
                    and all(ch in USCC_SET for ch in raw) and uscc_check_char(raw[:17]) == raw[17]:
                return raw
            return SLOW
        return check_uscc

    def check_other(raw: Any) -> Any:
        return empty() if raw == "" else SLOW
    return check_other


def fast_column(col: Column, period: Period) -> Callable[[list[Any]], list[Any]]:
    """Batch form of fast_checker for one column's values (loops inlined for common types)."""
    one = fast_checker(col, period)
    kind = col.type
    if kind in ("enum", "yesno") and not col.required and col.blank is None:
        choices = frozenset(col.choices)
        return lambda values: [v if v in choices else (None if v == "" else SLOW) for v in values]
    if kind in ("enum", "yesno") and col.required:
        choices = frozenset(col.choices)
        return lambda values: [v if v in choices else SLOW for v in values]
    blank = col.blank if col.blank is not None else (SLOW if col.required else None)  # for ""
    if kind == "text" and col.max_length:
        limit = col.max_length
        return lambda values: [
            v if (v.__class__ is str and v and len(v) <= limit and v.isprintable() and v[0] != " "
                  and v[-1] != " " and "  " not in v) else (blank if v == "" else one(v))
            for v in values]
    if kind == "text":
        return lambda values: [
            v if (v.__class__ is str and v and v.isprintable() and v[0] != " " and v[-1] != " "
                  and "  " not in v) else (blank if v == "" else one(v))
            for v in values]
    if kind == "person":  # letters only: no digits, no spaces (names with · take the general path)
        limit = col.max_length or 30
        return lambda values: [v if (v.__class__ is str and v.isalpha() and len(v) <= limit)
                               else (blank if v == "" else one(v)) for v in values]
    if kind == "int" and col.required and not (col.min is None and col.max is None):
        lo = resolve_bound(col.min, period.year, period.month)
        hi = resolve_bound(col.max, period.year, period.month)
        lo_v = -float("inf") if lo is None else lo
        hi_v = float("inf") if hi is None else hi
        return lambda values: [
            int(v) if (v.__class__ is float and v.is_integer() and lo_v <= v <= hi_v) else one(v)  # type: ignore[operator]
            for v in values]
    if kind == "date" and col.required:
        lo = resolve_bound(col.min, period.year, period.month)
        hi = resolve_bound(col.max, period.year, period.month)
        lo_d = dt.date.min if lo is None else lo
        hi_d = dt.date.max if hi is None else hi
        return lambda values: [
            v if (v.__class__ is dt.date and lo_d <= v <= hi_d) else SLOW  # type: ignore[operator]
            for v in values]
    return lambda values: [one(v) for v in values]
