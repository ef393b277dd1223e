"""What a town changed: a submission against its previous effective one.

Organisations of the roster added, withdrawn (marked 已撤销 since), gone without being marked
(what `org-missing` warns of), and changed (which fields, old → new); rows added to and gone from
each dated sheet. The previous effective one is the ledger of the same year that was in effect
just before this submission came: last month's, or this month's earlier file it replaces.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from fedxl.checking.keys import roster_sheet
from fedxl.form import Form, Sheet
from fedxl.form.periods import Month
from fedxl.store import Store, Submission
from fedxl.workspace import Workspace

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class OrgChange:
    name: str
    fields: tuple[tuple[str, Any, Any], ...]  # (column, old, new)


@dataclass
class Changes:
    town: str
    month: str
    submission_id: int
    previous_id: int | None = None  # None: nothing earlier in the year to compare with
    previous_month: str | None = None
    added: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    changed: list[OrgChange] = field(default_factory=list)
    rows_added: dict[str, int] = field(default_factory=dict)
    rows_gone: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (
            self.added
            or self.withdrawn
            or self.gone
            or self.changed
            or self.rows_added
            or self.rows_gone
        )

    def lines(self) -> list[str]:
        """What changed, a line each, in the message language (the CLI, the town's page, the
        feedback's 与上月对比 sheet say it alike)."""
        from fedxl.checking.findings import shown
        from fedxl.form.periods import cn_month
        from fedxl.i18n import t

        if self.previous_id is None:
            return [t("changes.first", id=self.submission_id)]
        out = [
            t(
                "changes.head",
                town=self.town,
                month=cn_month(self.month),
                id=self.submission_id,
                before=cn_month(self.previous_month or self.month),
                before_id=self.previous_id,
            )
        ]
        for key, names in (
            ("added", self.added),
            ("withdrawn", self.withdrawn),
            ("gone", self.gone),
        ):
            if names:
                out.append(t(f"changes.{key}", n=len(names), names="、".join(names)))
        for change in self.changed:
            fields = "；".join(
                t(
                    "changes.field",
                    column=col,
                    old=shown(old) or "（空）",
                    new=shown(new) or "（空）",
                )
                for col, old, new in change.fields
            )
            out.append(t("changes.changed", name=change.name, fields=fields))
        for key, counts in (("rows_added", self.rows_added), ("rows_gone", self.rows_gone)):
            if counts:
                items = "、".join(t("changes.rows", sheet=k, n=v) for k, v in counts.items())
                out.append(t(f"changes.{key}", items=items))
        if self.empty:
            out.append(t("changes.nothing"))
        return out

    def sheet_lines(self) -> list[str]:
        """The lines of a feedback workbook's 与上月对比 sheet: [] when there is nothing to compare
        with or nothing changed (no sheet then)."""
        return [] if self.previous_id is None or self.empty else self.lines()

    def to_dict(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            return value.isoformat() if isinstance(value, dt.date) else value

        return {
            "town": self.town,
            "month": self.month,
            "submission_id": self.submission_id,
            "previous_id": self.previous_id,
            "previous_month": self.previous_month,
            "organisations": {
                "added": self.added,
                "withdrawn": self.withdrawn,
                "gone": self.gone,
                "changed": [
                    {
                        "name": c.name,
                        "fields": [
                            {"column": col, "old": plain(old), "new": plain(new)}
                            for col, old, new in c.fields
                        ],
                    }
                    for c in self.changed
                ],
            },
            "rows_added": self.rows_added,
            "rows_gone": self.rows_gone,
        }


def _same(a: Any, b: Any) -> bool:
    blank = (None, "")
    if a in blank and b in blank:
        return True
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return bool(a == b)


def compare(form: Form, now: dict[str, Rows], before: dict[str, Rows], out: Changes) -> Changes:
    """Fill `out` with what changed from `before` to `now` (rows of each sheet, all columns)."""
    roster = roster_sheet(form)
    status = form.role_column("status")
    withdrawn_value = status.withdrawn if status is not None else None
    if roster is not None and roster.key:
        key = roster.key[0]
        columns = [c.name for c in roster.data_columns]
        old = {r.get(key): r for r in before.get(roster.name, []) if r.get(key)}
        new = {r.get(key): r for r in now.get(roster.name, []) if r.get(key)}
        for name, row in new.items():
            if name not in old:
                out.added.append(str(name))
                continue
            was = old[name]
            if (
                status is not None
                and row.get(status.name) == withdrawn_value
                and was.get(status.name) != withdrawn_value
            ):
                out.withdrawn.append(str(name))
            fields = tuple(
                (col, was.get(col), row.get(col))
                for col in columns
                if col != key and not _same(was.get(col), row.get(col))
            )
            if fields:
                out.changed.append(OrgChange(str(name), fields))
        out.gone = [
            str(name) for name, row in old.items() if name not in new and form.is_active(row)
        ]
    for sheet in form.tables:
        if roster is not None and sheet.name == roster.name:
            continue
        columns = [c.name for c in sheet.data_columns]

        def counted(rows: Rows, columns: list[str] = columns) -> Counter[tuple[Any, ...]]:
            return Counter(tuple(r.get(c) for c in columns) for r in rows)

        had, has = counted(before.get(sheet.name, [])), counted(now.get(sheet.name, []))
        added, gone = sum((has - had).values()), sum((had - has).values())
        if added:
            out.rows_added[sheet.name] = added
        if gone:
            out.rows_gone[sheet.name] = gone
    return out


def previous_effective(store: Store, ws: Workspace, sub: Submission) -> Submission | None:
    """The town's ledger of the same year in effect just before `sub` came."""
    if not sub.town or not sub.month:
        return None
    year = Month.of(sub.month).year
    order = (sub.month, sub.received_at, sub.id)
    earlier = [
        s
        for s in store.submissions(town=ws.config.names_of(sub.town))
        if s.in_effect
        and s.id != sub.id
        and s.month
        and Month.of(s.month).year == year
        and (s.month, s.received_at, s.id) < order
    ]
    if not earlier:
        return None
    latest_month = max(s.month or "" for s in earlier)
    return [s for s in earlier if s.month == latest_month][-1]


def changes_of(store: Store, ws: Workspace, sub: Submission) -> Changes:
    """What `sub` changed against the town's previous effective ledger (nothing to compare:
    `previous_id` is None and nothing is listed)."""
    out = Changes(sub.town or "", sub.month or "", sub.id)
    prev = previous_effective(store, ws, sub)
    if prev is None or sub.month is None:
        return out
    out.previous_id, out.previous_month = prev.id, prev.month
    form = ws.forms.for_year(Month.of(sub.month).year)
    now = {s.name: store.rows(s.name, sub.id, _columns(s), form=form) for s in form.tables}
    before = {s.name: store.rows(s.name, prev.id, _columns(s), form=form) for s in form.tables}
    return compare(form, now, before, out)


def sheet_lines(store: Store, ws: Workspace, sub: Submission) -> list[str]:
    """The 与上月对比 lines of an accepted submission's feedback ([] for any other)."""
    return changes_of(store, ws, sub).sheet_lines() if sub.status == "accepted" else []


def _columns(sheet: Sheet) -> list[str]:
    return [c.name for c in sheet.data_columns]
