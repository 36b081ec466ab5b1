"""Our own JSON: the full model (Transcript.to_json) with a format/version marker; imports and exports."""

from __future__ import annotations

import json
from typing import Any

from editor.core.model import Segment, Transcript, tokenize
from editor.errors import FormatError
from editor.formats.options import ExportOptions

FORMAT_ID = "json"
MARKER = "transcript-editor"
VERSION = 1


def is_model_json(data: Any) -> bool:
    """True for JSON written by `render` (it carries our format marker)."""
    return isinstance(data, dict) and data.get("format") == MARKER


def from_data(data: dict[str, Any]) -> Transcript:
    """The transcript in our JSON export, with its original source and spans as they were."""
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise FormatError(None, f"transcript-editor JSON version {version!r} is not supported (this program reads up to {VERSION})")
    try:
        transcript = Transcript.from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise FormatError(None, f"transcript-editor JSON is damaged: {type(exc).__name__}: {exc}") from exc
    for number, seg in enumerate(transcript.segments, start=1):
        problem = _segment_problem(seg)
        if problem:
            raise FormatError(None, f"transcript-editor JSON is damaged: segment {number} ({seg.id!r}): {problem}")
    return transcript


def _is_time(value: Any) -> bool:
    return value is None or type(value) is int


def _segment_problem(seg: Segment) -> str | None:
    """What makes a segment unusable (a value of the wrong type), or None."""
    if not isinstance(seg.id, str) or not isinstance(seg.text, str):
        return "its id or text is not text"
    if seg.speaker is not None and not isinstance(seg.speaker, str):
        return f"speaker {seg.speaker!r} is not a name"
    for name, value in (("start", seg.start), ("end", seg.end)):
        if not _is_time(value):
            return f"{name} {value!r} is not a time in milliseconds"
    if seg.words is not None:
        if len(seg.words) != len(tokenize(seg.text)):
            return "its word timings do not match its words"
        for w in seg.words:
            if not isinstance(w.text, str) or not _is_time(w.start) or not _is_time(w.end) or not (
                    w.confidence is None or type(w.confidence) in (int, float)):
                return f"word {w.text!r} has a value of the wrong type"
    if seg.source is not None and not all(type(v) is int for v in seg.source):
        return f"source span {seg.source!r} is not two offsets"
    return None


def render(transcript: Transcript, options: ExportOptions) -> bytes:
    """The full model as UTF-8 JSON, one segment per line (options do not apply: nothing is left out)."""
    data = transcript.to_json()

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    # One segment per line keeps a 10-hour transcript compact yet readable and diffable.
    lines = [
        f'{{"format": {dump(MARKER)}, "version": {VERSION},',
        f' "source": {dump(data["source"])},',
        f' "speakers": {dump(data["speakers"])},',
        ' "segments": [',
        ",\n".join("  " + dump(seg) for seg in data["segments"]),
        "]}",
        "",
    ]
    return "\n".join(lines).encode("utf-8")
