"""Web intake (`fedxl serve`): each town sends its ledger from a private link and gets the
checked, annotated workbook back at once; the district watches the board and makes the summary.

Needs the optional extra `fedxl[web]` (Starlette, uvicorn, python-multipart); nothing here is
imported by the rest of fedxl. See docs/security.md for tokens, limits and the LAN setting.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

from fedxl.api import (
    DEFAULT_PORT,
    TownLink,
    Workspace,
    default_base_url,
    lan_address,
    remember_base_url,
    town_links,
)


def port_free(host: str, port: int) -> bool:
    """Whether uvicorn can listen there. Like uvicorn, SO_REUSEADDR outside Windows, so the closing
    connections of a server just stopped do not block a restart; Windows has no such wait."""
    import os

    with socket.socket(
        socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM
    ) as sock:
        if os.name != "nt":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
            return True
        except OSError:
            return False


def serve(
    ws: Workspace,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    workers: int = 2,
    on_ready: Callable[[dict[str, Any]], None] | None = None,
    debug: bool = False,
    on_upload: Callable[[str], None] | None = None,
) -> None:
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
    remember_base_url(ws, base)
    towns, admin = town_links(ws, base_url=base)
    if on_ready is not None:
        on_ready(
            {
                "url": base,
                "admin": admin.url,
                "lan": host not in ("127.0.0.1", "localhost", "::1"),
                "port": port,
                "resumed": app.intake.resumed,
                "towns": len(towns),
            }
        )
    import logging

    # a broken body is answered, not printed
    logging.getLogger("python_multipart").setLevel(logging.ERROR)
    from fedxl.web.protocol import GuardedH11Protocol

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        access_log=False,
        log_config=None,
        log_level="error",
        server_header=False,
        timeout_graceful_shutdown=30,
        http=GuardedH11Protocol,
        timeout_keep_alive=5,
    )
    try:
        uvicorn.Server(config).run()
    finally:
        app.intake.queue.close()


__all__ = [
    "DEFAULT_PORT",
    "TownLink",
    "default_base_url",
    "lan_address",
    "port_free",
    "serve",
    "town_links",
]
