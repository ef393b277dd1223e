"""The intake pages and API (Starlette). Thin: every action is a library call.

    /t/<token>                 a town's page: state, blank ledger, history, the upload form
    /t/<token>/send            the form's POST → 303 to the result page
    /t/<token>/s/<id>          one submission's findings, as the 校验结果 sheet shows them
    /t/<token>/feedback/<id>   its annotated workbook
    /t/<token>/blank           this month's blank ledger (carried forward)
    /a/<token>                 the admin link: sets the session cookie, → /admin
    /admin                     status board (refreshing), outputs, merge and briefing buttons
    POST /api/submissions      Bearer token, multipart `file` → the check --json report
    GET  /api/feedback/<id>    Bearer token → the annotated workbook
    /healthz                   200
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from fedxl.checking import Origin
from fedxl.i18n import t
from fedxl.store import Store, Submission
from fedxl.submissions import IngestResult
from fedxl.web.access import Link, Links, RateLimit, csrf_value, session_value
from fedxl.web.intake import IntakeQueue, note_origin, uploads_folder
from fedxl.web.upload import UploadError, receive
from fedxl.workspace import Workspace

HERE = Path(__file__).parent
COOKIE = "fedxl_admin"
OUTPUT_FOLDERS = ("summaries", "reports")
WEB_LOG = "web.log"
ANSWER_WAIT = 90.0  # seconds an upload waits for its answer; then "queued, look again later"
SESSION_HOURS = 12
ADMIN_PROBLEMS = {"lock.held": "web.admin_locked", "period.empty": "web.admin_nothing"}  # said without commands
MAX_ID = 2**62  # larger submission numbers cannot exist (SQLite integers)
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                    "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}


@dataclass
class Session:
    expires: float  # time.monotonic()
    admin: str  # made from the admin link at login
    notice: tuple[str, str] | None = None  # (tone, text) for the next page


class Intake:
    """What the pages share: the workspace, its links, the queue, the templates, the log."""

    def __init__(self, ws: Workspace, *, workers: int = 2, lock_wait: float | None = None,
                 announce: Callable[[str], None] | None = None) -> None:
        from jinja2 import Environment, FileSystemLoader, select_autoescape

        self.ws = ws
        self.links = Links(ws)
        self.links.all()  # make the links on first start
        self.announce = announce
        self.queue = IntakeQueue(ws, workers=workers, on_done=self._taken,
                                 **({"lock_wait": lock_wait} if lock_wait is not None else {}))
        self.resumed = self.queue.resume()
        self.limit = RateLimit(ws.config.limits.uploads_per_minute, 60.0)
        self.env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(),
                               trim_blocks=True, lstrip_blocks=True)
        self.env.globals["t"] = t
        self._log_lock = threading.Lock()
        self.sessions: dict[str, Session] = {}

    def _taken(self, origin: Origin, result: IngestResult) -> None:
        """Every upload taken in: a line in web.log, and one in the server window for the clerk."""
        from fedxl.form.periods import cn_moment

        self.log(origin.town or "?", f"ingested {origin.name}", _outcome(result), time.monotonic())
        if self.announce is not None:
            counts = result.report.counts
            state = t("web.duplicate_short") if result.duplicate else t(f"status.{result.report.status}")
            self.announce(t("web.announce", when=cn_moment(dt.datetime.now().isoformat(timespec="seconds"))[-5:],
                            town=origin.town or "?", file=origin.name, state=state,
                            errors=counts["error"], warnings=counts["warning"]))

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        from fedxl.i18n import get_lang

        context.setdefault("title", t("web.title", district=self.ws.config.district.name))
        context["lang"] = "en" if get_lang() == "en" else "zh-CN"
        return HTMLResponse(self.env.get_template(name).render(**context), status_code=status,
                            headers=SECURITY_HEADERS)

    def message(self, key: str, status: int, *, token: str | None = None, **params: Any) -> HTMLResponse:
        """A one-line page; with the town's token, a way back to its page."""
        tone = "ok" if status < 300 else "bad"
        return self.page("message.html", status, text=t(key, **params), token=token, tone=tone)

    def log(self, who: str, what: str, result: str, started: float) -> None:
        """A line in workbooks/web.log: who (the town, admin or ?), what, result, seconds; never a token."""
        from fedxl.jobs.run import log_line

        with self._log_lock:
            log_line(self.ws, f"{who} {what} {result} {time.monotonic() - started:.2f}s", name=WEB_LOG)

    def who(self, scope: Any) -> str:
        """Whose request this is, for the log: the town of a link, admin, or ?."""
        parts = str(scope.get("path", "")).split("/")
        token = parts[2] if len(parts) > 2 and parts[1] in ("t", "a") else None
        if token is None:
            for key, value in scope.get("headers", []):
                if key == b"authorization" and value[:7].lower() == b"bearer ":
                    token = value[7:].decode("latin-1").strip()
        if token is None:
            cookie = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"cookie"), "")
            session = next((c.split("=", 1)[1] for c in cookie.split("; ") if c.startswith(COOKIE + "=")), "")
            with self._log_lock:
                live = session in self.sessions
            return "admin" if parts[1:2] == ["admin"] and live else "?"
        link = self.links.find(token)
        return "?" if link is None else ("admin" if link.is_admin else link.scope)

    def csrf(self, holder: str) -> str:
        return csrf_value(self.links.key, holder)

    def town_link(self, token: str) -> Link | None:
        link = self.links.find(token)
        return link if link is not None and not link.is_admin else None

    def admin_session(self, request: Request) -> str | None:
        """The session id when the admin cookie names a live session (made with the admin link
        as it is now: renewing the link ends every session)."""
        cookie = request.cookies.get(COOKIE, "")
        token = self.links.admin_token()
        with self._log_lock:
            session = self.sessions.get(cookie)
            if session is None or token is None:
                return None
            if session.expires < time.monotonic() or not hmac.compare_digest(session.admin, session_value(self.links.key, token)):
                del self.sessions[cookie]
                return None
        return cookie

    def open_session(self, link: Link) -> str:
        import secrets

        sid = secrets.token_urlsafe(24)
        with self._log_lock:
            now = time.monotonic()
            self.sessions = {k: v for k, v in self.sessions.items() if v.expires > now}
            self.sessions[sid] = Session(now + SESSION_HOURS * 3600, session_value(self.links.key, link.token))
        return sid

    def flash(self, sid: str, tone: str | None = None, text: str = "") -> tuple[str, str] | None:
        """Leave a one-time notice for the session's next page (tone given), or take it."""
        with self._log_lock:
            session = self.sessions.get(sid)
            if session is None:
                return None
            if tone is not None:
                session.notice = (tone, text)
                return None
            notice, session.notice = session.notice, None
            return notice

    async def take(self, request: Request, link: Link, *, form: bool) -> IngestResult:
        """Receive the body's file and ingest it as `link`'s town; UploadError for the refusals.
        `form`: sent by the page's form, which must carry its CSRF value."""
        if not self.limit.allow(link.token):
            raise UploadError(429, "web.too_many")
        limit = int(self.ws.config.limits.max_file_mb * 1024 * 1024)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
            raise UploadError(413, "web.too_large", limit=f"{self.ws.config.limits.max_file_mb:g}")
        got = await receive(request.stream(), request.headers.get("content-type", ""), uploads_folder(self.ws), limit)
        if form and not hmac.compare_digest(got.fields.get("_csrf", ""), self.csrf(link.token)):
            if got.path:
                got.path.unlink(missing_ok=True)
            raise UploadError(403, "web.csrf")
        assert got.path is not None
        origin = Origin(got.name, link.scope)
        note_origin(got.path, origin)
        waiting = asyncio.wrap_future(self.queue.submit(got.path, origin))
        try:
            result = await asyncio.wait_for(asyncio.shield(waiting), ANSWER_WAIT)
        except TimeoutError:  # still queued (the morning job holds the lock): it will be recorded
            raise UploadError(202, "web.queued") from None
        except Exception as exc:  # the file stays in uploads/ and is taken in at the next start
            raise UploadError(503, "web.failed_kept") from exc
        if result.duplicate and result.report.town != link.scope:
            if result.report.status == "unreadable":  # the same junk sent twice: say what it is
                raise UploadError(400, "web.unreadable")
            raise UploadError(409, "web.same_as_other")  # another town's file, byte for byte
        return result

    def has_feedback(self, sub: Submission) -> bool:
        return bool(sub.errors or sub.warnings) and sub.status != "unreadable"

    def feedback_download(self, sub: Submission) -> Response | None:
        """The annotated workbook of exactly this submission, made again from its archived copy
        and stored findings (feedback/ holds the latest file of each name only)."""
        import tempfile

        from fedxl.feedback import feedback_name
        from fedxl.submissions.ingest import write_submission_feedback

        if not self.has_feedback(sub):
            return None
        name = feedback_name(Path(sub.original_name), sub.town, sub.month)
        with tempfile.TemporaryDirectory(prefix="fedxl-web-") as tmp, Store(self.ws.db_path, self.ws.form) as store:
            made = write_submission_feedback(self.ws, store, sub, Path(tmp) / "feedback.xlsx")
            return _download(made.read_bytes(), name) if made else None

    def submission(self, link: Link, sid: int) -> Submission | None:
        """Submission `sid` when it is the link's town's (another town's is "not found")."""
        if not 0 < sid < MAX_ID:
            return None
        with Store(self.ws.db_path, self.ws.form) as store:
            sub = store.get(sid)
        return sub if sub is not None and sub.town == link.scope else None


