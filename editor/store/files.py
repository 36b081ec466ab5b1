"""The SQLite side of a project file: connection settings, writing a new file, naming write errors."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from editor.core.model import Transcript
from editor.progress import report
from editor.store import checksums, codec, positions
from editor.store.migrations import create_schema


def write_reason(exc: sqlite3.Error) -> str:
    """What a failed write means for the user, in a few words."""
    text = str(exc).lower()
    if "full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return "the file or its folder is read-only"
    if "locked" in text or "busy" in text:
        return "the file is locked by another program"
    return str(exc)


def rollback_quietly(db: sqlite3.Connection) -> None:
    """End a transaction a failed write left open; a failure here (the disk is gone) is not the one to report."""
    try:
        if db.in_transaction:
            db.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def connect(path: Path, read_only: bool) -> sqlite3.Connection:
    """A connection with the project's pragmas (read-only: a `mode=ro` connection that never writes)."""
    if read_only:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA query_only = ON")
    else:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=2.0)
        conn.execute("PRAGMA journal_mode = DELETE")  # a closed project is a single file
        conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not possible on Windows; the rename is still atomic
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while piece := fh.read(1 << 20):
            digest.update(piece)
    return digest.hexdigest()


@dataclass
class WrittenState:
    """What a new project file holds besides the transcript: the sort keys and checksums a Project writes on
    from (what loading the file would read back, without reading it back)."""

    pos: dict[str, float]
    crcs: dict[str, int]
    speakers_crc: int
    source_crc: int


def write_new_file(path: Path, transcript: Transcript, source_path: str | Path | None) -> WrittenState:
    """Write a complete new project file (schema, source, current state) at `path`."""
    digest = None
    if source_path is not None:
        source_path = Path(source_path).resolve()
        digest = file_sha256(source_path)
    conn = connect(path, read_only=False)
    pos: dict[str, float] = {}
    crcs: dict[str, int] = {}
    total = 0

    def rows() -> Iterator[tuple[str, float, str, int]]:
        # one row at a time into SQLite: a list of a million rows would double the memory of a large import
        nonlocal total
        count = len(transcript)
        for i, (seg, key) in enumerate(zip(transcript.segments, positions.spaced(count), strict=True)):
            if not i % 4096:
                report("saving", i, count)
            data = codec.segment_data(seg)
            crc = checksums.segment_crc(seg.id, key, data)
            total = checksums.add(total, crc)
            pos[seg.id] = key
            crcs[seg.id] = crc
            yield seg.id, key, data, crc

    try:
        conn.execute("BEGIN")
        create_schema(conn)
        src = transcript.source
        conn.execute(
            "INSERT INTO source (id, name, format, encoding, text, path, sha256, original) VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
            (src.name, src.format, src.encoding, src.text, None if source_path is None else str(source_path), digest,
             codec.pack_snapshot(transcript.segments, transcript.speakers)),
        )
        conn.executemany("INSERT INTO segments (id, pos, data, crc) VALUES (?, ?, ?, ?)", rows())
        speakers = [(sp.id, i, sp.name, sp.color) for i, sp in enumerate(transcript.speakers)]
        conn.executemany("INSERT INTO speakers (id, pos, name, color) VALUES (?, ?, ?, ?)", speakers)
        state = WrittenState(pos, crcs, checksums.speakers_crc(speakers),
                             checksums.source_crc(src.name, src.format, src.encoding, src.text))
        conn.execute("INSERT INTO checksums (id, segments, segments_sum, speakers, source) VALUES (1, ?, ?, ?, ?)",
                     (len(crcs), total, state.speakers_crc, state.source_crc))
        conn.execute("COMMIT")
    finally:
        conn.close()
    return state
