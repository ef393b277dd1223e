"""The month's ledger tables as pandas DataFrames, and `fedxl export` (CSV, xlsx, parquet).

Each table holds the rows of every town's effective submission for the month, `镇街` first,
then the form's columns with their types (integers as nullable Int64, money and numbers as
floats, dates as dates), then `来源文件` and `原行号`. pandas is imported here only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fedxl.errors import UsageError
from fedxl.form import Form
from fedxl.form.types import column_type
from fedxl.store import Store

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("csv", "xlsx", "parquet")
TOWN, SOURCE, ROW = "镇街", "来源文件", "原行号"


def month_tables(
    form: Form, store: Store, towns: list[tuple[str, ...]], month: str, *, by: str | None = None
) -> dict[str, pd.DataFrame]:
    """Sheet name -> DataFrame of the month's effective submissions, towns in configured order
    (each town by all its names, current first: a renamed town's ledger counts under its name now)
    ."""
    import pandas as pd

    subs = [(names[0], store.effective(names, month, by=by)) for names in towns]
    out: dict[str, pd.DataFrame] = {}
    for sheet in form.tables:
        cols = [c for c in sheet.data_columns]
        records: list[dict[str, Any]] = []
        for town, sub in subs:
            if sub is None:
                continue
            for row in store.rows(sheet.name, sub.id, form=form):
                records.append(
                    {
                        TOWN: town,
                        **{c.name: row.get(c.name) for c in cols},
                        SOURCE: sub.original_name,
                        ROW: row.get("row"),
                    }
                )
        frame = pd.DataFrame.from_records(
            records, columns=[TOWN, *(c.name for c in cols), SOURCE, ROW]
        )
        for col in cols:
            frame[col.name] = column_type(col).to_pandas(frame[col.name])
        frame[ROW] = frame[ROW].astype("Int64")
        out[sheet.name] = frame
    return out


def export_tables(
    tables: dict[str, pd.DataFrame], month: str, fmt: str, folder: Path, prefix: str = ""
) -> list[Path]:
    """One file per table in `folder`: `<prefix><表名>_<month>.<fmt>`, each written atomically."""
    from functools import partial

    from fedxl.files.atomic import write_with
    from fedxl.files.names import safe_filename

    if fmt not in FORMATS:
        raise UsageError("export.bad_format", value=fmt)
    writer = {"csv": _csv, "xlsx": _xlsx, "parquet": _parquet}[fmt]
    if fmt == "parquet":
        _need_pyarrow()
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, frame in tables.items():
        target = folder / (safe_filename(f"{prefix}{name}_{month}") + f".{fmt}")
        write_with(target, partial(writer, frame, name))
        out.append(target)
    return out


def _csv(frame: pd.DataFrame, name: str, tmp: Path) -> None:
    """UTF-8 with a BOM, so Excel and WPS open the Chinese correctly."""
    frame.to_csv(tmp, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")


def _xlsx(frame: pd.DataFrame, name: str, tmp: Path) -> None:
    """Through pandas (openpyxl engine); text that looks like a formula stays text."""
    import pandas as pd

    from fedxl.form.values import without_controls
    from fedxl.xlsx.safe import is_risky

    clean = frame.apply(
        lambda col: (
            col.map(lambda v: without_controls(v) if isinstance(v, str) else v)
            if col.dtype == object
            else col
        )
    )
    with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
        clean.to_excel(writer, sheet_name=name[:31], index=False)
        ws = writer.sheets[name[:31]]
        for row in ws.iter_rows(min_row=2, max_row=len(frame) + 1):
            for cell in row:
                if is_risky(cell.value):
                    cell.data_type = "s"
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "B2"


def _parquet(frame: pd.DataFrame, name: str, tmp: Path) -> None:
    frame.to_parquet(tmp, index=False, engine="pyarrow")


def _need_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise UsageError("export.no_pyarrow") from None