MEDIA = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".pdf": "application/pdf"}


def _download(data: bytes, name: str) -> Response:
    """A file as an attachment, from bytes read at once (a file rewritten meanwhile cannot cut
    the download short), with its Chinese name (RFC 6266)."""
    import urllib.parse

    ascii_name = "".join(ch if ch.isascii() and ch not in '"\\' else "_" for ch in name)
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{urllib.parse.quote(name)}"
    return Response(data, media_type=MEDIA.get(Path(name).suffix.lower(), "application/octet-stream"),
                    headers={**SECURITY_HEADERS, "Content-Disposition": disposition})


def _bearer(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    return value[7:].strip() if value.lower().startswith("bearer ") else None


def _who(link: Link | None) -> str:
    return link.scope if link is not None else "?"


# --- the town's pages ---------------------------------------------------------------------


def _town_context(intake: Intake, link: Link) -> dict[str, Any]:
    from fedxl.form.periods import cn_date, cn_moment, due_month
    from fedxl.submissions.status import status_board

    ws = intake.ws
    month = due_month(ws.config.district.ledger_year)
    with Store(ws.db_path, ws.form) as store:
        board = status_board(ws.config, store, month)
        subs = store.submissions(town=link.scope)
    mine = next(row for row in board.towns if row.town == link.scope)
    history = [{"id": s.id, "received": cn_moment(s.received_at), "file": s.original_name,
                "month": _month_cn(s.month) if s.month else "",
                "result": _result_text(s), "ok": s.status == "accepted" and not s.warnings, "bad": s.status != "accepted",
                "feedback": intake.has_feedback(s)} for s in reversed(subs[-30:])]
    year, mon = int(month[:4]), int(month[5:7])
    return {"town": link.scope, "token": link.token, "month_text": f"{year}年{mon}月", "month": month,
            "deadline": cn_date(board.deadline.date()), "state": t(f"state.{mine.state}"), "state_key": mine.state,
            "history": history, "csrf": intake.csrf(link.token)}


def _result_text(sub: Submission) -> str:
    text = t(f"status.{sub.status}")
    if sub.errors or sub.warnings:
        text += "　" + t("web.counts", errors=sub.errors, warnings=sub.warnings)
    return text


async def town_page(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    link = intake.town_link(request.path_params["token"])
    if link is None:
        return intake.message("web.bad_link", 404)
    context = await asyncio.to_thread(_town_context, intake, link)
    queued = t("web.queued") if request.query_params.get("queued") == "1" else None  # a fixed text, never the URL's
    return intake.page("town.html", **context, queued=queued, wechat=_in_wechat(request))


def _in_wechat(request: Request) -> bool:
    """WeChat's own browser does not download files: the page says how to open it in a browser."""
    return "micromessenger" in request.headers.get("user-agent", "").lower()


async def town_back(request: Request) -> Response:
    """The address of the form's answer opened again (a refresh, a link pasted into WeChat)."""
    return RedirectResponse(f"/t/{request.path_params['token']}", 303)


async def town_send(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    started = time.monotonic()
    link = intake.town_link(request.path_params["token"])
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
        return intake.page("result.html", **_result_context(intake, link, result.report, None, result.duplicate),
                           wechat=_in_wechat(request))
    return RedirectResponse(f"/t/{link.token}/s/{result.submission_id}" + ("?dup=1" if result.duplicate else ""), 303)


def _outcome(result: IngestResult) -> str:
    counts = result.report.counts
    return (f"{result.report.status} town={result.report.town} month={result.report.period} "
            f"errors={counts['error']} warnings={counts['warning']}{' duplicate' if result.duplicate else ''}")


def _result_context(intake: Intake, link: Link, report: Any, sub: Submission | None, duplicate: bool) -> dict[str, Any]:
    from fedxl.feedback.plan import plan_feedback, result_heads

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
    return {"town": link.scope, "token": link.token, "file": Path(report.file).name, "verdict": verdict,
            "tone": tone, "duplicate": duplicate, "summary": plan.summary[1:3],
            "heads": [heads[i] for i in (0, 1, 2, 3, 4, 6, 7)],  # 序号 级别 工作表 单元格 列 问题 修改建议
            "rows": [(r.level, [no, r.severity, r.sheet, r.cell, r.column, r.message, r.hint])
                     for no, r in enumerate(plan.rows, start=1)],
            "feedback": f"/t/{link.token}/feedback/{sub.id}" if sub is not None and intake.has_feedback(sub) else None,
            "other_month": _other_month(intake, report.period, sub.received_at if sub else None)}


def _other_month(intake: Intake, period: str | None, received: str | None) -> tuple[str, str] | None:
    """(tone, text) when the ledger is for another month than the one due when it was received:
    an earlier month is a correction, perhaps; a later one is a mistake in 截至月份."""
    from fedxl.form.periods import cn_date, due_month
    from fedxl.submissions.status import deadline

    when = dt.datetime.fromisoformat(received).date() if received else dt.date.today()
    due = due_month(intake.ws.config.district.ledger_year, when)
    if not period or period == due:
        return None
    params = {"month": _month_cn(period), "due": _month_cn(due), "due_iso": due,
              "deadline": cn_date(deadline(due, intake.ws.config.district.deadline_day).date())}
    if period > due:
        return "bad", t("web.future_month", **params)
    return "warn", t("web.other_month", **params)


def _month_cn(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:7])}月"


async def town_result(request: Request) -> Response:
    from fedxl.submissions.ingest import report_from_store

    intake: Intake = request.app.state.intake
    link = intake.town_link(request.path_params["token"])
    if link is None:
        return intake.message("web.bad_link", 404)
    sub = intake.submission(link, request.path_params["sid"])
    if sub is None:
        return intake.message("web.not_found", 404, token=link.token)

    def load() -> Any:
        with Store(intake.ws.db_path, intake.ws.form) as store:
            return report_from_store(store, sub, sub.original_name)

    report = await asyncio.to_thread(load)
    return intake.page("result.html", **_result_context(intake, link, report, sub, request.query_params.get("dup") == "1"),
                       wechat=_in_wechat(request))


async def town_feedback(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    link = intake.town_link(request.path_params["token"])
    sub = intake.submission(link, request.path_params["sid"]) if link else None
    answer = await asyncio.to_thread(intake.feedback_download, sub) if sub else None
    if answer is None:
        return intake.message("web.not_found", 404, token=link.token if link else None)
    return answer


async def town_blank(request: Request) -> Response:
    from fedxl.blank import make_blank_ledgers
    from fedxl.form.periods import due_month

    intake: Intake = request.app.state.intake
    link = intake.town_link(request.path_params["token"])
    if link is None:
        return intake.message("web.bad_link", 404)
    ws = intake.ws
    month = due_month(ws.config.district.ledger_year)
    town = ws.config.find_town(link.scope)
    assert town is not None
    made = await asyncio.to_thread(make_blank_ledgers, ws, [town], int(month[:4]), int(month[5:7]))
    return _download(made[0].path.read_bytes(), made[0].path.name)


# --- the API -------------------------------------------------------------------------------


async def api_submit(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    started = time.monotonic()
    link = intake.town_link(_bearer(request) or "")
    if link is None:
        intake.log("?", "api", "refused 401", started)
        return JSONResponse({"error": "unauthorized", "message": t("web.bad_link")}, 401,
                            headers={"WWW-Authenticate": "Bearer"})
    try:
        result = await intake.take(request, link, form=False)
    except UploadError as exc:
        intake.log(link.scope, "api", f"refused {exc.status} {exc.key}", started)
        if exc.status == 202:  # received and queued behind another fedxl: recorded later
            return JSONResponse({"version": 1, "queued": True, "message": t(exc.key)}, 202)
        return JSONResponse({"error": exc.key.removeprefix("web."), "message": t(exc.key, **exc.params)}, exc.status)
    one = result.to_dict()
    if result.submission_id is not None:
        sub = intake.submission(link, result.submission_id)
        if sub is not None and intake.has_feedback(sub):
            one["feedback_url"] = str(request.url_for("api_feedback", sid=result.submission_id))
    return JSONResponse({"version": 1, "files": [one]})


async def api_feedback(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    link = intake.town_link(_bearer(request) or "")
    if link is None:
        return JSONResponse({"error": "unauthorized"}, 401, headers={"WWW-Authenticate": "Bearer"})
    sub = intake.submission(link, request.path_params["sid"])
    answer = await asyncio.to_thread(intake.feedback_download, sub) if sub else None
    if answer is None:
        return JSONResponse({"error": "not_found"}, 404)
    return answer


# --- the district's page ----------------------------------------------------------------


async def admin_link(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    link = intake.links.find(request.path_params["token"])
    if link is None or not link.is_admin:
        return intake.message("web.bad_link", 404)
    return _logged_in(intake, link)


def _logged_in(intake: Intake, link: Link) -> Response:
    """A new server-side session (random id, 12 hours). SameSite=Lax: the admin link clicked in
    an OA system or webmail still logs in; every form carries its CSRF value besides."""
    response = RedirectResponse("/admin", 303)
    response.set_cookie(COOKIE, intake.open_session(link), httponly=True, samesite="lax", path="/",
                        max_age=SESSION_HOURS * 3600)
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
    link = intake.links.find(typed.rsplit("/a/", 1)[-1].strip("/ "))  # the token, or the whole link pasted
    if link is None or not link.is_admin:
        return intake.page("login.html", 403, failed=True)
    return _logged_in(intake, link)


async def admin_logout(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    with intake._log_lock:
        intake.sessions.pop(request.cookies.get(COOKIE, ""), None)
    response = RedirectResponse("/admin", 303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _board_context(intake: Intake, month: str | None) -> dict[str, Any]:
    from fedxl.form.periods import cn_date, cn_moment, due_month, month_text
    from fedxl.store import Store
    from fedxl.submissions.status import status_board

    ws = intake.ws
    year = ws.config.district.ledger_year
    with Store(ws.db_path, ws.form) as store:
        chosen = month or due_month(year)  # the month being collected now, as the towns' pages say
        board = status_board(ws.config, store, chosen)
        latest = max([m for m in store.months() if m.startswith(str(year))] + [due_month(year), chosen])
    months = [(m, _month_cn(m)) for m in (month_text(year, n) for n in range(1, 13)) if m <= latest]
    rows = [{"town": r.town, "state": t(f"state.{r.state}"), "state_key": r.state, "when": cn_moment(r.submitted_at),
             "file": r.file or "", "errors": "" if r.errors is None else r.errors,
             "warnings": "" if r.warnings is None else r.warnings} for r in board.towns]
    return {"month": chosen, "month_cn": _month_cn(chosen), "months": months, "deadline": cn_date(board.deadline.date()),
            "rows": rows,
            "counts": board.summary_line()}


def _outputs(intake: Intake) -> list[dict[str, str]]:
    from fedxl.form.periods import cn_moment

    found = []
    for folder in OUTPUT_FOLDERS:
        for path in intake.ws.folder(folder).iterdir():
            if path.is_file() and not path.name.startswith((".", "~$")) and path.suffix in (".xlsx", ".docx", ".pdf"):
                found.append((path.stat().st_mtime, folder, path.name))
    found.sort(reverse=True)
    return [{"folder": folder, "name": name,
             "when": cn_moment(dt.datetime.fromtimestamp(stamp).isoformat(timespec="seconds"))}
            for stamp, folder, name in found[:12]]


def _month_param(request: Request) -> str | None:
    from fedxl.errors import UsageError
    from fedxl.form.periods import month_arg

    value = request.query_params.get("month")
    try:
        return month_arg(value) if value else None
    except UsageError:
        return None


async def admin_page(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    session = intake.admin_session(request)
    if session is None:
        return intake.page("login.html", failed=False)
    board = await asyncio.to_thread(_board_context, intake, _month_param(request))
    notice = intake.flash(session)
    return intake.page("admin.html", **board, outputs=_outputs(intake), csrf=intake.csrf(session),
                       district=intake.ws.config.district.name, notice=notice,
                       heading=t("web.admin_heading", district=intake.ws.config.district.name))


async def admin_board(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    if intake.admin_session(request) is None:
        return PlainTextResponse("", 401)
    board = await asyncio.to_thread(_board_context, intake, _month_param(request))
    return intake.page("board.html", **board)


async def admin_action(request: Request) -> Response:
    """The merge and briefing buttons: the same library calls as `fedxl merge` / `fedxl report briefing`."""
    import fedxl
    from fedxl.errors import FedxlError

    intake: Intake = request.app.state.intake
    started = time.monotonic()
    session = intake.admin_session(request)
    if session is None:
        return RedirectResponse("/admin", 303)
    form = await _small_form(request)
    if form is None or not hmac.compare_digest(form.get("_csrf", ""), intake.csrf(session)):
        return intake.message("web.csrf", 403)
    action = request.path_params["action"]
    from fedxl.submissions import resolve_month

    month = resolve_month(intake.ws, _month_param(request))
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
        intake.flash(session, "bad", t(ADMIN_PROBLEMS[exc.key], month=_month_cn(month)) if exc.key in ADMIN_PROBLEMS
                     else str(exc))
        return back
    intake.log("admin", f"{action} {month}", "done", started)
    kept = done.kept if action == "merge" else made.kept
    if kept is not None:  # an edited copy was left alone, as the command line says
        note += " " + t("web.kept", kept=kept.name)
    intake.flash(session, "ok", note)
    return back


async def admin_file(request: Request) -> Response:
    intake: Intake = request.app.state.intake
    if intake.admin_session(request) is None:
        return RedirectResponse("/admin", 303)
    folder, name = request.path_params["folder"], request.path_params["name"]
    if folder not in OUTPUT_FOLDERS:
        return intake.message("web.not_found", 404)
    listed = {p.name: p for p in intake.ws.folder(folder).iterdir() if p.is_file()}  # never a path from the URL
    if name not in listed or name.startswith("."):
        return intake.message("web.not_found", 404)
    return _download(listed[name].read_bytes(), name)


async def home(request: Request) -> Response:
    """Someone opened the bare address: towns need their own link."""
    intake: Intake = request.app.state.intake
    return intake.message("web.home", 200)


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def not_found(request: Request, exc: Exception) -> Response:
    intake: Intake = request.app.state.intake
    return intake.message("web.not_found", getattr(exc, "status_code", 404))


async def server_error(request: Request, exc: Exception) -> Response:
    intake: Intake = request.app.state.intake
    return intake.message("web.failed", 500)  # Guard logs it


class Guard:
    """Outermost ASGI layer: an unexpected error becomes a Chinese page (HTTP 500) and a line in
    workbooks/fedxl.log instead of a traceback in the clerk's server window (shown with --debug)."""

    def __init__(self, app: Any, intake: Intake, *, debug: bool = False) -> None:
        self.app, self.intake, self.debug = app, intake, debug

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status, began = False, 0, time.monotonic()
        request = scope.get("method", "") + " " + _route_of(scope)

        async def watched(message: Any) -> None:
            nonlocal started, status
            if message["type"] == "http.response.start":
                started, status = True, message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if self.debug:
                import traceback

                traceback.print_exc()
            self.intake.log(await asyncio.to_thread(self.intake.who, scope), request,
                            f"error {type(exc).__name__}: {exc}", began)
            if not started:
                page = self.intake.message("web.failed", 500)
                await page(scope, receive, send)
            return
        if not str(scope.get("path", "")).startswith(("/static/", "/healthz")):  # every request, by whom
            self.intake.log(await asyncio.to_thread(self.intake.who, scope), request, str(status), began)


def _route_of(scope: Any) -> str:
    """The request path with tokens blanked (they never go to the log)."""
    parts = str(scope.get("path", "")).split("/")
    if len(parts) > 2 and parts[1] in ("t", "a"):
        parts[2] = "…"
    return "/".join(parts)


def create_app(ws: Workspace, *, workers: int = 2, lock_wait: float | None = None, debug: bool = False,
               announce: Callable[[str], None] | None = None) -> Any:
    """The ASGI application of the intake for workspace `ws` (uvicorn serves it: `fedxl serve`);
    its `.intake` holds the queue (close it when done); `announce` gets a line per upload taken in."""
    intake = Intake(ws, workers=workers, lock_wait=lock_wait, announce=announce)
    routes = [
        Route("/healthz", healthz),
        Route("/", home),
        Route("/t/{token}", town_page),
        Route("/t/{token}/send", town_send, methods=["POST"]),
        Route("/t/{token}/send", town_back),
        Route("/t/{token}/s/{sid:int}", town_result),
        Route("/t/{token}/feedback/{sid:int}", town_feedback),
        Route("/t/{token}/blank", town_blank),
        Route("/a/{token}", admin_link),
        Route("/admin", admin_page),
        Route("/admin/login", admin_login, methods=["POST"]),
        Route("/admin/logout", admin_logout, methods=["POST"]),
        Route("/admin/board", admin_board),
        Route("/admin/do/{action}", admin_action, methods=["POST"]),
        Route("/admin/files/{folder}/{name}", admin_file),
        Route("/api/submissions", api_submit, methods=["POST"]),
        Route("/api/feedback/{sid:int}", api_feedback, name="api_feedback"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found, Exception: server_error})
    app.state.intake = intake
    guarded = Guard(app, intake, debug=debug)
    guarded.intake = intake  # type: ignore[attr-defined]
    return guarded
