"""Finding (or making) the project that belongs to a transcript file the user opened."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from editor import paths
from editor.errors import ProjectError

if TYPE_CHECKING:
    from editor.store.project import Project

PROJECT_SUFFIX = ".tproj"
_HASHED_NAME = re.compile(r".+-[0-9a-f]{10}")  # fallback_project_path's names


def fallback_project_path(source: Path) -> Path:
    """The project path in the user's data folder: `<name>-<hash of the absolute path>.tproj`."""
    digest = hashlib.sha1(str(source).encode("utf-8")).hexdigest()[:10]
    return paths.user_data_dir() / "projects" / f"{source.stem}-{digest}{PROJECT_SUFFIX}"


def default_project_path(source: Path) -> Path:
    """`talk.txt` -> `talk.tproj` beside it."""
    return source.with_suffix(PROJECT_SUFFIX)


def full_name_project_path(source: Path) -> Path:
    """`talk.md` -> `talk.md.tproj` beside it: readable when `talk.tproj` belongs to `talk.txt`."""
    return source.with_name(source.name + PROJECT_SUFFIX)


def readable_name(project_path: str | Path) -> str:
    """A project's name for people: `talk` for `talk.tproj`, and without the path hash a project in the data
    folder carries (`talk-3f2a9c1b0d.tproj` -> `talk`)."""
    path = Path(project_path)
    name = path.name[: -len(PROJECT_SUFFIX)] if path.name.lower().endswith(PROJECT_SUFFIX) else path.stem
    if _HASHED_NAME.fullmatch(name) and path.parent == paths.user_data_dir() / "projects":
        name = name.rsplit("-", 1)[0]
    return name


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

    The project goes beside the source (`talk.txt` -> `talk.tproj`, or `talk.txt.tproj` when that name is
    taken) when that folder is writable and the file is not a bundled sample, else into the user's data folder.
    `project.created` says which happened.
    """
    from editor.formats import load_transcript
    from editor.store.files import file_sha256
    from editor.store.project import Project

    source = Path(source_path).resolve()
    try:
        digest = file_sha256(source)
    except FileNotFoundError as exc:
        raise ProjectError(source, "no such file") from exc
    except OSError as exc:
        raise ProjectError(source, f"cannot read the file: {exc.strerror}") from exc
    beside, second, fallback = default_project_path(source), full_name_project_path(source), fallback_project_path(source)
    for candidate in (beside, second, fallback):
        if candidate.exists():
            # Read-only first: a project of another file may be open (locked) in this very window.
            with Project.open(candidate, read_only=True) as peek:
                ours = _same_source(peek, source, digest)
            if ours:
                return Project.open(candidate)
    transcript = load_transcript(source)
    # Beside the transcript, where people look for it: `talk.tproj`, or `talk.md.tproj` when `talk.txt` has
    # that name; the data folder only for a folder we cannot write to (or the bundled samples' folder).
    free_beside = next((p for p in (beside, second) if not p.exists()), None)
    use_beside = free_beside is not None and not _is_bundled(source) and _folder_writable(source.parent)
    target = free_beside if use_beside and free_beside is not None else fallback
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
