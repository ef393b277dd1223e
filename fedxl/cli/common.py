"""Options shared by every command, and the per-invocation settings they produce."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from fedxl.errors import UsageError
from fedxl.i18n import LANGS, lang_is_explicit, set_lang, t

WorkspaceOpt = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help="工作区目录（含 fedxl.toml）；默认从当前目录向上查找 / workspace folder",
        show_default=False,
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help="提示语言 zh 或 en / message language", show_default=False),
]
DebugOpt = Annotated[
    bool, typer.Option("--debug", help="出错时显示完整的错误追踪 / show tracebacks")
]
MonthOpt = Annotated[
    str | None,
    typer.Option(
        "--month",
        "-m",
        help=(
            "月份，如 2026-06、202606、2026年6月；报送情况默认正在收报的月份，"
            "汇总、数据和报告默认最近有通过台账的月份 / month (default: the month being "
            "collected for status; the latest with accepted data for merge, metrics and reports)"
        ),
        show_default=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="按某天的情况计算（YYYY-MM-DD），用于重做旧报告；默认今天 / take 'now' as this day",
        show_default=False,
    ),
]


@dataclass
class Settings:
    workspace: Path | None = None
    lang: str | None = None
    debug: bool = False


def settings(
    ctx: typer.Context, workspace: Path | None = None, lang: str | None = None, debug: bool = False
) -> Settings:
    """Merge a command's own global options with those given before the command."""
    root = ctx.find_root()
    base: Settings = root.obj if isinstance(root.obj, Settings) else Settings()
    merged = Settings(
        workspace=workspace or base.workspace, lang=lang or base.lang, debug=debug or base.debug
    )
    root.obj = merged
    apply_lang(merged.lang)
    return merged


def apply_lang(lang: str | None) -> None:
    if lang is None:
        return
    if lang not in LANGS:
        raise UsageError("lang.bad", lang=lang)
    set_lang(lang)


def open_workspace(opts: Settings) -> Any:
    """The workspace for this command; the config's language applies unless one was chosen."""
    from fedxl.api import open_workspace as find

    ws = find(opts.workspace)
    cfg = ws.config
    if not lang_is_explicit():
        set_lang(cfg.options.lang)
    if cfg.encoding != "utf-8":
        console(stderr=True).print(t("toml.gbk", file=str(cfg.path)), style="dim")
    return ws


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def resolve_month(ws: Any, month: str | None, *, latest_data: bool = False, now: Any = None) -> str:
    """`--month` checked, or the month the clerk means (see fedxl.month_meant), said on
    stderr so that she knows which month she is looking at (JSON on stdout stays clean)."""
    from fedxl.api import Month, month_meant

    chosen = month_meant(ws, month, latest_data=latest_data, as_of=now)
    if month is None:
        key = "month.taken.data" if latest_data else "month.taken.collecting"
        console(stderr=True).print(t(key, month=Month.of(chosen).cn), style="dim")
    return chosen


def as_of(text: str | None) -> Any:
    """ "Now" for a command: the end of the `--as-of` day, or the clock."""
    from fedxl.api import as_of_time, parse_as_of

    return as_of_time(parse_as_of(text))


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".et")


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files given on the command line: a folder stands for the workbooks in it, and wildcards
    (`*.xlsx`, which cmd.exe on Windows passes through as they are) are expanded here."""
    out: list[Path] = []
    for path in paths:
        text = str(path)
        if not path.exists() and any(ch in text for ch in "*?["):
            matches = sorted(p for p in Path(path.parent).glob(path.name) if p.is_file())
            out.extend(matches or [path])  # nothing matched: reported as a missing file
        elif path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and p.suffix.lower() in WORKBOOK_SUFFIXES
                    and not p.name.startswith(("~$", ".~lock."))
                )
            )
        else:
            out.append(path)
    return out


HalfOpt = Annotated[
    str | None, typer.Option("--half", help="半年，如 2026H1 / a half", show_default=False)
]
YearOpt = Annotated[
    str | None, typer.Option("--year", help="全年，如 2026 / a year", show_default=False)
]


def chosen_period(
    month: str | None, half: str | None, year: str | None, default_month: Callable[[], str]
) -> Any:
    """The period `--month`, `--half` or `--year` names (one at most; none: `default_month()`)."""
    from fedxl.api import Period, month_arg, parse_half, parse_year

    if sum(x is not None for x in (month, half, year)) > 1:
        raise UsageError("period.choose_one")
    if half is not None:
        return parse_half(half)
    if year is not None:
        return parse_year(year)
    return Period.of_month(month_arg(month) if month else default_month())
