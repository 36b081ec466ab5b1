"""The media file attached to a project: where it is, how to recognise it, and what to do when it moved.

A project stores a `MediaRef` (in project meta under META_KEY): the path relative to the project's
folder (so moving project and media together keeps working), the absolute path (so moving only the
project keeps working), the size and a fingerprint. The media is never copied into the project.

The fingerprint hashes the size plus the first and last MiB instead of the whole file: recordings are
often gigabytes, a full hash would take seconds on every open, and the question is only "is this the
same recording?" (a renamed copy or a re-encode), not a security check. A changed middle with the same
size, head and tail goes unnoticed; that does not happen to real media files.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from editor.errors import UserError

META_KEY = "media"
CHUNK = 1 << 20
AUDIO_EXTENSIONS = (".wav", ".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wma", ".aiff", ".aif")
VIDEO_EXTENSIONS = (".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".mpg", ".mpeg", ".wmv")
MEDIA_EXTENSIONS = AUDIO_EXTENSIONS + VIDEO_EXTENSIONS


def fingerprint(path: str | Path) -> str:
    """sha256 over the size and the first and last MiB of the file (see the module docstring for why)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        digest = hashlib.sha256(str(size).encode("ascii") + b"\0")
        with path.open("rb") as handle:
            digest.update(handle.read(CHUNK))
            if size > CHUNK:
                handle.seek(max(CHUNK, size - CHUNK))
                digest.update(handle.read(CHUNK))
    except OSError as exc:
        raise UserError(path, f"cannot read the media file: {exc.strerror or exc}") from exc
    return digest.hexdigest()


def find_media_beside(transcript_path: str | Path) -> Path | None:
    """A media file with the transcript's base name in the same folder (`talk.srt` -> `talk.mp3`).

    Audio is preferred over video, then the order of MEDIA_EXTENSIONS; the extension's case is ignored.
    """
    transcript_path = Path(transcript_path)
    try:
        names = {p.name.lower(): p for p in transcript_path.parent.iterdir() if p.is_file()}
    except OSError:
        return None
    stem = transcript_path.stem.lower()
    for ext in MEDIA_EXTENSIONS:
        found = names.get(stem + ext)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class MediaRef:
    """A project's link to its media file (stored as JSON in the project's meta)."""

    relative: str | None  # to the project's folder, POSIX separators; None on another drive
    absolute: str
    size: int
    checksum: str

    @property
    def name(self) -> str:
        return Path(self.absolute).name

    def to_json(self) -> dict[str, Any]:
        return {"relative": self.relative, "absolute": self.absolute, "size": self.size, "checksum": self.checksum}

    @classmethod
    def from_json(cls, data: Any) -> MediaRef | None:
        """The ref stored in meta, or None when there is none or it is not a ref."""
        if not isinstance(data, dict) or not isinstance(data.get("absolute"), str):
            return None
        relative = data.get("relative")
        size = data.get("size")
        checksum = data.get("checksum")
        return cls(relative if isinstance(relative, str) else None, data["absolute"],
                   size if isinstance(size, int) and not isinstance(size, bool) and size > 0 else 0,
                   checksum if isinstance(checksum, str) else "")


def make_ref(media_path: str | Path, project_path: str | Path) -> MediaRef:
    """A ref to `media_path` for the project at `project_path` (UserError if the file cannot be read)."""
    media = Path(media_path).resolve()
    if not media.is_file():
        raise UserError(media, "no such media file")
    try:
        relative: str | None = Path(os.path.relpath(media, Path(project_path).resolve().parent)).as_posix()
    except ValueError:  # Windows: another drive has no relative path
        relative = None
    return MediaRef(relative, str(media), media.stat().st_size, fingerprint(media))


class MediaStatus(Enum):
    FOUND = "found"  # where the ref says
    MOVED = "moved"  # not there any more, but the same file was found elsewhere (the ref needs updating)
    CHANGED = "changed"  # a file is where the ref says, but it is not the attached recording
    MISSING = "missing"  # nowhere to be found: ask the user to locate it


@dataclass(frozen=True)
class Resolution:
    """Where the attached media is now, and what to tell the user."""

    status: MediaStatus
    path: Path | None
    message: str


def _same_file(ref: MediaRef, path: Path) -> bool:
    try:
        return path.stat().st_size == ref.size and fingerprint(path) == ref.checksum
    except (OSError, UserError):
        return False


def resolve(ref: MediaRef, project_path: str | Path, extra_folders: tuple[Path, ...] = ()) -> Resolution:
    """Find the attached media: relative to the project, at the absolute path, or by name nearby.

    "Nearby" means the project's folder and `extra_folders` (e.g. the transcript's folder): a file with
    the same name and fingerprint there counts as the same recording, moved.
    """
    folder = Path(project_path).resolve().parent
    stored: list[Path] = []
    if ref.relative is not None:
        stored.append(folder / ref.relative)
    stored.append(Path(ref.absolute))
    for candidate in stored:
        if candidate.is_file() and _same_file(ref, candidate):
            return Resolution(MediaStatus.FOUND, candidate.resolve(), "")
    for place in (folder, *extra_folders):
        candidate = place / ref.name
        if candidate.is_file() and _same_file(ref, candidate):
            return Resolution(MediaStatus.MOVED, candidate.resolve(),
                              f"The media file {ref.name} has moved; found it at {candidate.resolve()}.")
    for candidate in stored:
        if candidate.is_file():
            return Resolution(MediaStatus.CHANGED, candidate.resolve(),
                              f"{candidate} is not the recording attached to this project "
                              f"(different size or content). Use it anyway, or locate the right file.")
    return Resolution(MediaStatus.MISSING, None,
                      f"The media file {ref.name} has moved or was deleted (it was at {ref.absolute}). "
                      "Locate it to listen while correcting.")


def check_located(ref: MediaRef, path: str | Path) -> str | None:
    """After the user picked a file for a missing ref: None if it is the same recording, else a warning."""
    path = Path(path)
    if not path.is_file():
        return f"{path}: no such file"
    if _same_file(ref, path):
        return None
    size = path.stat().st_size
    return (f"{path.name} is not the file that was attached ({ref.name}, {ref.size:,} bytes; this one has "
            f"{size:,} bytes or different content). The transcript's times may not match it.")
