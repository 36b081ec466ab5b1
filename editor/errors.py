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
    """A project file could not be opened, locked or written."""


class ProjectInUseError(ProjectError):
    """Another process holds the project's lock (it can still be opened read-only)."""
