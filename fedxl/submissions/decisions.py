"""The district's word on submissions, kept for good.

作废 (`void`, and `unvoid`), 展期 (`extend`), 审核通过 (`approve`: the town's month locked),
重新开放 (`reopen`), 退回 (`send_back`), and a renewed link: each decision is checked against what
is in force and kept in the store with what it leaves in force, in one write transaction (two
clerks deciding at once: the second is checked against the first's result); before that
transaction commits, the decision is written as one line of the journal beside the archive
(fsync'd). A rebuild replays the journal in time with the files; a journal line the store lacks
(a crash between the line and the commit) is applied the next time a decision is made, before
it.

A submission is named in a decision by the sha256 of its bytes: ids are given again by a rebuild.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fedxl.checking.findings import finding
from fedxl.checking.report import CheckResult
from fedxl.errors import UsageError
from fedxl.form.periods import Month, cn_date, cn_month
from fedxl.store import Decision, Store, Submission, open_store, store_exists
from fedxl.workspace import Workspace

JOURNAL_NAME = ".fedxl-decisions.jsonl"  # in workbooks/archive/, beside the files it speaks of
LOCKED_CODE = "month-locked"  # the finding a file for a locked month gets at ingest
EXTENSION_DAYS = 60  # the latest an extension may run past the month's next deadline


def journal_path(ws: Workspace) -> Path:
    return ws.folder("archive") / JOURNAL_NAME


def who_am_i() -> str:
    """The account that runs the command (the admin page names its session instead)."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no name for this uid (a container)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "?"


def read_journal(ws: Workspace) -> list[Decision]:
    """Every decision in the journal, in the order made (a torn last line is left out)."""
    path = ws.workbooks / "archive" / JOURNAL_NAME
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    out = []
    for line in lines:
        try:
            data = json.loads(line)
            fields = {k: data.get(k) for k in Decision.__dataclass_fields__}
            fields.pop("submission_id", None)  # an id of the store that wrote it: not kept
            fields["reason"] = fields.get("reason") or ""
            out.append(Decision(**fields))
        except (ValueError, TypeError):
            continue  # a line cut short by a power cut: its decision was never kept
    return out


def _append(ws: Workspace, decision: Decision) -> None:
    path = journal_path(ws)
    doc = decision.to_dict()
    doc.pop("submission_id", None)  # ids are given again by a rebuild: the sha names it
    line = json.dumps(doc, ensure_ascii=False, sort_keys=True) + "\n"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


@dataclass(frozen=True)
class DecisionResult:
    decision: Decision
    submission: Submission | None = None  # the submission it was about
    effective: Submission | None = None  # the town's month's effective submission after it
    reopened: tuple[int, ...] = ()  # submissions a reopening let in (they had been refused)


def apply(store: Store, ws: Workspace, decision: Decision) -> tuple[int, ...]:
    """Keep `decision` and what it leaves in force (nothing when it is kept already). Returns
    the submissions a reopening let in."""
    if not store.add_decision(decision):
        return ()
    sub = store.by_sha(decision.submission_sha) if decision.submission_sha else None
    kind = decision.kind
    if kind == "void" and sub is not None:
        store.set_standing(sub.id, "voided")
    elif kind == "unvoid" and sub is not None:
        store.set_standing(sub.id, None)
    elif kind == "return" and sub is not None:
        store.set_standing(sub.id, "returned")
    elif kind == "approve" and sub is not None and sub.town and sub.month:
        store.set_lock(ws.config.names_of(sub.town), sub.month, sub.id)
    elif kind == "extend" and decision.town and decision.month and decision.until:
        store.set_extension(decision.town, decision.month, decision.until)
    elif kind == "reopen" and decision.town and decision.month:
        names = ws.config.names_of(decision.town)
        store.set_lock(names, decision.month, None)
        refused = [
            s.id
            for s in store.submissions(town=names, month=decision.month)
            if any(f["code"] == LOCKED_CODE for f in store.findings(s.id))
        ]
        from fedxl.submissions.feedback import forget

        for sid in refused:
            store.drop_findings(sid, LOCKED_CODE)
            forget(ws, sid)  # its marked copy said "locked"
        return tuple(refused)
    return ()


def refuse_if_locked(
    store: Store, ws: Workspace, report: CheckResult, submission_id: int | None = None
) -> None:
    """A file that passed the check, for a month the district approved and locked: an error
    (`month-locked`), so it never takes effect; reopening the month lets it in.
    `submission_id`: a stored file checked again, refused only when it came after the approved
    one (a new file always does)."""
    if report.status != "accepted" or not report.town or not report.period:
        return
    lock = store.lock(ws.config.names_of(report.town), report.period)
    if lock is not None and (submission_id is None or submission_id > lock):
        found = finding(LOCKED_CODE, month=cn_month(report.period), id=lock)
        report.add_first([found], ws.config.limits.max_findings)


