-- Project file schema, version 3 (PRAGMA user_version = 3; version 1 had no checksums, version 2 no check_results).
-- A project is one SQLite file: the original import (never changed), the current state (so opening never
-- replays history), the append-only edit history, named versions and project-level review data.

-- The transcript as imported. Exactly one row; written once by Project.create.
CREATE TABLE source (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    name     TEXT NOT NULL,          -- file name of the imported transcript
    format   TEXT NOT NULL,          -- importer id: txt, srt, vtt, whisper-json, ...
    encoding TEXT NOT NULL,
    text     TEXT NOT NULL,          -- decoded original text; segments' `source` spans point into it
    path     TEXT,                   -- absolute path at import time (finds the project again)
    sha256   TEXT,                   -- hash of the imported file's bytes (same file, moved)
    original BLOB NOT NULL           -- zlib JSON {"segments": [...], "speakers": [...]} as imported
);

-- Current segments, one row each. `pos` orders them; a REAL key lets an insert take a value between
-- its neighbours, so a split or merge rewrites only the rows it touches.
CREATE TABLE segments (
    id   TEXT PRIMARY KEY,
    pos  REAL NOT NULL,
    data TEXT NOT NULL,              -- compact JSON of Segment.to_json() without the id
    crc  INTEGER                     -- checksums.segment_crc(id, pos, data), written with the row
) WITHOUT ROWID;

CREATE TABLE speakers (
    id    TEXT PRIMARY KEY,
    pos   INTEGER NOT NULL,
    name  TEXT NOT NULL,
    color TEXT
);

-- Every applied edit, appended in the same transaction that updates the current state.
-- Undo and redo are appended as edits too (their inverse / the step again): the log is never rewritten.
CREATE TABLE history (
    seq   INTEGER PRIMARY KEY,
    time  REAL NOT NULL,                                 -- unix time
    kind  TEXT NOT NULL CHECK (kind IN ('do', 'undo', 'redo')),
    merge INTEGER NOT NULL DEFAULT 0,                    -- 1: joins the previous "do" as one undo step
    label TEXT NOT NULL,
    edit  BLOB NOT NULL                                  -- Edit.to_json(): TEXT, or zlib-compressed BLOB
);

CREATE TABLE versions (
    name     TEXT PRIMARY KEY,
    seq      INTEGER NOT NULL,                           -- last history seq included
    time     REAL NOT NULL,
    snapshot BLOB NOT NULL                               -- zlib JSON {"segments": [...], "speakers": [...]}
);

-- Project-level review data (glossary, ignored suspects, corrections): key -> JSON value.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- What no single row can vouch for (see editor/store/checksums.py), updated in every edit's transaction:
-- the number of segment rows and the sum of their crc, the speakers table and the source text.
CREATE TABLE checksums (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    segments     INTEGER NOT NULL,   -- number of segment rows
    segments_sum INTEGER NOT NULL,   -- sum of the segment rows' crc, modulo 2**62
    speakers     INTEGER NOT NULL,   -- checksums.speakers_crc of the speakers rows in order
    source       INTEGER NOT NULL    -- checksums.source_crc of source name, format, encoding, text
);

-- The last suspect check's results (see editor/store/check_results.py): a cache, so a reopened project shows its
-- suspects at once. Never needed to open or save: when missing or unreadable, the window checks again.
CREATE TABLE check_results (
    content     TEXT NOT NULL,   -- hash of what the checker reads of a segment (text, word confidences, extras)
    fingerprint TEXT NOT NULL,   -- the checker's version and settings (glossary, word lists, corrections)
    suspects    TEXT NOT NULL,   -- JSON [[start, end, text, kinds, score, suggestions, reason], ...]
    PRIMARY KEY (content, fingerprint)
) WITHOUT ROWID;
