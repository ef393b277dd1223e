"""A city on one server: its districts' stores read side by side (`fedxl city …`).

A city's workspace is a folder whose fedxl.toml has `[city] name` and `districts`, and the
`[store] url` of the PostgreSQL database its districts write to (or FEDXL_DATABASE_URL). Each
district's store keeps the district's own fedxl.toml and form files (`Store.profile`); the city
makes a read-only copy of each district's workspace from them
(workbooks/.fedxl-cache/districts/<区>/) and reads the district through it, so every board, figure
and rate of a district is the one the district itself gets. The city's are their sums, rates
recomputed from the summed parts, never averaged. Every district's figures end at the same day
E (the latest month any district has an accepted ledger of): in a half or a year, a district
whose towns have not sent that month's ledgers yet is counted from their earlier ones, as a
district counts a town; a district without any accepted ledger of the period has no figures
and is named as such, not counted as zeros.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from fedxl.errors import ConfigError, UsageError
from fedxl.form.periods import Period
from fedxl.merging.summary import Summary
from fedxl.reports import ReportResult
from fedxl.submissions.status import StatusBoard
from fedxl.workspace import Workspace, find_workspace
from fedxl.workspace.config import CityConfig, load_city

CACHE = Path(".fedxl-cache") / "districts"
T = TypeVar("T")


@dataclass
class City:
    root: Path
    # each district's copy, made once for this City (a command reads each district once)
    _mirrors: dict[str, Workspace] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def config(self) -> CityConfig:
        return load_city(self.root / "fedxl.toml")

    @property
    def url(self) -> str:
        from fedxl.store.backend import URL_ENV

        url = os.environ.get(URL_ENV, "").strip() or self.config.store_url
        if not url:
            raise ConfigError("city.no_store", file=str(self.config.path))
        return url

    @property
    def workbooks(self) -> Path:
        return self.root / "workbooks"

    def folder(self, name: str) -> Path:
        path = self.workbooks / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def district(self, name: str) -> Workspace:
        """The district `name` as its store describes it: a read-only copy of its workspace
        whose store is the district's schema on the city's server. UsageError when the database
        has no such district."""
        from fedxl.files.atomic import write_text_atomic
        from fedxl.files.names import safe_filename
        from fedxl.store.backend import district_profile

        if name in self._mirrors:
            return self._mirrors[name]
        files = district_profile(self.url, name)
        if files is None or "fedxl.toml" not in files:
            raise UsageError("city.unknown_district", district=name, city=self.config.name)
        folder = self.workbooks / CACHE / safe_filename(name)
        for stale in (folder / "templates").glob("form*.toml"):
            if f"templates/{stale.name}" not in files:
                stale.unlink()
        for relative, text in files.items():
            path = folder / relative
            try:
                same = path.read_text(encoding="utf-8") == text
            except OSError:
                same = False
            if not same:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_text_atomic(path, text)
        ws = Workspace(folder, store_url=self.url)
        if ws.config.district.name != name:  # the district renamed itself since
            raise UsageError("city.unknown_district", district=name, city=self.config.name)
        self._mirrors[name] = ws
        return ws

    def districts(self) -> list[tuple[str, Workspace]]:
        return [(name, self.district(name)) for name in self.config.districts]


def open_city(path: str | Path | None = None) -> City:
    """The city's workspace at `path`, or the nearest above the current folder."""
    found = find_workspace(explicit=Path(path) if path is not None else None)
    city = City(found.root)
    city.config  # noqa: B018 - checked now: a district's workspace says so here
    return city


@dataclass
class CityBoard:
    """The reporting board of a month, district by district (each on its own deadline)."""

    city: str
    month: str
    districts: list[tuple[str, StatusBoard]] = field(default_factory=list)

    def count(self, *states: str) -> int:
        return sum(board.count(*states) for _, board in self.districts)

    @property
    def expected(self) -> int:
        return sum(len(board.towns) for _, board in self.districts)

    @property
    def rate(self) -> float:
        return round(self.count("submitted", "late") / self.expected, 4) if self.expected else 0.0

    @property
    def on_time_rate(self) -> float:
        return round(self.count("submitted") / self.expected, 4) if self.expected else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "city": self.city,
            "month": self.month,
            "expected": self.expected,
            "reported": self.count("submitted", "late"),
            "on_time": self.count("submitted"),
            "rate": self.rate,
            "on_time_rate": self.on_time_rate,
            "districts": [
                {
                    "district": name,
                    "deadline": board.deadline.isoformat(),
                    "expected": len(board.towns),
                    "reported": board.count("submitted", "late"),
                    "on_time": board.count("submitted"),
                    **board.to_dict(),
                }
                for name, board in self.districts
            ],
        }


def _each_district(city: City, work: Callable[[Workspace], T]) -> list[T]:
    """`work` done for each district, two at a time: one district's questions to the server
    overlap another's computing (each on its own connection)."""
    from concurrent.futures import ThreadPoolExecutor

    districts = [ws for _, ws in city.districts()]  # each copy made once, here
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="fedxl-city") as pool:
        return list(pool.map(work, districts))


