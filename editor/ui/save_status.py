"""Whether the open project file is up to date: the Saved / Typing… / NOT SAVED field, the window title's
modified mark, and quiet retries while writing fails."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from editor.store.sources import readable_name
from editor.ui.dialogs.messages import show_error
from editor.ui.document import Document
from editor.ui.panes.overlays import plain_tooltip

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

APP_TITLE = "Transcript Editor"
RETRY_MS = 5000


class SaveStatus(QObject):
    """The one owner of the save state: the last write error and the text of `label` (a status bar field)."""

    def __init__(self, window: MainWindow, label: QLabel) -> None:
        super().__init__(window)
        self.window = window
        self.label = label
        self.error: str | None = None  # the failing write's message; None while the file is up to date
        self._retry_timer = QTimer(self)  # while a write is failing, try again quietly every few seconds
        self._retry_timer.setInterval(RETRY_MS)
        self._retry_timer.timeout.connect(self._retry_save)

    def watch(self, doc: Document) -> None:
        """Follow a newly opened document's writes."""
        doc.pendingChanged.connect(lambda _pending: self.update_title())
        doc.saveFailed.connect(self.on_save_failed)
        doc.saved.connect(self.show_saved)
        self.error = None

    def _retry_save(self) -> None:
        doc = self.window.doc
        if doc is None or not doc.has_pending_writes() or doc.retry_save():
            self._retry_timer.stop()

    def on_save_failed(self, message: str) -> None:
        self._retry_timer.start()
        first = self.error is None  # one dialog per outage, not one per word typed
        self.error = message
        self.label.setText("NOT SAVED")
        self.label.setToolTip(plain_tooltip(message))
        self.update_title()
        if first:
            show_error(self.window, "Could not save to the project file",
                       f"{message}\n\nYour edit is kept in memory and will be written as soon as the file can be "
                       "written again (free some space or check permissions).")

    def show_saved(self) -> None:
        doc = self.window.doc
        if doc is None:
            self.label.setText("")
            self.label.setToolTip("")
            return
        self.error = None
        self.label.setText("Read-only" if doc.read_only else "Saved")
        self.label.setToolTip(plain_tooltip(("Opened read-only: " if doc.read_only
                                             else "Every edit is saved at once to ") + str(doc.path)))

    def after_save_as(self) -> None:
        """The window works in the copy now: it is up to date, and the title names it."""
        self.show_saved()
        self.update_title()

    def update_title(self) -> None:
        window, doc = self.window, self.window.doc
        if doc is None:
            window.setWindowTitle(f"{APP_TITLE}[*]")
            window.setWindowModified(False)
            return
        name = readable_name(doc.path)  # "talk", not a data folder's hashed file name
        mode = " (read-only)" if doc.read_only else ""
        window.setWindowTitle(f"{name}{mode} — {APP_TITLE}[*]")
        pending = window.transcript_pane.has_uncommitted_typing() or doc.has_pending_writes()
        window.setWindowModified(pending)
        if pending and self.error is None:
            self.label.setText("Typing…")
            self.label.setToolTip(plain_tooltip(f"Saved to {doc.path} at the next word"))
        elif not pending and self.error is None:
            self.show_saved()
