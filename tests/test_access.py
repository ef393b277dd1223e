"""fedxl.access in-process: the key, the links, their renewal and removal, the signed values and
the rate limit (the web tests reach them through a server in another process)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import stat
import sys
from pathlib import Path

import pytest

from fedxl import access
from fedxl.access import (
    ADMIN,
    KEY_NAME,
    TOKEN_CHARS,
    Links,
    RateLimit,
    csrf_value,
    default_base_url,
    folder_key,
    lan_address,
    remember_base_url,
    session_value,
    sign,
    town_links,
)
from fedxl.errors import StoreError
from fedxl.jobs.setup import init_workspace
from fedxl.store import kept_links, kept_path
from fedxl.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    init_workspace(tmp_path / "ws", year=2026)
    return Workspace(tmp_path / "ws")


def test_the_key_is_made_once_owner_only_and_a_cut_short_key_is_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "workbooks"  # not there yet, nor its parent
    key = folder_key(folder)
    assert len(key) == 32 and folder_key(folder) == key
    if sys.platform != "win32":
        assert stat.S_IMODE((folder / KEY_NAME).stat().st_mode) == 0o600
    (folder / KEY_NAME).write_bytes(b"short")  # what a power cut can leave
    again = folder_key(folder)
    assert len(again) == 32 and again != key and (folder / KEY_NAME).read_bytes() == again
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_two_first_uses_at_once_share_the_first_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process makes the key between this one's look and its write: its key is used."""
    folder = tmp_path / "workbooks"
    folder.mkdir()
    winner = b"w" * 32
    real_link = os.link

    def beaten(src: str, dst: str) -> None:
        Path(dst).write_bytes(winner)
        monkeypatch.setattr(access.os, "link", real_link)
        raise FileExistsError(dst)

    monkeypatch.setattr(access.os, "link", beaten)
    assert folder_key(folder) == winner and folder_key(folder) == winner


def test_signed_values() -> None:
    key = b"k" * 32
    mac = hmac.new(key, "link\x00兴隆镇\x00n1".encode(), hashlib.sha256).digest()
    assert sign(key, "link", "兴隆镇", "n1") == base64.urlsafe_b64encode(mac).decode()[:TOKEN_CHARS]
    assert len(sign(key, "x")) == TOKEN_CHARS == 32
    assert sign(key, "ab", "c") != sign(key, "a", "bc")  # the parts stay apart
    assert csrf_value(key, "t1") == csrf_value(key, "t1") != csrf_value(key, "t2")
    assert csrf_value(key, "t1") == sign(key, "csrf", "t1")
    assert session_value(key, "t1") == sign(key, "session", hashlib.sha256(b"t1").hexdigest())
    assert session_value(key, "t1") != csrf_value(key, "t1")  # each value has its purpose
    assert session_value(key, "t1") != session_value(key, "t2")
    assert session_value(key, "t1") != session_value(b"j" * 32, "t1")


def test_links_are_kept_found_renewed_and_end_with_their_town(ws: Workspace) -> None:
    assert Links(ws).admin_token() is None  # no links made yet
    towns, admin = town_links(ws, base_url="http://192.168.1.5:8750/")
    names = [t.name for t in ws.config.towns]
    assert [t.town for t in towns] == names
    assert all(t.url == f"http://192.168.1.5:8750/t/{t.token}" for t in towns)
    assert admin.url == f"http://192.168.1.5:8750/a/{admin.token}" and admin.town == ""
    links = Links(ws)
    assert links.admin_token() == admin.token
    found = links.find(towns[0].token)
    assert found is not None and (found.scope, found.token) == (names[0], towns[0].token)
    assert not found.is_admin
    admin_link = links.find(admin.token)
    assert admin_link is not None and admin_link.scope == ADMIN and admin_link.is_admin
    # the same links again; kept beside the archive for a rebuild
    again, _ = town_links(ws, base_url="http://FEDX/")
    assert again[0].url == f"http://FEDX/t/{again[0].token}"
    assert [t.token for t in again] == [t.token for t in towns]
    assert set(kept_links(ws.workbooks / "archive")) == {*names, ADMIN}
    # a renewed link: the old one ends, the others stay
    renewed, _ = town_links(ws, base_url="http://x", renew=names[1])
    assert renewed[1].token != towns[1].token and links.find(towns[1].token) is None
    assert [t.token for i, t in enumerate(renewed) if i != 1] == [
        t.token for i, t in enumerate(towns) if i != 1
    ]
    _, new_admin = town_links(ws, base_url="http://x", renew="ADMIN")
    assert new_admin.token != admin.token and links.find(admin.token) is None
    # a town taken out of fedxl.toml has no working link
    config = ws.root / "fedxl.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(f'name = "{names[0]}"', 'name = "新设镇"'), encoding="utf-8")
    assert Links(Workspace(ws.root)).find(towns[0].token) is None


