"""The 'History' dock: what the editor changed (words, WER of the machine transcript), named versions with
Save / Compare / Restore, and the edit history with times."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core.edits import replace_document
from editor.errors import UserError
from editor.store.diff import diff_transcripts, summary, word_error_rate
from editor.ui.dialogs.messages import show_error
from editor.ui.document import Document
from editor.ui.history.compare_view import CompareDialog
from editor.ui.review.check_worker import CheckWorker

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from editor.core.model import Transcript
    from editor.ui.main_window import MainWindow

REFRESH_MS = 800
HISTORY_LIMIT = 500
NAME_ROLE = Qt.ItemDataRole.UserRole


def _when(stamp: float) -> str:
    local = time.localtime(stamp)
    today = time.localtime()
    fmt = "%H:%M:%S" if local[:3] == today[:3] else "%Y-%m-%d %H:%M"
    return time.strftime(fmt, local)


def change_summary(original: Transcript, current: Transcript) -> str:
    """'N words changed of M · WER of the machine transcript against the current text: X%'."""
    ops = diff_transcripts(original, current)
    counts = summary(ops)
    changed = counts["replaced"] + counts["inserted"] + counts["deleted"]
    words = counts["equal"] + counts["replaced"] + counts["inserted"]
    wer = word_error_rate(original, current)
    return (f"{changed} of {words} words changed since import "
            f"({counts['replaced']} replaced, {counts['inserted']} inserted, {counts['deleted']} deleted).\n"
            f"Word error rate of the machine transcript against the current text: {wer:.2%}")


class HistoryPanel(QWidget):
    """Summary, versions and the edit history of the open project."""

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.main_window = window
        self.doc: Document | None = None
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        self.versions = QListWidget()
        self.versions.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.save_button = QPushButton("Save Version…")
        self.compare_button = QPushButton("Compare…")
        self.compare_button.setToolTip("Compare the selected version(s); one selected: with the current text")
        self.restore_button = QPushButton("Restore")
        self.restore_button.setToolTip("Make the selected version the current text (one undoable edit)")
        self.history = QListWidget()
        buttons = QHBoxLayout()
        for button in (self.save_button, self.compare_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary_label)
        layout.addWidget(QLabel("Versions"))
        layout.addWidget(self.versions, 1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Edit history (newest first)"))
        layout.addWidget(self.history, 2)
        self.save_button.clicked.connect(self.save_version_dialog)
        self.compare_button.clicked.connect(lambda: self.compare_dialog())
        self.restore_button.clicked.connect(self.restore_selected)
        self.versions.itemSelectionChanged.connect(self._update_buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self.summary_label.setText("No project open")
        self._stale = False  # (nothing to read before a document opens: the first show must not refresh)
        # versions saved through File > Save Version… show up here too (this slot runs after the window's)
        window.save_version_action.triggered.connect(self.refresh)
        self.compare_dialog_window: CompareDialog | None = None
        self._summary_worker = CheckWorker(self)
        self._summary_worker.finished.connect(self._on_summary)
        self._summary_token: object | None = None
        self._update_buttons()

    def _on_summary(self, token: object, result: object) -> None:
        if token is self._summary_token and self.doc is not None:
            self.summary_label.setText(str(result))

    def set_document(self, doc: Document | None) -> None:
        if self.doc is not None:
            try:
                self.doc.changed.disconnect(self._on_changed)
            except (RuntimeError, TypeError):
                pass
        self.doc = doc
        if doc is not None:
            doc.changed.connect(self._on_changed)
        if doc is None or self.on_screen():
            self.refresh()
        else:  # a hidden panel reads the project when it is first shown, not while the window opens
            self._stale = True

    def on_screen(self) -> bool:
        """True when some of the panel can be seen (isVisible() is True behind another dock's tab too)."""
        return self.isVisible() and not self.visibleRegion().isEmpty()

    def _on_changed(self, _dc: object) -> None:
        self._stale = True
        if self.on_screen():
            self._timer.start(REFRESH_MS)  # not start(): showEvent's start(0) leaves the interval at 0

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self._timer.start(0)

    def dock_shown(self, visible: bool) -> None:
        """The dock's tab came to the front (or the dock was shown): read what changed while it was behind."""
        if visible and self._stale:
            self._timer.start(0)

    # ----- reading ------------------------------------------------------------------------------------------
    def version_names(self) -> list[str]:
        if self.doc is None:
            return []
        return ["original", *(v.name for v in self.doc.versions()), "current"]

    def selected_names(self) -> list[str]:
        return [item.data(NAME_ROLE) for item in self.versions.selectedItems()]

    def refresh(self) -> None:
        """Re-read summary, versions and history from the project."""
        self._timer.stop()
        self._stale = False
        selected = set(self.selected_names())
        self.versions.clear()
        self.history.clear()
        if self.doc is None or self.doc.closed:  # closed: the window follows soon
            self.summary_label.setText("No project open")
            self._update_buttons()
            return
        try:
            self._fill(self.doc, selected)
        except UserError as exc:
            self.summary_label.setText(str(exc))
        self._update_buttons()

    def _fill(self, doc: Document, selected: set[str]) -> None:
        # the word diff of a long transcript takes most of a second: compute it on a worker thread
        load_original, current = doc.version_loader("original"), doc.transcript.copy()
        self._summary_token = token = object()
        if not self.summary_label.text() or self.summary_label.text() == "No project open":
            self.summary_label.setText("Counting changes…")
        self._summary_worker.submit(token, lambda _state: change_summary(load_original(), current))
        items = [("original", "original — as imported")]
        items += [(v.name, f"{v.name} — saved {_when(v.time)}") for v in doc.versions()]
        items.append(("current", "current — the text you are editing"))
        for name, label in items:
            item = QListWidgetItem(label)  # item text is plain
            item.setData(NAME_ROLE, name)
            self.versions.addItem(item)
            item.setSelected(name in selected)
        for entry in reversed(doc.history(limit=HISTORY_LIMIT)):
            kind = "" if entry.kind == "do" else f" ({entry.kind})"
            self.history.addItem(f"{_when(entry.time)}  {entry.label}{kind}")

    def _update_buttons(self) -> None:
        names = self.selected_names()
        writable = self.doc is not None and not self.doc.read_only
        self.save_button.setEnabled(writable)
        self.compare_button.setEnabled(self.doc is not None)
        self.restore_button.setEnabled(writable and len(names) == 1 and names[0] != "current")

    # ----- acting -----------------------------------------------------------------------------------------
    def save_version_dialog(self) -> None:
        self.main_window.file_commands.save_version_dialog()
        self.refresh()

    def save_version(self, name: str) -> bool:
        ok = self.main_window.file_commands.save_version(name)
        self.refresh()
        return ok

    def compare_dialog(self, a: str | None = None, b: str | None = None) -> CompareDialog | None:
        """Open the side-by-side comparison (defaults: the selection, else original vs current)."""
        if self.doc is None:
            return None
        self.doc.flush()
        names = self.selected_names()
        if a is None:
            a = names[0] if names else "original"
        if b is None:
            b = names[1] if len(names) > 1 else ("current" if a != "current" else "original")
        dialog = CompareDialog(self.doc.version_transcript, self.version_names(), a, b, self.main_window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.compare_dialog_window = dialog
        return dialog

    def restore_selected(self) -> None:
        names = self.selected_names()
        if len(names) == 1:
            self.restore(names[0])

    def restore(self, name: str) -> bool:
        """Make version `name` the current text as one undoable edit."""
        if self.doc is None or self.doc.read_only:
            return False
        self.doc.flush()
        try:
            target = self.doc.version_transcript(name)
        except UserError as exc:
            show_error(self, "Cannot restore", str(exc))
            return False
        edit = replace_document(self.doc.transcript, target, f"Restore version '{name}'")
        ok = self.doc.push(edit)
        if ok:
            self.main_window.statusBar().showMessage(f"Restored version “{name}” (Undo brings the text back)")
        self.refresh()
        return ok


def make_history_dock(window: MainWindow) -> QDockWidget:
    """The 'History' dock."""
    dock = QDockWidget("History", window)
    dock.setObjectName("historyDock")
    panel = HistoryPanel(window, dock)
    dock.setWidget(panel)
    dock.visibilityChanged.connect(panel.dock_shown)
    return dock
