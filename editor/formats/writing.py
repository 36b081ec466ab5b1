"""Atomic writing of exported files, with errors that name the file."""

from __future__ import annotations

from pathlib import Path

from editor import atomic_write
from editor.errors import FormatError


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` atomically; FormatError naming the file if it cannot be written."""
    try:
        atomic_write.write_atomic(path, data)
    except OSError as exc:
        raise FormatError(path, f"cannot write: {exc.strerror or exc}") from exc
