"""Edit operations: every user action is one small, serialisable object with an exact inverse.

The same objects are the UI's undo stack and the project file's history. Each edit is built
against the current transcript by a factory (`set_text`, `split_segment`, ...), which captures
what is needed for an exact inverse; `apply` checks that the transcript is still in that state
and raises `EditConflict` (leaving the transcript unchanged) when it is not.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from editor.core.align import realign
from editor.core.model import Change, Segment, Speaker, Transcript, Word, tokenize


class EditConflict(Exception):
    """The edit does not fit the transcript it is applied to."""


def _short(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Edit(ABC):
    """Base of all edits. Subclasses are frozen dataclasses registered by their `kind`."""

    kind: ClassVar[str]
    registry: ClassVar[dict[str, type[Edit]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "kind" in cls.__dict__:
            Edit.registry[cls.kind] = cls

    @abstractmethod
    def apply(self, transcript: Transcript) -> Change:
        """Change `transcript`; raise EditConflict without changing anything if it cannot."""

    @abstractmethod
    def inverse(self) -> Edit:
        """The edit that undoes this one exactly."""

    @property
    @abstractmethod
    def label(self) -> str:
        """A short, readable description for undo menus and the history."""

    @abstractmethod
    def _payload(self) -> dict[str, Any]: ...

    @classmethod
    @abstractmethod
    def _from_payload(cls, data: dict[str, Any]) -> Edit: ...

    def to_json(self) -> dict[str, Any]:
        return {"op": self.kind, **self._payload()}


def edit_from_json(data: dict[str, Any]) -> Edit:
    """Rebuild an edit from `Edit.to_json()` output."""
    try:
        cls = Edit.registry[data["op"]]
    except KeyError as exc:
        raise ValueError(f"unknown edit {data.get('op')!r}") from exc
    return cls._from_payload(data)


def _words_json(words: tuple[Word, ...] | None) -> list[Any] | None:
    return None if words is None else [w.to_json() for w in words]


def _words_from(data: list[Any] | None) -> tuple[Word, ...] | None:
    return None if data is None else tuple(Word.from_json(w) for w in data)


# ----- text ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SetText(Edit):
    """Replace `old` at character `at` of a segment's text by `new`.

    When the segment has words, `old_words` (at word index `word_at`) become `new_words`: only the
    changed slice of the word list is stored, which keeps history entries small.
    """

    kind: ClassVar[str] = "text"
    segment: str
    at: int
    old: str
    new: str
    word_at: int = 0
    old_words: tuple[Word, ...] | None = None
    new_words: tuple[Word, ...] | None = None

    def apply(self, transcript: Transcript) -> Change:
        try:
            index = transcript.index_of(self.segment)
        except KeyError as exc:
            raise EditConflict(f"no segment {self.segment}") from exc
        seg = transcript.segments[index]
        if seg.text[self.at : self.at + len(self.old)] != self.old:
            raise EditConflict(f"segment {self.segment} text changed under the edit")
        text = seg.text[: self.at] + self.new + seg.text[self.at + len(self.old) :]
        words = seg.words
        if self.new_words is not None:
            if words is None:
                raise EditConflict(f"segment {self.segment} has no words")
            old_words = self.old_words or ()
            if words[self.word_at : self.word_at + len(old_words)] != old_words:
                raise EditConflict(f"segment {self.segment} words changed under the edit")
            words = words[: self.word_at] + self.new_words + words[self.word_at + len(old_words) :]
        transcript.put_segment(index, seg.with_(text=text, words=words))
        return Change(segments={self.segment})

    def inverse(self) -> SetText:
        return SetText(self.segment, self.at, self.new, self.old, self.word_at, self.new_words, self.old_words)

    @property
    def label(self) -> str:
        if not self.old:
            return f"Type '{_short(self.new)}'"
        if not self.new:
            return f"Delete '{_short(self.old)}'"
        return f"Replace '{_short(self.old)}' with '{_short(self.new)}'"

    def _payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"seg": self.segment, "at": self.at, "old": self.old, "new": self.new}
        if self.new_words is not None:
            data.update(wat=self.word_at, ow=_words_json(self.old_words), nw=_words_json(self.new_words))
        return data

    @classmethod
    def _from_payload(cls, data: dict[str, Any]) -> SetText:
        return cls(
            data["seg"], data["at"], data["old"], data["new"],
            data.get("wat", 0), _words_from(data.get("ow")), _words_from(data.get("nw")),
        )


def common_affixes(a: str | tuple | list, b: str | tuple | list) -> tuple[int, int]:
    """Lengths of the common prefix and (non-overlapping) common suffix of two sequences."""
    limit = min(len(a), len(b))
    p = 0
    while p < limit and a[p] == b[p]:
        p += 1
    s = 0
    while s < limit - p and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    return p, s


def text_edit_between(before: Segment, after: Segment) -> SetText | None:
    """The smallest SetText turning `before` into `after` (same id), or None if equal."""
    if before.text == after.text and before.words == after.words:
        return None
    p, s = common_affixes(before.text, after.text)
    old = before.text[p : len(before.text) - s]
    new = after.text[p : len(after.text) - s]
    if before.words is None or after.words is None:
        return SetText(before.id, p, old, new)
    wp, ws = common_affixes(before.words, after.words)
    return SetText(
        before.id, p, old, new, wp,
        before.words[wp : len(before.words) - ws], after.words[wp : len(after.words) - ws],
    )


def set_text(transcript: Transcript, segment_id: str, start: int, end: int, new: str) -> SetText:
    """Replace characters [start, end) of a segment's text, realigning its word timings."""
    seg = transcript.segment(segment_id)
    if not 0 <= start <= end <= len(seg.text):
        raise EditConflict(f"range {start}-{end} outside segment {segment_id}")
    text = seg.text[:start] + new + seg.text[end:]
    if seg.words is None:
        return SetText(segment_id, start, seg.text[start:end], new)
    edit = text_edit_between(seg, seg.with_(text=text, words=realign(seg.words, text)))
    assert edit is not None or seg.text[start:end] == new
    return edit or SetText(segment_id, start, new, new)


