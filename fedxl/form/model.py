"""Plain data describing a ledger form: sheets, columns, bounds and rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fedxl.form.expr import Expr
from fedxl.form.periods import month_end

if TYPE_CHECKING:
    from fedxl.form.figures import Sources

TYPES = (
    "text",
    "int",
    "money",
    "number",
    "date",
    "month",
    "yesno",
    "enum",
    "phone",
    "uscc",
    "person",
)
NUMERIC = frozenset({"int", "money", "number"})
TEMPORAL = frozenset({"date", "month"})
YES, NO = "是", "否"
# Symbolic bounds for dates and months, resolved against the ledger year and reported month.
SYMBOLIC_BOUNDS = ("year-start", "year-end", "period-end")

Bound = int | float | dt.date | str | None


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    min: Bound = None
    max: Bound = None
    max_length: int | None = None
    unique: bool = False
    ref: str | None = None
    ignore: bool = False
    blank: str | None = None
    lookup: str | None = None
    note: str = ""
    width: float | None = None
    # what code looks this column up by: period | status | domain, or a figure's (form.figures)
    role: str | None = None
    # status role: the value meaning the organisation was dissolved (已撤销)
    withdrawn: str | None = None
    weak: str | None = None  # status role: the value meaning it is weak (软弱涣散)

    @property
    def choices(self) -> tuple[str, ...]:
        """Allowed values for enum and yes/no columns (empty for others)."""
        if self.type == "yesno":
            return (YES, NO)
        return self.values

    @property
    def in_period(self) -> bool:
        return self.min == "year-start" and self.max == "period-end"

    def note_for(self, town: str) -> str:
        """The note shown in a town's 填报说明: `{town}` in it is that town's name (the example
        of 填报单位 is the town's own, not another district's)."""
        return self.note.replace("{town}", town)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    column: str
    check: Expr
    when: Expr | None = None
    message: str = ""
    message_en: str = ""
    hint: str = ""
    hint_en: str = ""


@dataclass(frozen=True)
class Sheet:
    name: str
    kind: str  # "table": header row + records; "form": labels in column A, values in B
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    description: str = ""
    key: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    sort: tuple[str, ...] = ()
    # what the figures read it as: roster, activities, … (fedxl.form.figures)
    role: str | None = None

    def column(self, name: str) -> Column | None:
        return next((col for col in self.columns if col.name == name), None)

    @property
    def data_columns(self) -> tuple[Column, ...]:
        """Columns that hold data (序号-like ignored columns left out)."""
        return tuple(c for c in self.columns if not c.ignore)


@dataclass(frozen=True)
class Form:
    id: str
    version: str
    title: str
    sheets: tuple[Sheet, ...]
    path: Path | None = field(default=None, compare=False)
    # the decoded form file
    source: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    # roster number columns and the factor beyond which a monthly change is `implausible`
    jumps: tuple[tuple[str, float], ...] = ()
    # a town's monthly flow this many robust deviations (MAD) from its earlier months: implausible
    flow_outlier: float = 5.0

    def __reduce__(self) -> tuple[Any, ...]:
        """A form crosses to a worker process as its decoded file (its rules are compiled
        functions, which do not pickle) and is parsed there once (see `_form_from`)."""
        if self.source is None:
            raise TypeError("a Form made without its source cannot be sent to another process")
        return (_form_from, (self._source_key, self.source, self.path))

    @cached_property
    def _source_key(self) -> str:
        import hashlib
        import json

        return hashlib.sha256(
            json.dumps(self.source, sort_keys=True, default=str).encode()
        ).hexdigest()

    def sheet(self, name: str) -> Sheet | None:
        return next((sheet for sheet in self.sheets if sheet.name == name), None)

    @cached_property
    def figures(self) -> Sources:
        """The sheets and columns the district's figures read, found by role."""
        from fedxl.form.figures import Sources

        return Sources.of(self)

    def role(self, role: str) -> tuple[Sheet, Column] | None:
        """The sheet and column that play `role` (period, status, domain), if the form has one."""
        return next(((s, c) for s in self.sheets for c in s.columns if c.role == role), None)

    def role_column(self, role: str) -> Column | None:
        found = self.role(role)
        return found[1] if found else None

    def is_active(self, row: dict[str, object]) -> bool:
        """An organisation row that is not withdrawn (已撤销) by the status column."""
        status = self.role_column("status")
        return (
            status is None or status.withdrawn is None or row.get(status.name) != status.withdrawn
        )

    @property
    def tables(self) -> tuple[Sheet, ...]:
        return tuple(s for s in self.sheets if s.kind == "table")

    @property
    def info_sheet(self) -> Sheet | None:
        for sheet in self.sheets:
            if sheet.kind == "form":
                return sheet
        return None


def resolve_bound(bound: Bound, year: int, month: int | None = None) -> Bound:
    """Turn a symbolic date bound into a date for ledger `year` and reported `month`."""
    if bound == "year-start":
        return dt.date(year, 1, 1)
    if bound == "year-end":
        return dt.date(year, 12, 31)
    if bound == "period-end":
        return month_end(year, month) if month else dt.date(year, 12, 31)
    return bound


# forms parsed in this process, by what they were parsed from (a Form is immutable): a form file's
# path and bytes (load_form), or a decoded form's hash (a Form sent to a worker)
_parsed: dict[str, Form] = {}


def parsed_once(key: str, parse: Callable[[], Form]) -> Form:
    """The Form parsed from what `key` names, parsed by `parse` the first time only."""
    form = _parsed.get(key)
    if form is None:
        form = _parsed[key] = parse()
    return form


def _form_from(key: str, source: dict[str, Any], path: Path | None) -> Form:
    """The Form of a decoded form file, parsed once per process."""
    from fedxl.form.load import parse_form

    return parsed_once(key, lambda: parse_form(source, path or Path("form.toml")))
