"""The last suspect check's results, kept in the project so a reopened project shows its suspects at once.

A cache and nothing more: rows are keyed by what was checked (a hash of a segment's content) and how (a
fingerprint of the checker and its settings), so a row is either right for a segment or not used at all.
Nothing here may stop a project from opening or an edit from being saved: a missing, damaged or odd table
reads as empty (the window checks again), and a write that fails is dropped (it is made again next time).
Which hashes and fingerprints mean what is the review layer's business (editor/review/check_cache.py).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable
from typing import Any

from editor.store.files import rollback_quietly

log = logging.getLogger(__name__)

TABLE = "check_results"
CREATE = (f"CREATE TABLE IF NOT EXISTS {TABLE} (content TEXT NOT NULL, fingerprint TEXT NOT NULL, "
          "suspects TEXT NOT NULL, PRIMARY KEY (content, fingerprint)) WITHOUT ROWID")


def read(db: sqlite3.Connection, fingerprint: str) -> dict[str, list[Any]]:
    """content key -> the stored JSON list of suspect rows, for the rows made under `fingerprint`.

    Unreadable rows are left out; an unreadable table gives {} (the caller checks those segments again)."""
    found: dict[str, list[Any]] = {}
    try:
        rows = db.execute(f"SELECT content, suspects FROM {TABLE} WHERE fingerprint = ?", (fingerprint,)).fetchall()
    except sqlite3.DatabaseError as exc:  # no table (an older file written meanwhile), damaged pages, odd columns
        log.info("stored check results not read: %s", exc)
        return found
    for content, suspects in rows:
        if not isinstance(content, str) or not isinstance(suspects, str):
            continue
        if suspects == "[]":  # most segments have no suspect: spares a JSON parse per segment (30 h: 16,600)
            found[content] = []
            continue
        try:
            value = json.loads(suspects)
        except ValueError:
            continue
        if isinstance(value, list):
            found[content] = value
    return found


def write(db: sqlite3.Connection, fingerprint: str, results: Iterable[tuple[str, list[Any]]]) -> bool:
    """Replace the stored results by `results` ((content key, suspect rows) pairs), in one transaction.

    The table keeps one fingerprint's rows for the segments of the current text: it never grows with the
    history. False (nothing written, nothing raised) when the write fails."""
    rows = [(content, fingerprint, json.dumps(suspects, separators=(",", ":"), ensure_ascii=False))
            for content, suspects in results]
    for attempt in range(2):
        try:
            if db.in_transaction:  # another writer's failure left one open: not ours to end
                return False
            db.execute("BEGIN IMMEDIATE")
            if attempt:  # the table is there but not as we made it (damaged, or changed by hand): start afresh
                db.execute(f"DROP TABLE IF EXISTS {TABLE}")
            db.execute(CREATE)
            db.execute(f"DELETE FROM {TABLE}")
            db.executemany(f"INSERT OR REPLACE INTO {TABLE} (content, fingerprint, suspects) VALUES (?, ?, ?)",
                           rows)
            db.execute("COMMIT")
            return True
        except sqlite3.DatabaseError as exc:
            rollback_quietly(db)
            busy = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF in (
                sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY,
                sqlite3.SQLITE_IOERR)
            if busy or not isinstance(exc, sqlite3.OperationalError) or attempt:
                log.info("check results not stored: %s", exc)
                return False
    return False
