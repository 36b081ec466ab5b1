"""Marks for words the user changed against the text as imported (track-changes style).

The marks are painted over the visible blocks instead of set as character formats: a
QSyntaxHighlighter's format change makes QPlainTextEdit re-lay out and repaint the whole viewport on
every keystroke (its dirty range always spills into the next block), which costs milliseconds per key on
a long transcript. Painting touches only what Qt repaints anyway, and the diff is cached per segment.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock
from rapidfuzz.distance import Levenshtein

from editor.core.model import Segment, token_spans

CHANGED_COLOR = QColor("#0b57a4")
CHANGED_FILL = QColor(11, 87, 164, 28)


def changed_token_indexes(baseline: list[str], tokens: list[str]) -> list[int]:
    """Indexes into `tokens` of the words that are new or different compared with `baseline`."""
    if baseline == tokens:
        return []
    changed: list[int] = []
    for op in Levenshtein.opcodes(baseline, tokens):
        if op.tag in ("replace", "insert"):
            changed.extend(range(op.dest_start, op.dest_end))
    return changed


def _join_runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Neighbouring changed words become one span (one mark per line to paint, however long the run)."""
    runs: list[tuple[int, int]] = []
    for start, end in spans:
        if runs and not text[runs[-1][1] : start].strip():
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


class ChangeMarks:
    """Which character spans of a block's text differ from its segment's source words; paints them."""

    def __init__(self, source_text: str = "") -> None:
        self._source = source_text
        self.enabled = True
        self._cache: dict[str, tuple[str, tuple[int, int] | None, list[tuple[int, int]]]] = {}
        self._pen = QPen(CHANGED_COLOR)
        self._pen.setWidthF(1.5)

    def reset(self, source_text: str) -> None:
        self._source = source_text
        self._cache.clear()

    def baseline_tokens(self, segment: Segment) -> list[str] | None:
        """The original words of `segment`, or None when it has no source (typed by the user)."""
        if segment.source is None:
            return None
        return self._source[segment.source[0] : segment.source[1]].split()

    def changed_spans(self, segment: Segment, text: str) -> list[tuple[int, int]]:
        """(start, end) spans of `text` (the block shown for `segment`) that are changed words."""
        cached = self._cache.get(segment.id)
        if cached is not None and cached[0] == text and cached[1] == segment.source:
            return cached[2]
        spans: list[tuple[int, int]]
        if segment.source is not None and self._source[segment.source[0] : segment.source[1]] == text:
            spans = []  # the common case: untouched since import
        else:
            words = token_spans(text)
            baseline = self.baseline_tokens(segment)
            if baseline is None:
                spans = words
            else:
                spans = [words[i] for i in changed_token_indexes(baseline, [text[a:b] for a, b in words])]
        spans = _join_runs(text, spans)
        self._cache[segment.id] = (text, segment.source, spans)
        return spans

    def paint(self, painter: QPainter, block: QTextBlock, segment: Segment, origin: QPointF) -> None:
        """Underline (and lightly shade) the changed words of one laid-out block at `origin`."""
        spans = self.changed_spans(segment, block.text())
        if not spans:
            return
        layout = block.layout()
        painter.setPen(self._pen)
        for start, end in spans:
            position = start
            while position < end:
                line = layout.lineForTextPosition(position)
                if not line.isValid():
                    break
                line_end = min(end, line.textStart() + line.textLength())
                x1 = line.cursorToX(position)[0]
                x2 = line.cursorToX(line_end)[0]
                top = origin.y() + line.y()
                painter.fillRect(int(origin.x() + x1), int(top), int(x2 - x1), int(line.height()), CHANGED_FILL)
                y = top + line.ascent() + 2.5
                painter.drawLine(QPointF(origin.x() + x1, y), QPointF(origin.x() + x2, y))
                if line_end <= position:
                    break
                position = line_end
