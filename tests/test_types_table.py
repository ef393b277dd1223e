"""Each column type of fedxl.form.types as a table: the Excel validation a blank ledger carries,
how pandas holds its values, when a value is outside its bounds, and the fast path's answers
(a clean value typed, anything else SLOW for the full check). bench/mutation.md scores it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fedxl.form.model import Column
from fedxl.form.types import SLOW, TYPES, ValidationSpec, column_type, excel_serial
from fedxl.i18n import t

D = dt.date


def _validation(col: Column, year: int = 2026) -> ValidationSpec | None:
    return column_type(col).validation(col, year, None, None)


def _shape(spec: ValidationSpec | None) -> tuple[Any, ...] | None:
    if spec is None:
        return None
    return (spec.kind, spec.operator, spec.formula1, spec.formula2, spec.values)


@pytest.mark.parametrize(
    ("col", "shape"),
    [
        (Column("a", "text"), None),
        (Column("a", "text", max_length=50), ("textLength", "lessThanOrEqual", "50", None, ())),
        (Column("a", "person"), None),
        (Column("a", "int"), ("whole", "between", "-999999999", "999999999", ())),
        (Column("a", "int", min=0), ("whole", "greaterThanOrEqual", "0", None, ())),
        (Column("a", "int", max=100), ("whole", "lessThanOrEqual", "100", None, ())),
        (Column("a", "int", min=1, max=100), ("whole", "between", "1", "100", ())),
        (Column("a", "money", min=0.0), ("decimal", "greaterThanOrEqual", "0", None, ())),
        (Column("a", "money", min=0.5), ("decimal", "greaterThanOrEqual", "0.5", None, ())),
        (Column("a", "number", min=0, max=2.5), ("decimal", "between", "0", "2.5", ())),
        (
            Column("a", "date"),
            (
                "date",
                "between",
                str(excel_serial(D(1900, 1, 1))),
                str(excel_serial(D(2026, 12, 31))),
                (),
            ),
        ),
        (
            Column("a", "date", min="year-start", max="period-end"),
            (
                "date",
                "between",
                str(excel_serial(D(2026, 1, 1))),
                str(excel_serial(D(2026, 12, 31))),
                (),
            ),
        ),
        (
            Column("a", "date", min=D(2020, 5, 1), max="year-end"),
            (
                "date",
                "between",
                str(excel_serial(D(2020, 5, 1))),
                str(excel_serial(D(2026, 12, 31))),
                (),
            ),
        ),
        (
            Column("a", "month"),
            ("list", None, None, None, tuple(f"2026-{m:02d}" for m in range(1, 13))),
        ),
        (Column("a", "phone"), ("textLength", "lessThanOrEqual", "60", None, ())),
        (Column("a", "uscc"), ("textLength", "equal", "18", None, ())),
        (Column("a", "enum", values=("甲", "乙")), ("list", None, None, None, ("甲", "乙"))),
        (Column("a", "yesno"), ("list", None, None, None, ("是", "否"))),
    ],
    ids=lambda v: (
        v.type + ("+" if (v.min, v.max, v.max_length) != (None, None, None) else "")
        if isinstance(v, Column)
        else ""
    ),
)
def test_the_validation_of_a_blank_ledgers_column(
    col: Column, shape: tuple[Any, ...] | None
) -> None:
    spec = _validation(col)
    assert _shape(spec) == shape
    if spec is not None:
        assert spec.prompt and spec.error  # each says what to type


def test_validation_prompts_name_their_message_and_bounds() -> None:
    spec = _validation(Column("a", "int", min=1, max=100))
    assert spec is not None
    bounds = t("blank.bounds", text=t("blank.between", lo="1", hi="100"))
    assert spec.prompt == t("blank.prompt.int", bounds=bounds)
    assert spec.error == t("blank.error.generic", prompt=spec.prompt)
    money = _validation(Column("a", "money"))
    assert money is not None and money.prompt == t("blank.prompt.decimal", bounds="")
    day = _validation(Column("a", "date"), year=2027)
    assert day is not None and day.prompt == t("blank.prompt.date", example="2027-03-05", bounds="")
    assert day.formula2 == str(excel_serial(D(2027, 12, 31)))
    month = _validation(Column("a", "month"), year=2027)
    assert month is not None and month.values[0] == "2027-01"
    assert month.prompt == t("blank.prompt.month", example="2027-06")
    assert month.error == t("blank.error.generic", prompt=month.prompt)
    text = _validation(Column("a", "text", max_length=50))
    assert text is not None and text.prompt == t("blank.prompt.text", n=50)
    choice = _validation(Column("a", "enum", values=("甲", "乙")))
    assert choice is not None and choice.prompt == t("blank.prompt.enum")
    assert choice.error == t("blank.error.enum", values="甲、乙")
    assert _validation(Column("a", "phone")).prompt == t("blank.prompt.phone")  # type: ignore[union-attr]
    assert _validation(Column("a", "uscc")).prompt == t("blank.prompt.uscc")  # type: ignore[union-attr]


def test_how_pandas_holds_each_type() -> None:
    pd = pytest.importorskip("pandas")
    raw = pd.Series([3, None, "x"], dtype="object")
    ints = TYPES["int"].to_pandas(raw)
    assert (
        str(ints.dtype) == "Int64"
        and ints.iloc[0] == 3
        and ints.isna().tolist() == [False, True, True]
    )
    money = TYPES["money"].to_pandas(pd.Series([1.5, None], dtype="object"))
    assert str(money.dtype) == "float64" and money.iloc[0] == 1.5
    days = TYPES["date"].to_pandas(pd.Series([D(2026, 3, 5), "2026-03-05", None], dtype="object"))
    assert str(days.dtype) == "object" and days.tolist() == [D(2026, 3, 5), None, None]
    text = TYPES["text"].to_pandas(pd.Series(["a", 1], dtype="object"))
    assert str(text.dtype) == "object" and text.tolist() == ["a", 1]
    assert (TYPES["int"].sql_type, TYPES["money"].sql_type, TYPES["number"].sql_type) == (
        "INTEGER",
        "REAL",
        "REAL",
    )
    assert TYPES["text"].sql_type == "TEXT" and TYPES["date"].is_date and not TYPES["month"].is_date


@pytest.mark.parametrize(
    ("type_", "value", "lo", "hi", "outside"),
    [
        ("int", 5, 1, 10, False),
        ("int", 1, 1, 10, False),
        ("int", 10, 1, 10, False),
        ("int", 0, 1, 10, True),
        ("int", 11, 1, 10, True),
        ("int", 11, None, None, False),
        ("int", 0, 1, None, True),
        ("int", 11, None, 10, True),
        ("text", "x", 1, 10, False),  # text has no bounds
        ("int", D(2026, 1, 1), 1, 10, False),  # not comparable: not said to be outside
        ("date", D(2026, 3, 5), D(2026, 1, 1), D(2026, 6, 30), False),
        ("date", D(2025, 12, 31), D(2026, 1, 1), D(2026, 6, 30), True),
        ("month", "2026-06", D(2026, 6, 15), D(2026, 6, 30), False),  # any day of it inside
        ("month", "2026-05", D(2026, 6, 15), D(2026, 6, 30), True),
        ("month", "2026-07", D(2026, 6, 15), D(2026, 6, 30), True),
        ("month", "2026-06", D(2026, 1, 1), D(2026, 6, 1), False),
        ("month", "2026-06", None, None, False),
        ("month", "2026-06", "year-start", None, False),  # unresolved: not a date
    ],
)
def test_outside_the_bounds(type_: str, value: Any, lo: Any, hi: Any, outside: bool) -> None:
    assert TYPES[type_].outside(value, lo, hi) is outside


def _fast(col: Column, raws: list[Any], lo: Any = None, hi: Any = None) -> list[Any]:
    ctype = column_type(col)

    def empty() -> Any:  # as the check does: the column's default, else the full check or None
        if col.blank is not None:
            return col.blank
        return SLOW if col.required else None

    one = ctype.checker(col, lo, hi, empty)
    batch = ctype.batch(col, lo, hi, one)
    singles = [one(v) for v in raws]
    if batch is not None:
        assert batch(raws) == singles  # the inlined loop answers as the single check
    return singles


S = SLOW


@pytest.mark.parametrize(
    ("col", "lo", "hi", "raws", "typed"),
    [
        (
            Column("a", "int", required=True, min=0, max=10),
            0,
            10,
            [3.0, 3, 3.5, 0.0, 10.0, -1.0, 11.0, "3", "", True],
            [3, 3, S, 0, 10, S, S, S, S, S],
        ),
        (Column("a", "int"), None, None, [3.0, 7, 1e9], [3, 7, 1000000000]),
        (Column("a", "money", required=True), None, None, [1.25, 1.255, 3, "1"], [1.25, S, 3.0, S]),
        (Column("a", "number"), None, None, [2.0, 2.5, 4], [2, 2.5, 4]),
        (Column("a", "number", min=1), 1, None, [0.5, 1.0], [S, 1]),
        (
            Column("a", "date", required=True),
            D(2026, 1, 1),
            D(2026, 12, 31),
            [
                D(2026, 3, 5),
                D(2025, 3, 5),
                D(2027, 1, 1),
                dt.datetime(2026, 3, 5),
                "2026-03-05",
                "",
            ],
            [D(2026, 3, 5), S, S, S, S, S],
        ),
        (Column("a", "date"), None, None, [D(2026, 3, 5), ""], [D(2026, 3, 5), None]),
        (
            Column("a", "enum", values=("甲", "乙"), required=True),
            None,
            None,
            ["甲", "丙", " 甲", ""],
            ["甲", S, S, S],
        ),
        (Column("a", "yesno"), None, None, ["是", "否", "Y", ""], ["是", "否", S, None]),
        (
            Column("a", "phone"),
            None,
            None,
            ["13812345678", "1381234567", 13812345678, "12812345678", ""],
            ["13812345678", S, S, S, None],
        ),
        (
            Column("a", "uscc"),
            None,
            None,
            [
                "91110108MA01ABCD1E",
                "91110108MA01ABCD1F",
                "91110108ma01abcd1e",
                "91110108MA01ABCD1",
                "",
                5,
            ],
            ["91110108MA01ABCD1E", S, S, S, None, S],
        ),
        (Column("a", "text"), None, None, ["", "x"], [None, "x"]),
        (
            Column("a", "text", required=True),
            None,
            None,
            ["a b", "a  b", " a", "a ", "x" * 91, "a\x07", 5, ""],
            ["a b", S, S, S, "x" * 91, S, S, S],
        ),
        (
            Column("a", "text", max_length=3, blank="无"),
            None,
            None,
            ["abc", "abcd", "a  b", ""],
            ["abc", S, S, "无"],
        ),
        (
            Column("a", "person", required=True),
            None,
            None,
            ["张三", "张" * 30, "张" * 31, "张 三", "张三1", " 张三", "阿依·买买提", 5, ""],
            ["张三", "张" * 30, S, S, S, S, "阿依·买买提", S, S],
        ),
        (
            Column("a", "person", max_length=4, blank="不详"),
            None,
            None,
            ["张三李四", "张三李四王", ""],
            ["张三李四", S, "不详"],
        ),
        (Column("a", "month"), None, None, ["", "2026-06"], [None, S]),
        (
            Column("a", "text", max_length=10),
            None,
            None,
            ["a  b", "ab ", " ab", "ab", ""],
            [S, S, S, "ab", None],
        ),
        (Column("a", "int", required=True, max=5), None, 5, [5.0, 6.0, -3.0], [5, S, -3]),
        (Column("a", "int", required=True, min=2), 2, None, [1.0, 2.0, 9e9], [S, 2, 9000000000]),
        (Column("a", "person"), None, None, ["张三", ""], ["张三", None]),
        (
            Column("a", "date", required=True),
            D(2026, 1, 1),
            D(2026, 12, 31),
            [D(2026, 1, 1), D(2026, 12, 31)],
            [D(2026, 1, 1), D(2026, 12, 31)],
        ),
    ],
)
def test_the_fast_path_takes_only_clean_values(
    col: Column, lo: Any, hi: Any, raws: list[Any], typed: list[Any]
) -> None:
    got = _fast(col, raws, lo, hi)
    assert [(g is S) for g in got] == [(v is S) for v in typed]
    assert [g for g in got if g is not S] == [v for v in typed if v is not S]
    assert [type(g) for g in got if g is not S] == [type(v) for v in typed if v is not S]


def test_an_optional_choice_is_batched_only_without_a_default() -> None:
    one = lambda v: v  # noqa: E731
    plain = Column("a", "enum", values=("甲",))
    batch = TYPES["enum"].batch(plain, None, None, one)
    assert batch is not None and batch(["甲", "", "乙"]) == ["甲", None, S]
    assert (
        TYPES["enum"].batch(Column("a", "enum", values=("甲",), blank="甲"), None, None, one)
        is None
    )
    # an int column is batched only when required with bounds
    assert TYPES["int"].batch(Column("a", "int", required=True), None, None, one) is None
    assert TYPES["int"].batch(Column("a", "int", min=0), 0, None, one) is None
    assert TYPES["money"].batch(Column("a", "money", required=True, min=0), 0, None, one) is None
    assert TYPES["date"].batch(Column("a", "date"), None, None, one) is None
    assert TYPES["int"].batch(Column("a", "int", required=True, max=5), None, 5, one) is not None


def test_each_type_reads_with_its_own_parser() -> None:
    assert TYPES["yesno"].parse("Y", Column("a", "yesno")).value == "是"
    assert TYPES["enum"].parse(" 甲 ", Column("a", "enum", values=("甲",))).value == "甲"
    assert TYPES["month"].parse("2026/6", Column("a", "month")).value == "2026-06"
    assert TYPES["int"].parse("12人", Column("a", "int")).value == 12
    assert TYPES["uscc"].parse("91110108ma01abcd1e", Column("a", "uscc")).value == (
        "91110108MA01ABCD1E"
    )


def test_an_english_choice_list_and_a_date_column_with_its_own_last_day() -> None:
    from fedxl.i18n import get_lang, set_lang

    before = get_lang()
    set_lang("en")
    try:
        spec = _validation(Column("a", "enum", values=("A", "B")))
        assert spec is not None and spec.error == t("blank.error.enum", values="A, B")
    finally:
        set_lang(before)
    last = _validation(Column("a", "date", max=D(2026, 6, 30)))
    assert last is not None and last.formula2 == str(excel_serial(D(2026, 6, 30)))


def test_each_type_names_its_wording() -> None:
    assert (
        TYPES["phone"].expected_key == "ftype.phone" and TYPES["uscc"].example_key == "example.uscc"
    )
    assert sorted(TYPES) == sorted(
        [
            "text",
            "person",
            "enum",
            "yesno",
            "int",
            "money",
            "number",
            "date",
            "month",
            "phone",
            "uscc",
        ]
    )
