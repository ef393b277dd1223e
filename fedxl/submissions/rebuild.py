"""`fedxl rebuild`: the store re-created from the archive, when it was emptied or damaged.

Every archived copy is checked again and recorded with the received time and original name
kept beside it (`.fedxl.json`), oldest first, with org-missing and records-missing against the
town's earlier ledgers as at ingest: the status board, the summary and every figure come out as
before; the district's decisions are replayed from their journal between the files, in the order
they were made. The old store is renamed (the file, or the district's schema on a server), never
deleted. Outputs' hashes and 期号 lived in the
old store: a report made again afterwards is written beside an existing one (…_2.docx) rather
than over it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from fedxl.store.backend import Backend
from fedxl.workspace import Workspace


@dataclass
class RebuildResult:
    archived: int
    recorded: int
    accepted: int
    rejected: int
    unreadable: int
    set_aside: str | None  # what the old store is called now (a file, or a schema)
    # (original name, town, month, why)
    lost: list[tuple[str, str, str, str]] = field(default_factory=list)


def rebuild(ws: Workspace) -> RebuildResult:
    from fedxl.checking import CheckContext, Origin, check_file
    from fedxl.files.archive import archived_files
    from fedxl.files.lock import workspace_lock
    from fedxl.store import kept_links, open_store
    from fedxl.store.backend import backend_for
    from fedxl.submissions.decisions import apply, read_journal, refuse_if_locked
    from fedxl.submissions.history import add_history

    with workspace_lock(ws.workbooks):
        entries = archived_files(ws.folder("archive"))
        db = backend_for(ws)
        aside = db.set_aside()
        ctx = CheckContext(ws.form, ws.config, forms=ws.forms)
        counts = {"accepted": 0, "rejected": 0, "unreadable": 0}
        recorded = 0
        # the files in the order they were taken in, the district's decisions between them
        entries.sort(key=lambda item: item[1].get("ingested_at") or item[1]["received_at"])
        decisions = read_journal(ws)
        with open_store(ws, fresh=True) as store:
            for scope, entry in kept_links(
                ws.workbooks / "archive"
            ).items():  # towns keep their links
                store.set_link(scope, entry)
            for path, meta in entries:  # checked as when it came in: its name, its received day
                taken = meta.get("ingested_at") or meta["received_at"]
                while decisions and decisions[0].at <= taken:
                    apply(store, ws, decisions.pop(0))
                origin = Origin(
                    meta.get("original_name") or path.name,
                    None,
                    dt.datetime.fromisoformat(meta["received_at"]).date(),
                )
                report = check_file(path, ctx, origin)
                if not report.sha256 or store.by_sha(report.sha256) is not None:
                    continue
                add_history(ws, store, report)
                refuse_if_locked(store, ws, report)
                store.record(
                    report,
                    archive_path=str(path.relative_to(ws.root)),
                    received_at=meta["received_at"],
                    original_name=meta.get("original_name") or path.name,
                    form=ctx.form_for(report.period),
                )
                recorded += 1
                counts[report.status] += 1
            for decision in decisions:  # made after the last file
                apply(store, ws, decision)
        lost = _not_restored(ws, db, aside)
    shown = aside.label if aside is not None else None
    return RebuildResult(
        len(entries),
        recorded,
        counts["accepted"],
        counts["rejected"],
        counts["unreadable"],
        shown,
        lost,
    )


def _not_restored(
    ws: Workspace, db: Backend, old: Backend | None
) -> list[tuple[str, str, str, str]]:
    """The submissions the old store held that the rebuilt one lacks, and why (read from the old
    store when it still can be; a store damaged beyond that cannot say)."""
    from fedxl.i18n import t

    if old is None:
        return []
    query = "SELECT sha256, original_name, town, month, archive_path FROM submissions"
    try:
        conn = old.connect(readonly=True)
        try:
            rows = list(conn.execute(query))
        finally:
            conn.close()
        conn = db.connect(readonly=True)
        try:
            have = {r[0] for r in conn.execute("SELECT sha256 FROM submissions")}
        finally:
            conn.close()
    except Exception as exc:  # noqa: BLE001 - a damaged store raises what its engine raises
        from fedxl.errors import StoreError

        if isinstance(exc, StoreError) or db.is_error(exc):
            return []
        raise
    lost = []
    for sha, name, town, month, archive in rows:
        if sha in have:
            continue
        why = (
            t("rebuild.no_copy")
            if not (ws.root / str(archive)).is_file()
            else t("rebuild.not_taken")
        )
        lost.append((str(name), str(town or "?"), str(month or "?"), why))
    return lost
