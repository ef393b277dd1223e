"""Docs stay true: every command has help and is in the manual; every finding code and every
template variable is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from fedxl.checking.findings import CODES
from fedxl.cli import app
from fedxl.cli.report_cmds import report_app
from fedxl.reports.lint import CONTEXT_KEYS, TOTAL_KEYS

DOCS = Path(__file__).resolve().parent.parent / "docs"
MANUAL = (DOCS / "使用手册.md").read_text(encoding="utf-8")
COMMANDS = [c.name for c in app.registered_commands] + [
    f"report {c.name}" for c in report_app.registered_commands
]


def test_commands_are_all_listed() -> None:
    assert {
        "init",
        "demo",
        "template",
        "check",
        "ingest",
        "status",
        "merge",
        "run",
        "schedule",
        "excel-setup",
        "report briefing",
        "report half-year",
        "report reminder",
        "report lint",
    } <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_and_is_in_the_manual(command: str, run) -> None:
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert len(result.stdout.strip()) > 40
    assert f"fedxl {command}" in MANUAL


@pytest.mark.parametrize("code", sorted(CODES))
def test_finding_code_is_documented(code: str) -> None:
    assert f"| {code} |" in MANUAL
    from fedxl.i18n import MESSAGES

    zh, en = MESSAGES[f"kind.{code}"]  # 问题类型 beside the code in the feedback sheet
    assert zh and en and zh != en


def test_every_template_variable_is_documented() -> None:
    text = (DOCS / "templates.md").read_text(encoding="utf-8")
    for key in CONTEXT_KEYS:
        assert f"`{key}" in text, key
    for key in TOTAL_KEYS:
        assert f"total.{key}" in text, key


def test_images_exist() -> None:
    for name in ("blank_ledger.png", "feedback.png", "summary.png", "briefing.png"):
        assert (DOCS / "images" / name).stat().st_size > 10_000
