"""Submissions: ingesting received files, the status board, and roll-forward of the roster."""

from fedxl.submissions.ingest import IngestBatch, IngestResult, inbox_files, inbox_skipped, ingest
from fedxl.submissions.status import (
           StatusBoard,
           TownStatus,
           default_status_month,
           resolve_month,
           status_board,
)

__all__ = ["IngestBatch", "IngestResult", "StatusBoard", "TownStatus", "default_status_month",
           "inbox_files", "inbox_skipped", "ingest", "resolve_month", "status_board"]
