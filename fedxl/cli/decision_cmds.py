"""The district's decisions: `fedxl void`, `extend`, `review`, `reopen` and `log`."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from fedxl.cli.common import (
    DebugOpt,
    LangOpt,
    MonthOpt,
    WorkspaceOpt,
    console,
    open_workspace,
    settings,
)
from fedxl.errors import UsageError
from fedxl.i18n import t

ReasonOpt = Annotated[
    str,
    typer.Option(
        "--reason",
        help="原因（记入操作记录；退回的原因镇街能看到） / why (kept in the log)",
        show_default=False,
    ),
]
IdArg = Annotated[
    int, typer.Argument(help="报送记录编号（fedxl status 里的份数旁） / submission id")
]
TownArg = Annotated[str, typer.Argument(help="镇街名称或别名 / town")]
TownOpt = Annotated[
    str | None, typer.Option("--town", "-t", help="镇街名称或别名 / town", show_default=False)
]
JsonOpt = Annotated[bool, typer.Option("--json", help="以 JSON 输出 / JSON output")]


def _month(ws: Any, month: str | None) -> str:
    if month is None:
        raise UsageError("decide.need_month")
    import fedxl.api

    return fedxl.api.month_meant(ws, month)


def _said(result: Any) -> None:
    """What the decision did, and the town's month's effective submission after it."""
    import datetime as dt

    from fedxl.api import cn_date, cn_month

    out = console()
    d = result.decision
    month = cn_month(d.month) if d.month else ""
    sid = result.submission.id if result.submission is not None else ""
    out.print(
        t(
            f"decide.done.{d.kind}",
            id=sid,
            reason=d.reason,
            town=d.town or "",
            month=month,
            until=cn_date(dt.date.fromisoformat(d.until)) if d.until else "",
        ),
        style="bold",
    )
    if result.reopened:
        out.print(
            t(
                "decide.done.reopened",
                ids="、".join(str(i) for i in result.reopened),
                effective=result.effective.id if result.effective else "—",
            )
        )
    if d.kind != "extend" and d.town and d.month:
        if result.effective is not None:
            out.print(t("decide.effective", town=d.town, month=month, id=result.effective.id))
        else:
            out.print(t("decide.none_effective", town=d.town, month=month), style="yellow")


def void(
    ctx: typer.Context,
    submission_id: IdArg,
    reason: ReasonOpt = "",
    undo: Annotated[bool, typer.Option("--undo", help="恢复已作废的报送 / put it back")] = False,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """作废一份报送（例如报错了镇街、发错了文件）：不再生效，记录和文件都保留；--undo 恢复。"""
    import fedxl.api

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    _said(fedxl.api.void(ws, submission_id, reason=reason, undo=undo))


def extend(
    ctx: typer.Context,
    town: TownArg,
    month: MonthOpt = None,
    until: Annotated[
        str,
        typer.Option("--until", help="延至哪天（含），如 2026-08-15 / the new last day"),
    ] = "",
    reason: ReasonOpt = "",
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """展期：给某个镇街某个月的台账延长报送截止日期；报送情况、按时报送率和催报通知都按新日期算。"""
    import fedxl.api

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    if not until:
        raise UsageError("decide.need_until")
    _said(fedxl.api.extend(ws, town, _month(ws, month), until=until, reason=reason))


def review(
    ctx: typer.Context,
    submission_id: IdArg,
    approve: Annotated[
        bool, typer.Option("--approve", help="审核通过并锁定该镇街这个月 / approve and lock")
    ] = False,
    send_back: Annotated[
        bool, typer.Option("--return", help="退回（需写 --reason） / return it")
    ] = False,
    accept_warning: Annotated[
        int | None,
        typer.Option(
            "--accept-warning",
            help="把校验结果里序号为 N 的警告标记为已核实 / mark warning N checked",
            show_default=False,
        ),
    ] = None,
    reason: ReasonOpt = "",
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """审核一份报送：--approve 审核通过（这个月锁定，之后报来的不再生效，直到 fedxl reopen）；
    --return --reason … 退回（不再生效，镇街在报送页面和催报通知里看到原因）；
    --accept-warning N 把第 N 条警告标记为已核实（同样的数不再提示）。"""
    import fedxl.api

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    if accept_warning is not None and not approve and not send_back:
        _said(fedxl.api.accept_warning(ws, submission_id, accept_warning, reason=reason))
        return
    if approve == send_back or accept_warning is not None:
        raise UsageError("decide.review_which")
    if approve:
        _said(fedxl.api.approve(ws, submission_id))
    else:
        _said(fedxl.api.send_back(ws, submission_id, reason=reason))


def reopen(
    ctx: typer.Context,
    town: TownArg,
    month: MonthOpt = None,
    reason: ReasonOpt = "",
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """重新开放一个已审核锁定的月份：镇街可以再报送，锁定期间被拒收的台账重新判断是否生效。"""
    import fedxl.api

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    _said(fedxl.api.reopen(ws, town, _month(ws, month), reason=reason))


def log(
    ctx: typer.Context,
    month: MonthOpt = None,
    town: TownOpt = None,
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """操作记录：作废、展期、审核通过、重新开放、退回和更换链接，谁在什么时候为什么做的。"""
    import fedxl.api

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    found = fedxl.api.decisions(ws, town=town, month=month)
    if as_json:
        doc = {"version": 1, "decisions": [d.to_dict() for d in found]}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(0)
    out = console()
    if not found:
        out.print(t("log.empty"))
        return

    from rich.table import Table

    table = Table(title=t("log.title"), header_style="bold", title_style="bold")
    keys = ("at", "who", "kind", "about", "reason")
    for key in keys:
        table.add_column(t(f"log.col.{key}"), overflow="fold")
    for d in found:
        words = d.words()
        table.add_row(*(words[k] for k in keys))
    out.print(table)


def changes(
    ctx: typer.Context,
    town: TownOpt = None,
    month: MonthOpt = None,
    submission_id: Annotated[
        int | None, typer.Option("--id", help="报送编号 / submission id", show_default=False)
    ] = None,
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """某镇街这个月的台账和上一次生效的相比改了什么：新增、撤销、不见了的妇委会，改动的字段（原值 →
    新值），各表新增和减少的记录。"""
    import fedxl.api

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    found = fedxl.api.changes(ws, town=town, month=month, submission_id=submission_id)
    if as_json:
        sys.stdout.write(json.dumps(found.to_dict(), ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(0)
    out = console()
    for i, line in enumerate(found.lines()):
        out.print(line if i == 0 else "  " + line, style="bold" if i == 0 else "")


def find(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="名称、人名、电话或信用代码的一部分 / text")],
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """查找妇委会、人名（主任、包建领导、推荐人选）、电话或信用代码：在哪个镇街，每个月的情况。"""
    import fedxl.api

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    found = fedxl.api.find(ws, text)
    if as_json:
        doc = {"version": 1, "found": [f.to_dict() for f in found]}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(0)
    out = console()
    if not found:
        out.print(t("find.none", text=text))
        return
    for f in found:
        head, months = f.lines()
        out.print(head, style="bold")
        out.print("  " + months)


def recheck(
    ctx: typer.Context,
    month: MonthOpt = None,
    town: TownOpt = None,
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """改了 form.toml 或 fedxl.toml 之后，把已登记的台账按现在的设置重新校验：说明哪些现在通过、
    哪些现在不通过，哪份现在生效；原来的结果记在操作记录里。"""
    import fedxl.api
    from fedxl.api import cn_month

    ws = open_workspace(settings(ctx, workspace, lang, debug))
    done = fedxl.api.recheck(ws, month=month, town=town)
    if as_json:
        doc = {
            "checked": done.checked,
            "changed": [
                {
                    "submission_id": c.submission_id,
                    "town": c.town,
                    "month": c.month,
                    "before": c.before,
                    "after": c.after,
                    "errors_before": c.before_counts[0],
                    "errors_after": c.after_counts[0],
                }
                for c in done.changed
            ],
            "effective": [
                {"town": town_, "month": month_, "before": was, "after": now}
                for (town_, month_), (was, now) in done.effective.items()
            ],
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(0)
    out = console()
    out.print(t("recheck.done", n=done.checked, changed=len(done.changed)), style="bold")
    for c in done.changed:
        out.print(
            "  "
            + t(
                "recheck.changed",
                id=c.submission_id,
                town=c.town or "?",
                month=cn_month(c.month) if c.month else "?",
                before=t(f"status.{c.before}"),
                after=t(f"status.{c.after}"),
                errors=c.after_counts[0],
                warnings=c.after_counts[1],
            )
        )
    for (town_, month_), (was, now) in done.effective.items():
        out.print(
            "  "
            + t(
                "recheck.effective",
                town=town_,
                month=cn_month(month_),
                before=was or "—",
                after=now or "—",
            )
        )
    if done.missing:
        out.print(t("recheck.missing", ids="、".join(map(str, done.missing))), style="yellow")
