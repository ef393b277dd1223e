"""Direct inspection of .xlsx parts that calamine does not expose: where each sheet's part is,
formulas without values, the custom document properties."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from fedxl.xlsx.meta import metadata_from_custom_xml

_SHEET = re.compile(
    rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]+)\"|"
    rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"[^>]*?\bname=\"([^\"]*)\""
)
_REL = re.compile(
    rb"<Relationship\b[^>]*?\bId=\"([^\"]+)\"[^>]*?\bTarget=\"([^\"]+)\"|"
    rb"<Relationship\b[^>]*?\bTarget=\"([^\"]+)\"[^>]*?\bId=\"([^\"]+)\""
)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
_VALUE = re.compile(rb"<v>([^<]+)</v>|<is>")
_HAS_FORMULA = re.compile(rb"<f[\s>/]")


def _unescape(data: bytes) -> str:
    """XML text as it reads: the five named entities and numeric references (`&#28857;` is 点)."""
    import html

    text = data.decode("utf-8", "replace")
    return html.unescape(text) if "&" in text else text


def col_index(letters: bytes | str) -> int:
    """0-based column index of column letters ('A' -> 0)."""
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def col_letters(index: int) -> str:
    """Column letters of a 0-based column index (0 -> 'A', 26 -> 'AA'); col_index's inverse."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name inside the zip."""
    from fedxl.reading.parts import PartsZip, part_of

    if isinstance(zf, PartsZip) and zf.sheets is not None:  # read once per open zip
        return zf.sheets
    try:
        book = part_of(zf, "xl/workbook.xml")
        rels = part_of(zf, "xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for m in _REL.finditer(rels):
        rid, target = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        targets[rid] = target.decode()
    parts = {}
    for m in _SHEET.finditer(book):
        name, rid = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(4), m.group(3))
        target = targets.get(rid)
        if target:
            part = target.lstrip("/") if target.startswith("/") else "xl/" + target
            parts[_unescape(name)] = part
    if isinstance(zf, PartsZip):
        zf.sheets = parts
    return parts


# a formula that reaches outside the workbook: DDE (=cmd|' /C calc'!A0), a link or web call, a
# reference into another file ([1]Sheet1!A1, 'C:\\x\\[book.xlsx]Sheet1'!A1)
LIVE_FORMULA = re.compile(
    r"\||\b(?:HYPERLINK|WEBSERVICE|FILTERXML|RTD|CALL|REGISTER(?:\.ID)?|EXEC)\s*\(|\[[^\]]*\]",
    re.IGNORECASE,
)


def scan_formulas(
    path: Path | zipfile.ZipFile, sheets: set[str]
) -> tuple[dict[str, dict[tuple[int, int], str]], dict[str, dict[tuple[int, int], str]]]:
    """For each named sheet: {(row0, col0): formula} of formula cells with no cached value, and
    of formulas that reach outside the workbook (LIVE_FORMULA)."""
    missing: dict[str, dict[tuple[int, int], str]] = {}
    live: dict[str, dict[tuple[int, int], str]] = {}
    try:
        from fedxl.reading.parts import part_of
        from fedxl.reading.sniff import opened_zip

        with opened_zip(path) as zf:
            for name, part in sheet_parts(zf).items():
                if name not in sheets:
                    continue
                try:
                    xml = part_of(zf, part)
                except KeyError:
                    continue
                if not _HAS_FORMULA.search(xml):
                    continue
                for cell in _CELL.finditer(xml):
                    body = cell.group(2) or b""
                    f = _FORMULA.search(body)
                    if not f:
                        continue
                    ref = _REF.search(cell.group(1))
                    if not ref:
                        continue
                    where = (int(ref.group(2)) - 1, col_index(ref.group(1)))
                    formula = "=" + _unescape(f.group(1) or b"")
                    if not _VALUE.search(body):
                        missing.setdefault(name, {})[where] = formula
                    if LIVE_FORMULA.search(formula):
                        live.setdefault(name, {})[where] = formula
    except (zipfile.BadZipFile, OSError):
        pass
    return missing, live


def custom_metadata(path: Path | zipfile.ZipFile) -> dict[str, str]:
    from fedxl.reading.sniff import opened_zip

    try:
        with opened_zip(path) as zf:
            info = zf.getinfo("docProps/custom.xml")
            if info.file_size > 1_000_000:
                return {}
            from fedxl.reading.parts import part_of

            return metadata_from_custom_xml(part_of(zf, info))
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
