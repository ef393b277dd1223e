"""The result of checking files: a Report per file and a Batch of them (SPEC §5 JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fedxl.findings import SEVERITY_ORDER, Finding

UNREADABLE_CODES = frozenset({"file-unreadable", "file-encrypted", "file-too-large"})


@dataclass
class Record:
    """One normalised row of a table sheet: 1-based row in the original file, typed values."""

    row: int
    values: dict[str, Any]
    extra: dict[str, str] | None = None  # columns the form does not know: header -> text


@dataclass
class Report:
    file: str
    sha256: str = ""
    form_id: str | None = None
    form_version: str | None = None
    town: str | None = None
    period: str | None = None
    findings: list[Finding] = field(default_factory=list)
    data: dict[str, list[Record]] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    total_counts: dict[str, int] | None = None  # when findings were capped
    source_kind: str | None = None  # xlsx | xls | ods
    sheet_names: dict[str, str] = field(default_factory=dict)  # form sheet -> name in the file
    # the same records column by column, as checking built them: sheet -> (1-based rows,
    # {column: typed values}); the store inserts from these without touching each record
    columns: dict[str, tuple[list[int], dict[str, list[Any]]]] = field(default_factory=dict)
    store_rows: Any = None  # rows prepared for the store (set by ingest before its turn)

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
    def exit_code(self) -> int:
        return {"accepted": 0, "rejected": 1, "unreadable": 2}[self.status]

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: SEVERITY_ORDER[f.severity])

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "sha256": self.sha256,
            "form": {"id": self.form_id, "version": self.form_version},
            "town": self.town, "period": self.period, "status": self.status,
            "counts": self.counts, "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class Batch:
    reports: list[Report]

    @property
    def exit_code(self) -> int:
        return max((r.exit_code for r in self.reports), default=0)

    def to_dict(self) -> dict[str, Any]:
        return {"version": 1, "files": [r.to_dict() for r in self.reports]}
