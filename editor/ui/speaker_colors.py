"""Colours for speakers: the speaker's own, else a readable default picked by its position."""

from __future__ import annotations

from PySide6.QtGui import QColor

from editor.core.model import Transcript

# Distinct, dark enough to read as text on white, and not the colour of track-changes marks.
PALETTE = ["#c0392b", "#1e8449", "#8e44ad", "#d35400", "#117a65", "#b03a2e", "#7d6608", "#2e4053",
           "#a04000", "#6c3483", "#196f3d", "#943126"]


def speaker_colors(transcript: Transcript) -> dict[str, QColor]:
    """Speaker id -> colour for every speaker of `transcript`."""
    colors: dict[str, QColor] = {}
    for index, speaker in enumerate(transcript.speakers):
        color = QColor(speaker.color) if speaker.color else QColor()
        colors[speaker.id] = color if color.isValid() else QColor(PALETTE[index % len(PALETTE)])
    return colors
