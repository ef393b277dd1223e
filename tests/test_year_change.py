"""The second year: a workspace written for 2026 goes on into 2027 without editing fedxl.toml.

December's ledgers arrive in January and stay December's; January's blanks carry the roster
(not 已撤销) into the new year; 2026's states and figures do not move when 2027 begins; every
way of writing a month is one grammar."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from fedxl.form.periods import Month, month_arg
from fedxl.jobs.samples import cumulative_ledgers, write_plain_ledger
from fedxl.submissions import ingest
from fedxl.workspace import Workspace

TOWNS = ["头道桥街道", "二道河街道"]


@pytest.fixture(scope="module")
def year_end(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace written for 2026 (ledger_year = 2026) with November and December ledgers:
    头道桥街道 on time (one organisation 已撤销 in December), 二道河街道's December arriving on
    6 January 2027, a day after its deadline."""
    from fedxl.jobs.setup import init_workspace

    root = tmp_path_factory.mktemp("year") / "ws"
    init_workspace(root, year=2026)
    ws = Workspace(root)
    made = tmp_path_factory.mktemp("made")
    for i, town in enumerate(TOWNS):
        months = cumulative_ledgers(ws.form, town, 2026, [11, 12], seed=i, orgs=4, events=3)
        if town == TOWNS[0]:
            months[12].tables["妇委会名录"][0]["组织状态"] = "已撤销"
        for month, data in months.items():
            path = made / f"{town}{month}月.xlsx"
            write_plain_ledger(ws.form, data, path)
            late = town == TOWNS[1] and month == 12
            when = (
                dt.datetime(2026, 12, 3, 9)
                if month == 11
                else dt.datetime(2027, 1, 6 if late else 3, 9)
            )
            batch = ingest(ws, [path], received_at=when)
            assert batch.results[0].report.status == "accepted", [
                f.to_dict() for f in batch.results[0].report.findings
            ]
            assert batch.results[0].report.period == f"2026-{month:02d}"
    return root


def test_a_december_ledger_received_in_january_is_decembers(year_end: Path, run) -> None:  # type: ignore[no-untyped-def]
    board = run(
        "status", "--month", "2026-12", "--as-of", "2027-01-10", "--json", "-w", str(year_end)
    ).json()
    states = {row["town"]: row["state"] for row in board["towns"]}
    assert states[TOWNS[0]] == "submitted" and states[TOWNS[1]] == "late"
    assert board["month"] == "2026-12"


def test_january_blanks_in_a_workspace_written_for_2026(
    year_end: Path, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "ws"
    shutil.copytree(year_end, root)
    made = run("template", "--all", "--month", "2027-01", "-w", str(root))
    assert made.exit_code == 0, made.stderr
    blank = next((root / "workbooks" / "blank").glob(f"{TOWNS[0]}_2027-01_*.xlsx"))
    wb = openpyxl.load_workbook(blank)
    info = {
        str(row[0].value).lstrip("*"): row[1].value
        for row in wb["基本信息"].iter_rows()
        if row[0].value
    }
    assert Month.parse(str(info["截至月份"])) == Month(2027, 1)
    ws = Workspace(root)
    from fedxl.store import Store

    with Store(ws.db_path, ws.form) as store:
        december = store.latest_effective(TOWNS[0], upto="2026-12")
        assert december is not None
        roster = store.rows("妇委会名录", december.id)
    kept = sorted(r["组织名称"] for r in roster if r.get("组织状态") != "已撤销")
    header = [c.value for c in wb["妇委会名录"][2]]
    col = [str(h).lstrip("*") for h in header].index("组织名称")
    carried = sorted(
        row[col].value for row in wb["妇委会名录"].iter_rows(min_row=3) if row[col].value
    )
    assert carried == kept and len(kept) == len(roster) - 1
    assert not [
        row for row in wb["活动台账"].iter_rows(min_row=3, values_only=True) if any(row[1:])
    ]


def test_2026_stays_as_it_was_once_2027_begins(year_end: Path, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "ws"
    shutil.copytree(year_end, root)
    views = [
        ("status", "--month", "2026-12"),
        ("metrics", "--month", "2026-12"),
        ("metrics", "--year", "2026"),
        ("metrics", "--half", "2026H2"),
    ]  # as of a day after the January ledger came in

    def snapshot() -> list[object]:
        return [
            run(*args, "--as-of", "2027-02-10", "--json", "-w", str(root)).json() for args in views
        ]

    before = snapshot()
    ws = Workspace(root)
    january = cumulative_ledgers(ws.form, TOWNS[0], 2027, [1], seed=5, orgs=3, events=2)[1]
    path = tmp_path / "头道桥2027年1月.xlsx"
    write_plain_ledger(ws.form, january, path)
    batch = ingest(ws, [path], received_at=dt.datetime(2027, 2, 3, 9))
    assert (
        batch.results[0].report.status == "accepted" and batch.results[0].report.period == "2027-01"
    )
    assert snapshot() == before
    jan = run(
        "status", "--month", "2027-01", "--as-of", "2027-02-10", "--json", "-w", str(root)
    ).json()
    assert {row["town"]: row["state"] for row in jan["towns"]}[TOWNS[0]] == "submitted"


@pytest.mark.parametrize(
    "text",
    [
        "2026-06",
        "2026-6",
        "2026/6",
        "2026.6",
        "2026_06",
        "202606",
        "2026年6月",
        "2026年6月份",
        "２０２６年６月",
        " 2026 - 06 ",
    ],
)
def test_one_grammar_for_months(text: str, run, year_end: Path) -> None:  # type: ignore[no-untyped-def]
    assert Month.parse(text) == Month(2026, 6)
    assert month_arg(text) == "2026-06"
    board = run("status", "--month", text, "--json", "-w", str(year_end)).json()
    assert board["month"] == "2026-06"


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "202613", "June", "", "2026", "20266"])
def test_what_is_not_a_month(text: str) -> None:
    assert Month.parse(text) is None


