"""Render a Word template with docxtpl (autoescaped, strict), then verify the result."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from fedxl.atomic import OutputLog, Written
from fedxl.errors import FedxlError

_LEFTOVER = re.compile(r"\{\{|\{%|\{#")


class ReportError(FedxlError):
    """A template could not be rendered."""


def render_docx(template: Path, context: dict[str, Any], target: Path, chart: Path | None = None,
                log: OutputLog | None = None) -> Written:
    """Render `template` with `context` into `target` atomically; values are XML-escaped.

    The document is checked before it replaces anything, so a failed render never replaces a
    good file. With `log` (the store), a copy edited after fedxl wrote it is kept and the new
    document goes beside it (see `write_output`).
    """
    import jinja2
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    from fedxl.atomic import write_output, write_with

    if not template.is_file():
        raise ReportError("report.no_template", path=str(template))
    tpl = DocxTemplate(str(template))
    values = dict(context)
    values["chart"] = InlineImage(tpl, str(chart), width=Mm(150)) if chart is not None else ""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        tpl.render(values, env, autoescape=True)
    except jinja2.UndefinedError as exc:
        raise ReportError("report.undefined", template=template.name, detail=str(exc)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise ReportError("report.syntax", template=template.name, detail=f"{exc.message} (line {exc.lineno})") from None
    def save(tmp: Path) -> None:
        tpl.save(str(tmp))
        problems = verify_docx(tmp)
        if problems:
            raise ReportError("report.broken", template=template.name, detail="; ".join(problems))

    if log is not None:
        return write_output(target, save, log)
    write_with(target, save)
    return Written(target)


def verify_docx(path: Path) -> list[str]:
    """Every XML part parses and no template tag is left in the document text."""
    from defusedxml import ElementTree

    problems = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not name.endswith(".xml"):
                continue
            data = zf.read(name)
            try:
                root = ElementTree.fromstring(data)
            except ElementTree.ParseError as exc:
                problems.append(f"{name}: {exc}")
                continue
            text = "".join(t.text or "" for t in root.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
            if _LEFTOVER.search(text):
                problems.append(f"{name}: template tag left in the text")
    return problems


def docx_text(path: Path) -> str:
    """The document's paragraphs and table cells as plain text (tests, lint)."""
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append("\t".join(c.text for c in row.cells))
    return "\n".join(parts)
