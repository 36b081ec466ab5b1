"""What the window offers when a project cannot be opened for editing: read-only, or recover into a new file.

A damaged project is never opened for writing (that could only spread the damage); the user sees what is
wrong, row by row, and chooses to look at the rest read-only or to salvage it into a new project file.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from editor.errors import DamagedProjectError, ProjectError, UserError
from editor.ui.dialogs.messages import show_error


class OpenChoice(Enum):
    READ_ONLY = "read-only"
    RECOVER = "recover"
    CANCEL = "cancel"


def choose_after_refusal(parent: QWidget | None, exc: ProjectError) -> OpenChoice:
    """Ask what to do with a project that cannot be opened for editing (in use, read-only, damaged)."""
    damaged = isinstance(exc, DamagedProjectError)
    box = QMessageBox(QMessageBox.Icon.Warning, "Project damaged" if damaged else "Cannot edit this project",
                      "", QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if isinstance(exc, DamagedProjectError):
        box.setText(f"{exc.path}\n\nThis project does not read back as it was written, so it will not be opened "
                    "for editing. You can look at what can be read (read-only), or recover it into a new project "
                    "file; this file is left as it is.")
        box.setDetailedText("\n".join(exc.problems))
    else:
        box.setText(f"{exc}\n\nOpen it read-only?")
    read_only = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    recover = box.addButton("Recover into New File…", QMessageBox.ButtonRole.ActionRole) if damaged else None
    box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is read_only:
        return OpenChoice.READ_ONLY
    if recover is not None and clicked is recover:
        return OpenChoice.RECOVER
    return OpenChoice.CANCEL


def recover_project(parent: QWidget | None, damaged: Path, folder: str) -> Path | None:
    """Ask where to write the salvaged copy of `damaged`, write it, show what was lost; the new path or None."""
    from editor.store.salvage import salvage

    suggested = str(Path(folder) / f"{damaged.stem} (recovered){damaged.suffix or '.tproj'}")
    target, _ = QFileDialog.getSaveFileName(parent, "Recover into a new project", suggested,
                                            "Projects (*.tproj);;All files (*)")
    if not target:
        return None
    try:
        report = salvage(damaged, target)
    except UserError as exc:
        show_error(parent, "Cannot recover", str(exc))
        return None
    lines = report.lines() or ["nothing was lost"]
    box = QMessageBox(QMessageBox.Icon.Information, "Project recovered",
                      f"Wrote {target} with {report.segments} segment(s). {damaged.name} was left as it is.",
                      QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDetailedText("\n".join(lines))
    box.exec()
    return Path(target)


def pick_damaged_project(parent: QWidget | None, folder: str) -> Path | None:
    """File > Recover: the project to salvage."""
    path, _ = QFileDialog.getOpenFileName(parent, "Recover a damaged project", folder,
                                          "Projects (*.tproj);;All files (*)")
    return Path(path) if path else None
