"""Find and replace: whole word, match case and fuzzy options; Replace All is one undoable edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from editor.core.edits import set_text
from editor.core.search import SearchOptions, find_next, replace_all_edit

if TYPE_CHECKING:
    from editor.ui.document import DocChange, Document
    from editor.ui.panes.transcript_pane import TranscriptPane


class FindReplaceDialog(QDialog):
    """A non-modal dialog working on the transcript pane's document."""

    def __init__(self, pane: TranscriptPane, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find and Replace")
        self.pane = pane
        self.find_edit = QLineEdit(self)
        self.replace_edit = QLineEdit(self)
        self.whole_word = QCheckBox("Whole words", self)
        self.match_case = QCheckBox("Match case", self)
        self.fuzzy = QCheckBox("Fuzzy (similar words)", self)
        self.threshold = QSpinBox(self)
        self.threshold.setRange(50, 100)
        self.threshold.setValue(80)
        self.threshold.setSuffix(" % similar")
        self.threshold.setEnabled(False)
        self.fuzzy.toggled.connect(self.threshold.setEnabled)
        self.fuzzy.toggled.connect(lambda on: self.whole_word.setEnabled(not on))
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.find_button = QPushButton("Find Next", self)
        self.find_button.setDefault(True)
        self.replace_button = QPushButton("Replace", self)
        self.replace_all_button = QPushButton("Replace All", self)
        close_button = QPushButton("Close", self)
        self.find_button.clicked.connect(self.find_next)
        self.replace_button.clicked.connect(self.replace_one)
        self.replace_all_button.clicked.connect(self.replace_all)
        close_button.clicked.connect(self.close)

        form = QFormLayout()
        form.addRow("Find:", self.find_edit)
        form.addRow("Replace with:", self.replace_edit)
        options = QHBoxLayout()
        for widget in (self.whole_word, self.match_case, self.fuzzy, self.threshold):
            options.addWidget(widget)
        options.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.find_button, self.replace_button, self.replace_all_button, close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(options)
        layout.addLayout(buttons)
        self._match: tuple[str, int, int] | None = None  # (segment id, start, end) of the shown match
        if pane.doc is not None:
            pane.doc.changed.connect(self._on_doc_changed)

    def _on_doc_changed(self, dc: DocChange) -> None:
        """An undo or redo makes "Replaced in 2 segment(s)" untrue: clear it."""
        if dc.kind in ("undo", "redo", "reload"):
            self.status.setText("")

    @property
    def doc(self) -> Document:
        assert self.pane.doc is not None
        return self.pane.doc

    def options(self) -> SearchOptions:
        return SearchOptions(
            whole_word=self.whole_word.isChecked() and not self.fuzzy.isChecked(),
            match_case=self.match_case.isChecked(),
            fuzzy=self.fuzzy.isChecked(),
            threshold=self.threshold.value(),
        )

    def find_next(self, backwards: bool = False) -> bool:
        """Select the next (or previous) match from the cursor; False (and say so) when there is none."""
        self.doc.flush()
        cursor = self.pane.textCursor()
        block = self.pane.document().findBlock(cursor.selectionStart() if backwards else cursor.selectionEnd())
        edge = cursor.selectionStart() if backwards else cursor.selectionEnd()
        found = find_next(self.doc.transcript, self.find_edit.text(), self.options(),
                          block.blockNumber(), edge - block.position(), backwards=backwards)
        if found is None:
            self._match = None
            self.status.setText("Not found.")
            return False
        index, start, end = found
        block = self.pane.document().findBlockByNumber(index)
        selection = QTextCursor(block)
        selection.setPosition(block.position() + start)
        selection.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
        self.pane.setTextCursor(selection)
        self.pane.centerCursor()
        self._match = (self.doc.transcript.segments[index].id, start, end)
        self.status.setText("")
        return True

    def replace_one(self) -> None:
        """Replace the match that is shown, then find the next one."""
        if self._match is None or self.pane.textCursor().selectedText() == "":
            self.find_next()
            return
        segment_id, start, end = self._match
        self._match = None
        if self.doc.transcript.has_segment(segment_id):
            self.doc.push(set_text(self.doc.transcript, segment_id, start, end, self.replace_edit.text()))
            index = self.doc.transcript.index_of(segment_id)
            block = self.pane.document().findBlockByNumber(index)
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + start + len(self.replace_edit.text()))
            self.pane.setTextCursor(cursor)
        self.find_next()

    def replace_all(self) -> int:
        """Replace every match as one edit; returns the number of segments changed."""
        self.doc.flush()
        query = self.find_edit.text()
        if not query:
            self.status.setText("Type what to find.")
            return 0
        edit = replace_all_edit(self.doc.transcript, query, self.replace_edit.text(), self.options())
        if edit is None:
            self.status.setText("Not found.")
            return 0
        count = len(getattr(edit, "edits", ()))
        self.doc.push(edit)
        self.status.setText(f"Replaced in {count} segment(s). Undo reverts all of them at once.")
        return count
