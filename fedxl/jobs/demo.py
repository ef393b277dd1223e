"""`fedxl demo [DIR]`: a fictional district through its monthly cycle and across a year change.

The first act is a summer: ledgers of May, June and July come in, July's summary, the July
briefing, the first half's report and a reminder are written as of 10 August. The second act
crosses the year: a town set up in September reports from November, December's ledgers arrive
in early January, a town is renamed from 2027, January's blanks go out on 4 January, one
town's December ledger comes after them and is still December's, and January's ledgers come in
early February; December's and January's summaries and January's briefing (which compares
January with December) are written as of 10 February. Each file's received time is in
workbooks/demo/manifest.json; the register changes are made in fedxl.toml as a clerk would.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fedxl.jobs.demo_data import LATE_DECEMBER, NEW_TOWN, NEW_TOWN_SINCE, RENAMED
from fedxl.jobs.setup import init_workspace
from fedxl.workspace import Workspace

DEMO_YEAR, DEMO_MONTH, DEMO_HALF = 2026, "2026-07", "2026H1"
# "now" of the first act: July's deadline (5 August) has passed
DEMO_NOW = dt.datetime(2026, 8, 10, 17)
NEW_TOWN_ADDED = dt.datetime(2026, 9, 1, 9)  # the clerk adds the new town to fedxl.toml
RENAMED_AT = dt.datetime(2027, 1, 2, 9)  # ... and renames a town for 2027
JANUARY_BLANKS = dt.datetime(2027, 1, 4, 8, 30)  # January's blanks go out
# "now" of the second act: January's deadline has passed
YEAR_END_NOW = dt.datetime(2027, 2, 10, 17)


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
    # the second act: across the year
    # December's and January's summaries, January's briefing
    year_end: list[Path] = field(default_factory=list)
    january_blanks: list[Path] = field(default_factory=list)
    december: dict[str, str] = field(default_factory=dict)  # town -> state on December's board
    december_rate: float = 0.0
    december_on_time: float = 0.0
    look: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (message key, arguments)


def run_demo(
    root: Path, *, pdf: bool = True, step: Callable[[str], None] | None = None
) -> DemoResult:
    """Create the demo workspace in `root`, play both acts and return what was made."""
    from fedxl.blank import make_blank_ledgers
    from fedxl.merging import merge
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
    result: DemoResult | None = None

    def first_act() -> None:
        nonlocal result
        say("生成 8 月空白台账（带入全年记录）")
        blank = [b.path for b in make_blank_ledgers(ws, list(ws.config.towns[:2]), DEMO_YEAR, 8)]
        say("汇总 7 月")
        merged = merge(_fresh(ws), DEMO_MONTH, now=DEMO_NOW)
        result = DemoResult(
            ws.root,
            merged.path,
            blank=blank,
            rate=merged.summary.board.rate,
            on_time_rate=merged.summary.board.on_time_rate,
            alerts=len(merged.summary.alerts),
            states={t.town: t.state for t in merged.summary.board.towns},
        )
        for kind, period in (
            ("briefing", DEMO_MONTH),
            ("half-year", DEMO_HALF),
            ("reminder", DEMO_MONTH),
        ):
            say(f"生成报告：{kind}")
            _report(ws, result, kind, period, DEMO_NOW, pdf)

    def add_town() -> None:
        say(f"9 月：新设{NEW_TOWN}")
        _edit_config(
            ws,
            lambda text: text.replace(
                "\n[options]",
                f'\n[[towns]]\nname = "{NEW_TOWN}"\naliases = []\nquota = 1\nsince = '
                f'"{NEW_TOWN_SINCE}"\n'
                "\n[options]",
                1,
            ),
        )

    def rename_town() -> None:
        old, new = RENAMED
        say(f"2027 年：{old}更名为{new}")
        _edit_config(
            ws,
            lambda text: text.replace(
                f'name = "{old}"\naliases = []', f'name = "{new}"\naliases = ["{old}"]', 1
            ),
        )

    def january_blanks() -> None:
        say("生成 2027 年 1 月空白台账（只带入未撤销的妇委会）")
        fresh = _fresh(ws)
        made = [
            b.path
            for b in make_blank_ledgers(
                fresh, list(fresh.config.towns_due("2027-01")), DEMO_YEAR + 1, 1
            )
        ]
        _played(result).january_blanks = made

    events: list[tuple[dt.datetime, Callable[[], None]]] = [
        (DEMO_NOW, first_act),
        (NEW_TOWN_ADDED, add_town),
        (RENAMED_AT, rename_town),
        (JANUARY_BLANKS, january_blanks),
    ]
    batch: list[dict[str, Any]] = []
    for item in [*manifest, None]:
        when = dt.datetime.fromisoformat(item["received_at"]) if item else dt.datetime.max
        if batch and (events and events[0][0] <= when or item is None):
            _ingest(ws, source, batch, say)
            batch = []
        while events and events[0][0] <= when:
            events.pop(0)[1]()
        if item is not None:
            batch.append(item)
    done = _played(result)
    _second_act(_fresh(ws), done, pdf, say)
    done.feedback = sorted(ws.folder("feedback").iterdir())
    return done


def _played(result: DemoResult | None) -> DemoResult:
    if result is None:  # the manifest's files all came before the first act's day
        raise RuntimeError("the demo's manifest does not reach the first act")
    return result


def _second_act(ws: Workspace, result: DemoResult, pdf: bool, say: Callable[[str], None]) -> None:
    from fedxl.merging import merge
    from fedxl.submissions import resolve_month

    for month in ("2026-12", "2027-01"):
        say(f"汇总 {month}")
        merged = merge(ws, month, now=YEAR_END_NOW)
        result.year_end.append(merged.path)
        if month == "2026-12":
            board = merged.summary.board
            result.december = {t.town: t.state for t in board.towns}
            result.december_rate, result.december_on_time = board.rate, board.on_time_rate
    say("生成报告：2027 年 1 月简报")
    january = resolve_month(ws, None, latest_data=True, now=YEAR_END_NOW)
    _report(ws, result, "briefing", january, YEAR_END_NOW, pdf, into=result.year_end)
    from fedxl.i18n import t

    old, new = RENAMED
    yongan = t(f"state.{result.december.get('永安镇', 'missing')}")
    result.look = [
        ("demo.look.feedback", {"path": str(ws.folder("feedback"))}),
        ("demo.look.july", {"path": str(result.summary)}),
        (
            "demo.look.december",
            {
                "path": str(result.year_end[0]),
                "state": yongan,
                "late": LATE_DECEMBER.date().isoformat(),
                "town": NEW_TOWN,
                "since": NEW_TOWN_SINCE,
            },
        ),
        ("demo.look.blanks", {"path": str(ws.folder("blank"))}),
        ("demo.look.renamed", {"old": old, "new": new, "workspace": str(ws.root)}),
        ("demo.look.january", {"path": str(result.year_end[-1])}),
    ]


def _report(
    ws: Workspace,
    result: DemoResult,
    kind: str,
    period: str,
    now: dt.datetime,
    pdf: bool,
    into: list[Path] | None = None,
) -> None:
    from fedxl.reports import make_report

    made = make_report(ws, kind, period, pdf=pdf, now=now)
    (result.reports if into is None else into).append(made.path)
    if made.pdf:
        result.pdfs.append(made.pdf)
    result.pdf_unavailable = result.pdf_unavailable or made.pdf_unavailable
    result.pdf_problem = result.pdf_problem or made.pdf_problem


def _ingest(
    ws: Workspace, source: Path, items: list[dict[str, Any]], say: Callable[[str], None]
) -> None:
    from fedxl.submissions import ingest

    say("收件：" + "、".join(sorted({item["month"] for item in items})))
    for item in items:
        target = ws.folder("inbox") / item["file"]
        shutil.copyfile(source / item["file"], target)
        when = dt.datetime.fromisoformat(item["received_at"]).timestamp()
        os.utime(target, (when, when))  # received time = the file's modification time
    ingest(_fresh(ws), workers=1)


def _edit_config(ws: Workspace, change: Callable[[str], str]) -> None:
    path = ws.root / "fedxl.toml"
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    if changed == text:
        raise RuntimeError("the demo's fedxl.toml did not have the expected shape")
    path.write_text(changed, encoding="utf-8")


def _fresh(ws: Workspace) -> Workspace:
    """The workspace read again: fedxl.toml may have changed since (the register)."""
    return Workspace(ws.root)
