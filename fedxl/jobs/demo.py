"""`fedxl demo [DIR]`: a fictional district and its whole monthly cycle, in one command."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fedxl.jobs.setup import init_workspace
from fedxl.workspace import Workspace

DEMO_YEAR, DEMO_MONTH, DEMO_HALF = 2026, "2026-07", "2026H1"
DEMO_NOW = dt.datetime(2026, 8, 10, 17)  # "now" of the demo: July's deadline (5 August) has passed


@dataclass
class DemoResult:
    workspace: Path
    summary: Path
    reports: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    feedback: list[Path] = field(default_factory=list)
    blank: list[Path] = field(default_factory=list)
    rate: float = 0.0
    on_time_rate: float = 0.0
    states: dict[str, str] = field(default_factory=dict)
    alerts: int = 0
    pdf_unavailable: bool = False
    pdf_problem: str = ""


def run_demo(root: Path, *, pdf: bool = True, step: Callable[[str], None] | None = None) -> DemoResult:
    """Create the demo workspace in `root` and run ingest, merge and the three reports.

    Ledgers of May, June and July: the July briefing compares July with June, the first half's
    report has the half's figures (to 30 June), which differ from the year's (to 31 July).
    """
    from fedxl.blank import make_blank_ledgers
    from fedxl.merging import merge
    from fedxl.reports import make_report
    from fedxl.submissions import ingest
    from fedxl.workspace.resources import demo_data_dir

    def say(text: str) -> None:
        if step:
            step(text)

    say("创建工作区")
    init_workspace(root, force=True, year=DEMO_YEAR)
    ws = Workspace(root.resolve())
    config = ws.root / "fedxl.toml"  # the demo district numbers its notices and names a contact
    text = config.read_text(encoding="utf-8")
    for key in ("doc_prefix", "contact_person", "contact_phone"):
        text = text.replace(f"# {key} =", f"{key} =")
    config.write_text(text, encoding="utf-8")
    source = demo_data_dir()
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    for month in sorted({item["month"] for item in manifest}):
        say(f"收件：{month}")
        for item in manifest:
            if item["month"] != month:
                continue
            target = ws.folder("inbox") / item["file"]
            shutil.copyfile(source / item["file"], target)
            when = dt.datetime.fromisoformat(item["received_at"]).timestamp()
            os.utime(target, (when, when))  # received time = the file's modification time
        ingest(ws, workers=1)
    say("生成 8 月空白台账（带入全年记录）")
    blank = [b.path for b in make_blank_ledgers(ws, list(ws.config.towns[:2]), DEMO_YEAR, 8)]
    say("汇总")
    merged = merge(ws, DEMO_MONTH, now=DEMO_NOW)
    result = DemoResult(ws.root, merged.path, blank=blank, rate=merged.summary.board.rate,
                        on_time_rate=merged.summary.board.on_time_rate, alerts=len(merged.summary.alerts),
                        states={t.town: t.state for t in merged.summary.board.towns})
    for kind, period in (("briefing", DEMO_MONTH), ("half-year", DEMO_HALF), ("reminder", DEMO_MONTH)):
        say(f"生成报告：{kind}")
        made = make_report(ws, kind, period, pdf=pdf, now=DEMO_NOW)
        result.reports.append(made.path)
        if made.pdf:
            result.pdfs.append(made.pdf)
        result.pdf_unavailable = result.pdf_unavailable or made.pdf_unavailable
        result.pdf_problem = result.pdf_problem or made.pdf_problem
    result.feedback = sorted(ws.folder("feedback").iterdir())
    return result
