"""How model objects and edits become column values, and back (compact JSON, zlib for big values)."""

from __future__ import annotations

import json
import zlib
from typing import Any

import msgspec

from editor.core.edits import Edit, edit_from_json
from editor.core.model import Segment, Speaker, Word

# What decoding a stored value can raise when the value is damaged (bad JSON, zlib, fields or types).
DECODE_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, zlib.error)

# Entries up to this size stay plain JSON text: typing edits are tiny and zlib would only add a header.
_COMPRESS_ABOVE = 200


def dumps(value: Any) -> str:
    """Compact JSON (no spaces, non-ASCII kept as is)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def pack(value: Any) -> str | bytes:
    """JSON text, or zlib-compressed bytes when that is clearly smaller."""
    text = dumps(value)
    if len(text) <= _COMPRESS_ABOVE:
        return text
    raw = text.encode("utf-8")
    packed = zlib.compress(raw, 6)
    return packed if len(packed) < len(raw) else text


def unpack(value: str | bytes) -> Any:
    """Inverse of `pack`: a TEXT column holds JSON, a BLOB holds zlib-compressed JSON."""
    if isinstance(value, bytes):
        return json.loads(zlib.decompress(value).decode("utf-8"))
    return json.loads(value)


def pack_snapshot(segments: list[Segment], speakers: list[Speaker]) -> bytes:
    """A whole document (segments and speakers) as one compressed blob.

    Written segment by segment into the compressor: the JSON of a million segments is never held whole
    (the blob is the same as compressing `{"segments": [...], "speakers": [...]}` in one go)."""
    packer = zlib.compressobj(6)
    out = [packer.compress(b'{"segments":[')]
    for i, segment in enumerate(segments):
        piece = dumps(segment.to_json())
        out.append(packer.compress((piece if i == 0 else "," + piece).encode("utf-8")))
    out.append(packer.compress(("],\"speakers\":" + dumps([s.to_json() for s in speakers]) + "}").encode("utf-8")))
    out.append(packer.flush())
    return b"".join(out)


def unpack_snapshot(blob: bytes) -> tuple[list[Segment], list[Speaker]]:
    """Inverse of `pack_snapshot`."""
    data = json.loads(zlib.decompress(blob).decode("utf-8"))
    return [Segment.from_json(s) for s in data["segments"]], [Speaker.from_json(s) for s in data["speakers"]]


def segment_data(segment: Segment) -> str:
    """The `data` column of a segment row: its JSON without the id (the id is the key)."""
    data = segment.to_json()
    del data["id"]
    return dumps(data)


class _SegmentRow(msgspec.Struct, gc=False):
    """A segment row's `data` as segment_data writes it, decoded in one C call with its Words (see segment_from_row).
    Fields it does not know are skipped, as the JSON path does."""

    text: str
    speaker: str | None = None
    start: int | None = None
    end: int | None = None
    words: tuple[Word, ...] | None = None
    source: tuple[int, int] | None = None
    meta: dict[str, Any] | None = None


_ROW_DECODER = msgspec.json.Decoder(_SegmentRow)


def segment_from_row(segment_id: str, data: str) -> Segment:
    """Inverse of `segment_data`, for rows the editor wrote (opening calls it per segment: 30 h has 18,902).

    msgspec builds the row and its Words from the JSON in C, 4x quicker than json.loads and a Word per list
    (30 h: ~50 ms instead of ~200). A row it does not take (a value of another type than the editor writes)
    is read the way it always was."""
    try:
        row = _ROW_DECODER.decode(data)
    except msgspec.DecodeError:  # (ValidationError is one)
        return _segment_from_json(segment_id, data)
    meta = row.meta
    return Segment(segment_id, row.text, row.speaker, row.start, row.end, row.words, row.source,
                   tuple(sorted(meta.items())) if meta else ())


def _segment_from_json(segment_id: str, data: str) -> Segment:
    """segment_from_row by way of json.loads (Segment.from_json unrolled)."""
    fields = json.loads(data)
    words = fields.get("words")
    source = fields.get("source")
    meta = fields.get("meta")
    return Segment(
        segment_id,
        fields["text"],
        fields.get("speaker"),
        fields.get("start"),
        fields.get("end"),
        None if words is None else tuple([Word(*w) for w in words]),
        None if source is None else (source[0], source[1]),
        tuple(sorted(meta.items())) if meta else (),
    )


def edit_value(edit: Edit) -> str | bytes:
    """The `edit` column of a history row."""
    return pack(edit.to_json())


def edit_from_value(value: str | bytes) -> Edit:
    """Inverse of `edit_value`."""
    return edit_from_json(unpack(value))
