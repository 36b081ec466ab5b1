"""Helpers for project-file tests: small transcripts built directly from the model."""

from __future__ import annotations

import hashlib
from pathlib import Path

from editor.core.model import Segment, SourceInfo, Speaker, Transcript, Word


def make_transcript(count: int = 6, *, words: bool = False) -> Transcript:
    """A transcript with `count` segments, two speakers, and (optionally) timed words."""
    segments = []
    text_parts = []
    offset = 0
    for i in range(1, count + 1):
        text = f"this is segment number {i} of the test."
        seg_words = None
        if words:
            seg_words = tuple(Word(tok, i * 1000 + k * 100, i * 1000 + k * 100 + 90, 0.9)
                              for k, tok in enumerate(text.split()))
        segments.append(Segment(f"s{i}", text, speaker="p1" if i % 2 else "p2", start=i * 1000 if words else None,
                                end=i * 1000 + 990 if words else None, words=seg_words,
                                source=(offset, offset + len(text))))
        text_parts.append(text)
        offset += len(text) + 1
    source = SourceInfo("\n".join(text_parts), "test.txt", "txt", "utf-8")
    return Transcript(segments, [Speaker("p1", "Ann"), Speaker("p2", "Bob", "#336699")], source)


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


REPO = Path(__file__).resolve().parents[2]


def child_env() -> dict[str, str]:
    """Environment for a child Python process that must import `editor` from this checkout."""
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env
