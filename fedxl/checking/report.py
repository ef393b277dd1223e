"""The result of checking files: a CheckResult per file and a Batch of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fedxl.checking.findings import SEVERITY_ORDER, Finding

UNREADABLE_CODES = frozenset(
    {"file-unreadable", "file-encrypted", "file-too-large", "file-link", "file-too-complex"}
)


@dataclass
class Record:
    """One normalised row of a table sheet: 1-based row in the original file, typed values."""

    row: int
    values: dict[str, Any]
    extra: dict[str, str] | None = None  # columns the form does not know: header -> text


@dataclass
class TableRows:
    """One sheet's records column by column, as checking typed them."""

    rows: list[int] = field(default_factory=list)  # 1-based row in the original file, one a record
    # form column -> typed values (found ones)
    values: dict[str, list[Any]] = field(default_factory=dict)
    extras: list[dict[str, str] | None] | None = None  # columns the form does not know, per record

    def column(self, name: str) -> list[Any]:
        """The typed values of form column `name` (None for each record when the file lacks it)."""
        found = self.values.get(name)
        return found if found is not None else [None] * len(self.rows)

    def records(self) -> list[Record]:
        names = list(self.values)
        extras = self.extras or [None] * len(self.rows)
        if not names:
            return [Record(r, {}, e) for r, e in zip(self.rows, extras, strict=True)]
        return [
            Record(r, dict(zip(names, values, strict=True)), e)
            for r, values, e in zip(
                self.rows, zip(*self.values.values(), strict=True), extras, strict=True
            )
        ]


def needs_feedback(status: str, errors: int, warnings: int) -> bool:
    """Whether a marked copy goes back to the town: a readable file with errors or warnings (for
    a check result and for a stored submission alike)."""
    return status != "unreadable" and bool(errors or warnings)


@dataclass
class CheckResult:
    file: str
    sha256: str = ""
    form_id: str | None = None
    form_version: str | None = None
    town: str | None = None
    period: str | None = None
    findings: list[Finding] = field(default_factory=list)
    # form sheet -> its records, column by column
    tables: dict[str, TableRows] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    total_counts: dict[str, int] | None = None  # when findings were capped
    source_kind: str | None = None  # xlsx | xls | ods
    sheet_names: dict[str, str] = field(default_factory=dict)  # form sheet -> name in the file
    reader_failed: str | None = None  # the worker reading the file died: memory | time | crashed
    cells: int = 0  # cells of the sheets read (rows x columns): what a marked copy would hold
    _records: dict[str, list[Record]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def data(self) -> dict[str, list[Record]]:
        """Records (one dict of typed values a row) per form sheet, built from `tables` when first
        asked.

        Checking and storing work on `tables`; records are for the rules and for callers that
        want a row at a time.
        """
        for name, table in self.tables.items():
            if name not in self._records:
                self._records[name] = table.records()
        return self._records

    def sheet_label(self, sheet: str | None) -> str:
        """A form sheet as a finding names it to people: the town's name for it, with the form's
        in brackets when the town renamed it (五项服务（服务台账）), the same in every face."""
        if not sheet:
            return ""
        own = self.sheet_names.get(sheet, sheet)
        return own if own == sheet else f"{own}（{sheet}）"

    @property
    def counts(self) -> dict[str, int]:
        if self.total_counts is not None:
            return dict(self.total_counts)
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            counts[f.severity] += 1
        return counts

    @property
    def status(self) -> str:
        if any(f.code in UNREADABLE_CODES for f in self.findings):
            return "unreadable"
        return "rejected" if self.counts["error"] else "accepted"

    @property
    def needs_feedback(self) -> bool:
        counts = self.counts
        return needs_feedback(self.status, counts["error"], counts["warning"])

    @property
    def exit_code(self) -> int:
        return {"accepted": 0, "rejected": 1, "unreadable": 2}[self.status]

    def cap(self, limit: int) -> None:
        """Keep at most `limit` findings, the most severe first; `counts` still counts them all."""
        if len(self.findings) <= limit:
            return
        self.total_counts = self.counts
        ranked = sorted(
            range(len(self.findings)), key=lambda i: SEVERITY_ORDER[self.findings[i].severity]
        )
        keep = set(ranked[:limit])
        self.findings = [f for i, f in enumerate(self.findings) if i in keep]

    def add_first(self, findings: list[Finding], limit: int) -> None:
        """Findings learnt after the check (the comparison with the previous month) go first,
        counted, and the list is capped again."""
        if self.total_counts is not None:
            for f in findings:
                self.total_counts[f.severity] += 1
        self.findings[:0] = findings
        self.cap(limit)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "form": {"id": self.form_id, "version": self.form_version},
            "town": self.town,
            "period": self.period,
            "status": self.status,
            "counts": self.counts,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class Batch:
    reports: list[CheckResult]

    @property
    def exit_code(self) -> int:
        return max((r.exit_code for r in self.reports), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {"version": 1, "files": [r.to_dict() for r in self.reports]}
