"""Whisper's TSV output: a `start<TAB>end<TAB>text` header, then one row per segment (times in ms)."""

from __future__ import annotations

import re

from editor.core.model import SourceInfo, Transcript
from editor.errors import FormatError
from editor.formats.build import TranscriptBuilder

FORMAT_ID = "whisper-tsv"
_HEADER_RE = re.compile(r"\A\ufeff?[ \t]*start\tend\ttext[ \t]*(?:\r\n|\r|\n|\Z)", re.IGNORECASE)
_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def sniff(text: str) -> bool:
    """True when the text starts with Whisper's TSV header."""
    return bool(_HEADER_RE.match(text))


def parse(text: str, name: str) -> Transcript:
    """Import Whisper TSV; a row that is not `int<TAB>int<TAB>text` is an error naming its line."""
    header = _HEADER_RE.match(text)
    if not header:
        raise FormatError(None, "not Whisper TSV: the first line must be 'start<TAB>end<TAB>text'")
    builder = TranscriptBuilder(SourceInfo(text=text, name=name, format=FORMAT_ID))
    pos = header.end()
    line_no = 1
    while pos < len(text):
        match = _LINE_RE.match(text, pos)
        assert match is not None  # the pattern matches the empty string
        line_no += 1
        line = match.group().rstrip("\r\n")
        line_start, pos = pos, max(match.end(), pos + 1)
        if not line.strip():
            continue
        parts = line.split("\t", 2)
        try:
            start, end = int(parts[0]), int(parts[1])
            body = parts[2]
        except (ValueError, IndexError) as exc:
            raise FormatError(None, f"line {line_no}: expected 'start<TAB>end<TAB>text' with times in ms, got {line[:60]!r}") from exc
        text_start = line_start + len(parts[0]) + len(parts[1]) + 2
        lead = len(body) - len(body.lstrip())
        span = (text_start + lead, text_start + len(body.rstrip()))
        builder.add(body, start=start, end=end, source=span)
    return builder.build()