def set_segment_text(transcript: Transcript, segment_id: str, text: str) -> SetText | None:
    """The edit that gives a segment this whole text (None if unchanged)."""
    seg = transcript.segment(segment_id)
    words = None if seg.words is None else realign(seg.words, text)
    return text_edit_between(seg, seg.with_(text=text, words=words))


# ----- speakers of segments ---------------------------------------------------------------------
@dataclass(frozen=True)
class SetSpeaker(Edit):
    """Assign `new` (a speaker id, or None) to segments whose speakers were `old` (one per segment)."""

    kind: ClassVar[str] = "speaker"
    segments: tuple[str, ...]
    old: tuple[str | None, ...]
    new: tuple[str | None, ...]
    names: str = ""  # for the label only

    def apply(self, transcript: Transcript) -> Change:
        positions = []
        for seg_id, old, new in zip(self.segments, self.old, self.new, strict=True):
            if not transcript.has_segment(seg_id):
                raise EditConflict(f"no segment {seg_id}")
            index = transcript.index_of(seg_id)
            if transcript.segments[index].speaker != old:
                raise EditConflict(f"segment {seg_id} speaker changed under the edit")
            if new is not None and not transcript.has_speaker(new):
                raise EditConflict(f"no speaker {new}")
            positions.append(index)
        for index, new in zip(positions, self.new, strict=True):
            transcript.put_segment(index, transcript.segments[index].with_(speaker=new))
        return Change(segments=set(self.segments))

    def inverse(self) -> SetSpeaker:
        return SetSpeaker(self.segments, self.new, self.old, self.names)

    @property
    def label(self) -> str:
        count = len(self.segments)
        who = self.names or "no speaker"
        return f"Set speaker {who}" + (f" ({count} segments)" if count > 1 else "")

    def _payload(self) -> dict[str, Any]:
        return {"segs": list(self.segments), "old": list(self.old), "new": list(self.new), "names": self.names}

    @classmethod
    def _from_payload(cls, data: dict[str, Any]) -> SetSpeaker:
        return cls(tuple(data["segs"]), tuple(data["old"]), tuple(data["new"]), data.get("names", ""))


