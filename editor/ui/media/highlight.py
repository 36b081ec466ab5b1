"""The playing segment and word, a layer painted over the editable pane's text (see panes/overlays.py).

A word change repaints only the two blocks involved; nothing is laid out again.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QPainter

from editor.core.model import token_spans
from editor.ui import theme
from editor.ui.panes.overlays import Layer, PaintedBlock, PaneOverlay
from editor.ui.panes.transcript_pane import TranscriptPane

BAR_WIDTH = 3


class PlaybackHighlight(PaneOverlay):
    """Remembers the playing (block, word) and paints it over `pane`'s text."""

    def __init__(self, pane: TranscriptPane) -> None:
        self.pane = pane
        self.block: int | None = None
        self.word: int | None = None
        pane.add_overlay(self, Layer.PLAYBACK)

    def set_spot(self, block: int | None, word: int | None) -> None:
        """Highlight segment `block` and its word `word` (None: nothing / the segment only)."""
        if (block, word) == (self.block, self.word):
            return
        old = self.block
        self.block, self.word = block, word
        for number in {old, block}:
            if number is not None:
                self.pane.update_block(number)

    def paint_block(self, painter: QPainter, item: PaintedBlock) -> None:
        if item.number != self.block:
            return
        geometry = item.geometry
        rect = QRectF(0, geometry.top(), item.width, geometry.height() + 1).toAlignedRect()
        painter.fillRect(rect, theme.color("playback.segment"))
        painter.fillRect(QRect(rect.left(), rect.top(), BAR_WIDTH, rect.height()), theme.color("playback.bar"))
        if self.word is not None:
            self._paint_word(painter, item, self.word)

    def _paint_word(self, painter: QPainter, item: PaintedBlock, word: int) -> None:
        block = item.block
        spans = token_spans(block.text())
        if not 0 <= word < len(spans):
            return
        start, end = spans[word]
        origin = item.origin
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
