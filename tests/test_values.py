"""Value repairs: property tests for dates, numbers, phones and yes/no, plus the named examples."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fedxl.form.values import (
    parse_date,
    parse_month,
    parse_number,
    parse_person,
    parse_phone,
    parse_uscc,
    parse_yesno,
    uscc_check_char,
)

FULL = {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))


@given(
    dates,
    st.sampled_from(
        [
            "{y}/{m}/{d}",
            "{y}.{m}.{d}",
            "{y}年{m}月{d}日",
            "{y}{m:02d}{d:02d}",
            "{y}-{m:02d}-{d:02d}",
            "{y}-{m}-{d}",
            " {y}/{m:02d}/{d:02d} ",
        ]
    ),
    st.booleans(),
)
def test_date_spellings(day: dt.date, spelling: str, full_width: bool) -> None:
    text = spelling.format(y=day.year, m=day.month, d=day.day)
    if full_width:
        text = text.translate(FULL)
    assert parse_date(text).value == day


@given(dates)
def test_dates_as_excel_values(day: dt.date) -> None:
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(serial).value == day
    assert parse_date(float(serial)).value == day
    assert parse_date(dt.datetime.combine(day, dt.time())).value == day
    assert parse_date(day).value == day and not parse_date(day).changed


@given(st.integers(min_value=2000, max_value=2099), st.integers(min_value=1, max_value=12))
def test_month_spellings(year: int, month: int) -> None:
    want = f"{year}-{month:02d}"
    for text in (
        want,
        f"{year}/{month}",
        f"{year}年{month}月",
        f"{year}{month:02d}",
        f"{year}.{month:02d}",
    ):
        assert parse_month(text).value == want
    assert parse_month(dt.date(year, month, 1)).value == want


def test_ambiguous_month_is_not_guessed() -> None:
    assert parse_month(2026.1).error == "type"  # January or October?
    assert parse_month(2026.06).value == "2026-06"


@given(
    st.integers(min_value=0, max_value=10**7),
    st.sampled_from(["{n}", "{n}人", "{n:,}", "{n:,}元", " {n} "]),
    st.booleans(),
)
def test_whole_numbers(n: int, spelling: str, full_width: bool) -> None:
    text = spelling.format(n=n)
    if full_width:
        text = text.translate(FULL)
    assert parse_number(text, "int").value == n
    assert parse_number(float(n), "int").value == n


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
def test_money(amount) -> None:  # type: ignore[no-untyped-def]
    value = float(amount)
    assert parse_number(f"{value:,.2f}元", "money").value == pytest.approx(value)
    assert parse_number(f"{value / 10000:.6f}万元", "money").value == pytest.approx(value, abs=0.01)


def test_numbers_are_not_guessed() -> None:
    for bad in ("约12人", "12-15", "十二", "1.2.3", True):
        assert parse_number(bad, "int").error == "type"
    assert parse_number(12.5, "int").error == "type"


mobiles = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)


@given(mobiles, st.sampled_from(["{p}", "{a}-{b}-{c}", "{a} {b} {c}", "+86 {p}", " {p} "]))
def test_mobile_spellings(phone: str, spelling: str) -> None:
    text = spelling.format(p=phone, a=phone[:3], b=phone[3:7], c=phone[7:])
    assert parse_phone(text).value == phone
    assert parse_phone(float(phone)).value == phone
    assert parse_phone(int(phone)).value == phone


@given(st.lists(mobiles, min_size=2, max_size=3), st.sampled_from(["、", "/", ",", "；", " / "]))
def test_several_phones(phones: list[str], sep: str) -> None:
    assert parse_phone(sep.join(phones)).value == "、".join(phones)


def test_landlines_and_bad_phones() -> None:
    assert parse_phone("0415-1234567").value == "0415-1234567"
    assert parse_phone("041512345678").value == "0415-12345678"
    assert parse_phone("010-12345678").value == "010-12345678"
    for bad in ("1391234", "12345678901", "电话", "139123456789"):
        assert parse_phone(bad).error == "pattern"


@given(st.sampled_from(["是", "有", "√", "Y", "y", "yes", "1", "TRUE", 1, True, "是 "]))
def test_yes(value: object) -> None:
    assert parse_yesno(value).value == "是"


@given(st.sampled_from(["否", "无", "×", "N", "no", "0", "FALSE", 0, False, "x"]))
def test_no(value: object) -> None:
    assert parse_yesno(value).value == "否"


def test_names_are_unpadded() -> None:
    assert parse_person("张　三").value == "张三"
    assert parse_person(" 李 丽 ").value == "李丽"
    assert parse_person("阿依古丽·买买提").value == "阿依古丽·买买提"
    assert parse_person("13800001111").error == "type"


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17))
def test_uscc_check_digit(body: str) -> None:
    good = body + uscc_check_char(body)
    assert parse_uscc(good).value == good and parse_uscc(good).error is None
    assert parse_uscc(good.lower()).value == good
    wrong = body + ("0" if good[-1] != "0" else "1")
    assert parse_uscc(wrong).error == "checksum"


def test_uscc_known_code_and_precision() -> None:
    assert parse_uscc("91350100M000100Y43").error is None  # a published example
    assert parse_uscc(9.1210603e17).error == "precision-lost"
    assert parse_uscc("9.1210603E+17").error == "precision-lost"
    assert parse_uscc("12345").error == "pattern"
