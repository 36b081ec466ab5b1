"""A lock file beside the project (`<project>.lock`, holding `pid@host`) so only one process edits it.

The owner keeps the lock file open with an exclusive OS lock (flock on POSIX, msvcrt on Windows). The OS
drops that lock when the owner dies, however it dies, so a lock file left by a killed process is stale
by construction: the next opener takes the OS lock, and the file over. A lock that cannot be taken
names its holder from the file's content.
"""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

from editor.errors import ProjectError, ProjectInUseError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


def lock_path_for(project_path: str | Path) -> Path:
    """Where the lock file of a project lives."""
    path = Path(project_path)
    return path.with_name(path.name + ".lock")


def owner_token() -> str:
    """`pid@host` of this process."""
    return f"{os.getpid()}@{socket.gethostname()}"


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def read_owner(lock_path: Path) -> str:
    """The `pid@host` written in a lock file ('another process' when unreadable)."""
    try:
        text = lock_path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    return text or "another process"


class ProjectLock:
    """The exclusive right to write one project file; `release()` gives it back."""

    def __init__(self, project_path: str | Path) -> None:
        self.project_path = Path(project_path)
        self.path = lock_path_for(project_path)
        self._fd: int | None = None


    def acquire(self) -> None:
        """Take the lock or raise ProjectError('in use by <pid>@<host>')."""
        for _attempt in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                hint = "; the folder is read-only" if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) else ""
                raise ProjectError(self.project_path, f"cannot create the lock file {self.path.name}: "
                                   f"{exc.strerror}{hint}", read_only_ok=bool(hint)) from exc
            if not _try_lock(fd):
                os.close(fd)
                raise ProjectInUseError(self.project_path, f"in use by {read_owner(self.path)}")
            # The holder we raced with may have removed the file after we opened it: lock the file that is
            # at the path now, not an orphan.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            token = owner_token().encode("utf-8")
            try:
                os.ftruncate(fd, 0)
                # Windows locks a byte range: write beyond the locked first byte would still be allowed.
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, token + b"\n")
            except OSError:
                pass  # a full disk: the OS lock is what counts; others then see "in use by another process"
            self._fd = fd
            return
        raise ProjectError(self.project_path, "cannot take the lock file: it keeps changing")

    def release(self) -> None:
        """Remove the lock file (while still holding it) and drop the OS lock."""
        if self._fd is None:
            return
        try:
            self.path.unlink()
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None
