"""PartsZip: members' heads and parts read from their raw bytes give what ZipFile gives, and a
member that is not what the directory says is refused, never inflated without bound."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

import pytest

from fedxl.reading.parts import PartsZip, head_of, part_of

SUB = Path(__file__).resolve().parent / "data" / "submissions"


@pytest.mark.parametrize(
    "name", ["clean_template.xlsx", "two_row_header.xlsx", "永安镇_2026年6月台账.xlsx"]
)
def test_heads_and_parts_are_what_zipfile_reads(name: str) -> None:
    path = SUB / name
    with zipfile.ZipFile(path) as plain, PartsZip(path) as fast:
        for info in plain.infolist():
            whole = plain.read(info)
            assert fast.part(info.filename) == whole
            for size in (1, 100, 4096, len(whole) + 10):
                assert fast.head(info, size) == whole[:size]
                assert head_of(plain, info, size) == whole[:size]
            assert part_of(plain, info) == whole


def test_stored_and_deflated_members(tmp_path: Path) -> None:
    path = tmp_path / "mixed.zip"
    text = ("<row>" + "数据" * 5000 + "</row>").encode()
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("stored.xml"), text, compress_type=zipfile.ZIP_STORED)
        zf.writestr(zipfile.ZipInfo("deflated.xml"), text, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr(zipfile.ZipInfo("bz.xml"), text, compress_type=zipfile.ZIP_BZIP2)
    with PartsZip(path) as zf:
        for member in ("stored.xml", "deflated.xml", "bz.xml"):  # bzip2 goes through ZipFile
            assert zf.part(member) == text and zf.head(member, 7) == text[:7]


def test_a_member_larger_than_its_directory_says_is_refused(tmp_path: Path) -> None:
    """A directory that claims 10 bytes for a member that inflates to 100 KB: never trusted."""
    path = tmp_path / "lying.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/big.xml", b"<a>" + b"x" * 100_000 + b"</a>")
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<L", data, central + 24, 10)  # uncompressed size in the central directory
    path.write_bytes(bytes(data))
    with PartsZip(path) as zf:
        assert len(zf.head("xl/big.xml", 10_000)) == 10_000  # a head asks for no more than it needs
        with pytest.raises(zipfile.BadZipFile):
            zf.part("xl/big.xml")


def test_damaged_compressed_bytes_are_a_bad_zip(tmp_path: Path) -> None:
    path = tmp_path / "damaged.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", os.urandom(2000).hex().encode())
    data = bytearray(path.read_bytes())
    start = 30 + len("xl/workbook.xml")
    data[start : start + 40] = b"\xff" * 40  # the deflate stream's first bytes overwritten
    path.write_bytes(bytes(data))
    with PartsZip(path) as zf, pytest.raises(zipfile.BadZipFile):
        zf.part("xl/workbook.xml")


def test_header_lookups_follow_a_form_edited_without_a_new_version(tmp_path: Path) -> None:
    """The lookups are kept per form id and version; a form edited in place (a typo fixed, an
    alias added, the version left) is not equal, and gets its own."""
    import dataclasses

    from fedxl.form import load_form
    from fedxl.reading.book import read_book
    from fedxl.reading.locate import locate
    from fedxl.workspace.resources import default_templates_dir

    form = load_form(default_templates_dir() / "form.toml")
    path = SUB / "messy_headers.xlsx"
    book = read_book(path)
    before = locate(book, form).tables["活动台账"][1]
    assert before is not None and "参与人数" in before.columns
    sheets = tuple(
        dataclasses.replace(
            s,
            columns=tuple(
                dataclasses.replace(c, name="参加人数", aliases=()) if c.name == "参与人数" else c
                for c in s.columns
            ),
        )
        if s.name == "活动台账"
        else s
        for s in form.sheets
    )
    edited = dataclasses.replace(form, sheets=sheets)
    assert (edited.id, edited.version) == (form.id, form.version)
    after = locate(read_book(path), edited).tables["活动台账"][1]
    assert after is not None and "参与人数" not in after.columns
    assert locate(read_book(path), form).tables["活动台账"][1].columns == before.columns