def city_status(city: City, month: str, *, now: dt.datetime | None = None) -> CityBoard:
    """Every district's board for `month` as of `now`, and the city's rates."""
    from fedxl.store import open_store
    from fedxl.submissions.status import status_board

    when = now or dt.datetime.now().replace(microsecond=0)

    def board(ws: Workspace) -> StatusBoard:
        with open_store(ws, readonly=True) as store:
            return status_board(ws.config, store, month, now=when)

    boards = _each_district(city, board)
    return CityBoard(city.config.name, month, list(zip(city.config.districts, boards, strict=True)))


def _month_board(city: City, figures: CitySummary, *, now: dt.datetime) -> CityBoard:
    """The board of a month whose figures are made: each district's Summary holds its board
    already (the board of E's month); only a district without figures is asked again."""
    from fedxl.store import open_store
    from fedxl.submissions.status import status_board

    month = figures.period.months[-1]
    boards = []
    for (name, summary), (_, ws) in zip(figures.districts, city.districts(), strict=True):
        if summary is not None and summary.board.month == month:
            boards.append((name, summary.board))
            continue
        with open_store(ws, readonly=True) as store:
            boards.append((name, status_board(ws.config, store, month, now=now)))
    return CityBoard(city.config.name, month, boards)


@dataclass
class CitySummary:
    """The figures of a period, district by district, and the city's (`fedxl city metrics`)."""

    city: str
    period: Period
    end: dt.date
    districts: list[tuple[str, Summary | None]]  # None: no accepted ledger of the period
    total: dict[str, Any]

    @property
    def columns(self) -> list[str]:
        first = next((s for _, s in self.districts if s is not None), None)
        return first.columns if first is not None else []

    @property
    def new_by_month(self) -> list[int]:
        """Organisations founded in each month of the year to E, all districts together."""
        found = [s.new_by_month for _, s in self.districts if s is not None]
        return [sum(counts) for counts in zip(*found, strict=True)] if found else []

    def to_dict(self) -> dict[str, Any]:
        from fedxl.merging.metrics import WITHDRAWN

        cols = [*self.columns, WITHDRAWN]
        return {
            "city": self.city,
            "period": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.end.isoformat(),
            "total": {c: self.total.get(c) for c in cols},
            "districts": [
                {
                    "district": name,
                    "figures": {c: s.total.get(c) for c in cols} if s is not None else None,
                    "coverage": s.coverage if s is not None else None,
                }
                for name, s in self.districts
            ],
        }


def latest_month(city: City, *, now: dt.datetime | None = None) -> str | None:
    """The latest month any district has an accepted ledger of (received by `now`)."""
    from fedxl.store import open_store

    by = (now or dt.datetime.now()).isoformat()

    def last(ws: Workspace) -> str | None:
        with open_store(ws, readonly=True) as store:
            months = store.accepted_months(by=by)
        return months[-1] if months else None

    found = [m for m in _each_district(city, last) if m is not None]
    return max(found) if found else None


def city_metrics(city: City, period: Period, *, now: dt.datetime | None = None) -> CitySummary:
    """Each district's figures of `period` (ending at the city's E) and the city's sums."""
    from fedxl.form.periods import period_end
    from fedxl.merging import period_figures
    from fedxl.merging.metrics import TownFigures, district_total

    now = now or dt.datetime.now().replace(microsecond=0)
    latest = latest_month(city, now=now)

    def figures(ws: Workspace) -> Summary | None:
        try:
            return period_figures(ws, period, now=now, latest=latest)
        except UsageError as exc:
            if exc.key != "period.empty":
                raise
            return None  # nothing accepted in the period: no figures, not zeros

    found = _each_district(city, figures)
    rows: list[tuple[str, Summary | None]] = list(zip(city.config.districts, found, strict=True))
    if all(s is None for _, s in rows):
        raise UsageError("period.empty", period=period.cn)
    parts = [TownFigures(name, "submitted", figures=s.total) for name, s in rows if s is not None]
    quotas = [int(s.total.get("年度建组任务") or 0) for _, s in rows if s is not None]
    total = district_total(parts, [q for q in quotas if q])
    return CitySummary(city.config.name, period, period_end(period, latest), rows, total)


@dataclass
class CityMergeResult:
    path: Path
    summary: CitySummary
    board: CityBoard
    kept: Path | None = None  # an edited copy left in place; the new summary went beside it


class _Outputs:
    """What the city wrote (workbooks/.fedxl-outputs.json: each file's sha256), so a summary
    someone edited is kept and the new one goes beside it, as in a district."""

    def __init__(self, city: City) -> None:
        self.path = city.workbooks / ".fedxl-outputs.json"

    def _read(self) -> dict[str, list[str]]:
        import json

        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def output_hashes(self, name: str) -> set[str]:
        return {str(h) for h in self._read().get(name, [])}

    def add_output_hash(self, name: str, sha256: str) -> None:
        import json

        from fedxl.files.atomic import write_text_atomic

        data = self._read()
        data[name] = sorted({*data.get(name, []), sha256})
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1))


