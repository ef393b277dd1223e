"""Find the form's sheets in a workbook: by name, by alias, or by their header row."""

from __future__ import annotations

from dataclasses import dataclass, field

from fedxl.form import Form, Sheet
from fedxl.reading.book import RawBook, RawSheet
from fedxl.reading.headers import ColumnIndex, Layout, find_layout, norm_label
from fedxl.xlsx.meta import LISTS_SHEET, META_SHEET

RESULT_SHEET = "校验结果"
CHANGES_SHEET = "与上月对比"  # fedxl's own too: what the file changed against the one before
IGNORED = {
    norm_label(n)
    for n in (RESULT_SHEET, CHANGES_SHEET, "填报说明", "Instructions", META_SHEET, LISTS_SHEET)
}


@dataclass
class Located:
    tables: dict[str, tuple[RawSheet, Layout | None]] = field(default_factory=dict)
    info: RawSheet | None = None
    unknown: list[RawSheet] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def found_any(self) -> bool:
        return bool(self.tables) or self.info is not None


def _name_match(raw: RawSheet, sheet: Sheet, loose: bool) -> bool:
    key = norm_label(raw.name)
    labels = [norm_label(x) for x in (sheet.name, *sheet.aliases)]
    if key in labels:
        return True
    return loose and any(label and label in key for label in labels)


def _info_score(raw: RawSheet, sheet: Sheet) -> int:
    labels = {norm_label(x) for c in sheet.columns for x in (c.name, *c.aliases)}
    hits = set()
    for row in raw.rows[:40]:
        for value in row[:6]:
            key = (
                norm_label(str(value).split("：")[0].split(":")[0])
                if isinstance(value, str)
                else ""
            )
            if key in labels:
                hits.add(key)
    return len(hits)


_INDEXES: dict[tuple[str, str], tuple[Form, dict[str, ColumnIndex]]] = {}


def _indexes(form: Form) -> dict[str, ColumnIndex]:
    """Each table sheet's header lookup, built once per form: the same object, or an equal one
    (a reader process gets the form afresh with every file; an edited form is not equal)."""
    key = (form.id, form.version)
    known = _INDEXES.get(key)
    if known is None or (known[0] is not form and known[0] != form):
        known = (form, {s.name: ColumnIndex.build(s) for s in form.tables})
        _INDEXES[key] = known
    return known[1]


def locate(book: RawBook, form: Form) -> Located:
    """Assign workbook sheets to form sheets; the rest are unknown (if they hold anything)."""
    out = Located()
    pool = [s for s in book.sheets if norm_label(s.name) not in IGNORED]
    indexes = _indexes(form)
    wanted = list(form.sheets)
    for loose in (False, True):
        for sheet in list(wanted):
            raw = next((r for r in pool if _name_match(r, sheet, loose)), None)
            if raw is None:
                continue
            pool.remove(raw)
            wanted.remove(sheet)
            if sheet.kind == "form":
                out.info = raw
            else:
                out.tables[sheet.name] = (raw, find_layout(raw, indexes[sheet.name]))
    for sheet in list(wanted):  # by content: header row (tables) or labels (基本信息)
        best: tuple[int, RawSheet, Layout | None] | None = None
        for raw in pool:
            if not raw.visible:
                continue
            if sheet.kind == "form":
                score, layout = _info_score(raw, sheet), None
                enough = score >= 3
            else:
                layout = find_layout(raw, indexes[sheet.name])
                score = layout.score if layout else 0
                enough = score >= max(2, (len([c for c in sheet.columns if c.required]) + 1) // 2)
            if enough and (best is None or score > best[0]):
                best = (score, raw, layout)
        if best is None:
            continue
        pool.remove(best[1])
        wanted.remove(sheet)
        if sheet.kind == "form":
            out.info = best[1]
        else:
            out.tables[sheet.name] = (best[1], best[2])
    order = {s.name: i for i, s in enumerate(form.sheets)}
    out.tables = dict(sorted(out.tables.items(), key=lambda kv: order[kv[0]]))
    out.missing = [s.name for s in wanted]
    out.unknown = [r for r in pool if r.visible and not r.is_empty]
    return out
