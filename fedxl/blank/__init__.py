"""Blank ledger workbooks that the district sends to each town (`fedxl template`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from fedxl.blank.writer import LedgerInfo, write_blank_ledger
from fedxl.form import Form
from fedxl.form.periods import Month
from fedxl.workspace import Workspace
from fedxl.workspace.config import Town


@dataclass(frozen=True)
class BlankLedger:
    town: str
    month: str
    path: Path
    rolled_from: int | None = None  # submission id whose rows were carried forward
    rolled_rows: int = 0


def blank_ledger_name(town: str, month: str) -> str:
    from fedxl.files.names import safe_filename

    return safe_filename(f"{town}_{month}_基础台账") + ".xlsx"


def _write(form: Form, info: LedgerInfo, tmp: Path) -> None:
    write_blank_ledger(form, info, tmp)


def rolled_forward(
    ws: Workspace, town: str, month: str
) -> tuple[dict[str, list[dict[str, Any]]], int | None]:
    """What the blank ledger of `month` starts with: every sheet's rows of the town's latest
    effective submission of the same year up to `month` (the ledger is cumulative: the clerk
    appends). In a new year (no submission of the year yet) only the organisations of
    妇委会名录 of the last year's ledger that are not 已撤销 are carried over.
    """
    rows, source, _ = _roll_forward(ws, town, month)
    return rows, source


def _roll_forward(
    ws: Workspace, town: str, month: str
) -> tuple[dict[str, list[dict[str, Any]]], int | None, dict[str, Any]]:
    from fedxl.store import open_store, store_exists

    if not store_exists(ws):
        return {}, None, {}
    from fedxl.checking.keys import roster_sheet

    names = ws.config.names_of(town)  # a renamed town's ledgers under its former name
    year = Month.of(month).year
    with open_store(ws, form=ws.forms.for_year(year), readonly=True) as store:
        sub = store.latest_effective(names, upto=month, year=year)
        if sub is not None:
            form = store.form
            rows = {sheet.name: store.rows(sheet.name, sub.id) for sheet in form.tables}
            return (
                {k: v for k, v in rows.items() if v},
                sub.id,
                _carried_info(form, store.info(sub.id)),
            )
        sub = store.latest_effective(names, upto=month)
        if sub is None or sub.month is None:
            return {}, None, {}
        # last year's ledger, read with last year's form
        form = ws.forms.for_year(Month.of(sub.month).year)
        roster = roster_sheet(form)
        if roster is None:
            return {}, None, {}
        kept = [r for r in store.rows(roster.name, sub.id, form=form) if form.is_active(r)]
        return {roster.name: kept}, sub.id, _carried_info(form, store.info(sub.id))


def _into_form(
    form: Form, rows: dict[str, list[dict[str, Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """Rows carried from last year's form laid into `form`: each column found by its name or one
    of its aliases (a column new in `form` stays empty, for the clerk to fill)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for sheet in form.tables:
        carried = rows.get(sheet.name)
        if not carried:
            continue
        out[sheet.name] = [
            {
                col.name: next((row[n] for n in (col.name, *col.aliases) if n in row), None)
                for col in sheet.data_columns
            }
            for row in carried
        ]
    return out


def _carried_info(form: Form, info: dict[str, Any]) -> dict[str, Any]:
    """基本信息 worth keeping from last time: who fills it in and their phone (not the month or
    dates)."""
    sheet = form.info_sheet
    if sheet is None:
        return {}
    return {
        c.name: info[c.name]
        for c in sheet.columns
        if c.name in info and c.type in ("person", "phone") and info[c.name] not in (None, "")
    }


def make_blank_ledgers(
    ws: Workspace, towns: list[Town], year: int, month: int, *, roll_forward: bool = True
) -> list[BlankLedger]:
    """Write one blank ledger per town into workbooks/blank/ (atomically); return them.

    With `roll_forward`, every sheet is pre-filled from the town's latest effective submission of
    the year (see `rolled_forward`); 基本信息 gets the town and month, and last time's 填报人 and
    phone.
    """
    from fedxl.files.atomic import write_with
    from fedxl.store import open_store, store_exists

    cfg = ws.config
    if store_exists(ws):  # the towns get the form their year's ledgers were checked with
        with open_store(ws, readonly=True) as store:
            ws.forms.check_unchanged(store.form_versions())
    out_dir = ws.folder("blank")
    made = []
    for town in towns:
        rows, source, carried = (
            _roll_forward(ws, town.name, str(Month(year, month)))
            if roll_forward
            else ({}, None, {})
        )
        form = ws.forms.for_year(year)  # a new year's form-YYYY.toml: the carried rows laid into it
        rows = _into_form(form, rows)
        info = LedgerInfo(
            district=cfg.district.name,
            federation=cfg.district.federation,
            town=town.name,
            year=year,
            month=month,
            deadline_day=cfg.district.deadline_day,
            info_values=carried,
            rows=rows,
        )
        target = out_dir / blank_ledger_name(town.name, info.month_text)
        write_with(target, partial(_write, form, info))
        made.append(
            BlankLedger(
                town.name, info.month_text, target, source, sum(len(v) for v in rows.values())
            )
        )
    return made


__all__ = [
    "BlankLedger",
    "LedgerInfo",
    "blank_ledger_name",
    "make_blank_ledgers",
    "write_blank_ledger",
]
