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


# The window holds a transcript three times over (the model, the editable text with a block per segment, and
# the original text beside it): measured 391 MB for 10 MB of short lines (103,000 segments). These limits keep
# it under 1 GB; past them, opening in the window is refused and the command line (import, check, export),
# which holds one copy, takes files up to the import limit.
WINDOW_MAX_BYTES = 20 * 1024 * 1024
WINDOW_MAX_SEGMENTS = 250_000


def window_refusal(path: str | Path) -> str | None:
    """Why `path` is too large to open in the window (a sentence naming the size and the limit), or None."""
    import sqlite3

    path = Path(path)
    advice = ("; use the command line for it (transcript-editor import, check, export) or split it into parts "
              "(the limit keeps the window within 1 GB of memory)")
    if is_project_file(path):
        try:
            conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
            try:
                count = conn.execute("SELECT count(*) FROM segments").fetchone()[0]
            finally:
                conn.close()
        except (sqlite3.Error, OSError, TypeError):
            return None  # opening it says what is wrong
        if count > WINDOW_MAX_SEGMENTS:
            return (f"too large to open in the window: {count:,} paragraphs (the window opens up to "
                    f"{WINDOW_MAX_SEGMENTS:,}){advice}")
        return None
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size > WINDOW_MAX_BYTES:
        return (f"too large to open in the window: {size_text(size)} (the window opens transcripts up to "
                f"{size_text(WINDOW_MAX_BYTES)}){advice}")
    return None


def size_text(count: int) -> str:
    """A file size for a message: "25 MB", or "1,000 bytes" under a megabyte."""
    return f"{count / 1024 / 1024:,.0f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"