def set_speaker(transcript: Transcript, segment_ids: Iterable[str], speaker_id: str | None) -> SetSpeaker:
    """Assign one speaker (or None) to the given segments."""
    ids = tuple(segment_ids)
    old = tuple(transcript.segment(i).speaker for i in ids)
    name = transcript.speaker_name(speaker_id) if speaker_id else ""
    return SetSpeaker(ids, old, (speaker_id,) * len(ids), name)


# ----- segment structure ------------------------------------------------------------------------
@dataclass(frozen=True)
class ReplaceSegments(Edit):
    """Replace a run of consecutive segments `old` by `new`; split and merge are made of this."""

    kind: ClassVar[str] = "segments"
    old: tuple[Segment, ...]
    new: tuple[Segment, ...]
    name: str = "Change segments"
    after: str | None = None  # id of the segment before the run, used when `old` is empty

    def apply(self, transcript: Transcript) -> Change:
        if self.old:
            if not transcript.has_segment(self.old[0].id):
                raise EditConflict(f"no segment {self.old[0].id}")
            index = transcript.index_of(self.old[0].id)
        else:
            index = 0 if self.after is None else transcript.index_of(self.after) + 1
        if tuple(transcript.segments[index : index + len(self.old)]) != self.old:
            raise EditConflict("segments changed under the edit")
        kept = {s.id for s in self.old}
        if any(s.id not in kept and transcript.has_segment(s.id) for s in self.new):
            raise EditConflict("segment id already in use")
        transcript.splice(index, len(self.old), self.new)
        return Change(segments={s.id for s in self.new}, structure=True)

    def inverse(self) -> ReplaceSegments:
        return ReplaceSegments(self.new, self.old, self.name, self.after)

    @property
    def label(self) -> str:
        return self.name

    def _payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "old": [s.to_json() for s in self.old],
            "new": [s.to_json() for s in self.new],
            "name": self.name,
        }
        if self.after is not None:
            data["after"] = self.after
        return data

    @classmethod
    def _from_payload(cls, data: dict[str, Any]) -> ReplaceSegments:
        return cls(
            tuple(Segment.from_json(s) for s in data["old"]),
            tuple(Segment.from_json(s) for s in data["new"]),
            data.get("name", "Change segments"),
            data.get("after"),
        )


def _split_time(seg: Segment, offset: int, left_words: int) -> int | None:
    """Boundary time for a split: the end of the last word kept left, else by character share."""
    if seg.words and 0 < left_words <= len(seg.words) and seg.words[left_words - 1].end is not None:
        return seg.words[left_words - 1].end
    if seg.start is None or seg.end is None or not seg.text:
        return None
    return seg.start + (seg.end - seg.start) * offset // len(seg.text)


def split_segment(transcript: Transcript, segment_id: str, offset: int, new_id: str | None = None) -> ReplaceSegments:
    """Split a segment at a character offset; the second part gets a new id and the same speaker.

    Whitespace at the cut is dropped. A cut inside a word gives both halves that word's timing.
    """
    seg = transcript.segment(segment_id)
    if not 0 < offset < len(seg.text):
        raise EditConflict(f"cannot split segment {segment_id} at {offset}")
    left_text = seg.text[:offset].rstrip()
    right_text = seg.text[offset:].lstrip()
    if not left_text or not right_text:
        raise EditConflict(f"cannot split segment {segment_id} at its edge")
    new_id = new_id or transcript.new_segment_id()
    left_n = len(tokenize(left_text))
    boundary = _split_time(seg, offset, left_n)
    left_words = right_words = None
    if seg.words is not None:
        # The token at the cut may be divided in two: realign each half against its own words.
        cut_inside = not seg.text[offset - 1].isspace() and not seg.text[offset].isspace()
        tail = seg.words[left_n - 1 :] if cut_inside else seg.words[left_n:]
        left_words = realign(seg.words[:left_n], left_text)
        right_words = realign(tail, right_text)
    source_left = source_right = None
    if seg.source is not None:
        s0, s1 = seg.source
        cut = s0 + (s1 - s0) * offset // max(len(seg.text), 1)
        source_left, source_right = (s0, cut), (cut, s1)
    left = seg.with_(text=left_text, end=boundary if boundary is not None else seg.end,
                     words=left_words, source=source_left)
    right = Segment(
        id=new_id, text=right_text, speaker=seg.speaker,
        start=boundary if boundary is not None else seg.start, end=seg.end,
        words=right_words, source=source_right, meta=seg.meta,
    )
    return ReplaceSegments((seg,), (left, right), "Split segment")


