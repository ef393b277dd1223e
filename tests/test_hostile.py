"""Hostile and damaged files: bounded time and memory, clear findings, nothing leaked or run."""

from __future__ import annotations

import errno
import io
import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fedxl.checking import CheckContext, check_file
from fedxl.files.names import safe_filename
from fedxl.workspace import Workspace

DATA = Path(__file__).resolve().parent / "data"
HOSTILE = DATA / "hostile"
GOOD = DATA / "submissions" / "clean_plain.xlsx"
EXPECTED = json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8"))
CAPPED = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
from fedxl.cli import main
try:
    main(["check", *sys.argv[2:], "--json", "-w", sys.argv[1]])
except SystemExit as exc:
    sys.stderr.write(f"EXIT {exc.code}")
"""


def _capped_check(workspace: Path, *files: Path) -> tuple[dict, str]:
    proc = subprocess.run(
        [sys.executable, "-c", CAPPED, str(workspace), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout), proc.stderr


def _codes(doc: dict) -> list[str]:
    return [f["code"] for f in doc["findings"] if f["severity"] == "error"]


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=str)
def test_committed_hostile_file(workspace: Path, name: str) -> None:
    doc, _ = _capped_check(workspace, HOSTILE / name)
    file = doc["files"][0]
    if EXPECTED[name] == "accepted":
        assert file["status"] == "accepted"
    else:
        assert EXPECTED[name] in _codes(file) and file["status"] == "unreadable"
    assert "root:" not in json.dumps(doc)  # nothing from /etc/passwd leaked


def _minimal_xlsx(rows: int, member_bytes: int = 0) -> bytes:
    """A hand-made workbook with `rows` rows, and optionally a huge compressible member."""
    buf = io.BytesIO()
    sheet = [
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    ]
    sheet += [f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, rows + 1)]
    sheet.append("</sheetData></worksheet>")
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relation'
            'ships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-offi'
            'cedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlfor'
            'mats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        zf.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/r'
            'elationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        zf.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="活动台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/r'
            'elationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        zf.writestr("xl/worksheets/sheet1.xml", "".join(sheet))
        if member_bytes:
            zf.writestr("xl/media/padding.bin", b"\0" * member_bytes)
    return buf.getvalue()


def test_zip_bomb_is_refused_before_parsing(workspace: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(_minimal_xlsx(3, member_bytes=60 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    doc, _ = _capped_check(workspace, bomb)
    assert "file-too-large" in _codes(doc["files"][0])


def test_too_many_rows(workspace: Path, tmp_path: Path) -> None:
    big = tmp_path / "rows.xlsx"
    big.write_bytes(_minimal_xlsx(201_000))
    doc, _ = _capped_check(workspace, big)
    assert "file-too-large" in _codes(doc["files"][0])


def test_limits_come_from_fedxl_toml(workspace: Path, run) -> None:
    cfg = workspace / "fedxl.toml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace("max_file_mb = 50", "max_file_mb = 0.001"),
        encoding="utf-8",
    )
    doc = run("check", str(GOOD), "--json", "-w", str(workspace)).json()
    assert _codes(doc["files"][0]) == ["file-too-large"]
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace("max_file_mb = 0.001", "max_file_mb = -1"),
        encoding="utf-8",
    )
    assert run("check", str(GOOD), "-w", str(workspace)).exit_code == 2


def test_batch_of_hostile_files_with_one_good(workspace: Path) -> None:
    files = [HOSTILE / n for n in sorted(EXPECTED)] + [GOOD]
    doc, err = _capped_check(workspace, *files)
    statuses = [f["status"] for f in doc["files"]]
    assert len(statuses) == len(files) and statuses[-1] == "accepted"
    assert statuses.count("unreadable") == sum(1 for v in EXPECTED.values() if v != "accepted")
    assert "EXIT 2" in err


def test_macros_never_reach_outputs(workspace: Path, tmp_path: Path) -> None:
    from fedxl.checking.findings import finding
    from fedxl.feedback import write_feedback_file

    ws = Workspace(workspace)
    report = check_file(HOSTILE / "with_macro.xlsm", CheckContext(ws.form, ws.config))
    report.findings.append(
        finding("required", sheet="活动台账", row=3, column="活动名称", cell="D3")
    )
    out = write_feedback_file(HOSTILE / "with_macro.xlsm", report, tmp_path / "fb.xlsx")
    names = zipfile.ZipFile(out).namelist()
    assert not [n for n in names if "vba" in n.lower()]
    assert b"macroEnabled" not in zipfile.ZipFile(out).read("[Content_Types].xml")


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_text_with_formula_prefixes_stays_text(tmp_path: Path, prefix: str) -> None:
    from fedxl.xlsx.safe import put

    wb = openpyxl.Workbook()
    put(wb.active["A1"], f"{prefix}SUM(1,2)")
    path = tmp_path / "x.xlsx"
    wb.save(path)
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"SUM(1,2)" in xml


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("../../etc/passwd", "/"),
        ("a\\b", "\\"),
        ("CON", None),
        ("x" * 300, None),
        ("..", None),
        ("镇:*?街", ":"),
    ],
)
def test_file_names_are_sanitised(name: str, bad: str | None) -> None:
    safe = safe_filename(name)
    assert safe and len(safe) <= 80 and ".." not in safe
    if bad:
        assert bad not in safe
    assert safe.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}


def test_disk_full_leaves_the_previous_output(
    workspace: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = Workspace(workspace)
    shutil.copy(GOOD, ws.folder("inbox") / GOOD.name)
    assert run("ingest", "-w", str(workspace)).exit_code == 0
    assert run("merge", "-w", str(workspace)).exit_code == 0
    summary = next(ws.folder("summaries").iterdir())
    before = summary.read_bytes()

    def full(*args: object, **kwargs: object) -> None:
        target = args[-1]
        Path(str(target)).write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    import fedxl.merging.workbook

    monkeypatch.setattr(fedxl.merging.workbook, "write_summary", full)
    result = run("merge", "-w", str(workspace))
    assert (
        result.exit_code == 2 and "磁盘已满" in result.stderr and "Traceback" not in result.stderr
    )
    assert summary.read_bytes() == before
    assert [p.name for p in ws.folder("summaries").iterdir()] == [summary.name]


def test_archive_copies_are_read_only_and_never_rewritten(workspace: Path, run) -> None:
    ws = Workspace(workspace)
    shutil.copy(GOOD, ws.folder("inbox") / "a.xlsx")
    run("ingest", "-w", str(workspace))
    archived = next(
        p for p in ws.folder("archive").rglob("*") if p.is_file() and p.suffix == ".xlsx"
    )
    stamp, mode = archived.stat().st_mtime_ns, archived.stat().st_mode
    assert not mode & 0o222
    shutil.copy(GOOD, ws.folder("inbox") / "b.xlsx")
    run("ingest", "-w", str(workspace))
    assert archived.stat().st_mtime_ns == stamp and archived.stat().st_mode == mode


def _mutate_cells(data: bytes, rnd: random.Random) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    values = [
        None,
        "",
        "=1/0",
        "\u3000",
        "１２３",
        -1,
        1e308,
        "2026/13/45",
        "𠀀" * 60,
        True,
        "合计",
        "<&>",
    ]
    for ws in wb.worksheets:
        for _ in range(6):
            ws.cell(rnd.randint(1, 12), rnd.randint(1, 20), rnd.choice(values))
        if rnd.random() < 0.3:
            ws.delete_rows(rnd.randint(1, 6), rnd.randint(1, 3))
        if rnd.random() < 0.3:
            ws.move_range("A1:D20", cols=rnd.randint(1, 5))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _mutate_bytes(data: bytes, rnd: random.Random) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    victim = rnd.choice([n for n in src.namelist() if n.endswith(".xml")])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in src.namelist():
            body = bytearray(src.read(name))
            if name == victim and body:
                for _ in range(rnd.randint(1, 8)):
                    body[rnd.randrange(len(body))] = rnd.randrange(256)
            zf.writestr(name, bytes(body))
    return out.getvalue()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10**6), how=st.sampled_from(["cells", "bytes"]))
def test_fuzzed_ledgers_only_give_findings(
    workspace: Path, tmp_path: Path, seed: int, how: str
) -> None:
    ws = Workspace(workspace)
    rnd = random.Random(seed)
    data = GOOD.read_bytes()
    mutated = _mutate_cells(data, rnd) if how == "cells" else _mutate_bytes(data, rnd)
    path = tmp_path / f"fuzz_{seed}.xlsx"
    path.write_bytes(mutated)
    report = check_file(path, CheckContext(ws.form, ws.config))
    assert report.status in ("accepted", "rejected", "unreadable")
    # every finding is one of the catalogue's, said in words, and the status follows them
    from fedxl.checking.findings import CODES

    assert all(f.code in CODES and f.message for f in report.findings)
    assert (report.status == "rejected") == (
        report.counts["error"] > 0 and report.status != "unreadable"
    )
    if how == "cells":  # a workbook openpyxl wrote is always read, whatever its cells hold
        assert report.status != "unreadable", [f.code for f in report.findings]
    json.dumps(report.to_dict(), ensure_ascii=False)
    os.unlink(path)


@pytest.mark.parametrize(
    ("head", "key"),
    [
        (b"%PDF-1.7\n", "read.pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "read.picture"),
        (b"\x89PNG\r\n\x1a\n", "read.picture"),
        (b"a,b,c\n1,2,3\n", "read.not_workbook"),
    ],
)
def test_a_pdf_or_a_photo_is_named_for_what_it_is(tmp_path: Path, head: bytes, key: str) -> None:
    from fedxl.reading.sniff import ReadFailure, sniff
    from fedxl.workspace.limits import Limits

    path = tmp_path / "台账.xlsx"
    path.write_bytes(head + bytes(200))
    with pytest.raises(ReadFailure) as caught:
        sniff(path, Limits())
    assert (caught.value.code, caught.value.key) == ("file-unreadable", key)
