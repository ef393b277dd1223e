"""Value repairs: turn what towns type into clean typed values, or say why not.

Each parser takes a raw cell value as a reader returns it (str, int, float, bool, date,
datetime or None) and gives a Parsed: the clean value, whether it was repaired (reported as an
info finding with old and new value), or the finding code of the problem. Nothing is guessed:
a long code stored as a number is `precision-lost`, an ambiguous month is a `type` error.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from fedxl.form.periods import Month

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
SERIAL_MIN, SERIAL_MAX = 1, 2958465  # 1900-01-01 .. 9999-12-31
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_ESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f])_")  # how Excel writes a control character: _x000B_
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_NUMBER = re.compile(
    r"^(?:RMB|￥|¥)?([+-]?(?:\d+(?:\.\d*)?|\.\d+))(万)?([\u4e00-\u9fffA-Za-z]{0,4})$"
)
_DATE_YMD = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SCI = re.compile(r"^[+-]?\d(?:\.\d+)?E[+-]?\d+$", re.IGNORECASE)
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PHONE_SPLIT = re.compile(r"[、,;/|]+|\s{2,}")
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
YES_WORDS = frozenset({"是", "有", "√", "✓", "✔", "Y", "YES", "1", "TRUE", "对", "已"})
NO_WORDS = frozenset({"否", "无", "×", "✗", "✘", "X", "N", "NO", "0", "FALSE", "没有", "未"})


@dataclass(frozen=True, slots=True)
class Parsed:
    value: Any = None
    changed: bool = False
    error: str | None = None  # finding code: type, pattern, checksum, precision-lost


EMPTY = Parsed()
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\ufeff\u200c\u200d\u2060"))


def is_empty(raw: Any) -> bool:
    if raw is None or raw == "":
        return True
    if not isinstance(raw, str):
        return False
    # spaces and zero-width characters in any order: nothing a person can see
    return not raw.strip() or not raw.translate(_INVISIBLE).strip()


def half_width(text: str) -> str:
    """Full-width digits, letters and punctuation to ASCII; odd spaces to plain spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def without_controls(text: str) -> str:
    """Text no workbook, Word document or log can choke on.

    Excel's `_x000B_` escapes are decoded first; a vertical tab or form feed (a line break pasted
    from Word) becomes a line break; other control characters (and lone surrogates) are dropped.
    Tabs and line breaks stay.
    """
    if "_x" in text:
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)
    return text


def clean_text(text: str) -> str:
    """Trim, drop control characters and turn ideographic / non-breaking spaces into one plain
    space."""
    return _SPACES.sub(" ", without_controls(text)).strip()


def _number_text(raw: float | int) -> str:
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        return str(int(raw))
    return repr(raw) if isinstance(raw, float) else str(raw)


def as_text(raw: Any) -> str:
    """Any cell value as the text a person sees."""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, int | float):
        return _number_text(raw)
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return without_controls(str(raw))


# --- text, person, enum -------------------------------------------------------------------


def parse_text(raw: Any) -> Parsed:
    if is_empty(raw):
        return EMPTY
    if isinstance(raw, str):
        value = clean_text(raw)
        return Parsed(value, changed=value != raw)
    return Parsed(as_text(raw))


def parse_person(raw: Any) -> Parsed:
    if is_empty(raw):
        return EMPTY
    if not isinstance(raw, str):
        return Parsed(error="type")
    text = clean_text(raw)
    if re.fullmatch(r"[\u4e00-\u9fff·•.\s]+", text):
        text = re.sub(r"\s+", "", text).replace("•", "·")
    if re.search(r"\d", text) or len(text) > 30:
        return Parsed(error="type")
    return Parsed(text, changed=text != raw)


def enum_key(text: str) -> str:
    return re.sub(r"\s+", "", half_width(text)).casefold()


def parse_enum(raw: Any, choices: tuple[str, ...]) -> Parsed:
    if is_empty(raw):
        return EMPTY
    text = clean_text(as_text(raw))
    if text in choices:
        return Parsed(text, changed=text != raw)
    key = enum_key(text)
    for choice in choices:
        if enum_key(choice) == key:
            return Parsed(choice, changed=True)
    return Parsed(error="enum")


def parse_yesno(raw: Any) -> Parsed:
    if is_empty(raw):
        return EMPTY
    if isinstance(raw, bool):
        return Parsed("是" if raw else "否", changed=True)
    if isinstance(raw, int | float):
        if raw in (0, 1):
            return Parsed("是" if raw == 1 else "否", changed=True)
        return Parsed(error="type")
    key = half_width(str(raw)).upper()
    if key in YES_WORDS:
        return Parsed("是", changed=raw != "是")
    if key in NO_WORDS:
        return Parsed("否", changed=raw != "否")
    return Parsed(error="type")


# --- numbers ------------------------------------------------------------------------------


def parse_number(raw: Any, kind: str = "number") -> Parsed:
    """int / money / number: '12人', '1,200元', '0.5万元', '１２' are repaired."""
    if is_empty(raw):
        return EMPTY
    if isinstance(raw, bool):
        return Parsed(error="type")
    changed = False
    if isinstance(raw, int | float):
        value: float | int = raw
    elif isinstance(raw, str):
        text = half_width(raw).replace(",", "").replace(" ", "")
        m = _NUMBER.match(text)
        if not m:
            return Parsed(error="type")
        unit = m.group(3)
        if unit and not re.fullmatch(r"[\u4e00-\u9fff]{1,4}|[A-Za-z]{1,3}", unit):
            return Parsed(error="type")
        value = float(m.group(1)) * (10000 if m.group(2) else 1)
        changed = True
    else:
        return Parsed(error="type")
    if kind == "int":
        if isinstance(value, float):
            if abs(value - round(value)) > 1e-9:
                return Parsed(error="type")
            value = int(round(value))
        return Parsed(value, changed=changed)
    if kind == "money":
        rounded = round(float(value), 2)
        return Parsed(rounded, changed=changed or abs(rounded - float(value)) > 1e-9)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Parsed(value, changed=changed)


