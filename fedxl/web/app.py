"""The intake pages and API (Starlette). Thin: every action is a library call.

/t/<token>                 a town's page: state, blank ledger, history, the upload form
/t/<token>/send            the form's POST → 303 to the result page
/t/<token>/s/<id>          one submission's findings, as the 校验结果 sheet shows them
/t/<token>/feedback/<id>   its annotated workbook
/t/<token>/blank           this month's blank ledger (carried forward)
/a/<token>                 the admin link: sets the session cookie, → /admin
/admin                     status board (refreshing), outputs, merge and briefing buttons,
                           the district's decisions and their log (POST /admin/decide)
/admin/changes/<id>        what a submission changed against the ledger before it
POST /api/submissions      Bearer token, multipart `file` → the check --json report
GET  /api/feedback/<id>    Bearer token → the annotated workbook
/healthz                   200
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from fedxl.api import Workspace
from fedxl.errors import StoreError
from fedxl.web import admin, town
from fedxl.web.site import HERE, SECURITY_HEADERS, Intake


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
        is_static = str(scope.get("path", "")).startswith("/static/")
        request = scope.get("method", "") + " " + _route_of(scope)

        async def watched(message: Any) -> None:
            nonlocal started, status
            if message["type"] == "http.response.start":
                started, status = True, message["status"]
                have = {name.lower() for name, _ in message.get("headers", [])}
                extra = [
                    (k.lower().encode(), v.encode())
                    for k, v in SECURITY_HEADERS.items()
                    if k.lower().encode() not in have and not (k == "Cache-Control" and is_static)
                ]
                if extra:  # every response: pages, files, /healthz, /static
                    message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, receive, watched)
        # emptied, locked, full, read-only: said as it is, and "try later"
        except StoreError as exc:
            self.intake.log("?", request, f"store {exc.key}", began)
            if not started:
                page = self.intake.message(
                    "store.maintenance"
                    if exc.key in ("store.maintenance", "store.lost")
                    else exc.key,
                    503,
                    **exc.kwargs,
                )
                await page(scope, receive, send)
            return
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if self.debug:
                import traceback

                traceback.print_exc()
            self.intake.log(
                await asyncio.to_thread(self.intake.who, scope),
                request,
                f"error {type(exc).__name__}: {exc}",
                began,
            )
            if not started:
                page = self.intake.message("web.failed", 500)
                await page(scope, receive, send)
            return
        # every request, by whom
        if not str(scope.get("path", "")).startswith(("/static/", "/healthz")):
            self.intake.log(
                await asyncio.to_thread(self.intake.who, scope), request, str(status), began
            )


def _route_of(scope: Any) -> str:
    """The request path with tokens blanked (they never go to the log)."""
    parts = str(scope.get("path", "")).split("/")
    if len(parts) > 2 and parts[1] in ("t", "a"):
        parts[2] = "…"
    return "/".join(parts)


def create_app(
    ws: Workspace,
    *,
    workers: int = 2,
    debug: bool = False,
    announce: Callable[[str], None] | None = None,
) -> Any:
    """The ASGI application of the intake for workspace `ws` (uvicorn serves it: `fedxl serve`);
    its `.intake` holds the queue (close it when done); `announce` gets a line per upload taken
    in."""
    intake = Intake(ws, workers=workers, announce=announce)
    routes = [
        Route("/healthz", healthz),
        Route("/", home),
        Route("/t/{token}", town.town_page),
        Route("/t/{token}/send", town.town_send, methods=["POST"]),
        Route("/t/{token}/send", town.town_back),
        Route("/t/{token}/s/{sid:int}", town.town_result),
        Route("/t/{token}/feedback/{sid:int}", town.town_feedback),
        Route("/t/{token}/blank", town.town_blank),
        Route("/a/{token}", admin.admin_link),
        Route("/admin", admin.admin_page),
        Route("/admin/login", admin.admin_login, methods=["POST"]),
        Route("/admin/logout", admin.admin_logout, methods=["POST"]),
        Route("/admin/board", admin.admin_board),
        Route("/admin/do/{action}", admin.admin_action, methods=["POST"]),
        Route("/admin/decide", admin.admin_decide, methods=["POST"]),
        Route("/admin/changes/{sid}", admin.admin_changes),
        Route("/admin/files/{folder}/{name}", admin.admin_file),
        Route("/api/submissions", town.api_submit, methods=["POST"]),
        Route("/api/feedback/{sid:int}", town.api_feedback, name="api_feedback"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes, exception_handlers={404: not_found, 405: not_found, Exception: server_error}
    )
    app.state.intake = intake
    guarded = Guard(app, intake, debug=debug)
    guarded.intake = intake
    return guarded
