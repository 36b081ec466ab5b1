"""Reading a project's current state row by row, trusting nothing: every value is checked on the way in.

A row that cannot be used is reported by number and left out; a row with one bad field keeps the rest
(a start time 'abc' becomes "no time"); rows that read fine but do not match their checksum are reported
too. The caller decides what the problems mean: a read-write open refuses, a read-only open shows the rest
with the problems listed, and a repair writes what was read into a new file.
"""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from editor.core.model import Segment, SourceInfo, Speaker, Transcript, Word, tokenize
from editor.progress import report
from editor.store import checksums, codec

# Problems listed one by one before the rest are counted: a report of 10,000 bad rows helps nobody.
MAX_LISTED = 20


@dataclass
class LoadedState:
    """The transcript as read, with the sort keys and checksums the writer continues from."""

    transcript: Transcript
    pos: dict[str, float]
    crcs: dict[str, int]
    speakers_crc: int
    source_crc: int
    problems: list[str] = field(default_factory=list)
    doubtful: set[str] = field(default_factory=set)  # ids of segments read from rows with a problem


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.hidden = 0

    def add(self, text: str) -> None:
        if len(self.items) < MAX_LISTED:
            self.items.append(text)
        else:
            self.hidden += 1

    def result(self) -> list[str]:
        return self.items + ([f"... and {self.hidden} more problem(s)"] if self.hidden else [])


def scan(db: sqlite3.Connection, columns: str, table: str, key: str, problems: _Problems) -> list[tuple[Any, ...]]:
    """Every readable row of `table`, key order. Past a damaged page, the rows after it are read backwards."""
    rows: dict[Any, tuple[Any, ...]] = {}
    try:
        for row in db.execute(f"SELECT {key}, {columns} FROM {table} ORDER BY {key}"):
            rows[row[0]] = row[1:]
        return list(rows.values())
    except sqlite3.DatabaseError as exc:
        forward = len(rows)
        try:
            for row in db.execute(f"SELECT {key}, {columns} FROM {table} ORDER BY {key} DESC"):
                if row[0] in rows:
                    break
                rows[row[0]] = row[1:]
        except sqlite3.DatabaseError:
            pass
        problems.add(f"the {table} table is damaged ({exc}); read {forward} row(s) before the damage and "
                     f"{len(rows) - forward} after it")
    return list(rows.values())


def _time(value: Any) -> int | None:
    if value is None or (type(value) is int):
        return value
    raise ValueError(f"{value!r} is not a time")


def _word(value: Any) -> Word:
    text, start, end, confidence = value
    if not isinstance(text, str):
        raise ValueError(f"word {text!r} is not text")
    if confidence is not None and (type(confidence) not in (int, float) or not math.isfinite(confidence)):
        raise ValueError(f"confidence {confidence!r} is not a number")
    return Word(text, _time(start), _time(end), confidence)


def segment_from_data(seg_id: str, data: Any) -> tuple[Segment, list[str]]:
    """A segment from its `data` column, with what had to be dropped; ValueError when there is no text."""
    if not isinstance(data, str):
        raise ValueError(f"its data is {type(data).__name__}, not text")
    try:
        fields = json.loads(data)
    except ValueError as exc:
        raise ValueError(f"its data is not JSON ({exc})") from None
    if not isinstance(fields, dict):
        raise ValueError(f"its data is {json.dumps(fields)[:40]}, not a segment")
    text = fields.get("text")
    if not isinstance(text, str):
        raise ValueError("it has no text")
    dropped: list[str] = []
    speaker = fields.get("speaker")
    if speaker is not None and not isinstance(speaker, str):
        dropped.append(f"speaker {speaker!r}")
        speaker = None
    times = []
    for name in ("start", "end"):
        try:
            times.append(_time(fields.get(name)))
        except ValueError:
            dropped.append(f"{name} time {fields.get(name)!r}")
            times.append(None)
    words = fields.get("words")
    if words is not None:
        try:
            words = tuple([_word(w) for w in words])
            if len(words) != len(tokenize(text)):
                raise ValueError("word count")
        except (TypeError, ValueError):
            dropped.append("word timings")
            words = None
    source = fields.get("source")
    if source is not None:
        if (isinstance(source, list) and len(source) == 2 and all(type(v) is int for v in source)
                and 0 <= source[0] <= source[1]):
            source = (source[0], source[1])
        else:
            dropped.append(f"source span {source!r}")
            source = None
    meta = fields.get("meta")
    if meta is not None and not isinstance(meta, dict):
        dropped.append("recogniser data")
        meta = None
    try:
        meta_items = tuple(sorted(meta.items())) if meta else ()
        hash(meta_items)
    except TypeError:
        dropped.append("recogniser data")
        meta_items = ()
    segment = Segment(seg_id, text, speaker, times[0], times[1], words, source, meta_items)
    return segment, dropped


