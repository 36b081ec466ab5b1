"""What the detector tests share: a transcript from texts, the suspects on some words, and the mark for tests
that need the language model."""

from __future__ import annotations

import pytest

from editor.core.model import Segment, Transcript
from editor.review import Suspect
from editor.review.context import ContextModel

needs_model = pytest.mark.skipif(ContextModel.get() is None, reason="pocketsphinx's language model is not installed")


def doc(*texts: str) -> Transcript:
    """A transcript with one segment per text (ids s1, s2, ...), no speakers or times."""
    return Transcript([Segment(f"s{i + 1}", t) for i, t in enumerate(texts)])


def on(suspects: list[Suspect], text: str) -> list[Suspect]:
    """The suspects on exactly these words."""
    return [s for s in suspects if s.text == text]
