"""The public library API from a Python session, month_tables as DataFrames, and fedxl export."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

import fedxl
from fedxl.jobs.samples import LedgerData, cumulative_ledgers, write_plain_ledger
from fedxl.workspace import Workspace

TOWNS = ["头道桥街道", "兴隆镇"]
RISKY = '=HYPERLINK("http://x","点我")'


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, dict[str, LedgerData]]:
    from fedxl.jobs.setup import init_workspace

    root = tmp_path_factory.mktemp("api") / "ws"
    init_workspace(root, year=2026)
    workspace = fedxl.open_workspace(root)
    june: dict[str, LedgerData] = {}
    for i, town in enumerate(TOWNS):
        data = cumulative_ledgers(workspace.form, town, 2026, [6], seed=i, orgs=3, events=3)[6]
        data.tables["活动台账"][0]["备注"] = RISKY
        path = workspace.folder("inbox") / f"{town}.xlsx"
        write_plain_ledger(workspace.form, data, path)
        june[town] = data
    batch = fedxl.ingest(workspace, received_at=dt.datetime(2026, 7, 2, 9))
    assert [r.report.status for r in batch.results] == ["accepted", "accepted"]
    return workspace, june


def test_public_surface_is_small_and_importing_it_is_cheap() -> None:
    assert set(fedxl.__all__) == {
        "FedxlError",
        "__version__",
        "check_file",
        "export",
        "ingest",
        "links",
        "merge",
        "metrics",
        "month_tables",
        "open_workspace",
        "report",
        "serve",
        "status",
        "template",
    }
    assert fedxl.api.Month(2026, 6).cn == "2026年6月"  # the faces' names load when first asked for
    with pytest.raises(AttributeError):
        _ = fedxl.api.Store  # type: ignore[attr-defined]  # the store is not the faces' business
    code = (
        "import sys, fedxl; print(sorted(m for m in ('pandas', 'openpyxl', 'docxtpl', 'starlette', "
        "'uvicorn') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert (Path(fedxl.__file__).parent / "py.typed").is_file()


def test_month_tables_are_typed_dataframes(ws) -> None:  # type: ignore[no-untyped-def]
    workspace, june = ws
    tables = fedxl.month_tables(workspace, "2026-06")
    assert set(tables) == {s.name for s in workspace.form.tables}
    acts = tables["活动台账"]
    assert list(acts.columns)[0] == "镇街" and list(acts.columns)[-2:] == ["来源文件", "原行号"]
    assert len(acts) == sum(len(d.tables["活动台账"]) for d in june.values())
    assert str(acts["参与人数"].dtype) == "Int64"
    assert all(isinstance(v, dt.date) for v in acts["活动日期"])
    want = sorted(
        (t, a["活动名称"], a["参与人数"]) for t, d in june.items() for a in d.tables["活动台账"]
    )
    assert sorted(zip(acts["镇街"], acts["活动名称"], acts["参与人数"], strict=True)) == want
    gifts = tables["捐赠台账"]
    assert str(gifts["现金(元)"].dtype) == "float64"


def test_metrics_status_and_check_from_a_session(ws) -> None:  # type: ignore[no-untyped-def]
    workspace, june = ws
    figures = fedxl.metrics(workspace, "2026-06", as_of="2026-07-20").to_dict()
    assert figures["district"]["妇委会总数"] == sum(
        len([o for o in d.tables["妇委会名录"] if o["组织状态"] != "已撤销"]) for d in june.values()
    )
    board = fedxl.status(workspace, "2026-06", as_of="2026-07-03")
    assert {t.town: t.state for t in board.towns}["双山镇"] == "pending"
    report = fedxl.check_file(workspace.root / "fedxl.toml", workspace)
    assert report.status == "unreadable"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_export_each_format(ws, run, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    workspace, june = ws
    out = run(
        "export",
        "-m",
        "2026-06",
        "--format",
        fmt,
        "--out",
        str(tmp_path),
        "-w",
        str(workspace.root),
    )
    assert out.exit_code == 0, out.stderr
    files = sorted(tmp_path.iterdir())
    assert len(files) == len(workspace.form.tables)
    path = tmp_path / f"振兴区_活动台账_2026-06.{fmt}"
    expected = sum(len(d.tables["活动台账"]) for d in june.values())
    if fmt == "csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel and WPS read the Chinese right
        rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
        assert len(rows) == expected and rows[0]["镇街"] in TOWNS
        assert RISKY in {r["备注"] for r in rows}
    elif fmt == "xlsx":
        sheet = openpyxl.load_workbook(path).active
        header = [c.value for c in sheet[1]]
        assert header[0] == "镇街" and sheet.max_row == expected + 1
        risky = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == RISKY]
        assert risky and all(c.data_type == "s" for c in risky)  # text, never a formula
    else:
        import pandas as pd

        frame = pd.read_parquet(path)
        assert len(frame) == expected and str(frame["参与人数"].dtype) == "Int64"


def test_export_refuses_an_unknown_format(ws, run) -> None:  # type: ignore[no-untyped-def]
    workspace, _ = ws
    assert (
        run("export", "-m", "2026-06", "--format", "pdf", "-w", str(workspace.root)).exit_code == 2
    )


def test_public_names_are_not_shadowed_by_sub_packages() -> None:
    import importlib
    import pkgutil

    for info in pkgutil.walk_packages(fedxl.__path__, "fedxl."):
        if not info.name.startswith(("fedxl.excel", "fedxl.__main__")):
            importlib.import_module(info.name)
    for name in fedxl.__all__:
        if name not in ("__version__", "FedxlError"):
            assert callable(getattr(fedxl, name)), name