def _where(number: int, seg_id: str) -> str:
    """How a problem names its row (made only for a problem: opening 30 h would build 18,902 of them)."""
    return f"segment {number} (id {seg_id!r})"


def _position_order(row: tuple[Any, ...]) -> tuple[bool, float]:
    """Sort key of a segment row: by position, rows whose position is not a number last."""
    key = _number(row[1])
    return (key is None, key or 0.0)


def _number(value: Any) -> float | None:
    if type(value) in (int, float) and math.isfinite(value):
        return float(value)
    return None


def _segments(db: sqlite3.Connection, with_crc: bool, problems: _Problems) -> list[tuple[Any, ...]]:
    """(id, pos, data, crc) of every readable segment row."""
    return scan(db, "id, pos, data, crc" if with_crc else "id, pos, data, NULL", "segments", "id", problems)


def load_state(db: sqlite3.Connection, *, with_checksums: bool) -> LoadedState:
    """Read source, segments and speakers; what is missing or damaged is listed in `problems`."""
    problems = _Problems()
    source = _load_source(db, problems)
    rows = list(_segments(db, with_checksums, problems))
    # The usual case, every position a finite float (a sum that is not finite has an infinity or NaN in it, or
    # overflowed: then the careful way), sorts with no call per row, in the same order.
    if all(type(r[1]) is float for r in rows) and math.isfinite(sum(r[1] for r in rows)):
        rows.sort(key=itemgetter(1))
    else:
        rows.sort(key=_position_order)

    stored = _stored_checksums(db, problems) if with_checksums else None
    segments: list[Segment] = []
    pos: dict[str, float] = {}
    crcs: dict[str, int] = {}
    stored_sum = 0
    last_key = 0.0
    doubtful: set[str] = set()
    for number, (raw_id, raw_pos, data, crc) in enumerate(rows, start=1):
        if not number % 4096:
            report("opening", number, len(rows))
        rows[number - 1] = ()  # (the row's JSON is not needed once read: a large project never holds both)
        seg_id = raw_id if isinstance(raw_id, str) else str(raw_id)
        if not isinstance(raw_id, str):
            problems.add(f"{_where(number, seg_id)}: its id is not text; left out")
            continue
        if type(crc) is int:
            stored_sum = checksums.add(stored_sum, crc)
        if seg_id in pos:
            problems.add(f"{_where(number, seg_id)}: a second segment with this id; left out")
            continue
        # (a REAL column gives floats: the usual case is decided without a call)
        key = raw_pos if type(raw_pos) is float and math.isfinite(raw_pos) else _number(raw_pos)
        actual = None
        if with_checksums and isinstance(data, str) and key is not None:
            actual = checksums.segment_crc(seg_id, key, data)
        segment: Segment | None = None
        dropped: list[str] = []
        if actual is not None and actual == crc and key == raw_pos:
            # the row is byte for byte what the editor wrote (its checksum says so), and the editor writes only
            # valid rows: decode it without checking every value again (a third of the open time with words)
            try:
                segment = codec.segment_from_row(seg_id, data)
            except codec.DECODE_ERRORS:
                segment = None
        if segment is None:
            try:
                segment, dropped = segment_from_data(seg_id, data)
            except ValueError as exc:
                problems.add(f"{_where(number, seg_id)}: {exc}; left out")
                continue
        if key is None:
            problems.add(f"{_where(number, seg_id)}: its position {raw_pos!r} is not a number; placed at the end")
            doubtful.add(seg_id)
            key = last_key + 1024.0
        if key > last_key:
            last_key = key
        if dropped:
            problems.add(f"{_where(number, seg_id)}: unreadable {', '.join(dropped)}; left out of it")
            doubtful.add(seg_id)
        if with_checksums and isinstance(data, str):
            if actual is None:
                actual = checksums.segment_crc(seg_id, key, data)
            if crc != actual and not dropped and raw_id == seg_id and key == raw_pos:
                problems.add(f"{_where(number, seg_id)}: does not match its checksum (its text or position was changed "
                             "outside the editor)")
                doubtful.add(seg_id)
            crcs[seg_id] = actual
        segments.append(segment)
        pos[seg_id] = key
    if stored is not None:
        count, total, _speakers, _source = stored
        if count != len(rows):
            problems.add(f"the project should have {count} segment(s) but {len(rows)} were found "
                         "(rows were deleted or added outside the editor, or are unreadable)")
        elif total != stored_sum:
            problems.add("the segments do not add up to the stored checksum (rows were changed outside the editor)")
    speakers, speaker_rows = _load_speakers(db, problems)
    speakers_crc = checksums.speakers_crc(speaker_rows)
    source_crc = checksums.source_crc(source.name, source.format, source.encoding, source.text)
    if stored is not None:
        if stored[2] != speakers_crc:
            problems.add("the speakers do not match their checksum (changed outside the editor)")
        if stored[3] != source_crc:
            problems.add("the original text or its file name, format or encoding does not match its checksum "
                         "(changed outside the editor)")
    try:
        transcript = Transcript(segments, speakers, source)
    except ValueError as exc:  # cannot happen after the id check above; kept as a clear message
        problems.add(str(exc))
        transcript = Transcript([], speakers, source)
    return LoadedState(transcript, pos, crcs, speakers_crc, source_crc, problems.result(), doubtful)


