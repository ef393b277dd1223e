"""`fedxl serve` and `fedxl links`: the web intake."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from fedxl.cli.common import DebugOpt, LangOpt, WorkspaceOpt, console, open_workspace, settings
from fedxl.i18n import t


def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            "--host", help="监听地址；0.0.0.0 让局域网里的电脑访问 / address to listen on"
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口 / port")] = 8750,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """网页收件：各镇街用自己的链接报送台账，马上看到校验结果、下载反馈表（按 Ctrl+C 停止）。"""
    import fedxl

    opts = settings(ctx, workspace, lang, debug)
    ws = open_workspace(opts)
    out: Any = console()

    def ready(info: dict[str, Any]) -> None:
        out.print(t("web.serving", url=info["url"]))
        out.print(t("web.serving_admin", url=info["admin"]))
        out.print(t("web.serving_links"))
        out.print(t("web.serving_lan" if info["lan"] else "web.serving_local", port=info["port"]))
        if info["resumed"]:
            out.print(t("web.resumed", count=info["resumed"]), style="yellow")

    fedxl.serve(
        ws,
        host=host,
        port=port,
        on_ready=ready,
        debug=opts.debug,
        on_upload=lambda line: out.print(line),
    )


def links(
    ctx: typer.Context,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="镇街打开的地址，如 http://192.168.1.20:8750 / the address towns open",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON / JSON output")] = False,
    renew: Annotated[
        str | None,
        typer.Option(
            "--renew", help="更换某个镇街（或 admin）的链接，旧链接立即失效 / replace a town's link"
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """各镇街的报送链接和区妇联管理页面的链接。"""
    import fedxl

    opts = settings(ctx, workspace, lang, debug)
    ws = open_workspace(opts)
    data = fedxl.links(ws, base_url=base_url, renew=renew)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    out: Any = console()
    if renew:  # only the new link: the others are as they were
        out.print(t("links.renewed", town=renew), style="yellow")
        town = ws.config.find_town(renew)  # a town's other spelling works too
        row = next((x for x in data["towns"] if town is not None and x["town"] == town.name), None)
        out.print(row["url"] if row else f"{t('links.admin')}：{data['admin']['url']}")
        return
    table = Table(show_lines=False)
    table.add_column(t("links.town"), no_wrap=True)
    table.add_column(t("links.url"), overflow="fold")
    for row in data["towns"]:
        table.add_row(row["town"], row["url"])
    out.print(table)
    out.print(f"{t('links.admin')}：{data['admin']['url']}")
    out.print(t("links.note"))
