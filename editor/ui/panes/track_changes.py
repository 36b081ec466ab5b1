"""Marks for words the user changed against the text as imported (track-changes style): changed or new words
are underlined and shaded, and a caret shows where words were deleted (its tooltip names them).

The marks are a layer over the pane (see overlays.py) instead of character formats: a QSyntaxHighlighter's
format change makes QPlainTextEdit re-lay out and repaint the whole viewport on every keystroke (its dirty
range always spills into the next block), which costs milliseconds per key on a long transcript. Painting
touches only what Qt repaints anyway, and the diff is cached per segment.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainter, QPen, QTextBlock
from rapidfuzz.distance import Levenshtein

from editor.core.model import Segment, token_spans
from editor.ui import theme
from editor.ui.panes.overlays import PaintedBlock, PaneOverlay, PointedAt

# Colours (editor.ui.theme): "change.word" (blue) for changed words, "change.deleted" (red) for a deletion
# caret, which must not read as a changed-word mark.
CARET_HALF_WIDTH = 3.5  # px


def token_changes(baseline: list[str], tokens: list[str]) -> tuple[list[int], list[tuple[int, tuple[str, ...]]]]:
    """Indexes into `tokens` of new or different words, and the deletions as (index of the word that now
    follows the gap, or len(tokens) at the end; the deleted words)."""
    if baseline == tokens:
        return [], []
    changed: list[int] = []
    deleted: list[tuple[int, tuple[str, ...]]] = []
    for op in Levenshtein.opcodes(baseline, tokens):
        if op.tag in ("replace", "insert"):
            changed.extend(range(op.dest_start, op.dest_end))
        elif op.tag == "delete":
            deleted.append((op.dest_start, tuple(baseline[op.src_start : op.src_end])))
    return changed, deleted


def _join_runs(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Neighbouring changed words become one span (one mark per line to paint, however long the run)."""
    runs: list[tuple[int, int]] = []
    for start, end in spans:
        if runs and not text[runs[-1][1] : start].strip():
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


class ChangeMarks(PaneOverlay):
    """Which character spans of a block's text differ from its segment's source words; paints them."""

    def __init__(self, source_text: str = "") -> None:
        self._source = source_text
        self.enabled = True
        self._cache: dict[str, tuple[str, tuple[int, int] | None, list[tuple[int, int]],
                                     list[tuple[int, str]]]] = {}

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
        return self._changes(segment, text)[0]

    def deletions(self, segment: Segment, text: str) -> list[tuple[int, str]]:
        """(position in `text`, the deleted words) for each place where original words were deleted."""
        return self._changes(segment, text)[1]

    def _changes(self, segment: Segment, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, str]]]:
        cached = self._cache.get(segment.id)
        if cached is not None and cached[0] == text and cached[1] == segment.source:
            return cached[2], cached[3]
        spans: list[tuple[int, int]]
        deleted: list[tuple[int, str]] = []
        if segment.source is not None and self._source[segment.source[0] : segment.source[1]] == text:
            spans = []  # the common case: untouched since import
        else:
            words = token_spans(text)
            baseline = self.baseline_tokens(segment)
            if baseline is None:
                spans = words
            else:
                changed, gone = token_changes(baseline, [text[a:b] for a, b in words])
                spans = [words[i] for i in changed]
                for at, removed in gone:
                    position = words[at][0] if at < len(words) else (words[-1][1] if words else 0)
                    deleted.append((position, " ".join(removed)))
        spans = _join_runs(text, spans)
        self._cache[segment.id] = (text, segment.source, spans, deleted)
        return spans, deleted

    def caret_x(self, block: QTextBlock, position: int) -> tuple[float, float, float] | None:
        """(x, line top, baseline) of the deletion caret at `position` in a laid-out block, block coordinates:
        in the middle of the space before the word that follows the gap."""
        layout = block.layout()
        line = layout.lineForTextPosition(position)
        if not line.isValid():
            return None
        x = line.cursorToX(position)[0]
        text = block.text()
        if 0 < position <= len(text) and text[position - 1] == " " and position - 1 >= line.textStart():
            x = (x + line.cursorToX(position - 1)[0]) / 2
        return x, line.y(), line.y() + line.ascent()

    def deletion_at(self, at: PointedAt) -> str | None:
        """The deleted words whose caret is under the point, or None."""
        if not self.enabled:
            return None
        block, origin, pos = at.block, at.origin, at.pos
        for position, words in self.deletions(at.segment, block.text()):
            caret = self.caret_x(block, position)
            if caret is None:
                continue
            x, top, baseline = caret
            if abs(origin.x() + x - pos.x()) <= CARET_HALF_WIDTH + 2 and origin.y() + top <= pos.y() <= (
                    origin.y() + baseline + 6):
                return words
        return None

    def tooltip(self, at: PointedAt) -> str | None:
        words = self.deletion_at(at)
        return None if words is None else f"Deleted: {words}"

    def paint_block(self, painter: QPainter, item: PaintedBlock) -> None:
        self.paint(painter, item.block, item.segment, item.origin)

    def paint(self, painter: QPainter, block: QTextBlock, segment: Segment, origin: QPointF) -> None:
        """Underline (and lightly shade) the changed words of one laid-out block at `origin`; caret deletions."""
        spans, deleted = self._changes(segment, block.text())
        if deleted:
            painter.setPen(QPen(theme.color("change.deleted"), 1.6))
            for position, _ in deleted:
                at = self.caret_x(block, position)
                if at is None:
                    continue
                x, _, baseline = at
                x, y = origin.x() + x, origin.y() + baseline
                painter.drawPolyline([QPointF(x - CARET_HALF_WIDTH, y + 4), QPointF(x, y - 3),
                                      QPointF(x + CARET_HALF_WIDTH, y + 4)])
        if not spans:
            return
        layout = block.layout()
        painter.setPen(QPen(theme.color("change.word"), 1.5))
        fill = theme.color("change.fill")
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
                painter.fillRect(int(origin.x() + x1), int(top), int(x2 - x1), int(line.height()), fill)
                y = top + line.ascent() + 2.5
                painter.drawLine(QPointF(origin.x() + x1, y), QPointF(origin.x() + x2, y))
                if line_end <= position:
                    break
                position = line_end
