"""Find an organisation, a person, a phone or a credit code across towns and months.

Every month's effective ledger of every town is looked at: the roster's text columns (name, 所在
单位, 主任, 手机, 包建领导, 统一社会信用代码, …) and every person column of the other sheets (推荐
人选's 姓名, …). An organisation found is given with where it is now and its history month by
month (the town it was under, its status: moved, withdrawn); a person found elsewhere with the
row that names them. Typed text matches ignoring spaces and case, anywhere in a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fedxl.checking.keys import roster_sheet
from fedxl.form import Sheet
from fedxl.form.periods import Month
from fedxl.store import Store
from fedxl.workspace import Workspace

SEARCHED = ("text", "person", "phone", "uscc")
MAX_HITS = 50


@dataclass
class Seen:
    month: str
    town: str
    status: str  # the roster's status column ("" when it has none)


@dataclass
class Found:
    kind: str  # organisation | person
    name: str  # the organisation, or the person
    matched: str  # the column that matched (组织名称, 主任手机, 姓名, …)
    value: str
    history: list[Seen] = field(default_factory=list)  # organisations: month by month
    where: list[tuple[str, str, str, str]] = field(default_factory=list)  # month, town, sheet, org

    @property
    def now(self) -> Seen | None:
        return self.history[-1] if self.history else None

    def lines(self) -> tuple[str, str]:
        """What it is and where (one line), and its months (the second), in the message
        language: the CLI and the admin page say it alike."""
        from fedxl.form.periods import cn_month
        from fedxl.i18n import t

        if self.kind == "organisation" and self.now is not None:
            now = self.now
            head = t(
                "find.org",
                name=self.name,
                town=now.town,
                month=cn_month(now.month),
                status=now.status or "—",
                matched=self.matched,
                value=self.value,
            )
            months = "；".join(
                t("find.month", month=cn_month(s.month), town=s.town, status=s.status or "—")
                for s in self.history
            )
            return head, months
        months = "；".join(
            t("find.where", month=cn_month(m), town=town, sheet=sheet, org=org or "—")
            for m, town, sheet, org in self.where
        )
        return t("find.person", name=self.name, column=self.matched), months

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "matched": self.matched,
            "value": self.value,
            "history": [
                {"month": s.month, "town": s.town, "status": s.status} for s in self.history
            ],
            "where": [
                {"month": m, "town": town, "sheet": sheet, "organisation": org}
                for m, town, sheet, org in self.where
            ],
        }


def _norm(value: Any) -> str:
    return "".join(str(value).split()).casefold() if value not in (None, "") else ""


def _columns(sheet: Sheet, types: tuple[str, ...]) -> list[str]:
    return [c.name for c in sheet.data_columns if c.type in types]


def find(store: Store, ws: Workspace, text: str) -> list[Found]:
    """What `text` names, organisations first, at most MAX_HITS."""
    needle = _norm(text)
    if not needle:
        return []
    orgs: dict[str, Found] = {}
    people: dict[tuple[str, str], Found] = {}
    months = store.accepted_months()
    for month in months:
        form = ws.forms.for_year(Month.of(month).year)
        roster = roster_sheet(form)
        status = form.role_column("status")
        for town in ws.config.towns:
            sub = store.effective(town.names, month)
            if sub is None:
                continue
            if roster is not None and roster.key:
                key = roster.key[0]
                columns = _columns(roster, SEARCHED)
                wanted = [*{key, *columns, *([status.name] if status else [])}]
                for row in store.rows(roster.name, sub.id, wanted, form=form):
                    name = str(row.get(key) or "")
                    state = str(row.get(status.name) or "") if status else ""
                    hit = orgs.get(name)
                    if hit is None:
                        col = next((c for c in columns if needle in _norm(row.get(c))), None)
                        if col is None:
                            continue
                        hit = orgs[name] = Found("organisation", name, col, str(row.get(col)))
                    hit.history.append(Seen(month, town.name, state))
            for sheet in form.tables:
                if roster is not None and sheet.name == roster.name:
                    continue
                persons = _columns(sheet, ("person",))
                if not persons:
                    continue
                # the column naming the organisation (a reference to the roster)
                org_name = next((c.name for c in sheet.data_columns if c.ref), None)
                wanted = [*persons, *([org_name] if org_name else [])]
                for row in store.rows(sheet.name, sub.id, wanted, form=form):
                    for col in persons:
                        if needle in _norm(row.get(col)):
                            person = str(row.get(col))
                            hit = people.setdefault(
                                (person, sheet.name), Found("person", person, col, person)
                            )
                            org = str(row.get(org_name) or "") if org_name else ""
                            hit.where.append((month, town.name, sheet.name, org))
    return [*orgs.values(), *people.values()][:MAX_HITS]
