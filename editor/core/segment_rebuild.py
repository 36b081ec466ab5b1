"""Turn an edit that crossed segment boundaries (typed over a selection, cut, drag) into segments.

Pure functions over the core model: the transcript pane calls them when the text of blocks
[first, last] became other blocks, and pushes the result as one ReplaceSegments edit.
"""

from __future__ import annotations

import re

from editor.core.align import realign
from editor.core.edits import ReplaceSegments
from editor.core.model import Segment, Transcript, tokenize

# Characters that would start a new block in the text widget; segment text keeps to one line.
LINE_BREAKS = str.maketrans({c: " " for c in "\n\r\u2028\u2029\x0b\x0c\x85"})


_OTHER_BREAKS = re.compile("[\r\u2028\u2029\x0b\x0c\x85]")


def one_line(text: str) -> str:
    """`text` with every line break replaced by a space (same length, so offsets still match)."""
    return text.translate(LINE_BREAKS)


def one_per_line(texts: list[str]) -> str:
    """The texts one per line, each made `one_line` (for the text widget: block n is text n)."""
    joined = "\n".join(texts)
    if joined.count("\n") == max(len(texts) - 1, 0) and not _OTHER_BREAKS.search(joined):
        return joined  # (the usual case: no text has a break of its own; one scan instead of a translate each)
    return "\n".join(one_line(t) for t in texts)


def _union(spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None


def rebuild_segments(transcript: Transcript, old: list[Segment], texts: list[str]) -> list[Segment]:
    """Segments with `texts` replacing the run `old`: ids, speakers and timings reused in order."""
    if not old:
        return [Segment(transcript.new_segment_id(), t) for t in texts]
    words = None
    if all(s.words is not None for s in old):
        all_words = tuple(w for s in old for w in (s.words or ()))
        words = realign(all_words, " ".join(texts))
    union = _union([s.source for s in old if s.source is not None])
    same_shape = len(texts) == len(old)
    result: list[Segment] = []
    used = 0
    for i, text in enumerate(texts):
        base = old[i] if i < len(old) else None
        like = base or old[-1]
        seg_words = None
        if words is not None:
            count = len(tokenize(text))
            seg_words = words[used : used + count]
            used += count
        start = old[0].start if i == 0 else None
        end = old[-1].end if i == len(texts) - 1 else None
        if seg_words and seg_words[0].start is not None:
            start, end = seg_words[0].start, seg_words[-1].end
        result.append(Segment(
            id=base.id if base else transcript.new_segment_id(),
            text=text, speaker=like.speaker, start=start, end=end, words=seg_words,
            source=base.source if same_shape and base else union, meta=like.meta,
        ))
    return result


def replace_run(transcript: Transcript, first: int, count: int, texts: list[str], name: str) -> ReplaceSegments:
    """The edit replacing segments [first, first+count) by segments with `texts`."""
    old = transcript.segments[first : first + count]
    after = transcript.segments[first - 1].id if first > 0 and not old else None
    return ReplaceSegments(tuple(old), tuple(rebuild_segments(transcript, old, texts)), name, after)