@pytest.mark.parametrize(
    "token", [None, "", "x" * 200, "x" * 201, "令牌", "a\x00b"], ids=lambda t: repr(t)[:12]
)
def test_an_unknown_token_is_no_link(ws: Workspace, token: str | None) -> None:
    town_links(ws, base_url="http://x")
    assert Links(ws).find(token) is None


def test_a_token_is_compared_only_up_to_200_characters(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    towns, _ = town_links(ws, base_url="http://x")
    links = Links(ws)
    seen: list[str] = []
    real = access._hash
    monkeypatch.setattr(access, "_hash", lambda t: seen.append(t) or real(t))
    links.find("y" * 200)
    links.find("y" * 201)
    assert seen == ["y" * 200]  # a longer one is refused before any work
    assert links.find(towns[0].token) is not None


def test_an_emptied_store_is_maintenance_not_a_bad_link(ws: Workspace) -> None:
    towns, _ = town_links(ws, base_url="http://x")
    for path in ws.workbooks.glob("fedxl.db*"):
        path.unlink()
    with pytest.raises(StoreError) as caught:
        Links(ws).find(towns[0].token)
    assert caught.value.key == "store.maintenance"
    kept_path(ws.workbooks / "archive").unlink()
    assert kept_links(ws.workbooks / "archive") == {}
    assert Links(ws).find(towns[0].token) is None  # a new workspace: simply no such link


@pytest.mark.parametrize("kept", [True, False])
def test_a_lost_store_is_maintenance_when_links_were_kept(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch, kept: bool
) -> None:
    towns, _ = town_links(ws, base_url="http://x")
    if not kept:
        kept_path(ws.workbooks / "archive").unlink()
    links = Links(ws)

    def lost() -> dict[str, object]:
        raise StoreError("store.lost")

    monkeypatch.setattr(links, "_entries", lost)
    if kept:
        with pytest.raises(StoreError) as caught:
            links.find(towns[0].token)
        assert caught.value.key == "store.maintenance"
    else:
        assert links.find(towns[0].token) is None


def test_a_store_that_fails_otherwise_is_said(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    links = Links(ws)

    def broken() -> dict[str, object]:
        raise StoreError("store.locked")

    monkeypatch.setattr(links, "_entries", broken)
    with pytest.raises(StoreError) as caught:
        links.find("abc")
    assert caught.value.key == "store.locked"


def test_the_rate_limit_counts_each_sender_within_its_window(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(access.time, "monotonic", lambda: clock[0])
    limit = RateLimit(2, 60)
    assert [limit.allow("a"), limit.allow("a"), limit.allow("a")] == [True, True, False]
    assert limit.allow("b") is True  # another sender has its own count
    clock[0] += 60  # exactly a window later: the first still counts
    assert limit.allow("a") is False
    clock[0] += 0.5  # both out of the window
    assert [limit.allow("a") for _ in range(3)] == [True, True, False]


def test_the_address_the_towns_are_given(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    class Probe:
        def __init__(self, family: int, kind: int) -> None:
            assert (family, kind) == (access.socket.AF_INET, access.socket.SOCK_DGRAM)

        def __enter__(self) -> Probe:
            return self

        def __exit__(self, *exc: object) -> None:
            pass

        def connect(self, where: tuple[str, int]) -> None:
            assert where == ("10.255.255.255", 1)  # a private address: nothing is sent

        def getsockname(self) -> tuple[str, int]:
            return ("192.168.3.7", 53211)

    monkeypatch.setattr(access.socket, "socket", Probe)
    assert lan_address() == "192.168.3.7"
    assert default_base_url(ws) == "http://192.168.3.7:8750"
    assert default_base_url(ws, port=9000) == "http://192.168.3.7:9000"

    class NoNetwork(Probe):
        def connect(self, where: tuple[str, int]) -> None:
            raise OSError("network unreachable")

    monkeypatch.setattr(access.socket, "socket", NoNetwork)
    assert lan_address() == "127.0.0.1"
    remember_base_url(ws, "http://10.0.0.9:8750")  # what the last `fedxl serve` printed
    assert default_base_url(ws) == "http://10.0.0.9:8750"
    towns, _ = town_links(ws)
    assert towns[0].url.startswith("http://10.0.0.9:8750/t/")
    assert os.environ.get("FEDXL_DATABASE_URL") is None
