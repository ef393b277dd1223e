"""A real browser on the intake page: Playwright driving Debian's chromium (no browser download
here) opens a town link, chooses a file, sends it and reads the result, at desktop width and at
375 px (a phone's WeChat browser); the screenshots are kept under the test's tmp_path (and in
FEDXL_SCREENSHOTS when set: docs/tools/web_screens.sh uses that for the manual)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytest.importorskip("starlette")
playwright = pytest.importorskip("playwright.sync_api")

from conftest import IntakeServer, intake_workspace, start_server, stop_server  # noqa: E402

from fedxl.jobs.samples import town_ledger, write_plain_ledger  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium (apt-get install chromium)"
)
# as root, without a display, on a closed network (see ../shared/KNOWLEDGE.md)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = intake_workspace(tmp_path_factory.mktemp("browser") / "ws", uploads_per_minute=100)
    srv = start_server(root)
    yield srv
    stop_server(srv)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    with playwright.sync_playwright() as p:
        # the town's browser runs on its own machine with its own clock: a clock moved for the
        # district's processes (libfaketime's LD_PRELOAD, see `make test-clock`) is not its own
        env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and "FAKETIME" not in k}
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, env=env)
        yield instance
        instance.close()


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("FEDXL_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def make_ledger(folder: Path, town: str, *, broken: bool, seed: int) -> Path:
    from fedxl.form import load_form
    from fedxl.workspace.resources import default_templates_dir

    form = load_form(default_templates_dir() / "form.toml")
    data = town_ledger(form, town, 2026, 6, seed=seed, orgs=4, events=4)
    if broken:
        data.tables["妇委会名录"][0]["所在单位"] = None
        data.tables["活动台账"][1]["参与人数"] = "很多"
    path = folder / f"{town}6月台账.xlsx"
    write_plain_ledger(form, data, path)
    return path


@pytest.mark.parametrize(
    ("width", "town", "label"), [(1280, "头道桥街道", "desktop"), (375, "二道河街道", "phone")]
)
def test_a_town_sends_its_ledger_from_the_browser(
    server: IntakeServer,
    browser,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    width: int,
    town: str,
    label: str,
) -> None:
    out = shots(tmp_path)
    path = make_ledger(tmp_path, town, broken=True, seed=width)
    phone = width < 640  # a phone: touch, no mouse to drag with
    page = browser.new_page(
        viewport={"width": width, "height": 900},
        accept_downloads=True,
        locale="zh-CN",
        is_mobile=phone,
        has_touch=phone,
    )
    page.goto(server.base + "/t/" + server.token(town))
    assert town in page.inner_text("h1")
    # "drop the file here" only with a mouse
    assert page.locator(".hint-drop").is_visible() is not phone
    page.screenshot(path=str(out / f"web_town_{label}.png"), full_page=True)
    page.set_input_files("#file", str(path))
    page.click("#send")
    page.wait_for_selector("#verdict")
    verdict = page.locator("#verdict")
    assert "错误" in verdict.inner_text() and "bad" in (verdict.get_attribute("class") or "")
    rows = page.locator("#findings tbody tr")
    assert rows.count() >= 2
    text = page.inner_text("#findings")
    assert "妇委会名录" in text and "活动台账" in text
    if width < 640:  # a phone: the table becomes cards that fit the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    page.screenshot(path=str(out / f"web_result_{label}.png"), full_page=True)
    with page.expect_download() as waiting:
        page.click("#feedback")
    download = waiting.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    import openpyxl

    assert "校验结果" in openpyxl.load_workbook(saved).sheetnames
    assert (
        download.suggested_filename.endswith("_校验结果.xlsx")
        and town in download.suggested_filename
    )
    page.click("#back")
    page.wait_for_selector("#history")
    assert path.name in page.inner_text("#history")
    page.close()


def test_a_clean_ledger_says_received_and_the_district_sees_it(
    server: IntakeServer, browser, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = shots(tmp_path)
    path = make_ledger(tmp_path, "新华街道", broken=False, seed=1)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page.goto(server.base + "/t/" + server.token("新华街道"))
    page.set_input_files("#file", str(path))
    page.click("#send")
    page.wait_for_selector("#verdict")
    assert "校验通过" in page.inner_text("#verdict")
    assert page.locator("#feedback").count() == 0
    page.goto(str(server.links()["admin"]["url"]))  # type: ignore[index]
    page.wait_for_selector("#board")
    page.select_option("select[name=month]", "2026-06")
    page.click("#month-form button[type=submit]")
    page.wait_for_selector("#board")
    assert "新华街道\t逾期报送" in page.inner_text("#board")  # June's ledger sent in December
    page.screenshot(path=str(out / "web_admin.png"), full_page=True)
    page.click("#do-merge")
    page.wait_for_selector("#done")
    assert page.locator("#outputs li").count() >= 1
    page.close()


def test_the_board_refreshes_and_says_when_the_session_is_over(
    server: IntakeServer, browser, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import httpx

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.clock.install()
    page.goto(str(server.links()["admin"]["url"]))  # type: ignore[index]
    page.goto(server.base + "/admin?month=2026-06")
    assert "振兴街道\t未报送" in page.inner_text("#board")
    path = make_ledger(tmp_path, "振兴街道", broken=False, seed=2)
    with open(path, "rb") as fh:
        sent = httpx.post(
            server.base + "/api/submissions",
            files={"file": (path.name, fh)},
            headers={"Authorization": f"Bearer {server.token('振兴街道')}"},
            timeout=60,
        )
    assert sent.status_code == 200
    page.clock.run_for(21_000)  # the page's own timer, not a wait
    page.wait_for_function(
        "document.getElementById('board').innerText.includes('振兴街道\\t逾期报送')"
    )
    context.clear_cookies()
    page.clock.run_for(21_000)
    page.wait_for_selector("#session-over")
    context.close()


@pytest.mark.parametrize(
    ("width", "town", "label"), [(1280, "柳河镇", "desktop"), (375, "兴隆镇", "phone")]
)
def test_the_district_decides_in_the_browser(
    server: IntakeServer,
    browser,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    width: int,
    town: str,
    label: str,
) -> None:
    """审核通过, 重新开放 and 退回 from the admin page, at desktop width and on a phone: each said
    on the page and kept in the log; the town's page says why its ledger came back."""
    import fedxl.api
    from fedxl.workspace import Workspace

    out = shots(tmp_path)
    path = make_ledger(tmp_path, town, broken=False, seed=width + 7)
    phone = width < 640
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="zh-CN", is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    page.goto(server.base + "/t/" + server.token(town))
    page.set_input_files("#file", str(path))
    page.click("#send")
    page.wait_for_selector("#verdict")
    ws = Workspace(server.root)
    sid = fedxl.api.submissions(ws, town=town)[-1].id
    page.goto(str(server.links()["admin"]["url"]))  # type: ignore[index]
    page.wait_for_selector("#board")
    page.select_option("select[name=month]", "2026-06")
    page.click("#month-form button[type=submit]")
    page.wait_for_selector("#decide-form")

    def decide(kind: str, **fields: str) -> str:
        page.select_option("#decide-kind", kind)
        for name, value in fields.items():
            if name == "town":
                page.select_option("#decide-town", value)
            else:
                page.fill(f"#decide-{name}", value)
        page.click("#do-decide")
        page.wait_for_selector("#done, #problem")
        return page.inner_text("#done" if page.locator("#done").count() else "#problem")

    assert "已审核通过" in decide("approve", id=str(sid))
    assert "已审核" in page.inner_text("#board")
    assert "重新开放" in decide("reopen", town=town)
    said = decide("return", id=str(sid), reason="")  # no reason: refused, nothing done
    assert page.locator("#problem").count() == 1 and "原因" in said
    assert "已退回" in decide("return", id=str(sid), reason="名录漏填两家企业")
    log = page.inner_text("#log")
    assert "审核通过" in log and "重新开放" in log and "名录漏填两家企业" in log
    if phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    name = "web_decide_phone" if phone else "web_decide"  # the manual shows the desktop one
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    page.goto(server.base + "/t/" + server.token(town))
    assert "名录漏填两家企业" in page.inner_text("#history")
    context.close()


