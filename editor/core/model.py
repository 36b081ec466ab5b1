"""The transcript model: segments, speakers and words. Pure Python, no Qt.

Segments and words are immutable values; a `Transcript` holds the ordered list and is changed only
through the edit objects in `editor.core.edits`, which call the primitive mutators at the bottom of
`Transcript`. Times are integer milliseconds; `None` means "not known".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import msgspec

TOKEN_RE = re.compile(r"\S+")


def tokenize(text: str) -> list[str]:
    """Split segment text into the word tokens that carry timings (runs of non-space)."""
    return TOKEN_RE.findall(text)


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the word tokens of `text`."""
    return [m.span() for m in TOKEN_RE.finditer(text)]


class Word(msgspec.Struct, frozen=True, array_like=True, gc=False, forbid_unknown_fields=True):
    """One recognised word with optional timing (ms) and recogniser confidence in [0, 1].

    `estimated` marks times that were shared out between neighbours because alignment could not place
    the word (see editor.align); it is written to JSON only when set, so other files are unchanged.

    A frozen msgspec Struct rather than a dataclass: opening a project decodes its words straight from the
    stored JSON into Words in C (30 h: 267,000 of them), and a Word built in Python is quicker too. It compares,
    hashes and refuses changes like a frozen dataclass; `gc=False` because it holds only text and numbers (no
    cycles), so the cyclic collector never scans the hundreds of thousands of them. A stored word with more values
    than these is not taken (as before: the row is then read the careful way).
    """

    text: str
    start: int | None = None
    end: int | None = None
    confidence: float | int | None = None  # (int too: a stored 1 reads back as 1, not 1.0, and is written the same)
    estimated: bool = False

    def to_json(self) -> list[Any]:
        if self.estimated:
            return [self.text, self.start, self.end, self.confidence, True]
        return [self.text, self.start, self.end, self.confidence]

    @classmethod
    def from_json(cls, data: list[Any]) -> Word:
        return cls(data[0], data[1], data[2], data[3], estimated=bool(data[4]) if len(data) > 4 else False)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker entity; segments refer to it by id, so a rename shows everywhere at once."""

    id: str
    name: str
    color: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "color": self.color}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Speaker:
        return cls(data["id"], data["name"], data.get("color"))


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of transcript: text, speaker, optional times/words, and where it came from.

    `source` is the (start, end) character span in `Transcript.source_text` this segment was
    imported from. `meta` holds recogniser extras (e.g. avg_logprob, no_speech_prob) as a tuple of
    (key, value) pairs so the segment stays hashable and comparable.
    When `words` is not None it has exactly one Word per token of `text` (see `tokenize`).
    """

    id: str
    text: str
    speaker: str | None = None
    start: int | None = None
    end: int | None = None
    words: tuple[Word, ...] | None = None
    source: tuple[int, int] | None = None
    meta: tuple[tuple[str, Any], ...] = ()

    def meta_dict(self) -> dict[str, Any]:
        return dict(self.meta)

    def with_(self, **changes: Any) -> Segment:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "text": self.text}
        if self.speaker is not None:
            data["speaker"] = self.speaker
        if self.start is not None:
            data["start"] = self.start
        if self.end is not None:
            data["end"] = self.end
        if self.words is not None:
            data["words"] = [w.to_json() for w in self.words]
        if self.source is not None:
            data["source"] = list(self.source)
        if self.meta:
            data["meta"] = dict(self.meta)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Segment:
        words = data.get("words")
        source = data.get("source")
        return cls(
            id=data["id"],
            text=data["text"],
            speaker=data.get("speaker"),
            start=data.get("start"),
            end=data.get("end"),
            words=None if words is None else tuple(Word.from_json(w) for w in words),
            source=None if source is None else (source[0], source[1]),
            meta=tuple(sorted(data.get("meta", {}).items())),
        )


# Opening a project makes one Segment per segment (30 h: 18,902). A frozen dataclass sets each field through
# object.__setattr__; this constructor sets the slots through their descriptors instead (the same values, still
# frozen afterwards), which is quicker. tests/core/test_model_constructors.py keeps its parameters in step with
# the dataclass fields.
_SEGMENT_SLOTS = tuple(Segment.__dict__[f].__set__
                       for f in ("id", "text", "speaker", "start", "end", "words", "source", "meta"))


def _segment_init(self: Segment, id: str, text: str, speaker: str | None = None,
                  start: int | None = None, end: int | None = None, words: tuple[Word, ...] | None = None,
                  source: tuple[int, int] | None = None, meta: tuple[tuple[str, Any], ...] = ()) -> None:
    set_id, set_text, set_speaker, set_start, set_end, set_words, set_source, set_meta = _SEGMENT_SLOTS
    set_id(self, id)
    set_text(self, text)
    set_speaker(self, speaker)
    set_start(self, start)
    set_end(self, end)
    set_words(self, words)
    set_source(self, source)
    set_meta(self, meta)


setattr(Segment, "__init__", _segment_init)  # noqa: B010 (mypy rejects assigning to a method)


@dataclass
class SourceInfo:
    """What the transcript was imported from. The original text is never changed."""

    text: str = ""
    name: str = ""
    format: str = ""
    encoding: str = ""
    # What the import had to change or leave out (bad bytes, impossible times), one line each, for the user.
    # Not stored and not compared: it describes one reading of the file, not the transcript.
    notes: list[str] = field(default_factory=list, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "format": self.format, "encoding": self.encoding}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SourceInfo:
        return cls(data.get("text", ""), data.get("name", ""), data.get("format", ""), data.get("encoding", ""))


