"""`fedxl report lint`: catch the mistakes made when editing template tags in Word."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_FULLWIDTH_OPEN = re.compile(r"｛\s*｛|｛\s*%|\{\s*｛|｛\{")
_BAD_INSIDE = re.compile(r"[（）“”‘’：；，｝｛]")
_SPACED = re.compile(r"\{%\s+(tr|p|tc|r)\s")
_NAMES = re.compile(r"\b([A-Za-z_]\w*)(?:\.(\w+))?")

CONTEXT_KEYS = frozenset(
    {
        "district",
        "federation",
        "period",
        "period_cn",
        "scope",
        "month",
        "month_cn",
        "year",
        "start_cn",
        "end_cn",
        "date_cn",
        "deadline_cn",
        "towns_count",
        "reporting_text",
        "ytd",
        "doc_no",
        "cc",
        "contact_text",
        "title",
        "title_lines",
        "title_rt",
        "report_to",
        "reported_count",
        "rate",
        "on_time_rate",
        "headline",
        "total",
        "towns",
        "compare_text",
        "work_text",
        "ytd_text",
        "new_text",
        "coverage_text",
        "gifts_text",
        "domain_text",
        "new_domain_text",
        "service_text",
        "activity_text",
        "donation_text",
        "highlights",
        "problems",
        "pending",
        "chart",
        "issue_no",
        "half",
        "half_cn",
    }
)
TOTAL_KEYS = frozenset(
    {
        "orgs",
        "new_year",
        "new",
        "weak",
        "women",
        "four_haves",
        "four_rate",
        "activities",
        "participants",
        "trainings",
        "trainees",
        "services",
        "beneficiaries",
        "goods",
        "cash",
        "checks",
        "check_rate",
        "candidates",
        "quota",
        "quota_rate",
        "deliveries",
        "donations",
    }
)
TOWN_KEYS = frozenset(
    {"town", "state", "orgs", "new_year", "new", "activities", "services", "four_rate"}
)


@dataclass(frozen=True)
class LintIssue:
    kind: str  # fullwidth-brace | fullwidth-in-tag | spaced-tag | unknown-variable | syntax
    text: str


def _texts(path: Path) -> list[str]:
    from docx import Document

    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            texts += [c.text for c in row.cells]
    for section in doc.sections:
        texts += [p.text for p in section.header.paragraphs] + [
            p.text for p in section.footer.paragraphs
        ]
    return texts


def lint_template(path: Path) -> list[LintIssue]:
    issues: list[LintIssue] = []
    loop_vars: set[str] = set()
    for text in _texts(path):
        for m in re.finditer(r"for\s+(\w+)\s+in", text):
            loop_vars.add(m.group(1))
    for text in _texts(path):
        if _FULLWIDTH_OPEN.search(text) or "｝｝" in text or "%｝" in text:
            issues.append(LintIssue("fullwidth-brace", text.strip()[:80]))
        for tag in _TAG.findall(text):
            inner = tag[2:-2]
            if _BAD_INSIDE.search(inner):
                issues.append(LintIssue("fullwidth-in-tag", tag))
            if _SPACED.match(tag):
                issues.append(LintIssue("spaced-tag", tag))
            if tag.startswith("{{"):
                if inner.startswith("r "):  # {{r x }}: a rich-text value
                    inner = inner[2:]
                for name, attr in _NAMES.findall(inner.split("|")[0]):
                    if name in loop_vars:
                        if (
                            name == "t"
                            and attr
                            and attr not in TOWN_KEYS
                            and "towns" in " ".join(_texts(path))
                        ):
                            issues.append(LintIssue("unknown-variable", f"{name}.{attr}"))
                        continue
                    if name not in CONTEXT_KEYS:
                        issues.append(LintIssue("unknown-variable", name))
                    elif name in ("total", "ytd") and attr and attr not in TOTAL_KEYS:
                        issues.append(LintIssue("unknown-variable", f"{name}.{attr}"))
    if not issues:
        try:
            from docxtpl import DocxTemplate

            DocxTemplate(str(path)).get_undeclared_template_variables()
        except Exception as exc:  # noqa: BLE001 - jinja reports syntax errors in several ways
            issues.append(LintIssue("syntax", str(exc)[:200]))
    return issues
