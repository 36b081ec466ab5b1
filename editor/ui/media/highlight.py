"""Paints the playing segment and word over the editable pane's text, like the change marks do.

It is a transparent child widget covering the pane's viewport rather than a Paint event filter: other
features (the review underlines) already take the viewport's Paint event, and a child widget always
paints after its parent, so these layers compose whatever else paints there. A word change repaints
only the two blocks involved; nothing is laid out again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QMoveEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from editor.core.model import token_spans
from editor.ui import theme

BAR_WIDTH = 3


class PlaybackHighlight(QWidget):
    """Remembers the playing (block, word) and paints it over `pane`'s viewport."""

    def __init__(self, pane: QPlainTextEdit) -> None:
        viewport = pane.viewport()
        super().__init__(viewport)
        self.pane = pane
        self.block: int | None = None
        self.word: int | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # clicks and tooltips go through
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(viewport.rect())
        viewport.installEventFilter(self)
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.pane.viewport().rect())
        return False

    def moveEvent(self, event: QMoveEvent) -> None:  # noqa: N802 (Qt override)
        # Scrolling moves the viewport's children along with its pixels; stay put and repaint instead.
        if self.pos() != QPoint(0, 0):
            self.move(0, 0)
            self.update()

    def set_spot(self, block: int | None, word: int | None) -> None:
        """Highlight segment `block` and its word `word` (None: nothing / the segment only)."""
        if (block, word) == (self.block, self.word):
            return
        old = self.block
        self.block, self.word = block, word
        for number in {old, block}:
            if number is not None:
                rect = self._block_rect(number)
                if rect is not None and rect.intersects(self.rect()):
                    self.update(rect)

    def _block_rect(self, number: int) -> QRect | None:
        block = self.pane.document().findBlockByNumber(number)
        if not block.isValid():
            return None
        geometry = self.pane.blockBoundingGeometry(block).translated(self.pane.contentOffset())
        return QRectF(0, geometry.top(), self.width(), geometry.height() + 1).toAlignedRect()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if self.block is None:
            return
        rect = self._block_rect(self.block)
        if rect is None or not rect.intersects(event.rect()):
            return
        painter = QPainter(self)
        painter.setClipRect(event.rect())
        painter.fillRect(rect, theme.color("playback.segment"))
        painter.fillRect(QRect(rect.left(), rect.top(), BAR_WIDTH, rect.height()), theme.color("playback.bar"))
        if self.word is not None:
            self._paint_word(painter)
        painter.end()

    def _paint_word(self, painter: QPainter) -> None:
        block = self.pane.document().findBlockByNumber(self.block)  # type: ignore[arg-type]
        spans = token_spans(block.text())
        if not 0 <= self.word < len(spans):  # type: ignore[operator]
            return
        start, end = spans[self.word]  # type: ignore[index]
        origin = self.pane.blockBoundingGeometry(block).translated(self.pane.contentOffset()).topLeft()
        layout = block.layout()
        position = start
        while position < end:  # a word can wrap onto the next line
            line = layout.lineForTextPosition(position)
            if not line.isValid():
                break
            line_end = min(end, line.textStart() + line.textLength())
            x1, x2 = line.cursorToX(position)[0], line.cursorToX(line_end)[0]
            painter.fillRect(QRectF(origin.x() + x1 - 1, origin.y() + line.y(), x2 - x1 + 2, line.height()),
                             theme.color("playback.word"))
            if line_end <= position:
                break
            position = line_end
