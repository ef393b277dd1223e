"""The city's page link (`fedxl city serve`): one private link for the city's staff, made from a
nonce kept in the city's workbooks/ and its secret key, as a district's admin link is; renewing
it (`--renew-link`) ends every session opened with the old one."""

from __future__ import annotations

import hmac
import json
import secrets

from fedxl.access import folder_key, sign
from fedxl.city import City

LINK_FILE = ".fedxl-city-link.json"
DEFAULT_CITY_PORT = 8760


def _nonce(city: City) -> str | None:
    try:
        data = json.loads((city.workbooks / LINK_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    nonce = data.get("nonce") if isinstance(data, dict) else None
    return str(nonce) if nonce else None


def city_token(city: City, *, renew: bool = False) -> str:
    """The token of the city's link (made on first use; a new one with `renew`)."""
    from fedxl.files.atomic import write_text_atomic

    nonce = None if renew else _nonce(city)
    if nonce is None:
        nonce = secrets.token_hex(16)
        write_text_atomic(city.workbooks / LINK_FILE, json.dumps({"nonce": nonce}))
    return sign(folder_key(city.workbooks), "city", nonce)


def city_token_ok(city: City, token: str | None) -> bool:
    """Whether `token` is the city's current link (compared in constant time)."""
    nonce = _nonce(city)
    if not token or nonce is None or len(token) > 200:
        return False
    return hmac.compare_digest(token, sign(folder_key(city.workbooks), "city", nonce))


def city_session(city: City) -> str | None:
    """The session cookie of the current link (None before there is one)."""
    nonce = _nonce(city)
    return None if nonce is None else sign(folder_key(city.workbooks), "city-session", nonce)