def merge_segments(transcript: Transcript, first_id: str) -> ReplaceSegments:
    """Merge a segment with the one after it; the result keeps the first's id and speaker."""
    index = transcript.index_of(first_id)
    if index + 1 >= len(transcript):
        raise EditConflict("no segment after this one to merge with")
    a, b = transcript.segments[index], transcript.segments[index + 1]
    sep = "" if not a.text or not b.text or a.text[-1].isspace() or b.text[0].isspace() else " "
    words = None
    if a.words is not None and b.words is not None:
        words = a.words + b.words
        if not sep and a.text and b.text:  # two tokens glued into one
            words = realign(words, a.text + b.text)
    elif a.words is not None or b.words is not None:
        words = realign(a.words or b.words or (), a.text + sep + b.text)
    source = a.source
    if a.source and b.source:
        source = (min(a.source[0], b.source[0]), max(a.source[1], b.source[1]))
    merged = a.with_(
        text=a.text + sep + b.text,
        start=a.start if a.start is not None else b.start,
        end=b.end if b.end is not None else a.end,
        words=words, source=source or b.source,
    )
    return ReplaceSegments((a, b), (merged,), "Merge segments")


def insert_segment(transcript: Transcript, after_id: str | None, text: str, speaker: str | None = None) -> ReplaceSegments:
    """Insert a new segment after `after_id` (None: at the start)."""
    seg = Segment(transcript.new_segment_id(), text, speaker)
    return ReplaceSegments((), (seg,), "Insert segment", after_id)


def delete_segment(transcript: Transcript, segment_id: str) -> ReplaceSegments:
    """Remove one segment (its inverse puts it back where it was)."""
    index = transcript.index_of(segment_id)
    after = transcript.segments[index - 1].id if index > 0 else None
    return ReplaceSegments((transcript.segments[index],), (), "Delete segment", after)


# ----- timings ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SetTimings(Edit):
    """Give segments new start/end times and word timings (e.g. from aligning the text to the recording).

    `old` and `new` hold the same segments (same ids, same text) before and after; only times, words and
    meta differ. Segments keep their place, so this is not a structural change.
    """

    kind: ClassVar[str] = "timings"
    old: tuple[Segment, ...]
    new: tuple[Segment, ...]
    name: str = "Set timings"

    def __post_init__(self) -> None:
        if len(self.old) != len(self.new) or any(
                a.id != b.id or a.text != b.text for a, b in zip(self.old, self.new, strict=True)):
            raise ValueError("SetTimings must keep each segment's id and text")

    def apply(self, transcript: Transcript) -> Change:
        positions = []
        for seg in self.old:
            if not transcript.has_segment(seg.id):
                raise EditConflict(f"no segment {seg.id}")
            index = transcript.index_of(seg.id)
            if transcript.segments[index] != seg:
                raise EditConflict(f"segment {seg.id} changed under the edit")
            positions.append(index)
        for index, seg in zip(positions, self.new, strict=True):
            transcript.put_segment(index, seg)
        return Change(segments={s.id for s in self.new}, timings=True)

    def inverse(self) -> SetTimings:
        return SetTimings(self.new, self.old, self.name)

    @property
    def label(self) -> str:
        return self.name

    def _payload(self) -> dict[str, Any]:
        return {"old": [s.to_json() for s in self.old], "new": [s.to_json() for s in self.new], "name": self.name}

    @classmethod
    def _from_payload(cls, data: dict[str, Any]) -> SetTimings:
        return cls(tuple(Segment.from_json(s) for s in data["old"]), tuple(Segment.from_json(s) for s in data["new"]),
                   data.get("name", "Set timings"))


