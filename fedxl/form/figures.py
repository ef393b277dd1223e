"""Where the district's figures (口径) come from, found in the form by role, not by name.

A sheet plays a `role` (the organisation roster, the activities, trainings, services, donations,
follow-up checks, deliveries, candidates) and so do the columns the figures read (成立日期 is
the roster's `founded`, 参与人数 the activities' `participants`, …). Renaming a sheet or a
column in form.toml keeps its role, so 参与人次 stays right. Each event sheet's date is its "in
period" date column and its organisation the column that refers to the roster.

A form written before these roles existed (no sheet has one) gets them by the default form's
names (`LEGACY_SHEETS`, `LEGACY_COLUMNS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fedxl.form.model import Form, Sheet

# sheet role -> the column roles a column of that sheet may play
SHEET_ROLES: dict[str, tuple[str, ...]] = {
    "roster": ("founded", "women", "four-haves"),
    "activities": ("participants", "kind", "title"),
    "trainings": ("sessions", "trainees"),
    "services": ("beneficiaries", "kind"),
    "donations": ("goods", "goods-value", "cash", "recipient"),
    "checks": (),
    "deliveries": ("quantity",),
    "candidates": (),
}
MANY = ("four-haves",)  # column roles several columns of a sheet may play
LOCAL_ROLES = tuple(sorted({r for roles in SHEET_ROLES.values() for r in roles}))

LEGACY_SHEETS = {
    "妇委会名录": "roster",
    "活动台账": "activities",
    "培训台账": "trainings",
    "服务台账": "services",
    "捐赠台账": "donations",
    "跟踪检查": "checks",
    "四送记录": "deliveries",
    "人选推荐": "candidates",
}
LEGACY_COLUMNS = {
    ("roster", "成立日期"): "founded",
    ("roster", "女职工数"): "women",
    ("roster", "有活动场所"): "four-haves",
    ("roster", "有宣传阵地"): "four-haves",
    ("roster", "有组织制度"): "four-haves",
    ("roster", "有风采展板"): "four-haves",
    ("activities", "参与人数"): "participants",
    ("activities", "活动类别"): "kind",
    ("activities", "活动名称"): "title",
    ("trainings", "培训期数"): "sessions",
    ("trainings", "培训人数"): "trainees",
    ("services", "受益人数"): "beneficiaries",
    ("services", "服务类型"): "kind",
    ("donations", "物资名称"): "goods",
    ("donations", "物资折价(元)"): "goods-value",
    ("donations", "现金(元)"): "cash",
    ("donations", "受捐对象"): "recipient",
    ("deliveries", "数量"): "quantity",
}


@dataclass(frozen=True)
class Sources:
    """The sheet and column names the figures read, by role, for one form."""

    sheets: dict[str, str] = field(default_factory=dict)  # sheet role -> sheet name
    dates: dict[str, str] = field(default_factory=dict)  # sheet role -> its "in period" date column
    orgs: dict[str, str] = field(default_factory=dict)  # sheet role -> its organisation column
    # (sheet role, role) -> names
    columns: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, form: Form) -> Sources:
        sheets: dict[str, str] = {}
        dates: dict[str, str] = {}
        orgs: dict[str, str] = {}
        columns: dict[tuple[str, str], tuple[str, ...]] = {}
        roster = next((s for s in form.tables if s.role == "roster"), None)
        target = f"{roster.name}.{roster.key[0]}" if roster is not None and roster.key else None
        for sheet in form.tables:
            if sheet.role is None:
                continue
            sheets[sheet.role] = sheet.name
            date = _date_column(sheet)
            if date is not None:
                dates[sheet.role] = date
            org = (
                roster.key[0]
                if sheet is roster and roster.key
                else next(
                    (c.name for c in sheet.data_columns if target is not None and c.ref == target),
                    None,
                )
            )
            if org is not None:
                orgs[sheet.role] = org
            for col in sheet.data_columns:
                if col.role in SHEET_ROLES.get(sheet.role, ()):
                    key = (sheet.role, col.role)
                    columns[key] = (*columns.get(key, ()), col.name)
        return cls(sheets, dates, orgs, columns)

    def sheet(self, role: str) -> str | None:
        return self.sheets.get(role)

    def column(self, sheet_role: str, role: str) -> str | None:
        found = self.columns.get((sheet_role, role))
        return found[0] if found else None

    def all_columns(self, sheet_role: str, role: str) -> tuple[str, ...]:
        return self.columns.get((sheet_role, role), ())


def _date_column(sheet: Sheet) -> str | None:
    """An event sheet's date: its "in period" date column (活动日期, …)."""
    return next((c.name for c in sheet.data_columns if c.type == "date" and c.in_period), None)
