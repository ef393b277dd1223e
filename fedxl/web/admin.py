"""The district's side: the admin link and login, the live status board, the merge and
briefing buttons (the same library calls as the command line, under the workspace lock) and the
latest outputs to download."""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import (
    PlainTextResponse,
    RedirectResponse,
    Response,
)

import fedxl
from fedxl.api import Link, cn_month
from fedxl.i18n import t
from fedxl.web.site import COOKIE, SESSION_HOURS, Intake, download

OUTPUT_FOLDERS = ("summaries", "reports")
DECISION_KINDS = ("approve", "return", "void", "unvoid", "accept", "reopen", "extend")
ADMIN_PROBLEMS = {
    "lock.held": "web.admin_locked",
    "period.empty": "web.admin_nothing",
}  # said without commands


# --- the district's page ----------------------------------------------------------------


async def admin_link(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    link = await asyncio.to_thread(intake.links.find, request.path_params["token"])
    if link is None or not link.is_admin:
        return intake.message("web.bad_link", 404)
    return _logged_in(intake, link)


def _logged_in(intake: Intake, link: Link) -> Response:
    """A new server-side session (random id, 12 hours). SameSite=Lax: the admin link clicked in
    an OA system or webmail still logs in; every form carries its CSRF value besides."""
    response = RedirectResponse("/admin", 303)
    response.set_cookie(
        COOKIE,
        intake.open_session(link),
        httponly=True,
        samesite="lax",
        path="/",
        max_age=SESSION_HOURS * 3600,
    )
    return response


async def _small_form(request: Request) -> dict[str, str] | None:
    """The fields of a small form (login, the admin buttons); None for anything else sent there."""
    try:
        form = await request.form(max_files=0, max_fields=4, max_part_size=4096)
    except Exception:  # noqa: BLE001 - Starlette's MultiPartException and parser errors: not our form
        return None
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def admin_login(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    form = await _small_form(request)
    if form is None:
        return intake.message("web.not_form", 400)
    typed = form.get("token", "").strip()
    # the token, or the whole link pasted
    link = await asyncio.to_thread(intake.links.find, typed.rsplit("/a/", 1)[-1].strip("/ "))
    if link is None or not link.is_admin:
        return intake.page("login.html", 403, failed=True)
    return _logged_in(intake, link)


async def admin_logout(request: Request) -> Response:
    """Log out (the form carries its CSRF value: another site cannot log the district out)."""
    intake: Intake = request.app.state.intake
    session = await asyncio.to_thread(intake.admin_session, request)
    if session is not None:
        form = await _small_form(request)
        if form is None or not hmac.compare_digest(form.get("_csrf", ""), intake.csrf(session)):
            return intake.message("web.csrf", 403)
    intake.close_session(request.cookies.get(COOKIE, ""))
    response = RedirectResponse("/admin", 303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _board_context(intake: Intake, month: str | None) -> dict[str, Any]:
    from fedxl.api import Month, cn_date, cn_moment, due_month

    ws = intake.ws
    # the month being collected now, as the towns' pages say
    chosen = fedxl.api.month_meant(ws, month)
    board = fedxl.status(ws, chosen)
    stored = fedxl.api.months(ws)
    latest = max([*stored, due_month(), chosen])
    # every month of the years with ledgers, this one and the chosen one's (December's board in
    # January, last year's in March), up to the latest: a year's boards stay within reach
    years = sorted({Month.of(m).year for m in [*stored, due_month(), chosen]})
    months = [
        (str(m), m.cn)
        for year in years
        for m in (Month(year, n) for n in range(1, 13))
        if str(m) <= latest
    ]
    rows = [
        {
            "town": r.town,
            "id": r.submission_id or "",
            "state": t(f"state.{r.state}")
            + (t("status.approved") if r.approved else "")
            + (t("status.until", until=cn_date(dt.date.fromisoformat(r.until))) if r.until else ""),
            "state_key": r.state,
            "when": cn_moment(r.submitted_at),
            "file": r.file or "",
            "errors": "" if r.errors is None else r.errors,
            "warnings": "" if r.warnings is None else r.warnings,
            "reason": r.reason or "",
        }
        for r in board.towns
    ]
    return {
        "month": chosen,
        "month_cn": cn_month(chosen),
        "months": months,
        "deadline": cn_date(board.deadline.date()),
        "rows": rows,
        "counts": board.summary_line(),
        "towns": [r.town for r in board.towns],
    }


def _log_rows(intake: Intake) -> list[dict[str, str]]:
    """The latest decisions, newest first, worded as `fedxl log` words them."""
    return [d.words() for d in reversed(fedxl.api.decisions(intake.ws)[-40:])]


def _outputs(intake: Intake) -> list[dict[str, str]]:
    from fedxl.api import cn_moment

    found = []
    for folder in OUTPUT_FOLDERS:
        for path in intake.ws.folder(folder).iterdir():
            if (
                path.is_file()
                and not path.name.startswith((".", "~$"))
                and path.suffix in (".xlsx", ".docx", ".pdf")
            ):
                found.append((path.stat().st_mtime, folder, path.name))
    found.sort(reverse=True)
    return [
        {
            "folder": folder,
            "name": name,
            "when": cn_moment(dt.datetime.fromtimestamp(stamp).isoformat(timespec="seconds")),
        }
        for stamp, folder, name in found[:12]
    ]


def _month_param(request: Request) -> str | None:
    from fedxl.api import month_arg
    from fedxl.errors import UsageError

    value = request.query_params.get("month")
    try:
        return month_arg(value) if value else None
    except UsageError:
        return None


async def admin_page(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    session = await asyncio.to_thread(intake.admin_session, request)
    if session is None:
        return intake.page("login.html", failed=False)
    board = await asyncio.to_thread(_board_context, intake, _month_param(request))
    log = await asyncio.to_thread(_log_rows, intake)
    query = request.query_params.get("q", "").strip()[:60]
    found = await asyncio.to_thread(fedxl.api.find, intake.ws, query) if query else None
    notice = intake.flash(session)
    return intake.page(
        "admin.html",
        **board,
        log=log,
        query=query,
        found=[f.lines() for f in found] if found is not None else None,
        kinds=[(k, t(f"decision.{k}")) for k in DECISION_KINDS],
        outputs=_outputs(intake),
        csrf=intake.csrf(session),
        district=intake.ws.config.district.name,
        notice=notice,
        heading=t("web.admin_heading", district=intake.ws.config.district.name),
    )


async def admin_board(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    if await asyncio.to_thread(intake.admin_session, request) is None:
        return PlainTextResponse("", 401)
    board = await asyncio.to_thread(_board_context, intake, _month_param(request))
    return intake.page("board.html", **board)


async def admin_action(request: Request) -> Response:
    """The merge and briefing buttons: the same library calls as `fedxl merge` / `fedxl report
    briefing`."""
    import fedxl
    from fedxl.errors import FedxlError

    intake: Intake = request.app.state.intake
    started = time.monotonic()
    session = await asyncio.to_thread(intake.admin_session, request)
    if session is None:
        return RedirectResponse("/admin", 303)
    form = await _small_form(request)
    if form is None or not hmac.compare_digest(form.get("_csrf", ""), intake.csrf(session)):
        return intake.message("web.csrf", 403)
    action = request.path_params["action"]
    month = fedxl.api.month_meant(intake.ws, _month_param(request))
    back = RedirectResponse(f"/admin?month={month}", 303)
    try:
        if action == "merge":
            done = await asyncio.to_thread(fedxl.merge, intake.ws, month)
            note = t("web.merged", name=done.path.name)
        elif action == "briefing":
            made = await asyncio.to_thread(fedxl.report, intake.ws, "briefing", month)
            note = t("web.reported", name=made.path.name)
        else:
            return intake.message("web.not_found", 404)
    except FedxlError as exc:
        intake.log("admin", f"{action} {month}", f"failed {exc.key}", started)
        intake.flash(
            session,
            "bad",
            t(ADMIN_PROBLEMS[exc.key], month=cn_month(month))
            if exc.key in ADMIN_PROBLEMS
            else str(exc),
        )
        return back
    intake.log("admin", f"{action} {month}", "done", started)
    kept = done.kept if action == "merge" else made.kept
    if kept is not None:  # an edited copy was left alone, as the command line says
        note += " " + t("web.kept", kept=kept.name)
    intake.flash(session, "ok", note)
    return back


async def admin_decide(request: Request) -> Response:
    """One decision from the page's form: the same library calls as `fedxl void / extend /
    review / reopen`; the page says what it did, or why not (nothing changed)."""
    import hashlib

    from fedxl.errors import FedxlError

    intake: Intake = request.app.state.intake
    started = time.monotonic()
    session = await asyncio.to_thread(intake.admin_session, request)
    if session is None:
        return RedirectResponse("/admin", 303)
    try:
        form = await request.form(max_files=0, max_fields=10, max_part_size=4096)
    except Exception:  # noqa: BLE001 - Starlette's MultiPartException and parser errors
        return intake.message("web.not_form", 400)
    fields = {k: v.strip() for k, v in form.items() if isinstance(v, str)}
    if not hmac.compare_digest(fields.get("_csrf", ""), intake.csrf(session)):
        return intake.message("web.csrf", 403)
    month = fedxl.api.month_meant(intake.ws, _month_param(request))
    back = RedirectResponse(f"/admin?month={month}#decide", 303)
    kind, reason, town = fields.get("kind", ""), fields.get("reason", ""), fields.get("town", "")
    # the session, named without giving it away (its cookie is its key)
    who = t("web.who", session=hashlib.sha256(session.encode()).hexdigest()[:6])
    try:
        ws = intake.ws
        if kind in ("approve", "return", "void", "unvoid", "accept"):
            number = fields.get("id", "")
            if not number.isdigit():
                raise FedxlError("web.decide_id")
            sid = int(number)
            if kind == "accept":
                seq = fields.get("n", "")
                if not seq.isdigit():
                    raise FedxlError("web.decide_n")
                done = await asyncio.to_thread(
                    fedxl.api.accept_warning, ws, sid, int(seq), reason=reason, who=who
                )
            elif kind == "approve":
                done = await asyncio.to_thread(fedxl.api.approve, ws, sid, who=who)
            elif kind == "return":
                done = await asyncio.to_thread(fedxl.api.send_back, ws, sid, reason=reason, who=who)
            else:
                done = await asyncio.to_thread(
                    fedxl.api.void, ws, sid, reason=reason, undo=kind == "unvoid", who=who
                )
        elif kind == "reopen":
            done = await asyncio.to_thread(
                fedxl.api.reopen, ws, town, month, reason=reason, who=who
            )
        elif kind == "extend":
            done = await asyncio.to_thread(
                fedxl.api.extend,
                ws,
                town,
                month,
                until=fields.get("until", ""),
                reason=reason,
                who=who,
            )
        else:
            return intake.message("web.not_found", 404)
    except FedxlError as exc:
        intake.log("admin", f"decide {kind}", f"refused {exc.key}", started)
        intake.flash(session, "bad", str(exc))
        return back
    intake.log("admin", f"decide {kind}", "done", started)
    d = done.decision
    until = cn_date_iso(d.until) if d.until else ""
    sub_id = done.submission.id if done.submission is not None else ""
    month_cn = cn_month(d.month) if d.month else ""
    note = t(
        f"decide.done.{d.kind}",
        id=sub_id,
        reason=d.reason,
        town=d.town or "",
        month=month_cn,
        until=until,
    )
    intake.flash(session, "ok", note)
    return back


def cn_date_iso(day: str) -> str:
    from fedxl.api import cn_date

    return cn_date(dt.date.fromisoformat(day))


async def admin_changes(request: Request) -> Response:
    """What a submission changed against the town's ledger in effect before it (`fedxl
    changes`), from the board's 编号."""
    from fedxl.errors import FedxlError

    intake: Intake = request.app.state.intake
    if await asyncio.to_thread(intake.admin_session, request) is None:
        return RedirectResponse("/admin", 303)
    number = request.path_params["sid"]
    if not number.isdigit() or len(number) > 12:
        return intake.message("web.not_found", 404)
    try:
        found = await asyncio.to_thread(fedxl.api.changes, intake.ws, submission_id=int(number))
    except FedxlError:
        return intake.message("web.not_found", 404)
    return intake.page("changes.html", lines=found.lines(), month=found.month)


async def admin_file(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    if await asyncio.to_thread(intake.admin_session, request) is None:
        return RedirectResponse("/admin", 303)
    folder, name = request.path_params["folder"], request.path_params["name"]
    if folder not in OUTPUT_FOLDERS:
        return intake.message("web.not_found", 404)
    listed = {
        p.name: p for p in intake.ws.folder(folder).iterdir() if p.is_file()
    }  # never a path from the URL
    if name not in listed or name.startswith("."):
        return intake.message("web.not_found", 404)
    return download(listed[name].read_bytes(), name)
