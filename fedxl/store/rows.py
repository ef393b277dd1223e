"""A checked ledger's records as the store's parameter rows (one rows table per form sheet)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fedxl.checking.report import CheckResult
from fedxl.form import Form
from fedxl.form.types import column_type
from fedxl.store.schema import EXTRA


def to_sql(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _extra_json(extra: dict[str, str] | None) -> str | None:
    return json.dumps(extra, ensure_ascii=False) if extra else None


def rows_for_store(
    form: Form, report: CheckResult
) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """A report's records as SQL parameter rows (row number first, `_extra` last), per form sheet.

    Built column by column from `report.tables`; a report without tables (put together by
    hand) is taken from its records.
    """
    out: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
    for sheet in form.tables:
        table = report.tables.get(sheet.name)
        if table is not None:
            numbers = table.rows
            columns = [table.column(col.name) for col in sheet.data_columns]
            extras = (
                [_extra_json(e) for e in table.extras] if table.extras else [None] * len(numbers)
            )
        elif report.tables:
            continue  # the sheet is not in the file
        else:
            records = report.data.get(sheet.name) or []
            numbers = [rec.row for rec in records]
            values = [rec.values for rec in records]
            columns = [[v.get(col.name) for v in values] for col in sheet.data_columns]
            extras = [_extra_json(rec.extra) for rec in records]
        if not numbers:
            continue
        columns = [
            [v.isoformat() if v.__class__ is dt.date else to_sql(v) for v in column]
            if column_type(col).is_date
            else column
            for col, column in zip(sheet.data_columns, columns, strict=True)
        ]
        out[sheet.name] = (
            [*(col.name for col in sheet.data_columns), EXTRA],
            list(zip(numbers, *columns, extras, strict=True)),
        )
    return out
