"""The SQLite side of a project file: connection settings, writing a new file, naming write errors."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from editor.core.model import Transcript
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


def write_new_file(path: Path, transcript: Transcript, source_path: str | Path | None) -> None:
    """Write a complete new project file (schema, source, current state) at `path`."""
    digest = None
    if source_path is not None:
        source_path = Path(source_path).resolve()
        digest = hashlib.sha256(source_path.read_bytes()).hexdigest()
    conn = connect(path, read_only=False)
    try:
        conn.execute("BEGIN")
        create_schema(conn)
        src = transcript.source
        conn.execute(
            "INSERT INTO source (id, name, format, encoding, text, path, sha256, original) VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
            (src.name, src.format, src.encoding, src.text, None if source_path is None else str(source_path), digest,
             codec.pack_snapshot(transcript.segments, transcript.speakers)),
        )
        keys = positions.spaced(len(transcript))
        rows = []
        total = 0
        for seg, key in zip(transcript.segments, keys, strict=True):
            data = codec.segment_data(seg)
            crc = checksums.segment_crc(seg.id, key, data)
            total = checksums.add(total, crc)
            rows.append((seg.id, key, data, crc))
        conn.executemany("INSERT INTO segments (id, pos, data, crc) VALUES (?, ?, ?, ?)", rows)
        speakers = [(sp.id, i, sp.name, sp.color) for i, sp in enumerate(transcript.speakers)]
        conn.executemany("INSERT INTO speakers (id, pos, name, color) VALUES (?, ?, ?, ?)", speakers)
        conn.execute("INSERT INTO checksums (id, segments, segments_sum, speakers, source) VALUES (1, ?, ?, ?, ?)",
                     (len(rows), total, checksums.speakers_crc(speakers), checksums.source_crc(src.name, src.format, src.encoding, src.text)))
        conn.execute("COMMIT")
    finally:
        conn.close()
