"""Render a Word template with docxtpl (autoescaped, strict), then verify the result."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from fedxl.errors import FedxlError
from fedxl.files.atomic import OutputLog, Written
from fedxl.form.values import without_controls

_LEFTOVER = re.compile(r"\{\{|\{%|\{#")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


class ReportError(FedxlError):
    """A template could not be rendered."""


def render_docx(
    template: Path,
    context: dict[str, Any],
    target: Path,
    chart: Path | None = None,
    log: OutputLog | None = None,
) -> Written:
    """Render `template` with `context` into `target` atomically; values are XML-escaped.

    The document is checked before it replaces anything, so a failed render never replaces a
    good file. With `log` (the store), a copy edited after fedxl wrote it is kept and the new
    document goes beside it (see `write_output`).
    """
    import jinja2
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    from fedxl.files.atomic import write_output, write_with

    if not template.is_file():
        raise ReportError("report.no_template", path=str(template))
    tpl = DocxTemplate(str(template))
    tags = template_tags(template)
    values = _clean(dict(context))
    literal = sorted({v for v in _strings(values) if _LEFTOVER.search(v)}, key=len, reverse=True)
    values["chart"] = InlineImage(tpl, str(chart), width=Mm(150)) if chart is not None else ""
    if "title_lines" in values:  # the title broken between phrases, as line breaks in one paragraph
        from docxtpl import RichText

        values["title_rt"] = RichText("\n".join(values["title_lines"]))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        tpl.render(values, env, autoescape=True)
    except jinja2.UndefinedError as exc:
        raise ReportError("report.undefined", template=template.name, detail=str(exc)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise ReportError(
            "report.syntax", template=template.name, detail=f"{exc.message} (line {exc.lineno})"
        ) from None

    def save(tmp: Path) -> None:
        _properties(tpl, context)
        tpl.save(str(tmp))
        problems = verify_docx(tmp, tags, literal)
        if problems:
            raise ReportError("report.broken", template=template.name, detail="; ".join(problems))

    if log is not None:
        return write_output(target, save, log)
    write_with(target, save)
    return Written(target)


def _clean(value: Any) -> Any:
    """Context text without control characters (Word refuses them); `{{` in a town's text stays
    text: values are never rendered again."""
    if isinstance(value, str):
        return without_controls(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def template_tags(template: Path) -> set[str]:
    """The `{{ … }}` and `{% … %}` tags written in a template's text."""
    tags: set[str] = set()
    with zipfile.ZipFile(template) as zf:
        for name in zf.namelist():
            if name.endswith(".xml"):
                text = re.sub(r"<[^>]+>", "", zf.read(name).decode("utf-8", "replace"))
                tags.update(_TAG.findall(text))
    return tags


def _properties(tpl: Any, context: dict[str, Any]) -> None:
    """Document properties: the federation as author, the report's title, the real dates."""
    import datetime as dt

    props = tpl.docx.core_properties
    now = dt.datetime.now().replace(microsecond=0)
    props.author = props.last_modified_by = str(context.get("federation") or "")
    props.title = str(context.get("doc_title") or context.get("headline") or "")
    props.created = props.modified = now
    props.revision = 1


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def verify_docx(
    path: Path, tags: set[str] | None = None, literal: list[str] | None = None
) -> list[str]:
    """Every XML part parses and no tag of the template is left in the document text.

    Without `tags`, any `{{` / `{%` counts (for a document that should hold none); with them,
    only the template's own tags do, once the values that hold such text themselves (`literal`:
    a town's text is data, written as it is) are taken out.
    """
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
            text = "".join(
                t.text or ""
                for t in root.iter(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
                )
            )
            for value in literal or ():
                text = text.replace(value, "")
            left = _LEFTOVER.search(text) if tags is None else any(tag in text for tag in tags)
            if left:
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
