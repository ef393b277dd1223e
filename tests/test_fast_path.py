"""The batch fast path never decides anything the full cell check would decide differently."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fedxl.checking.cells import Period, check_cell
from fedxl.checking.fast import SLOW, fast_column
from fedxl.form import load_form

FORM = load_form(Path(__file__).resolve().parents[1] / "templates" / "form.toml")
COLUMNS = [col for sheet in FORM.tables for col in sheet.columns if not col.ignore]
PERIOD = Period(2026, 6)

_text = st.text(alphabet=st.sampled_from(list("妇联张王李·阿 \u3000\t\n0123456789²ABCX-_.")), max_size=24)
_values = st.one_of(
    st.just(""), _text, st.integers(-10, 10**6), st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31)),
    st.sampled_from(["是", "否", "区妇联主席", "企业", "91110108MA01ABCD1X", "13812345678", "王小红", "阿依古丽·买买提"]),
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