def _load_source(db: sqlite3.Connection, problems: _Problems) -> SourceInfo:
    try:
        row = db.execute("SELECT name, format, encoding, text FROM source WHERE id = 1").fetchone()
    except sqlite3.DatabaseError as exc:
        problems.add(f"the original text cannot be read ({exc})")
        return SourceInfo()
    if row is None:
        problems.add("the original text is missing")
        return SourceInfo()
    values = [v if isinstance(v, str) else "" for v in row]
    bad = [name for name, v in zip(("name", "format", "encoding", "text"), row, strict=True) if not isinstance(v, str)]
    if bad:
        problems.add(f"the original text's {', '.join(bad)} cannot be read")
    return SourceInfo(text=values[3], name=values[0], format=values[1], encoding=values[2])


def _stored_checksums(db: sqlite3.Connection, problems: _Problems) -> tuple[int, int, int, int] | None:
    try:
        row = db.execute("SELECT segments, segments_sum, speakers, source FROM checksums WHERE id = 1").fetchone()
    except sqlite3.DatabaseError as exc:
        problems.add(f"the checksums cannot be read ({exc})")
        return None
    if row is None or not all(type(v) is int for v in row):
        problems.add("the checksums are missing or unreadable")
        return None
    return (row[0], row[1], row[2], row[3])


def _load_speakers(db: sqlite3.Connection, problems: _Problems) -> tuple[list[Speaker], list[tuple[Any, ...]]]:
    rows = scan(db, "id, pos, name, color", "speakers", "id", problems)
    rows.sort(key=lambda r: (_number(r[1]) is None, _number(r[1]) or 0.0))
    speakers = []
    for number, (sp_id, pos, name, color) in enumerate(rows, start=1):
        if not isinstance(sp_id, str) or not isinstance(name, str) or not (color is None or isinstance(color, str)):
            problems.add(f"speaker {number} (id {sp_id!r}): unreadable name or colour; shown by its id")
            speakers.append(Speaker(str(sp_id), str(sp_id) if not isinstance(name, str) else name,
                                    color if isinstance(color, str) else None))
        else:
            speakers.append(Speaker(sp_id, name, color))
        if _number(pos) is None:
            problems.add(f"speaker {number} (id {sp_id!r}): its position {pos!r} is not a number")
    return speakers, rows
