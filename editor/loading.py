"""Open whatever the user named: a project file or a transcript file in any importable format."""

from __future__ import annotations

from pathlib import Path

from editor.core.model import Transcript
from editor.errors import DamagedProjectError, UserError
from editor.store.migrations import SQLITE_HEADER
from editor.store.sources import PROJECT_SUFFIX


def is_project_file(path: str | Path) -> bool:
    """True for a project file: a .tproj name or SQLite content."""
    path = Path(path)
    if path.suffix.lower() == PROJECT_SUFFIX:
        return True
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def load_input(path: str | Path, version: str | None = None) -> Transcript:
    """The transcript in `path` (a project's current state or named `version`, or an imported file)."""
    path = Path(path)
    if not path.exists():
        raise UserError(path, "no such file")
    if path.is_dir():
        raise UserError(path, "is a folder, not a transcript or project file")
    if is_project_file(path):
        from editor.store.project import Project

        with Project.open(path, read_only=True) as project:
            if project.problems:  # never hand on damaged content as if it were sound
                raise DamagedProjectError(path, project.problems)
            return project.transcript if version is None else project.version_transcript(version)
    if version is not None:
        raise UserError(path, "--version needs a project file (.tproj), not a transcript file")
    from editor.formats import load_transcript

    return load_transcript(path)
