"""Where 基本信息's values are read from (fedxl.checking.info.read_info), layout by layout: the
value right of its label, after the label's merged range (its last row or column too), inline
(`截至月份：2026-06`), two labels in one row, an empty cell before a label, a label at the row's
end, the first of two, and the reach (60 rows, 8 columns). Each row of the table is one sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fedxl.checking.info import read_info, title_town
from fedxl.form import load_form
from fedxl.reading.book import RawSheet

SHEET = load_form(Path(__file__).resolve().parent.parent / "templates" / "form.toml").info_sheet
assert SHEET is not None


def _found(rows: list[list[Any]], merged: list[tuple[int, int, int, int]] | None = None) -> dict:
    cells = read_info(RawSheet("基本信息", True, rows, merged or []), SHEET)  # type: ignore[arg-type]
    return {name: (cell.raw, cell.row0, cell.col0) for name, cell in cells.items()}


CASES = [
    pytest.param(
        [["填报单位", "兴隆镇"]], None, {"填报单位": ("兴隆镇", 0, 1)}, id="right-of-label"
    ),
    pytest.param(
        [["", "  ", 3, "填报单位", "兴隆镇"]], None, {"填报单位": ("兴隆镇", 0, 4)},
        id="empty-and-number-cells-before",
    ),
    pytest.param(
        [["填报单位", "兴隆镇", "截至月份", "2026-06"]], None,
        {"填报单位": ("兴隆镇", 0, 1), "截至月份": ("2026-06", 0, 3)}, id="two-in-a-row",
    ),
    pytest.param(
        [["填报单位", "", "兴隆镇"]], [(0, 0, 0, 1)], {"填报单位": ("兴隆镇", 0, 2)},
        id="after-a-merged-label",
    ),
    pytest.param(
        [["", "", "", "x"], ["", "填报单位", "", "兴隆镇"]], [(0, 0, 1, 2)],
        {"填报单位": ("兴隆镇", 1, 3)}, id="label-in-a-merges-last-row-and-column",
    ),
    pytest.param(
        [["填报单位", "旧值", "兴隆镇"]], [(1, 0, 1, 1)], {"填报单位": ("旧值", 0, 1)},
        id="a-merge-of-another-row",
    ),
    pytest.param(
        [["x", "填报单位", "兴隆镇", "y"]], [(0, 0, 0, 0), (0, 2, 0, 3)],
        {"填报单位": ("兴隆镇", 0, 2)}, id="merges-beside-not-over",
    ),
    pytest.param([["审核人"]], None, {"审核人": ("", 0, 1)}, id="label-at-the-row-end"),
    pytest.param(
        [["截至月份：2026-06", "填报人: 张三 "]], None,
        {"截至月份": ("2026-06", 0, 0), "填报人": ("张三", 0, 1)}, id="inline",
    ),
    pytest.param(
        [["截至月份", "2026-05"], ["截至月份", "2026-06"]], None,
        {"截至月份": ("2026-05", 0, 1)}, id="the-first-of-two",
    ),
    pytest.param(
        [["截至月份：2026-06"], ["截至月份：2026-07"]], None,
        {"截至月份": ("2026-06", 0, 0)}, id="the-first-of-two-inline",
    ),
    pytest.param([["备注：填报单位"]], None, {}, id="inline-of-no-label"),
    pytest.param(
        [[""] * 7 + ["填报单位", "兴隆镇"], [""] * 8 + ["截至月份", "2026-06"]], None,
        {"填报单位": ("兴隆镇", 0, 8)}, id="eight-columns-reached",
    ),
    pytest.param(
        [[]] * 59 + [["填报单位", "兴隆镇"], ["截至月份", "2026-06"]], None,
        {"填报单位": ("兴隆镇", 59, 1)}, id="sixty-rows-reached",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "merged", "expected"), CASES)
def test_read_info(rows: list[list[Any]], merged: Any, expected: dict) -> None:
    assert _found(rows, merged) == expected


def test_title_town() -> None:
    sheet = RawSheet("活动台账", True, [["", 5, "填报单位： 兴隆镇 2026年"], ["填报单位：永安镇"]])
    assert title_town(sheet, 2) == "兴隆镇"
    assert title_town(sheet, 0) is None and title_town(sheet, -1) is None
    assert title_town(RawSheet("表", True, [["x"], ["填报单位：永安镇"]]), 1) is None
    assert title_town(RawSheet("表", True, [["x"], ["填报单位：永安镇"]]), 2) == "永安镇"
