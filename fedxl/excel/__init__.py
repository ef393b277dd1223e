"""Excel buttons (xlwings RunPython): check, ingest, refresh the summary, make the briefing.

Needs the optional extra `fedxl[excel]` (xlwings; Windows or macOS with Microsoft Excel).
xlwings is imported only here, lazily. Every entry point reports in a message box (or, where
Excel cannot show one, in the status cell of the 使用说明 sheet) and never shows a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CONTROL_SHEET = "使用说明"
WORKSPACE_CELL, ACTION_CELL, STATUS_CELL = "B3", "B4", "B6"
ACTIONS = {
    "校验当前台账": "check",
    "收件登记当前台账": "ingest",
    "刷新全区汇总表": "merge",
    "生成本月工作简报": "briefing",
}


def _xw() -> Any:
    try:
        import xlwings as xw
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError('需要安装 xlwings：pip install "fedxl[excel]"') from exc
    return xw


def _say(book: Any, text: str, *, control: Any = None) -> None:
    """A message box where Excel can show one; the status cell in any case."""
    if control is not None:
        control.range(STATUS_CELL).value = text
    try:
        book.app.alert(text, title="fedxl")
    except Exception:  # noqa: BLE001 - engines without alert (e.g. macOS sandbox)
        pass


def check_live(book: Any, path: Path, ws: Any) -> str:
    """Check the saved file behind `book` and mark the live workbook; the outcome as text."""
    import fedxl
    from fedxl.api import plan_feedback
    from fedxl.excel.live import apply_plan_live
    from fedxl.i18n import t

    report = fedxl.check_file(path, ws)
    if report.status == "unreadable":
        return t("excel.unreadable", detail=report.findings[0].message if report.findings else "")
    apply_plan_live(book, plan_feedback(report))
    return t("check.file_line", status=t(f"status.{report.status}"), **report.counts)


def _workspace(control: Any) -> Any:
    import fedxl

    value = control.range(WORKSPACE_CELL).value if control is not None else None
    return fedxl.open_workspace(Path(str(value)) if value else None)


def _ledger_book(caller: Any, target: Any, books: list[Any], ws: Any) -> tuple[Any, str]:
    """The ledger to act on, or why there is none. The active workbook when it is not the button
    workbook; else the one open workbook with the form's sheets (a clerk opens the ledger, then
    switches to the buttons); when several are open, ask which."""
    from fedxl.i18n import t

    if target is not None and target.fullname != caller.fullname:
        return target, ""
    sheets = {sheet.name for sheet in ws.form.sheets}
    ledgers = [
        b for b in books if b.fullname != caller.fullname and sheets & {s.name for s in b.sheets}
    ]
    if len(ledgers) == 1:
        return ledgers[0], ""
    if ledgers:
        return None, t("excel.several_ledgers", names="、".join(b.name for b in ledgers))
    return None, t("excel.open_ledger")


def run_action(caller: Any = None, target: Any = None, books: list[Any] | None = None) -> str:
    """The button: read the chosen action on 使用说明 and run it; returns the message shown.

    `target` is the workbook to check or ingest (default: the active one), `books` the open
    workbooks (default: Excel's); both are there for tests through xlwings' remote engine."""
    from fedxl.errors import FedxlError
    from fedxl.i18n import t

    xw = _xw()
    caller = caller or xw.Book.caller()
    names = [s.name for s in caller.sheets]
    control = caller.sheets[CONTROL_SHEET] if CONTROL_SHEET in names else None
    try:
        ws = _workspace(control)
        action = ACTIONS.get(
            str(control.range(ACTION_CELL).value) if control is not None else "", "check"
        )
        if action in ("check", "ingest"):
            if books is None:  # in Excel: the active workbook, else the open ledgers
                target, books = target or xw.books.active, list(xw.books)
            target, message = _ledger_book(caller, target, books, ws)  # no target: message says why
            if target is not None and action == "check":
                message = check_live(target, Path(target.fullname), ws)
            elif target is not None:
                import fedxl

                batch = fedxl.ingest(ws, [Path(target.fullname)], workers=1)
                result = batch.results[0]
                message = (
                    t("ingest.not_recorded")
                    if result.submission_id is None
                    else t(
                        "excel.ingested",
                        status=t(f"status.{result.report.status}"),
                        id=result.submission_id,
                    )
                )
        elif action == "merge":
            import fedxl

            # the latest month with accepted ledgers
            message = t("merge.done", path=str(fedxl.merge(ws).path))
        else:
            import fedxl

            month = fedxl.api.month_meant(ws, None, latest_data=True)
            message = t("report.done", path=str(fedxl.report(ws, "briefing", month).path))
    except FedxlError as exc:
        message = exc.render()
    except Exception as exc:  # noqa: BLE001 - a button must never show a Python traceback
        message = t("error.internal", error=f"{type(exc).__name__}: {exc}")
    _say(caller, message, control=control)
    return message
