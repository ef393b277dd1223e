"""One path through the house: every face gives a file the same answer, and readers of the store
never wait for a writer."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import fedxl
from fedxl.jobs.samples import cumulative_ledgers, write_plain_ledger
from fedxl.workspace import Workspace

TOWN = "兴隆镇"


@pytest.fixture
def may_stored(workspace: Path, tmp_path: Path) -> tuple[Workspace, Path]:
    """May's ledger of 兴隆镇 stored; June's drops May's first organisation and the rows of
    activities dated in May (org-missing and records-missing against May)."""
    ws = Workspace(workspace)
    months = cumulative_ledgers(ws.form, TOWN, 2026, [5, 6], seed=3, orgs=4, events=4)
    may = tmp_path / "兴隆镇5月.xlsx"
    write_plain_ledger(ws.form, months[5], may)
    assert (
        fedxl.ingest(ws, [may], received_at=dt.datetime(2026, 6, 2, 9)).results[0].report.status
        == "accepted"
    )
    june = months[6]
    gone = june.tables["妇委会名录"].pop(0)["组织名称"]
    for sheet, rows in june.tables.items():
        june.tables[sheet] = [r for r in rows if gone not in (r.get("组织名称"), r.get("所在组织"))]
    june.tables["活动台账"] = [r for r in june.tables["活动台账"] if r["活动日期"].month != 5]
    path = tmp_path / "兴隆镇6月台账.xlsx"
    write_plain_ledger(ws.form, june, path)
    return ws, path


def _codes(findings: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return sorted((f["code"], f["sheet"], f["cell"], f["severity"]) for f in findings)


def test_every_face_gives_the_same_findings(may_stored: tuple[Workspace, Path], run) -> None:  # type: ignore[no-untyped-def]
    ws, path = may_stored
    cli = run("check", str(path), "--json", "-w", str(ws.root)).json()["files"][0]
    library = fedxl.check_file(path, ws).to_dict()
    ingested = run("ingest", str(path), "--json", "-w", str(ws.root)).json()["files"][0]
    codes = {f["code"] for f in cli["findings"]}
    assert {"org-missing", "records-missing"} <= codes
    assert _codes(cli["findings"]) == _codes(library["findings"]) == _codes(ingested["findings"])
    assert cli["counts"] == library["counts"] == ingested["counts"]


def test_the_comparison_counts_when_the_findings_are_capped(
    may_stored: tuple[Workspace, Path],
) -> None:
    """A capped report still counts every finding, the comparison's too, and keeps it first."""
    ws, path = may_stored
    whole = fedxl.check_file(path, ws)
    config = ws.root / "fedxl.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("[limits]", "[limits]\nmax_findings = 1"),
        encoding="utf-8",
    )
    capped = fedxl.check_file(path, Workspace(ws.root))
    assert len(capped.findings) == 1 and capped.counts == whole.counts
    assert whole.counts["warning"] >= 2


