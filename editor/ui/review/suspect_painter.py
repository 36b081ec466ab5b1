"""Wavy underlines under suspects in the editable pane, coloured by score, with plain-text tooltips.

Like the pane's change marks, they are a layer painted over the laid-out text (see panes/overlays.py) rather
than set as formats (a format change re-lays out the pane per keystroke): only in the repainted rect, so a
keystroke costs the suspects of the one block being typed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap, QTextBlock

from editor.review import Suspect
from editor.ui import theme
from editor.ui.panes.overlays import Layer, PaintedBlock, PaneOverlay, PointedAt

if TYPE_CHECKING:
    from editor.ui.panes.transcript_pane import TranscriptPane
    from editor.ui.review.suspects_controller import SuspectsController

HIGH, MEDIUM = 0.8, 0.6


def score_color(score: float) -> QColor:
    """Red for likely errors, orange for probable ones, amber for the doubtful."""
    if score >= HIGH:
        return theme.color("suspect.high")
    if score >= MEDIUM:
        return theme.color("suspect.medium")
    return theme.color("suspect.low")


def describe(suspect: Suspect) -> str:
    """Tooltip text of a suspect: the words, the reason, the suggestions."""
    lines = [f"“{suspect.text}” may be mis-transcribed ({round(suspect.score * 100)}%)", suspect.reason]
    if suspect.suggestions:
        lines.append("Suggestions: " + ", ".join(suspect.suggestions))
    lines.append("Right-click for fixes · F8 next suspect")
    return "\n".join(lines)


WAVE_PERIOD, WAVE_HEIGHT = 4, 4
_wave_tiles: dict[tuple[int, float], QPixmap] = {}


def _wave_tile(color: QColor, ratio: float) -> QPixmap:
    """One period of the wavy underline, drawn once per colour and screen scale."""
    key = (color.rgba(), ratio)
    tile = _wave_tiles.get(key)
    if tile is None:
        tile = QPixmap(round(WAVE_PERIOD * ratio), round(WAVE_HEIGHT * ratio))
        tile.setDevicePixelRatio(ratio)
        tile.fill(Qt.GlobalColor.transparent)
        painter = QPainter(tile)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(color)
        pen.setWidthF(1.3)
        painter.setPen(pen)
        path = QPainterPath(QPointF(0, WAVE_HEIGHT - 0.75))
        path.lineTo(QPointF(WAVE_PERIOD / 2, 0.75))
        path.lineTo(QPointF(WAVE_PERIOD, WAVE_HEIGHT - 0.75))
        painter.drawPath(path)
        painter.end()
        _wave_tiles[key] = tile
    return tile


def draw_wave(painter: QPainter, x1: float, x2: float, y: float, color: QColor) -> None:
    """A wavy underline from x1 to x2 centred on y: one tiled-pixmap call, not a path per keystroke."""
    if x2 <= x1:
        return
    tile = _wave_tile(color, painter.device().devicePixelRatioF())
    painter.drawTiledPixmap(QRectF(x1, y - WAVE_HEIGHT / 2, x2 - x1, WAVE_HEIGHT), tile)


class SuspectPainter(PaneOverlay):
    """The suspect underlines over the transcript pane, and their tooltips there."""

    def __init__(self, pane: TranscriptPane, controller: SuspectsController) -> None:
        self.pane = pane
        self.controller = controller
        self.enabled = True
        pane.add_overlay(self, Layer.SUSPECTS)
        controller.suspectsChanged.connect(pane.viewport().update)

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        self.pane.viewport().update()

    def suspect_at(self, pos: QPoint) -> Suspect | None:
        """The suspect under a viewport position."""
        at = self.pane.pointed_at(pos)
        return None if at is None else self._suspect_at(at)

    def _suspect_at(self, at: PointedAt) -> Suspect | None:
        return self.controller.suspect_at(at.segment.id, at.offset, at.block.text())

    def tooltip(self, at: PointedAt) -> str | None:
        suspect = self._suspect_at(at)
        return None if suspect is None else describe(suspect)

    def paint_block(self, painter: QPainter, item: PaintedBlock) -> None:
        suspects = self.controller.suspects_in(item.segment.id)
        if suspects:
            self._paint_block(painter, item.block, suspects, item.origin)

    def _paint_block(self, painter: QPainter, block: QTextBlock, suspects: list[Suspect], origin: QPointF) -> None:
        text = block.text()
        layout = block.layout()
        for s in suspects:
            if text[s.start : s.end] != s.text:
                continue  # typed over since the last check: the next check redraws it
            color = score_color(s.score)
            position = s.start
            while position < s.end:
                line = layout.lineForTextPosition(position)
                if not line.isValid():
                    break
                line_end = min(s.end, line.textStart() + line.textLength())
                x1 = origin.x() + line.cursorToX(position)[0]
                x2 = origin.x() + line.cursorToX(line_end)[0]
                y = origin.y() + line.y() + line.ascent() + 3
                draw_wave(painter, x1, x2, y, color)
                if line_end <= position:
                    break
                position = line_end
