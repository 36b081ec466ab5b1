"""Whisper JSON: openai-whisper, faster-whisper (segments dumped as dicts), whisperX and whisper.cpp output.

Segments give text and times (seconds); words give per-word times and `probability` (openai/faster) or
`score` (whisperX) as confidence; `avg_logprob`, `no_speech_prob` and `compression_ratio` go to the
segment's meta; whisperX `speaker` labels (e.g. SPEAKER_00) become speakers. whisper.cpp (`-oj`, `-ojf`) writes
a "transcription" list with times in milliseconds under "offsets" and, in full output, sub-word "tokens" with
their probability `p`; it is read as the same segments.
"""

from __future__ import annotations

import math
from typing import Any

from editor.core.model import SourceInfo, Transcript, Word, token_spans
from editor.errors import FormatError
from editor.formats.build import SpanLocator, TranscriptBuilder, normalize_space

FORMAT_ID = "whisper-json"
META_KEYS = ("avg_logprob", "no_speech_prob", "compression_ratio")


def segments_of(data: Any) -> list[Any] | None:
    """The segment list of Whisper-like JSON (a dict with "segments", or a bare list), else None."""
    if isinstance(data, dict) and "segments" not in data and isinstance(data.get("transcription"), list):
        return _cpp_segments(data["transcription"])
    segments = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(segments, list):
        return None
    if not all(isinstance(s, dict) and "text" in s and ("start" in s or "end" in s) for s in segments):
        return None
    return segments


def from_data(data: Any, text: str, name: str) -> Transcript:
    """Build a transcript from parsed Whisper JSON; `text` is the file's text (for source spans)."""
    segments = segments_of(data)
    if segments is None:
        raise FormatError(None, "JSON is not Whisper output: expected a 'segments' list of objects with 'text', 'start' and 'end'")
    builder = TranscriptBuilder(SourceInfo(text=text, name=name, format=FORMAT_ID))
    key = text.find('"segments"') if isinstance(data, list) or "segments" in data else text.find('"transcription"')
    locator = SpanLocator(text, max(0, key))
    for number, seg in enumerate(segments, 1):
        try:
            seg_text, words = _text_and_words(seg)
            start, end = _ms(seg.get("start")), _ms(seg.get("end"))
        except (TypeError, ValueError, AttributeError) as exc:
            raise FormatError(None, f"segment {number} is malformed: {exc}") from exc
        meta = {k: seg[k] for k in META_KEYS if isinstance(seg.get(k), (int, float)) and not isinstance(seg.get(k), bool)}
        speaker = seg.get("speaker") if isinstance(seg.get("speaker"), str) else None
        locator.skip_to('"text"')
        builder.add(seg_text, speaker=speaker, start=start, end=end, words=words, source=locator.locate(seg_text), meta=meta)
    return builder.build()


def _ms(seconds: Any) -> int | None:
    if seconds is None:
        return None
    if type(seconds) is float and math.isfinite(seconds):  # the usual case, kept fast
        return round(seconds * 1000)
    value = float(seconds)
    if not math.isfinite(value):
        raise ValueError(f"time {seconds!r} is not a number")
    return round(value * 1000)


def _confidence(piece: dict[str, Any]) -> float | None:
    value = piece.get("probability", piece.get("score"))
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _text_and_words(seg: dict[str, Any]) -> tuple[str, list[Word] | None]:
    """Segment text and one Word per token of it, mapping Whisper's sub-word pieces onto tokens."""
    if not isinstance(seg["text"], str):
        raise ValueError(f"its text is {type(seg['text']).__name__}, not a string")
    text = normalize_space(seg["text"])
    raw_words = seg.get("words")
    if not isinstance(raw_words, list) or not raw_words:
        return text, None
    pieces = [w for w in raw_words if isinstance(w, dict) and isinstance(w.get("word", w.get("text")), str)]
    if not pieces:
        return text, None
    piece_texts = [t for p in pieces if isinstance(t := p.get("word", p.get("text")), str)]  # (all of them)
    # openai/faster-whisper pieces carry their leading space (" Hello"); whisperX words do not.
    glue = "" if any(t[:1].isspace() for t in piece_texts) else " "
    if "".join(text.split()) != "".join("".join(piece_texts).split()):
        text = normalize_space(glue.join(piece_texts))  # the words are what the timings belong to
    tokens = text.split()
    if len(tokens) == len(piece_texts) and all(t == p.strip() for t, p in zip(tokens, piece_texts, strict=True)):
        # The common case: one piece per token, so no character mapping is needed.
        return text, [
            Word(token, _ms(p.get("start")), _ms(p.get("end")), _confidence(p)) for token, p in zip(tokens, pieces, strict=True)
        ]
    # Map every non-space character to the piece it came from, then each token to its pieces.
    owner: list[int] = []
    for index, piece in enumerate(piece_texts):
        owner.extend(index for ch in piece if not ch.isspace())
    words: list[Word] = []
    char = 0
    for a, b in token_spans(text):
        n = b - a
        covering = sorted(set(owner[char : char + n]))
        char += n
        chosen = [pieces[i] for i in covering]
        starts = [s for s in (_ms(p.get("start")) for p in chosen) if s is not None]
        ends = [e for e in (_ms(p.get("end")) for p in chosen) if e is not None]
        scores = [c for c in (_confidence(p) for p in chosen) if c is not None]
        words.append(
            Word(
                text[a:b],
                min(starts) if starts else None,
                max(ends) if ends else None,
                min(scores) if scores else None,  # a token is as doubtful as its weakest piece
            )
        )
    return text, words


def looks_like_whisper(data: Any) -> bool:
    """True when parsed JSON has Whisper's segment shape."""
    return segments_of(data) is not None


def _cpp_segments(items: list[Any]) -> list[Any] | None:
    """whisper.cpp's "transcription" items as Whisper segments (None when they do not have its shape)."""
    segments = []
    for item in items:
        offsets = item.get("offsets") if isinstance(item, dict) else None
        if not isinstance(offsets, dict) or "text" not in item:
            return None
        segment = {"text": item["text"], "start": _seconds(offsets.get("from")), "end": _seconds(offsets.get("to"))}
        tokens = item.get("tokens")
        if isinstance(tokens, list):
            segment["words"] = [_cpp_word(token) for token in tokens if isinstance(token, dict)
                                and isinstance(token.get("text"), str) and not _special(token["text"])
                                and isinstance(token.get("offsets", {}), dict)]
        segments.append(segment)
    return segments


def _cpp_word(token: dict[str, Any]) -> dict[str, Any]:
    """One whisper.cpp token as a Whisper word piece (its text keeps the leading space)."""
    offsets = token.get("offsets", {})
    return {"word": token["text"], "start": _seconds(offsets.get("from")), "end": _seconds(offsets.get("to")),
            "probability": token.get("p")}


def _seconds(ms: Any) -> float | None:
    return ms / 1000 if isinstance(ms, (int, float)) and not isinstance(ms, bool) else None


def _special(piece: str) -> bool:
    """whisper.cpp's control tokens ('[_BEG_]', '[_TT_150]', '<|endoftext|>') are not words."""
    piece = piece.strip()
    return (piece.startswith("[_") and piece.endswith("]")) or (piece.startswith("<|") and piece.endswith("|>"))
