"""Layers painted over the transcript pane's laid-out text: changed words, suspects, the playing segment.

Painting over the text instead of setting character formats keeps a keystroke cheap (a format change
re-lays out the pane). The pane paints its text, then each enabled layer in `Layer` order, block by block
and only in the repainted rect, so a keystroke costs the marks of the one block being typed in. A layer
may also answer the tooltip for a point; the topmost layer with an answer wins.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QPainter, QTextBlock

from editor.core.model import Segment


class Layer(IntEnum):
    """Paint order: a higher layer paints over a lower one (and answers tooltips first)."""

    TIMINGS = 5
    CHANGES = 10
    SUSPECTS = 20
    PLAYBACK = 30


@dataclass(frozen=True)
class PaintedBlock:
    """One visible block being painted: its segment, its geometry in viewport coordinates, the viewport width."""

    block: QTextBlock
    segment: Segment
    geometry: QRectF
    width: int

    @property
    def number(self) -> int:
        return self.block.blockNumber()

    @property
    def origin(self) -> QPointF:
        return self.geometry.topLeft()


@dataclass(frozen=True)
class PointedAt:
    """What is under a viewport position: the block, its segment, the character offset and the point."""

    pos: QPoint
    block: QTextBlock
    segment: Segment
    offset: int
    origin: QPointF  # the block's top-left in viewport coordinates


class PaneOverlay:
    """A layer over the pane. Subclasses paint a block and may give a (plain-text) tooltip."""

    enabled = True

    def paint_block(self, painter: QPainter, item: PaintedBlock) -> None:
        raise NotImplementedError

    def tooltip(self, at: PointedAt) -> str | None:
        return None


def plain_tooltip(text: str) -> str:
    """Tooltip markup that shows `text` literally (Qt guesses rich text otherwise)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
