"""Read and check one table sheet: header findings, rows to records, cell checks, rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import Any

from fedxl.checking.cells import Reported, cell_ref, check_cell
from fedxl.checking.fast import SLOW, fast_column
from fedxl.checking.findings import Finding, finding
from fedxl.checking.report import Record, TableRows
from fedxl.form import Sheet
from fedxl.form.values import as_text, is_empty
from fedxl.i18n import get_lang
from fedxl.reading.book import RawSheet
from fedxl.reading.headers import Layout, norm_label

_TOTAL = re.compile(r"^(合计|总计|小计|共计|累计)")
_NOTE = re.compile(r"^(注|说明|备注|填表说明|填报说明)\s*[:：\d]")
_SIGN = re.compile(
    r"^(填报人|填表人|审核人|负责人|制表人|单位负责人|联系电话|填报日期|填报单位|主管领导)\s*[:：]"
)


@dataclass
class TableResult:
    table: TableRows = field(default_factory=TableRows)  # the records, column by column
    findings: list[Finding] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)  # form column -> 0-based index in file
    bad: dict[int, set[str]] = field(default_factory=dict)  # row -> columns with unusable values

    @cached_property
    def records(self) -> list[Record]:
        """One dict of typed values a record (built when first asked: only the rules need them)."""
        return self.table.records()

    def cell(self, row: int, column: str) -> str | None:
        """A1 reference of `column` in 1-based `row` of the original file."""
        c = self.columns.get(column)
        return None if c is None else cell_ref(row - 1, c)


def _fill_merges(raw: RawSheet, start: int) -> list[list[Any]]:
    """Rows with merged data cells carrying their value to every cell they cover."""
    rows = raw.rows
    merges = [m for m in raw.merged if m[0] >= start and (m[2] > m[0] or m[3] > m[1])]
    if not merges:
        return rows
    rows = [list(r) for r in rows]
    for r0, c0, r1, c1 in merges:
        value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else ""
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c1:
                row.extend([""] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value
    return rows


_TOTAL_START = frozenset("合总小共累")
_NOTE_START = frozenset("注说备填审负制单联主")


def _skip_kind(row: list[Any], data_cols: list[int]) -> str | None:
    """'blank' for rows without data, 'total' for totals / notes / signatures, else None."""
    filled = [v for v in row if v != "" and v is not None]
    if not filled:
        return "blank"
    heads = [v.lstrip(" \u3000*")[:1] for v in filled[:3] if isinstance(v, str)]
    if not _TOTAL_START.isdisjoint(heads):
        texts = [str(v).strip() for v in filled[:3]]
        if any(_TOTAL.match(norm_label(x)) for x in texts):
            return "total"
    if len(filled) <= 3 and isinstance(filled[0], str) and heads and heads[0] in _NOTE_START:
        text = filled[0].strip()
        if _NOTE.match(text) or _SIGN.match(text):
            return "total"
    for c in data_cols:
        if c < len(row) and not is_empty(row[c]):
            return None
    return "blank"


def check_table(
    sheet: Sheet, raw: RawSheet, layout: Layout | None, period: Reported
) -> TableResult:
    out = TableResult()
    name = sheet.name
    if layout is None:
        for col in sheet.columns:
            if not col.ignore:
                sev = "error" if col.required else "warning"
                out.findings.append(
                    finding("column-missing", sheet=name, column=col.name, severity=sev)
                )
        return out
    header_row = layout.header_row
    for c, text in layout.unknown:
        out.findings.append(
            finding(
                "column-unknown",
                sheet=name,
                row=header_row + 1,
                cell=cell_ref(header_row, c),
                value=text,
            )
        )
    for col_name, c in layout.duplicates:
        out.findings.append(
            finding(
                "column-duplicate",
                sheet=name,
                row=header_row + 1,
                column=col_name,
                cell=cell_ref(header_row, c),
                value=raw.cell(header_row, c),
            )
        )
    for col_name, c in layout.columns.items():  # a header written otherwise: said, not fatal
        text = layout.texts.get(col_name, col_name)
        if norm_label(text) != norm_label(col_name):
            out.findings.append(
                finding(
                    "column-renamed",
                    sheet=name,
                    row=header_row + 1,
                    column=col_name,
                    cell=cell_ref(header_row, c),
                    value=text,
                )
            )
    for col in sheet.columns:
        if col.ignore or col.name in layout.columns:
            continue
        sev = "error" if col.required else "warning"
        out.findings.append(
            finding("column-missing", sheet=name, row=header_row + 1, column=col.name, severity=sev)
        )
    present = [
        (col, layout.columns[col.name])
        for col in sheet.columns
        if col.name in layout.columns and not col.ignore
    ]
    out.columns = {col.name: c for col, c in present}
    data_cols = [c for _, c in present]
    rows = _fill_merges(raw, layout.data_start)
    formulas = raw.no_value_formulas
    formula_rows = {r for r, _ in formulas}
    record_rows: list[int] = []
    first = data_cols[0] if data_cols else 0
    for r in range(layout.data_start, len(rows)):
        row = rows[r]
        lead = row[first] if first < len(row) else ""
        if lead.__class__ is not str and lead is not None and lead != "" and r not in formula_rows:
            record_rows.append(r)  # a typed value (date, number) opens the row: a record
            continue
        kind = _skip_kind(row, data_cols)
        if kind == "blank" and r not in formula_rows:
            continue
        if kind == "total":
            texts = [as_text(v) for v in row if not is_empty(v)]
            out.findings.append(
                finding(
                    "total-row",
                    sheet=name,
                    row=r + 1,
                    cell=cell_ref(r, 0),
                    value=" ".join(texts)[:60],
                )
            )
            continue
        record_rows.append(r)
    # column by column: a batch fast path for clean values, the full check for the rest
    columns: list[list[Any]] = []
    selected = [rows[r] for r in record_rows]
    narrowest = min((len(row) for row in selected), default=0)
    with_formulas = [i for i, r in enumerate(record_rows) if r in formula_rows]
    for col, c in present:
        if c < narrowest:
            raw_values = list(map(itemgetter(c), selected))
        else:
            raw_values = [row[c] if c < len(row) else "" for row in selected]
        scale = layout.scale.get(col.name)
        typed = fast_column(col, period)(raw_values) if scale is None else [SLOW] * len(raw_values)
        todo = [i for i, v in enumerate(typed) if v is SLOW] if SLOW in typed else []
        if with_formulas:
            todo = sorted(set(todo) | {i for i in with_formulas if (record_rows[i], c) in formulas})
        for i in todo:
            r = record_rows[i]
            res = check_cell(
                col,
                raw_values[i],
                sheet=name,
                row0=r,
                col0=c,
                period=period,
                scale=scale or 1.0,
                formula=formulas.get((r, c)),
            )
            typed[i] = res.value
            out.findings.extend(res.findings)
            if res.bad:
                out.bad.setdefault(r + 1, set()).add(col.name)
        columns.append(typed)
    names = [col.name for col, _ in present]
    extras = [(c, str(text).strip()) for c, text in layout.unknown]
    out.table = TableRows([r + 1 for r in record_rows], dict(zip(names, columns, strict=True)))
    if extras:
        out.table.extras = [
            {text: as_text(row[c]) for c, text in extras if c < len(row) and not is_empty(row[c])}
            or None
            for row in selected
        ]
    _check_rules(sheet, out)
    return out


def _check_rules(sheet: Sheet, out: TableResult) -> None:
    if not sheet.rules:
        return
    en = get_lang() == "en"
    rules = [
        (rule, rule.check.names | (rule.when.names if rule.when else frozenset()))
        for rule in sheet.rules
    ]
    no_bad: set[str] = set()
    for rec in out.records:
        bad = out.bad.get(rec.row, no_bad)
        for rule, used in rules:
            if bad and used & bad:
                continue
            if rule.when is not None and rule.when.evaluate(rec.values) is not True:
                continue
            if rule.check.evaluate(rec.values) is not False:
                continue
            message = (rule.message_en if en else rule.message) or rule.message or rule.id
            hint = (rule.hint_en if en else rule.hint) or rule.hint
            out.findings.append(
                finding(
                    "rule",
                    severity=rule.severity,
                    rule=rule.id,
                    sheet=sheet.name,
                    row=rec.row,
                    column=rule.column,
                    cell=out.cell(rec.row, rule.column),
                    value=rec.values.get(rule.column),
                    message=message,
                    hint=hint,
                )
            )
