"""The batch fast path never decides anything the full cell check would decide differently."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fedxl.checking.cells import Reported, check_cell
from fedxl.checking.fast import SLOW, fast_column
from fedxl.form import load_form

FORM = load_form(Path(__file__).resolve().parents[1] / "templates" / "form.toml")
COLUMNS = [col for sheet in FORM.tables for col in sheet.columns if not col.ignore]
PERIOD = Reported(2026, 6)

_text = st.text(
    alphabet=st.sampled_from(list("妇联张王李·阿 \u3000\t\n0123456789²ABCX-_.")), max_size=24
)
_values = st.one_of(
    st.just(""),
    _text,
    st.integers(-10, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31)),
    st.sampled_from(
        [
            "是",
            "否",
            "区妇联主席",
            "企业",
            "91110108MA01ABCD1X",
            "13812345678",
            "王小红",
            "阿依古丽·买买提",
        ]
    ),
)


@pytest.mark.parametrize("col", COLUMNS, ids=lambda c: c.name)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(_values, min_size=1, max_size=8))
def test_fast_values_equal_the_full_check(col, values) -> None:  # type: ignore[no-untyped-def]
    fast = fast_column(col, PERIOD)(values)
    assert len(fast) == len(values)
    for raw, got in zip(values, fast, strict=True):
        if got is SLOW:
            continue
        full = check_cell(col, raw, sheet="s", row0=2, col0=0, period=PERIOD)
        assert not full.findings and not full.bad, (col.name, raw)
        assert got == full.value and type(got) is type(full.value), (col.name, raw, got, full.value)


# --- per type, over random column specs (a user-edited form.toml is protected too) -----------

from fedxl.form import Column  # noqa: E402
from fedxl.form.model import TYPES  # noqa: E402
from fedxl.form.types import TYPES as TYPE_OBJECTS  # noqa: E402

_ENUM = ("甲", "乙", "正常", "软弱涣散")


@st.composite
def column_specs(draw: st.DrawFn, kind: str) -> Column:
    required = draw(st.booleans())
    values = _ENUM if kind == "enum" else ()
    choices = values or (("是", "否") if kind == "yesno" else ())
    blank = draw(st.sampled_from((None, *choices))) if choices and not required else None
    lo = hi = None
    if kind in ("int", "money", "number"):
        lo = draw(st.one_of(st.none(), st.integers(-5, 50)))
        hi = draw(st.one_of(st.none(), st.integers(60, 10**6)))
    elif kind == "date":
        lo = draw(st.sampled_from((None, "year-start", dt.date(1990, 1, 1))))
        hi = draw(st.sampled_from((None, "period-end", "year-end")))
    elif kind == "month":
        lo, hi = draw(st.sampled_from(((None, None), ("year-start", "year-end"))))
    max_length = (
        draw(st.one_of(st.none(), st.integers(1, 20))) if kind in ("text", "person") else None
    )
    return Column(
        name="列",
        type=kind,
        required=required,
        values=values,
        min=lo,
        max=hi,
        max_length=max_length,
        blank=blank,
    )


def test_every_type_has_one_home() -> None:
    assert set(TYPE_OBJECTS) == set(TYPES)


@pytest.mark.parametrize("kind", sorted(TYPES))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_path_agrees_for_random_columns_of_each_type(kind: str, data: st.DataObject) -> None:
    col = data.draw(column_specs(kind))
    values = data.draw(
        st.lists(
            st.one_of(_values, st.sampled_from(_ENUM), st.sampled_from(["2026-03", "2025-12"])),
            min_size=1,
            max_size=8,
        )
    )
    fast = fast_column(col, PERIOD)(values)
    for raw, got in zip(values, fast, strict=True):
        if got is SLOW:
            continue
        full = check_cell(col, raw, sheet="s", row0=2, col0=0, period=PERIOD)
        assert not full.findings and not full.bad, (col, raw)
        assert got == full.value and type(got) is type(full.value), (col, raw, got, full.value)


# --- the fast path is taken (a test above skips what it declines: it must decline little) -----


def test_a_clean_ledger_takes_the_fast_path() -> None:
    """Every value of a clean ledger, as the reader gives it, is decided by the fast path (and as
    the full check decides it); a value that needs repair is declined, and the full check
    repairs it."""
    from python_calamine import CalamineWorkbook

    name = "clean_plain.xlsx"  # headers as the form names them
    path = Path(__file__).resolve().parent / "data" / "submissions" / name
    book = CalamineWorkbook.from_path(str(path))
    decided = 0
    for sheet in FORM.tables:
        rows = book.get_sheet_by_name(sheet.name).to_python()
        head_at = next(i for i, r in enumerate(rows) if sheet.columns[1].name in r)
        head = rows[head_at]
        for col in sheet.columns:
            if col.ignore or col.name not in head:
                continue
            at = head.index(col.name)
            values = [r[at] for r in rows[head_at + 1 :] if any(v != "" for v in r)]
            fast = fast_column(col, PERIOD)(values)
            for raw, got in zip(values, fast, strict=True):
                assert got is not SLOW, (name, sheet.name, col.name, raw)
                full = check_cell(col, raw, sheet="s", row0=2, col0=0, period=PERIOD)
                assert got == full.value, (sheet.name, col.name, raw)
                decided += 1
    assert decided > 100
    messy = next(c for c in COLUMNS if c.type == "int")
    (verdict,) = fast_column(messy, PERIOD)(["１２"])
    assert verdict is SLOW
    repaired = check_cell(messy, "１２", sheet="s", row0=2, col0=0, period=PERIOD)
    assert repaired.value == 12 and [f.code for f in repaired.findings] == ["normalized"]


def test_the_fast_path_bounds_dates_by_the_reported_month() -> None:
    """活动日期 runs from the ledger year's start to the end of the month reported: a clean date
    inside is typed by the fast path (no full check); one after the month's end or before the
    year goes to the full check, in one value and in a column."""
    import datetime as dt
    from pathlib import Path

    from fedxl.checking.cells import Reported
    from fedxl.checking.fast import SLOW, fast_checker, fast_column
    from fedxl.form import load_form

    form = load_form(Path(__file__).resolve().parent.parent / "templates" / "form.toml")
    sheet = form.sheet("活动台账")
    assert sheet is not None
    col = sheet.column("活动日期")
    assert col is not None
    june = Reported(2026, 6)
    inside, after, before = dt.date(2026, 6, 15), dt.date(2026, 7, 15), dt.date(2025, 12, 31)
    one = fast_checker(col, june)
    assert one(inside) == inside and one(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert one(dt.date(2026, 6, 30)) == dt.date(2026, 6, 30)
    assert one(after) is SLOW and one(before) is SLOW
    assert fast_column(col, june)([inside, after, before]) == [inside, SLOW, SLOW]
    assert fast_checker(col, Reported(2026, 7))(after) == after  # July's ledger: in range
