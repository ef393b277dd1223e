"""Who may send what: each town's private link, the admin link and session, CSRF and a rate limit.

The web pages (fedxl.web) check every request with these; `fedxl links` prints the links.

A link's token is never stored. The store keeps, per town (and for the admin), a random nonce
and the token's sha256; the token itself is an HMAC of the town and its nonce under the
workspace's key (`workbooks/.fedxl-web.key`, made once with `secrets`). So `fedxl links` can
print the same links again, a renewed link (a new nonce) ends the old one at once, and a copy of
fedxl.db alone reveals no link. Losing the store (`fedxl rebuild`) changes every link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from fedxl.errors import StoreError
from fedxl.store import LinkEntry, base_url_of, keep_links, kept_links, links_of, open_store
from fedxl.workspace import Workspace

DEFAULT_PORT = 8750
KEY_NAME = ".fedxl-web.key"
ADMIN = "__admin__"  # the scope of the district's own link (no town is called that)
TOKEN_CHARS = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def workspace_key(ws: Workspace) -> bytes:
    """The workspace's secret key, made on first use (owner-only permissions where the OS has them)
    ."""
    return folder_key(ws.workbooks)


def folder_key(workbooks: Path) -> bytes:
    """The secret key kept in a workspace's workbooks/ folder (a district's or a city's)."""
    path = workbooks / KEY_NAME
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        pass
    key = secrets.token_bytes(32)
    workbooks.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{KEY_NAME}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    try:
        os.link(tmp, path)  # first writer wins; a second process reads the winner's key
    except FileExistsError:
        if len(path.read_bytes()) < 32:  # a key cut short (a power cut as it was made): replaced
            os.replace(tmp, path)
    # no hard links (a FAT32 or exFAT USB drive): a plain rename, unless one appeared
    except OSError:
        if not path.exists():
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_bytes()


def sign(key: bytes, *parts: str) -> str:
    """A URL-safe HMAC-SHA256 of `parts` (tokens, cookies and CSRF values are all made this way)."""
    mac = hmac.new(key, "\x00".join(parts).encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")[:TOKEN_CHARS]


@dataclass(frozen=True)
class Link:
    scope: str  # a town's name, or ADMIN
    token: str

    @property
    def is_admin(self) -> bool:
        return self.scope == ADMIN


class Links:
    """The workspace's links: made on first use, checked against the store on every request (so
    a link renewed by `fedxl links --renew` in another window stops working at once)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.key = workspace_key(ws)

    def _token(self, scope: str, nonce: str) -> str:
        return sign(self.key, "link", scope, nonce)

    def all(self, *, renew: str | None = None) -> list[Link]:
        """Every town's link (in fedxl.toml's order) and the admin's last; `renew`: a town (or
        ADMIN) whose link is replaced by a new one."""
        scopes = [town.name for town in self.ws.config.towns] + [ADMIN]
        links = []
        with open_store(self.ws) as store, store.transaction():
            stored = store.links()
            for scope in scopes:
                entry = stored.get(scope)
                if entry is None or scope == renew:
                    nonce = secrets.token_hex(16)
                    token = self._token(scope, nonce)
                    store.set_link(scope, LinkEntry(nonce, _hash(token)))
                else:
                    token = self._token(scope, entry.nonce)
                links.append(Link(scope, token))
            kept = store.links()
        # beside the archive: `fedxl rebuild` gives towns the same links
        keep_links(self.ws.workbooks / "archive", kept)
        return links

    def _entries(self) -> dict[str, LinkEntry]:
        return links_of(self.ws)

    def find(self, token: str | None) -> Link | None:
        """The link a presented token belongs to, or None (compared by hash, in constant time;
        a town since removed from fedxl.toml has no link)."""
        if not token or len(token) > 200:
            return None
        digest = _hash(token)
        towns = {town.name for town in self.ws.config.towns} | {ADMIN}
        try:
            entries = self._entries()
        except StoreError as exc:
            if exc.key != "store.lost":
                raise
            entries = {}
        if not entries and kept_links(self.ws.workbooks / "archive"):
            # the store was emptied (a rebuild is due): not a bad link
            raise StoreError("store.maintenance")
        for scope, entry in entries.items():
            if hmac.compare_digest(entry.token_hash, digest) and scope in towns:
                return Link(scope, token)
        return None

    def admin_token(self) -> str | None:
        entry = self._entries().get(ADMIN)
        return self._token(ADMIN, entry.nonce) if entry else None


def csrf_value(key: bytes, holder: str) -> str:
    """The hidden field every HTML form carries: bound to the link token or admin session."""
    return sign(key, "csrf", holder)


def session_value(key: bytes, admin_token: str) -> str:
    """The admin link's fingerprint kept in each session: renewing the link ends the sessions."""
    return sign(key, "session", _hash(admin_token))


class RateLimit:
    """At most `count` uploads per `seconds` for each token (in memory, per server process)."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count, self.seconds = count, seconds
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, holder: str) -> bool:
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(holder, deque())
            while hits and now - hits[0] > self.seconds:
                hits.popleft()
            if len(hits) >= self.count:
                return False
            hits.append(now)
            return True


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


def default_base_url(ws: Workspace | None = None, port: int = DEFAULT_PORT) -> str:
    """Where the towns reach the intake: the address the last `fedxl serve` of this workspace
    printed, else this PC's LAN address on the default port."""
    if ws is not None:
        recorded = base_url_of(ws)
        if recorded:
            return recorded
    return f"http://{lan_address()}:{port}"


def town_links(
    ws: Workspace, *, base_url: str | None = None, renew: str | None = None
) -> tuple[list[TownLink], TownLink]:
    """Each town's private link and the admin link; `renew`: a town (or "admin") whose link is
    replaced now (the old one stops working at once)."""
    from fedxl.errors import UsageError

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
    towns = [
        TownLink(link.scope, f"{base}/t/{link.token}", link.token)
        for link in links
        if not link.is_admin
    ]
    admin = next(link for link in links if link.is_admin)
    return towns, TownLink("", f"{base}/a/{admin.token}", admin.token)


def remember_base_url(ws: Workspace, base: str) -> None:
    """The address `fedxl serve` is reachable at, for the links printed later."""
    with open_store(ws) as store:
        store.set_base_url(base)
