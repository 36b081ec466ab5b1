"""A project: one SQLite file holding the original import, the current state, the edit history and versions.

Every applied edit is appended to the history in the same transaction that updates the current state, so
the file on disk always equals "original + history" and opening it never replays anything. Undo and redo
are appended as edits too. When a write fails the edit stays applied in memory and waits in `pending`.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from editor.core.edits import Batch, Edit, replace_document
from editor.core.labels import describe
from editor.core.model import Change, Segment, Transcript
from editor.errors import DamagedProjectError, ProjectError
from editor.store import check_results, checksums, codec, journal, loading, migrations, positions
from editor.store.diff import DiffOp, diff_transcripts
from editor.store.files import WrittenState, connect, fsync_dir, rollback_quietly, write_new_file, write_reason
from editor.store.lock import ProjectLock
from editor.store.migrations import check_file, migrate
from editor.store.sources import project_for_source
from editor.store.undo import Step, UndoStacks, merged_label

__all__ = ["HistoryEntry", "Project", "VersionInfo", "project_for_source"]

KINDS = ("do", "undo", "redo")
RESERVED_VERSIONS = ("original", "current")
_EDIT_CACHE_SIZE = 512


@dataclass(frozen=True)
class HistoryEntry:
    """One applied edit as listed in the history: `time` is unix time, `kind` is do/undo/redo."""

    seq: int
    time: float
    label: str
    kind: str


@dataclass(frozen=True)
class VersionInfo:
    """A named version: the state after history entry `seq`."""

    name: str
    seq: int
    time: float


@dataclass(frozen=True)
class _Entry:
    """A history entry not yet written to the file."""

    seq: int
    time: float
    kind: str
    merge: bool
    label: str
    edit: Edit


class Project:
    """An open project file. `transcript` is the live current state; change it only through `apply`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: ProjectLock | None, read_only: bool,
                 written: tuple[Transcript, WrittenState] | None = None) -> None:
        self.path = path
        self.read_only = read_only
        self.created = False
        self.last_merged = False  # the last applied edit joined the undo step before it
        self._conn: sqlite3.Connection | None = conn
        self._lock = lock
        self._pending: list[_Entry] = []
        self._dirty_segments: set[str] = set()
        self._rewrite_segments = False
        self._dirty_speakers = False
        self._meta: dict[str, Any] = {}
        self._dirty_meta: set[str] = set()
        self._stacks: UndoStacks | None = None
        self._edit_cache: dict[int, Edit] = {}
        self._label_cache: dict[Step, str] = {}
        self._pos: dict[str, float] = {}
        self._crc: dict[str, int] = {}
        self._crc_sum = 0
        self._speakers_crc = 0
        self._source_crc = 0
        self.problems: list[str] = []  # what was damaged on load (a read-only open shows the rest)
        self.read_problems: list[str] = []  # damage met after opening: history entries (undo stops there), meta
        self.notices: list[str] = []  # what opening did that the user should know (a journal moved aside)
        if written is None:
            self.transcript = self._load()
        else:  # just written from this transcript: reading it back would hold a second copy of a large import
            self.transcript, state = written
            self._pos, self._crc, self._speakers_crc, self._source_crc = state.pos, state.crcs, state.speakers_crc, \
                state.source_crc
            for crc in state.crcs.values():
                self._crc_sum = checksums.add(self._crc_sum, crc)
        self._next_seq, self._last_kind = self._read_log_tail()

    # ----- opening and closing -------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, transcript: Transcript, *, source_path: str | Path | None = None) -> Project:
        """Make a new project file from an imported transcript; ProjectError if `path` exists."""
        path = Path(path)
        if not path.parent.is_dir():
            raise ProjectError(path, "the folder does not exist")
        lock = ProjectLock(path)
        lock.acquire()
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            if path.exists():
                raise ProjectError(path, "already exists")
            state = write_new_file(tmp, transcript, source_path)
            os.replace(tmp, path)
            fsync_dir(path.parent)
            project = cls(path, connect(path, read_only=False), lock, read_only=False,
                          written=(transcript.copy(), state))  # (shares the immutable segments)
        except (OSError, sqlite3.Error) as exc:
            lock.release()
            raise ProjectError(path, f"cannot create the project: {exc}") from exc
        except BaseException:
            lock.release()
            raise
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
                leftover.unlink(missing_ok=True)
        project.created = True
        project.notices = list(transcript.source.notes)  # what the import changed, for the user
        return project

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Project:
        """Open a project; ProjectError if it is not a sound project or is in use by another process.

        `read_only=True` ignores the lock and never writes to the file.
        """
        path = Path(path)
        if not path.is_file():
            raise ProjectError(path, "no such project file" if not path.exists() else "is not a project file")
        lock = None
        if not read_only:
            if not os.access(path, os.W_OK):
                raise ProjectError(path, "is read-only (the file cannot be written)", read_only_ok=True)
            lock = ProjectLock(path)
            lock.acquire()
        conn = None
        try:
            notice = None if read_only else journal.settle_journal(path).notice
            version = check_file(path, recover=not read_only)
            if read_only and version < migrations.SCHEMA_VERSION:
                raise ProjectError(path, "is in an older project format; open it for editing once to upgrade it")
            conn = connect(path, read_only)
            migrate(conn, path, version)
            project = cls(path, conn, lock, read_only)
            if project.problems and not read_only:
                # Writing to a file whose rows do not read back as written could only spread the damage.
                raise DamagedProjectError(path, project.problems)
            project.notices = [notice] if notice else []
            return project
        except BaseException as exc:
            if conn is not None:
                conn.close()
                gc.unfreeze()  # (what loading set aside: see _load)
            if lock is not None:
                lock.release()
            if isinstance(exc, (sqlite3.Error, KeyError, ValueError, TypeError)):
                raise ProjectError(path, f"is damaged or not a project ({exc})") from exc
            raise

    def __enter__(self) -> Project:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            self.close()
        except ProjectError:
            self.close(force=True)
            if exc_type is None:
                raise

    def close(self, *, force: bool = False) -> None:
        """Write what is pending and close; if that fails, raise and stay open (unless `force`)."""
        if self._conn is None:
            return
        if self._pending or self._dirty_meta:
            try:
                self.flush()
            except ProjectError:
                if not force:
                    raise
        self._conn.close()
        self._conn = None
        if self._lock is not None:
            self._lock.release()
        gc.unfreeze()  # (see _load) what this project set aside is the collector's business again

    @property
    def closed(self) -> bool:
        return self._conn is None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise ProjectError(self.path, "the project is closed")
        return self._conn

    def _require_writable(self) -> sqlite3.Connection:
        if self.read_only:
            raise ProjectError(self.path, "is open read-only")
        return self._db()

    # ----- loading -----------------------------------------------------------------------------------------
    def _load(self) -> Transcript:
        # Loading makes ~10 objects per word and no cycles: pausing the cycle collector saves it from
        # rescanning them all again and again (a third of the open time of a 100,000-word project).
        paused = gc.isenabled()
        gc.disable()
        try:
            return self._load_state()
        finally:
            # ... and once they are loaded, the collector would still walk all of them three times over (young,
            # middle, then a full collection) within the next second of work: a third of a second on 10 hours.
            # They hold no cycles (plain refcounting frees them), so they are set aside for the collector until
            # the project closes. (gc.freeze() is process-wide: what else lives now is set aside too, until then.)
            gc.freeze()
            if paused:
                gc.enable()

    def _load_state(self) -> Transcript:
        db = self._db()
        version = db.execute("PRAGMA user_version").fetchone()[0]
        state = loading.load_state(db, with_checksums=version >= 2)
        self._pos = state.pos
        self._crc = state.crcs
        self._crc_sum = 0
        for crc in state.crcs.values():
            self._crc_sum = checksums.add(self._crc_sum, crc)
        self._speakers_crc = state.speakers_crc
        self._source_crc = state.source_crc
        self.problems = state.problems
        return state.transcript

    def _read_log_tail(self) -> tuple[int, str | None]:
        row = self._db().execute("SELECT seq, kind FROM history ORDER BY seq DESC LIMIT 1").fetchone()
        return (1, None) if row is None else (row[0] + 1, row[1])

    # ----- editing -----------------------------------------------------------------------------------------
    @property
    def last_seq(self) -> int:
        """Seq of the last applied history entry (0 when there is none)."""
        return self._next_seq - 1

    @property
    def pending(self) -> list[Edit]:
        """Edits applied in memory but not yet written to the file (after a failed write)."""
        return [entry.edit for entry in self._pending]

    def apply(self, edit: Edit, *, kind: str = "do", merge: bool = False) -> Change:
        """Apply `edit` and append it to the history in the transaction that updates the stored state.

        `merge=True` asks to join this "do" to the previous "do" in one undo step; `last_merged` then says whether
        it was joined (the one place that decides). EditConflict propagates with nothing changed. A failed write
        raises ProjectError, but the edit stays applied and waits in `pending`.
        """
        self._require_writable()
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        before = self.transcript.segments[:]
        # Labels name whole words and paragraphs, so they are read against the state the edit applies to; an
        # undo is labelled as the step it undoes, read against the state it returns to.
        label = None if kind == "undo" else describe(edit, self.transcript)
        change = edit.apply(self.transcript)
        self._track(before, change)
        merge = merge and kind == "do" and self._last_kind == "do"
        self.last_merged = merge
        if label is None:
            label = describe(edit.inverse(), self.transcript)
        entry = _Entry(self._next_seq, time.time(), kind, merge, label, edit)
        self._next_seq += 1
        self._last_kind = kind
        self._pending.append(entry)
        self._remember(entry.seq, edit)
        if self._stacks is not None:
            self._stacks.push(entry.seq, kind, merge)
        self.flush()
        return change

    def _track(self, before: list[Segment], change: Change) -> None:
        """Note which rows the change touched; give inserted segments sort keys between their neighbours."""
        self._dirty_segments |= change.segments
        self._dirty_speakers = self._dirty_speakers or change.speakers
        if not change.structure:
            return
        after = self.transcript.segments
        p, s = positions.changed_run(before, after)
        for seg in before[p : len(before) - s]:
            self._pos.pop(seg.id, None)
            self._dirty_segments.add(seg.id)
        middle = after[p : len(after) - s]
        low = self._pos[after[p - 1].id] if p else None
        high = self._pos[after[len(after) - s].id] if s else None
        keys = positions.between(low, high, len(middle))
        if keys is None:
            self._pos = {seg.id: key for seg, key in zip(after, positions.spaced(len(after)), strict=True)}
            self._rewrite_segments = True
            return
        for seg, key in zip(middle, keys, strict=True):
            self._pos[seg.id] = key
            self._dirty_segments.add(seg.id)

    def flush(self) -> None:
        """Write pending edits and state in one transaction; ProjectError (nothing lost) if it fails."""
        if not (self._pending or self._dirty_segments or self._dirty_speakers or self._rewrite_segments
                or self._dirty_meta):
            return
        db = self._require_writable()
        try:
            if db.in_transaction:  # left over from an earlier failure
                db.execute("ROLLBACK")
            db.execute("BEGIN IMMEDIATE")
            crcs, total, speakers_crc = self._write_pending(db)
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            rollback_quietly(db)
            count = len(self._pending)
            error = ProjectError(
                self.path,
                f"could not save ({write_reason(exc)}); {count} edit(s) are kept in memory and will be saved "
                "when that is fixed (or use Save As)",
            )
            error.reason = write_reason(exc)  # type: ignore[attr-defined]  # for callers that cannot wait
            raise error from exc
        self._crc, self._crc_sum, self._speakers_crc = crcs, total, speakers_crc
        self._pending.clear()
        self._dirty_segments.clear()
        self._rewrite_segments = False
        self._dirty_speakers = False
        self._dirty_meta.clear()

    def _write_pending(self, db: sqlite3.Connection) -> tuple[dict[str, int], int, int]:
        """Write the pending rows; return the checksums they leave (kept only once the commit succeeds)."""
        db.executemany(
            "INSERT INTO history (seq, time, kind, merge, label, edit) VALUES (?, ?, ?, ?, ?, ?)",
            [(e.seq, e.time, e.kind, int(e.merge), e.label, codec.edit_value(e.edit)) for e in self._pending],
        )
        transcript = self.transcript
        if self._rewrite_segments:
            db.execute("DELETE FROM segments")
            ids: set[str] | list[str] = [seg.id for seg in transcript.segments]
        else:
            ids = self._dirty_segments
        crcs = dict(self._crc) if not self._rewrite_segments else {}
        total = self._crc_sum if not self._rewrite_segments else 0
        upserts, deletes = [], []
        for seg_id in ids:
            old_crc = crcs.pop(seg_id, None)
            if old_crc is not None:
                total = checksums.sub(total, old_crc)
            if transcript.has_segment(seg_id):
                pos, data = self._pos[seg_id], codec.segment_data(transcript.segment(seg_id))
                crc = checksums.segment_crc(seg_id, pos, data)
                crcs[seg_id] = crc
                total = checksums.add(total, crc)
                upserts.append((seg_id, pos, data, crc))
            else:
                deletes.append((seg_id,))
        db.executemany("DELETE FROM segments WHERE id = ?", deletes)
        db.executemany(
            "INSERT INTO segments (id, pos, data, crc) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET pos = excluded.pos, data = excluded.data, crc = excluded.crc",
            upserts,
        )
        speakers_crc = self._speakers_crc
        if self._dirty_speakers:
            rows = [(sp.id, i, sp.name, sp.color) for i, sp in enumerate(transcript.speakers)]
            db.execute("DELETE FROM speakers")
            db.executemany("INSERT INTO speakers (id, pos, name, color) VALUES (?, ?, ?, ?)", rows)
            speakers_crc = checksums.speakers_crc(rows)
        if ids or self._dirty_speakers:
            db.execute("INSERT OR REPLACE INTO checksums (id, segments, segments_sum, speakers, source) "
                       "VALUES (1, ?, ?, ?, ?)", (len(crcs), total, speakers_crc, self._source_crc))
        for key in self._dirty_meta:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, codec.dumps(self._meta[key])),
            )
        return crcs, total, speakers_crc

    # ----- undo and redo -----------------------------------------------------------------------------------
    def _stacks_now(self) -> UndoStacks:
        """The undo/redo stacks, computed from the log's kind/merge columns on first use."""
        if self._stacks is None:
            stacks = UndoStacks()
            for seq, kind, merge in self._db().execute("SELECT seq, kind, merge FROM history ORDER BY seq"):
                stacks.push(seq, kind, bool(merge))
            for entry in self._pending:
                stacks.push(entry.seq, entry.kind, entry.merge)
            self._stacks = stacks
        return self._stacks

    def _remember(self, seq: int, edit: Edit) -> None:
        if len(self._edit_cache) >= _EDIT_CACHE_SIZE:
            self._edit_cache.pop(next(iter(self._edit_cache)))
        self._edit_cache[seq] = edit

    def _edits(self, seqs: Step) -> list[Edit]:
        """The edits of some history entries, in the order given."""
        found = self._edits_by_seq(seqs)
        return [found[seq] for seq in seqs]

    def _edits_by_seq(self, seqs: Step | list[int]) -> dict[int, Edit]:
        """seq -> edit, from memory when recent or pending, else from the file."""
        found = {seq: self._edit_cache[seq] for seq in seqs if seq in self._edit_cache}
        if self._pending:  # not in the file yet, and maybe no longer in the cache
            queued = {e.seq: e.edit for e in self._pending}
            found.update((seq, queued[seq]) for seq in seqs if seq in queued)
        missing = [seq for seq in seqs if seq not in found]
        db = self._db()
        try:
            if len(missing) > 5000:  # most of the log: one scan beats many look-ups
                wanted = set(missing)
                for seq, value in db.execute("SELECT seq, edit FROM history ORDER BY seq"):
                    if seq in wanted:
                        found[seq] = self._decode_edit(seq, value)
                return found
            for start in range(0, len(missing), 500):
                chunk = missing[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for seq, value in db.execute(f"SELECT seq, edit FROM history WHERE seq IN ({marks})", chunk):
                    found[seq] = self._decode_edit(seq, value)
        except sqlite3.DatabaseError as exc:
            raise ProjectError(self.path, f"the history cannot be read ({exc})") from exc
        for seq in missing:
            if seq not in found:
                raise ProjectError(self.path, f"history entry {seq} is missing")
        return found

    def _decode_edit(self, seq: int, value: Any) -> Edit:
        try:
            return codec.edit_from_value(value)
        except Exception as exc:  # any malformed value: JSON, zlib, wrong fields or types
            raise ProjectError(self.path, f"history entry {seq} is damaged ({type(exc).__name__}: {exc})") from exc

    def _step_edit(self, step: Step) -> Edit:
        edits = self._edits(step)
        if len(edits) == 1:
            return edits[0]
        return Batch(tuple(edits), self._step_label(step, edits))

    def _step_label(self, step: Step, edits: list[Edit] | None = None) -> str:
        if step not in self._label_cache:
            if len(self._label_cache) > 1000:
                self._label_cache.clear()
            self._label_cache[step] = merged_label(edits or self._edits(step))
        return self._label_cache[step]

    def can_undo(self) -> bool:
        return bool(self._stacks_now().done)

    def can_redo(self) -> bool:
        return bool(self._stacks_now().undone)

    def undo_label(self) -> str | None:
        """Label of the step `undo()` would undo (None if there is none)."""
        done = self._stacks_now().done
        return self._step_label(done[-1]) if done else None

    def redo_label(self) -> str | None:
        undone = self._stacks_now().undone
        return self._step_label(undone[-1]) if undone else None

    def undo(self) -> Change | None:
        """Undo the last step by appending its inverse (kind "undo"); None if there is nothing to undo."""
        self._require_writable()
        done = self._stacks_now().done
        if not done:
            return None
        return self.apply(self._step_edit(done[-1]).inverse(), kind="undo")

    def redo(self) -> Change | None:
        """Redo the last undone step by appending it again (kind "redo"); None if there is nothing to redo."""
        self._require_writable()
        undone = self._stacks_now().undone
        if not undone:
            return None
        return self.apply(self._step_edit(undone[-1]), kind="redo")

    def undo_steps(self, limit: int | None = None) -> tuple[list[Edit], list[Edit]]:
        """(done, undone) steps, oldest first: done[-1] is the next undo, undone[-1] the next redo.

        A merged step is one Batch. Lets a GUI rebuild its undo stack after reopening; `limit` keeps only
        the most recent `limit` steps of each list.
        """
        stacks = self._stacks_now()
        done, undone = stacks.done, stacks.undone
        if limit is not None:
            done, undone = done[-limit:] if limit else [], undone[-limit:] if limit else []
        try:
            edits = self._edits_by_seq([seq for step in [*done, *undone] for seq in step])
        except ProjectError:
            edits = self._readable_edits([seq for step in [*done, *undone] for seq in step])
            # A damaged entry cannot be undone or redone, nor can anything beyond it.
            done = _after_last_gap(done, edits)
            undone = _after_last_gap(undone, edits)
        return [self._step_from(s, edits) for s in done], [self._step_from(s, edits) for s in undone]

    def _readable_edits(self, seqs: list[int]) -> dict[int, Edit]:
        """The edits of `seqs` that decode; the others are reported in `read_problems`."""
        found: dict[int, Edit] = {}
        for seq in seqs:
            try:
                found.update(self._edits_by_seq([seq]))
            except ProjectError as exc:
                self.read_problems.append(exc.message)
        return found

    def _step_from(self, step: Step, edits: dict[int, Edit]) -> Edit:
        parts = [edits[seq] for seq in step]
        return parts[0] if len(parts) == 1 else Batch(tuple(parts), self._step_label(step, parts))

    # ----- history -----------------------------------------------------------------------------------------
    def history(self, limit: int | None = None) -> list[HistoryEntry]:
        """The applied edits, oldest first (only the last `limit` ones if given)."""
        query = "SELECT seq, time, label, kind FROM history ORDER BY seq DESC"
        params: tuple[int, ...] = ()
        if limit is not None:
            query += " LIMIT ?"
            params = (limit,)
        stored = [HistoryEntry(*row) for row in self._db().execute(query, params)]
        stored.reverse()
        entries = stored + [HistoryEntry(e.seq, e.time, e.label, e.kind) for e in self._pending]
        if limit is None:
            return entries
        return entries[-limit:] if limit > 0 else []

    def history_edits(self) -> Iterator[tuple[HistoryEntry, Edit]]:
        """Every history entry with its edit, oldest first (for replay checks and exports of the log)."""
        rows = self._db().execute("SELECT seq, time, label, kind, edit FROM history ORDER BY seq")
        for seq, when, label, kind, value in rows:
            yield HistoryEntry(seq, when, label, kind), self._decode_edit(seq, value)
        for e in self._pending:
            yield HistoryEntry(e.seq, e.time, e.label, e.kind), e.edit

    # ----- versions ----------------------------------------------------------------------------------------
    def save_version(self, name: str) -> VersionInfo:
        """Record the current state under `name` (names are unique; 'original' and 'current' are reserved)."""
        db = self._require_writable()
        name = name.strip()
        if not name:
            raise ProjectError(self.path, "a version needs a name")
        if name.lower() in RESERVED_VERSIONS:
            raise ProjectError(self.path, f"'{name}' is a reserved version name")
        if db.execute("SELECT 1 FROM versions WHERE name = ?", (name,)).fetchone():
            raise ProjectError(self.path, f"a version named '{name}' already exists")
        self.flush()
        info = VersionInfo(name, self._next_seq - 1, time.time())
        blob = codec.pack_snapshot(self.transcript.segments, self.transcript.speakers)
        try:
            db.execute("INSERT INTO versions (name, seq, time, snapshot) VALUES (?, ?, ?, ?)",
                       (info.name, info.seq, info.time, blob))
        except sqlite3.Error as exc:
            raise ProjectError(self.path, f"could not save the version ({write_reason(exc)})") from exc
        return info

    def versions(self) -> list[VersionInfo]:
        """The named versions, oldest first."""
        rows = self._db().execute("SELECT name, seq, time FROM versions ORDER BY seq, time")
        return [VersionInfo(*row) for row in rows]

    def version_transcript(self, name: str) -> Transcript:
        """The transcript of a named version; 'original' (as imported) and 'current' are valid names."""
        return self.version_loader(name)()

    def version_loader(self, name: str) -> Callable[[], Transcript]:
        """Read a version now; the returned function decodes it, and may run on another thread.

        Decoding a 10-hour snapshot with word timings takes most of a second, which a GUI should not
        spend on its own thread; the database, though, may only be read from the thread that opened it.
        """
        source = replace(self.transcript.source)
        if name == "current":
            current = self.transcript.copy()
            return lambda: current
        if name == "original":
            row = self._db().execute("SELECT original FROM source WHERE id = 1").fetchone()
        else:
            row = self._db().execute("SELECT snapshot FROM versions WHERE name = ?", (name,)).fetchone()
        if row is None:
            known = ", ".join(["original", "current", *(v.name for v in self.versions())])
            raise ProjectError(self.path, f"no version named '{name}' (there are: {known})")
        blob = row[0]

        path = self.path

        def decode() -> Transcript:
            try:
                segments, speakers = codec.unpack_snapshot(blob)
                return Transcript(segments, speakers, replace(source))
            except Exception as exc:  # any malformed value: zlib, JSON, wrong fields or types
                raise ProjectError(path, f"version '{name}' is damaged and cannot be read "
                                   f"({type(exc).__name__}: {exc})") from exc

        return decode

    def restore_version(self, name: str) -> Change:
        """Make a version the current state again, as one more (undoable) edit."""
        target = self.version_transcript(name)
        return self.apply(replace_document(self.transcript, target, f"Restore version '{name}'"))

    def diff(self, a: str, b: str = "current") -> list[DiffOp]:
        """Word-level differences between two versions (see editor.store.diff)."""
        return diff_transcripts(self.version_transcript(a), self.version_transcript(b))

    # ----- review data -------------------------------------------------------------------------------------
    def get_meta(self, key: str, default: Any = None) -> Any:
        """A project-level value (glossary, ignored suspects, ...) stored as JSON."""
        if key not in self._meta:
            try:
                row = self._db().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
                if row is None:
                    return default
                self._meta[key] = codec.unpack(row[0])
            except (sqlite3.DatabaseError, ValueError, TypeError, zlib.error) as exc:
                self.read_problems.append(f"the project's {key!r} data is damaged and was left out ({exc})")
                return default
        return self._meta[key]

    def set_meta(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable project-level value (written at once; kept pending if that fails)."""
        self._require_writable()
        codec.dumps(value)  # fail now on a value that is not JSON
        self._meta[key] = value
        self._dirty_meta.add(key)
        self.flush()

    # ----- the last suspect check (a cache) ------------------------------------------------------------------
    def check_results(self, fingerprint: str) -> dict[str, list[Any]]:
        """content key -> stored suspect rows of the last check made under `fingerprint` ({} when there are none
        or they cannot be read: the caller checks again). See editor/store/check_results.py."""
        if self._conn is None:
            return {}
        return check_results.read(self._conn, fingerprint)

    def store_check_results(self, fingerprint: str, results: Iterable[tuple[str, list[Any]]]) -> bool:
        """Replace the stored check results (one transaction); False when read-only or the write failed."""
        if self.read_only or self._conn is None:
            return False
        return check_results.write(self._conn, fingerprint, results)

    def source_identity(self) -> tuple[str | None, str | None]:
        """(absolute path, sha256) of the file the project was imported from, when known."""
        row = self._db().execute("SELECT path, sha256 FROM source WHERE id = 1").fetchone()
        return (row[0], row[1]) if row else (None, None)

    # ----- save as -----------------------------------------------------------------------------------------
    def save_as(self, path: str | Path) -> None:
        """Copy the project to `path` (SQLite backup API) and continue there; pending edits go to the copy."""
        path = Path(path)
        db = self._db()
        if path.exists() and path.resolve() == self.path.resolve():
            self.flush()
            return
        lock = ProjectLock(path)
        lock.acquire()
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            copy = sqlite3.connect(tmp)
            try:
                db.backup(copy)
            finally:
                copy.close()
            os.replace(tmp, path)
            fsync_dir(path.parent)
            conn = connect(path, read_only=False)
        except (OSError, sqlite3.Error) as exc:
            lock.release()
            tmp.unlink(missing_ok=True)
            raise ProjectError(path, f"cannot save a copy here: {exc}") from exc
        db.close()
        if self._lock is not None:
            self._lock.release()
        self._conn, self._lock, self.path, self.read_only = conn, lock, path, False
        self.flush()


def _after_last_gap(steps: list[Step], edits: dict[int, Edit]) -> list[Step]:
    """The steps after the last one with an edit missing from `edits` (oldest first)."""
    for i in range(len(steps) - 1, -1, -1):
        if any(seq not in edits for seq in steps[i]):
            return steps[i + 1 :]
    return steps