# ----- speaker table ----------------------------------------------------------------------------
@dataclass(frozen=True)
class AddSpeaker(Edit):
    """Add a speaker at `position` in the speaker list."""

    kind: ClassVar[str] = "add_speaker"
    speaker: Speaker
    position: int

    def apply(self, transcript: Transcript) -> Change:
        if transcript.has_speaker(self.speaker.id):
            raise EditConflict(f"speaker {self.speaker.id} exists")
        transcript.put_speaker(self.speaker, self.position)
        return Change(speakers=True)

    def inverse(self) -> RemoveSpeaker:
        return RemoveSpeaker(self.speaker, self.position)

    @property
    def label(self) -> str:
        return f"Add speaker {self.speaker.name}"

    def _payload(self) -> dict[str, Any]:
        return {"speaker": self.speaker.to_json(), "pos": self.position}

    @classmethod
    def _from_payload(cls, data: dict[str, Any]) -> AddSpeaker:
        return cls(Speaker.from_json(data["speaker"]), data["pos"])


@dataclass(frozen=True)
class RemoveSpeaker(Edit):
    """Remove an unused speaker (reassign its segments first; see `delete_speaker`)."""

    kind: ClassVar[str] = "remove_speaker"
    speaker: Speaker
    position: int

    def apply(self, transcript: Transcript) -> Change:
        if transcript.speaker(self.speaker.id) != self.speaker:
            raise EditConflict(f"speaker {self.speaker.id} changed under the edit")
        if any(s.speaker == self.speaker.id for s in transcript.segments):
            raise EditConflict(f"speaker {self.speaker.name} is still used")
        transcript.drop_speaker(self.speaker.id)
        return Change(speakers=True)

    def inverse(self) -> AddSpeaker:
        return AddSpeaker(self.speaker, self.position)

    @property
    def label(self) -> str:
        return f"Remove speaker {self.speaker.name}"

    def _payload(self) -> dict[str, Any]:
        return {"speaker": self.speaker.to_json(), "pos": self.position}

    @classmethod
    def _from_payload(cls, data: dict[str, Any]) -> RemoveSpeaker:
        return cls(Speaker.from_json(data["speaker"]), data["pos"])


@dataclass(frozen=True)
class UpdateSpeaker(Edit):
    """Change a speaker's name and/or colour (a rename shows everywhere at once)."""

    kind: ClassVar[str] = "update_speaker"
    old: Speaker
    new: Speaker

    def apply(self, transcript: Transcript) -> Change:
        if transcript.speaker(self.old.id) != self.old or self.new.id != self.old.id:
            raise EditConflict(f"speaker {self.old.id} changed under the edit")
        transcript.put_speaker(self.new)
        return Change(speakers=True)

    def inverse(self) -> UpdateSpeaker:
        return UpdateSpeaker(self.new, self.old)

    @property
    def label(self) -> str:
        if self.old.name != self.new.name:
            return f"Rename speaker {self.old.name} to {self.new.name}"
        return f"Change colour of {self.new.name}"

    def _payload(self) -> dict[str, Any]:
        return {"old": self.old.to_json(), "new": self.new.to_json()}

    @classmethod
    def _from_payload(cls, data: dict[str, Any]) -> UpdateSpeaker:
        return cls(Speaker.from_json(data["old"]), Speaker.from_json(data["new"]))


def add_speaker(transcript: Transcript, name: str, color: str | None = None) -> AddSpeaker:
    return AddSpeaker(Speaker(transcript.new_speaker_id(), name, color), len(transcript.speakers))


