"""Our own JSON: the full model (Transcript.to_json) with a format/version marker; imports and exports."""

from __future__ import annotations

import json
from typing import Any

from editor.core.model import Transcript
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
        return Transcript.from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise FormatError(None, f"transcript-editor JSON is damaged: {type(exc).__name__}: {exc}") from exc


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
