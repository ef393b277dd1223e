"""Rules an audit found no test would notice breaking (#30): which of two accepted files is in
effect and shown, the deadline day to the second, lateness by the first accepted file, a town's
text in every output sheet kept as text, and a town taken off the register losing its link.
Each was checked by breaking it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

import fedxl.api
from fedxl.jobs.samples import cumulative_ledgers, write_plain_ledger
from fedxl.submissions import ingest
from fedxl.workspace import Workspace

AS_OF = "2026-07-20"


def _june(ws: Workspace, town: str, folder: Path, name: str, *, seed: int = 1, **change: object):
    """`town`'s June ledger written to `folder/name` (`change`: 组织名称 of the first organisation
    and the like, or broken=True for a file with an error)."""
    data = cumulative_ledgers(ws.form, town, 2026, [6], seed=seed, orgs=4, events=3)[6]
    org = data.tables["妇委会名录"][0]
    if change.pop("broken", False):
        org["所在单位"] = None
    old = org["组织名称"]
    for key, value in change.items():
        org[key] = value
    if org["组织名称"] != old:  # the other sheets follow the organisation's new name
        for rows in data.tables.values():
            for row in rows:
                for key in ("组织名称", "所在组织"):
                    if row.get(key) == old:
                        row[key] = org["组织名称"]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    write_plain_ledger(ws.form, data, path)
    return path


def _send(ws: Workspace, path: Path, when: str) -> int:
    """Take `path` in as received at `when`; its submission id."""
    target = ws.folder("inbox") / path.name
    shutil.copy(path, target)
    (result,) = ingest(ws, received_at=dt.datetime.fromisoformat(when)).results
    assert result.submission_id is not None
    return result.submission_id


def _row(ws: Workspace, town: str, as_of: str = AS_OF) -> dict:  # type: ignore[type-arg]
    board = fedxl.api.status(ws, "2026-06", as_of=as_of).to_dict()
    return next(r for r in board["towns"] if r["town"] == town)


@pytest.mark.parametrize("order", ["as received", "later one first"])
def test_the_effective_file_is_the_one_received_last(
    workspace: Path, tmp_path: Path, order: str
) -> None:
    """Two accepted June files of a town: the one received later is in effect and on the board,
    whichever was taken in first."""
    ws = Workspace(workspace)
    first = _june(ws, "东湖镇", tmp_path, "东湖镇6月.xlsx", seed=1)
    second = _june(ws, "东湖镇", tmp_path, "东湖镇6月(改).xlsx", seed=2)
    sends = [(first, "2026-07-02T09:00"), (second, "2026-07-03T09:00")]
    ids = {}
    for path, when in sends if order == "as received" else sends[::-1]:
        ids[path.name] = _send(ws, path, when)
    row = _row(ws, "东湖镇")
    assert row["submission_id"] == ids[second.name] and row["file"] == second.name
    assert row["state"] == "submitted"
    effective = fedxl.api.changes(ws, town="东湖镇", month="2026-06")
    assert effective.submission_id == ids[second.name]


@pytest.mark.parametrize(
    ("when", "state"),
    [
        ("2026-07-05T00:00:01", "submitted"),  # early on the deadline day
        ("2026-07-05T23:59:59", "submitted"),  # its last second
        ("2026-07-06T00:00:00", "late"),  # the next day's first
    ],
)
def test_the_deadline_day_counts_to_its_last_second(
    workspace: Path, tmp_path: Path, when: str, state: str
) -> None:
    ws = Workspace(workspace)  # deadline_day = 5: June's ledger is due by 5 July
    _send(ws, _june(ws, "柳河镇", tmp_path, "柳河镇6月.xlsx"), when)
    assert _row(ws, "柳河镇")["state"] == state


def test_lateness_is_judged_by_the_first_accepted_file(workspace: Path, tmp_path: Path) -> None:
    """A town on time that sends a correction after the deadline stays on time; one whose only
    file on time was rejected is late with the accepted one that came after."""
    ws = Workspace(workspace)
    _send(ws, _june(ws, "兴隆镇", tmp_path, "兴隆镇6月.xlsx", seed=3), "2026-07-03T10:00")
    fixed = _send(
        ws, _june(ws, "兴隆镇", tmp_path, "兴隆镇6月(改).xlsx", seed=4), "2026-07-10T10:00"
    )
    _send(ws, _june(ws, "永安镇", tmp_path, "永安镇6月.xlsx", broken=True), "2026-07-03T10:00")
    later = _send(ws, _june(ws, "永安镇", tmp_path, "永安镇6月(改).xlsx"), "2026-07-10T10:00")
    on_time, late = _row(ws, "兴隆镇"), _row(ws, "永安镇")
    assert (on_time["state"], on_time["submission_id"]) == ("submitted", fixed)
    assert (late["state"], late["submission_id"]) == ("late", later)


FORMULA_LIKE = ["=1+2", "+1+1", "-2+3", "@SUM(A1)"]


def test_a_towns_text_is_text_in_every_output_sheet(workspace: Path, tmp_path: Path) -> None:
    """File and organisation names that start like a formula (= + - @) are written as the text
    they are: in 报送情况 (file), 预警 (organisation, file), the combined sheets and the 汇总表's
    notes — never as formulas."""
    ws = Workspace(workspace)
    towns = ["头道桥街道", "二道河街道", "新华街道", "站前街道"]
    for i, (town, text) in enumerate(zip(towns, FORMULA_LIKE, strict=True)):
        name = f"{text}{i}.xlsx"
        path = _june(
            ws, town, tmp_path / town, name, seed=i, 组织名称=f"{text}妇委会", 组织状态="软弱涣散"
        )
        # late: the 预警 sheet names the file too
        _send(ws, path, "2026-07-08T10:00")
    summary = fedxl.api.merge(ws, "2026-06", as_of=AS_OF).path
    book = openpyxl.load_workbook(summary)
    seen: dict[str, set[str]] = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, value)
                    seen.setdefault(sheet.title, set()).add(value)
    for text in FORMULA_LIKE:
        assert f"{text}妇委会" in seen["妇委会名录"]
        assert any(v.startswith(text) for v in seen["报送情况"])
        assert f"{text}妇委会" in seen["预警"]


def test_text_shaped_like_markup_is_text_in_the_summary(workspace: Path, tmp_path: Path) -> None:
    """XlsxWriter writes text of the form <r>…</r> into the sheet XML as it is (its rich-text
    form): a town's organisation named so would have broken the workbook. It is text in the
    combined sheet (its first row and the others) and in 预警."""
    ws = Workspace(workspace)
    for i, town in enumerate(["头道桥街道", "二道河街道"]):
        path = _june(
            ws,
            town,
            tmp_path / town,
            f"{town}.xlsx",
            seed=i,
            组织名称="<r>A&B</r>",
            组织状态="软弱涣散",
        )
        _send(ws, path, "2026-07-02T10:00")
    summary = fedxl.api.merge(ws, "2026-06", as_of=AS_OF).path
    book = openpyxl.load_workbook(summary)  # well-formed XML in every sheet
    roster = [row[1] for row in book["妇委会名录"].iter_rows(min_row=4, values_only=True)]
    assert roster[0] == "<r>A&B</r>" and roster.count("<r>A&B</r>") == 2  # one town's each
    alerts = [v for row in book["预警"].iter_rows(values_only=True) for v in row]
    assert "<r>A&B</r>" in alerts


def test_a_town_taken_off_the_register_has_no_link(workspace: Path) -> None:
    """A town removed from fedxl.toml: its link stops working at once (the others do not)."""
    from fedxl.access import Links

    ws = Workspace(workspace)
    links = {link.scope: link.token for link in Links(ws).all()}
    assert Links(ws).find(links["双山镇"]) is not None
    config = workspace / "fedxl.toml"
    text = config.read_text(encoding="utf-8")
    block = text[text.index('name = "双山镇"') :]
    block = block[: block.index("[[towns]]")] if "[[towns]]" in block else block
    start = text.rindex("[[towns]]", 0, text.index('name = "双山镇"'))
    config.write_text(text[:start] + text[text.index('name = "双山镇"') + len(block) :], "utf-8")
    fresh = Workspace(workspace)
    assert fresh.config.find_town("双山镇") is None
    assert Links(fresh).find(links["双山镇"]) is None
    assert Links(fresh).find(links["东湖镇"]) is not None
