"""The workspace lock: one `fedxl run` at a time; a lock left by a killed run is taken over."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from pathlib import Path

from fedxl.errors import LockedError
from fedxl.procs import pid_alive


class WorkspaceLock:
    """`with WorkspaceLock(path):` — LockedError (exit 3) when a live process holds it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.held = False

    def _owner(self) -> dict[str, object] | None:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def _stale(self, owner: dict[str, object] | None) -> bool:
        if owner is None:  # unreadable or half-written: only stale once it is old
            try:
                return (dt.datetime.now().timestamp() - self.path.stat().st_mtime) > 60
            except OSError:
                return True
        if owner.get("host") != socket.gethostname():
            return False  # another machine's lock (shared folder): never take it over
        return not pid_alive(int(owner.get("pid", 0)))  # type: ignore[call-overload]

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                              "since": dt.datetime.now().isoformat(timespec="seconds")})
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                owner = self._owner()
                if not self._stale(owner):
                    raise LockedError("lock.held", pid=(owner or {}).get("pid", "?"),
                                      since=(owner or {}).get("since", "?"), path=str(self.path)) from None
                stale = self.path.with_name(f"{self.path.name}.stale-{os.getpid()}")
                try:
                    os.replace(self.path, stale)  # atomic: only one taker wins
                    stale.unlink()
                except OSError:
                    pass
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            self.held = True
            return
        raise LockedError("lock.held", pid="?", since="?", path=str(self.path))

    def release(self) -> None:
        if self.held:
            try:
                self.path.unlink()
            except OSError:
                pass
            self.held = False

    def __enter__(self) -> WorkspaceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
