"""What every intake page shares: the workspace, its links and sessions, the upload queue, the
templates and the log (`Intake`), and the small helpers of the responses."""

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

from starlette.requests import Request
from starlette.responses import (
    HTMLResponse,
    Response,
)

import fedxl
from fedxl.api import (
    IngestResult,
    Link,
    Links,
    Origin,
    RateLimit,
    Submission,
    Workspace,
    csrf_value,
    session_value,
)
from fedxl.i18n import t
from fedxl.web.intake import IntakeQueue, note_origin, uploads_folder
from fedxl.web.upload import OVERHEAD, UploadError, receive

HERE = Path(__file__).parent
COOKIE = "fedxl_admin"
WEB_LOG = "web.log"
ANSWER_WAIT = 90.0  # seconds an upload waits for its answer; then "queued, look again later"
SESSION_HOURS = 12
MAX_ID = 2**62  # larger submission numbers cannot exist (SQLite integers)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass
class Session:
    expires: float  # time.monotonic()
    admin: str  # made from the admin link at login
    notice: tuple[str, str] | None = None  # (tone, text) for the next page


def page_templates() -> Any:
    """The pages' Jinja templates (escaped; `t` for the message catalogue)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["t"] = t
    return env


class Intake:
    """What the pages share: the workspace, its links, the queue, the templates, the log."""

    def __init__(
        self, ws: Workspace, *, workers: int = 2, announce: Callable[[str], None] | None = None
    ) -> None:
        self.ws = ws
        self.links = Links(ws)
        self.links.all()  # make the links on first start
        self.announce = announce
        self.queue = IntakeQueue(ws, workers=workers, on_done=self._taken)
        self.resumed = self.queue.resume()
        self.limit = RateLimit(ws.config.limits.uploads_per_minute, 60.0)
        self.env = page_templates()
        self._log_lock = threading.Lock()
        self._sessions_lock = threading.Lock()
        self.sessions: dict[str, Session] = {}

    def _taken(self, origin: Origin, result: IngestResult) -> None:
        """Every upload taken in: a line in web.log, and one in the server window for the clerk."""
        self.log(origin.town or "?", f"ingested {origin.name}", outcome(result), time.monotonic())
        if self.announce is not None:
            counts = result.report.counts
            state = result.note if result.duplicate else t(f"status.{result.report.status}")
            self.announce(
                t(
                    "web.announce",
                    when=dt.datetime.now().strftime("%H:%M"),
                    town=origin.town or "?",
                    file=origin.name,
                    state=state,
                    errors=counts["error"],
                    warnings=counts["warning"],
                )
            )

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        from fedxl.i18n import get_lang

        context.setdefault("title", t("web.title", district=self.ws.config.district.name))
        context["lang"] = "en" if get_lang() == "en" else "zh-CN"
        return HTMLResponse(
            self.env.get_template(name).render(**context),
            status_code=status,
            headers=SECURITY_HEADERS,
        )

    def message(
        self, key: str, status: int, *, token: str | None = None, **params: Any
    ) -> HTMLResponse:
        """A one-line page; with the town's token, a way back to its page."""
        tone = "ok" if status < 300 else "bad"
        return self.page("message.html", status, text=t(key, **params), token=token, tone=tone)

    def log(self, who: str, what: str, result: str, started: float) -> None:
        """A line in workbooks/web.log: who (the town, admin or ?), what, result, seconds; never a
        token."""
        with self._log_lock:
            fedxl.api.log_line(
                self.ws, f"{who} {what} {result} {time.monotonic() - started:.2f}s", name=WEB_LOG
            )

    def who(self, scope: Any) -> str:
        """Whose request this is, for the log: the town of a link, admin, or ?."""
        request = Request(scope)
        parts = request.url.path.split("/")
        token = parts[2] if len(parts) > 2 and parts[1] in ("t", "a") else bearer_token(request)
        if token is None:
            return "admin" if parts[1:2] == ["admin"] and self.admin_session(request) else "?"
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
        with self._sessions_lock:
            session = self.sessions.get(cookie)
            if session is None or token is None:
                return None
            if session.expires < time.monotonic() or not hmac.compare_digest(
                session.admin, session_value(self.links.key, token)
            ):
                del self.sessions[cookie]
                return None
        return cookie

    def open_session(self, link: Link) -> str:
        import secrets

        sid = secrets.token_urlsafe(24)
        with self._sessions_lock:
            now = time.monotonic()
            self.sessions = {k: v for k, v in self.sessions.items() if v.expires > now}
            self.sessions[sid] = Session(
                now + SESSION_HOURS * 3600, session_value(self.links.key, link.token)
            )
        return sid

    def close_session(self, sid: str) -> None:
        with self._sessions_lock:
            self.sessions.pop(sid, None)

    def flash(self, sid: str, tone: str | None = None, text: str = "") -> tuple[str, str] | None:
        """Leave a one-time notice for the session's next page (tone given), or take it."""
        with self._sessions_lock:
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
        if declared and declared.isdigit() and int(declared) > limit + OVERHEAD:
            raise UploadError(413, "web.too_large", limit=f"{self.ws.config.limits.max_file_mb:g}")
        got = await receive(
            request.stream(),
            request.headers.get("content-type", ""),
            uploads_folder(self.ws),
            limit,
        )
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
            # another town's file, byte for byte: whose is said to the district only (_taken)
            raise UploadError(409, "web.same_as_other")
        return result

    def has_feedback(self, sub: Submission, *, changed: bool = False) -> bool:
        return fedxl.api.has_feedback(self.ws, sub, changed=changed)

    def feedback_download(self, sub: Submission) -> Response | None:
        """The annotated workbook of exactly this submission: made once from its archived copy and
        stored findings, then kept (feedback/ holds the latest file of each name only)."""
        found = fedxl.api.feedback(self.ws, sub)
        return download(found[1], found[0]) if found else None

    def submission(self, link: Link, sid: int) -> Submission | None:
        """Submission `sid` when it is the link's town's (another town's is "not found")."""
        if not 0 < sid < MAX_ID:
            return None
        sub = fedxl.api.submission(self.ws, sid)
        return sub if sub is not None and sub.town == link.scope else None


MEDIA = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
}


def download(data: bytes, name: str) -> Response:
    """A file as an attachment, from bytes read at once (a file rewritten meanwhile cannot cut
    the download short), with its Chinese name (RFC 6266)."""
    import urllib.parse

    ascii_name = "".join(ch if ch.isascii() and ch not in '"\\' else "_" for ch in name)
    disposition = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{urllib.parse.quote(name)}"
    )
    return Response(
        data,
        media_type=MEDIA.get(Path(name).suffix.lower(), "application/octet-stream"),
        headers={**SECURITY_HEADERS, "Content-Disposition": disposition},
    )


def bearer_token(request: Request) -> str | None:
    value = request.headers.get("authorization", "")
    return value[7:].strip() if value.lower().startswith("bearer ") else None


def outcome(result: IngestResult) -> str:
    counts = result.report.counts
    return (
        f"{result.report.status} town={result.report.town} month={result.report.period} "
        f"errors={counts['error']} warnings={counts['warning']}"
        f"{' duplicate' if result.duplicate else ''}"
    )
