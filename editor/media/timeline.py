"""Which segment and word is playing at a media position, and where to seek for a place in the text.

Lookups bisect sorted start times, so following playback on a 10-hour transcript costs O(log n) per
position update. Segment starts are indexed once per structural change; a segment's word starts are
indexed the first time that segment is looked into and dropped when its words change.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from editor.core.model import Segment, Transcript, token_spans


@dataclass(frozen=True, slots=True)
class Spot:
    """The playing place: segment index (and id) and the word index inside it (None between words)."""

    segment: int
    segment_id: str
    word: int | None


def _segment_end(segments: list[Segment], order: list[int], k: int) -> int | None:
    """End of the k-th timed segment (in start order): its own end, else the next timed segment's start."""
    seg = segments[order[k]]
    if seg.end is not None and seg.start is not None and seg.end > seg.start:
        return seg.end
    if k + 1 < len(order):
        return segments[order[k + 1]].start
    return None


class Timeline:
    """Position (ms) -> segment/word lookups over one transcript; call `invalidate` after edits."""

    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript
        self._starts: list[int] | None = None
        self._order: list[int] = []  # segment indexes sorted by start time
        # segment id -> (the segment indexed, word starts sorted, their ends, word indexes in that order)
        self._words: dict[str, tuple[Segment, list[int], list[int | None], list[int]]] = {}

    # ----- keeping in step with edits ----------------------------------------------------------
    def invalidate(self, segment_ids: Iterable[str] = (), *, structure: bool = False) -> None:
        """Forget what edits made stale: everything after a structural change, else those segments' words."""
        if structure:
            self._starts = None
            self._words.clear()
            return
        for segment_id in segment_ids:
            self._words.pop(segment_id, None)
        # A text edit can change a segment's start only through its words, never its `start`,
        # so the segment index stays valid.

    def _index(self) -> list[int]:
        if self._starts is None:
            segments = self.transcript.segments
            timed = [(s.start, i) for i, s in enumerate(segments) if s.start is not None]
            timed.sort()
            self._order = [i for _, i in timed]
            self._starts = [start for start, _ in timed]
        return self._starts

    def has_timings(self) -> bool:
        return bool(self._index())

    # ----- lookups -------------------------------------------------------------------------------
    def segment_at(self, position: int) -> int | None:
        """Index of the segment playing at `position` ms, or None before the first / in a gap."""
        starts = self._index()
        k = bisect.bisect_right(starts, position) - 1
        if k < 0:
            return None
        end = _segment_end(self.transcript.segments, self._order, k)
        if end is not None and position >= end:
            return None
        return self._order[k]

    def spot_at(self, position: int) -> Spot | None:
        """The segment and word playing at `position` ms (word None when no timed word covers it)."""
        index = self.segment_at(position)
        if index is None:
            return None
        seg = self.transcript.segments[index]
        return Spot(index, seg.id, self.word_at(seg, position))

    def word_at(self, segment: Segment, position: int) -> int | None:
        """Index of the word of `segment` being spoken at `position` ms."""
        starts, ends, order = self._word_index(segment)
        k = bisect.bisect_right(starts, position) - 1
        if k < 0:
            return None
        end = ends[k]
        if end is not None and end > starts[k] and position >= end:
            return None  # a pause after this word
        return order[k]

    def word_start(self, segment: Segment, word: int) -> int | None:
        """Start time of word number `word` of `segment` (recognised or estimated)."""
        times = word_times(segment)
        return times[word][0] if 0 <= word < len(times) else None

    def _word_index(self, segment: Segment) -> tuple[list[int], list[int | None], list[int]]:
        cached = self._words.get(segment.id)
        if cached is not None and cached[0] is segment:
            return cached[1], cached[2], cached[3]
        timed = sorted((t[0], t[1], i) for i, t in enumerate(word_times(segment)) if t[0] is not None)
        starts = [t[0] for t in timed]
        ends = [t[1] for t in timed]
        order = [t[2] for t in timed]
        self._words[segment.id] = (segment, starts, ends, order)
        return starts, ends, order

    # ----- seek targets ----------------------------------------------------------------------------
    def segment_start(self, index: int) -> int | None:
        """Where segment `index` starts (its first timed word if the segment has no start)."""
        seg = self.transcript.segments[index]
        if seg.start is not None:
            return seg.start
        return next((start for start, _ in word_times(seg) if start is not None), None)

    def seek_target(self, index: int, offset: int) -> int | None:
        """Media time for character `offset` of segment `index`: the word there, else the segment start.

        Between words, the next word counts (the caret before a word means "from here").
        """
        seg = self.transcript.segments[index]
        word = word_index_at_offset(seg.text, offset)
        start = None if word is None else self.word_start(seg, word)
        return start if start is not None else self.segment_start(index)

    def segment_span(self, index: int) -> tuple[int, int | None] | None:
        """(start, end) ms of segment `index`, end None when unknown; None when it has no time."""
        start = self.segment_start(index)
        if start is None:
            return None
        seg = self.transcript.segments[index]
        if seg.end is not None and seg.end > start:
            return start, seg.end
        starts = self._index()
        k = bisect.bisect_right(starts, start)
        return start, starts[k] if k < len(starts) else None


def word_times(segment: Segment) -> list[tuple[int | None, int | None]]:
    """(start, end) ms per token of `segment`: the recognised word times, or, for a segment with only
    a start and end (SRT, VTT), an estimate that shares its span in proportion to the words' lengths."""
    if segment.words is not None:
        return [(w.start, w.end) for w in segment.words]
    tokens = token_spans(segment.text)
    if segment.start is None or segment.end is None or segment.end <= segment.start:
        return [(None, None)] * len(tokens)
    total = sum(b - a for a, b in tokens) or 1
    span = segment.end - segment.start
    times: list[tuple[int | None, int | None]] = []
    done = 0
    for a, b in tokens:
        start = segment.start + span * done // total
        done += b - a
        times.append((start, segment.start + span * done // total))
    return times


def word_index_at_offset(text: str, offset: int) -> int | None:
    """Index of the token at character `offset` of `text` (the next one when between tokens)."""
    spans = token_spans(text)
    if not spans:
        return None
    k = bisect.bisect_right([end for _, end in spans], offset - 1)
    # spans[k] is the first token ending at or after `offset`; between tokens that is the next one.
    if k >= len(spans):
        return len(spans) - 1
    return k


