"""The one place fedxl reaches into typer and click: their help texts in the message language.

Typer offers no supported way to translate its own words ("Options", "Usage:", "Show this message
and exit."), and click's gettext catalogue would need compiled .mo files in the wheel; so the
panel titles are set and two click methods wrapped here, once (tests/test_cli_usage.py checks
the Chinese and English help).
"""

from __future__ import annotations

from typing import Any

import typer


def localise_help() -> None:
    """Help panels in the message language (typer's own titles are English)."""
    from typer import rich_utils

    from fedxl.i18n import t

    command = typer._click.core.Command
    if not getattr(command, "_fedxl_help", False):  # "Show this message and exit." and "Usage:" too
        original_help, original_usage = (
            command.get_help_option,
            typer._click.formatting.HelpFormatter.write_usage,
        )

        def get_help_option(self: Any, ctx: Any) -> Any:
            option = original_help(self, ctx)
            if option is not None:
                option.help = t("help.help")
            return option

        def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            original_usage(self, prog, args, t("help.usage") if prefix is None else prefix)

        command.get_help_option = get_help_option  # type: ignore[method-assign]
        typer._click.formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
        command._fedxl_help = True  # type: ignore[attr-defined]
    rich_utils.OPTIONS_PANEL_TITLE = t("help.options")
    rich_utils.COMMANDS_PANEL_TITLE = t("help.commands")
    rich_utils.ARGUMENTS_PANEL_TITLE = t("help.arguments")
    rich_utils.ERRORS_PANEL_TITLE = t("error.prefix")
