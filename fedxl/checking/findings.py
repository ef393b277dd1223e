"""Finding codes: each code's default severity here, its message and hint (zh and en) in the one
catalogue, fedxl.i18n (`finding.<code>`, `finding.<code>.hint`), and the Finding record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from fedxl.i18n import MESSAGES, get_lang

SEVERITIES: dict[
    str, str
] = {  # code -> default severity; the messages are in fedxl.i18n ("finding.<code>")
    "file-unreadable": "error",
    "file-encrypted": "error",
    "file-too-large": "error",
    "file-link": "error",
    "file-too-complex": "error",
    "form-unknown": "error",
    "town-unknown": "error",
    "town-mismatch": "error",
    "period-unknown": "error",
    "period-behind": "warning",
    "period-ahead": "warning",
    "sheet-missing": "error",
    "sheet-unknown": "warning",
    "column-missing": "error",
    "column-unknown": "warning",
    "column-duplicate": "error",
    "required": "error",
    "type": "error",
    "enum": "error",
    "pattern": "error",
    "checksum": "error",
    "range": "error",
    "length": "error",
    "date-out-of-period": "error",
    "duplicate": "error",
    "unknown-org": "error",
    "rule": "error",
    "precision-lost": "error",
    "formula-no-value": "error",
    "org-missing": "warning",
    "records-missing": "warning",
    "implausible": "warning",
    "month-locked": "error",
    "feedback-failed": "info",
    "normalized": "info",
    "sheet-renamed": "info",
    "column-renamed": "info",
    "total-row": "info",
}
CODES = SEVERITIES  # every finding code, in the order of the manual's table
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def shown(value: Any) -> str:
    """A value as it should appear in a message."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return (
            value.isoformat(sep=" ", timespec="minutes")
            if value.time() != dt.time()
            else value.date().isoformat()
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def json_value(value: Any) -> Any:
    """A value made JSON-safe (dates as ISO strings)."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


@dataclass
class Finding:
    severity: str
    code: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    value: Any = None
    message: str = ""
    hint: str = ""
    rule: str | None = None
    params: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "value": json_value(self.value),
            "message": self.message,
            "hint": self.hint,
            "rule": self.rule,
        }


def finding(
    code: str,
    *,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    cell: str | None = None,
    value: Any = None,
    severity: str | None = None,
    rule: str | None = None,
    hint_key: str | None = None,
    message_key: str | None = None,
    **params: Any,
) -> Finding:
    """Build a Finding for `code`, rendering its message and hint in the current language
    (`hint_key`, `message_key`: another catalogue entry, when the code's own does not fit the
    cause)."""
    idx = 1 if get_lang() == "en" else 0
    fields = _Blank({k: shown(v) for k, v in params.items()})
    fields.setdefault("value", shown(value))
    fields.setdefault("column", column or "")
    fields.setdefault("sheet", sheet or "")
    return Finding(
        severity=severity or SEVERITIES[code],
        code=code,
        sheet=sheet,
        row=row,
        column=column,
        cell=cell,
        value=value,
        message=MESSAGES[message_key or f"finding.{code}"][idx].format_map(fields),
        hint=MESSAGES.get(hint_key or f"finding.{code}.hint", ("", ""))[idx].format_map(fields),
        rule=rule,
        params=params,
    )