def test_a_town_sees_what_its_ledger_changed(
    server: IntakeServer,
    browser,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    """May, then June with a new organisation and activities, both clean: June's page says what
    changed (本次变化) and gives the ledger back with its 与上月对比 sheet."""
    import openpyxl

    from fedxl.form import load_form
    from fedxl.jobs.samples import cumulative_ledgers
    from fedxl.workspace.resources import default_templates_dir

    out = shots(tmp_path)
    form = load_form(default_templates_dir() / "form.toml")
    months = cumulative_ledgers(form, "站前街道", 2026, [5, 6], seed=5, orgs=4, events=3)
    org = months[6].tables["妇委会名录"][0]  # a new chair in June
    months[6].tables["妇委会名录"][0] = dict(org, 主任姓名="王秀英", 主任手机="13904567890")
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    for month in (5, 6):
        path = tmp_path / f"站前街道{month}月台账.xlsx"
        write_plain_ledger(form, months[month], path)
        page.goto(server.base + "/t/" + server.token("站前街道"))
        page.set_input_files("#file", str(path))
        page.click("#send")
        page.wait_for_selector("#verdict")
        assert "校验通过" in page.inner_text("#verdict")
    changes = page.inner_text("#changes")
    assert "本次变化" in changes and "新增" in changes and "王秀英" in changes
    page.screenshot(path=str(out / "web_changes.png"), full_page=True)
    with page.expect_download() as waiting:
        page.click("#feedback")
    saved = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(saved)
    lines = [c.value for c in openpyxl.load_workbook(saved)["与上月对比"]["A"] if c.value]
    assert all(line in changes for line in lines[2:])
    page.close()