def test_month_arithmetic_across_the_year() -> None:
    december = Month(2026, 12)
    assert december.next == Month(2027, 1) and Month(2027, 1).previous == december
    assert december.shift(-12) == Month(2025, 12) and str(december.shift(13)) == "2028-01"
    assert december.deadline(5) == dt.datetime(2027, 1, 5, 23, 59, 59)
    # the month's last day at most
    assert Month(2027, 1).deadline(31) == dt.datetime(2027, 2, 28, 23, 59, 59)
    assert (
        december.cn == "2026年12月"
        and december.last_day == dt.date(2026, 12, 31)
        and december.half == "2026H2"
    )
    assert (
        Month.in_name("东湖镇2026年12月台账") == december
        and Month.in_name("东湖_202612") == december
    )
    assert Month.in_name("东湖 2026 12月") == december and Month.in_name("台账_20261205") is None


def _register(root: Path, edit) -> None:  # type: ignore[no-untyped-def]
    config = root / "fedxl.toml"
    config.write_text(edit(config.read_text(encoding="utf-8")), encoding="utf-8")


def test_the_register_never_rewrites_the_past(year_end: Path, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """A town renamed (its former name in aliases), a town added from 2027, a town ended after
    November, quotas by year: no state, rate or figure of 2026 moves (the renamed town's ledgers
    count under its new name)."""
    root = tmp_path / "ws"
    shutil.copytree(year_end, root)
    views = [
        ("status", "--month", "2026-11"),
        ("status", "--month", "2026-12"),
        ("metrics", "--month", "2026-12"),
        ("metrics", "--year", "2026"),
    ]

    def snapshot() -> str:
        docs = [
            run(*args, "--as-of", "2027-02-10", "--json", "-w", str(root)).json() for args in views
        ]
        return json.dumps(docs, ensure_ascii=False).replace("头道桥镇", TOWNS[0])

    before = snapshot()
    _register(
        root,
        lambda text: (
            text.replace(
                'name = "头道桥街道"\naliases = ["头道桥"]',
                'name = "头道桥镇"\naliases = ["头道桥", "头道桥街道"]',
            ).replace("quota = 3", "quota = { 2026 = 3, 2027 = 5 }", 2)
            + '\n[[towns]]\nname = "新城街道"\nsince = "2027-01"\n'
        ),
    )
    cfg = Workspace(root).config
    assert cfg.find_town("头道桥街道").name == "头道桥镇"  # type: ignore[union-attr]
    assert cfg.find_town("二道河街道").quota_for(2027) == 5  # type: ignore[union-attr]
    assert snapshot() == before
    jan = run(
        "status", "--month", "2027-01", "--as-of", "2027-02-10", "--json", "-w", str(root)
    ).json()
    assert [row["town"] for row in jan["towns"]][-1] == "新城街道"  # due from January
    assert "新城街道" not in json.dumps(
        run("status", "--month", "2026-12", "--json", "-w", str(root)).json(), ensure_ascii=False
    )


def test_a_town_ended_is_not_due_after_its_last_month(year_end: Path, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "ws"
    shutil.copytree(year_end, root)
    _register(
        root, lambda text: text.replace('name = "双山镇"\n', 'name = "双山镇"\nuntil = "2026-11"\n')
    )

    def towns(month: str) -> list[str]:
        return [
            r["town"]
            for r in run("status", "--month", month, "--json", "-w", str(root)).json()["towns"]
        ]

    assert "双山镇" in towns("2026-11") and "双山镇" not in towns("2026-12")


@pytest.mark.parametrize(
    ("entry", "key"),
    [
        ('since = "2027-03"\nuntil = "2027-01"', "config.since_after_until"),
        ('since = "明年"', "config.bad_value"),
        ("quota = { 26 = 3 }", "config.bad_value"),
        ("quota = { 2027 = -1 }", "config.bad_value"),
        ('aliases = ["二道河街道"]', "config.duplicate_town"),  # a former name claimed by two towns
    ],
)
def test_bad_register_entries_name_the_line(
    year_end: Path, tmp_path: Path, entry: str, key: str
) -> None:
    from fedxl.errors import ConfigError

    root = tmp_path / "ws"
    shutil.copytree(year_end, root)
    _register(root, lambda text: text + f'\n[[towns]]\nname = "新城街道"\n{entry}\n')
    with pytest.raises(ConfigError) as bad:
        _ = Workspace(root).config
    assert bad.value.key == key and bad.value.kwargs.get("line")


def _form_2027(root: Path) -> None:
    """templates/form-2027.toml: this year's form and one more required column in 妇委会名录."""
    base = (root / "templates" / "form.toml").read_text(encoding="utf-8")
    extra = (
        '  [[sheet.column]]\n  name = "联络员"\n  type = "person"\n  required = true\n\n'
        '  [[sheet.column]]\n  name = "备注"\n  type = "text"\n  width = 16\n\n  [[sheet.rule]]\n'
        '  id = "women-le-staff"'
    )
    changed = base.replace('version = "2026.1"', 'version = "2027.1"').replace(
        '  [[sheet.column]]\n  name = "备注"\n  type = "text"\n  width = 16\n\n  [[sheet.rule]]\n '
        ' id = "women-le-staff"',
        extra,
        1,
    )
    assert changed.count("联络员") == 1
    (root / "templates" / "form-2027.toml").write_text(changed, encoding="utf-8")


def test_a_new_years_form(year_end: Path, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """form-2027.toml governs 2027: January's blank has its new column, a 2027 ledger without it
    is refused, a December 2026 ledger on the old form is still accepted, 2026 stays as it was."""
    root = tmp_path / "ws"
    shutil.copytree(year_end, root)
    _form_2027(root)
    ws = Workspace(root)
    assert (
        ws.forms.for_year(2027).version == "2027.1" and ws.forms.for_year(2026).version == "2026.1"
    )
    assert run("template", "--town", TOWNS[0], "--month", "2027-01", "-w", str(root)).exit_code == 0
    blank = openpyxl.load_workbook(
        next((root / "workbooks" / "blank").glob(f"{TOWNS[0]}_2027-01_*.xlsx"))
    )
    header = [str(c.value).lstrip("*") for c in blank["妇委会名录"][2] if c.value]
    assert (
        "联络员" in header
        and len([r for r in blank["妇委会名录"].iter_rows(min_row=3) if r[1].value]) == 3
    )
    new_col = header.index("联络员")
    carried = [r for r in blank["妇委会名录"].iter_rows(min_row=3) if r[1].value]
    assert all(
        r[new_col].value is None and r[new_col].fill.fgColor.rgb.endswith("FFF2CC") for r in carried
    )
    others = [r[new_col + 1].fill.fgColor.rgb for r in carried]  # 备注 is optional: not marked
    assert not any(str(c).endswith("FFF2CC") for c in others)
    said = " ".join(
        str(c.value) for row in blank["填报说明"].iter_rows(max_row=6) for c in row if c.value
    )
    assert "联络员" in said
    january = cumulative_ledgers(ws.form, TOWNS[1], 2027, [1], seed=9, orgs=3, events=2)[1]
    old_form_2027 = tmp_path / "二道河2027年1月.xlsx"
    write_plain_ledger(ws.form, january, old_form_2027)  # laid out on last year's form
    checked = run("check", str(old_form_2027), "--json", "-w", str(root)).json()["files"][0]
    assert checked["status"] == "rejected" and checked["form"]["version"] == "2027.1"
    assert ("column-missing", "妇委会名录") in {
        (f["code"], f["sheet"]) for f in checked["findings"]
    }
    december = cumulative_ledgers(ws.form, "新华街道", 2026, [12], seed=4, orgs=3, events=2)[12]
    late = tmp_path / "新华2026年12月.xlsx"
    write_plain_ledger(ws.form, december, late)
    # after January's blanks went out
    batch = ingest(ws, [late], received_at=dt.datetime(2027, 1, 20, 9))
    assert (
        batch.results[0].report.status == "accepted"
        and batch.results[0].report.form_version == "2026.1"
    )
    before = run(
        "metrics", "--year", "2026", "--as-of", "2027-02-10", "--json", "-w", str(root)
    ).json()
    new_form = ws.forms.for_year(2027)
    filled = cumulative_ledgers(new_form, TOWNS[1], 2027, [1], seed=9, orgs=3, events=2)[1]
    for org in filled.tables["妇委会名录"]:
        org["联络员"] = "张敏"
    good = tmp_path / "二道河2027年1月_新表.xlsx"
    write_plain_ledger(new_form, filled, good)
    batch = ingest(ws, [good], received_at=dt.datetime(2027, 2, 3, 9))
    assert batch.results[0].report.status == "accepted", [
        f.to_dict() for f in batch.results[0].report.findings
    ][:3]
    from fedxl.store import Store

    with Store(ws.db_path, ws.form) as store:
        rows = store.rows("妇委会名录", batch.results[0].submission_id)
    assert {r["联络员"] for r in rows} == {"张敏"}  # the new column is stored
    import fedxl

    assert set(fedxl.month_tables(ws, "2027-01", as_of="2027-02-10")["妇委会名录"]["联络员"]) == {
        "张敏"
    }  # 2027's form
    assert (
        "联络员" not in fedxl.month_tables(ws, "2026-12", as_of="2027-02-10")["妇委会名录"].columns
    )  # 2026's form
    merged = run("merge", "--month", "2027-01", "--as-of", "2027-02-10", "-w", str(root))
    assert merged.exit_code == 0, merged.stderr
    summary = openpyxl.load_workbook(  # not read-only: that would hold the file open
        next((root / "workbooks" / "summaries").glob("*_2027-01.xlsx"))
    )
    assert "联络员" in {
        c for row in summary["妇委会名录"].iter_rows(max_row=4, values_only=True) for c in row
    }
    january_figures = run(
        "metrics", "--month", "2027-01", "--as-of", "2027-02-10", "--json", "-w", str(root)
    ).json()
    assert january_figures["period"] == "2027-01"
    after = run(
        "metrics", "--year", "2026", "--as-of", "2027-02-10", "--json", "-w", str(root)
    ).json()
    assert after == before


def test_a_broken_form_of_next_year_stops_nothing_of_this_year(
    year_end: Path, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "ws"
    shutil.copytree(year_end, root)
    (root / "templates" / "form-2027.toml").write_text('id = "x"\nversion = [\n', encoding="utf-8")
    assert run("status", "--month", "2026-12", "-w", str(root)).exit_code == 0
    assert run("template", "--all", "--month", "2026-12", "-w", str(root)).exit_code == 0
    broken = run("template", "--all", "--month", "2027-01", "-w", str(root))
    assert broken.exit_code == 2 and "form-2027.toml" in broken.stderr


def test_a_month_left_unchanged_is_named_before_the_date_errors(
    year_end: Path, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    """A clerk kept working in November's file for December and did not change 截至月份."""
    ws = Workspace(year_end)
    december = cumulative_ledgers(ws.form, "新华街道", 2026, [12], seed=4, orgs=3, events=4)[12]
    december.info["截至月份"] = "2026-11"
    path = tmp_path / "新华街道2026年12月台账.xlsx"
    write_plain_ledger(ws.form, december, path)
    findings = run("check", str(path), "--json", "-w", str(year_end)).json()["files"][0]["findings"]
    codes = [f["code"] for f in findings]
    assert "period-behind" in codes and "date-out-of-period" in codes
    first = findings[codes.index("period-behind")]
    assert (
        first["sheet"] == "基本信息"
        and first["column"] == "截至月份"
        and "2026-12" in first["message"]
    )
    assert codes.index("period-behind") < codes.index("date-out-of-period")
    path.rename(tmp_path / "新华街道台账.xlsx")  # nothing in the name: no guess
    again = run("check", str(tmp_path / "新华街道台账.xlsx"), "--json", "-w", str(year_end)).json()
    assert "period-behind" not in [f["code"] for f in again["files"][0]["findings"]]


def test_a_form_changed_inside_a_year_is_refused(year_end: Path, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """form.toml given a new version while 2026's ledgers were checked with 2026.1: ingest and
    template stop with the way out (form-2027.toml, or the old version back); nothing moves."""
    root = tmp_path / "ws"
    shutil.copytree(year_end, root)
    form = root / "templates" / "form.toml"
    original = form.read_text(encoding="utf-8")
    form.write_text(original.replace('version = "2026.1"', 'version = "2026.2"'), encoding="utf-8")
    ws = Workspace(root)
    december = cumulative_ledgers(ws.form, "新华街道", 2026, [12], seed=4, orgs=3, events=2)[12]
    sent = root / "workbooks" / "inbox" / "新华2026年12月.xlsx"
    write_plain_ledger(ws.form, december, sent)
    received = dt.datetime(2027, 1, 5, 9).timestamp()  # it came before the day looked at
    os.utime(sent, (received, received))
    before = run(
        "status", "--month", "2026-12", "--as-of", "2027-01-10", "--json", "-w", str(root)
    ).json()
    refused = run("ingest", "-w", str(root))
    assert (
        refused.exit_code == 2
        and "form.toml" in refused.stderr
        and "form-2027.toml" in refused.stderr
    )
    assert "2026.1" in refused.stderr and "Traceback" not in refused.stderr
    assert (root / "workbooks" / "inbox" / "新华2026年12月.xlsx").is_file()  # left where it was
    assert run("template", "--all", "--month", "2026-12", "-w", str(root)).exit_code == 2
    assert (
        run(
            "status", "--month", "2026-12", "--as-of", "2027-01-10", "--json", "-w", str(root)
        ).json()
        == before
    )
    form.write_text(original, encoding="utf-8")  # put back: work goes on
    assert run("ingest", "-w", str(root)).exit_code == 0
    after = run(
        "status", "--month", "2026-12", "--as-of", "2027-01-10", "--json", "-w", str(root)
    ).json()
    assert {row["town"]: row["state"] for row in after["towns"]}["新华街道"] in (
        "submitted",
        "late",
    )


def test_without_a_month_each_command_takes_the_month_a_clerk_means(
    year_end: Path, tmp_path: Path, run
) -> None:  # type: ignore[no-untyped-def]
    """The board: the month now being collected (December in early January, January in
    February, though nobody has sent one); figures, summaries and reports: the latest month with
    accepted ledgers. Each says on stderr which month it took."""
    root = tmp_path / "ws"
    shutil.copytree(year_end, root)
    early = run("status", "--as-of", "2027-01-03", "--json", "-w", str(root))
    assert early.json()["month"] == "2026-12" and "2026年12月" in early.stderr
    february = run("status", "--as-of", "2027-02-03", "--json", "-w", str(root)).json()
    assert february["month"] == "2027-01" and february["rate"] == 0
    merged = run("merge", "--as-of", "2027-02-03", "-w", str(root))
    assert merged.exit_code == 0 and "2026年12月" in merged.stderr
    assert len(list((root / "workbooks" / "summaries").glob("*_2026-12.xlsx"))) == 1
    before_december = run("metrics", "--as-of", "2026-12-20", "--json", "-w", str(root)).json()
    assert before_december["period"] == "2026-11"  # December's ledgers had not come in yet
    # a month given: nothing said
    assert run("status", "--month", "2026-12", "--json", "-w", str(root)).stderr == ""


def test_in_january_the_last_three_months_reach_into_decembers_ledger(
    year_end: Path, tmp_path: Path
) -> None:
    """January's ledger starts with the roster only: an organisation busy in November or December
    (in last year's ledger) is not called dormant in January's summary."""
    import fedxl

    root = tmp_path / "ws"
    shutil.copytree(year_end, root)
    ws = Workspace(root)
    december = fedxl.month_tables(ws, "2026-12", as_of="2027-01-10")
    town = TOWNS[1]
    roster = december["妇委会名录"][december["妇委会名录"]["镇街"] == town]
    busy = {
        str(name)
        for sheet, col in (("活动台账", "活动日期"), ("服务台账", "服务日期"))
        for name, day in zip(
            december[sheet][december[sheet]["镇街"] == town]["组织名称"],
            december[sheet][december[sheet]["镇街"] == town][col],
            strict=True,
        )
        if day >= dt.date(2026, 11, 1)
    }
    assert busy  # the test means something only when someone was busy late in the year
    january = cumulative_ledgers(ws.form, town, 2027, [1], seed=1, orgs=1, events=1)[1]
    january.tables = {sheet: [] for sheet in january.tables}  # nothing done yet in January ...
    january.tables["妇委会名录"] = [
        dict(row)
        for row in roster.drop(columns=["镇街", "来源文件", "原行号"])
        .astype(object)
        .where(roster.notna(), None)
        .to_dict("records")
    ]  # ... the roster carried
    path = tmp_path / "二道河2027年1月.xlsx"
    write_plain_ledger(ws.form, january, path)
    batch = ingest(ws, [path], received_at=dt.datetime(2027, 2, 3, 9))
    assert batch.results[0].report.status == "accepted", [
        f.to_dict() for f in batch.results[0].report.findings
    ][:3]
    summary = fedxl.metrics(ws, "2027-01", as_of="2027-02-10")
    dormant = {a.subject for a in summary.alerts if a.kind == "dormant" and a.town == town}
    older = {
        str(n)
        for n, day, state in zip(
            roster["组织名称"], roster["成立日期"], roster["组织状态"], strict=True
        )
        if day < dt.date(2026, 11, 1) and state != "已撤销"
    }
    # without December's ledger every older one was dormant
    assert busy & older and dormant == older - busy


def test_a_ledger_for_a_month_not_yet_begun_is_named(year_end: Path, tmp_path: Path) -> None:
    """A January 2027 ledger received in December 2026 (截至月份 typed a month ahead) gets one
    warning at 截至月份 (a warning: a PC with a wrong clock must not turn good files away);
    received in February it gets none. A rebuild from the archive judges it by the day it came,
    not by the day of the rebuild."""
    root = tmp_path / "ws"
    shutil.copytree(year_end, root)
    ws = Workspace(root)
    january = cumulative_ledgers(ws.form, "新华街道", 2027, [1], seed=3, orgs=3, events=2)[1]
    early, later = tmp_path / "新华街道_early.xlsx", tmp_path / "新华街道_later.xlsx"
    write_plain_ledger(ws.form, january, early)
    january.info["审核人"] = "王丽"  # other bytes, the same month
    write_plain_ledger(ws.form, january, later)
    sent = ingest(ws, [early], received_at=dt.datetime(2026, 12, 20, 9)).results[0].report
    ahead = [f for f in sent.findings if f.code == "period-ahead"]
    assert len(ahead) == 1 and ahead[0].severity == "warning"
    assert (ahead[0].sheet, ahead[0].value) == ("基本信息", "2027-01") and "2026-11" in ahead[
        0
    ].message
    fine = ingest(ws, [later], received_at=dt.datetime(2027, 2, 2, 9)).results[0].report
    assert fine.status == "accepted" and "period-ahead" not in {f.code for f in fine.findings}
    from fedxl.submissions.rebuild import rebuild

    rebuild(ws)
    from fedxl.store import Store

    with Store(ws.db_path, ws.form) as store:
        kept = {
            s.received_at[:10]: [f["code"] for f in store.findings(s.id)]
            for s in store.submissions(town="新华街道", month="2027-01")
        }
    assert kept.keys() == {"2026-12-20", "2027-02-02"}
    assert "period-ahead" in kept["2026-12-20"] and "period-ahead" not in kept["2027-02-02"]


def test_a_withdrawal_never_lowers_the_years_new_organisations(year_end: Path, run) -> None:  # type: ignore[no-untyped-def]
    """头道桥街道 marks an organisation 已撤销 in December: 本年新建 does not fall from November's
    (the July briefing's 3 and the H2 report's 2 disagreed), 本年撤销 counts it apart."""

    def town(month: str) -> dict[str, object]:
        doc = run(
            "metrics", "--month", month, "--as-of", "2027-01-10", "--json", "-w", str(year_end)
        ).json()
        return next(row for row in doc["towns"] if row["镇街"] == TOWNS[0])

    november, december = town("2026-11"), town("2026-12")
    assert december["本年新建"] >= november["本年新建"]
    assert (november["本年撤销"], december["本年撤销"]) == (0, 1)
    assert december["妇委会总数"] == november["妇委会总数"] - 1 + december["本月新建"]
