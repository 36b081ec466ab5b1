"""From a transcript and its recording to one undoable edit that gives the segments and words times.

Each aligned segment remembers (in its meta, under ALIGNED_KEY) a checksum of the text it was aligned
with. A segment whose text has since changed, or that has no times, is "changed"; re-aligning changed
segments aligns only those stretches, each between the end of the aligned segment before it and the start
of the aligned segment after it, so the rest keeps its times and the work is proportional to the edit.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from editor.align.aligner import AlignReport, WordTiming, align_tokens
from editor.core.edits import SetTimings
from editor.core.model import Segment, Transcript, Word, tokenize

ALIGNED_KEY = "aligned"  # segment meta: crc32 (hex) of the text the segment's times were aligned with


def text_checksum(text: str) -> str:
    return format(zlib.crc32(text.encode("utf-8")), "08x")


def is_aligned(segment: Segment) -> bool:
    """True when the segment's times come from aligning exactly its current text."""
    return segment.start is not None and segment.meta_dict().get(ALIGNED_KEY) == text_checksum(segment.text)


@dataclass(frozen=True)
class Stretch:
    """Consecutive segments to align, and the part of the recording (ms) they must lie in."""

    first: int  # segment indexes [first, last)
    last: int
    start_ms: int
    end_ms: int | None  # None: to the end of the recording


def stretches(transcript: Transcript, only_changed: bool) -> list[Stretch]:
    """What to align: the whole transcript, or the runs of segments not aligned with their current text."""
    segments = transcript.segments
    if not segments:
        return []
    if not only_changed:
        return [Stretch(0, len(segments), 0, None)]
    result: list[Stretch] = []
    i = 0
    while i < len(segments):
        if is_aligned(segments[i]):
            i += 1
            continue
        j = i
        while j < len(segments) and not is_aligned(segments[j]):
            j += 1
        previous_end = segments[i - 1].end if i > 0 else None
        start = previous_end if previous_end is not None else 0
        end = segments[j].start if j < len(segments) else None
        result.append(Stretch(i, j, start, end))
        i = j
    return result


def _segment_with(seg: Segment, timings: Sequence[WordTiming]) -> Segment:
    tokens = tokenize(seg.text)
    meta = dict(seg.meta)
    meta[ALIGNED_KEY] = text_checksum(seg.text)
    if not tokens:
        return seg.with_(meta=tuple(sorted(meta.items())))
    old = seg.words if seg.words is not None and len(seg.words) == len(tokens) else None
    words = tuple(
        Word(token, t.start, t.end, old[k].confidence if old else None, t.estimated)
        for k, (token, t) in enumerate(zip(tokens, timings, strict=True))
    )
    return seg.with_(start=words[0].start, end=words[-1].end, words=words, meta=tuple(sorted(meta.items())))


def align_transcript(
    transcript: Transcript,
    media: str | Path,
    *,
    only_changed: bool = False,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    report: AlignReport | None = None,
) -> SetTimings | None:
    """The edit that aligns `transcript` (or only its changed stretches) to `media`; None if nothing to do.

    The transcript is not changed; apply the edit (its label is "Align to NAME"). Raises AudioError for an
    unreadable recording and AlignCancelled when `cancelled()` turns true.
    """
    media = Path(media)
    todo = stretches(transcript, only_changed)
    segments = transcript.segments
    total = sum(max(1, len(tokenize(segments[k].text))) for s in todo for k in range(s.first, s.last)) or 1
    done = 0
    old: list[Segment] = []
    new: list[Segment] = []
    report = report if report is not None else AlignReport()
    for stretch in todo:
        part = segments[stretch.first : stretch.last]
        tokens = [t for seg in part for t in tokenize(seg.text)]
        counts = [len(tokenize(seg.text)) for seg in part]
        segment_starts = [sum(counts[:k]) for k in range(1, len(part)) if counts[k]]
        weight = sum(max(1, len(tokenize(seg.text))) for seg in part)

        def share(fraction: float, base: int = done, weight: int = weight) -> None:
            if progress is not None:
                progress((base + fraction * weight) / total)

        piece = AlignReport()
        timings = align_tokens(tokens, media, start_ms=stretch.start_ms, end_ms=stretch.end_ms,
                               progress=share, cancelled=cancelled, report=piece, segment_starts=segment_starts)
        for field in ("tokens", "estimated", "guessed_pronunciations", "windows", "skipped_windows", "audio_ms"):
            setattr(report, field, getattr(report, field) + getattr(piece, field))
        done += weight
        k = 0
        for seg in part:
            n = len(tokenize(seg.text))
            aligned = _segment_with(seg, timings[k : k + n])
            k += n
            if aligned != seg:
                old.append(seg)
                new.append(aligned)
    if not new:
        return None
    what = f"Align to {media.name}" if not only_changed else f"Re-align {len(new)} changed segment(s) to {media.name}"
    return SetTimings(tuple(old), tuple(new), what)


def still_applicable(edit: SetTimings, transcript: Transcript) -> SetTimings | None:
    """The part of `edit` whose segments are still as it found them (the user may have edited others while
    it ran; those stay "changed" for the next re-alignment). None when no segment is left."""
    pairs = [(old, new) for old, new in zip(edit.old, edit.new, strict=True)
             if transcript.has_segment(old.id) and transcript.segment(old.id) == old]
    if not pairs:
        return None
    if len(pairs) == len(edit.old):
        return edit
    return SetTimings(tuple(o for o, _ in pairs), tuple(n for _, n in pairs), edit.name)
