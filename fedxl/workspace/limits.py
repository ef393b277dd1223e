"""Limits applied to every received file before and while it is parsed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_file_mb: float = 50
    max_unzipped_mb: float = 500
    max_member_mb: float = 200
    max_ratio: float = 200
    max_rows: int = 200_000
    max_cells: int = 5_000_000
    max_text_mb: float = 200  # the sheets' XML and shared strings, uncompressed
    max_merges: int = 20_000  # merged ranges in a workbook (openpyxl and calamine build each one)
    max_findings: int = 5_000
    # a marked copy of a larger file is not made (openpyxl: ~500 B a cell)
    max_feedback_cells: int = 1_000_000
    max_memory_mb: float = 1536  # address space a worker that reads one file may add to its own
    max_seconds: float = 60  # CPU time the worker may spend on one file
    uploads_per_minute: int = 12  # fedxl serve: uploads one town's link may send in a minute
