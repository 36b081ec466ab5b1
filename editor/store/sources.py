"""Finding (or making) the project that belongs to a transcript file the user opened."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from editor import paths
from editor.errors import ProjectError

if TYPE_CHECKING:
    from editor.store.project import Project

PROJECT_SUFFIX = ".tproj"


def fallback_project_path(source: Path) -> Path:
    """The project path in the user's data folder: `<name>-<hash of the absolute path>.tproj`."""
    digest = hashlib.sha1(str(source).encode("utf-8")).hexdigest()[:10]
    return paths.user_data_dir() / "projects" / f"{source.stem}-{digest}{PROJECT_SUFFIX}"


def default_project_path(source: Path) -> Path:
    """`talk.txt` -> `talk.tproj` beside it."""
    return source.with_suffix(PROJECT_SUFFIX)


def _same_source(project: Project, source: Path, digest: str) -> bool:
    stored_path, stored_digest = project.source_identity()
    return stored_path == str(source) or (stored_digest is not None and stored_digest == digest)


def _folder_writable(folder: Path) -> bool:
    """True if we can create files in `folder` (tried for real: access() lies on some file systems)."""
    probe = folder / f".transcript-editor-probe-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return False
    return True


def _is_bundled(source: Path) -> bool:
    """True for the sample transcripts shipped with the app: their folder is not the user's to fill."""
    return source.parent == paths.seeds_dir().resolve()


def project_for_source(source_path: str | Path) -> Project:
    """Open the project made from this transcript file before, or import the file into a new one.

    The project goes beside the source (`talk.txt` -> `talk.tproj`) when that folder is writable and the
    name is free and the file is not a bundled sample, else into the user's data folder.
    `project.created` says which happened.
    """
    from editor.formats import load_transcript
    from editor.store.project import Project

    source = Path(source_path).resolve()
    try:
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
    except FileNotFoundError as exc:
        raise ProjectError(source, "no such file") from exc
    except OSError as exc:
        raise ProjectError(source, f"cannot read the file: {exc.strerror}") from exc
    beside, fallback = default_project_path(source), fallback_project_path(source)
    for candidate in (beside, fallback):
        if candidate.exists():
            project = Project.open(candidate)
            if _same_source(project, source, digest):
                return project
            project.close()
    transcript = load_transcript(source)
    use_beside = not beside.exists() and not _is_bundled(source) and _folder_writable(source.parent)
    target = beside if use_beside else fallback
    if target == fallback:
        fallback.parent.mkdir(parents=True, exist_ok=True)
        if fallback.exists():  # made from another file with the same name at the same path: start afresh
            raise ProjectError(fallback, "exists but was made from a different file; move it away to re-import")
    try:
        return Project.create(target, transcript, source_path=source)
    except ProjectError:
        if target == fallback:
            raise
    fallback.parent.mkdir(parents=True, exist_ok=True)
    return Project.create(fallback, transcript, source_path=source)
