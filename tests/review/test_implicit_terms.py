"""The document's own names as an implicit glossary when there is none (implicit_terms.py): a common word written
for a name the document spells right elsewhere is flagged with the name as the fix."""

from __future__ import annotations

import pytest

from editor.core.model import Segment, Transcript
from editor.review import Detector, Glossary
from editor.review.consistency import DocumentIndex
from editor.review.context import ContextModel
from editor.review.detector import rank
from editor.review.glossary import GlossaryMatcher
from editor.review.implicit_terms import document_names
from editor.review.lexicon import ENGLISH
from editor.review.suspect import INCONSISTENT
from editor.review.tokens import tokenize

needs_model = pytest.mark.skipif(ContextModel.get() is None, reason="pocketsphinx's language model is not installed")
FILLER = tuple(f"This is an ordinary sentence number {i} about sales and margins and growth." for i in range(30))


def doc(*texts: str) -> Transcript:
    return Transcript([Segment(f"s{i + 1}", t) for i, t in enumerate(texts)])


def names_of(*texts: str) -> tuple[str, ...]:
    index = DocumentIndex(ENGLISH)
    for i, text in enumerate(texts):
        index.set_segment(f"s{i}", tokenize(text), text)
    return document_names(index, ENGLISH)


def test_a_rare_word_capitalised_mid_sentence_twice_is_a_name_of_the_document():
    assert names_of("Demand for Yeti coolers grew.", "We think Yeti will grow.") == ("Yeti",)


def test_a_name_used_once_a_common_word_or_a_capital_only_at_sentence_starts_is_none():
    assert names_of("Demand for Yeti coolers grew.", "We met the Company twice.", "Our Company grew.",
                    "Zorbly is new. Zorbly grew.") == ()


# 'Yeti' three times; 'yet' once where a name belongs (out of place), once where it fits
YETI = ("Demand for Yeti coolers grew this quarter.", "We think Yeti drinkware will keep growing.",
        "Our Yeti stores opened in Texas.", "Customers bought more yet coolers in the spring.",
        "We have not decided yet whether to raise prices.", *FILLER)


@needs_model
def test_a_common_word_out_of_place_that_sounds_like_a_name_of_the_document_is_flagged_with_the_name():
    suspects = Detector(language="en", workers=1).check(doc(*YETI))
    flagged = [s for s in suspects if s.text == "yet"]
    assert [s.segment_id for s in flagged] == ["s4"]  # (not where 'yet' fits: s5)
    assert flagged[0].suggestions[0] == "Yeti"
    assert INCONSISTENT in flagged[0].kinds and "glossary" not in flagged[0].reason


@needs_model
def test_a_word_the_document_uses_as_often_as_the_name_is_not_its_mishearing():
    texts = [t for t in YETI if not t.startswith("Our Yeti")]  # 'Yeti' twice, 'yet' twice
    suspects = Detector(language="en", workers=1).check(doc(*texts))
    assert not [s for s in suspects if s.text == "yet"]


@needs_model
def test_with_a_glossary_the_documents_names_are_not_used():
    suspects = Detector(Glossary(["Kubernetes"]), language="en", workers=1).check(doc(*YETI))
    assert not [s for s in suspects if "Yeti" in s.suggestions]


def test_a_matcher_limited_to_single_words_searches_no_windows_of_several():
    text = "We deploy it on Tensor Flow every day."
    windows = GlossaryMatcher(Glossary(["TensorFlow"])).findings("s1", text, tokenize(text))[0]
    singles = GlossaryMatcher(Glossary(["TensorFlow"]), max_window=1).findings("s1", text, tokenize(text))[0]
    assert [f.text for f in windows] == ["Tensor Flow"] and singles == []


@needs_model
def test_a_full_check_searches_the_documents_names_for_all_its_words_at_once(monkeypatch):
    # (the detector plans the names' matcher with the check's segments: one rapidfuzz scan per pair of buckets,
    # not one per word; a segment re-checked alone takes the word-by-word path, and both find the same)
    transcript = doc(*YETI)
    by_word: list[str] = []
    best = GlossaryMatcher._best
    monkeypatch.setattr(GlossaryMatcher, "_best", lambda self, window: by_word.append(window) or best(self, window))
    full = Detector(language="en", workers=1).check(transcript)
    assert by_word == []
    detector = Detector(language="en", workers=1)
    detector.prepare(transcript)
    alone = [s for segment in transcript.segments for s in detector.check_segment(transcript, segment.id)]
    assert by_word and rank(alone) == full
    assert [s for s in full if s.text == "yet"]
