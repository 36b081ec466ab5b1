"""Helpers importers share: assembling a Transcript and finding segment text in the source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from editor.core.model import Segment, SourceInfo, Speaker, Transcript, Word, tokenize
from editor.errors import FormatError
from editor.formats.sentences import iter_sentences
from editor.progress import report

_BLANK_LINE_RE = re.compile(r"(?:\r\n|\r(?!\n)|\n)[ \t]*(?:\r\n|\r|\n)")


# At most this many segments per transcript. A segment costs about 450 bytes of memory once opened (measured:
# 333,422 segments, 150 MB), and the window holds the transcript twice over (model and text view) besides
# the original text, so this keeps a file at the import limit under 1 GB. A 100 MB file of one-sentence
# lines of 15 words has about a million; past the limit, the import stops with a clear error.
MAX_SEGMENTS = 1_200_000
# A segment longer than this is split (at sentence ends where it has them, else between words): one segment
# of a whole 50 MB line could be neither shown nor edited.
MAX_SEGMENT_CHARS = 10_000
# Tabs and non-breaking spaces between words are the writer's choice (a figure like 10\u00a0000, a name that
# must not wrap): importers keep one standing alone; any other run of white space becomes one space.
KEPT_SPACES = "\t\u00a0\u2007\u202f"
_ODD_SPACE_RE = re.compile(rf"\s\s|[^\S {KEPT_SPACES}]|\A\s|\s\Z")
# the runs that become one space: two or more white-space characters, or one that is neither a space nor kept
# (a plain replacement: a function called for every run, each space between two words, cost a 10-hour import
# 55k calls, 0.03 s before a check could start)
_CHANGED_SPACE_RE = re.compile(rf"\s\s+|[^\S {KEPT_SPACES}]")
_NORMALIZE_PIECE = 1 << 20
# (most words, the refusal) for imports in a `word_limit` block
_word_limit: ContextVar[tuple[int, str] | None] = ContextVar("word_limit", default=None)


@contextmanager
def word_limit(limit: int, refusal: str) -> Iterator[None]:
    """Stop an import in the block with FormatError(`refusal`) as soon as it has read more than `limit` words:
    a caller that refuses longer transcripts (check) need not read, and hold, the rest."""
    token = _word_limit.set((limit, refusal))
    try:
        yield
    finally:
        _word_limit.reset(token)


def normalize_space(text: str) -> str:
    """Collapse runs of white space (including line breaks) to single spaces and trim; a lone tab or
    non-breaking space between words stays (see KEPT_SPACES)."""
    if _ODD_SPACE_RE.search(text) is None:
        return text  # the common case, and no copy of a long text
    if len(text) <= _NORMALIZE_PIECE:
        return _CHANGED_SPACE_RE.sub(" ", text).strip()
    # piece by piece (cut at white space): a 50 MB text is never split into millions of pieces at once
    pieces = []
    at = 0
    while at < len(text):
        cut = min(len(text), at + _NORMALIZE_PIECE)
        while cut < len(text) and not text[cut].isspace():
            cut += 1
        piece = _CHANGED_SPACE_RE.sub(" ", text[at:cut]).strip()
        if piece:
            pieces.append(piece)
        at = cut
    return " ".join(pieces)


def _long_pieces(text: str) -> Iterator[tuple[int, int]]:
    """Spans of `text` (normalised, longer than MAX_SEGMENT_CHARS) of at most that many characters: sentences
    (cut after 100 words, see sentences.py) or, within one overlong word, plain character runs."""
    for start, end in iter_sentences(text):
        while end - start > MAX_SEGMENT_CHARS:
            cut = text.rfind(" ", start + 1, start + MAX_SEGMENT_CHARS)
            cut = cut if cut > start else start + MAX_SEGMENT_CHARS
            yield start, cut
            start = cut + (text[cut] == " ")
        yield start, end


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
        self.split_segments = 0  # over-long segments split on the way in (said in the notes)
        self._word_limit = _word_limit.get()
        self._words = 0  # (with a word limit) words read so far: guessed from the spaces until near the limit
        self._exact = False

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
        if len(text) > MAX_SEGMENT_CHARS:
            self._add_long(text, speaker=speaker, start=start, end=end, words=words, source=source, meta=meta)
            return
        if not len(self.segments) % 4096 and source is not None:
            report("reading", source[1], len(self.source.text))
        if len(self.segments) >= MAX_SEGMENTS:
            raise FormatError(None, f"too many paragraphs: more than {MAX_SEGMENTS:,} (the limit, so that "
                              "the editor stays within 1 GB of memory); split the file into parts and import each")
        if self._word_limit is not None:
            self._count_words(text, *self._word_limit)
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

    def _count_words(self, text: str, limit: int, refusal: str) -> None:
        """Count `text`'s words (as Transcript.word_count does once past the guess) and stop past `limit`."""
        if self._exact:
            self._words += len(tokenize(text))
        else:
            self._words += text.count(" ") + 1
            if self._words > limit:  # near it: count what was read exactly, and from now on
                self._words = sum(len(tokenize(s.text)) for s in self.segments) + len(tokenize(text))
                self._exact = True
        if self._words > limit:
            raise FormatError(None, refusal)

    def _add_long(self, text: str, *, speaker: str | None, start: int | None, end: int | None,
                  words: list[Word] | None, source: tuple[int, int] | None, meta: dict[str, Any] | None) -> None:
        """Add an over-long segment as several (see MAX_SEGMENT_CHARS); the first keeps the start time, the last
        the end, each its own words; source spans are kept when the source holds the text as is."""
        self.split_segments += 1
        exact_source = source is not None and self.source.text[source[0] : source[1]] == text
        pieces = list(_long_pieces(text))
        token = 0
        for i, (a, b) in enumerate(pieces):
            piece = text[a:b]
            piece_words = None
            if words is not None:
                count = len(tokenize(piece))
                piece_words = words[token : token + count]
                token += count
            self.add(piece, speaker=speaker, start=start if i == 0 else None,
                     end=end if i == len(pieces) - 1 else None, words=piece_words,
                     source=(source[0] + a, source[0] + b) if exact_source and source is not None else None, meta=meta)

    def build(self) -> Transcript:
        """The transcript of the segments added so far."""
        if self.split_segments:
            self.source.notes.append(
                f"{self.split_segments} paragraph(s) longer than {MAX_SEGMENT_CHARS:,} characters were split into "
                "segments at sentence ends (or between words where a sentence ran on, or inside a word longer than "
                f"{MAX_SEGMENT_CHARS:,} characters)")
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
            # "\r" is looked for only up to the next "\n": a file without any "\r" was scanned to its end once per
            # cue (a 15 MB SRT took 54 s to import, 160,000 cues)
            newline = self.text.find("\n", found)
            carriage = self.text.find("\r", found, len(self.text) if newline < 0 else newline)
            line_break = carriage if carriage >= 0 else newline
            self.cursor = line_break + 1 if line_break >= 0 else len(self.text)

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
