"""The town's side: its page, the upload form and its answer, one submission's findings and
feedback, the blank ledger, and the same for programs (`/api/…`, Bearer token)."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import (
    JSONResponse,
    RedirectResponse,
    Response,
)

import fedxl
from fedxl.api import Link, Submission, cn_month
from fedxl.i18n import t
from fedxl.web.site import Intake, bearer_token, download
from fedxl.web.upload import UploadError

# --- the town's pages ---------------------------------------------------------------------


async def _visitor(request: Request) -> tuple[Intake, Link | None]:
    """The intake and the town whose link the page's address carries (None: no such link); the
    store is read off the event loop, as every store call of a page is."""
    intake: Intake = request.app.state.intake
    return intake, await asyncio.to_thread(intake.town_link, request.path_params["token"])


async def _caller(request: Request) -> tuple[Intake, Link | None]:
    """The intake and the town whose token a program sent (`Authorization: Bearer …`)."""
    intake: Intake = request.app.state.intake
    return intake, await asyncio.to_thread(intake.town_link, bearer_token(request) or "")


def _town_context(intake: Intake, link: Link) -> dict[str, Any]:
    from fedxl.api import cn_date, cn_moment, due_month

    ws = intake.ws
    month = due_month()
    board = fedxl.status(ws, month)
    subs = fedxl.api.submissions(ws, town=link.scope)
    mine = next(row for row in board.towns if row.town == link.scope)
    notes = _decision_notes(fedxl.api.decisions(ws, town=link.scope))
    history = [
        {
            "id": s.id,
            "received": cn_moment(s.received_at),
            "file": s.original_name,
            "month": cn_month(s.month) if s.month else "",
            "result": _result_text(s),
            "note": notes.get(s.id, ""),
            "ok": s.in_effect and not s.warnings,
            "bad": not s.in_effect,
            "feedback": intake.has_feedback(s),
        }
        for s in reversed(subs[-30:])
    ]
    return {
        "town": link.scope,
        "token": link.token,
        "month_text": cn_month(month),
        "month": month,
        "deadline": cn_date(board.deadline.date()),
        "until": cn_date(dt.date.fromisoformat(mine.until)) if mine.until else "",
        "approved": mine.approved,
        "returned": mine.reason if mine.state == "returned" else "",
        "state": t(f"state.{mine.state}"),
        "state_key": mine.state,
        "history": history,
        "csrf": intake.csrf(link.token),
    }


def _decision_notes(decisions: list[Any]) -> dict[int, str]:
    """What the district decided about each of the town's submissions, as the town reads it."""
    notes: dict[int, str] = {}
    for d in decisions:
        if d.submission_id is None:
            continue
        if d.kind == "return":
            notes[d.submission_id] = t("web.note_returned", reason=d.reason)
        elif d.kind == "void":
            notes[d.submission_id] = t("web.note_voided", reason=d.reason)
        elif d.kind == "unvoid":
            notes.pop(d.submission_id, None)
        elif d.kind == "approve":
            notes[d.submission_id] = t("web.note_approved")
    return notes


def _result_text(sub: Submission) -> str:
    text = t(f"status.{sub.status}")
    if sub.errors or sub.warnings:
        text += "　" + t("web.counts", errors=sub.errors, warnings=sub.warnings)
    return text


async def town_page(request: Request) -> Response:
    intake, link = await _visitor(request)
    if link is None:
        return intake.message("web.bad_link", 404)
    context = await asyncio.to_thread(_town_context, intake, link)
    # a fixed text, never the URL's
    queued = t("web.queued") if request.query_params.get("queued") == "1" else None
    return intake.page("town.html", **context, queued=queued, wechat=_in_wechat(request))


def _in_wechat(request: Request) -> bool:
    """WeChat's own browser does not download files: the page says how to open it in a browser."""
    return "micromessenger" in request.headers.get("user-agent", "").lower()


async def town_back(request: Request) -> Response:
    """The address of the form's answer opened again (a refresh, a link pasted into WeChat)."""
    return RedirectResponse(f"/t/{request.path_params['token']}", 303)


async def town_send(request: Request) -> Response:
    started = time.monotonic()
    intake, link = await _visitor(request)
    if link is None:
        return intake.message("web.bad_link", 404)
    try:
        result = await intake.take(request, link, form=True)
    except UploadError as exc:
        intake.log(link.scope, "send", f"refused {exc.status} {exc.key}", started)
        if exc.status == 202:  # queued: back to the page (a refresh must not send the file again)
            return RedirectResponse(f"/t/{link.token}?queued=1", 303)
        return intake.message(exc.key, exc.status, token=link.token, **exc.params)
    if result.submission_id is None:
        return intake.page(
            "result.html",
            **_result_context(intake, link, result.report, None, result.note or None),
            wechat=_in_wechat(request),
        )
    return RedirectResponse(
        f"/t/{link.token}/s/{result.submission_id}" + ("?dup=1" if result.duplicate else ""), 303
    )


