"""Plain text: wrapped lines, blank-line paragraphs, optional `Name:` labels and `[hh:mm:ss]` times.

Import: a line that does not end a sentence continues on the next line; blank lines separate
paragraphs; a paragraph, or a line opening with a time or a recurring speaker label, starts a turn;
each turn is split into sentence-sized segments. Transcription services also write a speaker and a time on
a line of their own above the text ("Speaker 1  0:05", "Jane Doe (00:01:05):", "00:00:05 Speaker 1",
"[00:05] - Jane") or before the colon of a label ("Speaker 1 (00:00:05): text"); these recurring headings
give the speaker and the start time too. Export: one paragraph per speaker turn (or per segment),
`Name: text`, with `[hh:mm:ss]` before it when asked; text that would read back as a time or a label
(`[01:02:03] ...`, `Note: ...`) gets a backslash before it, which the import takes away again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from editor.core.model import SourceInfo, Transcript
from editor.core.timecode import parse_clock
from editor.formats.build import TranscriptBuilder
from editor.formats.labels import accepted_names, is_name_like, match_label
from editor.formats.options import ExportOptions
from editor.formats.paragraphs import clock_label, paragraphs
from editor.formats.sentences import iter_sentences

FORMAT_ID = "txt"
_FINAL = (".", "!", "?", "…", '"', "'", ")", "”", "’", ":")
_BREAK_RE = re.compile(r"\r\n|\r|\n")
_TIME_RE = re.compile(r"[ \t]*(?:\[(?P<b>\d+(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)\]|\((?P<p>\d+(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?)\))[ \t]*")


_CLOCK = r"\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?"
_NAME = r"[^\s:\[\](){}<>\"“”\d][^:\n\r\[\](){}<>\"“”]{0,39}?"
# a whole line naming the speaker and the time, in the orders transcription services use
_HEADING_RE = re.compile(
    rf"[ \t]*(?:(?P<n1>{_NAME})(?:[ \t]{{2,}}|[ \t]*[\[(])(?P<t1>{_CLOCK})[\])]?[ \t]*:?"
    rf"|[\[(]?(?P<t2>{_CLOCK})[\])]?[ \t]*[-–—]?[ \t]*(?P<n2>{_NAME})[ \t]*:?)[ \t]*")
# what the other importers recognise a file by (a subtitle timing line, WEBVTT, JSON, Whisper's TSV header)
_OTHER_FORMAT_RE = re.compile(r"\d[\d:.,]*[ \t]*-->|WEBVTT|\{|\[\s*[{\]]|start\tend\ttext", re.IGNORECASE)
_HEADING_CHARS = 64  # a name (at most 40 characters), a clock, brackets and spaces
# `Name (time): text`: a label with the time before its colon
_TIMED_LABEL_RE = re.compile(rf"(?P<name>{_NAME})[ \t]*[\[(](?P<t>{_CLOCK})[\])][ \t]*:(?=\s|$)")


_KEEP_LINES_CHARS = 2_000_000  # some 50k lines (~30 hours of speech): ~10 MB of _Line objects kept at once


@dataclass(slots=True)  # one per line of the file: a million of them without slots cost 400 MB
class _Line:
    start: int  # where the line's text begins in the source
    end: int  # where it ends (before the line break)
    blank: bool
    para_start: bool = False
    time: int | None = None
    label: str | None = None
    label_body: int = 0  # where the text after the label begins
    body: int = 0  # where the text after any time prefix begins
    label_time: int | None = None  # the time written with the label (a heading or `Name (time):`)
    timed: bool = False  # the label came with a time (a heading or `Name (time):`)


def _split_lines(text: str) -> Iterator[_Line]:
    pos = 0
    length = len(text)
    while pos <= length:
        match = _BREAK_RE.search(text, pos)
        end = match.start() if match else length
        yield _Line(pos, end, not text[pos:end].strip(), body=pos)
        if match is None:
            break
        pos = match.end()


def _read_lines(text: str) -> Iterator[_Line]:
    """The lines of `text`, each read: paragraph start, time prefix and label (a heading, `Name:` or
    `Name (time):`). A generator, read twice by `parse` when the text is long: a list of a million lines would cost
    200 MB."""
    previous_blank = True
    for line in _split_lines(text):
        if line.blank:
            previous_blank = True
            yield line
            continue
        line.para_start = previous_blank
        previous_blank = False
        line.time, line.body = _time_prefix(text, line.start, line.end)
        escaped = _escape_at(text, _skip_blanks(text, line.body, line.end), line.end)
        if escaped is not None:  # `\[01:02:03] text`: the text as written, no time or label in it
            line.body = escaped
            yield line
            continue
        label = match_label(text, _skip_blanks(text, line.body, line.end), line.end)
        timed = None if label else _timed_label(text, line)
        if label:
            line.label = label.group("name")
            line.label_body = label.end()
        elif timed:
            line.label, line.label_time, line.label_body = timed
            line.timed = True
        yield line


def _time_prefix(text: str, pos: int, end: int) -> tuple[int | None, int]:
    match = _TIME_RE.match(text, pos, end)
    if not match:
        return None, pos
    try:
        return parse_clock(match.group("b") or match.group("p")), match.end()
    except ValueError:
        return None, pos


def _clock(value: str | None) -> int | None:
    try:
        return None if value is None else parse_clock(value)
    except ValueError:
        return None


def _timed_label(text: str, line: _Line) -> tuple[str, int | None, int] | None:
    """(name, time, where the text after it begins) for a heading line or a `Name (time):` label, else None."""
    # both need a clock within a name's length of the line start (a cheap test that spares most lines the regexes)
    head = text[line.start : min(line.end, line.start + _HEADING_CHARS)]
    if ":" not in head:
        return None
    heading = _HEADING_RE.fullmatch(text, line.start, line.end) if line.end - line.start <= _HEADING_CHARS else None
    if heading is not None:
        name = (heading.group("n1") or heading.group("n2")).strip()
        time = _clock(heading.group("t1") or heading.group("t2"))
        if time is not None and is_name_like(name):
            return name, time, line.end
    if "(" not in head and "[" not in head:
        return None
    label = _TIMED_LABEL_RE.match(text, _skip_blanks(text, line.body, line.end), line.end)
    if label is not None and is_name_like(label.group("name").strip()):
        return label.group("name").strip(), _clock(label.group("t")), label.end()
    return None


def parse(text: str, name: str) -> Transcript:
    """Import plain text (see the module docstring)."""
    candidates: list[tuple[str, bool]] = []
    paragraph_count = 0
    previous_final = True
    # the lines are read twice (names first): kept from the first reading when there are few enough, else read
    # again (a 10-hour file's 12k lines cost 0.016 s a reading, before a check can start)
    kept = list(_read_lines(text)) if len(text) <= _KEEP_LINES_CHARS else None
    for line in kept if kept is not None else _read_lines(text):
        if line.blank:
            continue
        paragraph_count += line.para_start
        if line.label is not None:
            # A label may open a turn where a new sentence may start; after a wrapped line it must recur.
            turn_start = line.para_start or previous_final or line.time is not None
            candidates.append((line.label, turn_start))
        rest = "" if line.timed and line.label_body == line.end else text[line.body : line.end].rstrip()
        previous_final = not rest or rest.endswith(_FINAL)  # a time stamp alone also ends what came before
    names = accepted_names(candidates, paragraph_count)
    del candidates

    builder = TranscriptBuilder(SourceInfo(text=text, name=name, format=FORMAT_ID))
    turn: tuple[str | None, int | None, int] | None = None  # (speaker, time, body start)
    turn_end = 0
    for line in kept if kept is not None else _read_lines(text):
        if line.blank:
            continue
        speaker = line.label if line.label in names else None
        body = line.body
        if speaker is not None:
            escaped = _escape_at(text, _skip_blanks(text, line.label_body, line.end), line.end, after_label=True)
            time_after, body = (None, escaped) if escaped is not None else _time_prefix(text, line.label_body, line.end)
            if line.time is None:
                line.time = line.label_time if line.label_time is not None else time_after
        if line.para_start or speaker is not None or line.time is not None:
            if turn is not None and not text[turn[2] : turn_end].strip():
                # A time or label alone on its line belongs to the text that follows it.
                speaker = speaker if speaker is not None else turn[0]
                line.time = line.time if line.time is not None else turn[1]
                turn = None
            if turn is not None:
                _add_turn(builder, text, turn, turn_end)
            if speaker is None and not line.para_start and turn is not None:
                speaker = turn[0]  # a time stamp inside a speaker's paragraph keeps that speaker
            turn = (speaker, line.time, body)
        turn_end = line.end
    if turn is not None:
        _add_turn(builder, text, turn, turn_end)
    return builder.build()


def _add_turn(builder: TranscriptBuilder, text: str, turn: tuple[str | None, int | None, int], end: int) -> None:
    speaker, time, start = turn
    for i, (a, b) in enumerate(iter_sentences(text, start, end)):
        builder.add(text[a:b], speaker=speaker, start=time if i == 0 else None, source=(a, b))


def _read_as_markup(text: str, pos: int, end: int, *, after_label: bool) -> bool:
    """Whether text[pos:end] would be read as something other than text: at the start of a line (or after
    its time), a time, a label, a heading or another format's opening; after a speaker label, a time.
    Text starting with the escape character itself counts too."""
    if text.startswith("\\", pos, end) or _TIME_RE.match(text, pos, end) is not None:
        return True
    return not after_label and (
        _OTHER_FORMAT_RE.match(text, pos, end) is not None  # (a file opening so is read in another format)
        or match_label(text, pos, end) is not None or _timed_label(text, _Line(pos, end, False, body=pos)) is not None)


def _escape_at(text: str, pos: int, end: int, *, after_label: bool = False) -> int | None:
    """Where the text begins when a backslash at `pos` escapes it (what `render` writes before text that would
    be read as a time or label), else None."""
    if text.startswith("\\", pos, end) and _read_as_markup(text, pos + 1, end, after_label=after_label):
        return pos + 1
    return None


def escape_line_text(body: str, *, after_label: bool = False) -> str:
    """`body` as `render` writes it (at the start of a line, or after a speaker label): with a backslash before
    it when it would otherwise be read back as a time, a label or a heading (`[01:02:03] ...`, `Note: ...`)."""
    return "\\" + body if body and _read_as_markup(body, 0, len(body), after_label=after_label) else body


def _skip_blanks(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in " \t":
        pos += 1
    return pos


def render(transcript: Transcript, options: ExportOptions) -> bytes:
    """Clean text: paragraphs separated by blank lines, `[time] Name: text`."""
    out = []
    for para in paragraphs(transcript, options):
        prefix = f"[{clock_label(para.start)}] " if para.start is not None else ""
        if para.speaker:
            prefix += f"{para.speaker}: "
        out.append(prefix + escape_line_text(para.text, after_label=bool(para.speaker)))
    return ("\n\n".join(out) + "\n").encode("utf-8")
