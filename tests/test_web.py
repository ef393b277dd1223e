"""The web intake, through a real `fedxl serve` (uvicorn on a loopback port) driven with httpx:
tokens and towns, limits, hostile names, twenty towns at once, feedback and its access rule,
the HTML form with its CSRF value, the district's page, renewal, and uploads left by a stop."""

from __future__ import annotations

import concurrent.futures
import contextlib
import html
import io
import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from conftest import IntakeServer, intake_workspace, start_server, stop_server  # noqa: E402

from fedxl.i18n import t  # noqa: E402
from fedxl.jobs.samples import town_ledger, write_plain_ledger  # noqa: E402
from fedxl.store import Store  # noqa: E402
from fedxl.workspace import Workspace  # noqa: E402

TOWNS = ["头道桥街道", "二道河街道", "新华街道", "站前街道", "振兴街道"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = intake_workspace(
        tmp_path_factory.mktemp("web") / "ws", max_file_mb=1, uploads_per_minute=1000
    )
    srv = start_server(root)
    yield srv
    stop_server(srv)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ledgers")


def ledger(
    folder: Path,
    town: str,
    *,
    month: int = 6,
    seed: int = 0,
    broken: bool = False,
    name: str | None = None,
) -> Path:
    form = _form()
    data = town_ledger(form, town, 2026, month, seed=seed, orgs=4, events=4)
    if broken:
        data.tables["妇委会名录"][0]["所在单位"] = None  # a required cell left empty
    path = folder / (name or f"{town}{month}月台账_{seed}{'_错' if broken else ''}.xlsx")
    write_plain_ledger(form, data, path)
    return path


_FORM: list[object] = []


def _form():  # type: ignore[no-untyped-def]
    if not _FORM:
        from fedxl.form import load_form
        from fedxl.workspace.resources import default_templates_dir

        _FORM.append(load_form(default_templates_dir() / "form.toml"))
    return _FORM[0]


def upload(
    server: IntakeServer, token: str | None, path: Path, *, name: str | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with open(path, "rb") as fh:
        return httpx.post(
            server.base + "/api/submissions",
            headers=headers,
            timeout=60,
            files={"file": (name or path.name, fh, XLSX)},
        )


def submissions(server: IntakeServer) -> list:  # type: ignore[type-arg]
    ws = Workspace(server.root)
    with Store(ws.db_path, ws.form) as store:
        return store.submissions()


def test_healthz_and_bad_tokens(server: IntakeServer, made: Path) -> None:
    assert httpx.get(server.base + "/healthz").status_code == 200
    path = ledger(made, "头道桥街道", seed=90)
    before = len(submissions(server))
    assert upload(server, None, path).status_code == 401
    assert upload(server, "not-a-token", path).status_code == 401
    admin = server.links()["admin"]["token"]  # type: ignore[index]
    assert upload(server, admin, path).status_code == 401  # the admin link does not send ledgers
    page = httpx.get(server.base + "/t/not-a-token")
    assert page.status_code == 404 and 'id="message"' in page.text
    assert len(submissions(server)) == before
    assert not list((server.root / "workbooks" / "uploads").iterdir())


def test_a_town_sends_its_ledger_and_it_is_recorded_as_that_town(
    server: IntakeServer, made: Path
) -> None:
    path = ledger(made, "新华街道", seed=1)
    answer = upload(server, server.token("新华街道"), path)
    assert answer.status_code == 200
    doc = answer.json()
    assert doc["version"] == 1 and len(doc["files"]) == 1
    one = doc["files"][0]
    assert one["town"] == "新华街道" and one["period"] == "2026-06" and one["status"] == "accepted"
    assert one["file"] == path.name and one["duplicate"] is False
    assert "feedback_url" not in one  # clean: nothing to send back
    sub = next(s for s in submissions(server) if s.id == one["submission_id"])
    assert (sub.town, sub.month, sub.original_name, sub.status) == (
        "新华街道",
        "2026-06",
        path.name,
        "accepted",
    )
    archived = server.root / sub.archive_path
    assert archived.is_file() and archived.read_bytes() == path.read_bytes()
    again = upload(server, server.token("新华街道"), path).json()["files"][0]
    assert again["duplicate"] is True and again["submission_id"] == one["submission_id"]
    window = server.log.read_text(encoding="utf-8")  # the clerk's server window: a line per upload
    assert f"新华街道 报送 {path.name}：通过" in window


def test_a_ledger_of_another_town_is_town_mismatch(server: IntakeServer, made: Path) -> None:
    path = ledger(made, "二道河街道", seed=2)
    one = upload(server, server.token("头道桥街道"), path).json()["files"][0]
    assert one["status"] == "rejected"
    assert any(f["code"] == "town-mismatch" for f in one["findings"])
    assert one["town"] == "头道桥街道"  # the link's town: 二道河's board is not touched
    assert "feedback_url" in one


def test_an_oversized_body_is_refused_while_it_streams(server: IntakeServer, made: Path) -> None:
    before = len(submissions(server))
    big = made / "big.xlsx"
    big.write_bytes(b"PK\x03\x04" + bytes(3 * 1024 * 1024))
    token = server.token("站前街道")
    answer = upload(server, token, big)  # Content-Length says it at once
    assert answer.status_code == 413 and answer.json()["error"] == "too_large"

    boundary = "fedxlboundary"

    def chunked():  # no Content-Length: the limit must hold while the body arrives
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\n'
            f"Content-Type: {XLSX}\r\n\r\n"
        ).encode()
        for _ in range(48):
            yield bytes(64 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    answer = httpx.post(
        server.base + "/api/submissions",
        content=chunked(),
        timeout=60,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    assert answer.status_code == 413
    assert len(submissions(server)) == before
    assert not list((server.root / "workbooks" / "uploads").iterdir())  # nothing kept


def test_the_sent_file_name_is_never_a_path(server: IntakeServer, made: Path) -> None:
    path = ledger(made, "振兴街道", seed=3)
    outside = server.root.parent
    for name in (
        "../../振兴街道台账.xlsx",
        "..\\..\\evil.xlsx",
        "/etc/passwd",
        "C:\\Users\\a\\桌面\\振兴街道6月.xlsx",
    ):
        one = upload(server, server.token("振兴街道"), path, name=name).json()["files"][0]
        # the name a town gave, without its folders: never a path, never a way up
        assert "/" not in one["file"] and "\\" not in one["file"]
        assert not one["file"].startswith("..") and one["file"] != ".."
    assert not (outside / "振兴街道台账.xlsx").exists() and not (outside / "evil.xlsx").exists()
    assert Path("/etc/passwd").read_bytes()[:4] != b"PK\x03\x04"
    for sub in submissions(server):
        assert (
            (server.root / sub.archive_path)
            .resolve()
            .is_relative_to(server.root / "workbooks" / "archive")
        )


def test_twenty_uploads_at_once_from_five_towns_are_recorded_once_each(
    server: IntakeServer, made: Path
) -> None:
    files = [(town, ledger(made, town, month=7, seed=100 + i)) for town in TOWNS for i in range(4)]
    tokens = {town: server.token(town) for town in TOWNS}
    before = {s.id for s in submissions(server)}
    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda item: upload(server, tokens[item[0]], item[1]), files))
    assert [a.status_code for a in answers] == [200] * 20
    results = [a.json()["files"][0] for a in answers]
    assert len({r["submission_id"] for r in results}) == 20
    new = [s for s in submissions(server) if s.id not in before]
    assert len(new) == 20
    assert sorted((s.town, s.original_name) for s in new) == sorted(
        (town, p.name) for town, p in files
    )
    assert all(s.status == "accepted" and s.month == "2026-07" for s in new)


def test_feedback_is_for_its_own_town_only(server: IntakeServer, made: Path) -> None:
    import openpyxl

    path = ledger(made, "站前街道", seed=4, broken=True)
    token = server.token("站前街道")
    one = upload(server, token, path).json()["files"][0]
    assert one["status"] == "rejected" and any(f["code"] == "required" for f in one["findings"])
    url = one["feedback_url"]
    got = httpx.get(url, headers={"Authorization": f"Bearer {token}"})
    assert got.status_code == 200 and got.content[:2] == b"PK"
    book = openpyxl.load_workbook(io.BytesIO(got.content))
    assert "校验结果" in book.sheetnames
    codes = {row[-1] for row in book["校验结果"].iter_rows(values_only=True)}
    assert "required" in codes
    assert (
        httpx.get(url, headers={"Authorization": f"Bearer {server.token('东湖镇')}"}).status_code
        == 404
    )
    assert httpx.get(url).status_code == 401
    html = httpx.get(f"{server.base}/t/{server.token('东湖镇')}/feedback/{one['submission_id']}")
    assert html.status_code == 404


def _csrf(page: str) -> str:
    found = re.search(r'name="_csrf" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def test_the_town_page_form_sends_and_shows_the_findings(server: IntakeServer, made: Path) -> None:
    token = server.token("东湖镇")
    page = httpx.get(f"{server.base}/t/{token}")
    assert page.status_code == 200 and "东湖镇" in page.text
    path = ledger(made, "东湖镇", seed=5, broken=True)
    with open(path, "rb") as fh:
        refused = httpx.post(
            f"{server.base}/t/{token}/send",
            files={"file": (path.name, fh, XLSX)},
            data={"_csrf": "forged"},
        )
    assert refused.status_code == 403
    with open(path, "rb") as fh:
        sent = httpx.post(
            f"{server.base}/t/{token}/send",
            files={"file": (path.name, fh, XLSX)},
            data={"_csrf": _csrf(page.text)},
        )
    assert sent.status_code == 303
    result = httpx.get(server.base + sent.headers["location"])
    assert result.status_code == 200
    assert 'class="notice bad"' in result.text and 'id="findings"' in result.text
    # the empty 所在单位 of the first record
    assert "妇委会名录" in result.text and "C3" in result.text
    feedback = re.search(r'href="(/t/[^"]+/feedback/\d+)"', result.text)
    assert feedback and httpx.get(server.base + feedback.group(1)).status_code == 200
    history = httpx.get(f"{server.base}/t/{token}").text
    assert path.name in history
    with open(path, "rb") as fh:  # the same file again: the page says which submission it repeats
        again = httpx.post(
            f"{server.base}/t/{token}/send",
            files={"file": (path.name, fh, XLSX)},
            data={"_csrf": _csrf(history)},
        )
    assert again.status_code == 303 and again.headers["location"].endswith("?dup=1")
    repeat = httpx.get(server.base + again.headers["location"]).text
    sid = int(again.headers["location"].split("/s/")[1].split("?")[0])
    what = t("dup.what", town="东湖镇", month="2026年6月")
    assert html.escape(t("dup.same", id=sid, what=what, when="@").split("@")[0]) in repeat
    blank = httpx.get(f"{server.base}/t/{token}/blank")
    assert blank.status_code == 200 and blank.content[:2] == b"PK"
    import openpyxl

    info = openpyxl.load_workbook(io.BytesIO(blank.content))["基本信息"]
    assert "东湖镇" in [c for row in info.iter_rows(values_only=True) for c in row]


def test_the_district_page(server: IntakeServer, made: Path) -> None:
    # a June ledger of its own, so the merge below has a month to merge whatever ran before
    sent = upload(server, server.token("新华街道"), ledger(made, "新华街道", seed=31))
    assert sent.status_code == 200 and sent.json()["files"][0]["status"] == "accepted"
    admin = server.links()["admin"]
    with httpx.Client(base_url=server.base) as client:
        login = client.get("/admin")
        assert login.status_code == 200 and 'name="token"' in login.text
        assert client.post("/admin/login", data={"token": "wrong"}).status_code == 403
        entered = client.get(f"/a/{admin['token']}")  # type: ignore[index]
        assert entered.status_code == 303
        cookie = entered.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        first = client.cookies.get("fedxl_admin")
        board = client.get("/admin?month=2026-06")
        assert board.status_code == 200 and 'id="board"' in board.text and "新华街道" in board.text
        assert client.get("/admin/board?month=2026-06").status_code == 200
        assert (
            client.post("/admin/do/merge?month=2026-06", data={"_csrf": "forged"}).status_code
            == 403
        )
        done = client.post("/admin/do/merge?month=2026-06", data={"_csrf": _csrf(board.text)})
        assert done.status_code == 303 and done.headers["location"] == "/admin?month=2026-06"
        summaries = list((server.root / "workbooks" / "summaries").glob("*.xlsx"))
        assert summaries
        page = client.get("/admin?month=2026-06").text
        assert summaries[0].name in page and 'id="done"' in page  # said once, on the same month
        assert 'id="done"' not in client.get("/admin?month=2026-06").text
        assert "请致电" not in client.get("/admin?problem=请致电").text  # no text from the address
        listed = client.get(f"/admin/files/summaries/{summaries[0].name}")
        assert listed.status_code == 200 and listed.content[:2] == b"PK"
        assert client.get("/admin/files/summaries/..%2Ffedxl.db").status_code == 404
        assert client.get("/admin/files/archive/x.xlsx").status_code == 404
        # a forged logout (no CSRF value) does nothing
        assert client.post("/admin/logout").status_code == 403
        assert 'id="board"' in client.get("/admin").text
        assert client.post("/admin/logout", data={"_csrf": _csrf(page)}).status_code == 303
        assert 'name="token"' in client.get("/admin").text
        client.cookies.set("fedxl_admin", str(first))  # the old cookie kept: its session has ended
        assert 'name="token"' in client.get("/admin").text
    assert httpx.get(server.base + "/admin/board").status_code == 401


def test_the_district_decides_on_its_page(server: IntakeServer, made: Path) -> None:
    """退回 with its reason and 展期 from the admin page: CSRF, a refusal said on the page with
    nothing changed, the board and the log show each; the log names the admin session."""
    import fedxl.api

    sent = upload(server, server.token("双山镇"), ledger(made, "双山镇", seed=77))
    assert sent.status_code == 200
    sid = sent.json()["files"][0]["submission_id"]
    ws = Workspace(server.root)
    before = len(fedxl.api.decisions(ws))
    admin = server.links()["admin"]
    # the admin page's search finds the town's organisations
    with httpx.Client(base_url=server.base) as client:
        client.get(f"/a/{admin['token']}")  # type: ignore[index]
        with Store(ws.db_path, ws.form) as store:
            name = store.rows("妇委会名录", sid)[0]["组织名称"]
        searched = client.get("/admin", params={"month": "2026-06", "q": name[1:5]}).text
        listed = searched.split('id="found"', 1)[1].split("</ul>", 1)[0]
        expected = fedxl.api.find(ws, name[1:5])
        assert expected and all(html.escape(f.lines()[0]) in listed for f in expected)
        nothing = client.get("/admin", params={"q": "<script>x</script>"}).text
        assert "<script>x</script>" not in nothing and html.escape("<script>x</script>") in nothing
    with httpx.Client(base_url=server.base) as client:
        client.get(f"/a/{admin['token']}")  # type: ignore[index]
        page = client.get("/admin?month=2026-06").text
        assert 'id="decide-form"' in page
        forged = {"_csrf": "forged", "kind": "return", "id": str(sid), "reason": "x"}
        assert client.post("/admin/decide?month=2026-06", data=forged).status_code == 403
        csrf = _csrf(page)
        empty = {"_csrf": csrf, "kind": "return", "id": str(sid), "reason": " "}
        refused = client.post("/admin/decide?month=2026-06", data=empty)
        assert refused.status_code == 303
        page = client.get("/admin?month=2026-06").text
        assert 'id="problem"' in page and html.escape(t("decide.no_reason")) in page
        assert len(fedxl.api.decisions(ws)) == before  # nothing changed
        reason = "妇委会名录漏了两家企业"
        done = client.post(
            "/admin/decide?month=2026-06",
            data={"_csrf": csrf, "kind": "return", "id": str(sid), "reason": reason},
        )
        assert done.status_code == 303
        page = client.get("/admin?month=2026-06").text
        assert 'id="done"' in page and reason in page and t("state.returned") in page
        bad_n = {"_csrf": csrf, "kind": "accept", "id": str(sid), "n": "99", "reason": "x"}
        assert client.post("/admin/decide?month=2026-06", data=bad_n).status_code == 303
        page = client.get("/admin?month=2026-06").text
        assert html.escape(t("decide.no_warning", id=sid, n=99)) in page
        extended = client.post(
            "/admin/decide?month=2026-06",
            data={
                "_csrf": csrf,
                "kind": "extend",
                "town": "双山镇",
                "until": "2026-07-20",
                "reason": "换届选举",
            },
        )
        assert extended.status_code == 303
        assert 'id="done"' in client.get("/admin?month=2026-06").text
    made_now = fedxl.api.decisions(ws)[before:]
    assert [(d.kind, d.reason) for d in made_now] == [("return", reason), ("extend", "换届选举")]
    assert all(d.who.startswith(t("web.who", session="")[:4]) for d in made_now)
    row = next(r for r in fedxl.status(ws, "2026-06").towns if r.town == "双山镇")
    assert row.state == "returned" and row.until == "2026-07-20" and row.reason == reason
    # the town sees why, beside that file on its page
    town_page = httpx.get(f"{server.base}/t/{server.token('双山镇')}").text
    assert html.escape(t("web.note_returned", reason=reason)) in town_page


def test_the_result_page_says_what_changed(server: IntakeServer, made: Path) -> None:
    """A second June ledger: its page lists what it changed against the first (本次变化)."""
    token = server.token("东湖镇")
    first = upload(server, token, ledger(made, "东湖镇", seed=31, name="东湖镇6月a.xlsx"))
    second = upload(server, token, ledger(made, "东湖镇", seed=32, name="东湖镇6月b.xlsx"))
    assert first.status_code == 200 and second.status_code == 200
    sid = second.json()["files"][0]["submission_id"]
    page = httpx.get(f"{server.base}/t/{token}/s/{sid}").text
    assert 'id="changes"' in page and t("web.changes_heading") in page
    import fedxl.api

    said = fedxl.api.changes(Workspace(server.root), submission_id=sid).lines()
    assert len(said) > 1 and all(html.escape(line) in page for line in said)
    # its marked copy (made now, clean or not) has the same lines in its 与上月对比 sheet
    assert f'href="/t/{token}/feedback/{sid}"' in page
    got = httpx.get(f"{server.base}/t/{token}/feedback/{sid}")
    assert got.status_code == 200
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(got.content))
    assert [c.value for c in book["与上月对比"]["A"] if c.value][1:] == said
    # the district sees the same from the board's number
    with httpx.Client(base_url=server.base) as client:
        assert client.get(f"/admin/changes/{sid}").status_code == 303  # not logged in
        client.get(f"/a/{server.links()['admin']['token']}")  # type: ignore[index]
        shown = client.get(f"/admin/changes/{sid}").text
        assert all(html.escape(line) in shown for line in said)
        assert client.get("/admin/changes/99999999").status_code == 404
        assert f'href="/admin/changes/{sid}"' in client.get("/admin?month=2026-06").text


def test_a_renewed_link_stops_working_at_once(server: IntakeServer, made: Path) -> None:
    import subprocess
    import sys

    old = server.token("柳河镇")
    others = {town: server.token(town) for town in ("东湖镇", "兴隆镇")}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "fedxl",
            "--workspace",
            str(server.root),
            "links",
            "--json",
            "--renew",
            "柳河镇",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    new = next(x["token"] for x in json.loads(out.stdout)["towns"] if x["town"] == "柳河镇")
    assert new != old and new == server.token("柳河镇")
    path = ledger(made, "柳河镇", seed=6)
    assert upload(server, old, path).status_code == 401
    assert upload(server, new, path).status_code == 200
    # the others stay as they were, and still open their pages
    assert {town: server.token(town) for town in others} == others
    assert httpx.get(f"{server.base}/t/{others['东湖镇']}").status_code == 200
    ws = Workspace(server.root)
    with Store(ws.db_path, ws.form) as store:
        stored = " ".join(f"{e.nonce} {e.token_hash}" for e in store.links().values())
    assert new not in stored and old not in stored  # only hashes (and nonces) are kept


def test_uploads_per_minute_and_uploads_left_by_a_stop(tmp_path: Path) -> None:
    root = intake_workspace(tmp_path / "ws", uploads_per_minute=2)
    ws = Workspace(root)
    waiting = ws.folder("uploads")
    path = ledger(tmp_path, "兴隆镇", seed=7)
    (waiting / "abc.upload").write_bytes(path.read_bytes())  # received, then the server was stopped
    (waiting / "abc.json").write_text(
        json.dumps({"name": "兴隆镇6月台账.xlsx", "town": "兴隆镇"}), encoding="utf-8"
    )
    (waiting / "def.part").write_bytes(b"half")  # cut off while arriving
    srv = start_server(root)
    try:
        wait_until(lambda: submissions(srv), 30)
        subs = submissions(srv)
        assert [(s.town, s.original_name) for s in subs] == [("兴隆镇", "兴隆镇6月台账.xlsx")]
        assert not list(waiting.iterdir())
        token = srv.token("永安镇")
        codes = [
            upload(srv, token, ledger(tmp_path, "永安镇", seed=10 + i)).status_code
            for i in range(3)
        ]
        assert codes == [200, 200, 429]
    finally:
        stop_server(srv)
    log = (root / "workbooks" / "web.log").read_text(encoding="utf-8")
    assert (
        "永安镇 api" in log and "refused 429" in log and "永安镇 POST /api/submissions 429" in log
    )
    assert token not in log


@contextlib.contextmanager
def another_fedxl(root: Path) -> Iterator[None]:
    """Hold the workspace lock in a thread, as the morning job would, until the block ends."""
    import threading

    from fedxl.files.lock import workspace_lock

    held, release = threading.Event(), threading.Event()

    def morning_job() -> None:
        with workspace_lock(root / "workbooks"):
            held.set()
            release.wait(60)

    job = threading.Thread(target=morning_job)
    job.start()
    assert held.wait(10)
    try:
        yield
    finally:
        release.set()
        job.join()


def wait_until(condition: Callable[[], object], seconds: float = 20) -> None:
    """Poll `condition` until it holds, failing after `seconds` (never a fixed sleep)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def waiting_uploads(root: Path) -> list[Path]:
    return list((root / "workbooks" / "uploads").glob("*.upload"))


def test_an_upload_waits_for_the_morning_job_then_is_recorded(
    server: IntakeServer, made: Path
) -> None:
    """Another fedxl (the scheduled run) holds the workspace lock: the upload waits for it."""
    path = ledger(made, "二道河街道", seed=8)  # a town whose board no other test reads
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        with another_fedxl(server.root):
            pending = pool.submit(upload, server, server.token("二道河街道"), path)
            wait_until(lambda: waiting_uploads(server.root))  # received and waiting in the queue
            assert not pending.done()
        answer = pending.result(timeout=60)
    assert answer.status_code == 200
    assert answer.json()["files"][0]["town"] == "二道河街道"


def test_serve_on_a_busy_port_and_links_in_the_console(server: IntakeServer, run) -> None:  # type: ignore[no-untyped-def]
    port = server.base.rsplit(":", 1)[1]
    busy = run("--workspace", str(server.root), "serve", "--port", port)
    assert busy.exit_code == 2 and port in busy.stderr
    shown = run("--workspace", str(server.root), "links", "--base-url", "http://192.168.1.20:8750")
    assert shown.exit_code == 0
    for town in TOWNS:
        assert town in shown.stdout
    assert "http://192.168.1.20:8750/t/" + server.token("头道桥街道") in shown.stdout.replace(
        "\n", ""
    ).replace("│", "").replace(" ", "")
    # the running server's own address
    recorded = run("--workspace", str(server.root), "links", "--json")
    assert recorded.json()["towns"][0]["url"].startswith(server.base + "/t/")  # type: ignore[index]
    unknown = run("--workspace", str(server.root), "links", "--renew", "不存在镇")
    assert unknown.exit_code == 2 and "不存在镇" in unknown.stderr


def test_an_unexpected_error_is_a_chinese_page_and_a_log_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    import fedxl.web.app as web_app
    import fedxl.web.town as web_town
    from fedxl.i18n import MESSAGES
    from fedxl.web import town_links

    root = intake_workspace(tmp_path / "ws")
    ws = Workspace(root)
    app = web_app.create_app(ws)
    towns, _ = town_links(ws, base_url="http://test")

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(web_town, "_town_context", broken)

    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get(f"/t/{towns[0].token}")

    try:
        answer = asyncio.run(get())
    finally:
        app.intake.queue.close()
    assert answer.status_code == 500
    assert MESSAGES["web.failed"][0] in answer.text and "Traceback" not in answer.text
    assert "Traceback" not in capsys.readouterr().err
    log = (root / "workbooks" / "web.log").read_text(encoding="utf-8")
    assert f"{towns[0].town} GET /t/…" in log and "error RuntimeError: disk on fire" in log
    assert towns[0].token not in log


def test_each_submission_keeps_its_own_feedback(server: IntakeServer, made: Path) -> None:
    """Two versions sent under the same name: the first one's 反馈表 is still the first one's."""
    import openpyxl

    token = server.token("兴隆镇")
    (made / "v1").mkdir(exist_ok=True)
    first = ledger(made / "v1", "兴隆镇", seed=11, broken=True, name="兴隆镇台账.xlsx")
    one = upload(server, token, first).json()["files"][0]
    second = made / "v2"
    second.mkdir(exist_ok=True)
    data_path = ledger(second, "兴隆镇", seed=12, name="兴隆镇台账.xlsx")
    book = openpyxl.load_workbook(data_path)
    book["活动台账"]["F3"] = "很多"  # 参与人数
    book.save(data_path)
    two = upload(server, token, data_path).json()["files"][0]
    assert one["submission_id"] != two["submission_id"]

    def coded(url: str) -> set[str]:
        got = httpx.get(url, headers={"Authorization": f"Bearer {token}"})
        assert got.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(got.content))["校验结果"]
        return {str(row[-1]) for row in sheet.iter_rows(values_only=True)}

    assert {f["code"] for f in two["findings"]} >= {"type"}
    assert "required" in coded(one["feedback_url"]) and "type" not in coded(one["feedback_url"])
    assert "type" in coded(two["feedback_url"]) and "required" not in coded(two["feedback_url"])


def test_empty_missing_and_other_towns_files_are_refused(server: IntakeServer, made: Path) -> None:
    token = server.token("永安镇")
    before = len(submissions(server))
    empty = made / "空.xlsx"
    empty.write_bytes(b"")
    answer = upload(server, token, empty)
    assert answer.status_code == 400 and answer.json()["error"] == "empty_file"
    page = httpx.get(f"{server.base}/t/{token}").text
    none_chosen = httpx.post(
        f"{server.base}/t/{token}/send",
        data={"_csrf": _csrf(page)},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert none_chosen.status_code == 400 and f'href="/t/{token}"' in none_chosen.text  # a way back
    assert len(submissions(server)) == before
    theirs = ledger(made, "新华街道", seed=41)  # 新华街道 sends these very bytes first
    assert upload(server, server.token("新华街道"), theirs).status_code == 200
    answer = upload(server, token, theirs)
    assert answer.status_code == 409 and "新华街道" not in answer.text
    assert httpx.get(f"{server.base}/t/{token}/s/99999999999999999999999").status_code == 404
    assert httpx.get(f"{server.base}/t/{token}/send", follow_redirects=False).status_code == 303


def test_odd_bodies_and_forms_get_chinese_answers(server: IntakeServer, made: Path) -> None:
    token = server.token("柳河镇")
    long_boundary = httpx.post(
        server.base + "/api/submissions",
        content=b"x" * 100,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "multipart/form-data; boundary=" + "b" * 5000,
        },
    )
    assert long_boundary.status_code == 400 and long_boundary.json()["error"] == "not_form"
    not_form = httpx.post(
        server.base + "/api/submissions",
        content=b"{}",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert not_form.status_code == 400
    with_file = httpx.post(server.base + "/admin/login", files={"token": ("a.txt", b"x")})
    assert (
        with_file.status_code == 400
        and "Too many files" not in with_file.text
        and 'id="message"' in with_file.text
    )
    admin = str(server.links()["admin"]["url"])  # type: ignore[index]
    with httpx.Client(base_url=server.base) as client:
        # the whole link pasted in
        pasted = client.post("/admin/login", data={"token": f"  {admin}  "})
        assert pasted.status_code == 303
        assert 'id="board"' in client.get("/admin").text
    log_file = server.root / "workbooks" / "web.log"

    def logged() -> bool:  # the server writes its line after answering: wait for it
        log = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
        return "? POST /admin/login 400" in log and "admin GET /admin 200" in log

    wait_until(logged)


def test_a_ledger_for_a_later_month_than_due_is_told_what_to_fix(tmp_path: Path) -> None:
    """On 10 August the July ledger is due: a December ledger is told it is not (the server's
    clock is set, so the test holds on any day it runs)."""
    server = start_server(intake_workspace(tmp_path / "ws"), clock="2026-08-10 09:00")
    try:
        token = server.token("头道桥街道")
        path = ledger(tmp_path, "头道桥街道", month=12, seed=13)  # December: not due yet
        page = httpx.get(f"{server.base}/t/{token}").text
        sent = httpx.post(
            f"{server.base}/t/{token}/send",
            files={"file": (path.name, path.read_bytes(), XLSX)},
            data={"_csrf": _csrf(page)},
        )
        result = httpx.get(server.base + sent.headers["location"]).text
        before = result.split('id="other-month"')[0][-40:]
        assert 'id="other-month"' in result and "notice bad" in before
        july = ledger(tmp_path, "二道河街道", month=7, seed=14)  # the month due: no such notice
        page = httpx.get(f"{server.base}/t/{server.token('二道河街道')}").text
        sent = httpx.post(
            f"{server.base}/t/{server.token('二道河街道')}/send",
            files={"file": (july.name, july.read_bytes(), XLSX)},
            data={"_csrf": _csrf(page)},
        )
        assert 'id="other-month"' not in httpx.get(server.base + sent.headers["location"]).text
    finally:
        stop_server(server)


def test_a_server_killed_with_an_upload_waiting_records_it_after_a_restart(tmp_path: Path) -> None:
    """kill -9 while an upload waits behind another fedxl: the next start takes it in, once."""
    import os
    import signal
    import threading

    root = intake_workspace(tmp_path / "ws")
    path = ledger(tmp_path, "东湖镇", seed=21)
    srv = start_server(root)
    token = srv.token("东湖镇")
    with another_fedxl(root):
        sender = threading.Thread(target=lambda: _quietly(upload, srv, token, path))
        sender.start()
        wait_until(lambda: waiting_uploads(root))  # received, waiting
        os.kill(srv.proc.pid, signal.SIGKILL)  # type: ignore[attr-defined]
        srv.proc.wait(timeout=10)  # type: ignore[attr-defined]
        sender.join(timeout=30)
    assert submissions(srv) == []
    again = start_server(root)
    try:
        wait_until(lambda: submissions(again), 30)
        subs = submissions(again)
        assert [(s.town, s.original_name) for s in subs] == [("东湖镇", path.name)]
        # sent again: still one
        assert upload(again, token, path).json()["files"][0]["duplicate"] is True
        assert len(submissions(again)) == 1
    finally:
        stop_server(again)


def _quietly(fn, *args):  # type: ignore[no-untyped-def]
    try:
        return fn(*args)
    except httpx.HTTPError:  # the server was killed under it
        return None


def test_the_link_key_is_made_once_also_without_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from fedxl.access import KEY_NAME, workspace_key

    ws = Workspace(intake_workspace(tmp_path / "ws"))

    def no_links(*args: object) -> None:  # a FAT32 / exFAT USB drive
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    key = workspace_key(ws)
    assert len(key) == 32 and workspace_key(ws) == key
    assert [p.name for p in ws.workbooks.iterdir() if p.name.startswith(KEY_NAME)] == [
        KEY_NAME
    ]  # no temporaries
