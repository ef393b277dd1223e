"""The HTTP connection, guarded: slow or idle headers time out, and one client has few connections.

uvicorn's h11 protocol answers a request once its headers are complete; a client that opens
connections and sends its headers a byte a minute (slowloris) would hold them open for good.
Here a connection whose request has not begun within HEADER_SECONDS is closed, and a client
(by IP address) holds at most PER_CLIENT connections at once: a town's office shares one address
behind its router, so the cap is generous. Slow bodies time out in fedxl.web.upload.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 20.0
PER_CLIENT = 32

_per_client: dict[str, int] = {}


class GuardedH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._fedxl_host = self.client[0] if self.client else "?"
        count = _per_client.get(self._fedxl_host, 0) + 1
        _per_client[self._fedxl_host] = count
        self._fedxl_timer: asyncio.TimerHandle | None = self.loop.call_later(
            HEADER_SECONDS, self._fedxl_too_slow
        )
        if count > PER_CLIENT:
            transport.close()

    def _fedxl_too_slow(self) -> None:
        """No request line and headers yet: close (a request under way is left to finish)."""
        self._fedxl_timer = None
        if (
            self.conn.their_state is h11.IDLE
            and self.cycle is None
            and not self.transport.is_closing()
        ):
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._fedxl_timer is not None:
            self._fedxl_timer.cancel()
            self._fedxl_timer = None
        left = _per_client.get(self._fedxl_host, 1) - 1
        if left > 0:
            _per_client[self._fedxl_host] = left
        else:
            _per_client.pop(self._fedxl_host, None)
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        """Between two requests of one connection the next one's headers get the same time."""
        super().on_response_complete()
        if self._fedxl_timer is None and not self.transport.is_closing():
            self._fedxl_timer = self.loop.call_later(HEADER_SECONDS, self._fedxl_too_slow)