def reconcile(store: Store, ws: Workspace) -> None:
    """Apply the journal's lines the store lacks (a crash between writing one and keeping it)."""
    kept = {d.uid for d in store.decisions()}
    for decision in read_journal(ws):
        if decision.uid not in kept:
            apply(store, ws, decision)


# what must hold for a decision: raises UsageError (then nothing is written)
Check = Callable[[Store, Submission | None], None]


def _nothing(store: Store, sub: Submission | None) -> None:
    """A decision every state allows (an extension, a renewed link)."""


def _decide(
    ws: Workspace,
    kind: str,
    check: Check,
    *,
    who: str | None,
    now: dt.datetime | None,
    reason: str = "",
    sub_id: int | None = None,
    town: str | None = None,
    month: str | None = None,
    until: str | None = None,
    detail: list[str] | None = None,
) -> DecisionResult:
    """Check, journal, keep: one decision in one write transaction (`detail`: filled by the
    check when the decision keeps what it found, an accepted warning's key)."""
    reason = " ".join((reason or "").split())
    with open_store(ws) as store, store.transaction():
        reconcile(store, ws)
        sub = store.get(sub_id) if sub_id is not None else None
        if sub_id is not None and sub is None:
            raise UsageError("decide.no_submission", id=sub_id)
        check(store, sub)
        if sub is not None:
            town, month = sub.town, sub.month
        decision = Decision(
            uid=uuid.uuid4().hex,
            at=(now or dt.datetime.now()).isoformat(),  # to the microsecond: orders a rebuild
            who=who or who_am_i(),
            kind=kind,
            submission_sha=sub.sha256 if sub is not None else None,
            town=town,
            month=month,
            until=until,
            reason=reason,
            detail=detail[0] if detail else None,
        )
        reopened = apply(store, ws, decision)
        _append(ws, decision)  # kept for good before the store commits it
        after = store.get(sub.id) if sub is not None else None
        effective = store.effective(ws.config.names_of(town), month) if town and month else None
    return DecisionResult(decision, after, effective, reopened)


def _needs_reason(reason: str) -> None:
    if not " ".join((reason or "").split()):
        raise UsageError("decide.no_reason")


def _locked_by(store: Store, ws: Workspace, sub: Submission) -> int | None:
    if not sub.town or not sub.month:
        return None
    return store.lock(ws.config.names_of(sub.town), sub.month)


def void(
    ws: Workspace,
    submission_id: int,
    *,
    reason: str = "",
    undo: bool = False,
    who: str | None = None,
    now: dt.datetime | None = None,
) -> DecisionResult:
    """作废: a submission sent by mistake taken out of effect, nothing deleted (`undo`: put
    back)."""
    if not undo:
        _needs_reason(reason)

    def check(store: Store, sub: Submission | None) -> None:
        assert sub is not None
        if undo and sub.standing != "voided":
            raise UsageError("decide.not_voided", id=sub.id)
        if not undo and sub.standing == "voided":
            raise UsageError("decide.voided_already", id=sub.id)
        if not undo and _locked_by(store, ws, sub) == sub.id:
            raise UsageError("decide.locked_first", id=sub.id, month=cn_month(sub.month or ""))

    kind = "unvoid" if undo else "void"
    return _decide(ws, kind, check, who=who, now=now, reason=reason, sub_id=submission_id)


def approve(
    ws: Workspace, submission_id: int, *, who: str | None = None, now: dt.datetime | None = None
) -> DecisionResult:
    """审核通过: the town's month is locked with this submission; a later file for it is refused
    until the month is reopened."""

    def check(store: Store, sub: Submission | None) -> None:
        assert sub is not None
        if not sub.in_effect or not sub.town or not sub.month:
            raise UsageError("decide.approve_not_accepted", id=sub.id)
        effective = store.effective(ws.config.names_of(sub.town), sub.month)
        if effective is None or effective.id != sub.id:
            raise UsageError(
                "decide.approve_not_effective",
                id=sub.id,
                effective=effective.id if effective else "—",
            )
        if _locked_by(store, ws, sub) is not None:
            raise UsageError("decide.locked_already", town=sub.town, month=cn_month(sub.month))

    return _decide(ws, "approve", check, who=who, now=now, sub_id=submission_id)


def send_back(
    ws: Workspace,
    submission_id: int,
    *,
    reason: str,
    who: str | None = None,
    now: dt.datetime | None = None,
) -> DecisionResult:
    """退回: an accepted submission taken out of effect, the town told why (its page, the
    notice)."""
    _needs_reason(reason)

    def check(store: Store, sub: Submission | None) -> None:
        assert sub is not None
        if not sub.in_effect:
            raise UsageError("decide.return_not_accepted", id=sub.id)
        if _locked_by(store, ws, sub) == sub.id:
            raise UsageError("decide.locked_first", id=sub.id, month=cn_month(sub.month or ""))

    return _decide(ws, "return", check, who=who, now=now, reason=reason, sub_id=submission_id)


