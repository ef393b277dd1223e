"""Apply a feedback plan to a live workbook through xlwings (the same plan as the feedback file)."""

from __future__ import annotations

from typing import Any

from fedxl.api import RESULT_SHEET, FeedbackPlan, is_risky, result_heads
from fedxl.i18n import t

HEADER_ROW = 7  # row of the column titles in the 校验结果 sheet (title, 4 summary lines, blank)


def excel_text(value: Any) -> Any:
    """A value for xlwings: text that Excel would take for a formula gets a leading apostrophe."""
    return "'" + value if is_risky(value) else value


def _old_marks(book: Any) -> list[tuple[str, str]]:
    """The cells marked last time, read from the previous 校验结果 sheet (sheet, cell)."""
    names = [s.name for s in book.sheets]
    if RESULT_SHEET not in names:
        return []
    rows = book.sheets[RESULT_SHEET].used_range.value or []
    out = []
    for row in rows[HEADER_ROW:]:
        if isinstance(row, list) and len(row) >= 4 and row[2] and row[3]:
            out.append((str(row[2]), str(row[3])))
    return out


def _set_note(rng: Any, text: str) -> None:
    if hasattr(rng, "add_note"):
        try:
            existing = rng.note
        except Exception:  # noqa: BLE001 - engines differ
            existing = None
        if existing is not None:
            existing.text = text
        else:
            rng.add_note(text)
        return
    rng.api.AddComment(text)  # pragma: no cover - old Windows engine


def apply_plan_live(book: Any, plan: FeedbackPlan) -> None:
    """Clear last time's marks, colour and annotate the cells, write a fresh 校验结果 sheet."""
    names = [s.name for s in book.sheets]
    for sheet, cell in _old_marks(book):
        if sheet in names:
            rng = book.sheets[sheet].range(cell)
            rng.color = None
            try:
                if rng.note is not None:
                    rng.note.delete()
            except Exception:  # noqa: BLE001 - a note already gone
                pass
    if RESULT_SHEET in names:
        book.sheets[RESULT_SHEET].delete()
    for mark in plan.marks:
        if mark.sheet in names:
            rng = book.sheets[mark.sheet].range(mark.cell)
            rng.color = "#" + mark.fill.lower()
            _set_note(rng, mark.comment)
    result = book.sheets.add(RESULT_SHEET, before=book.sheets[0])
    result.range("A1").value = plan.title
    result.range("A2").options(transpose=True).value = [excel_text(x) for x in plan.summary]
    heads = result_heads()
    result.range((HEADER_ROW, 1)).value = heads
    rows = [
        [excel_text(v) if isinstance(v, str) else v for v in r.values(i)]
        for i, r in enumerate(plan.rows, start=1)
    ]
    if rows:
        result.range((HEADER_ROW + 1, 1)).value = rows
    for i, r in enumerate(plan.rows, start=HEADER_ROW + 1):
        if r.cell and r.target in names:
            quoted = r.target.replace("'", "''")
            result.range((i, 4)).add_hyperlink(f"#'{quoted}'!{r.cell}", r.cell)
        if r.severity == t("severity.error"):
            result.range((i, 2)).color = "#ffc7ce"
        elif r.severity == t("severity.warning"):
            result.range((i, 2)).color = "#ffeb9c"
