"""File > Save Project As, Save Version and Export: the dialogs and the Document calls behind them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog

from editor.errors import UserError
from editor.loading import PROJECT_SUFFIX
from editor.store.sources import readable_name
from editor.ui.dialogs.export_dialog import ExportDialog
from editor.ui.dialogs.messages import show_error

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow


class FileCommands(QObject):
    """The file verbs on the window's open Document (the window owns it; this only asks and reports)."""

    projectMoved = Signal()  # Save As succeeded: the window now works in the copy (new title and save status)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def save_as_dialog(self) -> None:
        doc = self.window.doc
        if doc is None:
            return
        path, _ = QFileDialog.getSaveFileName(self.window, "Save project as", str(doc.path),
                                              f"Transcript project (*{PROJECT_SUFFIX})")
        if path:
            self.save_as(path)

    def save_as(self, path: str | Path) -> bool:
        """Copy the project to `path` and continue working there."""
        doc = self.window.doc
        assert doc is not None
        path = Path(path)
        if path.suffix.lower() != PROJECT_SUFFIX:
            path = path.with_suffix(PROJECT_SUFFIX)
        try:
            doc.save_as(path)
        except UserError as exc:
            show_error(self.window, "Save As failed", str(exc))
            return False
        self.window.settings.add_recent_file(str(path))
        self.window.notify(f"Project saved to {path}; you are now working in it")
        self.projectMoved.emit()
        return True

    def save_version_dialog(self) -> None:
        if self.window.doc is None:
            return
        name, ok = QInputDialog.getText(self.window, "Save version", "Name of this version (e.g. “first pass”):")
        if ok and name.strip():
            self.save_version(name.strip())

    def save_version(self, name: str) -> bool:
        doc = self.window.doc
        assert doc is not None
        try:
            doc.save_version(name)
        except (UserError, ValueError) as exc:
            show_error(self.window, "Save version failed", str(exc))
            return False
        self.window.notify(f"Saved version “{name}” in {doc.path.name}")
        return True

    def export_dialog(self) -> ExportDialog | None:
        doc = self.window.doc
        if doc is None:
            return None
        doc.flush()
        folder, stem = self.export_place()
        dialog = ExportDialog(doc.transcript, stem, str(folder), self.window)
        if dialog.exec() and dialog.exported_path is not None:
            self.window.notify(f"Exported to {dialog.exported_path}")
        return dialog

    def export_place(self) -> tuple[Path, str]:
        """Where exports go by default: the transcript's folder and name, else the project's (e.g. a .tproj)."""
        doc = self.window.doc
        assert doc is not None
        source = doc.source_path()
        if source is not None and source.parent.is_dir():
            return source.parent, source.stem
        return doc.path.parent, readable_name(doc.path)
