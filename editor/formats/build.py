"""Helpers importers share: assembling a Transcript and finding segment text in the source."""

from __future__ import annotations

import re
from typing import Any

from editor.core.model import Segment, SourceInfo, Speaker, Transcript, Word, tokenize

_BLANK_LINE_RE = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)")


def normalize_space(text: str) -> str:
    """Collapse runs of white space (including line breaks) to single spaces and trim."""
    return " ".join(text.split())


def _clock(ms: int | None) -> str:
    if ms is None:
        return "?"
    sign, ms = ("-", -ms) if ms < 0 else ("", ms)
    return f"{sign}{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


class TranscriptBuilder:
    """Collects segments in order, giving ids s1, s2... and speaker ids p1, p2... by first appearance."""

    def __init__(self, source: SourceInfo) -> None:
        self.source = source
        self.segments: list[Segment] = []
        self._speakers: dict[str, Speaker] = {}

    def speaker_id(self, name: str | None) -> str | None:
        """The id of the speaker called `name`, adding it on first use (None for no speaker)."""
        if not name:
            return None
        speaker = self._speakers.get(name)
        if speaker is None:
            speaker = Speaker(f"p{len(self._speakers) + 1}", name)
            self._speakers[name] = speaker
        return speaker.id

    def add(
        self,
        text: str,
        *,
        speaker: str | None = None,
        start: int | None = None,
        end: int | None = None,
        words: list[Word] | None = None,
        source: tuple[int, int] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        """Add a segment (white space normalised); empty text is skipped."""
        text = normalize_space(text)
        if not text:
            return
        if words is not None and len(words) != len(tokenize(text)):
            words = None  # the model requires one Word per token; drop timings rather than misalign
        if (start is not None and start < 0) or (end is not None and end < 0) or (
                start is not None and end is not None and end < start):
            # A cue cannot end before it starts: keep its words, say so, and leave the impossible times out.
            self.source.notes.append(
                f"segment {len(self.segments) + 1} ({text[:40]!r}): impossible times {_clock(start)} --> "
                f"{_clock(end)} were left out")
            start = end = None
            words = None
        self.segments.append(
            Segment(
                id=f"s{len(self.segments) + 1}",
                text=text,
                speaker=self.speaker_id(speaker),
                start=start,
                end=end,
                words=None if words is None else tuple(words),
                source=source,
                meta=tuple(sorted((meta or {}).items())),
            )
        )

    def build(self) -> Transcript:
        """The transcript of the segments added so far."""
        return Transcript(self.segments, self._speakers.values(), self.source)


class SpanLocator:
    """Finds where successive segment texts sit in the source, token by token, moving forward.

    Formats like SRT or JSON rewrite text (tags, escapes, line breaks), so we look for each word of the
    segment in order and span from the first to the last; a word not found nearby gives no span.
    """

    def __init__(self, text: str, start: int = 0) -> None:
        self.text = text
        self.cursor = start

    def skip_to(self, marker: str) -> None:
        """Move the cursor just past the next occurrence of `marker` (if any)."""
        found = self.text.find(marker, self.cursor)
        if found >= 0:
            self.cursor = found + len(marker)

    def skip_line_with(self, marker: str) -> None:
        """Move the cursor past the end of the next line containing `marker` (if any)."""
        found = self.text.find(marker, self.cursor)
        if found >= 0:
            breaks = [i for i in (self.text.find("\n", found), self.text.find("\r", found)) if i >= 0]
            self.cursor = min(breaks) + 1 if breaks else len(self.text)

    def locate_in_block(self, segment_text: str) -> tuple[int, int] | None:
        """Like `locate`, within the block (up to the next blank line) at the cursor.

        When tags or entities hide a word, the span falls back to the block: from the segment's first
        word (or the block start) to the block's last character.
        """
        block_start = self.cursor
        match = _BLANK_LINE_RE.search(self.text, block_start)
        block_end = match.start() if match else len(self.text)
        span = self.locate(segment_text, window=block_end - block_start)
        if span is not None and span[1] <= block_end:
            return span
        tokens = tokenize(segment_text)
        first = self.text.find(tokens[0], block_start, block_end) if tokens else -1
        start = first if first >= 0 else block_start
        end = block_end
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if end <= start:
            return None
        self.cursor = end
        return start, end

    def locate(self, segment_text: str, *, from_pos: int | None = None, window: int = 50_000) -> tuple[int, int] | None:
        """The span of `segment_text`'s words found in order after the cursor, or None."""
        pos = self.cursor if from_pos is None else max(from_pos, self.cursor)
        first = last = -1
        for i, token in enumerate(tokenize(segment_text)):
            limit = pos + (window if i == 0 else 200 + len(token))
            found = self.text.find(token, pos, limit)
            if found < 0:
                return None
            if i == 0:
                first = found
            pos = last = found + len(token)
        if first < 0:
            return None
        self.cursor = last
        return first, last
