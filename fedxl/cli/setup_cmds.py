"""`fedxl init` and `fedxl template`: a new workspace and the blank ledgers for towns."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fedxl.cli.common import DebugOpt, LangOpt, WorkspaceOpt, console, open_workspace, settings
from fedxl.errors import UsageError
from fedxl.i18n import t


def init(
    ctx: typer.Context,
    directory: Annotated[
        Path, typer.Argument(help="新工作区目录，默认当前目录 / folder", show_default=False)
    ] = Path("."),
    force: Annotated[
        bool, typer.Option("--force", help="覆盖已有的 fedxl.toml / overwrite")
    ] = False,
    year: Annotated[
        int | None,
        typer.Option("--year", help="台账年度，默认今年 / ledger year", show_default=False),
    ] = None,
    district: Annotated[
        str | None,
        typer.Option(
            "--district", help="本区（县）名称，如 元宝区 / the district", show_default=False
        ),
    ] = None,
    towns: Annotated[
        str | None,
        typer.Option(
            "--towns",
            help="各镇街名称，用逗号或顿号分开 / the towns, comma-separated",
            show_default=False,
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """新建工作区：fedxl.toml（本区和各镇街，带说明）、templates/、workbooks/ 各文件夹。"""
    import re
    import sys

    import fedxl

    settings(ctx, workspace, lang, debug)
    if district is None and towns is None and sys.stdin.isatty():  # a clerk at the console: ask
        district = typer.prompt(t("init.ask_district"))
        towns = typer.prompt(t("init.ask_towns"))
    names = [n for n in re.split(r"[,，、;；\s]+", towns) if n] if towns is not None else None
    ws = fedxl.api.init_workspace(directory, force=force, year=year, district=district, towns=names)
    out = console()
    out.print(t("workspace.created", path=str(ws.root)))
    out.print(t("workspace.next_steps", config=str(ws.root / "fedxl.toml")))
    if names is None:
        out.print(t("init.example"), style="yellow")


def template(
    ctx: typer.Context,
    town: Annotated[
        str | None, typer.Option("--town", "-t", help="镇街名称或别名 / town", show_default=False)
    ] = None,
    all_towns: Annotated[bool, typer.Option("--all", help="为全部镇街生成 / every town")] = False,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="不带入上次报送的妇委会名录 / no roll-forward")
    ] = False,
    month: Annotated[
        str | None,
        typer.Option(
            "--month", "-m", help="截至月份 YYYY-MM，默认本月 / month", show_default=False
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """生成空白台账：workbooks/blank/<镇街>_<月份>_基础台账.xlsx。"""
    import fedxl

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    if not all_towns and not town:
        raise UsageError("template.need_town")
    made = fedxl.template(ws, None if all_towns else [str(town)], month, fresh=fresh)
    out = console()
    out.print(t("template.written", count=len(made)))
    for item in made:
        line = f"  {item.path}"
        if item.rolled_from is not None:
            line += "  " + t("template.rolled", n=item.rolled_rows, id=item.rolled_from)
        out.print(line)
