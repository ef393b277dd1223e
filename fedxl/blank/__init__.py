"""Blank ledger workbooks that the district sends to each town (`fedxl template`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from fedxl.blank.writer import LedgerInfo, write_blank_ledger
from fedxl.config import Town
from fedxl.form import Form
from fedxl.workspace import Workspace


@dataclass(frozen=True)
class BlankLedger:
    town: str
    month: str
    path: Path


def blank_ledger_name(town: str, month: str) -> str:
    from fedxl.names import safe_filename

    return safe_filename(f"{town}_{month}_基础台账") + ".xlsx"


def _write(form: Form, info: LedgerInfo, tmp: Path) -> None:
    write_blank_ledger(form, info, tmp)


def make_blank_ledgers(ws: Workspace, towns: list[Town], year: int, month: int) -> list[BlankLedger]:
    """Write one blank ledger per town into workbooks/blank/ (atomically); return them."""
    from fedxl.atomic import write_with

    cfg = ws.config
    out_dir = ws.folder("blank")
    made = []
    for town in towns:
        info = LedgerInfo(district=cfg.district.name, federation=cfg.district.federation,
                          town=town.name, year=year, month=month,
                          deadline_day=cfg.district.deadline_day)
        target = out_dir / blank_ledger_name(town.name, info.month_text)
        write_with(target, partial(_write, ws.form, info))
        made.append(BlankLedger(town.name, info.month_text, target))
    return made


__all__ = ["BlankLedger", "LedgerInfo", "blank_ledger_name", "make_blank_ledgers",
           "write_blank_ledger"]
