"""What is said of a file whose bytes were recorded before: which submission it repeats (its
town, month and day), whether it is another town's file, and what the town still owes."""

from __future__ import annotations

import datetime as dt

from fedxl.form.periods import cn_moment, cn_month
from fedxl.i18n import t
from fedxl.store import Store, Submission
from fedxl.submissions.status import collecting_month
from fedxl.workspace.config import Config


def still_due(store: Store, config: Config, town: str, now: dt.datetime) -> str | None:
    """The month now being collected when `town` is due for it and has no accepted ledger of it
    received by `now` (None: nothing owed)."""
    month = collecting_month(now)
    found = config.find_town(town)
    if found is None or not found.due_in(month):
        return None
    subs = store.submissions(town=found.names, month=month, by=now.isoformat())
    return None if any(s.status == "accepted" for s in subs) else month


def duplicate_note(
    store: Store,
    config: Config,
    earlier: Submission,
    *,
    sender: str | None = None,
    now: dt.datetime | None = None,
) -> str:
    """与第 3 号完全相同（头道桥街道 2026年6月台账，2026年7月2日 09:00 收到），未重复登记；…

    `sender`: the town whose link or name the file came with; said when the file is another
    town's. The month still owed is the sender's (else the earlier copy's town's)."""
    now = now or dt.datetime.now().replace(microsecond=0)
    if earlier.town and earlier.month:
        what = t("dup.what", town=earlier.town, month=cn_month(earlier.month))
    else:
        what = t("dup.unreadable")
    parts = [t("dup.same", id=earlier.id, what=what, when=cn_moment(earlier.received_at))]
    mine = config.find_town(sender) if sender else None
    if mine is not None and earlier.town and earlier.town not in mine.names:
        parts.append(t("dup.other_town", town=earlier.town, sender=mine.name))
    owner = mine.name if mine is not None else earlier.town
    due = still_due(store, config, owner, now) if owner else None
    if due is not None:
        parts.append(t("dup.due", town=owner, month=cn_month(due)))
    return "；".join(parts)
