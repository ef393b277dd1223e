"""Fast path for the common case: a clean value that needs no repair and raises no finding.

`fast_checker(col, period)` returns a function giving the typed value of a raw cell, or SLOW
when the full check (`check_cell`) must look at it. The fast path never decides anything the
full check would decide differently; it only skips work for values that are already right.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fedxl.checking.cells import Reported
from fedxl.form import Column, resolve_bound
from fedxl.form.types import SLOW, column_type

__all__ = ["SLOW", "fast_checker", "fast_column"]


def fast_checker(col: Column, period: Reported) -> Callable[[Any], Any]:
    """The column type's check of one clean value (see form/types.py)."""
    lo = resolve_bound(col.min, period.year, period.month)
    hi = resolve_bound(col.max, period.year, period.month)

    def empty() -> Any:
        if col.blank is not None:
            return col.blank
        return SLOW if col.required else None

    return column_type(col).checker(col, lo, hi, empty)


def fast_column(col: Column, period: Reported) -> Callable[[list[Any]], list[Any]]:
    """Batch form of fast_checker for one column's values (the type's inlined loop when it has one)
    ."""
    one = fast_checker(col, period)
    lo = resolve_bound(col.min, period.year, period.month)
    hi = resolve_bound(col.max, period.year, period.month)
    batch = column_type(col).batch(col, lo, hi, one)
    return batch if batch is not None else (lambda values: [one(v) for v in values])
