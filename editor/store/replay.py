"""Consistency checks of a project file: the stored state must equal the original plus the history."""

from __future__ import annotations

from editor.core.edits import EditConflict
from editor.core.model import Transcript
from editor.store.project import Project


def replay_history(project: Project) -> Transcript:
    """The original import with every history entry applied in order (slow; for checks, never on open)."""
    transcript = project.version_transcript("original")
    for _entry, edit in project.history_edits():
        edit.apply(transcript)
    return transcript


def integrity_problems(project: Project) -> list[str]:
    """SQLite's full integrity_check, plus whether the current state equals the replayed history."""
    rows = [row[0] for row in project._db().execute("PRAGMA integrity_check")]
    problems = [] if rows == ["ok"] else rows
    try:
        if replay_history(project) != project.transcript:
            problems.append("the current state differs from the original with the history applied")
    except EditConflict as exc:
        problems.append(f"the history does not replay onto the original: {exc}")
    return problems
