"""Group segments into the paragraphs the document exporters (txt, md, docx) write."""

from __future__ import annotations

from dataclasses import dataclass

from editor.core.model import Segment, Transcript
from editor.core.timecode import format_clock
from editor.formats.build import normalize_space
from editor.formats.options import ExportOptions


@dataclass(frozen=True)
class Paragraph:
    """One exported paragraph: speaker name ("" for none or when names are off), start time, text."""

    speaker: str
    start: int | None
    text: str


# Text with no speaker labels would otherwise merge into one endless paragraph: start a new one at a
# paragraph break of the original, or once a paragraph has grown past this many characters.
UNLABELLED_PARAGRAPH_CHARS = 600


def _source_paragraph_break(transcript: Transcript, previous: Segment | None, seg: Segment) -> bool:
    """True when the original has a blank line between two segments."""
    if previous is None or previous.source is None or seg.source is None:
        return False
    between = transcript.source.text[previous.source[1] : seg.source[0]]
    return "\n\n" in between.replace("\r\n", "\n").replace("\r", "\n")


def paragraphs(transcript: Transcript, options: ExportOptions) -> list[Paragraph]:
    """Consecutive segments of one speaker joined (when options.merge), else one per segment.

    Unlabelled segments are joined into readable paragraphs instead (see UNLABELLED_PARAGRAPH_CHARS).
    """
    result: list[Paragraph] = []
    group: list[str] = []
    group_speaker: str | None = None
    group_start: int | None = None
    group_chars = 0
    previous: Segment | None = None

    def flush() -> None:
        if group:
            name = transcript.speaker_name(group_speaker) if options.speakers else ""
            start = group_start if options.timestamps else None
            result.append(Paragraph(name, start, " ".join(group)))

    for index, seg in enumerate(transcript.segments):
        text = normalize_space(seg.text)
        if not text:
            continue
        unlabelled_break = seg.speaker is None and (
            group_chars >= UNLABELLED_PARAGRAPH_CHARS or _source_paragraph_break(transcript, previous, seg)
        )
        if not options.merge or index == 0 or seg.speaker != group_speaker or not group or unlabelled_break:
            flush()
            group = []
            group_speaker = seg.speaker
            group_start = seg.start
            group_chars = 0
        group.append(text)
        group_chars += len(text) + 1
        previous = seg
    flush()
    return result


def clock_label(ms: int) -> str:
    """`01:02:03`, or `01:02:03.500` when the time has a fraction of a second."""
    return format_clock(ms, millis=ms % 1000 != 0)
