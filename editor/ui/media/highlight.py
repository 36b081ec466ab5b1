"""Paints the playing segment and word in the editable pane, over the text like the change marks.

The pane's own paintEvent runs first (text, change marks, separators); this filter then paints in the
same pass and only inside the repainted rect, so playback adds no relayout and no full-viewport repaint:
a word change repaints just the two blocks involved.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRectF
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QPlainTextEdit

from editor.core.model import token_spans

SEGMENT_FILL = QColor(46, 160, 67, 26)
SEGMENT_BAR = QColor(46, 160, 67)
WORD_FILL = QColor(46, 160, 67, 80)
BAR_WIDTH = 3


class PlaybackHighlight(QObject):
    """Remembers the playing (block, word) and paints it into `pane`'s viewport."""

    def __init__(self, pane: QPlainTextEdit) -> None:
        super().__init__(pane)
        self.pane = pane
        self.block: int | None = None
        self.word: int | None = None
        pane.viewport().installEventFilter(self)

    def set_spot(self, block: int | None, word: int | None) -> None:
        """Highlight segment `block` and its word `word` (None: nothing / the segment only)."""
        if (block, word) == (self.block, self.word):
            return
        old = self.block
        self.block, self.word = block, word
        for number in {old, block}:
            if number is not None:
                self._update_block(number)

    def _block_rect(self, number: int) -> QRect | None:
        block = self.pane.document().findBlockByNumber(number)
        if not block.isValid():
            return None
        geometry = self.pane.blockBoundingGeometry(block).translated(self.pane.contentOffset())
        return QRectF(0, geometry.top(), self.pane.viewport().width(), geometry.height() + 1).toAlignedRect()

    def _update_block(self, number: int) -> None:
        rect = self._block_rect(number)
        if rect is not None and rect.intersects(self.pane.viewport().rect()):
            self.pane.viewport().update(rect)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.Paint or self.block is None or not isinstance(event, QPaintEvent):
            return False
        self.pane.paintEvent(event)  # the pane's own painting first, then ours on top in the same pass
        self._paint(event.rect())
        return True

    def _paint(self, clip: QRect) -> None:
        assert self.block is not None
        rect = self._block_rect(self.block)
        if rect is None or not rect.intersects(clip):
            return
        painter = QPainter(self.pane.viewport())
        painter.setClipRect(clip)
        painter.fillRect(rect, SEGMENT_FILL)
        painter.fillRect(QRect(rect.left(), rect.top(), BAR_WIDTH, rect.height()), SEGMENT_BAR)
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
            box = QRectF(origin.x() + x1 - 1, origin.y() + line.y(), x2 - x1 + 2, line.height())
            painter.fillRect(box, WORD_FILL)
            if line_end <= position:
                break
            position = line_end
