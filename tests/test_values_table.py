"""Every repair rule of fedxl.form.values as a table: what a town types, what fedxl keeps, whether
it says it repaired it, and the finding when it cannot. Each row holds one decision (a boundary,
a spelling, a kind of cell), so changing any one of them fails a row (bench/mutation.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fedxl.form.values import (
    EMPTY,
    Parsed,
    as_text,
    clean_text,
    enum_key,
    is_empty,
    parse_date,
    parse_enum,
    parse_month,
    parse_number,
    parse_person,
    parse_phone,
    parse_text,
    parse_uscc,
    parse_yesno,
    serial_to_date,
    without_controls,
)

D = dt.date


def _expect(got: Parsed, value: Any, changed: bool | None, error: str | None) -> None:
    assert (got.value, got.error) == (value, error)
    if changed is not None:
        assert got.changed is changed
    assert type(got.value) is type(value)  # 3 stays an int, a date is not a datetime


@pytest.mark.parametrize(
    ("raw", "value", "changed", "error"),
    [
        (None, None, False, None),
        ("", None, False, None),
        ("  ", None, False, None),
        (dt.datetime(2026, 3, 5), D(2026, 3, 5), False, None),
        (dt.datetime(2026, 3, 5, 10, 30), D(2026, 3, 5), True, None),  # the time is dropped
        (D(2026, 3, 5), D(2026, 3, 5), False, None),
        (True, None, False, "type"),
        (20260305, D(2026, 3, 5), True, None),  # typed without separators, kept as a number
        (20260305.0, D(2026, 3, 5), True, None),
        (19000101, D(1900, 1, 1), True, None),  # the first and last compact numbers
        (29991231, D(2999, 12, 31), True, None),
        (29991232, None, False, "type"),  # above: neither a compact day nor a serial
        (20261340, None, False, "type"),  # compact but no such day
        (46086, D(2026, 3, 5), True, None),  # an Excel serial
        (46086.75, D(2026, 3, 5), True, None),
        (1, D(1899, 12, 31), True, None),  # the first serial
        (0, None, False, "type"),
        (2958465, D(9999, 12, 31), True, None),  # the last serial
        (2958466, None, False, "type"),
        ("2026/3/5", D(2026, 3, 5), True, None),
        ("2026.03.05", D(2026, 3, 5), True, None),
        ("2026年3月5日", D(2026, 3, 5), True, None),
        ("2026年3月5号", D(2026, 3, 5), True, None),
        ("2026-03-05", D(2026, 3, 5), True, None),  # text that says a date becomes a date
        ("２０２６/３/５", D(2026, 3, 5), True, None),
        ("2026/3/5 10:30", D(2026, 3, 5), True, None),
        ("20260305", D(2026, 3, 5), True, None),
        ("2026-02-30", None, False, "type"),
        ("20260230", None, False, "type"),
        ("46086", D(2026, 3, 5), True, None),  # a serial pasted as text
        ("46086.25", D(2026, 3, 5), True, None),
        ("32874", D(1990, 1, 1), True, None),  # serial text only from 1990 to 2100
        ("32873", None, False, "type"),
        ("73415", D(2100, 12, 31), True, None),
        ("73416", None, False, "type"),
        ("4608", None, False, "type"),
        ("三月五日", None, False, "type"),
        ([2026, 3, 5], None, False, "type"),
    ],
)
def test_dates(raw: Any, value: Any, changed: bool, error: str | None) -> None:
    _expect(parse_date(raw), value, changed, error)


@pytest.mark.parametrize(
    ("raw", "value", "changed", "error"),
    [
        (None, None, False, None),
        (D(2026, 6, 15), "2026-06", True, None),
        (dt.datetime(2026, 6, 15, 8), "2026-06", True, None),
        (True, None, False, "type"),
        (2026.1, None, False, "type"),  # January or October: not guessed
        (2026.12, "2026-12", True, None),
        (202606, "2026-06", True, None),
        (46188, "2026-06", True, None),  # a serial
        (12345.5, None, False, "type"),
        ("2026-06", "2026-06", False, None),
        ("2026/6", "2026-06", True, None),
        ("2026年6月", "2026-06", True, None),
        ("２０２６年６月", "2026-06", True, None),
        ("2026-06-15", "2026-06", True, None),
        ("2026年6月15日", "2026-06", True, None),
        ("2026-02-30", None, False, "type"),
        ("六月", None, False, "type"),
    ],
)
def test_months(raw: Any, value: Any, changed: bool, error: str | None) -> None:
    _expect(parse_month(raw), value, changed, error)


@pytest.mark.parametrize(
    ("raw", "kind", "value", "changed", "error"),
    [
        (None, "int", None, False, None),
        (12, "int", 12, False, None),
        (12.0, "int", 12, False, None),
        (12.5, "int", None, False, "type"),
        (3.0000000001, "int", 3, False, None),  # a float's last digits are not a fraction
        ("12人", "int", 12, True, None),
        ("１２", "int", 12, True, None),
        ("1,200", "int", 1200, True, None),
        ("1 200", "int", 1200, True, None),  # a thousands space
        ("12KG", "int", 12, True, None),  # a unit in capitals
        ("-5", "int", -5, True, None),
        ("12abc", "int", 12, True, None),  # a unit of letters, at most three
        ("12abcd", "int", None, False, "type"),
        ("12五个汉字单", "int", None, False, "type"),
        ("12人次", "int", 12, True, None),
        (True, "int", None, False, "type"),
        ("abc", "int", None, False, "type"),
        ([12], "int", None, False, "type"),
        ("1,200元", "money", 1200.0, True, None),
        ("0.5万元", "money", 5000.0, True, None),
        ("RMB100", "money", 100.0, True, None),
        ("¥100", "money", 100.0, True, None),
        (1.25, "money", 1.25, False, None),
        (1.256, "money", 1.26, True, None),  # rounded to fen, said
        (3, "money", 3.0, False, None),
        (3.0, "number", 3, False, None),
        (3.5, "number", 3.5, False, None),
        (".5", "number", 0.5, True, None),
        ("2万", "number", 20000, True, None),
    ],
)
def test_numbers(raw: Any, kind: str, value: Any, changed: bool, error: str | None) -> None:
    _expect(parse_number(raw, kind), value, changed, error)


@pytest.mark.parametrize(
    ("raw", "value", "changed", "error"),
    [
        (None, None, False, None),
        (True, "是", True, None),
        (False, "否", True, None),
        (1, "是", True, None),
        (0, "否", True, None),
        (1.0, "是", True, None),
        (2, None, False, "type"),
        ("是", "是", False, None),
        (" 是 ", "是", True, None),
        ("Y", "是", True, None),
        ("yes", "是", True, None),
        ("√", "是", True, None),
        ("有", "是", True, None),
        ("否", "否", False, None),
        ("no", "否", True, None),
        ("没有", "否", True, None),
        ("×", "否", True, None),
        ("也许", None, False, "type"),
    ],
)
def test_yes_no(raw: Any, value: Any, changed: bool, error: str | None) -> None:
    _expect(parse_yesno(raw), value, changed, error)


@pytest.mark.parametrize(
    ("raw", "value", "changed", "error"),
    [
        (None, None, False, None),
        ("13812345678", "13812345678", False, None),
        (13812345678, "13812345678", True, None),  # stored as a number
        (13812345678.0, "13812345678", True, None),
        (13812345678.5, None, False, "pattern"),
        (12345, None, False, "pattern"),  # a whole number that is no phone
        (True, None, False, "pattern"),
        ("138-1234-5678", "13812345678", True, None),
        ("138 1234 5678", "13812345678", True, None),
        ("+8613812345678", "13812345678", True, None),
        ("8613812345678", "13812345678", True, None),
        ("8687654321", None, False, "pattern"),  # 86 is taken off a mobile's 13 digits only
        ("12812345678", None, False, "pattern"),  # no mobile starts 12
        ("010-12345678", "010-12345678", False, None),  # Beijing: a three-digit area code
        ("01012345678", "010-12345678", True, None),
        ("02012345678", "020-12345678", True, None),
        ("057187654321", "0571-87654321", True, None),  # others: four digits
        ("(0571)87654321", "0571-87654321", True, None),
        ("87654321", "87654321", False, None),  # a local number, seven or eight digits
        ("8765432", "8765432", False, None),
        ("1234567", None, False, "pattern"),
        ("876543", None, False, "pattern"),
        ("13812345678、13987654321", "13812345678、13987654321", False, None),
        ("13812345678,13987654321", "13812345678、13987654321", True, None),
        ("13812345678 13987654321", "13812345678、13987654321", True, None),
        ("13812345678/87654321", "13812345678、87654321", True, None),
        ("13812345678、abc", None, False, "pattern"),
        ("没有电话", None, False, "pattern"),
    ],
)
def test_phones(raw: Any, value: Any, changed: bool, error: str | None) -> None:
    _expect(parse_phone(raw), value, changed, error)


VALID = "91110108MA01ABCD1E"  # its check character computed by GB 32100-2015


@pytest.mark.parametrize(
    ("raw", "value", "changed", "error"),
    [
        (None, None, False, None),
        (VALID, VALID, False, None),
        (VALID.lower(), VALID, True, None),
        ("9111 0108-MA01 ABCD1E", VALID, True, None),
        (VALID[:17] + "F", VALID[:17] + "F", False, "checksum"),  # kept, and said
        (VALID[:17].lower() + "f", VALID[:17] + "F", True, "checksum"),
        (VALID[:17], None, False, "pattern"),
        (VALID + "1", None, False, "pattern"),
        ("91110108MA01ABCDIE", None, False, "pattern"),  # I is not a USCC character
        (9.1110108e17, None, False, "precision-lost"),  # a number: the last digits are gone
        (1e15, None, False, "precision-lost"),
        (12345, None, False, "pattern"),
        ("9.11101E+17", None, False, "precision-lost"),
        (True, None, False, "pattern"),
    ],
)
def test_credit_codes(raw: Any, value: Any, changed: bool, error: str | None) -> None:
    _expect(parse_uscc(raw), value, changed, error)


CHOICES = ("正常", "软弱涣散", "A类")


@pytest.mark.parametrize(
    ("raw", "value", "changed", "error"),
    [
        (None, None, False, None),
        ("正常", "正常", False, None),
        (" 正常 ", "正常", True, None),
        ("正 常", "正常", True, None),
        ("a类", "A类", True, None),
        ("Ａ类", "A类", True, None),
        ("其他", None, False, "enum"),
    ],
)
def test_choices(raw: Any, value: Any, changed: bool, error: str | None) -> None:
    _expect(parse_enum(raw, CHOICES), value, changed, error)


def test_a_number_cell_matches_a_choice_written_as_text() -> None:
    _expect(parse_enum(1, ("1", "2")), "1", True, None)
    assert enum_key(" Ａ 类 ") == "a类"


@pytest.mark.parametrize(
    ("raw", "value", "changed", "error"),
    [
        (None, None, False, None),
        ("张三", "张三", False, None),
        (" 张 三 ", "张三", True, None),  # a Chinese name has no spaces
        ("阿依•买买提", "阿依·买买提", True, None),
        ("John Smith", "John Smith", False, None),
        ("张三1", None, False, "type"),
        ("张" * 31, None, False, "type"),
        ("张" * 30, "张" * 30, False, None),
        (5, None, False, "type"),
    ],
)
def test_people(raw: Any, value: Any, changed: bool, error: str | None) -> None:
    _expect(parse_person(raw), value, changed, error)


@pytest.mark.parametrize(
    ("raw", "value", "changed"),
    [
        (" a ", "a", True),
        ("a", "a", False),
        ("a\u3000b", "a b", True),
        (5, "5", False),
        (3.0, "3", False),
        (D(2026, 3, 5), "2026-03-05", False),
    ],
)
def test_text(raw: Any, value: str, changed: bool) -> None:
    _expect(parse_text(raw), value, changed, None)
    assert parse_text(None) is EMPTY


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("a_x000B_b", "a\nb"),  # Excel's escape of a vertical tab: a line break
        ("a_x000C_b", "a\nb"),
        ("a_x000b_b", "a\nb"),
        ("a_x0007_b", "ab"),  # a bell: dropped
        ("a_x001F_b", "ab"),
        ("a_x0041_b", "a_x0041_b"),  # not a control character's escape
        ("a_x00ZZ_b", "a_x00ZZ_b"),
        ("a\x0bb\x0cc", "a\nb\nc"),
        ("a\x00b\x1fc\x7f", "abc"),
        pytest.param("a\ud800b", "ab", id="lone-surrogate"),
        ("a\tb\nc\r", "a\tb\nc\r"),  # tabs and line breaks stay
    ],
)
def test_control_characters(raw: str, text: str) -> None:
    assert without_controls(raw) == text


def test_clean_text_and_as_text() -> None:
    assert clean_text("\u3000 a\u00a0b\x00 ") == "a b"
    # a whole float shows as a whole number below 10^15, beyond that as Python writes it
    assert [as_text(v) for v in (True, False, 7, 3.0, 3.5, 999999999999999.0, 1e15, 1e16)] == [
        "TRUE",
        "FALSE",
        "7",
        "3",
        "3.5",
        "999999999999999",
        "1000000000000000.0",
        "1e+16",
    ]
    assert as_text(dt.datetime(2026, 3, 5)) == "2026-03-05"
    assert as_text(dt.datetime(2026, 3, 5, 10, 30)) == "2026-03-05 10:30:00"
    assert as_text(D(2026, 3, 5)) == "2026-03-05"
    assert as_text("a_x0007_b") == "ab"


@pytest.mark.parametrize(
    ("raw", "empty"),
    [
        (None, True),
        ("", True),
        ("   ", True),
        ("\u200b", True),
        ("\ufeff \u200c", True),  # in any order
        ("\u200b \u200b \u200b", True),
        (0, False),
        (False, False),
        ("a", False),
        (" a ", False),
    ],
)
def test_what_counts_as_empty(raw: Any, empty: bool) -> None:
    assert is_empty(raw) is empty


def test_serials() -> None:
    assert serial_to_date(1) == D(1899, 12, 31)
    assert serial_to_date(0.5) is None
    assert serial_to_date(2958465) == D(9999, 12, 31)
    assert serial_to_date(2958466) is None
    assert serial_to_date(46086.99) == D(2026, 3, 5)


@pytest.mark.parametrize(
    ("value", "risky"),
    [
        ("=SUM(A1)", True),
        ("+86 138", True),
        ("-5", True),
        ("@cmd", True),
        ("\tx", True),
        ("\rx", True),
        ("a=b", False),
        ("", False),
        (5, False),
        (None, False),
    ],
)
def test_text_that_a_spreadsheet_would_take_for_a_formula(value: Any, risky: bool) -> None:
    from fedxl.xlsx.safe import is_risky, put

    assert is_risky(value) is risky

    class Cell:
        value: Any = None
        data_type = "n"

    cell = put(Cell(), value)
    if isinstance(value, str) and value:
        assert (cell.value, cell.data_type) == (value, "s")  # text, never run
    else:
        assert cell.value == value