def test_a_reader_does_not_wait_for_a_writer(may_stored: tuple[Workspace, Path]) -> None:
    """`fedxl status` answers while another process holds a write transaction on the store."""
    ws, _ = may_stored
    holder = sqlite3.connect(ws.db_path, isolation_level=None, timeout=1)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO merges (month, fingerprint) VALUES ('held', 'by a writer')")
    try:
        env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "fedxl",
                "-w",
                str(ws.root),
                "status",
                "-m",
                "2026-05",
                "--json",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert '"submitted"' in done.stdout or '"late"' in done.stdout
        metrics = subprocess.run(
            [
                sys.executable,
                "-m",
                "fedxl",
                "-w",
                str(ws.root),
                "metrics",
                "-m",
                "2026-05",
                "--as-of",
                "2026-06-10",
                "--json",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert metrics.returncode == 0, metrics.stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_the_faces_use_only_the_library_api() -> None:
    """fedxl/cli, fedxl/web and fedxl/excel import nothing of fedxl but the API (`fedxl`,
    `fedxl.api`), `fedxl.errors`, `fedxl.i18n` and their own package: a file gets the same answer
    whichever way it comes in."""
    import ast

    root = Path(fedxl.__file__).parent
    allowed = {"fedxl", "fedxl.api", "fedxl.errors", "fedxl.i18n"}
    reached: list[str] = []
    for face in ("cli", "web", "excel"):
        for path in sorted((root / face).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom) and node.level == 0
                    else [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                for name in names:
                    if (
                        name.startswith("fedxl")
                        and name not in allowed
                        and not name.startswith(f"fedxl.{face}")
                    ):
                        reached.append(f"{path.relative_to(root)}:{node.lineno} {name}")
    assert len(list((root / "web").rglob("*.py"))) > 5  # the walk saw the faces
    assert reached == []


RENAMED = {
    "活动台账": "活动登记",
    "参与人数": "到场人数",
    "成立日期": "组建日期",
    "物资折价(元)": "物资价值(元)",
    "女职工数": "女性职工数",
}


def test_renaming_columns_in_the_form_keeps_the_figures(tmp_path: Path) -> None:
    """The figures find their sheets and columns by role: a form that renames 活动台账, 参与人数,
    成立日期, 物资折价(元) and 女职工数 gives the same figures and alerts for the same ledgers."""
    from fedxl.jobs.setup import init_workspace

    results = []
    for renamed in (False, True):
        root = tmp_path / ("renamed" if renamed else "default")
        init_workspace(root, year=2026)
        form_file = root / "templates" / "form.toml"
        if renamed:
            text = form_file.read_text(encoding="utf-8")
            for old, new in RENAMED.items():
                assert f'"{old}"' in text and new not in text
                text = text.replace(old, new)  # the name, and the rules that use it
            form_file.write_text(text, encoding="utf-8")
        ws = Workspace(root)
        for i, town in enumerate(("兴隆镇", "东湖镇")):
            data = cumulative_ledgers(
                Workspace(tmp_path / "default" if renamed else root).form,
                town,
                2026,
                [6],
                seed=i,
                orgs=4,
                events=5,
            )[6]
            if renamed:
                data.tables = {
                    RENAMED.get(sheet, sheet): [
                        {RENAMED.get(k, k): v for k, v in row.items()} for row in rows
                    ]
                    for sheet, rows in data.tables.items()
                }
            path = tmp_path / f"{root.name}_{town}.xlsx"
            write_plain_ledger(ws.form, data, path)
            report = (
                fedxl.ingest(ws, [path], received_at=dt.datetime(2026, 7, 2, 9)).results[0].report
            )
            assert report.status == "accepted", [f.to_dict() for f in report.findings][:3]
        summary = fedxl.metrics(ws, "2026-06", as_of="2026-07-10")
        results.append(
            (summary.to_dict(), sorted((a.kind, a.town, a.subject) for a in summary.alerts))
        )
    (default, alerts), (renamed_figures, renamed_alerts) = results
    assert default["district"]["参与人次（本月）"] > 0 and default["district"]["覆盖女职工数"] > 0
    assert renamed_figures == default and renamed_alerts == alerts


def test_a_marked_copy_is_made_from_what_the_store_kept(
    may_stored: tuple[Workspace, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A town's download of a recorded submission's marked copy reads the archived file once to
    copy it, never checks it again (sheet names, kind and size were kept with the submission)."""
    import openpyxl

    import fedxl.checking

    ws, path = may_stored
    result = fedxl.ingest(ws, [path], received_at=dt.datetime(2026, 7, 3, 9)).results[0]
    sub = fedxl.api.submission(ws, result.submission_id)
    assert sub is not None and sub.source_kind == "xlsx" and "妇委会名录" in (sub.sheet_names or "")
    for cached in (ws.workbooks / ".fedxl-cache").rglob("*.xlsx"):
        cached.unlink()

    def no_second_check(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was checked again")

    monkeypatch.setattr(fedxl.checking, "check_file", no_second_check)
    found = fedxl.api.feedback(ws, sub)
    assert found is not None
    name, data = found
    copy = tmp_path / name
    copy.write_bytes(data)
    marked = openpyxl.load_workbook(copy)  # not read-only: that would hold the file open
    codes = {
        c
        for row in marked["校验结果"].iter_rows(values_only=True)
        for c in row
        if c in ("org-missing", "records-missing")
    }
    assert codes == {"org-missing", "records-missing"}
