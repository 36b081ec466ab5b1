"""Suspects marked in the original (read-only) pane too, at the place in the imported text they came from.

A suspect lives in the current segment text; the original pane shows `transcript.source.text`. Each segment
knows its `source` span, so a suspect maps to the original when its words are still found in that span near
the same relative position (the segment was not rewritten around it); otherwise it is simply not marked there.
The mapping is rebuilt lazily after the suspects change (O(suspects)); a paint bisects the sorted marks for
the visible characters, so it costs O(visible marks), like the underlines in the editable pane.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QTextBlock
from PySide6.QtWidgets import QPlainTextEdit, QToolTip

from editor.core.model import Segment
from editor.review import Suspect
from editor.ui.panes.overlays import plain_tooltip
from editor.ui.review.suspect_painter import describe, draw_wave, score_color

if TYPE_CHECKING:
    from editor.ui.review.suspects_controller import SuspectsController

MAX_DRIFT = 0.25  # how far (share of the span, at least 12 chars) a match may sit from the proportional offset
MIN_DRIFT = 12
MAX_LENGTH_RATIO = 2.0  # segment text and original span this different in length: rewritten, do not guess


@dataclass(frozen=True)
class SourceMark:
    """One suspect placed in the original pane: [start, end) are character positions in the pane's document."""

    start: int
    end: int
    suspect: Suspect


def locate_in_source(segment: Segment, suspect: Suspect, source_text: str) -> tuple[int, int] | None:
    """Where `suspect` sits in the original text of its segment, or None when it cannot be found there."""
    if segment.source is None or not suspect.text:
        return None
    span_start, span_end = segment.source
    original = source_text[span_start:span_end]
    if not original:
        return None
    text = segment.text
    if original == text:
        return span_start + suspect.start, span_start + suspect.end
    if not text or max(len(original), len(text)) > MAX_LENGTH_RATIO * max(1, min(len(original), len(text))):
        return None
    expected = suspect.start * len(original) / len(text)
    drift = max(MIN_DRIFT, MAX_DRIFT * len(original))
    for haystack, needle in ((original, suspect.text), (original.casefold(), suspect.text.casefold())):
        if len(haystack) != len(original):
            continue  # casefolding changed lengths (ß -> ss): positions would be off
        best: int | None = None
        at = haystack.find(needle)
        while at >= 0:
            if best is None or abs(at - expected) < abs(best - expected):
                best = at
            at = haystack.find(needle, at + 1)
        if best is not None and abs(best - expected) <= drift:
            return span_start + best, span_start + best + len(suspect.text)
    return None


