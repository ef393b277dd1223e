"""Load a form definition file (TOML) and validate the definition itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fedxl.errors import FormError
from fedxl.form.expr import Expr, ExprError, compile_expr
from fedxl.form.figures import LEGACY_COLUMNS, LEGACY_SHEETS, LOCAL_ROLES, MANY, SHEET_ROLES
from fedxl.form.model import NUMERIC, SYMBOLIC_BOUNDS, TEMPORAL, TYPES, Column, Form, Rule, Sheet
from fedxl.form.tomlsource import read_checked

FORM_FILE = "form.toml"
TOP_KEYS = {"id", "version", "title", "sheet", "checks"}
DEFAULT_JUMP = 3.0  # an organisation's number that moves by more than this factor: implausible
DEFAULT_OUTLIER = 5.0  # a town's monthly flow this many robust deviations from its median
SHEET_KEYS = {"name", "kind", "aliases", "description", "key", "column", "rule", "sort", "role"}
COLUMN_KEYS = {
    "name",
    "type",
    "required",
    "aliases",
    "values",
    "min",
    "max",
    "max_length",
    "unique",
    "ref",
    "ignore",
    "blank",
    "lookup",
    "note",
    "width",
    "role",
    "withdrawn",
    "weak",
}
RULE_KEYS = {
    "id",
    "severity",
    "column",
    "check",
    "when",
    "message",
    "message_en",
    "hint",
    "hint_en",
}
LOOKUPS = ("town",)
ROLES = ("period", "status", "domain")
# Forms written before roles existed: the roles their columns played by name.
LEGACY_ROLES: dict[str, tuple[str, dict[str, Any]]] = {
    "截至月份": ("period", {}),
    "组织状态": ("status", {"withdrawn": "已撤销", "weak": "软弱涣散"}),
    "领域类型": ("domain", {}),
}


class _Ctx:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, detail: str) -> FormError:
        return FormError("form.invalid", file=str(self.path), where=where, detail=detail)

    def keys(self, data: dict[str, Any], allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                raise self.fail(
                    where, f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})"
                )

    def get(
        self,
        data: dict[str, Any],
        key: str,
        kind: type | tuple[type, ...],
        where: str,
        default: Any = ...,
    ) -> Any:
        if key not in data:
            if default is ...:
                raise self.fail(where, f"'{key}' is required")
            return default
        value = data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float)):
            raise self.fail(where, f"'{key}' has the wrong type ({type(value).__name__})")
        return value

    def strings(self, data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = self.get(data, key, list, where, [])
        if not all(isinstance(x, str) and x.strip() for x in value):
            raise self.fail(where, f"'{key}' must be a list of non-empty strings")
        return tuple(x.strip() for x in value)


def _bound(ctx: _Ctx, col_type: str, value: Any, where: str) -> Any:
    if value is None:
        return None
    if col_type in NUMERIC:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ctx.fail(where, f"bound {value!r} must be a number for type {col_type}")
        return value
    if col_type in TEMPORAL:
        if isinstance(value, str) and value in SYMBOLIC_BOUNDS:
            return value
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        raise ctx.fail(
            where, f"bound {value!r} must be a date or one of {', '.join(SYMBOLIC_BOUNDS)}"
        )
    raise ctx.fail(where, f"type {col_type} takes no min/max")


def _column(ctx: _Ctx, raw: Any, where: str) -> Column:
    if not isinstance(raw, dict):
        raise ctx.fail(where, "a column must be a table")
    ctx.keys(raw, COLUMN_KEYS, where)
    name = ctx.get(raw, "name", str, where).strip()
    where = f"{where} ({name})"
    col_type = ctx.get(raw, "type", str, where)
    if col_type not in TYPES:
        raise ctx.fail(where, f"unknown type '{col_type}' (known: {', '.join(TYPES)})")
    values = ctx.strings(raw, "values", where)
    if col_type == "enum" and not values:
        raise ctx.fail(where, "an enum column needs a non-empty 'values' list")
    if col_type != "enum" and values:
        raise ctx.fail(where, f"'values' is only for enum columns, not {col_type}")
    if len(set(values)) != len(values):
        raise ctx.fail(where, "'values' lists the same value twice")
    max_length = ctx.get(raw, "max_length", int, where, None)
    if max_length is not None and max_length < 1:
        raise ctx.fail(where, "'max_length' must be at least 1")
    col = Column(
        name=name,
        type=col_type,
        required=ctx.get(raw, "required", bool, where, False),
        aliases=ctx.strings(raw, "aliases", where),
        values=values,
        min=_bound(ctx, col_type, raw.get("min"), where),
        max=_bound(ctx, col_type, raw.get("max"), where),
        max_length=max_length,
        unique=ctx.get(raw, "unique", bool, where, False),
        ref=ctx.get(raw, "ref", str, where, None),
        ignore=ctx.get(raw, "ignore", bool, where, False),
        blank=ctx.get(raw, "blank", str, where, None),
        lookup=ctx.get(raw, "lookup", str, where, None),
        note=ctx.get(raw, "note", str, where, ""),
        width=ctx.get(raw, "width", (int, float), where, None),
        role=ctx.get(raw, "role", str, where, None),
        withdrawn=ctx.get(raw, "withdrawn", str, where, None),
        weak=ctx.get(raw, "weak", str, where, None),
    )
    if col.role is not None and col.role not in (*ROLES, *LOCAL_ROLES):
        raise ctx.fail(
            where, f"unknown role '{col.role}' (known: {', '.join((*ROLES, *LOCAL_ROLES))})"
        )
    for key in ("withdrawn", "weak"):
        value = getattr(col, key)
        if value is not None and (col.role != "status" or value not in col.choices):
            raise ctx.fail(
                where,
                f"'{key}' belongs to a role = \"status\" column and must be one of its values",
            )
    if col.blank is not None and col.choices and col.blank not in col.choices:
        raise ctx.fail(where, f"'blank' value '{col.blank}' is not one of the allowed values")
    if col.lookup is not None and col.lookup not in LOOKUPS:
        raise ctx.fail(where, f"unknown lookup '{col.lookup}' (known: {', '.join(LOOKUPS)})")
    return col


def _rule(ctx: _Ctx, raw: Any, sheet_name: str, columns: dict[str, Column], where: str) -> Rule:
    if not isinstance(raw, dict):
        raise ctx.fail(where, "a rule must be a table")
    ctx.keys(raw, RULE_KEYS, where)
    rule_id = ctx.get(raw, "id", str, where)
    where = f"{where} ({rule_id})"
    severity = ctx.get(raw, "severity", str, where, "error")
    if severity not in ("error", "warning"):
        raise ctx.fail(where, f"severity must be error or warning, not '{severity}'")
    column = ctx.get(raw, "column", str, where)
    if column not in columns:
        raise ctx.fail(
            where, f"rule names column '{column}', which sheet {sheet_name} does not have"
        )
    exprs: list[Expr | None] = []
    for key in ("check", "when"):
        text = ctx.get(raw, key, str, where, None if key == "when" else ...)
        if text is None:
            exprs.append(None)
            continue
        try:
            expr = compile_expr(text)
        except ExprError as exc:
            raise ctx.fail(where, f"{key} = {text!r}: {exc}") from None
        missing = sorted(expr.names - set(columns))
        if missing:
            raise ctx.fail(
                where,
                f"{key} names column(s) {', '.join(missing)}, which sheet {sheet_name} does not "
                "have",
            )
        exprs.append(expr)
    check, when = exprs
    assert check is not None
    return Rule(
        id=rule_id,
        severity=severity,
        column=column,
        check=check,
        when=when,
        message=ctx.get(raw, "message", str, where, ""),
        message_en=ctx.get(raw, "message_en", str, where, ""),
        hint=ctx.get(raw, "hint", str, where, ""),
        hint_en=ctx.get(raw, "hint_en", str, where, ""),
    )


def _sheet(ctx: _Ctx, raw: Any, index: int) -> Sheet:
    where = f"sheet {index + 1}"
    if not isinstance(raw, dict):
        raise ctx.fail(where, "a sheet must be a table")
    ctx.keys(raw, SHEET_KEYS, where)
    name = ctx.get(raw, "name", str, where).strip()
    where = f"sheet {name}"
    kind = ctx.get(raw, "kind", str, where, "table")
    if kind not in ("table", "form"):
        raise ctx.fail(where, f"kind must be table or form, not '{kind}'")
    raw_cols = ctx.get(raw, "column", list, where)
    cols = [_column(ctx, c, f"{where}, column {i + 1}") for i, c in enumerate(raw_cols)]
    if not cols:
        raise ctx.fail(where, "a sheet needs at least one column")
    by_name: dict[str, Column] = {}
    for col in cols:
        for label in (col.name, *col.aliases):
            if label in by_name:
                raise ctx.fail(where, f"column name or alias '{label}' appears twice")
            by_name[label] = col
    columns = {c.name: c for c in cols}
    for col in cols:
        if col.ref:
            target_sheet, _, target_col = col.ref.partition(".")
            if not target_col:
                raise ctx.fail(f"{where}, column {col.name}", "ref must be 'sheet.column'")
    key = ctx.strings(raw, "key", where)
    sort = ctx.strings(raw, "sort", where)
    for label, names in (("key", key), ("sort", sort)):
        for n in names:
            if n not in columns:
                raise ctx.fail(where, f"{label} names column '{n}', which the sheet does not have")
    rules = tuple(
        _rule(ctx, r, name, columns, f"{where}, rule {i + 1}")
        for i, r in enumerate(ctx.get(raw, "rule", list, where, []))
    )
    role = ctx.get(raw, "role", str, where, None)
    if role is not None and role not in SHEET_ROLES:
        raise ctx.fail(where, f"unknown role '{role}' (known: {', '.join(SHEET_ROLES)})")
    return Sheet(
        name=name,
        kind=kind,
        columns=tuple(cols),
        aliases=ctx.strings(raw, "aliases", where),
        description=ctx.get(raw, "description", str, where, ""),
        key=key,
        rules=rules,
        sort=sort,
        role=role,
    )


def parse_form(data: dict[str, Any], path: Path) -> Form:
    """Validate the decoded form file `data` into a Form."""
    ctx = _Ctx(path)
    ctx.keys(data, TOP_KEYS, "form")
    form_id = ctx.get(data, "id", str, "form")
    version = ctx.get(data, "version", (str, int, float), "form")
    title = ctx.get(data, "title", str, "form")
    raw_sheets = ctx.get(data, "sheet", list, "form")
    if not raw_sheets:
        raise ctx.fail("form", "the form needs at least one [[sheet]]")
    sheets = tuple(_sheet(ctx, raw, i) for i, raw in enumerate(raw_sheets))
    labels: set[str] = set()
    for sheet in sheets:
        for label in (sheet.name, *sheet.aliases):
            if label in labels:
                raise ctx.fail(
                    f"sheet {sheet.name}", f"sheet name or alias '{label}' appears twice"
                )
            labels.add(label)
    if sum(s.kind == "form" for s in sheets) > 1:
        raise ctx.fail("form", "only one sheet may be of kind 'form'")
    names = {s.name: s for s in sheets}
    for sheet in sheets:
        for col in sheet.columns:
            if col.ref:
                target_sheet, _, target_col = col.ref.partition(".")
                target = names.get(target_sheet)
                if target is None or target.column(target_col) is None:
                    raise ctx.fail(
                        f"sheet {sheet.name}, column {col.name}",
                        f"ref '{col.ref}' names a sheet or column that does not exist",
                    )
    roles = [c.role for s in sheets for c in s.columns if c.role in ROLES]
    for role in set(roles):
        if roles.count(role) > 1:
            raise ctx.fail("form", f"role '{role}' is given to more than one column")
    if not roles:
        sheets = _legacy_roles(sheets)
    if not any(s.role for s in sheets):
        sheets = _legacy_figure_roles(sheets)
    _check_figure_roles(ctx, sheets)
    jumps = _jumps(ctx, data.get("checks"), sheets)
    raw_checks = data.get("checks")
    checks: dict[str, Any] = raw_checks if isinstance(raw_checks, dict) else {}
    outlier = checks.get("flow_outlier", DEFAULT_OUTLIER)
    if not isinstance(outlier, int | float) or isinstance(outlier, bool) or outlier <= 0:
        raise ctx.fail("checks", "flow_outlier must be a number above 0 (robust deviations)")
    return Form(
        id=form_id,
        version=str(version),
        title=title,
        sheets=sheets,
        path=path,
        source=data,
        jumps=jumps,
        flow_outlier=float(outlier),
    )


def _jumps(ctx: _Ctx, raw: Any, sheets: tuple[Sheet, ...]) -> tuple[tuple[str, float], ...]:
    """`[checks] jump = {职工总数 = 3, …}`: the roster's number columns whose month-to-month
    change beyond that factor is `implausible`; without [checks], the column of the women
    (role "women") at DEFAULT_JUMP."""
    roster = next((s for s in sheets if s.role == "roster"), None)
    if raw is None:
        women = next((c for c in roster.columns if c.role == "women"), None) if roster else None
        return ((women.name, DEFAULT_JUMP),) if women is not None else ()
    if not isinstance(raw, dict):
        raise ctx.fail("checks", "[checks] must be a table")
    ctx.keys(raw, {"jump", "flow_outlier"}, "checks")
    jump = raw.get("jump", {})
    if not isinstance(jump, dict):
        raise ctx.fail("checks", "jump must be a table: 职工总数 = 3")
    out = []
    for name, factor in jump.items():
        col = roster.column(name) if roster is not None else None
        if col is None or col.type not in ("int", "number", "money"):
            raise ctx.fail("checks.jump", f"'{name}' is not a number column of the roster")
        if not isinstance(factor, int | float) or isinstance(factor, bool) or factor <= 1:
            raise ctx.fail("checks.jump", f"{name}: the factor must be a number above 1")
        out.append((name, float(factor)))
    return tuple(out)


def _legacy_roles(sheets: tuple[Sheet, ...]) -> tuple[Sheet, ...]:
    """A form file from before roles: give the columns their roles by their names."""
    import dataclasses

    out = []
    for sheet in sheets:
        cols = []
        for col in sheet.columns:
            role, extra = LEGACY_ROLES.get(col.name, (None, {}))
            usable = role is not None and all(v in col.choices for v in extra.values())
            cols.append(dataclasses.replace(col, role=role, **extra) if usable else col)
        out.append(dataclasses.replace(sheet, columns=tuple(cols)))
    return tuple(out)


def _legacy_figure_roles(sheets: tuple[Sheet, ...]) -> tuple[Sheet, ...]:
    """A form file from before the figures' roles: the default form's sheets and columns play
    them by name (fedxl.form.figures)."""
    import dataclasses

    out = []
    for sheet in sheets:
        role = LEGACY_SHEETS.get(sheet.name) if sheet.kind == "table" else None
        cols = tuple(
            dataclasses.replace(c, role=LEGACY_COLUMNS.get((role, c.name)))
            if role and c.role is None and (role, c.name) in LEGACY_COLUMNS
            else c
            for c in sheet.columns
        )
        out.append(dataclasses.replace(sheet, role=role, columns=cols))
    return tuple(out)


def _check_figure_roles(ctx: _Ctx, sheets: tuple[Sheet, ...]) -> None:
    """Each sheet role once in the form; a column's figure role one its sheet's role allows, and
    (but for four-haves) once in its sheet."""
    seen: dict[str, str] = {}
    for sheet in sheets:
        where = f"sheet {sheet.name}"
        if sheet.role is not None:
            if sheet.role in seen:
                raise ctx.fail(
                    where, f"role '{sheet.role}' is also given to sheet {seen[sheet.role]}"
                )
            if sheet.kind != "table":
                raise ctx.fail(where, "only a table sheet may have a role")
            seen[sheet.role] = sheet.name
        local = [c for c in sheet.columns if c.role in LOCAL_ROLES]
        allowed = SHEET_ROLES.get(sheet.role or "", ())
        for col in local:
            if col.role not in allowed:
                raise ctx.fail(
                    f"{where}, column {col.name}",
                    f"role '{col.role}' needs a sheet whose role allows it "
                    f"({', '.join(r for r, cols in SHEET_ROLES.items() if col.role in cols)})",
                )
            if col.role not in MANY and sum(c.role == col.role for c in local) > 1:
                raise ctx.fail(
                    f"{where}, column {col.name}",
                    f"role '{col.role}' is given to more than one column",
                )


def load_form(path: Path) -> Form:
    """Read and validate the form file at `path`; FormError explains what is wrong. The same
    bytes are parsed once per process (a batch's forked workers start with their parent's;
    parsing the default form costs ~12 ms)."""
    if not path.is_file():
        raise FormError("form.not_found", path=str(path))
    try:
        raw = path.read_bytes()
    except OSError:  # read_checked says why
        return parse_form(read_checked(path, FormError, "form.syntax").data, path)
    import hashlib

    from fedxl.form.model import parsed_once

    return parsed_once(
        f"{path}\0{hashlib.sha256(raw).hexdigest()}",
        lambda: parse_form(read_checked(path, FormError, "form.syntax").data, path),
    )
