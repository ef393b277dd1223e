"""Submissions: ingesting received files, the status board, and roll-forward of the roster."""

from fedxl.submissions.inbox import inbox_files, inbox_skipped
from fedxl.submissions.ingest import IngestBatch, IngestResult, ingest
from fedxl.submissions.status import (
    StatusBoard,
    TownStatus,
    collecting_month,
    latest_data_month,
    resolve_month,
    status_board,
)

__all__ = [
    "IngestBatch",
    "IngestResult",
    "StatusBoard",
    "TownStatus",
    "collecting_month",
    "latest_data_month",
    "inbox_files",
    "inbox_skipped",
    "ingest",
    "resolve_month",
    "status_board",
]
