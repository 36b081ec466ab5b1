"""A layer over the transcript pane: a dotted grey underline under words whose times are estimated.

Alignment shares out times between neighbours for words it could not find in the recording (Word.estimated);
the user should know that clicking such a word may not land exactly on it.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainter, QPen

from editor.core.model import Segment, token_spans
from editor.ui import theme
from editor.ui.panes.overlays import PaintedBlock, PaneOverlay, PointedAt

TOOLTIP = "Time estimated: this word was not found in the recording (its time is shared out between its neighbours)."


def estimated_spans(segment: Segment, text: str) -> list[tuple[int, int]]:
    """Character spans of `text` (the segment's shown text) whose words have estimated times."""
    if segment.words is None or not any(w.estimated for w in segment.words):
        return []
    spans = token_spans(text)
    if len(spans) != len(segment.words):
        return []  # being typed in: the words catch up at the next commit
    return [span for span, word in zip(spans, segment.words, strict=True) if word.estimated]


class EstimatedTimesOverlay(PaneOverlay):
    def paint_block(self, painter: QPainter, item: PaintedBlock) -> None:
        spans = estimated_spans(item.segment, item.block.text())
        if not spans:
            return
        layout = item.block.layout()
        # Looked up at paint time, so switching between light and dark repaints in the new colour.
        pen = QPen(theme.color("timing.estimated"))
        pen.setStyle(Qt.PenStyle.DotLine)
        pen.setWidth(2)
        painter.setPen(pen)
        for start, end in spans:
            line = layout.lineForTextPosition(start)
            if not line.isValid():
                continue
            x1 = line.cursorToX(start)[0]
            x2 = line.cursorToX(min(end, line.textStart() + line.textLength()))[0]
            y = item.origin.y() + line.y() + line.ascent() + 3
            painter.drawLine(QPointF(item.origin.x() + x1, y), QPointF(item.origin.x() + x2, y))

    def tooltip(self, at: PointedAt) -> str | None:
        for start, end in estimated_spans(at.segment, at.block.text()):
            if start <= at.offset < end:
                return TOOLTIP
        return None
