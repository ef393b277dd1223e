"""Hostile files built on demand (tests and bench/run.py): each one small, each made to exhaust a
reader that trusts what a file says about itself."""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
GOOD = DATA / "submissions" / "clean_plain.xlsx"
ROSTER = "xl/worksheets/sheet2.xml"  # clean_plain.xlsx: 妇委会名录
INLINE = b'<c t="inlineStr"><is><t>x</t></is></c>'


def poison(
    folder: Path,
    name: str,
    sheet_data_tail: bytes,
    dimension: bytes = b"A1:B2",
    *,
    merges: bytes = b"",
) -> Path:
    """clean_plain.xlsx with `sheet_data_tail` added to the roster's rows and its <dimension>
    lying."""
    target = folder / name
    with zipfile.ZipFile(GOOD) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == ROSTER:
                data = re.sub(
                    rb'<dimension ref="[^"]*"/>', b'<dimension ref="%s"/>' % dimension, data
                )
                data = data.replace(b"</sheetData>", sheet_data_tail + b"</sheetData>" + merges)
            zout.writestr(item, data)
    return target


def lying_dimension(folder: Path, name: str = "lying.xlsx") -> Path:
    """<dimension> says A1:B2 and a value sits at XFD1048576: calamine would allocate 512 GiB."""
    return poison(
        folder,
        name,
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    )


def rows_without_r(folder: Path, name: str = "norow.xlsx") -> Path:
    """The far row is named only on <row r=…>; its 20,000 cells carry no `r` (valid OOXML)."""
    return poison(folder, name, b'<row r="1048576">' + INLINE * 20_000 + b"</row>")


def huge_strings(folder: Path, name: str = "huge_strings.xlsx", chars: int = 2_000_000) -> Path:
    """Nine cells of checked columns, each holding `chars` random Chinese characters."""
    rnd = random.Random(1)
    rows = []
    for i in range(3):
        cells = "".join(
            f'<c r="{col}{90 + i}" t="inlineStr"><is><t>'
            + "".join(chr(0x4E00 + rnd.randrange(2000)) for _ in range(chars))
            + "</t></is></c>"
            for col in "BDE"
        )
        rows.append(f'<row r="{90 + i}">{cells}</row>')
    return poison(folder, name, "".join(rows).encode(), b"A1:R92")


def many_merges(folder: Path, name: str = "merges.xlsx", count: int = 600_000) -> Path:
    ranges = b"".join(b'<mergeCell ref="T%d:U%d"/>' % (2 * i + 1, 2 * i + 2) for i in range(count))
    return poison(
        folder,
        name,
        b"",
        b"A1:R6",
        merges=b'<mergeCells count="%d">' % count + ranges + b"</mergeCells>",
    )


def repeated_ods(
    folder: Path, name: str = "repeated.ods", rows: int = 190_000, cols: int = 26
) -> Path:
    """An .ods of a few hundred bytes whose one row (of `cols` repeated cells) repeats `rows`
    times."""
    cell = (
        f'<table:table-cell table:number-columns-repeated="{cols}" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="活动台账">'
        f'<table:table-row table:number-rows-repeated="{rows}">{cell}</table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    target = folder / name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    return target


SET = {
    "lying dimension (XFD1048576)": lying_dimension,
    "rows and cells without r": rows_without_r,
    "huge strings (9 x 2M chars)": huge_strings,
    "600,000 merged ranges": many_merges,
    ".ods 190,000 repeated rows x 26": repeated_ods,
    ".ods 190,000 repeated rows x 50 (9.5M cells)": lambda folder: repeated_ods(
        folder, "wide.ods", cols=50
    ),
}
