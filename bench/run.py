"""fedxl benchmarks: each figure next to its python-calamine baseline, measured in the same run.

    python bench/run.py [--quick]

Generates its data deterministically into bench/data/ (git-ignored), prints a table and writes
bench/results.md with the machine description. Times are medians of several runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"
sys.path.insert(0, str(ROOT))


MEMORY: list[tuple[str, float, float]] = []  # (what, fedxl MB, calamine MB)


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process_time(cmd: list[str], runs: int) -> float:
    def go() -> None:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)

    go()  # warm the file cache
    return median_time(go, runs)


def peak_rss_mb(cmd: list[str]) -> float:
    """Peak resident memory of one run of `cmd` (MB), measured in a fresh child process."""
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=False
    )
    try:
        return int(out.stdout.strip()) / 1024
    except ValueError:
        return float("nan")


def make_workspace() -> Path:
    from fedxl.jobs.setup import init_workspace

    ws = DATA / "ws"
    if not (ws / "fedxl.toml").is_file():
        init_workspace(ws, force=True, year=2026)
    return ws


def make_ledger(rows: int) -> Path:
    """A town ledger: 8 table sheets of `rows` rows each, written from the blank template."""
    from fedxl.blank.writer import LedgerInfo, write_blank_ledger
    from fedxl.form import load_form
    from fedxl.jobs.samples import town_ledger

    path = DATA / f"ledger_8x{rows}.xlsx"
    if path.is_file():
        return path
    form = load_form(ROOT / "templates" / "form.toml")
    data = town_ledger(form, "兴隆镇", 2026, 6, seed=7, orgs=rows, events=rows)
    for table in data.tables.values():  # every table gets `rows` rows
        while table and len(table) < rows:
            table.extend(dict(r) for r in table[: rows - len(table)])
    seen: set[str] = set()
    for i, org in enumerate(data.tables["妇委会名录"]):
        if org["组织名称"] in seen:
            org["组织名称"] = org["组织名称"].replace("妇委会", f"{i}妇委会")
        seen.add(org["组织名称"])
    info = LedgerInfo(
        "振兴区", "振兴区妇联", "兴隆镇", 2026, 6, 5, info_values=data.info, rows=data.tables
    )
    write_blank_ledger(form, info, path)
    return path


def shared_strings_copy(path: Path) -> Path | None:
    """The same ledger re-saved by LibreOffice (shared strings, like Excel/WPS files)."""
    target = path.with_name(path.stem + "_lo.xlsx")
    if target.is_file():
        return target
    if not shutil.which("soffice"):
        return None
    out = DATA / "lo"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{DATA}/lo-profile",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        timeout=300,
        check=False,
    )
    produced = out / path.name
    if not produced.is_file():
        return None
    produced.rename(target)
    return target


def calamine_read(path: Path) -> None:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python(skip_empty_area=False)


def bench_check(path: Path, ws: Path, runs: int) -> list[tuple[str, float, float, str]]:
    from fedxl.checking import CheckContext, check_file
    from fedxl.workspace import Workspace

    w = Workspace(ws)
    ctx = CheckContext(w.form, w.config)
    report = check_file(path, ctx)
    assert report.status == "accepted", [f.to_dict() for f in report.findings[:5]]
    cal = median_time(lambda: calamine_read(path), runs)
    work = median_time(lambda: check_file(path, ctx, keep_tables=False), runs)  # as `fedxl check`
    py = sys.executable
    bare = process_time([py, "-c", "pass"], runs)
    cal_proc = process_time(
        [
            py,
            "-c",
            "import sys; from python_calamine import CalamineWorkbook as W; "
            "wb = W.from_path(sys.argv[1]); "
            "[wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names]",
            str(path),
        ],
        runs,
    )
    fedxl = str(Path(py).with_name("fedxl"))
    cmd = (
        [fedxl, "check", str(path), "--json", "-w", str(ws)]
        if os.path.exists(fedxl)
        else [py, "-m", "fedxl", "check", str(path), "--json", "-w", str(ws)]
    )
    check_proc = process_time(cmd, runs)
    size = f"{path.stat().st_size // 1024} KB"
    cal_cmd = [
        py,
        "-c",
        "import sys; from python_calamine import CalamineWorkbook as W; wb = "
        "W.from_path(sys.argv[1]); "
        "[wb.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in wb.sheet_names]",
        str(path),
    ]
    MEMORY.append((f"fedxl check {path.name}", peak_rss_mb(cmd), peak_rss_mb(cal_cmd)))
    return [
        (f"check work time, {path.name} ({size})", work, cal, "bare calamine read"),
        (f"fedxl check whole process, {path.name}", check_proc, cal_proc, "python + calamine read"),
        ("python -c pass (process start)", bare, bare, "itself"),
    ]


def make_big_sheet(rows: int) -> Path:
    """One 活动台账 of `rows` rows (plus the other sheets, small), for the large-sheet figure."""
    from fedxl.form import load_form
    from fedxl.jobs.samples import town_ledger, write_plain_ledger

    path = DATA / f"activities_{rows}.xlsx"
    if path.is_file():
        return path
    form = load_form(ROOT / "templates" / "form.toml")
    data = town_ledger(form, "兴隆镇", 2026, 6, seed=3, orgs=20, events=200)
    acts = data.tables["活动台账"]
    data.tables["活动台账"] = [dict(acts[i % len(acts)]) for i in range(rows)]
    write_plain_ledger(form, data, path)
    return path


def bench_reports(runs: int) -> list[tuple[str, float, float, str]]:
    """Merge plus briefing and half-year report for the demo district."""
    from fedxl.jobs.demo import run_demo
    from fedxl.merging import merge
    from fedxl.reports import make_report
    from fedxl.workspace import Workspace

    root = DATA / "demo_ws"
    if not (root / "workbooks" / "fedxl.db").is_file():
        run_demo(root, pdf=False)
    ws = Workspace(root)

    def cycle() -> None:
        merge(ws, "2026-07")
        make_report(ws, "briefing", "2026-07")
        make_report(ws, "half-year", "2026H1")

    took = median_time(cycle, max(1, runs // 3))
    return [
        ("merge + briefing + half-year, demo district (10 towns)", took, 5.0, "SPEC target (5 s)")
    ]


def make_copies(base: Path, count: int, folder: Path) -> list[Path]:
    """`count` distinct files with the same workbook inside (a zip comment makes each unique)."""
    import zipfile

    if folder.is_dir() and len(list(folder.iterdir())) == count:
        return sorted(folder.iterdir())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    data = base.read_bytes()
    out = []
    for i in range(count):
        path = folder / f"{base.stem}_{i:04d}.xlsx"
        path.write_bytes(data)
        with zipfile.ZipFile(path, "a") as zf:
            zf.comment = f"copy {i}".encode()
        out.append(path)
    return out


def bench_ingest(base: Path, count: int, runs: int) -> list[tuple[str, float, float, str]]:
    """Ingest `count` ledgers on both cores vs reading the same files with calamine."""
    from fedxl.jobs.setup import init_workspace
    from fedxl.store import open_store
    from fedxl.submissions import ingest
    from fedxl.workspace import Workspace

    files = make_copies(base, count, DATA / f"copies_{count}")
    cal = median_time(lambda: [calamine_read(p) for p in files], max(1, runs // 3))
    times = []
    for _ in range(max(1, runs // 3)):
        root = DATA / "ingest_ws"
        shutil.rmtree(root, ignore_errors=True)
        init_workspace(root, force=True, year=2026)
        ws = Workspace(root)
        open_store(ws).close()  # a district at work: its store is there before the month
        start = time.perf_counter()
        batch = ingest(ws, list(files), workers=2)
        times.append(time.perf_counter() - start)
        assert len(batch.results) == count and not any(r.duplicate for r in batch.results)
    return [
        (
            f"ingest {count} ledgers ({base.stat().st_size // 1024} KB each), 2 processes",
            statistics.median(times),
            cal,
            "calamine read of the same files, 1 process",
        )
    ]


def bench_ingest_small(count: int, runs: int) -> list[tuple[str, float, float, str]]:
    """Ingest `count` small ledgers of as many towns (a large district's month: 6 organisations,
    6 events a sheet, each town's June) on one and on two processes, vs reading the same files
    with calamine: what a small file costs beyond its reading (the check, the archive, the
    store, each durable). Each town sends once, as in a month, so no file is compared with
    another of its own town (several versions of one town's June would warn of implausible
    changes and get feedback workbooks: another measurement)."""
    import datetime as dt

    from fedxl.jobs.samples import cumulative_ledgers, write_plain_ledger
    from fedxl.jobs.setup import init_workspace
    from fedxl.store import open_store
    from fedxl.submissions import ingest
    from fedxl.workspace import Workspace

    towns = [f"第{i + 1}镇" for i in range(count)]
    folder = DATA / f"small_{count}_towns"
    if not folder.is_dir() or len(list(folder.iterdir())) != count:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        init_workspace(DATA / "small_ws", force=True, year=2026, towns=towns)
        form = Workspace(DATA / "small_ws").form
        for i, town in enumerate(towns):
            data = cumulative_ledgers(form, town, 2026, [6], seed=i, orgs=6, events=6)[6]
            write_plain_ledger(form, data, folder / f"{town}_6月.xlsx")
    files = sorted(folder.iterdir())
    cal = median_time(lambda: [calamine_read(p) for p in files], runs)
    out = []
    for workers in (1, 2):
        times = []
        for _ in range(max(1, runs // 2)):
            root = DATA / "small_ingest_ws"
            shutil.rmtree(root, ignore_errors=True)
            init_workspace(root, force=True, year=2026, towns=towns)
            ws = Workspace(root)
            open_store(ws).close()  # a district at work: its store is there before the month
            start = time.perf_counter()
            batch = ingest(ws, files, workers=workers, received_at=dt.datetime(2026, 7, 2, 9))
            times.append(time.perf_counter() - start)
            assert {r.report.status for r in batch.results} == {"accepted"}
            assert not [r for r in batch.results if r.feedback]  # none to write back
        out.append(
            (
                f"ingest {count} small ledgers ({files[0].stat().st_size // 1024} KB), "
                f"{workers} process{'es' if workers > 1 else ''}",
                statistics.median(times),
                cal,
                "calamine read of the same files, 1 process",
            )
        )
    return out


def bench_merge(base: Path, towns: int) -> list[tuple[str, float, float, str]]:
    """Merge for a district of `towns` towns, each with one 8-sheet ledger, vs reading those
    ledgers."""
    import dataclasses

    from fedxl.checking import CheckContext, check_file
    from fedxl.jobs.setup import init_workspace
    from fedxl.merging import merge
    from fedxl.store import Store
    from fedxl.workspace import Workspace

    root = DATA / f"merge_ws_{towns}"
    shutil.rmtree(root, ignore_errors=True)
    init_workspace(root, force=True, year=2026)
    names = [f"第{i:03d}镇" for i in range(1, towns + 1)]
    text = (root / "fedxl.toml").read_text(encoding="utf-8")
    head = text.split("[[towns]]")[0]
    body = "".join(f'\n[[towns]]\nname = "{n}"\nquota = 3\n' for n in names)
    (root / "fedxl.toml").write_text(head + body, encoding="utf-8")
    ws = Workspace(root)
    report = check_file(base, CheckContext(ws.form, ws.config))
    report.findings = []  # the ledger names 兴隆镇; here it stands for each of the towns
    with Store(ws.db_path, ws.form) as store:
        for i, name in enumerate(names):
            store.record(
                dataclasses.replace(report, town=name, period="2026-06", sha256=f"{i:064d}"),
                archive_path="x",
                received_at="2026-07-02T09:00:00",
                original_name=f"{name}.xlsx",
            )
    start = time.perf_counter()
    result = merge(ws, "2026-06")
    took = time.perf_counter() - start
    assert len(result.summary.reported) == towns
    cal = median_time(lambda: calamine_read(base), 3) * towns
    return [
        (
            f"merge, {towns} towns ({len(report.data.get('活动台账', []))} rows a table)",
            took,
            cal,
            "calamine read of their ledgers, 1 process",
        )
    ]


def bench_web(base: Path, runs: int) -> list[tuple[str, float, float, str]]:
    """The web intake through a real `fedxl serve`: one upload's answer (median of 20 typical
    ledgers sent one after another) against checking the same file in-process, and 20 uploads
    at once against ingesting the same 20 files in one library call."""
    import concurrent.futures

    import httpx

    from fedxl.checking import CheckContext, check_file
    from fedxl.submissions import ingest
    from fedxl.workspace import Workspace
    from tests.conftest import intake_workspace, start_server, stop_server

    def fresh(name: str) -> Path:
        root = DATA / name
        shutil.rmtree(root, ignore_errors=True)
        return intake_workspace(root, uploads_per_minute=10_000)

    files = make_copies(base, 40, DATA / "copies_web")
    one_by_one, at_once = files[:20], files[20:]
    ws = Workspace(fresh("web_check_ws"))
    ctx = CheckContext(ws.form, ws.config)
    check = median_time(lambda: check_file(base, ctx), runs)
    start = time.perf_counter()
    ingest(ws, list(at_once), workers=2)
    library = time.perf_counter() - start

    server = start_server(fresh("web_ws"))
    try:
        token = server.token("兴隆镇")

        def send(path: Path) -> float:
            began = time.perf_counter()
            with open(path, "rb") as fh:
                answer = httpx.post(
                    server.base + "/api/submissions",
                    headers={"Authorization": f"Bearer {token}"},
                    files={"file": (path.name, fh)},
                    timeout=120,
                )
            assert answer.status_code == 200, answer.text[:200]
            return time.perf_counter() - began

        latency = statistics.median(send(p) for p in one_by_one)
        began = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
            list(pool.map(send, at_once))
        together = time.perf_counter() - began
    finally:
        stop_server(server)
    size = f"{base.stat().st_size // 1024} KB"
    return [
        (
            f"web upload to answer, {base.name} ({size}), median of 20",
            latency,
            check,
            "check of the same file in-process (target: + 1 s)",
        ),
        (
            "web: 20 uploads at once, until the last answer",
            together,
            library,
            "ingest of the same 20 files, one library call",
        ),
    ]


def tree_peak(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak MB) of one run of `cmd`, the peak being the largest resident size of the
    process or any worker it started (VmHWM of each, sampled until it ends)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.perf_counter()
    peak: dict[int, int] = {}
    while proc.poll() is None:
        for pid in [proc.pid, *_descendants(proc.pid)]:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak[pid] = max(peak.get(pid, 0), int(line.split()[1]))
            except (OSError, ValueError):
                pass
        time.sleep(0.02)
    return time.perf_counter() - start, max(peak.values(), default=0) / 1024


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            kids = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        found += [int(k) for k in kids]
        todo += [int(k) for k in kids]
    return found


def bench_hostile(ws: Path) -> list[str]:
    """`fedxl check --annotate` of each file of the hostile set: seconds and the peak of the
    largest process (the limit: 1 GiB, 30 s for any file within the limits)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile_files import SET

    folder = DATA / "hostile"
    folder.mkdir(exist_ok=True)
    fedxl = [sys.executable, "-m", "fedxl", "check", "--annotate", "--json", "-w", str(ws)]
    lines = [
        "| hostile file (check --annotate) | size | time | peak of the largest process |",
        "|---|---:|---:|---:|",
    ]
    for what, make in SET.items():
        path = make(folder)
        seconds, mb = tree_peak([*fedxl, str(path)])
        lines.append(
            f"| {what} | {path.stat().st_size / 1024:.0f} KB | {seconds:.2f} s | {mb:.0f} MB |"
        )
    return lines


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{system}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def pg_server() -> Any:
    """A throwaway PostgreSQL server (the tests' helper), or SystemExit saying why not."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    import socket

    from pg import start  # type: ignore[import-not-found]

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server, why = start(port)
    if server is None:
        raise SystemExit(f"--server: {why}")
    return server


def bench_server_ingest(server: Any, base: Path, count: int) -> list[tuple[str, float, float, str]]:
    """Ingest `count` ledgers into PostgreSQL on both cores vs reading them with calamine."""
    from fedxl.jobs.setup import init_workspace
    from fedxl.store import open_store
    from fedxl.submissions import ingest
    from fedxl.workspace import Workspace

    files = make_copies(base, count, DATA / f"copies_{count}")
    cal = median_time(lambda: [calamine_read(p) for p in files], 1)
    os.environ["FEDXL_DATABASE_URL"] = server.database()
    try:
        root = DATA / "server_ingest_ws"
        shutil.rmtree(root, ignore_errors=True)
        init_workspace(root, force=True, year=2026)
        ws = Workspace(root)
        open_store(ws).close()  # a district at work: its store is there before the month
        start = time.perf_counter()
        batch = ingest(ws, list(files), workers=2)
        took = time.perf_counter() - start
        assert len(batch.results) == count and not any(r.duplicate for r in batch.results)
    finally:
        del os.environ["FEDXL_DATABASE_URL"]
    return [
        (
            f"ingest {count} ledgers ({base.stat().st_size // 1024} KB each) into PostgreSQL, "
            "2 processes",
            took,
            cal,
            "calamine read of the same files, 1 process",
        )
    ]


def bench_city(
    server: Any, districts: int, towns: int, months: int
) -> list[tuple[str, float, float, str]]:
    """A city of `districts` × `towns` towns, each with `months` monthly ledgers (a small
    ledger: 6 organisations, 6 events a sheet) on one server: its board and its figures of the
    last month and of the year."""
    import dataclasses
    import datetime as dt

    from fedxl.checking import CheckContext, check_file
    from fedxl.city import City, city_metrics, city_status
    from fedxl.form.periods import Period
    from fedxl.jobs.samples import cumulative_ledgers, write_plain_ledger
    from fedxl.jobs.setup import init_workspace
    from fedxl.store import open_store
    from fedxl.workspace import Workspace

    url = server.database()
    os.environ["FEDXL_DATABASE_URL"] = url
    names = [f"第{d + 1}区" for d in range(districts)]
    reports = {}
    try:
        for d, district in enumerate(names):
            root = DATA / f"city_{d}"
            shutil.rmtree(root, ignore_errors=True)
            town_names = [f"{district}第{i + 1:03d}镇" for i in range(towns)]
            init_workspace(root, force=True, year=2026, district=district, towns=town_names)
            ws = Workspace(root)
            if not reports:
                ctx = CheckContext(ws.form, ws.config)
                ledgers = cumulative_ledgers(ws.form, "兴隆镇", 2026, list(range(1, months + 1)))
                for month, data in ledgers.items():
                    path = DATA / f"city_ledger_{month}.xlsx"
                    write_plain_ledger(ws.form, data, path)
                    report = check_file(path, ctx)
                    report.findings = []  # it names 兴隆镇; here it stands for every town
                    reports[month] = report
            with open_store(ws) as store:
                for i, town in enumerate(town_names):
                    for month, report in reports.items():
                        store.record(
                            dataclasses.replace(
                                report,
                                town=town,
                                period=f"2026-{month:02d}",
                                sha256=f"{d:04d}{i:06d}{month:02d}".ljust(64, "0"),
                            ),
                            archive_path="x",
                            received_at=f"2026-{month + 1:02d}-02T09:00:00"
                            if month < 12
                            else "2027-01-02T09:00:00",
                            original_name=f"{town}{month}月.xlsx",
                        )
        city_root = DATA / "city"
        shutil.rmtree(city_root, ignore_errors=True)
        city_root.mkdir(parents=True)
        (city_root / "fedxl.toml").write_text(
            f'[city]\nname = "某市"\ndistricts = {json.dumps(names, ensure_ascii=False)}\n',
            encoding="utf-8",
        )
        last = f"2026-{months:02d}"
        now = dt.datetime(2027, 1, 20)  # every month's files in
        out = []
        for label, run in (
            ("board", lambda city: city_status(city, last, now=now)),
            (
                "figures of the month",
                lambda city: city_metrics(city, Period.of_month(last), now=now),
            ),
            (
                "figures of the year",
                lambda city: city_metrics(city, Period.whole_year(2026), now=now),
            ),
        ):
            start = time.perf_counter()
            run(City(city_root))
            took = time.perf_counter() - start
            out.append(
                (
                    f"city of {districts * towns} towns × {months} months on PostgreSQL: {label}",
                    took,
                    1.0,
                    "target (1 s)",
                )
            )
        return out
    finally:
        del os.environ["FEDXL_DATABASE_URL"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller files")
    parser.add_argument(
        "--ingest",
        type=int,
        default=None,
        help="number of ledgers to ingest (default 300 and 1,500; quick 30)",
    )
    parser.add_argument(
        "--web",
        action="store_true",
        help="only the web intake figures (printed, results.md untouched)",
    )
    parser.add_argument(
        "--server",
        action="store_true",
        help="only the PostgreSQL figures: ingest into a server, a city's board and figures "
        "(printed and written to bench/results-server.md)",
    )
    parser.add_argument(
        "--hostile",
        action="store_true",
        help="only the hostile set (printed, results.md untouched)",
    )
    args = parser.parse_args()
    if args.hostile:
        DATA.mkdir(exist_ok=True)
        print("\n".join(bench_hostile(make_workspace())))
        return
    if args.web:
        DATA.mkdir(exist_ok=True)
        for name, value, base, what in bench_web(make_ledger(500), 3 if args.quick else 11):
            print(
                f"| {name} | {value * 1000:.0f} ms | {base * 1000:.0f} ms | {value / base:.2f} | "
                f"{what} |"
            )
        return
    if args.server:
        DATA.mkdir(exist_ok=True)
        server = pg_server()
        try:
            ledger = make_ledger(100 if args.quick else 500)
            same = shared_strings_copy(ledger) or ledger  # the file the SQLite figures read
            rows = bench_server_ingest(server, same, args.ingest or (30 if args.quick else 1500))
            rows += bench_city(server, 5, 20 if args.quick else 300, 12)
        finally:
            server.stop()
        lines = [
            "| measurement | fedxl | baseline | ratio | baseline is |",
            "|---|---:|---:|---:|---|",
            *(
                f"| {name} | {value * 1000:.0f} ms | {base * 1000:.0f} ms | {value / base:.2f} | "
                f"{what} |"
                for name, value, base, what in rows
            ),
        ]
        print("\n".join(lines))
        (HERE / "results-server.md").write_text(
            f"# fedxl on PostgreSQL: benchmark results\n\nMachine: {machine()}\n"
            f"{'(--quick)' if args.quick else ''}\n\n" + "\n".join(lines) + "\n",
            encoding="utf-8",
        )
        return
    runs = 3 if args.quick else 11
    DATA.mkdir(exist_ok=True)
    ws = make_workspace()
    ledger = make_ledger(100 if args.quick else 500)
    rows = bench_check(ledger, ws, runs)
    lo = shared_strings_copy(ledger)
    if lo is not None:
        rows += bench_check(lo, ws, runs)[:2]
    big = make_big_sheet(10_000 if args.quick else 100_000)
    rows += bench_check(big, ws, max(1, runs // 3))[:2]
    rows += bench_reports(runs)
    if args.ingest:
        rows += bench_ingest(lo or ledger, args.ingest, runs)
    elif args.quick:
        rows += bench_ingest(lo or ledger, 30, runs)
    else:  # a district's year (300) and a province's month (1,500), the latter once
        rows += bench_ingest(lo or ledger, 300, runs)
        rows += bench_ingest(lo or ledger, 1500, 1)
    rows += bench_ingest_small(60, runs)
    demo_size = make_ledger(40)
    rows += bench_merge(demo_size, 10)
    # 300 towns with 40-row tables (~150,000 cells written); the combined sheets grow with every
    # row,
    # and openpyxl writes ~30 µs a cell, so 300 full 8×500 ledgers (14 million cells) are not run
    # here
    rows += bench_merge(demo_size, 30 if args.quick else 300)
    rows += bench_web(ledger, runs)
    lines = ["| measurement | fedxl | baseline | ratio | baseline is |", "|---|---:|---:|---:|---|"]
    for name, value, base, what in rows:
        lines.append(
            f"| {name} | {value * 1000:.0f} ms | {base * 1000:.0f} ms | {value / base:.2f} | "
            f"{what} |"
        )
    table = "\n".join(lines)
    memory = ["| process | fedxl peak RSS | calamine peak RSS |", "|---|---:|---:|"]
    memory += [f"| {what} | {a:.0f} MB | {b:.0f} MB |" for what, a, b in MEMORY]
    table += "\n\n" + "\n".join(memory) + "\n\n" + "\n".join(bench_hostile(ws))
    print(table)
    (HERE / "results.md").write_text(
        f"# fedxl benchmark results\n\nMachine: {machine()}\nRuns: median of {runs}"
        f"{' (--quick)' if args.quick else ''}\n\n{table}\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
