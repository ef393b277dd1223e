"""The store's own memory (numbers, outputs, merges, links, the intake's address) in typed tables,
and a store of the key/value days brought up to them with nothing lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from fedxl.store import LinkEntry, kept_links, kept_path, open_store
from fedxl.store.schema import MIGRATIONS, statements
from fedxl.store.sqlite import SQLiteBackend
from fedxl.workspace import Workspace


def _v2_store(ws: Workspace) -> None:
    """A fedxl.db as fedxl wrote it before migration 3: every kind of state row."""
    ws.db_path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(ws.db_path)
    db = SQLiteBackend(ws.db_path)
    for migration in MIGRATIONS[:2]:
        for statement in statements(db, migration):
            conn.execute(statement)
    rows = {
        "briefing_no:2026-06": "2",
        "briefing_no:2026-07": "3",
        "notice_no:2026-07": "1",
        "output:summaries/振兴区汇总表_2026-07.xlsx": json.dumps(["a" * 64, "b" * 64]),
        "merged:2026-07": "fingerprint-of-july",
        "web.token.头道桥街道": json.dumps({"nonce": "n1", "hash": "h1"}),
        "web.token.__admin__": json.dumps({"nonce": "n2", "hash": "h2"}),
        "web.base_url": "http://192.168.1.20:8750",
    }
    conn.executemany("INSERT INTO state (key, value) VALUES (?, ?)", rows.items())
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_a_key_value_store_is_moved_into_typed_tables(workspace: Path) -> None:
    ws = Workspace(workspace)
    _v2_store(ws)
    with open_store(ws, readonly=True) as store:  # a reader brings the schema up first
        assert store.doc_numbers("briefing", 2026) == {"2026-06": 2, "2026-07": 3}
        assert store.doc_numbers("notice", 2026) == {"2026-07": 1}
        assert store.doc_numbers("briefing", 2027) == {}
        assert store.output_hashes("summaries/振兴区汇总表_2026-07.xlsx") == {"a" * 64, "b" * 64}
        assert store.merge_fingerprint("2026-07") == "fingerprint-of-july"
        assert store.merge_fingerprint("2026-06") is None
        assert store.links() == {
            "头道桥街道": LinkEntry("n1", "h1"),
            "__admin__": LinkEntry("n2", "h2"),
        }
        assert store.base_url() == "http://192.168.1.20:8750"
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert "state" not in tables


def test_each_memory_is_written_and_read_back(workspace: Path, backend: str) -> None:
    ws = Workspace(workspace)
    with open_store(ws) as store:
        store.set_doc_number("notice", "2026-08", 2)
        store.set_doc_number("notice", "2026-08", 3)  # a number given again replaces it
        store.add_output_hash("reports/简报.docx", "c" * 64)
        store.add_output_hash("reports/简报.docx", "c" * 64)  # the same file twice: once
        store.set_merge_fingerprint("2026-08", "x")
        store.set_link("兴隆镇", LinkEntry("n", "h"))
        store.set_base_url("http://10.0.0.5:8750")
    with open_store(ws, readonly=True) as store:
        assert store.doc_numbers("notice", 2026) == {"2026-08": 3}
        assert store.output_hashes("reports/简报.docx") == {"c" * 64}
        assert store.merge_fingerprint("2026-08") == "x"
        assert store.links() == {"兴隆镇": LinkEntry("n", "h")}
        assert store.base_url() == "http://10.0.0.5:8750"


def test_links_kept_beside_the_archive_in_the_old_layout_are_read(workspace: Path) -> None:
    """`fedxl rebuild` after an upgrade: the kept file of the key/value days gives the links."""
    ws = Workspace(workspace)
    path = kept_path(ws.workbooks / "archive")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"web.token.永安镇": json.dumps({"nonce": "n3", "hash": "h3"})}),
        encoding="utf-8",
    )
    assert kept_links(ws.workbooks / "archive") == {"永安镇": LinkEntry("n3", "h3")}
