"""Command-line usage errors (typer's vendored click) said in the message language."""

from __future__ import annotations

import difflib
from typing import Any

from fedxl.i18n import t


def usage_message(exc: Any, app: Any) -> str:
    """A Chinese (or English) sentence for what was wrong with the command line, with a hint."""
    from typer._click import exceptions as ce

    message = str(getattr(exc, "message", "") or exc)
    if isinstance(exc, ce.NoSuchOption):
        maybe = (
            t("usage.did_you_mean", value=", ".join(sorted(exc.possibilities)))
            if exc.possibilities
            else ""
        )
        text = t("usage.no_option", option=exc.option_name) + maybe
    elif isinstance(exc, ce.MissingParameter):
        names = (
            exc.param.opts
            if exc.param is not None and getattr(exc.param, "opts", None)
            else [exc.param_hint or ""]
        )
        text = t("usage.missing", name=" / ".join(str(n) for n in names))
    elif isinstance(exc, ce.BadParameter):
        hint = exc.param_hint or (
            exc.param.opts[0] if exc.param is not None and exc.param.opts else ""
        )
        text = t("usage.bad_value", name=hint, detail=message)
    elif message.startswith("No such command"):
        name = message.split("'")[1] if "'" in message else message
        ctx = getattr(exc, "ctx", None)
        group: Any = getattr(ctx, "command", None)
        names = group.list_commands(ctx) if hasattr(group, "list_commands") else _commands(app)
        close = difflib.get_close_matches(name, sorted(names), n=1)
        text = t("usage.no_command", name=name) + (
            t("usage.did_you_mean", value=close[0]) if close else ""
        )
    elif "requires an argument" in message:
        option = message.split("'")[1] if "'" in message else ""
        text = t("usage.needs_value", option=option)
    elif message.startswith("Got unexpected extra argument"):
        text = t("usage.extra", detail=message.split("(", 1)[-1].rstrip(")"))
    else:
        text = t("usage.other", detail=message)
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "fedxl"
    return f"{text}{t('usage.hint', command=path)}"


def _commands(app: Any) -> list[str]:
    names = [c.name or c.callback.__name__ for c in app.registered_commands if c.callback]
    return names + [g.name for g in app.registered_groups if g.name]
