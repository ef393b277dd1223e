"""`fedxl init` and `fedxl template`: a new workspace and the blank ledgers for towns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from fedxl.cli.common import DebugOpt, LangOpt, WorkspaceOpt, console, open_workspace, settings
from fedxl.errors import UsageError
from fedxl.i18n import t


def init(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="新工作区目录，默认当前目录 / folder", show_default=False)] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的 fedxl.toml / overwrite")] = False,
    year: Annotated[int | None, typer.Option("--year", help="台账年度，默认今年 / ledger year", show_default=False)] = None,
    workspace: WorkspaceOpt = None, lang: LangOpt = None, debug: DebugOpt = False,
) -> None:
    """新建工作区：fedxl.toml（带说明的示例）、templates/、workbooks/ 各文件夹。"""
    from fedxl.jobs.setup import init_workspace

    settings(ctx, workspace, lang, debug)
    ws = init_workspace(directory, force=force, year=year)
    out = console()
    out.print(t("workspace.created", path=str(ws.root)))
    out.print(t("workspace.next_steps", config=str(ws.root / "fedxl.toml")))


def template(
    ctx: typer.Context,
    town: Annotated[str | None, typer.Option("--town", "-t", help="镇街名称或别名 / town", show_default=False)] = None,
    all_towns: Annotated[bool, typer.Option("--all", help="为全部镇街生成 / every town")] = False,
    fresh: Annotated[bool, typer.Option("--fresh", help="不带入上次报送的妇委会名录 / no roll-forward")] = False,
    month: Annotated[str | None, typer.Option("--month", "-m", help="截至月份 YYYY-MM，默认本月 / month", show_default=False)] = None,
    workspace: WorkspaceOpt = None, lang: LangOpt = None, debug: DebugOpt = False,
) -> None:
    """生成空白台账：workbooks/blank/<镇街>_<月份>_基础台账.xlsx。"""
    from fedxl.blank import make_blank_ledgers
    from fedxl.form.periods import Month, template_month

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    cfg = ws.config
    this = Month.containing(dt.date.today())
    y, m = template_month(month) if month else (this.year, this.number)  # any year: January's blanks in December
    if all_towns:
        towns = list(cfg.towns_due(str(Month(y, m))))  # the towns that report that month
    elif town:
        found = cfg.find_town(town)
        if found is None:
            raise UsageError("template.town_unknown", town=town,
                             towns="、".join(x.name for x in cfg.towns))
        towns = [found]
    else:
        raise UsageError("template.need_town")
    _ = ws.form  # validate the form file before writing anything
    made = make_blank_ledgers(ws, towns, y, m, roll_forward=not fresh)
    out = console()
    out.print(t("template.written", count=len(made)))
    for item in made:
        line = f"  {item.path}"
        if item.rolled_from is not None:
            line += "  " + t("template.rolled", n=item.rolled_rows, id=item.rolled_from)
        out.print(line)