class Transcript:
    """An ordered list of segments plus the speaker table and the immutable original source."""

    def __init__(
        self,
        segments: Iterable[Segment] = (),
        speakers: Iterable[Speaker] = (),
        source: SourceInfo | None = None,
    ) -> None:
        self._segments: list[Segment] = list(segments)
        self._speakers: dict[str, Speaker] = {s.id: s for s in speakers}
        self.source: SourceInfo = source or SourceInfo()
        self._index: dict[str, int] | None = None
        self._next_id: int | None = None
        ids = [s.id for s in self._segments]
        if len(set(ids)) != len(ids):
            raise ValueError("segment ids must be unique")

    # ----- reading -------------------------------------------------------------------------
    @property
    def segments(self) -> list[Segment]:
        """The segments in order. Treat as read-only; change the transcript through edits."""
        return self._segments

    @property
    def speakers(self) -> list[Speaker]:
        return list(self._speakers.values())

    def __len__(self) -> int:
        return len(self._segments)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Transcript):
            return NotImplemented
        return (
            self._segments == other._segments
            and list(self._speakers.values()) == list(other._speakers.values())
            and self.source == other.source
        )

    def __repr__(self) -> str:
        return f"Transcript({len(self._segments)} segments, {len(self._speakers)} speakers)"

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        return None if speaker_id is None else self._speakers.get(speaker_id)

    def speaker_name(self, speaker_id: str | None) -> str:
        sp = self.speaker(speaker_id)
        return sp.name if sp else ""

    def has_speaker(self, speaker_id: str) -> bool:
        return speaker_id in self._speakers

    def speaker_index(self, speaker_id: str) -> int:
        return list(self._speakers).index(speaker_id)

    def speaker_counts(self) -> dict[str | None, int]:
        counts: dict[str | None, int] = {}
        for seg in self._segments:
            counts[seg.speaker] = counts.get(seg.speaker, 0) + 1
        return counts

    def index_of(self, segment_id: str) -> int:
        """Position of a segment by id (KeyError if absent). O(1) after the first call."""
        if self._index is None:
            self._index = {s.id: i for i, s in enumerate(self._segments)}
        return self._index[segment_id]

    def segment(self, segment_id: str) -> Segment:
        return self._segments[self.index_of(segment_id)]

    def has_segment(self, segment_id: str) -> bool:
        try:
            self.index_of(segment_id)
        except KeyError:
            return False
        return True

    def has_timings(self) -> bool:
        return any(s.start is not None for s in self._segments)

    def word_count(self) -> int:
        # (a segment with words has one per token: counting them spares a regex pass over the whole text)
        return sum(len(tokenize(s.text)) if s.words is None else len(s.words) for s in self._segments)

    def duration(self) -> int | None:
        ends = [s.end for s in self._segments if s.end is not None]
        return max(ends) if ends else None

    def new_segment_id(self) -> str:
        """A segment id not used yet in this transcript (ids are 's' + a number)."""
        if self._next_id is None:
            top = 0
            for seg in self._segments:
                if seg.id.startswith("s") and seg.id[1:].isdigit():
                    top = max(top, int(seg.id[1:]))
            self._next_id = top + 1
        while True:
            candidate = f"s{self._next_id}"
            self._next_id += 1
            if not self.has_segment(candidate):
                return candidate

    def new_speaker_id(self) -> str:
        n = len(self._speakers) + 1
        while f"p{n}" in self._speakers:
            n += 1
        return f"p{n}"

    def copy(self) -> Transcript:
        """A copy that shares the immutable segments (cheap)."""
        return Transcript(self._segments, self._speakers.values(), replace(self.source))

    # ----- serialisation -------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source.to_json(),
            "speakers": [s.to_json() for s in self._speakers.values()],
            "segments": [s.to_json() for s in self._segments],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Transcript:
        return cls(
            segments=[Segment.from_json(s) for s in data.get("segments", [])],
            speakers=[Speaker.from_json(s) for s in data.get("speakers", [])],
            source=SourceInfo.from_json(data.get("source", {})),
        )

    # ----- primitive mutators: only edit objects call these --------------------------------
    def put_segment(self, index: int, segment: Segment) -> None:
        """Replace the segment at `index` with one of the same id."""
        if self._segments[index].id != segment.id:
            raise ValueError("put_segment must keep the segment id")
        self._segments[index] = segment

    def splice(self, index: int, remove: int, insert: Iterable[Segment]) -> None:
        """Replace `remove` segments at `index` by `insert` (structural change)."""
        self._segments[index : index + remove] = list(insert)
        self._index = None

    def put_speaker(self, speaker: Speaker, position: int | None = None) -> None:
        """Add or replace a speaker; a new one goes to `position` (default: the end)."""
        if speaker.id in self._speakers or position is None:
            self._speakers[speaker.id] = speaker
            return
        items = list(self._speakers.values())
        items.insert(position, speaker)
        self._speakers = {s.id: s for s in items}

    def drop_speaker(self, speaker_id: str) -> None:
        del self._speakers[speaker_id]


@dataclass
class Change:
    """What an edit changed, so views can update only what they must.

    `segments` are ids whose content (text, words, speaker, times) changed in place; `structure`
    is True when segments were inserted, removed or reordered (views then reload the list); `timings`
    is True when segment start/end times changed in place (time lookups re-index).
    """

    segments: set[str] = field(default_factory=set)
    structure: bool = False
    speakers: bool = False
    timings: bool = False

    def update(self, other: Change) -> Change:
        self.segments |= other.segments
        self.structure = self.structure or other.structure
        self.speakers = self.speakers or other.speakers
        self.timings = self.timings or other.timings
        return self
