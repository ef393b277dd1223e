"""The city's page (`fedxl city serve`): each district's board of a month and the city's rates,
each district's towns under it, and the city's 汇总表 and 工作简报 to download. It only reads;
one private link (printed by `fedxl city serve`) opens a session.

/c/<token>              the city's link: sets the session cookie, → /city
/city?month=M           the board (default: the month being collected)
/city/summary?month=M   the city's 汇总表 (made now)
/city/briefing?month=M  the city's 工作简报 (made now)
/healthz                200
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

import fedxl.api
from fedxl.api import City
from fedxl.errors import FedxlError
from fedxl.i18n import t
from fedxl.web.site import HERE, SECURITY_HEADERS, download, page_templates

COOKIE = "fedxl_city"
SESSION_HOURS = 12


class CityPages:
    def __init__(self, city: City) -> None:
        self.city = city
        self.env = page_templates()

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("title", t("city.web_title", city=self.city.config.name))
        context["lang"] = "zh-CN"
        return HTMLResponse(
            self.env.get_template(name).render(**context),
            status_code=status,
            headers=SECURITY_HEADERS,
        )

    def message(self, text: str, status: int) -> HTMLResponse:
        return self.page("message.html", status, text=text, token=None, tone="bad")

    def signed_in(self, request: Request) -> bool:
        import hmac

        expected = fedxl.api.city_session(self.city)
        given = request.cookies.get(COOKIE, "")
        return expected is not None and hmac.compare_digest(given, expected)


def _pages(request: Request) -> CityPages:
    pages: CityPages = request.app.state.pages
    return pages


async def login(request: Request) -> Response:
    pages = _pages(request)
    token = request.path_params["token"]
    if not await asyncio.to_thread(fedxl.api.city_token_ok, pages.city, token):
        return pages.message(t("city.web_bad_link"), 404)
    response = RedirectResponse("/city", status_code=303)
    response.set_cookie(
        COOKIE,
        fedxl.api.city_session(pages.city) or "",
        httponly=True,
        samesite="lax",
        path="/",
        max_age=SESSION_HOURS * 3600,
    )
    return response


def _month(request: Request) -> str | None:
    value = request.query_params.get("month", "").strip()
    return value or None


async def _read(request: Request, work: Any, *args: Any) -> Any:
    """`work(city, *args)` for a signed-in visitor, off the event loop: its result, or the page
    that says why not (signed out, a month that is none, the server's fault)."""
    pages = _pages(request)
    if not pages.signed_in(request):
        return pages.message(t("city.web_signed_out"), 403)
    try:
        return await asyncio.to_thread(work, pages.city, *args)
    except FedxlError as exc:
        return pages.message(exc.render(), 400 if exc.exit_code == 2 else 500)


async def board(request: Request) -> Response:
    found = await _read(request, fedxl.api.city_status, _month(request))
    if isinstance(found, Response):
        return found
    return _pages(request).page("city.html", **_board_context(found))


def _board_context(found: Any) -> dict[str, Any]:
    from fedxl.api import Month, cn_date, cn_moment, percent

    states = ("submitted", "late", "rejected", "returned", "missing", "pending")
    districts = []
    for name, b in found.districts:
        districts.append(
            {
                "name": name,
                "deadline": cn_date(b.deadline.date()),
                "due": len(b.towns),
                "counts": [b.count(s) for s in states],
                "rate": percent(b.rate),
                "on_time_rate": percent(b.on_time_rate),
                "towns": [
                    {
                        "town": r.town,
                        "state": t(f"state.{r.state}"),
                        "state_key": r.state,
                        "when": cn_moment(r.submitted_at),
                        "file": r.file or "",
                    }
                    for r in b.towns
                ],
            }
        )
    return {
        "city": found.city,
        "month": found.month,
        "month_cn": Month.of(found.month).cn,
        "states": [t(f"state.{s}") for s in states],
        "districts": districts,
        "total": {
            "due": found.expected,
            "counts": [found.count(s) for s in states],
            "rate": percent(found.rate),
            "on_time_rate": percent(found.on_time_rate),
        },
    }


async def summary(request: Request) -> Response:
    made = await _read(request, fedxl.api.city_merge, _month(request))
    if isinstance(made, Response):
        return made
    return download(made.path.read_bytes(), made.path.name)


async def briefing(request: Request) -> Response:
    made = await _read(request, fedxl.api.city_report, "briefing", _month(request))
    if isinstance(made, Response):
        return made
    return download(made.path.read_bytes(), made.path.name)


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def home(request: Request) -> Response:
    pages = _pages(request)
    if pages.signed_in(request):
        return RedirectResponse("/city", status_code=303)
    return pages.message(t("city.web_signed_out"), 200)


def create_city_app(city: City) -> Starlette:
    app = Starlette(
        routes=[
            Route("/", home),
            Route("/c/{token}", login),
            Route("/city", board),
            Route("/city/summary", summary),
            Route("/city/briefing", briefing),
            Route("/healthz", healthz),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ]
    )
    app.state.pages = CityPages(city)
    return app


def serve_city(
    city: City,
    *,
    host: str = "127.0.0.1",
    port: int = 8760,
    renew: bool = False,
    on_ready: Any = None,
) -> None:
    """Run the city's page under uvicorn until Ctrl+C; `on_ready` gets its link."""
    from fedxl.api import lan_address
    from fedxl.errors import UsageError
    from fedxl.web import port_free

    try:
        import uvicorn
    except ImportError:
        raise UsageError("web.no_web") from None
    if not port_free(host, port):
        raise UsageError("web.port_busy", port=port)
    shown = lan_address() if host in ("0.0.0.0", "::") else host
    link = fedxl.api.city_link(city, base_url=f"http://{shown}:{port}", renew=renew)
    if on_ready is not None:
        on_ready(link)
    config = uvicorn.Config(
        create_city_app(city),
        host=host,
        port=port,
        access_log=False,
        log_config=None,
        log_level="error",
        server_header=False,
    )
    uvicorn.Server(config).run()
