"""The long sheets of a workbook XlsxWriter wrote, their rows added as sheet XML afterwards.

A district summary's combined table sheets carry every town's rows: at 300 towns over a million
cells, and XlsxWriter spends ~5 µs a cell (its per-cell calls, checks and escaping in Python),
three quarters of the whole merge. Here XlsxWriter writes each such sheet's titles, header and
first data row (with their formats, widths, filter and print setup) and closes the workbook; the
other rows are then written as the same cell XML XlsxWriter writes in its constant-memory mode
(inline strings, numbers, date serials; each column in the format of the first data row's cell)
and put into the sheet's part, the rest of the package copied as it is.

Only plain values go this way (`plain`): text of fewer than 16,384 characters, numbers (finite),
dates and times without a time zone, None. A sheet holding anything else is written by XlsxWriter
alone, as before.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

_LONGEST = 16_383  # XlsxWriter cuts text at 32,767 UTF-16 units; below half that none is cut
_ESCAPED = re.compile(r"(_x[0-9a-fA-F]{4}_)")  # a literal escape: its underscore escaped
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_SPECIAL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff&<>]|_x[0-9a-fA-F]{4}_")
_EPOCH = dt.datetime(1899, 12, 31)


def all_plain(rows: Iterable[Sequence[Any]]) -> bool:
    """Every value of `rows` is `plain`."""
    from itertools import chain

    return all(map(plain, chain.from_iterable(rows)))


def plain(value: Any) -> bool:
    """A value written here exactly as XlsxWriter's typed writes would write it."""
    kind = value.__class__
    if value is None or kind is int or kind is dt.date:
        return True
    if kind is str:
        return len(value) <= _LONGEST
    if kind is float:
        return math.isfinite(value)
    return kind is dt.datetime and value.tzinfo is None


@dataclass
class LongSheet:
    """The rows of sheet `name` from the 1-based row `first` on (the row before it, written by
    XlsxWriter, gives each column its format)."""

    name: str
    first: int
    rows: Iterable[Sequence[Any]]


def _serial(value: dt.date) -> float:
    """Excel's serial number of a day or moment (1900 date system, its 29 February 1900
    counted), as XlsxWriter computes it."""
    moment = (
        value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
    )
    delta = moment - _EPOCH
    number = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    if moment is value and moment.isocalendar() == (1900, 1, 1):  # XlsxWriter's, for times
        number -= 1
    return number + 1 if number > 59 else number


def _text(value: str) -> tuple[str, str]:
    """(XML of `value` inside <t>, the preserve attribute) as XlsxWriter writes inline text:
    control characters as _xHHHH_ (a literal _xHHHH_ with its underscore escaped), & < >
    as entities."""
    if _SPECIAL.search(value):
        value = _ESCAPED.sub(r"_x005F\1", value)
        value = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", value)
        value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    keep = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return value, keep


def _write_rows(
    out: IO[str], sheet: LongSheet, styles: dict[int, str], attrs: str
) -> tuple[int, int]:
    """The rows' XML into `out`: (the number of the last row written, the most cells a row)."""
    from fedxl.reading.ooxml import col_letters

    letters: list[str] = []
    number = sheet.first - 1
    for number, values in enumerate(sheet.rows, start=sheet.first):
        while len(letters) < len(values):
            letters.append(col_letters(len(letters)))
        cells = [f'<row r="{number}"{attrs}>']
        add = cells.append
        for c, value in enumerate(values):
            ref = f"{letters[c]}{number}"
            s = styles.get(c, "")
            kind = value.__class__
            if value is None:
                if s:  # XlsxWriter writes a blank cell only for its format
                    add(f'<c r="{ref}"{s}/>')
            elif kind is str:
                text, keep = _text(value)
                add(f'<c r="{ref}"{s} t="inlineStr"><is><t{keep}>{text}</t></is></c>')
            elif kind is int or kind is float:
                add(f'<c r="{ref}"{s}><v>{value:.16G}</v></c>')
            else:  # a date or a moment, its serial number (the column's format shows it)
                add(f'<c r="{ref}"{s}><v>{_serial(value):.16G}</v></c>')
        add("</row>")
        out.write("".join(cells))
    return number, len(letters)


_ROW = r'<row r="{n}"([^>]*)>(.*?)</row>'
_CELL_STYLE = re.compile(r'<c r="([A-Z]+)\d+"(?: s="(\d+)")?')
_DIMENSION = re.compile(r'<dimension ref="A1(?::([A-Z]+)\d+)?"/>')


def _sheet_xml(xml: str, sheet: LongSheet, target: Path) -> None:
    """Write to `target` the sheet's XML `xml` with the rows added."""
    from fedxl.reading.ooxml import col_index, col_letters

    template = re.search(_ROW.format(n=sheet.first - 1), xml, re.S)
    end = xml.rfind("</sheetData>")
    if template is None or end < 0:
        raise ValueError(f"{sheet.name}: no row {sheet.first - 1} to follow")
    styles = {
        col_index(m.group(1)): f' s="{m.group(2)}"' if m.group(2) else ""
        for m in _CELL_STYLE.finditer(template.group(2))
    }
    rows = target.with_suffix(".rows")
    with open(rows, "w", encoding="utf-8", newline="") as body:
        last, width = _write_rows(body, sheet, styles, template.group(1))
    head = xml[:end]
    dim = _DIMENSION.search(head)
    if dim is not None:  # the used range to the last row (some readers size the sheet by it)
        right = dim.group(1) or col_letters(max(width, 1) - 1)
        head = head[: dim.start()] + f'<dimension ref="A1:{right}{last}"/>' + head[dim.end() :]
    with open(target, "w", encoding="utf-8", newline="") as out:
        out.write(head)
        with open(rows, encoding="utf-8", newline="") as body:
            shutil.copyfileobj(body, out, 1 << 20)
        out.write(xml[end:])
    rows.unlink()


def add_rows(path: Path, sheets: list[LongSheet]) -> None:
    """Add `sheets`' rows to the closed workbook at `path`: a new package is written beside it
    (a temporary name a later run sweeps if this one dies), then moved onto it."""
    from fedxl.files.atomic import temp_prefix
    from fedxl.reading.ooxml import sheet_parts

    wanted = list(sheets)
    if not wanted:
        return
    out_path = path.with_name(f"{temp_prefix()}{path.name}")
    try:
        with tempfile.TemporaryDirectory() as temp, zipfile.ZipFile(path) as src:
            parts = sheet_parts(src)
            made = {}
            for i, sheet in enumerate(wanted):
                made[parts[sheet.name]] = Path(temp) / f"sheet{i}.xml"
                _sheet_xml(
                    src.read(parts[sheet.name]).decode("utf-8"), sheet, made[parts[sheet.name]]
                )
            with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in src.infolist():
                    if info.filename in made:
                        dst.write(made[info.filename], info.filename)
                    else:
                        dst.writestr(info, src.read(info), compress_type=info.compress_type)
        out_path.replace(path)
    finally:
        out_path.unlink(missing_ok=True)
