"""`fedxl recheck`: stored submissions checked again with the current form and register.

After a fix to form.toml or fedxl.toml (a town's alias added, a rule corrected) the district
checks the month's files again instead of asking the towns to resend them. Each archived copy is
checked as when it came (its name then, its received day), compared with the town's earlier
ledger and with a locked month as at ingest; a result that changed replaces the stored one, and
the earlier result is kept in the log (a `recheck` entry saying before and after). The answer
says which files now pass or now fail and which submission is now effective.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field

from fedxl.store import Decision, Store, open_store
from fedxl.workspace import Workspace


@dataclass(frozen=True)
class Rechecked:
    submission_id: int
    town: str | None
    month: str | None
    before: str  # status: accepted | rejected | unreadable
    after: str
    before_counts: tuple[int, int]  # errors, warnings
    after_counts: tuple[int, int]


@dataclass
class RecheckResult:
    checked: int = 0
    changed: list[Rechecked] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)  # archived copy gone
    # (town, month) -> (effective id before, after), where it changed
    effective: dict[tuple[str, str], tuple[int | None, int | None]] = field(default_factory=dict)


def recheck(
    ws: Workspace,
    *,
    month: str | None = None,
    town: str | None = None,
    who: str | None = None,
) -> RecheckResult:
    from fedxl.checking import CheckContext, Origin, check_file
    from fedxl.files.lock import workspace_lock
    from fedxl.form.periods import Month
    from fedxl.submissions.decisions import _append, apply, refuse_if_locked, who_am_i
    from fedxl.submissions.feedback import forget
    from fedxl.submissions.history import add_history

    out = RecheckResult()
    names = ws.config.names_of(town) if town is not None else None
    ctx = CheckContext(ws.form, ws.config, forms=ws.forms)
    with workspace_lock(ws.workbooks), open_store(ws) as store:
        subs = store.submissions(town=names, month=month)
        pairs = {(s.town, s.month) for s in subs if s.town and s.month}
        before = {p: _effective_id(store, ws, *p) for p in pairs}
        for sub in subs:
            path = ws.root / sub.archive_path
            if not path.is_file():
                out.missing.append(sub.id)
                continue
            received = dt.datetime.fromisoformat(sub.received_at).date()
            report = check_file(path, ctx, Origin(sub.original_name, None, received, sub.sha256))
            out.checked += 1
            with store.transaction():
                add_history(ws, store, report)
                refuse_if_locked(store, ws, report, sub.id)
                counts = report.counts
                after = (counts["error"], counts["warning"])
                if (report.status, after) == (sub.status, (sub.errors, sub.warnings)):
                    continue
                # a town or month it now has: its effective one before this change
                if report.town and report.period and (report.town, report.period) not in before:
                    before[(report.town, report.period)] = _effective_id(
                        store, ws, report.town, report.period
                    )
                form = ws.forms.for_year(Month.of(report.period).year) if report.period else None
                store.replace_result(sub.id, report, form=form)
                change = Rechecked(
                    sub.id,
                    sub.town,
                    sub.month,
                    sub.status,
                    report.status,
                    (sub.errors, sub.warnings),
                    after,
                )
                decision = Decision(
                    uid=uuid.uuid4().hex,
                    at=dt.datetime.now().isoformat(),
                    who=who or who_am_i(),
                    kind="recheck",
                    submission_sha=sub.sha256,
                    town=report.town or sub.town,
                    month=report.period or sub.month,
                    detail=json.dumps(
                        {
                            "before": {"status": sub.status, "errors": sub.errors},
                            "after": {"status": report.status, "errors": counts["error"]},
                        },
                        ensure_ascii=False,
                    ),
                )
                apply(store, ws, decision)
                _append(ws, decision)  # the earlier result kept for good
            forget(ws, sub.id)
            out.changed.append(change)
        for pair, was in before.items():
            now = _effective_id(store, ws, *pair)
            if now != was:
                out.effective[(str(pair[0]), str(pair[1]))] = (was, now)
    return out


def _effective_id(store: Store, ws: Workspace, town: str | None, month: str | None) -> int | None:
    if not town or not month:
        return None
    found = store.effective(ws.config.names_of(town), month)
    return found.id if found else None
