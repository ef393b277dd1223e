"""Real third-party spreadsheets and far-away cells: check, check --annotate and ingest each one in
a
subprocess with a memory cap and a time limit. None may crash, hang or walk empty rows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

DATA = Path(__file__).resolve().parent / "data"
EXTERNAL = sorted(
    p for p in (DATA / "external").iterdir() if p.suffix in (".xlsx", ".xls", ".ods", ".xlsm")
)
# a real ledger with errors, so feedback is written
LEDGER = DATA / "submissions" / "cell_errors.xlsx"
MEMORY_MB = 1024
STEPS = """
import json, resource, shutil, sys, time
from pathlib import Path
limit = {memory} * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from fedxl.cli import main
root, path = sys.argv[1], Path(sys.argv[2])
codes = []
for args in (["check", str(path), "--json"], ["check", str(path), "--annotate"], ["ingest", "--json"]):
    if args[0] == "ingest":
        shutil.copy(path, Path(root) / "workbooks" / "inbox" / path.name)
    try:
        main([*args, "-w", root])
        codes.append(0)
    except SystemExit as exc:
        codes.append(exc.code)
# VmHWM is this process's own peak; ru_maxrss would carry the peak of the test process that
# started it (Linux keeps the old address space's high-water mark across a vfork + exec)
try:
    peak = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM")) // 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
sys.stderr.write("RESULT " + json.dumps({{"codes": codes, "peak_mb": peak}}) + "\\n")
"""  # noqa: E501 - the child process's script


def _run_steps(workspace: Path, path: Path, timeout: float = 60) -> dict:
    """check --json, check --annotate and ingest of `path` in a process with a memory cap: their
    exit codes and the process's peak memory (a hang fails at `timeout`)."""
    proc = subprocess.run(
        [sys.executable, "-c", STEPS.format(memory=MEMORY_MB), str(workspace), str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert "Traceback" not in proc.stderr and "panicked" not in proc.stderr, proc.stderr[-2000:]
    line = next(x for x in proc.stderr.splitlines() if x.startswith("RESULT "))
    result: dict = json.loads(line[7:])
    return result


# each file's exit codes (check --json, check --annotate, ingest): none is a ledger, so each is
# refused (1: form-unknown and the like) or cannot be read (2: encrypted, too complex)
EXPECTED = {
    "OOM_alloc.xls": (1, 1, 1),
    "covered.ods": (1, 1, 1),
    "empty_s_attribute.xlsx": (1, 1, 1),
    "empty_sheet.xlsx": (1, 1, 1),
    "encoded_entities.xlsx": (1, 1, 1),
    "errors.xlsx": (1, 1, 1),
    "has_x000D_.xlsx": (1, 1, 1),
    "issue_174.xlsx": (1, 1, 1),
    "issue_261.xlsx": (1, 1, 1),
    "issue_419.xlsx": (1, 1, 1),
    "issue_594_dos.ods": (2, 2, 2),
    "issues.ods": (1, 1, 1),
    "issues.xls": (1, 1, 1),
    "merge_cells.xlsx": (1, 1, 1),
    "nonstandard-xml-ns-prefix.xlsx": (1, 1, 1),
    "pass_protected.xlsx": (2, 2, 2),
    "pivots.xlsx": (1, 1, 1),
}


def test_the_external_corpus_is_there() -> None:
    assert len(EXTERNAL) >= 12 and sorted(p.name for p in EXTERNAL) == sorted(EXPECTED)
    assert (DATA / "external" / "README.md").read_text(encoding="utf-8").count("MIT") >= 1


@pytest.mark.parametrize("path", EXTERNAL, ids=lambda p: p.name)
def test_real_spreadsheet_never_crashes(workspace: Path, path: Path) -> None:
    result = _run_steps(workspace, path)
    assert tuple(result["codes"]) == EXPECTED[path.name], result
    inbox = workspace / "workbooks" / "inbox"
    assert not [p for p in inbox.iterdir() if p.is_file()]  # recorded (or refused) and taken out


def _far(
    tmp_path: Path, name: str, cell: str, *, value: object = None, formatted: bool = False
) -> Path:
    wb = openpyxl.load_workbook(LEDGER)
    ws = wb["活动台账"]
    if formatted:
        ws[cell].font = Font(bold=True)
    else:
        ws[cell] = value
    path = tmp_path / name
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("cell", "formatted"),
    [
        ("XFD1048576", False),
        ("A1048576", False),
        ("XFD3", False),
        ("A1048576", True),
        ("XFD1048576", True),
    ],
)
def test_far_away_cells_cost_nothing(
    workspace: Path, tmp_path: Path, cell: str, formatted: bool
) -> None:
    path = _far(tmp_path, f"far_{cell}_{formatted}.xlsx", cell, value=" ", formatted=formatted)
    result = _run_steps(workspace, path, timeout=30)
    assert result["peak_mb"] < 300, result
    doc = subprocess.run(
        [sys.executable, "-m", "fedxl", "check", str(path), "--json", "-w", str(workspace)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    findings = json.loads(doc.stdout)["files"][0]["findings"]
    # an empty formatted cell is nothing; one far column fits the limits
    if formatted or cell == "XFD3":
        assert "file-too-large" not in {f["code"] for f in findings}
        assert result["codes"][1] == 1 and any((workspace / "workbooks" / "feedback").iterdir())
    else:  # a value a million rows down: refused with the cell to clear, before anything is built
        too_large = [f for f in findings if f["code"] == "file-too-large"]
        assert too_large and cell in too_large[0]["message"]


def test_a_console_that_cannot_show_a_character_never_fails(
    workspace: Path, tmp_path: Path
) -> None:
    import os
    import shutil

    path = tmp_path / "𠮷😀台账.xlsx"
    shutil.copy(DATA / "submissions" / "clean_plain.xlsx", path)
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}  # Chinese Windows redirected to a file
    for args in (["check", str(path)], ["check", str(path), "--json"]):
        proc = subprocess.run(
            [sys.executable, "-m", "fedxl", *args, "-w", str(workspace)],
            env=env,
            capture_output=True,
            timeout=30,
        )
        assert proc.returncode in (0, 1) and b"Traceback" not in proc.stderr, proc.stderr
        assert "台账".encode("gbk") in proc.stdout