def _result_context(
    intake: Intake,
    link: Link,
    report: Any,
    sub: Submission | None,
    duplicate: str | None,
    changed: bool = False,
) -> dict[str, Any]:
    """`duplicate`: what is said of a file sent before (which submission, what is still owed);
    `changed`: the ledger changed something (its marked copy has a 与上月对比 sheet)."""
    from fedxl.api import plan_feedback, result_heads

    plan = plan_feedback(report)
    counts = report.counts
    if report.status == "unreadable":
        verdict, tone = t("web.unreadable"), "bad"
    elif counts["error"]:
        verdict, tone = t("web.received_bad", errors=counts["error"]), "bad"
    elif counts["warning"]:
        verdict, tone = t("web.received_warn", warnings=counts["warning"]), "warn"
    else:
        verdict, tone = t("web.received_ok"), "ok"
    heads = result_heads()
    return {
        "town": link.scope,
        "token": link.token,
        "file": Path(report.file).name,
        "verdict": verdict,
        "tone": tone,
        "duplicate": duplicate,
        "summary": plan.summary[1:3],
        "heads": [
            heads[i] for i in (0, 1, 2, 3, 4, 6, 7)
        ],  # 序号 级别 工作表 单元格 列 问题 修改建议
        "rows": [
            (r.level, [no, r.severity, r.sheet, r.cell, r.column, r.message, r.hint])
            for no, r in enumerate(plan.rows, start=1)
        ],
        "feedback": f"/t/{link.token}/feedback/{sub.id}"
        if sub is not None and intake.has_feedback(sub, changed=changed)
        else None,
        "feedback_text": t("web.feedback_link" if report.needs_feedback else "web.changes_link"),
        "other_month": _other_month(intake, report.period, sub.received_at if sub else None),
    }


def _other_month(
    intake: Intake, period: str | None, received: str | None
) -> tuple[str, str] | None:
    """(tone, text) when the ledger is for another month than the one due when it was received:
    an earlier month is a correction, perhaps; a later one is a mistake in 截至月份."""
    from fedxl.api import Month, cn_date, due_month

    when = dt.datetime.fromisoformat(received).date() if received else dt.date.today()
    due = due_month(when)
    if not period or period == due:
        return None
    params = {
        "month": cn_month(period),
        "due": cn_month(due),
        "due_iso": due,
        "deadline": cn_date(Month.of(due).deadline(intake.ws.config.district.deadline_day).date()),
    }
    if Month.of(period) > Month.of(due):
        return "bad", t("web.future_month", **params)
    return "warn", t("web.other_month", **params)


async def town_result(request: Request) -> Response:
    intake, link = await _visitor(request)
    if link is None:
        return intake.message("web.bad_link", 404)
    sub = await asyncio.to_thread(intake.submission, link, request.path_params["sid"])
    if sub is None:
        return intake.message("web.not_found", 404, token=link.token)
    report = await asyncio.to_thread(fedxl.api.stored_report, intake.ws, sub)
    duplicate = None
    if request.query_params.get("dup") == "1":
        duplicate = await asyncio.to_thread(
            fedxl.api.duplicate_note, intake.ws, sub, sender=link.scope
        )
    changed, differs = None, False
    if sub.in_effect:  # what this ledger changed against the one in effect before it
        found = await asyncio.to_thread(fedxl.api.changes, intake.ws, submission_id=sub.id)
        changed, differs = found.lines(), bool(found.sheet_lines())
    return intake.page(
        "result.html",
        **_result_context(intake, link, report, sub, duplicate, differs),
        changed=changed,
        wechat=_in_wechat(request),
    )


async def town_feedback(request: Request) -> Response:
    intake, link = await _visitor(request)
    if link is not None and not intake.limit.allow(link.token):
        return intake.message("web.too_many_downloads", 429, token=link.token)
    sub = (
        await asyncio.to_thread(intake.submission, link, request.path_params["sid"])
        if link
        else None
    )
    answer = await asyncio.to_thread(intake.feedback_download, sub) if sub else None
    if answer is None:
        return intake.message(
            "web.no_feedback" if sub else "web.not_found", 404, token=link.token if link else None
        )
    return answer


async def town_blank(request: Request) -> Response:
    from fedxl.api import due_month

    intake, link = await _visitor(request)
    if link is None:
        return intake.message("web.bad_link", 404)
    # the ledger being filled in now
    made = await asyncio.to_thread(fedxl.api.template, intake.ws, [link.scope], due_month())
    return download(made[0].path.read_bytes(), made[0].path.name)


# --- the API -------------------------------------------------------------------------------


async def api_submit(request: Request) -> Response:
    started = time.monotonic()
    intake, link = await _caller(request)
    if link is None:
        intake.log("?", "api", "refused 401", started)
        return JSONResponse(
            {"error": "unauthorized", "message": t("web.bad_link")},
            401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    try:
        result = await intake.take(request, link, form=False)
    except UploadError as exc:
        intake.log(link.scope, "api", f"refused {exc.status} {exc.key}", started)
        if exc.status == 202:  # received and queued behind another fedxl: recorded later
            return JSONResponse({"version": 1, "queued": True, "message": t(exc.key)}, 202)
        return JSONResponse(
            {"error": exc.key.removeprefix("web."), "message": t(exc.key, **exc.params)}, exc.status
        )
    one = result.to_dict()
    if result.submission_id is not None:
        sub = await asyncio.to_thread(intake.submission, link, result.submission_id)
        if sub is not None and intake.has_feedback(sub):
            one["feedback_url"] = str(request.url_for("api_feedback", sid=result.submission_id))
    return JSONResponse({"version": 1, "files": [one]})


async def api_feedback(request: Request) -> Response:
    intake, link = await _caller(request)
    if link is None:
        return JSONResponse({"error": "unauthorized"}, 401, headers={"WWW-Authenticate": "Bearer"})
    if not intake.limit.allow(link.token):
        return JSONResponse({"error": "too_many", "message": t("web.too_many_downloads")}, 429)
    sub = await asyncio.to_thread(intake.submission, link, request.path_params["sid"])
    answer = await asyncio.to_thread(intake.feedback_download, sub) if sub else None
    if answer is None:
        return JSONResponse({"error": "not_found"}, 404)
    return answer