class SourceSuspectMarks(QObject):
    """Paints suspect underlines over the original pane and answers tooltips there."""

    def __init__(self, pane: QPlainTextEdit, controller: SuspectsController) -> None:
        super().__init__(pane)
        self.pane = pane
        self.controller = controller
        self.enabled = True
        self._marks: list[SourceMark] | None = None  # sorted by start; None: rebuild at the next use
        self._starts: list[int] = []
        self._longest = 0
        self._viewport = pane.viewport()  # kept: events arrive during teardown, when calls would fail
        self._viewport.installEventFilter(self)
        controller.suspectsChanged.connect(self.invalidate)

    def set_enabled(self, enabled: bool) -> None:
        """Show or hide the marks."""
        self.enabled = enabled
        self._viewport.update()

    def invalidate(self) -> None:
        """The suspects changed: map them again when next needed."""
        self._marks = None
        self._viewport.update()

    def marks(self) -> list[SourceMark]:
        """All suspects that could be placed in the original, in text order."""
        if self._marks is None:
            self._rebuild()
        return self._marks or []

    def _rebuild(self) -> None:
        marks: list[SourceMark] = []
        doc = self.controller.doc
        if doc is not None:
            transcript = doc.transcript
            source_text = transcript.source.text if transcript.source is not None else ""
            for suspect in self.controller.open_suspects():
                if not transcript.has_segment(suspect.segment_id):
                    continue
                place = locate_in_source(transcript.segment(suspect.segment_id), suspect, source_text)
                if place is not None:  # marks are painted at positions of the pane's document
                    start, end = self._shown(place[0]), self._shown(place[1])
                    if end > start:
                        marks.append(SourceMark(start, end, suspect))
        marks.sort(key=lambda m: (m.start, m.end))
        self._marks = marks
        self._starts = [m.start for m in marks]
        self._longest = max((m.end - m.start for m in marks), default=0)

    def _shown(self, position: int) -> int:
        to_shown = getattr(self.pane, "to_shown", None)  # a SourcePane may show a readable view of the file
        return to_shown(position) if to_shown is not None else position

    def marks_between(self, start: int, end: int) -> list[SourceMark]:
        """Marks overlapping characters [start, end) of the original (bisect: O(log n + found))."""
        marks = self.marks()
        first = bisect.bisect_left(self._starts, start - self._longest)
        last = bisect.bisect_left(self._starts, end)
        return [m for m in marks[first:last] if m.end > start]

    def marks_in_view(self) -> list[SourceMark]:
        """The marks painted now: none when hidden, else those in the visible part of the original."""
        if not self.enabled:
            return []
        first, last = self._visible_blocks(self._viewport.rect())
        if first is None or last is None:
            return []
        return self.marks_between(first.position(), last.position() + last.length())

    def mark_at(self, pos: QPoint) -> SourceMark | None:
        """The mark under a viewport position."""
        position = self.pane.cursorForPosition(pos).position()
        return next((m for m in self.marks_between(position, position + 1) if m.start <= position < m.end), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is not self._viewport or not self.enabled:
            return False
        if event.type() == QEvent.Type.Paint:
            self.pane.viewportEvent(event)  # the pane paints its text and the current-span mark first
            self._paint(event.rect())
            return True
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            mark = self.mark_at(event.pos())
            if mark is None:
                return False
            QToolTip.showText(event.globalPos(), plain_tooltip(describe(mark.suspect)), self._viewport)
            return True
        return False

    def _visible_blocks(self, rect: QRect) -> tuple[QTextBlock | None, QTextBlock | None]:
        pane = self.pane
        block = pane.cursorForPosition(rect.topLeft()).block()
        offset = pane.contentOffset()
        while block.isValid() and block.previous().isValid():  # the hit may be below a wrapped line's top
            if pane.blockBoundingGeometry(block).translated(offset).top() <= rect.top():
                break
            block = block.previous()
        first = last = block if block.isValid() else None
        while block.isValid():
            if pane.blockBoundingGeometry(block).translated(offset).top() > rect.bottom():
                break
            last = block
            block = block.next()
        return first, last

    def _paint(self, rect: QRect) -> None:
        first, last = self._visible_blocks(rect)
        if first is None or last is None:
            return
        marks = self.marks_between(first.position(), last.position() + last.length())
        if not marks:
            return
        document = self.pane.document()
        offset = self.pane.contentOffset()
        painter = QPainter(self._viewport)
        for mark in marks:
            color = score_color(mark.suspect.score)
            position = mark.start
            while position < mark.end:
                block = document.findBlock(position)
                if not block.isValid():
                    break
                origin = self.pane.blockBoundingGeometry(block).translated(offset).topLeft()
                position = self._paint_in_block(painter, block, position, mark.end, origin, color)
        painter.end()

    @staticmethod
    def _paint_in_block(painter: QPainter, block: QTextBlock, position: int, end: int, origin: QPointF,
                        color: QColor) -> int:
        """Underline [position, end) inside `block`, line by line; the position after the block's part."""
        layout = block.layout()
        block_end = block.position() + block.length() - 1
        stop = min(end, block_end)
        at = position - block.position()
        while position < stop:
            line = layout.lineForTextPosition(at)
            if not line.isValid():
                break
            line_end = min(stop - block.position(), line.textStart() + line.textLength())
            if line_end <= at:
                break
            x1 = origin.x() + line.cursorToX(at)[0]
            x2 = origin.x() + line.cursorToX(line_end)[0]
            draw_wave(painter, x1, x2, origin.y() + line.y() + line.ascent() + 3, color)
            position = block.position() + line_end
            at = line_end
        return max(position, block_end + 1) if end > block_end else end
