"""Options shared by the exporters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editor.formats.cues import SubtitleRules


@dataclass(frozen=True)
class ExportOptions:
    """timestamps: start time before each paragraph (txt/md/docx); speakers: name the speaker;
    merge: join consecutive segments of one speaker into one paragraph (txt/md/docx);
    subtitles: lay SRT/WebVTT cues out by these rules (line length, reading speed, durations, gaps); None
    writes one cue per segment on one line (a lossless round trip)."""

    timestamps: bool = False
    speakers: bool = True
    merge: bool = True
    subtitles: SubtitleRules | None = None
