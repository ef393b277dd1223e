"""Blank ledger workbooks that the district sends to each town (`fedxl template`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from fedxl.blank.writer import LedgerInfo, write_blank_ledger
from fedxl.config import Town
from fedxl.form import Form
from fedxl.workspace import Workspace


@dataclass(frozen=True)
class BlankLedger:
    town: str
    month: str
    path: Path
    rolled_from: int | None = None  # submission id whose roster was carried forward
    rolled_rows: int = 0


def blank_ledger_name(town: str, month: str) -> str:
    from fedxl.names import safe_filename

    return safe_filename(f"{town}_{month}_基础台账") + ".xlsx"


def _write(form: Form, info: LedgerInfo, tmp: Path) -> None:
    write_blank_ledger(form, info, tmp)


def rolled_forward(ws: Workspace, town: str, month: str) -> tuple[dict[str, list[dict[str, Any]]], int | None]:
    """The roster of the town's latest effective submission up to `month`, 已撤销 rows left out."""
    if not ws.db_path.exists():
        return {}, None
    from fedxl.checking.keys import roster_sheet
    from fedxl.store import Store

    roster = roster_sheet(ws.form)
    if roster is None:
        return {}, None
    with Store(ws.db_path, ws.form) as store:
        sub = store.latest_effective(town, upto=month)
        if sub is None:
            return {}, None
        rows = [r for r in store.rows(roster.name, sub.id) if r.get("组织状态") != "已撤销"]
    return {roster.name: rows}, sub.id


def make_blank_ledgers(ws: Workspace, towns: list[Town], year: int, month: int,
                       *, roll_forward: bool = True) -> list[BlankLedger]:
    """Write one blank ledger per town into workbooks/blank/ (atomically); return them.

    With `roll_forward`, 妇委会名录 is pre-filled from the town's latest effective submission.
    """
    from fedxl.atomic import write_with

    cfg = ws.config
    out_dir = ws.folder("blank")
    made = []
    for town in towns:
        rows, source = rolled_forward(ws, town.name, f"{year}-{month:02d}") if roll_forward else ({}, None)
        info = LedgerInfo(district=cfg.district.name, federation=cfg.district.federation,
                          town=town.name, year=year, month=month,
                          deadline_day=cfg.district.deadline_day, rows=rows)
        target = out_dir / blank_ledger_name(town.name, info.month_text)
        write_with(target, partial(_write, ws.form, info))
        made.append(BlankLedger(town.name, info.month_text, target, source,
                                sum(len(v) for v in rows.values())))
    return made


__all__ = ["BlankLedger", "LedgerInfo", "blank_ledger_name", "make_blank_ledgers",
           "write_blank_ledger"]
