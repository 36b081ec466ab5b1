"""WebVTT import (through `webvtt-py`) and export. `<v Name>` voice tags carry the speakers."""

from __future__ import annotations

import html
import re

from editor.core.model import Transcript
from editor.core.timecode import format_clock
from editor.errors import FormatError
from editor.formats.build import normalize_space
from editor.formats.cues import layout_cues
from editor.formats.options import ExportOptions
from editor.formats.subrip import build_cues, escape_label, labels_read, opens_with_label
from editor.formats.timing import cue_times

FORMAT_ID = "vtt"
_VOICE_RE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>|<\d[^>]*>")  # <b>, </v>, <c.class>, and <00:00:01.000> timestamps
_NEWLINES_RE = re.compile(r"\r\n|\r")


def sniff(text: str) -> bool:
    """True for text that starts with the WEBVTT signature."""
    return text.lstrip("\ufeff \t\r\n").startswith("WEBVTT")


def parse(text: str, name: str) -> Transcript:
    """Import WebVTT; voice tags give speakers (a cue with several voices becomes several segments)."""
    import webvtt  # (imported when needed: every command imports the format registry)
    from webvtt.errors import MalformedCaptionError, MalformedFileError

    normalized = _NEWLINES_RE.sub("\n", text)
    try:
        captions = webvtt.from_string(normalized, strict=True).captions
    except MalformedFileError as exc:
        raise FormatError(None, "not a WebVTT file: it must start with a 'WEBVTT' line") from exc
    except MalformedCaptionError as exc:
        raise FormatError(None, f"malformed WebVTT cue{_where(normalized, str(exc))}: {exc}") from exc
    if not captions:
        raise FormatError(None, "no WebVTT cues found")
    cues: list[tuple[int, int, str]] = []
    voices: list[str | None] = []
    not_labels: set[int] = set()  # cues whose label-like opening was escaped (see subrip.escape_label)
    for caption in captions:
        start, end = caption.start_time.in_milliseconds(), caption.end_time.in_milliseconds()
        parts = _voice_parts(caption.raw_text)
        total = sum(len(t) for _, t in parts) or 1
        offset = 0
        for voice, part in parts:
            # Several voices in one cue: share the cue's time by text length.
            a = start + (end - start) * offset // total
            offset += len(part)
            cues.append((a, start + (end - start) * offset // total, part))
            voices.append(voice)
        if "&#58;" in caption.raw_text and not opens_with_label(caption.raw_text):
            not_labels.add(len(cues) - len(parts))
    has_voices = any(v is not None for v in voices)
    return build_cues(text, name, FORMAT_ID, cues, voices if has_voices else None, not_labels)


def _voice_parts(raw: str) -> list[tuple[str | None, str]]:
    parts: list[tuple[str | None, str]] = []
    voice: str | None = None
    pos = 0
    for match in _VOICE_RE.finditer(raw):
        parts.append((voice, raw[pos : match.start()]))
        voice = normalize_space(html.unescape(match.group(1) or "")) or None
        pos = match.end()
    parts.append((voice, raw[pos:]))
    cleaned = [(v, normalize_space(html.unescape(_TAG_RE.sub("", t)))) for v, t in parts]
    return [(v, t) for v, t in cleaned if t] or [(None, "")]


def _where(text: str, message: str) -> str:
    match = re.search(r"\['([^']*)'", message)
    if match:
        pos = text.find(match.group(1))
        if pos >= 0:
            return f" at line {text.count(chr(10), 0, pos) + 1}"
    return ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(transcript: Transcript, options: ExportOptions) -> bytes:
    """WebVTT with one cue per segment and `<v Name>` voice tags for speakers."""
    out = ["WEBVTT", ""]
    if options.subtitles is not None:  # laid out by the rules; the voice tag opens every cue of a speaker
        for cue in layout_cues(transcript, options.subtitles, speakers=False):
            seg = transcript.segments[cue.segment]
            name = transcript.speaker_name(seg.speaker) if options.speakers else ""
            lines = [_escape(line) for line in cue.lines]
            if name:
                lines[0] = f"<v {_escape(normalize_space(name))}>{lines[0]}"
            out += [f"{format_clock(cue.start)} --> {format_clock(cue.end)}", *lines, ""]
        return "\n".join(out).encode("utf-8")
    cues = [(times, transcript.speaker_name(seg.speaker) if options.speakers else "", normalize_space(seg.text))
            for seg, times in zip(transcript.segments, cue_times(transcript), strict=True)]
    # without voice tags, the import reads a `Name:` opening cues as their speaker: text that would be is escaped
    escape = not any(name for _, name, _ in cues) and labels_read([text for _, _, text in cues])
    for (start, end), name, text in cues:
        body = _escape(text)
        if name:
            body = f"<v {_escape(normalize_space(name))}>{body}"
        elif escape:
            body = escape_label(body, text)
        out += [f"{format_clock(start)} --> {format_clock(end)}", body, ""]
    return "\n".join(out).encode("utf-8")
