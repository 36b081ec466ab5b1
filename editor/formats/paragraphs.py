"""Group segments into the paragraphs the document exporters (txt, md, docx) write."""

from __future__ import annotations

from dataclasses import dataclass

from editor.core.model import Transcript
from editor.core.timecode import format_clock
from editor.formats.build import normalize_space
from editor.formats.options import ExportOptions


@dataclass(frozen=True)
class Paragraph:
    """One exported paragraph: speaker name ("" for none or when names are off), start time, text."""

    speaker: str
    start: int | None
    text: str


def paragraphs(transcript: Transcript, options: ExportOptions) -> list[Paragraph]:
    """Consecutive segments of one speaker joined (when options.merge), else one per segment."""
    result: list[Paragraph] = []
    group: list[str] = []
    group_speaker: str | None = None
    group_start: int | None = None

    def flush() -> None:
        if group:
            name = transcript.speaker_name(group_speaker) if options.speakers else ""
            start = group_start if options.timestamps else None
            result.append(Paragraph(name, start, " ".join(group)))

    for index, seg in enumerate(transcript.segments):
        text = normalize_space(seg.text)
        if not text:
            continue
        if not options.merge or index == 0 or seg.speaker != group_speaker or not group:
            flush()
            group = []
            group_speaker = seg.speaker
            group_start = seg.start
        group.append(text)
    flush()
    return result


def clock_label(ms: int) -> str:
    """`01:02:03`, or `01:02:03.500` when the time has a fraction of a second."""
    return format_clock(ms, millis=ms % 1000 != 0)
