"""The original machine transcript, read-only and exactly as imported, with the current span marked."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from editor.formats.source_view import SourceView
from editor.ui import theme


class SourcePane(QPlainTextEdit):
    """Read-only view of `transcript.source.text`; clicking in it reports the character position.

    With a SourceView (Whisper JSON) it shows the recogniser's words instead of the raw file; positions in and
    out (spans, clicks, marks) stay positions in the file's text, converted here.
    """

    positionClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(6)
        self._programmatic = False
        self._span: tuple[int, int] | None = None
        self.view: SourceView | None = None
        self.cursorPositionChanged.connect(self._on_cursor_moved)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._span is not None:  # light <-> dark scheme
            self.show_span(self._span)

    def set_source(self, text: str, view: SourceView | None = None) -> None:
        """Show the original `text`, or its readable `view` when there is one."""
        self.view = view
        self._programmatic = True
        try:
            self.setPlainText(view.text if view is not None else text)
        finally:
            self._programmatic = False

    def to_shown(self, position: int) -> int:
        """A position in the original's text -> the position in this pane's document."""
        return self.view.to_view(position) if self.view is not None else position

    def to_original(self, position: int) -> int:
        """A position in this pane's document -> the position in the original's text."""
        return self.view.to_source(position) if self.view is not None else position

    def show_span(self, span: tuple[int, int] | None) -> None:
        """Mark the span and scroll it into view (centered when it was off screen)."""
        self._span = span
        if span is None:
            self.setExtraSelections([])
            return
        length = self.document().characterCount() - 1
        shown = self.view.span_to_view(span) if self.view is not None else span
        start, end = max(0, min(shown[0], length)), max(0, min(shown[1], length))
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(theme.color("source.span"))
        selection.cursor = cursor
        self.setExtraSelections([selection])
        visible = self.cursorRect(cursor)
        caret = QTextCursor(self.document())
        caret.setPosition(start)
        self._programmatic = True
        try:
            self.setTextCursor(caret)
            if not self.viewport().rect().contains(visible.topLeft()):
                self.centerCursor()
        finally:
            self._programmatic = False

    def _on_cursor_moved(self) -> None:
        if not self._programmatic:
            cursor = self.textCursor()
            if not cursor.hasSelection():
                self.positionClicked.emit(self.to_original(cursor.position()))
