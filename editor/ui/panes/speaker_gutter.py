"""The margin left of the transcript: each segment's speaker name and a bar in the speaker's colour."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from editor.core.timecode import format_clock
from editor.ui import theme

if TYPE_CHECKING:
    from editor.ui.panes.transcript_pane import TranscriptPane

BAR_WIDTH = 4
PADDING = 8
MIN_WIDTH = 90
BARE_WIDTH = 14
MAX_WIDTH = 190


class SpeakerGutter(QWidget):
    """Painted like a line-number area: only the visible blocks, so it costs nothing per keystroke."""

    def __init__(self, pane: TranscriptPane) -> None:
        super().__init__(pane)
        self._pane = pane
        self._width = MIN_WIDTH
        self._elided_cache: dict[tuple[str, str, int], str] = {}
        self.setToolTip("Click to choose the speaker of this paragraph (or of the selected ones)")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        """A click on a paragraph's label asks the pane for its speaker menu."""
        event.accept()
        if event.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return
        block = self._pane.first_block_at(int(event.position().y()))
        if block.isValid():
            self._pane.request_speaker_menu(block.blockNumber(), event.globalPosition().toPoint())

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        event.accept()  # the first click opened the menu; a double-click is not for the pane or the player

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self._width, 0)

    def gutter_width(self) -> int:
        return self._width

    def recompute_width(self) -> bool:
        """Fit the longest speaker name (within limits); True when the width changed."""
        fm = self._pane.fontMetrics()
        names = [s.name for s in self._pane.speakers()]
        if not names and not self._pane.has_timings():
            width = BARE_WIDTH  # nothing to show yet: keep the text close to the edge
        else:
            widest = max([fm.horizontalAdvance(n) for n in names] + [fm.horizontalAdvance("00:00:00")])
            width = max(MIN_WIDTH, min(MAX_WIDTH, widest + 2 * PADDING + BAR_WIDTH + 6))
        changed = width != self._width
        self._width = width
        return changed

    def _elided(self, speaker_id: str, width: int) -> str:
        """The speaker's name cut to `width` (cached: names change only through speaker edits)."""
        name = self._pane.speaker_name(speaker_id)
        key = (speaker_id, name, width)
        elided = self._elided_cache.get(key)
        if elided is None:
            elided = self._pane.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, width)
            self._elided_cache[key] = elided
        return elided

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        pane = self._pane
        painter = QPainter(self)
        painter.fillRect(event.rect(), self.palette().window().color().lighter(103))
        fm = pane.fontMetrics()
        small = painter.font()
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
        block = pane.first_block_at(event.rect().top())
        if block.blockNumber() > 0:
            block = block.previous()  # its name may be drawn into this strip
        offset = pane.contentOffset()
        bottom_limit = event.rect().bottom()
        text_width = self._width - 2 * PADDING - BAR_WIDTH
        while block.isValid():
            geometry = pane.blockBoundingGeometry(block).translated(offset)
            top = int(geometry.top())
            if top > bottom_limit:
                break
            height = int(geometry.height())
            if top + height < event.rect().top():  # above the repainted strip
                block = block.next()
                continue
            number = block.blockNumber()
            segment = pane.segment_for_block(number)
            if block.isVisible() and segment is not None:
                color = pane.speaker_color(segment.speaker)
                if color is not None:
                    painter.fillRect(QRect(self._width - BAR_WIDTH - 2, top + 2, BAR_WIDTH, height - 4), color)
                previous = pane.segment_for_block(number - 1) if number > 0 else None
                # The name where the speaker changes, and on the top block so a scrolled view is never anonymous.
                first_shown = top <= 0 < top + height
                named = segment.speaker is not None and (previous is None or previous.speaker != segment.speaker
                                                         or first_shown)
                if named:
                    name = self._elided(segment.speaker, text_width)
                    painter.setFont(pane.font())
                    painter.setPen(color if color is not None else self.palette().text().color())
                    painter.drawText(QRect(PADDING, top, text_width, fm.height()), Qt.AlignmentFlag.AlignLeft, name)
                # the start time goes under the name, or on the first line when there is no name to show (a
                # one-line subtitle cue would otherwise never show its time)
                if segment.start is not None and (not named or height >= 2 * fm.height() - 2):
                    painter.setFont(small)
                    painter.setPen(theme.color("text.time"))
                    painter.drawText(QRect(PADDING, top + (fm.height() if named else 0), text_width, fm.height()),
                                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                     format_clock(segment.start, millis=False))
            block = block.next()
        painter.end()
