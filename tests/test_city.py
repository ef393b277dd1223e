"""A city reading its districts from their shared PostgreSQL database: each district's board and
figures are the district's own, the city's are their sums with rates recomputed, a district the
database does not know is said, and the wrong kind of workspace is refused."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

import fedxl.api
from fedxl.jobs.samples import cumulative_ledgers, write_plain_ledger
from fedxl.jobs.setup import init_workspace
from fedxl.workspace import Workspace

AS_OF = "2026-08-20"
DISTRICTS = {
    "振兴区": (["头道桥街道", "二道河街道", "新华街道"], [5, 6, 7]),
    "元宝区": (["九道街道", "广济街道", "八道街道"], [5, 6]),  # no July yet
}


def _district(root: Path, name: str, towns: list[str], months: list[int]) -> Workspace:
    init_workspace(root, year=2026, district=name, towns=list(DISTRICTS[name][0]))
    ws = Workspace(root)
    for i, town in enumerate(towns[:2]):  # the third town sends nothing
        ledgers = cumulative_ledgers(ws.form, town, 2026, months, seed=i + len(name), orgs=3)
        for month in months:
            path = ws.folder("inbox") / f"{town}{month}月.xlsx"
            write_plain_ledger(ws.form, ledgers[month], path)
            when = dt.datetime(2026, month + 1, 3 + i, 9).timestamp()
            os.utime(path, (when, when))
    fedxl.api.ingest(ws)
    return ws


@pytest.fixture
def city(tmp_path: Path, pg_url: str) -> tuple[Path, dict[str, Workspace]]:
    districts = {
        name: _district(tmp_path / name, name, towns, months)
        for name, (towns, months) in DISTRICTS.items()
    }
    root = tmp_path / "丹东市"
    root.mkdir()
    (root / "fedxl.toml").write_text(
        f'[city]\nname = "丹东市"\ndistricts = ["振兴区", "元宝区"]\n\n[store]\nurl = "{pg_url}"\n',
        encoding="utf-8",
    )
    return root, districts


def test_the_city_board_is_its_districts_boards(city, run) -> None:  # type: ignore[no-untyped-def]
    root, districts = city
    out = run("city", "status", "--month", "2026-06", "--as-of", AS_OF, "--json", "-w", str(root))
    assert out.exit_code == 0, out.stderr
    board: dict[str, Any] = out.json()  # type: ignore[assignment]
    assert [d["district"] for d in board["districts"]] == ["振兴区", "元宝区"]
    for row in board["districts"]:
        own = fedxl.api.status(districts[row["district"]], "2026-06", as_of=AS_OF).to_dict()
        assert row["towns"] == own["towns"] and row["rate"] == own["rate"]
    assert (board["expected"], board["reported"]) == (6, 4)  # three towns each, two sent
    assert board["rate"] == round(4 / 6, 4)
    text = run("city", "status", "--month", "2026-06", "--as-of", AS_OF, "-w", str(root)).stdout
    assert "丹东市" in text and "九道街道" in text and "头道桥街道" in text


def test_city_figures_are_the_sums_of_the_districts(city, run) -> None:  # type: ignore[no-untyped-def]
    root, districts = city
    out = run("city", "metrics", "--month", "2026-06", "--as-of", AS_OF, "--json", "-w", str(root))
    assert out.exit_code == 0, out.stderr
    data: dict[str, Any] = out.json()  # type: ignore[assignment]
    for row in data["districts"]:
        own = fedxl.api.metrics(districts[row["district"]], "2026-06", as_of=AS_OF).to_dict()
        assert row["figures"] == own["district"]
    figures = [row["figures"] for row in data["districts"]]
    total = data["total"]
    counted = [
        k for k in total if k.startswith(("妇委会总数", "活动次数", "覆盖女职工数", "四有达标数"))
    ]
    assert len(counted) >= 4
    for key in counted:
        assert total[key] == sum(f[key] for f in figures)
    assert total["四有达标率"] == round(total["四有达标数"] / total["妇委会总数"], 4)
    # the year ends at July for every district (振兴区 has July): 元宝区's towns carried from June
    year = run("city", "metrics", "--year", "2026", "--as-of", AS_OF, "--json", "-w", str(root))
    assert year.json()["end"] == "2026-07-31"  # type: ignore[index]
    rows = {r["district"]: r for r in year.json()["districts"]}  # type: ignore[index]
    assert rows["元宝区"]["coverage"]["carried"] == {"九道街道": "2026-06", "广济街道": "2026-06"}
    july = run("city", "metrics", "--month", "2026-07", "--as-of", AS_OF, "--json", "-w", str(root))
    rows = {r["district"]: r for r in july.json()["districts"]}  # type: ignore[index]
    assert rows["元宝区"]["figures"] is None  # nothing of July: not zeros
    assert july.json()["total"]["妇委会总数"] == rows["振兴区"]["figures"]["妇委会总数"]  # type: ignore[index]
    assert (
        "元宝区"
        in run("city", "metrics", "-m", "2026-07", "--as-of", AS_OF, "-w", str(root)).stdout
    )


def test_a_district_the_database_does_not_know_is_said(city, run) -> None:  # type: ignore[no-untyped-def]
    root, _ = city
    config = root / "fedxl.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('"元宝区"]', '"元宝区", "振安区"]'),
        encoding="utf-8",
    )
    out = run("city", "status", "--month", "2026-06", "-w", str(root))
    assert out.exit_code == 2 and "振安区" in out.stderr


def test_each_kind_of_workspace_refuses_the_others_commands(city, run) -> None:  # type: ignore[no-untyped-def]
    root, districts = city
    district = districts["振兴区"].root
    out = run("status", "-w", str(root))
    assert out.exit_code == 2 and "fedxl city" in out.stderr
    out = run("city", "status", "-w", str(district))
    assert out.exit_code == 2 and "[city]" in out.stderr


def test_a_city_without_a_database_is_told_where_to_name_it(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "市"
    root.mkdir()
    (root / "fedxl.toml").write_text(
        '[city]\nname = "丹东市"\ndistricts = ["振兴区"]\n', encoding="utf-8"
    )
    out = run("city", "status", "-w", str(root))
    assert out.exit_code == 2 and "[store]" in out.stderr


def test_the_city_summary_workbook(city, run) -> None:  # type: ignore[no-untyped-def]
    """A row per district and 全市合计 (the figures `city metrics` gives), 报送情况 by district,
    each district's own 汇总表 rows on its sheet, and the charts."""
    import openpyxl

    root, districts = city
    out = run("city", "merge", "--month", "2026-06", "--as-of", AS_OF, "-w", str(root))
    assert out.exit_code == 0, out.stderr
    path = root / "workbooks" / "summaries" / "丹东市新领域妇联组织建设汇总表_2026-06.xlsx"
    assert str(path) in out.stdout
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["汇总表", "报送情况", "振兴区", "元宝区", "图表"]
    summary = book["汇总表"]
    head = [str(c.value).split("\n")[0] for c in summary[3]]
    rows = {
        r[0]: dict(zip(head, r, strict=False)) for r in summary.iter_rows(4, 6, values_only=True)
    }
    assert list(rows) == ["振兴区", "元宝区", "全市合计"]
    figures = fedxl.api.city_metrics(fedxl.api.open_city(root), "2026-06", as_of=AS_OF)
    assert rows["全市合计"]["妇委会总数"] == figures.total["妇委会总数"]
    assert rows["元宝区"]["报送情况"] == "已报 2/3"
    status = {r[0]: r for r in book["报送情况"].iter_rows(4, 6, values_only=True)}
    assert status["全市合计"][1:3] == (6, 4)  # due, sent
    for name, ws in districts.items():  # each district's sheet is its own 汇总表
        own = openpyxl.load_workbook(fedxl.api.merge(ws, "2026-06", as_of=AS_OF).path)["汇总表"]
        mine = [r for r in book[name].iter_rows(4, values_only=True) if r[0]]
        theirs = [r for r in own.iter_rows(4, values_only=True) if r[0]]
        assert mine[: len(theirs)] == theirs
    assert book["图表"]._charts  # noqa: SLF001 - openpyxl keeps the charts it read here


