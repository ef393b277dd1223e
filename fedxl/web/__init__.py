"""Web intake (`fedxl serve`): each town sends its ledger from a private link and gets the
checked, annotated workbook back at once; the district watches the board and makes the summary.

Needs the optional extra `fedxl[web]` (Starlette, uvicorn, python-multipart); nothing here is
imported by the rest of fedxl. See docs/security.md for tokens, limits and the LAN setting.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fedxl.workspace import Workspace

DEFAULT_PORT = 8750


@dataclass(frozen=True)
class TownLink:
    town: str  # "" for the admin link
    url: str
    token: str


def lan_address() -> str:
    """This PC's address on the LAN (what the towns type), or 127.0.0.1 without a network.
    A UDP "connect" sends nothing: it only asks the OS which interface it would use."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


BASE_KEY = "web.base_url"  # the address the last `fedxl serve` was reachable at (state table)


def default_base_url(ws: Workspace | None = None, port: int = DEFAULT_PORT) -> str:
    """Where the towns reach the intake: the address the last `fedxl serve` of this workspace
    printed, else this PC's LAN address on the default port."""
    if ws is not None:
        from fedxl.store import states_of

        recorded = dict(states_of(ws, BASE_KEY))
        if recorded.get(BASE_KEY):
            return recorded[BASE_KEY]
    return f"http://{lan_address()}:{port}"


def town_links(ws: Workspace, *, base_url: str | None = None, renew: str | None = None) -> tuple[list[TownLink], TownLink]:
    """Each town's private link and the admin link; `renew`: a town (or "admin") whose link is
    replaced now (the old one stops working at once)."""
    from fedxl.errors import UsageError
    from fedxl.web.access import ADMIN, Links

    scope = None
    if renew is not None:
        if renew.lower() == "admin":
            scope = ADMIN
        else:
            town = ws.config.find_town(renew)
            if town is None:
                raise UsageError("links.unknown_town", town=renew)
            scope = town.name
    base = (base_url or default_base_url(ws)).rstrip("/")
    links = Links(ws).all(renew=scope)
    towns = [TownLink(link.scope, f"{base}/t/{link.token}", link.token) for link in links if not link.is_admin]
    admin = next(link for link in links if link.is_admin)
    return towns, TownLink("", f"{base}/a/{admin.token}", admin.token)


def port_free(host: str, port: int) -> bool:
    """Whether uvicorn can listen there. Like uvicorn, SO_REUSEADDR outside Windows, so the closing
    connections of a server just stopped do not block a restart; Windows has no such wait."""
    import os

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
            return True
        except OSError:
            return False


def serve(ws: Workspace, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT, workers: int = 2,
          on_ready: Callable[[dict[str, Any]], None] | None = None, debug: bool = False,
          on_upload: Callable[[str], None] | None = None) -> None:
    """Run the intake under uvicorn until Ctrl+C. `on_ready` gets the addresses to print,
    `on_upload` a line for each upload taken in. The address is remembered for `fedxl links`."""
    from fedxl.errors import UsageError

    try:
        import uvicorn

        from fedxl.web.app import create_app
    except ImportError:
        raise UsageError("web.no_web") from None
    if not port_free(host, port):
        raise UsageError("web.port_busy", port=port)
    app = create_app(ws, workers=workers, debug=debug, announce=on_upload)
    shown = lan_address() if host in ("0.0.0.0", "::") else host
    base = f"http://{shown}:{port}"
    from fedxl.store import open_store

    with open_store(ws) as store:
        store.set_state(BASE_KEY, base)
    towns, admin = town_links(ws, base_url=base)
    if on_ready is not None:
        on_ready({"url": base, "admin": admin.url, "lan": host not in ("127.0.0.1", "localhost", "::1"),
                  "port": port, "resumed": app.intake.resumed, "towns": len(towns)})
    import logging

    logging.getLogger("python_multipart").setLevel(logging.ERROR)  # a broken body is answered, not printed
    from fedxl.web.protocol import GuardedH11Protocol

    config = uvicorn.Config(app, host=host, port=port, access_log=False, log_config=None, log_level="error",
                            server_header=False, timeout_graceful_shutdown=30, http=GuardedH11Protocol,
                            timeout_keep_alive=5)
    try:
        uvicorn.Server(config).run()
    finally:
        app.intake.queue.close()


__all__ = ["DEFAULT_PORT", "TownLink", "default_base_url", "serve", "town_links"]
