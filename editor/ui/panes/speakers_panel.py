"""The speakers dock: every speaker with its segment count; add, rename, merge, recolour, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.core import edits as E
from editor.core.edits import EditConflict
from editor.ui.dialogs.messages import choose_item, show_error
from editor.ui.document import DocChange, Document
from editor.ui.speaker_colors import speaker_colors

if TYPE_CHECKING:
    from collections.abc import Callable

    from editor.core.edits import Edit
    from editor.core.model import Transcript


def _swatch(color: QColor) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(color)
    return QIcon(pixmap)


class SpeakersPanel(QWidget):
    """Lists speakers as plain text (item views never interpret markup) with their counts."""

    speakerActivated = Signal(str)  # a double-click: go to that speaker's next segment

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: Document | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("speakerList")
        self.list.itemDoubleClicked.connect(lambda item: self.speakerActivated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.add_button = QPushButton("Add…", self)
        self.rename_button = QPushButton("Rename…", self)
        self.merge_button = QPushButton("Merge into…", self)
        self.color_button = QPushButton("Colour…", self)
        self.delete_button = QPushButton("Delete", self)
        self.add_button.clicked.connect(self.add_speaker)
        self.rename_button.clicked.connect(self.rename_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.color_button.clicked.connect(self.recolor_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.merge_button):
            buttons.addWidget(button)
        buttons2 = QHBoxLayout()
        for button in (self.color_button, self.delete_button):
            buttons2.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        hint = QLabel("Ctrl+1…9 gives the current segment (or every selected one) speaker 1…9; Ctrl+0 clears.", self)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")  # resources/style.qss colours it
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addLayout(buttons2)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self.refresh)
        self.list.currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def set_document(self, doc: Document | None) -> None:
        """Follow `doc` (None: the document closed, the list empties)."""
        if self.doc is not None:
            try:
                self.doc.changed.disconnect(self._on_changed)
            except (RuntimeError, TypeError):  # the closed document was deleted already
                pass
        self.doc = doc
        if doc is None:
            self._refresh_timer.stop()
            self.list.clear()
            self._update_buttons()
            return
        doc.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, dc: DocChange) -> None:
        if dc.change.speakers:
            self.refresh()
        elif not isinstance(dc.edit, E.SetText):  # typing never changes counts: skip the O(n) recount
            self._refresh_timer.start()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light <-> dark scheme: the default swatches change
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the list: one plain-text row per speaker, 'Name (count)'."""
        if self.doc is None:
            return
        transcript = self.doc.transcript
        selected = self.selected_speaker_id()
        counts = transcript.speaker_counts()
        colors = speaker_colors(transcript)
        self.list.clear()
        for number, speaker in enumerate(transcript.speakers, start=1):
            shortcut = f"Ctrl+{number}  " if number <= 9 else ""
            item = QListWidgetItem(_swatch(colors[speaker.id]), f"{speaker.name} ({counts.get(speaker.id, 0)})")
            item.setData(Qt.ItemDataRole.UserRole, speaker.id)
            item.setToolTip(f"{shortcut}{counts.get(speaker.id, 0)} segments")  # never the name: no markup risk
            self.list.addItem(item)
            if speaker.id == selected:
                self.list.setCurrentItem(item)
        unassigned = counts.get(None, 0)
        if unassigned:
            item = QListWidgetItem(f"No speaker ({unassigned})")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        self._update_buttons()

    def selected_speaker_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def _update_buttons(self) -> None:
        has = self.selected_speaker_id() is not None
        writable = self.doc is not None and not self.doc.read_only
        self.add_button.setEnabled(writable)
        for button in (self.rename_button, self.merge_button, self.color_button, self.delete_button):
            button.setEnabled(has and writable)

    # ----- actions ----------------------------------------------------------------------------------
    def _transcript(self) -> Transcript:
        assert self.doc is not None  # the actions are disabled without a document
        return self.doc.transcript

    def _push(self, make: Callable[[], Edit | None]) -> None:
        assert self.doc is not None
        self.doc.flush()
        try:
            edit = make()
        except EditConflict as exc:
            show_error(self, "Speakers", str(exc))
            return
        self.doc.push(edit)

    def add_speaker(self) -> None:
        if self.doc is None:
            return
        default = f"Speaker {len(self.doc.transcript.speakers) + 1}"
        name, ok = QInputDialog.getText(self, "Add speaker", "Name:", text=default)
        if ok and name.strip():
            self._push(lambda: E.add_speaker(self._transcript(), name.strip()))

    def rename_selected(self) -> None:
        speaker_id = self.selected_speaker_id()
        if self.doc is None or speaker_id is None:
            return
        old = self.doc.transcript.speaker_name(speaker_id)
        name, ok = QInputDialog.getText(self, "Rename speaker", "New name (changes it everywhere):", text=old)
        if ok and name.strip() and name.strip() != old:
            self.rename(speaker_id, name.strip())

    def rename(self, speaker_id: str, name: str) -> None:
        """Rename a speaker everywhere at once (one edit)."""
        self._push(lambda: E.rename_speaker(self._transcript(), speaker_id, name))

    def merge_selected(self) -> None:
        speaker_id = self.selected_speaker_id()
        if self.doc is None or speaker_id is None:
            return
        others = [s for s in self.doc.transcript.speakers if s.id != speaker_id]
        if not others:
            show_error(self, "Merge speakers", "There is no other speaker to merge into.")
            return
        labels = [f"{i}. {s.name}" for i, s in enumerate(others, start=1)]
        source_name = self.doc.transcript.speaker_name(speaker_id)
        choice = choose_item(self, "Merge speakers", f"Give all segments of “{source_name}” to:", labels)
        if choice in labels:
            target = others[labels.index(choice)]
            self.merge(speaker_id, target.id)

    def merge(self, source_id: str, target_id: str) -> None:
        """Give all of source's segments to target and remove source (one edit)."""
        self._push(lambda: E.merge_speakers(self._transcript(), source_id, target_id))

    def recolor_selected(self) -> None:
        speaker_id = self.selected_speaker_id()
        if self.doc is None or speaker_id is None:
            return
        current = speaker_colors(self.doc.transcript)[speaker_id]
        color = QColorDialog.getColor(current, self, "Speaker colour")
        if color.isValid():
            self._push(lambda: E.recolor_speaker(self._transcript(), speaker_id, color.name()))

    def delete_selected(self) -> None:
        speaker_id = self.selected_speaker_id()
        if self.doc is not None and speaker_id is not None:
            self._push(lambda: E.delete_speaker(self._transcript(), speaker_id))
