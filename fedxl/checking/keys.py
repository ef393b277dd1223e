"""Unique keys, references to 妇委会名录, and organisations that silently disappeared."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from fedxl.checking.findings import Finding, finding
from fedxl.checking.report import TableRows
from fedxl.checking.table import TableResult
from fedxl.form import Form, Sheet
from fedxl.form.values import enum_key
from fedxl.i18n import t


@lru_cache(maxsize=16384)
def _org_key(name: str) -> str:
    return enum_key(name)


def org_key(name: object) -> str:
    """Organisation names compare without spaces, width or case differences."""
    return _org_key(name if name.__class__ is str else str(name))


def check_unique(sheet: Sheet, result: TableResult) -> list[Finding]:
    out: list[Finding] = []
    table = result.table
    keysets: list[tuple[str, ...]] = [(c.name,) for c in sheet.columns if c.unique]
    if sheet.key and sheet.key not in keysets:
        keysets.append(sheet.key)
    for names in keysets:
        rows: dict[tuple[str, ...], list[int]] = {}
        for row, *values in zip(table.rows, *(table.column(n) for n in names), strict=True):
            if None not in values:
                rows.setdefault(tuple(org_key(v) for v in values), []).append(row)
        anchor = names[0]
        dups = [dup_rows for dup_rows in rows.values() if len(dup_rows) > 1]
        if not dups:
            continue
        where = {row: i for i, row in enumerate(table.rows)}
        anchors = table.column(anchor)
        for dup_rows in dups:
            for row in dup_rows:
                other = next(r for r in dup_rows if r != row)
                out.append(
                    finding(
                        "duplicate",
                        sheet=sheet.name,
                        row=row,
                        column=anchor,
                        cell=result.cell(row, anchor),
                        value=anchors[where[row]],
                        other=other,
                    )
                )
    return out


def check_references(
    form: Form, results: dict[str, TableResult], town_names: Iterable[str]
) -> list[Finding]:
    """`ref` columns must name a row of the referenced sheet, or the town's own federation."""
    out: list[Finding] = []
    towns = list(town_names)
    own = [f"{name}妇联" for name in towns]
    targets: dict[str, tuple[list[Any], set[str]]] = {}  # "sheet.column" -> (names, their keys)
    for sheet in form.tables:
        result = results.get(sheet.name)
        if result is None:
            continue
        for col in sheet.columns:
            if not col.ref:
                continue
            target_sheet, _, target_col = col.ref.partition(".")
            target = results.get(target_sheet)
            if target is None:
                continue  # the referenced sheet is missing: reported once as sheet-missing
            if col.ref not in targets:
                names = [v for v in target.table.column(target_col) if v]
                targets[col.ref] = (names, {org_key(n) for n in [*names, *own]})
            names, valid = targets[col.ref]
            for row, value in zip(result.table.rows, result.table.column(col.name), strict=True):
                if value is None or org_key(value) in valid:
                    continue
                close = difflib.get_close_matches(str(value), names + own, n=1, cutoff=0.5)
                out.append(
                    finding(
                        "unknown-org",
                        sheet=sheet.name,
                        row=row,
                        column=col.name,
                        cell=result.cell(row, col.name),
                        value=value,
                        closest=t("closest_org", value=close[0]) if close else "",
                        town=towns[0] if towns else "",
                    )
                )
    return out


def check_org_missing(
    form: Form, tables: Mapping[str, TableRows], previous: Iterable[str]
) -> list[Finding]:
    """Organisations of the previous submission that are gone without being marked 已撤销."""
    roster = roster_sheet(form)
    if roster is None or roster.name not in tables:
        return []
    key = roster.key[0]
    now = {org_key(v) for v in tables[roster.name].column(key) if v}
    out = []
    for name in previous:
        if org_key(name) not in now:
            out.append(finding("org-missing", sheet=roster.name, column=key, value=name))
    return out


def roster_sheet(form: Form) -> Sheet | None:
    """The sheet other sheets refer to (妇委会名录): the target of `ref` columns."""
    targets = {c.ref.partition(".")[0] for s in form.tables for c in s.columns if c.ref}
    return next((s for s in form.tables if s.name in targets and s.key), None)


def active_names(form: Form, rows: Iterable[dict[str, object]]) -> list[str]:
    """Organisation names of roster rows that are not withdrawn (the status role's `withdrawn`)."""
    roster = roster_sheet(form)
    if roster is None:
        return []
    key = roster.key[0]
    return [str(r[key]) for r in rows if r.get(key) and form.is_active(r)]
