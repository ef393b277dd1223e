"""The `fedxl` command line: parse, call one library function, render, exit code."""

from __future__ import annotations

import os
import sys

import typer

from fedxl.cli.common import DebugOpt, LangOpt, Settings, WorkspaceOpt
from fedxl.errors import FedxlError

app = typer.Typer(
    name="fedxl",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="fedxl：区妇联新领域妇联组织建设基础台账的校验、汇总与报告工具。",
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    ctx: typer.Context,
    workspace: WorkspaceOpt = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """fedxl：区妇联新领域妇联组织建设基础台账的校验、汇总与报告工具。"""
    from fedxl.cli.common import apply_lang

    ctx.obj = Settings(workspace=workspace, lang=lang, debug=debug)
    apply_lang(lang)


def _register() -> None:
    from fedxl.cli import (
        check_cmd,
        city_cmds,
        decision_cmds,
        job_cmds,
        report_cmds,
        setup_cmds,
        submission_cmds,
        web_cmds,
    )

    app.command("init")(setup_cmds.init)
    app.command("demo")(job_cmds.demo)
    app.command("template")(setup_cmds.template)
    app.command("check")(check_cmd.check)
    app.command("ingest")(submission_cmds.ingest)
    app.command("status")(submission_cmds.status)
    app.command("merge")(submission_cmds.merge)
    app.command("metrics")(submission_cmds.metrics)
    app.command("rebuild")(submission_cmds.rebuild)
    app.command("export")(submission_cmds.export)
    app.command("void")(decision_cmds.void)
    app.command("extend")(decision_cmds.extend)
    app.command("review")(decision_cmds.review)
    app.command("reopen")(decision_cmds.reopen)
    app.command("log")(decision_cmds.log)
    app.command("changes")(decision_cmds.changes)
    app.command("find")(decision_cmds.find)
    app.command("recheck")(decision_cmds.recheck)
    app.add_typer(report_cmds.report_app, name="report")
    app.add_typer(city_cmds.city_app, name="city")
    app.command("run")(job_cmds.run)
    app.command("schedule")(job_cmds.schedule)
    app.command("excel-setup")(job_cmds.excel_setup)
    app.command("serve")(web_cmds.serve)
    app.command("links")(web_cmds.links)


_register()


def _early_lang(argv: list[str]) -> None:
    """Honour --lang before parsing so even option errors use the chosen language."""
    from fedxl.i18n import LANGS, set_lang

    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGS:
            set_lang(argv[i + 1])
        elif arg.startswith("--lang=") and arg[7:] in LANGS:
            set_lang(arg[7:])


def _safe_streams() -> None:
    """A console that cannot show a character (GBK on Chinese Windows, 𠮷 or 😀 in a file name)
    gets a replacement mark instead of failing the command."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run the app, turning failures into messages and exit codes."""
    args = list(sys.argv[1:] if argv is None else argv)
    _safe_streams()
    _early_lang(args)
    if args[:1] in (["--version"], ["-V"]):
        from fedxl import __version__

        print(f"fedxl {__version__}")
        sys.exit(0)
    from fedxl.cli.help_text import localise_help

    localise_help()
    debug = "--debug" in args or bool(os.environ.get("FEDXL_DEBUG"))
    try:
        code = app(args=args, prog_name="fedxl", standalone_mode=False)
    except typer._click.exceptions.UsageError as exc:  # the command line itself is wrong
        from fedxl.cli.usage import usage_message
        from fedxl.i18n import t

        print(f"{t('error.prefix')}：{usage_message(exc, app)}", file=sys.stderr)
        sys.exit(2)
    except typer.Abort:
        sys.exit(130)
    except FedxlError as exc:
        if debug:
            raise
        from fedxl.i18n import t

        print(f"{t('error.prefix')}：{exc.render()}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if debug:
            raise
        from fedxl.errors import os_reason
        from fedxl.i18n import t

        detail = os_reason(exc) + (f"：{exc.filename}" if getattr(exc, "filename", None) else "")
        print(f"{t('error.prefix')}：{t('error.io', detail=detail)}", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        if debug:
            raise
        from fedxl.api import store_fault
        from fedxl.i18n import t

        # the store failed while in use: full, read-only, damaged, the server gone…
        fault = store_fault(exc)
        if fault is not None:
            print(f"{t('error.prefix')}：{fault.render()}", file=sys.stderr)
            sys.exit(2)
        print(t("error.internal", error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
