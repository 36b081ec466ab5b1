"""SubRip (.srt) import and export through the `srt` package.

Import is strict: a malformed cue is an error naming its line, because skipping it would lose text.
`Name: text` at the start of cues becomes the speaker when the pattern recurs (see labels.py). In a file whose
labels the import would read, text that opens a cue like a label ("Alice: hi" said, not a speaker) is written with
its colon as `&#58;` (players show a colon): labels are looked for in the cue as written, before entities are
decoded, so it reads back as text.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

from editor.core.model import SourceInfo, Transcript
from editor.errors import FormatError
from editor.formats.build import SpanLocator, TranscriptBuilder, normalize_space
from editor.formats.cues import layout_cues
from editor.formats.labels import accepted_names, match_label
from editor.formats.options import ExportOptions
from editor.formats.timing import cue_times

FORMAT_ID = "srt"
_CUE_START_RE = re.compile(r"\A\s*\d+[ \t]*\r?\n[ \t]*\d+:\d+:\d+[,.]\d+[ \t]*-->")
_ARROW_RE = re.compile(r"^[ \t]*\d[\d:.,]*[ \t]*-->", re.MULTILINE)  # a timing line, not any "-->" in text
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>|\{\\[^}]*\}")  # <i>, <font ...>, and {\an8} style overrides
_NEWLINES_RE = re.compile(r"\r\n|\r")
_TIME = r"\d+:[0-5]?\d:[0-5]?\d[,.]\d{1,3}"
_TIMING_LINE_RE = re.compile(rf"[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t].*)?")


def sniff(text: str) -> bool:
    """True for text that starts with a numbered cue, or has a `-->` timing line near the top."""
    if _CUE_START_RE.match(text):
        return True
    head = "\n".join(text.lstrip().splitlines()[:6])
    return bool(_ARROW_RE.search(head)) and not head.startswith("WEBVTT")


def clean_cue_text(content: str) -> str:
    """Cue text without formatting tags and entities, on one line."""
    return normalize_space(html.unescape(_TAG_RE.sub("", content)))


def opens_with_label(content: str) -> bool:
    """Whether a cue as written (tags aside, entities not decoded) opens with a `Name:` label: a colon written
    as `&#58;` (see `escape_label`) is text."""
    return match_label(normalize_space(_TAG_RE.sub("", content))) is not None


def labels_read(openings: list[str]) -> bool:
    """Whether the import reads `Name:` labels as speakers in a file whose cues open with these texts (each as
    the import sees it: the speaker's label and text, or the text). Every label opens its cue, so the import
    takes either all of them or none (labels.accepted_names)."""
    return bool(accepted_names([(m.group("name"), True) for text in openings if (m := match_label(text))],
                               len(openings)))


def escape_label(body: str, text: str) -> str:
    """`body` (the escaped cue text of `text`, written first in its cue) with the colon of a label-like opening
    ("Alice: hi") written as `&#58;`, so the import does not take it for a speaker label."""
    label = match_label(text)
    if label is None:
        return body
    colon = label.end() - 1  # (a label's name has no character the escaping changes: the same place in body)
    return body[:colon] + "&#58;" + body[colon + 1 :]


def parse(text: str, name: str) -> Transcript:
    """Import SRT (strict: a malformed block raises FormatError with its line number)."""
    import srt  # (imported when needed: every command imports the format registry)

    normalized = _NEWLINES_RE.sub("\n", text)
    _check_timing_lines(normalized)
    cues: list[tuple[int, int, str]] = []
    not_labels: set[int] = set()  # cues whose label-like opening was escaped (text, not a speaker)
    try:
        # cue by cue: a list of a million `srt` Subtitle objects would cost 500 MB before any is used
        for sub in srt.parse(normalized):
            cues.append((_ms(sub.start), _ms(sub.end), clean_cue_text(sub.content)))
            if "&#58;" in sub.content and not opens_with_label(sub.content):
                not_labels.add(len(cues) - 1)
    except srt.SRTParseError as exc:
        bad = exc.unmatched_content.strip()
        offset = exc.expected_start + len(exc.unmatched_content) - len(exc.unmatched_content.lstrip())
        line_no = normalized.count("\n", 0, offset) + 1
        first = bad.splitlines()[0] if bad else ""
        raise FormatError(None, f"malformed SRT at line {line_no}: {first[:80]!r} (expected a cue number and 'hh:mm:ss,mmm --> hh:mm:ss,mmm')") from exc
    except ValueError as exc:  # srt raises ValueError (or TimestampParseError) for impossible times
        raise FormatError(None, f"malformed SRT timestamp: {exc}") from exc
    if not cues:
        raise FormatError(None, "no subtitle cues found")
    del normalized
    return build_cues(text, name, FORMAT_ID, cues, not_labels=not_labels)


def _check_timing_lines(text: str) -> None:
    """The `srt` parser reads some broken times as zero, and a cue whose number is not a number as text of
    the cue before; reject both first, naming the line."""
    before = previous = ""  # the two lines above the current one (read one at a time: no list of lines)
    line_no = 0
    pos = 0
    while pos <= len(text):
        cut = text.find("\n", pos)
        cut = len(text) if cut < 0 else cut
        line = text[pos:cut]
        pos = cut + 1
        line_no += 1
        if "-->" in line and not _TIMING_LINE_RE.fullmatch(line):
            raise FormatError(None, f"malformed SRT timestamp at line {line_no}: {line.strip()[:80]!r} (expected 'hh:mm:ss,mmm --> hh:mm:ss,mmm')")
        if "-->" in line and line_no > 1:
            index = previous.strip()
            starts_block = line_no == 2 or not before.strip()
            if index and not index.isdigit() and starts_block:
                raise FormatError(None, f"malformed SRT at line {line_no - 1}: cue number {index[:40]!r} is not a "
                                  "number")
        before, previous = previous, line


def build_cues(text: str, name: str, fmt: str, cues: list[tuple[int, int, str]],
               voices: list[str | None] | None = None, not_labels: set[int] | frozenset[int] = frozenset()) -> Transcript:
    """Segments from (start, end, text) cues; speakers from `voices`, else from recurring `Name:` labels (except
    in the cues `not_labels`, whose label-like opening was escaped as text)."""
    names = set()
    if voices is None:
        names = accepted_names([(m.group("name"), True) for i, (_, _, cue_text) in enumerate(cues)
                                if i not in not_labels and (m := match_label(cue_text))], len(cues))
    builder = TranscriptBuilder(SourceInfo(text=text, name=name, format=fmt))
    locator = SpanLocator(text)
    for index, (start, end, cue_text) in enumerate(cues):
        speaker = voices[index] if voices is not None else None
        label = match_label(cue_text) if names and index not in not_labels else None
        if voices is None and label and label.group("name") in names:
            speaker = label.group("name")
            cue_text = cue_text[label.end() :]
        locator.skip_line_with("-->")  # so cue numbers and times are not taken for cue words
        builder.add(cue_text, speaker=speaker, start=start, end=end, source=locator.locate_in_block(cue_text))
    return builder.build()


def _ms(delta: timedelta) -> int:
    return round(delta.total_seconds() * 1000)


_TAG_START_RE = re.compile(r"<(?=/?[A-Za-z][^>]*>)|\{(?=\\[^}]*\})")


def escape_cue_text(text: str) -> str:
    """Text that `clean_cue_text` reads back exactly: only what it would take for a tag, an entity or a
    timing arrow is escaped (`&lt;b>`, `&amp;lt;`, `--&gt;`), so ordinary text stays readable in players."""
    out = []
    for i, ch in enumerate(text):
        if ch == "&":
            end = text.find("&", i + 1)
            chunk = text[i : end if end != -1 else len(text)]  # an entity never holds another "&"
            out.append("&" if html.unescape(chunk) == chunk else "&amp;")
        elif ch == "<" and _TAG_START_RE.match(text, i):
            out.append("&lt;")
        elif ch == "{" and _TAG_START_RE.match(text, i):
            out.append("&#123;")
        elif ch == ">" and text.endswith("--", 0, i):
            out.append("&gt;")
        else:
            out.append(ch)
    return "".join(out)


def render(transcript: Transcript, options: ExportOptions) -> bytes:
    """SRT with one cue per segment; `Name: ` before the text when the segment has a speaker.

    With `options.subtitles`, cues are laid out by those rules instead (see cues.py).
    """
    import srt

    if options.subtitles is not None:
        cues = layout_cues(transcript, options.subtitles, speakers=options.speakers)
        laid_out = [srt.Subtitle(number, timedelta(milliseconds=cue.start), timedelta(milliseconds=cue.end),
                                 escape_cue_text("\n".join(cue.lines))) for number, cue in enumerate(cues, 1)]
        return srt.compose(laid_out, reindex=False).encode("utf-8")
    rows: list[tuple[int, int, str, str]] = []  # (start, end, speaker name or "", text)
    for seg, (start, end) in zip(transcript.segments, cue_times(transcript), strict=True):
        name = normalize_space(transcript.speaker_name(seg.speaker)) if options.speakers else ""
        rows.append((start, end, name, normalize_space(seg.text)))
    # text opening a cue with what reads as a label is escaped, if the import would read labels in this file
    escape = labels_read([f"{name}: {text}" if name else text for _, _, name, text in rows])
    subtitles = []
    for index, (start, end, name, text) in enumerate(rows, 1):
        body = escape_cue_text(text)
        if name:
            body = f"{escape_cue_text(name)}: {body}"
        elif escape:
            body = escape_label(body, text)
        subtitles.append(srt.Subtitle(index, timedelta(milliseconds=start), timedelta(milliseconds=end), body))
    return srt.compose(subtitles, reindex=False).encode("utf-8")