def assign_numbered_speaker(transcript: Transcript, segment_ids: Iterable[str], number: int) -> Edit | None:
    """Speaker `number` (1-based, in list order; 0 clears) for the segments, as one undo step; None when they all
    have it already. A number past the list adds "Speaker N" (and any gap before it) in the same step."""
    speakers = transcript.speakers
    adds: list[AddSpeaker] = []
    if number == 0:
        speaker_id, name = None, ""
    elif number <= len(speakers):
        speaker_id, name = speakers[number - 1].id, speakers[number - 1].name
    else:
        taken = {s.id for s in speakers}
        for n in range(len(speakers) + 1, number + 1):
            new_id = next(f"p{k}" for k in range(n, n + 1000) if f"p{k}" not in taken)
            taken.add(new_id)
            adds.append(AddSpeaker(Speaker(new_id, f"Speaker {n}"), n - 1))
        speaker_id, name = adds[-1].speaker.id, adds[-1].speaker.name
    ids = tuple(i for i in segment_ids if transcript.segment(i).speaker != speaker_id)
    if not ids:
        return None
    old = tuple(transcript.segment(i).speaker for i in ids)
    assign = SetSpeaker(ids, old, (speaker_id,) * len(ids), name)
    return Batch((*adds, assign), assign.label) if adds else assign


def rename_speaker(transcript: Transcript, speaker_id: str, name: str) -> UpdateSpeaker:
    old = transcript.speaker(speaker_id)
    if old is None:
        raise EditConflict(f"no speaker {speaker_id}")
    return UpdateSpeaker(old, Speaker(old.id, name, old.color))


def recolor_speaker(transcript: Transcript, speaker_id: str, color: str | None) -> UpdateSpeaker:
    old = transcript.speaker(speaker_id)
    if old is None:
        raise EditConflict(f"no speaker {speaker_id}")
    return UpdateSpeaker(old, Speaker(old.id, old.name, color))


# ----- compound edits ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Batch(Edit):
    """Several edits applied as one (one undo step, one history entry)."""

    kind: ClassVar[str] = "batch"
    edits: tuple[Edit, ...]
    name: str

    def apply(self, transcript: Transcript) -> Change:
        change = Change()
        done: list[Edit] = []
        try:
            for edit in self.edits:
                change.update(edit.apply(transcript))
                done.append(edit)
        except EditConflict:
            for edit in reversed(done):
                edit.inverse().apply(transcript)
            raise
        return change

    def inverse(self) -> Batch:
        return Batch(tuple(e.inverse() for e in reversed(self.edits)), self.name)

    @property
    def label(self) -> str:
        return self.name

    def _payload(self) -> dict[str, Any]:
        return {"edits": [e.to_json() for e in self.edits], "name": self.name}

    @classmethod
    def _from_payload(cls, data: dict[str, Any]) -> Batch:
        return cls(tuple(edit_from_json(e) for e in data["edits"]), data["name"])


def merge_speakers(transcript: Transcript, source_id: str, target_id: str) -> Batch:
    """Give all of `source_id`'s segments to `target_id`, then remove `source_id`."""
    source, target = transcript.speaker(source_id), transcript.speaker(target_id)
    if source is None or target is None or source_id == target_id:
        raise EditConflict("choose two different speakers to merge")
    segs = [s.id for s in transcript.segments if s.speaker == source_id]
    edits: list[Edit] = []
    if segs:
        edits.append(set_speaker(transcript, segs, target_id))
    edits.append(RemoveSpeaker(source, transcript.speaker_index(source_id)))
    return Batch(tuple(edits), f"Merge speaker {source.name} into {target.name}")


def delete_speaker(transcript: Transcript, speaker_id: str) -> Batch:
    """Remove a speaker; its segments become unassigned."""
    speaker = transcript.speaker(speaker_id)
    if speaker is None:
        raise EditConflict(f"no speaker {speaker_id}")
    segs = [s.id for s in transcript.segments if s.speaker == speaker_id]
    edits: list[Edit] = []
    if segs:
        edits.append(set_speaker(transcript, segs, None))
    edits.append(RemoveSpeaker(speaker, transcript.speaker_index(speaker_id)))
    return Batch(tuple(edits), f"Delete speaker {speaker.name}")


