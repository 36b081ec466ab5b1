"""Colours for speakers: the speaker's own, else a readable default picked by its position."""

from __future__ import annotations

from PySide6.QtGui import QColor

from editor.core.model import Transcript
from editor.ui import theme


def speaker_colors(transcript: Transcript) -> dict[str, QColor]:
    """Speaker id -> colour for every speaker of `transcript`."""
    colors: dict[str, QColor] = {}
    palette = theme.speaker_palette()  # distinct, readable as text on the scheme's background
    for index, speaker in enumerate(transcript.speakers):
        color = QColor(speaker.color) if speaker.color else QColor()
        colors[speaker.id] = color if color.isValid() else palette[index % len(palette)]
    return colors
