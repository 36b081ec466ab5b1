"""`install-desktop`: put the bundled .desktop entry and icon where Linux desktops look for them (no Qt).

The entry's Exec runs this interpreter with `-m editor`, so it starts the app from the venv it was installed
in even when that venv's bin folder is not on the PATH of the desktop session.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from editor import paths
from editor.atomic_write import write_atomic
from editor.errors import UserError

ENTRY = "transcript-editor.desktop"
ICON = "icons/transcript-editor.svg"


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def _exec_line(python: str) -> str:
    quoted = f'"{python}"' if any(c in python for c in ' "\'\\$`') else python
    return f"Exec={quoted} -m editor %f"


def desktop_entry(python: str | None = None) -> str:
    """The bundled entry with Exec pointing at `python` (this interpreter by default)."""
    text = (paths.resource_files() / ENTRY).read_text(encoding="utf-8")
    lines = [_exec_line(python or sys.executable) if line.startswith("Exec=") else line for line in text.splitlines()]
    return "\n".join(lines) + "\n"


def cmd_install_desktop(args: argparse.Namespace) -> int:
    data = _data_home()
    entry = data / "applications" / ENTRY
    icon = data / "icons" / "hicolor" / "scalable" / "apps" / "transcript-editor.svg"
    try:
        for target, content in ((icon, (paths.resource_files() / ICON).read_bytes()),
                                (entry, desktop_entry().encode("utf-8"))):
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, content)
    except OSError as exc:
        raise UserError(f"{exc.filename or data}: cannot write the desktop entry: {exc.strerror or exc}") from exc
    print(f"installed {entry}")
    print(f"installed {icon}")
    print("Transcript Editor is now in the desktop's application menu (remove these two files to undo).")
    return 0
