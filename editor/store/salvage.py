"""Repair: read what can be read from a damaged project into a new file, leaving the damaged one untouched.

The damaged file is copied to a temporary folder first and only the copy is read, so not even SQLite's
journal handling touches the original. The new project holds the current state as far as it reads (rows
that cannot be used are listed), the original import, the history when all of it reads and replays onto
the original to exactly the salvaged state, the named versions and the review data that decode.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editor.core.edits import EditConflict, replace_document
from editor.core.model import Transcript
from editor.errors import ProjectError
from editor.store import codec, loading, migrations
from editor.store.files import fsync_dir, write_new_file
from editor.store.journal import journal_path

if TYPE_CHECKING:
    from editor.store.project import Project


@dataclass
class SalvageReport:
    """What went into the new file and what could not."""

    segments: int = 0
    problems: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [*self.kept, *(f"lost or changed: {p}" for p in self.problems)]


def _copy_for_reading(path: Path, folder: Path) -> Path:
    """A copy of the project (with its journal rolled back when that leaves a sound file) to read from."""
    plain = folder / "plain.tproj"
    shutil.copyfile(path, plain)
    journal = journal_path(path)
    if journal.exists():
        rolled = folder / "rolled.tproj"
        shutil.copyfile(path, rolled)
        shutil.copyfile(journal, journal_path(rolled))
        try:
            conn = sqlite3.connect(rolled)
            ok = [r[0] for r in conn.execute("PRAGMA integrity_check(1)")] == ["ok"]
            conn.close()
        except sqlite3.DatabaseError:
            ok = False
        if ok:
            return rolled
    return plain


def salvage(path: str | Path, out: str | Path) -> SalvageReport:
    """Write what can be read of project `path` into a new project `out` (which must not exist)."""
    path, out = Path(path), Path(out)
    if not path.is_file():
        raise ProjectError(path, "no such project file")
    if out.exists():
        raise ProjectError(out, "already exists; choose a new file for the repaired project")
    if out.resolve() == path.resolve():
        raise ProjectError(out, "the repaired project must be a new file")
    report = SalvageReport()
    with tempfile.TemporaryDirectory(prefix="tproj-repair-") as tmp:
        try:
            copy = _copy_for_reading(path, Path(tmp))
            conn = sqlite3.connect(copy, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise ProjectError(path, f"cannot be read at all ({exc})") from exc
        try:
            _check_header(conn, path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            state = loading.load_state(conn, with_checksums=version >= 2)
            report.problems += state.problems
            current = state.transcript
            original = _original(conn, current, report)
            history = _history(conn, report)
            current, history = _rebuilt_from_history(original, history, current, state.problems, report,
                                                     doubtful=state.doubtful)
            versions = _rows(conn, "SELECT name, seq, time, snapshot FROM versions ORDER BY seq", report, "version")
            metas = _rows(conn, "SELECT key, value FROM meta", report, "review data")
            identity = _optional_row(conn, "SELECT path, sha256 FROM source WHERE id = 1")
        except sqlite3.DatabaseError as exc:
            raise ProjectError(path, f"cannot be read at all ({exc})") from exc
        finally:
            conn.close()
    report.segments = len(current)
    _write(out, current, original, history, versions, metas, identity, report)
    return report


def _check_header(conn: sqlite3.Connection, path: Path) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise ProjectError(path, f"is not a readable SQLite file ({exc}); nothing can be salvaged") from exc
    if app_id != migrations.APPLICATION_ID:
        raise ProjectError(path, "is not a transcript-editor project; nothing to salvage")


def _original(conn: sqlite3.Connection, current: Transcript, report: SalvageReport) -> Transcript:
    try:
        row = conn.execute("SELECT original FROM source WHERE id = 1").fetchone()
        segments, speakers = codec.unpack_snapshot(row[0])
        return Transcript(segments, speakers, current.source)
    except codec.DECODE_ERRORS as exc:  # any malformed value
        report.problems.append(f"the original import cannot be read ({type(exc).__name__}); the salvaged text "
                               "stands in for it")
        return current.copy()


def _history(conn: sqlite3.Connection, report: SalvageReport) -> list[tuple[Any, ...]] | None:
    """Every history row with its decoded edit, or None when any of it cannot be read."""
    try:
        rows = conn.execute("SELECT seq, time, kind, merge, label, edit FROM history ORDER BY seq").fetchall()
        decoded = []
        for seq, when, kind, merge, label, value in rows:
            if kind not in ("do", "undo", "redo") or not isinstance(label, str) or type(when) not in (int, float):
                raise ValueError(f"entry {seq} has unreadable fields")
            decoded.append((seq, when, kind, int(bool(merge)), label, value, codec.edit_from_value(value)))
        return decoded
    except (*codec.DECODE_ERRORS, sqlite3.DatabaseError) as exc:  # any malformed value or damaged page
        report.problems.append(f"the edit history cannot be read in full ({type(exc).__name__}: {exc}); it was "
                               "replaced by one step from the original import to the salvaged text")
        return None


def _rebuilt_from_history(original: Transcript, history: list[tuple[Any, ...]] | None, current: Transcript,
                          problems: list[str], report: SalvageReport, *, doubtful: set[str] | None = None,
                          ) -> tuple[Transcript, list[tuple[Any, ...]] | None]:
    """(current state, history to keep): the history is kept only when it replays onto the original to
    the current state; when rows are damaged and the whole history replays, it rebuilds them exactly."""
    if history is None:
        return current, None
    replayed = original.copy()
    try:
        for row in history:
            row[-1].apply(replayed)
    except (EditConflict, *codec.DECODE_ERRORS) as exc:  # an edit that does not fit, or a malformed one
        report.problems.append(f"the history does not replay onto the original ({type(exc).__name__}: {exc}); it "
                               "was replaced by one step from the original import to the salvaged text")
        return current, None
    if replayed == current:
        report.kept.append(f"kept the whole history ({len(history)} edits)")
        return current, history
    sound = [s for s in current.segments if s.id not in (doubtful or set())]
    disagree = [s.id for s in sound if not replayed.has_segment(s.id) or replayed.segment(s.id) != s]
    if problems and disagree:
        # History rows carry no checksum: one that reads and replays may still be damaged (a flipped letter in the
        # text an edit typed). Rows that match their checksums are the better witness; keep them.
        report.problems.append(f"the history does not agree with {len(disagree)} sound segment row(s) (first: "
                               f"{disagree[0]!r}), so it is damaged too; it was replaced by one step from the "
                               "original import to the salvaged text")
        return current, None
    if problems:
        # The rows are damaged; the history is whole and replays: it says what the rows held.
        report.kept.append(f"rebuilt the current text from the original import and the {len(history)} edits of "
                           "the history (the damaged rows are not needed)")
        rows = [p for p in problems if p.startswith(("segment ", "the segments")) or "segment(s) but" in p]
        report.problems = [p for p in report.problems if p not in rows]
        return replayed, history
    report.problems.append("the history does not lead to the stored text; it was replaced by one step from the "
                           "original import to the stored text")
    return current, None


def _rows(conn: sqlite3.Connection, sql: str, report: SalvageReport, what: str) -> list[tuple[Any, ...]]:
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"the {what} cannot be read ({exc})")
        return []


def _optional_row(conn: sqlite3.Connection, sql: str) -> tuple[Any, ...] | None:
    try:
        row: tuple[Any, ...] | None = conn.execute(sql).fetchone()
    except sqlite3.DatabaseError:
        return None
    return row


def _write(out: Path, current: Transcript, original: Transcript, history: list[tuple[Any, ...]] | None,
           versions: list[tuple[Any, ...]], metas: list[tuple[Any, ...]], identity: tuple[Any, ...] | None, report: SalvageReport) -> None:
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        write_new_file(tmp, original, None)
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("BEGIN")
            if identity and all(v is None or isinstance(v, str) for v in identity):
                conn.execute("UPDATE source SET path = ?, sha256 = ? WHERE id = 1", identity)
            conn.execute("COMMIT")
        finally:
            conn.close()
        from editor.store.project import Project

        with Project(tmp, _connect(tmp), None, read_only=False) as project:
            if history is not None:
                _append_history(project, history)
            elif current != original:
                project.apply(replace_document(project.transcript, current, "Repair: salvaged text"))
            kept_versions = _copy_versions(project, versions, report)
            kept_meta = _copy_meta(project, metas, report)
        if versions:
            report.kept.append(f"kept {kept_versions} of {len(versions)} named version(s)")
        if metas:
            report.kept.append(f"kept {kept_meta} of {len(metas)} review data item(s)")
        os.replace(tmp, out)
        fsync_dir(out.parent)
    except (OSError, sqlite3.Error) as exc:
        raise ProjectError(out, f"cannot write the repaired project: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
        journal_path(tmp).unlink(missing_ok=True)


def _connect(path: Path) -> sqlite3.Connection:
    from editor.store.files import connect

    return connect(path, read_only=False)


def _append_history(project: Project, history: list[tuple[Any, ...]]) -> None:
    """Apply the salvaged history to the fresh file, keeping each entry's kind, merge flag and time."""
    for _seq, _when, kind, merge, _label, _value, edit in history:
        project.apply(edit, kind=kind, merge=bool(merge))
    db = project._db()
    db.execute("BEGIN")
    db.executemany("UPDATE history SET time = ?, label = ? WHERE seq = ?",
                   [(when, label, i) for i, (_s, when, _k, _m, label, _v, _e) in enumerate(history, start=1)])
    db.execute("COMMIT")


def _copy_versions(project: Project, versions: list[tuple[Any, ...]], report: SalvageReport) -> int:
    kept = 0
    db = project._db()
    for name, seq, when, snapshot in versions:
        try:
            codec.unpack_snapshot(snapshot)
            db.execute("INSERT INTO versions (name, seq, time, snapshot) VALUES (?, ?, ?, ?)",
                       (str(name), int(seq), float(when), snapshot))
            kept += 1
        except codec.DECODE_ERRORS as exc:  # any malformed value
            report.problems.append(f"version {name!r} cannot be read ({type(exc).__name__})")
    return kept


def _copy_meta(project: Project, metas: list[tuple[Any, ...]], report: SalvageReport) -> int:
    kept = 0
    for key, value in metas:
        try:
            project.set_meta(str(key), codec.unpack(value))
            kept += 1
        except codec.DECODE_ERRORS as exc:  # any malformed value
            report.problems.append(f"review data {key!r} cannot be read ({type(exc).__name__})")
    return kept