def city_merge(city: City, month: str, *, now: dt.datetime | None = None) -> CityMergeResult:
    """workbooks/summaries/<city>新领域妇联组织建设汇总表_<month>.xlsx: a row per district and
    全市合计, 报送情况 by district, a sheet per district with its towns, charts."""
    from functools import partial

    from fedxl.files.atomic import write_output
    from fedxl.form.periods import Month
    from fedxl.merging import summary_name
    from fedxl.merging.workbook import write_city_summary

    now = now or dt.datetime.now().replace(microsecond=0)
    figures = city_metrics(city, Period.of_month(month), now=now)
    board = _month_board(city, figures, now=now)
    boards = dict(board.districts)
    rows = [(name, s, boards[name]) for name, s in figures.districts]
    form_title = next(ws.forms.for_year(Month.of(month).year).title for _, ws in city.districts())
    target = city.folder("summaries") / summary_name(city.config.name, form_title, month)
    write = partial(
        write_city_summary,
        city.config.name,
        figures.period,
        figures.end,
        now,
        rows,
        figures.total,
        figures.new_by_month,
    )
    written = write_output(target, write, _Outputs(city))
    return CityMergeResult(written.path, figures, board, written.kept)


def as_summary(figures: CitySummary) -> Summary:
    """The city's figures as one Summary whose rows are its districts (what the reports read):
    the city's sums, every district's towns' ledgers and 预警 under 区县+镇街 names."""
    import dataclasses

    from fedxl.merging.metrics import TownFigures

    with_data = [(name, s) for name, s in figures.districts if s is not None]
    first = with_data[0][1]
    towns = [
        TownFigures(
            name,
            "submitted" if s is not None else "missing",
            s.month if s is not None else None,
            s.total if s is not None else {},
            quota=s.total.get("年度建组任务") if s is not None else None,
        )
        for name, s in figures.districts
    ]
    ledgers = {
        f"{name}{town}": ledger for name, s in with_data for town, ledger in s.ledgers.items()
    }
    alerts = [
        dataclasses.replace(alert, town=f"{name}{alert.town}")
        for name, s in with_data
        for alert in s.alerts
    ]
    return Summary(
        figures.period,
        figures.end,
        first.window,
        first.domains,
        [],
        towns,
        figures.total,
        first.board,
        first.now,
        ledgers,
        alerts,
        figures.new_by_month,
        first.domain_name,
    )


def city_briefing(
    city: City, month: str, *, now: dt.datetime | None = None, pdf: bool = False
) -> ReportResult:
    """workbooks/reports/<city>工作简报_<month>.docx from the city's template
    (templates/city_briefing.docx in the city's folder, else the shipped one): the districts'
    figures and the city's, the districts' highlights and problems. 第N期 is the month's
    number."""
    import tempfile

    from fedxl.reports import ReportResult, report_name
    from fedxl.reports.charts import bar_chart
    from fedxl.reports.context import city_context
    from fedxl.reports.pdf import to_pdf
    from fedxl.reports.render import render_docx
    from fedxl.workspace.resources import default_templates_dir

    now = now or dt.datetime.now().replace(microsecond=0)
    figures = city_metrics(city, Period.of_month(month), now=now)
    board = _month_board(city, figures, now=now)
    summary = as_summary(figures)
    cfg = city.config
    context = city_context(
        cfg.name, cfg.federation, cfg.report_to, summary, board.districts, today=now.date()
    )
    context["issue_no"] = int(month[5:])
    own = city.root / "templates" / "city_briefing.docx"
    template = own if own.is_file() else default_templates_dir() / "city_briefing.docx"
    target = city.folder("reports") / report_name(cfg.name, "briefing", month)
    result = ReportResult(target)
    with tempfile.TemporaryDirectory(prefix="fedxl-chart-") as tmp:
        chart = Path(tmp) / "chart.png"
        reported = [t for t in summary.towns if t.figures]
        warning = bar_chart(
            [t.town for t in reported],
            [t.figures["妇委会总数"] for t in reported],
            "各区县新领域妇委会数（个）",
            chart,
        )
        if warning:
            result.warnings.append(warning)
        written = render_docx(template, context, target, chart, log=_Outputs(city))
    result.path, result.kept, result.context = written.path, written.kept, context
    if pdf:
        outcome = to_pdf(result.path)
        result.pdf, result.pdf_problem = outcome.path, outcome.problem
        result.pdf_unavailable = outcome.path is None
    return result


__all__ = [
    "as_summary",
    "city_briefing",
    "CityMergeResult",
    "city_merge",
    "City",
    "CityBoard",
    "CitySummary",
    "city_metrics",
    "city_status",
    "latest_month",
    "open_city",
]
