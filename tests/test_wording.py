"""The words a leader signs (fedxl.wording): each rule checked on the case that broke it."""

from __future__ import annotations

import pytest

from fedxl import wording


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2 / 3, "66.7%"),
        (0.8125, "81.3%"),
        (0.6, "60%"),
        (1, "100%"),
        (0.0005, "0.1%"),
        (0, "0%"),
        (None, "—"),
    ],
)
def test_one_percentage_rule(value: float | None, text: str) -> None:
    """One decimal, half up (81.25 % is 81.3 %, not 81.2 %), no ".0" (60 %, not 60.0 %)."""
    assert wording.percent(value) == text
    if value is not None:  # a spreadsheet cell shows as many decimals (and rounds half up too)
        assert (wording.percent_format(value) == "0.0%") == ("." in text)


def test_a_name_is_quoted_once() -> None:
    """开展““六一”亲子游园会”活动 was printed: inner quotation marks become single ones."""
    assert wording.quoted("“六一”亲子游园会") == "“‘六一’亲子游园会”"
    assert (
        wording.quoted("“读书分享会”") == "“读书分享会”" and wording.quoted("健步走") == "“健步走”"
    )


def test_goods_and_cash_are_apart_and_in_one_unit() -> None:
    """物资折价 1.06 万元、现金 7000 元 mixed units; cash was counted as goods."""
    assert wording.goods_and_cash(10600, 7000) == "物资折价1.06万元、现金0.7万元"
    assert wording.goods_and_cash(1800, 1000) == "物资折价1800元、现金1000元"
    assert (
        wording.goods_and_cash(1800, 0) == "物资折价1800元" and wording.goods_and_cash(0, 0) == ""
    )
    assert wording.yuan(8000) == "8000元" and wording.yuan(258500) == "25.85万元"


def test_a_gift_of_goods_and_cash_is_said_apart() -> None:
    """ "捐赠大米等物资，合计 2800 元" was 1,800 of goods and 1,000 in cash."""
    from fedxl.reports.context import _gift

    assert _gift("大米", 1800, 1000) == "大米等物资（折价1800元）和现金1000元"
    assert (
        _gift("大米", 1800, None) == "大米等物资，折价1800元"
        and _gift(None, None, 500) == "现金500元"
    )


def test_no_clause_about_nothing() -> None:
    """ "推荐各类人选 0 名", "共 0 件（套）" were printed."""
    groups = [
        wording.clauses([("开展活动3次", 3), ("参与0人次", 0)]),
        wording.clauses([("推荐各类人选0名", 0)]),
    ]
    assert wording.sentence(groups, lead="本月，") == "本月，开展活动3次。"
    assert wording.sentence([[], []], lead="本月，", empty="本月暂无记录。") == "本月暂无记录。"


def test_the_board_and_the_reports_say_the_same_rate() -> None:
    """66.7 % in the briefing beside 67 % on the board."""
    import datetime as dt

    from fedxl.reports.context import fmt_rate
    from fedxl.submissions.status import StatusBoard, TownStatus

    towns = [TownStatus("甲", "submitted"), TownStatus("乙", "late"), TownStatus("丙", "missing")]
    board = StatusBoard("2026-06", dt.datetime(2026, 7, 5, 23, 59), towns)
    assert "66.7%" in board.summary_line() and fmt_rate(board.rate) == "66.7%"