# --- dates and months ---------------------------------------------------------------------


def serial_to_date(serial: float) -> dt.date | None:
    if not SERIAL_MIN <= serial <= SERIAL_MAX:
        return None
    return (EXCEL_EPOCH + dt.timedelta(days=int(serial))).date()


def _ymd(y: str, m: str, d: str) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def parse_date(raw: Any) -> Parsed:
    """Excel dates, serial numbers, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305, 2026-03-05."""
    if is_empty(raw):
        return EMPTY
    if isinstance(raw, dt.datetime):
        return Parsed(raw.date(), changed=raw.time() != dt.time())
    if isinstance(raw, dt.date):
        return Parsed(raw)
    if isinstance(raw, bool):
        return Parsed(error="type")
    if isinstance(raw, int | float):
        if float(raw).is_integer() and 19000101 <= raw <= 29991231:
            day = _ymd(*_DATE_COMPACT.match(str(int(raw))).groups())  # type: ignore[union-attr]
            return Parsed(day, changed=True) if day else Parsed(error="type")
        day = serial_to_date(float(raw))
        return Parsed(day, changed=True) if day else Parsed(error="type")
    if not isinstance(raw, str):
        return Parsed(error="type")
    text = half_width(raw)
    for pattern in (_DATE_YMD, _DATE_COMPACT):
        m = pattern.match(text)
        if m:
            day = _ymd(*m.groups()[:3])
            if day is None:
                return Parsed(error="type")
            return Parsed(day, changed=True)
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        day = serial_to_date(float(text))
        if day and dt.date(1990, 1, 1) <= day <= dt.date(2100, 12, 31):
            return Parsed(day, changed=True)
    return Parsed(error="type")


def parse_month(raw: Any) -> Parsed:
    """'2026-06', '2026/6', '2026年6月', '202606', a date; the value is 'YYYY-MM'."""
    if is_empty(raw):
        return EMPTY
    if isinstance(raw, dt.date):
        return Parsed(str(Month.containing(raw)), changed=True)
    if isinstance(raw, bool):
        return Parsed(error="type")
    if isinstance(raw, int | float):
        text = _number_text(raw)
        if re.fullmatch(r"\d{4}\.\d", text):  # 2026.1 could be January or October
            return Parsed(error="type")
        if re.fullmatch(r"\d{5}", text):
            day = serial_to_date(float(raw))
            return Parsed(str(Month.containing(day)), changed=True) if day else Parsed(error="type")
    else:
        text = half_width(str(raw))
    found = Month.parse(text)  # the one grammar of months (cells, file names, --month)
    if found is not None:
        return Parsed(str(found), changed=str(found) != raw)
    m = _DATE_YMD.match(text)
    if m and _ymd(*m.groups()[:3]):
        return Parsed(str(Month(int(m.group(1)), int(m.group(2)))), changed=True)
    return Parsed(error="type")


# --- phones and codes ---------------------------------------------------------------------


def _one_phone(part: str) -> str | None:
    digits = re.sub(r"[\s\-()（）]", "", part)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if _MOBILE.match(digits):
        return digits
    if re.fullmatch(r"0\d{9,11}", digits):
        area = 3 if digits[1] in "12" else 4
        return f"{digits[:area]}-{digits[area:]}"
    if re.fullmatch(r"[2-9]\d{6,7}", digits):
        return digits
    return None


def parse_phone(raw: Any) -> Parsed:
    """Mobiles and landlines; numbers stored as numbers, with spaces or dashes, several at once."""
    if is_empty(raw):
        return EMPTY
    if isinstance(raw, bool):
        return Parsed(error="pattern")
    if isinstance(raw, int | float):
        if not float(raw).is_integer():
            return Parsed(error="pattern")
        one = _one_phone(str(int(raw)))
        return Parsed(one, changed=True) if one else Parsed(error="pattern")
    text = half_width(str(raw))
    whole = _one_phone(text)
    if whole:
        return Parsed(whole, changed=whole != raw)
    parts = [p for p in _PHONE_SPLIT.split(text) if p.strip()]
    if len(parts) == 1:
        parts = text.split()
    phones = [_one_phone(p) for p in parts]
    if len(parts) < 2 or any(p is None for p in phones):
        return Parsed(error="pattern")
    value = "、".join(p for p in phones if p)
    return Parsed(value, changed=value != raw)


_USCC_VALUE = {c: i for i, c in enumerate(USCC_CHARS)}


def uscc_check_char(code17: str) -> str:
    """The GB 32100-2015 check character of the first 17 characters (all from USCC_CHARS)."""
    total = sum(map(operator.mul, map(_USCC_VALUE.__getitem__, code17), USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31]


def parse_uscc(raw: Any) -> Parsed:
    """统一社会信用代码: 18 characters with the GB 32100-2015 check character."""
    if is_empty(raw):
        return EMPTY
    if isinstance(raw, bool):
        return Parsed(error="pattern")
    if isinstance(raw, int | float):
        return Parsed(error="precision-lost" if abs(raw) >= 1e15 else "pattern")
    text = re.sub(r"[\s\-]", "", half_width(str(raw))).upper()
    if _SCI.match(text):
        return Parsed(error="precision-lost")
    if len(text) != 18 or any(c not in USCC_CHARS for c in text):
        return Parsed(error="pattern")
    if uscc_check_char(text[:17]) != text[17]:
        return Parsed(text, changed=text != raw, error="checksum")
    return Parsed(text, changed=text != raw)