def accept_warning(
    ws: Workspace,
    submission_id: int,
    number: int,
    *,
    reason: str = "",
    who: str | None = None,
    now: dt.datetime | None = None,
) -> DecisionResult:
    """已核实: warning `number` of the submission (its 序号 in the 校验结果 list) was checked by
    the district; the same warning, for the same value, is not raised again for the town."""
    from fedxl.checking.findings import SEVERITY_ORDER
    from fedxl.checking.history import ACCEPTABLE, warning_key

    detail: list[str] = []

    def check(store: Store, sub: Submission | None) -> None:
        assert sub is not None
        listed = sorted(store.findings(sub.id), key=lambda f: SEVERITY_ORDER[f["severity"]])
        if not 1 <= number <= len(listed):
            raise UsageError("decide.no_warning", id=sub.id, n=number)
        f = listed[number - 1]
        if f["code"] not in ACCEPTABLE:
            raise UsageError("decide.not_acceptable", id=sub.id, n=number, code=f["code"])
        org = _org_of(store, ws, sub, f) if f["code"] == "implausible" else None
        detail.append(warning_key(f["code"], f["sheet"], f["column"], f["value"], org))
        if detail[0] in store.accepted_warnings(ws.config.names_of(sub.town or "")):
            raise UsageError("decide.accepted_already", id=sub.id, n=number)

    return _decide(
        ws, "accept", check, who=who, now=now, reason=reason, sub_id=submission_id, detail=detail
    )


def _org_of(store: Store, ws: Workspace, sub: Submission, f: dict[str, Any]) -> str | None:
    """The organisation a stored finding on a roster row is about (its key column's value)."""
    from fedxl.checking.keys import roster_sheet

    if not sub.month or f["row"] is None:
        return None
    form = ws.forms.for_year(Month.of(sub.month).year)
    roster = roster_sheet(form)
    if roster is None or roster.name != f["sheet"]:
        return None
    key = roster.key[0]
    row = next((r for r in store.rows(roster.name, sub.id, form=form) if r["row"] == f["row"]), {})
    return str(row[key]) if row.get(key) else None


def reopen(
    ws: Workspace,
    town: str,
    month: str,
    *,
    reason: str = "",
    who: str | None = None,
    now: dt.datetime | None = None,
) -> DecisionResult:
    """重新开放: a locked month open again; the files refused meanwhile are let in."""
    found = ws.config.find_town(town)
    if found is None:
        raise UsageError("links.unknown_town", town=town)

    def check(store: Store, sub: Submission | None) -> None:
        if store.lock(found.names, month) is None:
            raise UsageError("decide.not_locked", town=found.name, month=cn_month(month))

    return _decide(
        ws, "reopen", check, who=who, now=now, reason=reason, town=found.name, month=month
    )


def extend(
    ws: Workspace,
    town: str,
    month: str,
    *,
    until: dt.date,
    reason: str,
    who: str | None = None,
    now: dt.datetime | None = None,
) -> DecisionResult:
    """展期: the town's own last day for `month`; the board, the on-time rate and the notices
    use it. It runs from the month's deadline to at most EXTENSION_DAYS past the next one."""
    _needs_reason(reason)
    found = ws.config.find_town(town)
    if found is None:
        raise UsageError("links.unknown_town", town=town)
    if not found.due_in(month):
        raise UsageError("decide.not_due", town=found.name, month=cn_month(month))
    day = ws.config.district.deadline_day
    deadline = Month.of(month).deadline(day).date()
    latest = Month.of(month).next.deadline(day).date() + dt.timedelta(days=EXTENSION_DAYS)
    if not deadline < until <= latest:
        raise UsageError(
            "decide.extension_range",
            deadline=cn_date(deadline),
            latest=cn_date(latest),
            until=cn_date(until),
        )
    return _decide(
        ws,
        "extend",
        _nothing,
        who=who,
        now=now,
        reason=reason,
        town=found.name,
        month=month,
        until=until.isoformat(),
    )


def note_link_renewed(ws: Workspace, scope: str, *, who: str | None = None) -> None:
    """A renewed link is an entry of the log too (who renewed whose link, when)."""
    _decide(ws, "link", _nothing, who=who, now=None, town=scope)


def decisions_log(
    ws: Workspace, *, town: str | None = None, month: str | None = None
) -> list[Decision]:
    """The decisions kept, in the order made (`town`: by any of its names)."""
    if not store_exists(ws):
        return []
    with open_store(ws, readonly=True) as store:
        names = ws.config.names_of(town) if town is not None else None
        return store.decisions(town=names, month=month)
