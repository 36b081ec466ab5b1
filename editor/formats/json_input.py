"""JSON input: one parse, then our own export or Whisper output; anything else is a clear error."""

from __future__ import annotations

import json
import re

from editor.core.model import Transcript
from editor.errors import FormatError
from editor.formats import model_json, whisper_json

_MARKER_RE = re.compile(r'\A\ufeff?\s*\{\s*"format"\s*:\s*"transcript-editor"')
_JSON_START_RE = re.compile(r"\A\ufeff?\s*(?:\{|\[\s*[{\]])")


def sniff(text: str) -> bool:
    """True for text that opens like a JSON object or a list of objects."""
    return bool(_JSON_START_RE.match(text))


def format_id(text: str) -> str:
    """"json" for our own export (it opens with the format marker), else "whisper-json"."""
    return "json" if _MARKER_RE.match(text) else "whisper-json"


def parse(text: str, name: str) -> Transcript:
    """Import our JSON export or Whisper JSON."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # More openers than closers: most likely the file was cut off (brackets in strings may fool this).
        unbalanced = text.count("{") + text.count("[") > text.count("}") + text.count("]")
        truncated = " (the file looks truncated)" if unbalanced or exc.pos >= len(text.rstrip()) else ""
        raise FormatError(None, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{truncated}") from exc
    except RecursionError as exc:
        raise FormatError(None, "invalid JSON: nested too deeply") from exc
    if model_json.is_model_json(data):
        transcript = model_json.from_data(data)
        return transcript
    if whisper_json.looks_like_whisper(data):
        return whisper_json.from_data(data, text, name)
    raise FormatError(
        None,
        "JSON is neither Whisper output (a 'segments' list with 'text', 'start', 'end', or whisper.cpp's "
        "'transcription' list) nor a transcript-editor export",
    )