def test_the_city_briefing(city, run) -> None:  # type: ignore[no-untyped-def]
    """全市 wording, a row per district with how many of its towns reported and 全市合计, the
    city's figures, the districts' highlights and problems under 区县+镇街 names."""
    from docx import Document

    root, _ = city
    out = run("city", "report", "briefing", "--month", "2026-06", "--as-of", AS_OF, "-w", str(root))
    assert out.exit_code == 0, out.stderr
    path = root / "workbooks" / "reports" / "丹东市工作简报_2026-06.docx"
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    figures = fedxl.api.city_metrics(fedxl.api.open_city(root), "2026-06", as_of=AS_OF)
    assert "全市2个区县6个镇街中已有4个报送6月台账" in text
    assert f"全市共建立新领域妇委会{figures.total['妇委会总数']}个" in text
    assert "第6期" in text and "{{" not in text and "发：各区县妇联" in text
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert [r[:2] for r in rows[1:]] == [
        ["振兴区", "已报 2/3"],
        ["元宝区", "已报 2/3"],
        ["全市合计", ""],
    ]
    assert rows[-1][2] == str(figures.total["妇委会总数"])
    assert "振兴区新华街道" in text or "元宝区八道街道" in text  # a problem named by 区县+镇街
    bad = run("city", "report", "notice", "-w", str(root))
    assert bad.exit_code == 2


def test_the_city_page(city) -> None:  # type: ignore[no-untyped-def]
    """Read-only, behind the city's link: the board of a month (a row per district and 全市合计,
    each district's towns), the 汇总表 and the 工作简报 to download; a renewed link closes the
    old one and its sessions."""
    import io
    import threading
    import time

    import httpx
    import openpyxl
    import uvicorn
    from conftest import free_port

    from fedxl.web.city import COOKIE, create_city_app

    root, _ = city
    town_city = fedxl.api.open_city(root)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_city_app(town_city), host="127.0.0.1", port=port, log_config=None)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        with httpx.Client(base_url=base, follow_redirects=False, timeout=60) as client:
            assert client.get("/city").status_code == 403  # no session
            link = fedxl.api.city_link(town_city, base_url=base)
            assert client.get("/c/not-the-token").status_code == 404
            opened = client.get(link["url"])
            assert opened.status_code == 303 and opened.headers["location"] == "/city"
            page = client.get("/city?month=2026-06")
            assert page.status_code == 200
            for name in ("振兴区", "元宝区", "全市合计", "头道桥街道", "九道街道", "66.7%"):
                assert name in page.text
            got = client.get("/city/summary?month=2026-06")
            assert got.status_code == 200
            assert "汇总表" in openpyxl.load_workbook(io.BytesIO(got.content)).sheetnames
            doc = client.get("/city/briefing?month=2026-06")
            assert doc.status_code == 200 and doc.content[:2] == b"PK"
            assert client.get("/city?month=2026-13").status_code == 400  # no such month
            old_cookie = client.cookies.get(COOKIE)
            fedxl.api.city_link(town_city, renew=True)
            assert client.get(link["url"]).status_code == 404
        cookies = {COOKIE: old_cookie or ""}
        with httpx.Client(base_url=base, cookies=cookies, timeout=60) as fresh:
            assert fresh.get("/city").status_code == 403
    finally:
        server.should_exit = True
        thread.join(30)
