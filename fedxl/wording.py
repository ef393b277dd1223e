"""The words a leader signs: how figures are written in sentences, in one place.

- A percentage has one decimal, rounded half up, without a trailing ".0" (66.7%, 60%, 81.3%), the
  same on the board, in the summary's lines, the reports and the pages; "—" without a denominator.
- Money is yuan below ten thousand and 万元 from there (8000元, 1.06万元); goods (折价) and cash
  are never added up, and the two are written in one unit in one sentence.
- A name is quoted once: quotation marks inside it become single ones (“‘六一’亲子游园会”).
- A clause about nothing is left out ("推荐各类人选0名" is not written); a sentence whose every
  clause is about nothing says so once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

WAN = 10_000


def _half_up(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(value: float | None) -> str:
    """A fraction as a percentage: one decimal, half up, no ".0"; "—" for None."""
    if value is None:
        return "—"
    pct = _half_up(float(value) * 100, 1)
    text = f"{pct:f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def percent_format(value: float | None) -> str:
    """The spreadsheet number format that shows a fraction as `percent` does: "0%" when its one
    decimal is 0 (60%), else "0.0%" (66.7%); the spreadsheet rounds half up as well."""
    if value is None:
        return "0%"
    return "0%" if _half_up(float(value) * 100, 1) % 1 == 0 else "0.0%"


def number(value: Any) -> str:
    """A whole number as written in running text: 1200, no thousands separator."""
    return str(int(_half_up(float(value or 0), 0)))


def _amount(value: float, wan: bool) -> str:
    amount = _half_up(value / WAN if wan else value, 2)
    text = f"{amount:f}".rstrip("0").rstrip(".")
    return text + ("万元" if wan else "元")


def yuan(value: Any) -> str:
    """Yuan in running text: 8000元, 8000.5元, and from ten thousand on in 万元: 25.85万元."""
    amount = float(value or 0)
    return _amount(amount, abs(amount) >= WAN)


def in_one_unit(*values: Any) -> tuple[str, ...]:
    """Amounts in the one unit the largest needs ("" for a zero): ('1.06万元', '0.7万元')."""
    amounts = [float(v or 0) for v in values]
    wan = max((abs(a) for a in amounts), default=0) >= WAN
    return tuple(_amount(a, wan) if a else "" for a in amounts)


def goods_and_cash(goods: Any, cash: Any) -> str:
    """物资折价1.06万元、现金0.7万元: both in the unit the larger needs; a zero part left out;
    "" when both are zero."""
    g, c = in_one_unit(goods, cash)
    return "、".join(part for part in (g and f"物资折价{g}", c and f"现金{c}") if part)


def quoted(text: Any) -> str:
    """“text”, its own quotation marks made single (“‘六一’亲子游园会”), outer ones not doubled."""
    inner = str(text or "").strip()
    if len(inner) >= 2 and inner[0] in '“"' and inner[-1] in '”"':
        inner = inner[1:-1]
    inner = inner.replace("“", "‘").replace("”", "’").replace('"', "’")
    return f"“{inner}”"


def clauses(items: Iterable[tuple[str, Any]]) -> list[str]:
    """The clauses whose number is not zero (`items`: (text, its number))."""
    return [text for text, value in items if value]


def sentence(groups: Sequence[Sequence[str]], *, lead: str = "", empty: str = "") -> str:
    """Groups of clauses joined (、 inside a group, ； between groups) after `lead`, ending in 。;
    `empty` when there is no clause at all."""
    parts = ["、".join(group) for group in groups if group]
    if not parts:
        return empty
    return lead + "；".join(parts) + "。"