def find_matches(text: str, old: str, *, whole_word: bool = False, ignore_case: bool = False) -> list[tuple[int, int]]:
    """Character spans of `old` in `text` (non-overlapping)."""
    pattern = re.escape(old)
    if whole_word:
        pattern = rf"(?<!\w){pattern}(?!\w)"
    flags = re.IGNORECASE if ignore_case else 0
    return [m.span() for m in re.finditer(pattern, text, flags)]


def replace_all(
    transcript: Transcript,
    old: str,
    new: str,
    *,
    whole_word: bool = False,
    ignore_case: bool = False,
    segment_ids: Iterable[str] | None = None,
    find: Callable[[str], list[tuple[int, int]]] | None = None,
) -> Batch | None:
    """One edit replacing every occurrence of `old` by `new` (None when there is none).

    `find(text)`, when given, says which non-overlapping spans of a segment's text to replace instead (a fuzzy
    search finds words like `old`); the edit's label then says "like"."""
    if not old:
        raise EditConflict("nothing to replace")
    segments = transcript.segments if segment_ids is None else [transcript.segment(i) for i in segment_ids]
    edits: list[Edit] = []
    count = 0
    for seg in segments:
        if find is not None:
            spans = find(seg.text)
        else:
            spans = find_matches(seg.text, old, whole_word=whole_word, ignore_case=ignore_case)
        if not spans:
            continue
        text = seg.text
        for start, end in reversed(spans):
            text = text[:start] + new + text[end:]
        count += len(spans)
        edit = set_segment_text(transcript, seg.id, text)
        if edit is not None:
            edits.append(edit)
    if not edits:
        return None
    like = "like " if find is not None else ""
    return Batch(tuple(edits), f"Replace all {like}'{_short(old)}' with '{_short(new)}' ({count}×)")


# ----- whole document -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ReplaceDocument(Edit):
    """Replace all segments and speakers at once (restoring a version is one of these)."""

    kind: ClassVar[str] = "document"
    old_segments: tuple[Segment, ...]
    old_speakers: tuple[Speaker, ...]
    new_segments: tuple[Segment, ...]
    new_speakers: tuple[Speaker, ...]
    name: str = "Replace document"

    def apply(self, transcript: Transcript) -> Change:
        if tuple(transcript.segments) != self.old_segments or tuple(transcript.speakers) != self.old_speakers:
            raise EditConflict("document changed under the edit")
        for sp in self.old_speakers:
            transcript.drop_speaker(sp.id)
        for sp in self.new_speakers:
            transcript.put_speaker(sp)
        transcript.splice(0, len(transcript), self.new_segments)
        return Change(segments={s.id for s in self.new_segments}, structure=True, speakers=True)

    def inverse(self) -> ReplaceDocument:
        return ReplaceDocument(self.new_segments, self.new_speakers, self.old_segments, self.old_speakers, self.name)

    @property
    def label(self) -> str:
        return self.name

    def _payload(self) -> dict[str, Any]:
        return {
            "old_segs": [s.to_json() for s in self.old_segments],
            "old_spk": [s.to_json() for s in self.old_speakers],
            "new_segs": [s.to_json() for s in self.new_segments],
            "new_spk": [s.to_json() for s in self.new_speakers],
            "name": self.name,
        }

    @classmethod
    def _from_payload(cls, data: dict[str, Any]) -> ReplaceDocument:
        return cls(
            tuple(Segment.from_json(s) for s in data["old_segs"]),
            tuple(Speaker.from_json(s) for s in data["old_spk"]),
            tuple(Segment.from_json(s) for s in data["new_segs"]),
            tuple(Speaker.from_json(s) for s in data["new_spk"]),
            data.get("name", "Replace document"),
        )


def replace_document(current: Transcript, target: Transcript, name: str) -> ReplaceDocument:
    """The edit that turns `current`'s segments and speakers into `target`'s."""
    return ReplaceDocument(
        tuple(current.segments), tuple(current.speakers),
        tuple(target.segments), tuple(target.speakers), name,
    )
