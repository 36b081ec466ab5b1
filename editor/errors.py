"""Errors that reach the user: each names the file and says what is wrong with it, in one line."""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """A problem the user can act on (bad input file, project in use, disk full...)."""

    def __init__(self, path: str | Path | None, message: str) -> None:
        super().__init__(message)
        self.path = None if path is None else str(path)
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class FormatError(UserError):
    """A transcript file could not be read or written in its format."""


class ProjectError(UserError):
    """A project file could not be opened, locked or written.

    `read_only_ok`: opening it read-only may still work (it is in use, on a read-only medium, or damaged).
    """

    def __init__(self, path: str | Path | None, message: str, *, read_only_ok: bool = False) -> None:
        super().__init__(path, message)
        self.read_only_ok = read_only_ok


class DamagedProjectError(ProjectError):
    """A project whose rows do not all read back as written: `problems` lists them, one line each."""

    def __init__(self, path: str | Path | None, problems: list[str]) -> None:
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        super().__init__(path, f"is damaged: {shown}", read_only_ok=True)
        self.problems = problems


class ProjectInUseError(ProjectError):
    """Another process holds the project's lock (it can still be opened read-only)."""

    def __init__(self, path: str | Path | None, message: str) -> None:
        super().__init__(path, message, read_only_ok=True)
