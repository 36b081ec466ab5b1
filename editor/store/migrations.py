"""Recognising a project file and bringing its schema up to date (PRAGMA application_id/user_version)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from editor.errors import ProjectError

# "TrEd" in ASCII: marks a SQLite file as a transcript-editor project (see `PRAGMA application_id`).
APPLICATION_ID = 0x54724564
SCHEMA_VERSION = 3
SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file

# MIGRATIONS[n] turns a version-n file into version n+1, inside the open transaction. Add entries here (and
# bump SCHEMA_VERSION) when the schema changes; never edit an old one.


def _add_checksums(conn: sqlite3.Connection) -> None:
    """Version 1 -> 2: a crc per segment row and the `checksums` row, computed from the rows as they are."""
    from editor.store import checksums

    conn.execute("ALTER TABLE segments ADD COLUMN crc INTEGER")
    total = count = 0
    rows = conn.execute("SELECT id, pos, data FROM segments").fetchall()
    updates = []
    for seg_id, pos, data in rows:
        try:
            crc = checksums.segment_crc(str(seg_id), float(pos), str(data))
        except (TypeError, ValueError):
            continue  # a damaged row keeps no crc: opening will report it
        updates.append((crc, seg_id))
        total = checksums.add(total, crc)
        count += 1
    conn.executemany("UPDATE segments SET crc = ? WHERE id = ?", updates)
    conn.execute(
        "CREATE TABLE checksums (id INTEGER PRIMARY KEY CHECK (id = 1), segments INTEGER NOT NULL, "
        "segments_sum INTEGER NOT NULL, speakers INTEGER NOT NULL, source INTEGER NOT NULL)"
    )
    speakers = conn.execute("SELECT id, pos, name, color FROM speakers ORDER BY pos").fetchall()
    source = conn.execute("SELECT name, format, encoding, text FROM source WHERE id = 1").fetchone()
    conn.execute("INSERT INTO checksums VALUES (1, ?, ?, ?, ?)",
                 (count, total, checksums.speakers_crc(speakers),
                  checksums.source_crc(*source) if source else 0))


def _add_check_results(conn: sqlite3.Connection) -> None:
    """Version 2 -> 3: an empty table for the last suspect check's results (a cache; see check_results.py)."""
    from editor.store import check_results

    conn.execute(check_results.CREATE)


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _add_checksums, 2: _add_check_results}


def schema_sql() -> str:
    """The CREATE statements of the current schema."""
    return resources.files("editor.store").joinpath("schema.sql").read_text(encoding="utf-8")


def create_schema(conn: sqlite3.Connection) -> None:
    """Make an empty file a project of the current version (caller commits)."""
    # Comments are dropped before splitting: they may contain ";".
    code = "\n".join(line.split("--", 1)[0] for line in schema_sql().splitlines())
    for statement in code.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def check_file(path: Path, *, recover: bool = False) -> int:
    """Check, without writing anything, that `path` is a sound project we can read; return its version.

    With `recover`, a hot journal left by a crash is rolled back first (the one write allowed here).
    Raises ProjectError for a non-SQLite file, another application's database, a damaged (e.g. truncated)
    project, or one written by a newer version of the program.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise ProjectError(path, "no such project file") from exc
    except OSError as exc:
        raise ProjectError(path, f"cannot read the project file: {exc.strerror}") from exc
    if size == 0:
        raise ProjectError(path, "is empty, not a transcript-editor project")
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise ProjectError(path, f"cannot read the project file: {exc.strerror}") from exc
    if header != SQLITE_HEADER:
        raise ProjectError(path, "is not a transcript-editor project (not an SQLite file)")
    hot_journal = path.with_name(path.name + "-journal").exists()
    uri = path.resolve().as_uri() + ("?mode=rw" if recover and hot_journal else "?mode=ro")
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise ProjectError(path, f"cannot open the project file: {exc}") from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise ProjectError(path, "is an SQLite database of another application, not a transcript-editor project")
        if version > SCHEMA_VERSION:
            raise ProjectError(
                path,
                f"was written by a newer transcript-editor (project format {version}; this version reads up to "
                f"{SCHEMA_VERSION}); please update the program",
            )
        if version < 1:
            raise ProjectError(path, "is an unfinished project file (no schema)")
        problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
        if problems != ["ok"]:
            raise ProjectError(path, f"is damaged ({'; '.join(problems)})")
    except sqlite3.DatabaseError as exc:
        if (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise ProjectError(path, "is being written by another process; try again") from exc
        if hot_journal and not recover:
            raise ProjectError(path, "was not closed properly; open it for editing once to recover it") from exc
        raise ProjectError(path, f"is damaged or not a project ({exc})") from exc
    finally:
        conn.close()
    return int(version)


def migrate(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Run the forward migrations from `version` to SCHEMA_VERSION in one transaction."""
    if version >= SCHEMA_VERSION:
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        for step in range(version, SCHEMA_VERSION):
            MIGRATIONS[step](conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except (sqlite3.Error, KeyError) as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise ProjectError(path, f"cannot upgrade the project from format {version}: {exc}") from exc
