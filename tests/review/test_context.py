"""The context signal: sound-alikes that fit the neighbours better, two-phone confusions, words heard as two."""

from __future__ import annotations

import pytest

from editor.core.model import Segment, Transcript
from editor.review import Detector
from editor.review.context import CONTENT_WORD_DISCOUNT, ContextModel, _context, _score, _span
from editor.review.context_model import FAR_COST, NEAR_COST, _inflection
from editor.review.tokens import tokenize

pytestmark = pytest.mark.skipif(ContextModel.get() is None, reason="pocketsphinx model not installed")


def check(text: str, min_score: float = 0.0):
    return Detector(min_score=min_score).check(Transcript([Segment("s1", text)]))


def by_text(suspects, text: str):
    return [s for s in suspects if s.text == text]


def test_neighbours_include_two_phone_confusions_made_in_the_same_place():
    model = ContextModel.get()
    near = dict(model.neighbours("bottle"))
    assert near.get("model") == FAR_COST  # B~M and T~D: two phones, same place of articulation
    assert dict(model.neighbours("weak")).get("week", 99) < NEAR_COST  # homophone: cheapest
    # an inflection two phones off is a grammar choice, not a mishearing
    assert _inflection("train", "trained") and not _inflection("model", "bottle")


def test_two_phone_confusion_flagged_in_context():
    hit = by_text(check("I drank a model of water."), "model")
    assert hit and hit[0].kinds == ("context",) and hit[0].suggestions[0] == "bottle"


def test_homophone_flagged_and_clean_sentences_are_not():
    hit = by_text(check("I will sea you tomorrow."), "sea")
    assert hit and hit[0].suggestions[0] == "see" and hit[0].score >= 0.45
    for clean in ("The children walked to school in the morning.", "Please close the door when you leave the room.",
                  "We went to the beach last summer with our family."):
        assert check(clean, min_score=0.45) == [], clean


def test_two_words_heard_for_one_are_flagged_as_one_span():
    suspects = check("I stayed at home be cause of the rain.")
    hit = by_text(suspects, "be cause")
    assert hit and hit[0].suggestions == ("because",)
    assert (hit[0].start, hit[0].end) == (17, 25)
    assert ContextModel.get().merged("im", "aging") == "imaging"  # joined by sound, not only by letters
    assert ContextModel.get().merged("the", "room") is None


def test_two_letter_word_needs_more_evidence_but_is_checked():
    hit = by_text(check("She bought a loaf of bread an a bottle of milk."), "an")
    assert hit and hit[0].suggestions[0] == "and"
    assert not by_text(check("She ate an apple and a pear.", min_score=0.45), "an")


def test_score_grows_with_the_language_model_gain():
    assert _score(3.5) == pytest.approx(0.45)
    assert _score(1.0) < _score(3.5) < _score(6.0) <= 0.9
    assert _score(-10) == 0.0


def test_context_window_shrinks_around_unknown_neighbours():
    words = ["<s>", "we", "use", "zorblat", "daily", "</s>"]
    known = [True, True, True, False, True, True]
    assert _context(words, known, 2, 3) == (["we"], [])  # one known word each side, none past "zorblat"
    assert _context(words, [True] * 6, 2, 3) == (["<s>", "we"], ["zorblat", "daily"])


def test_window_bounds_stop_at_the_clause_end_and_at_unknown_words():
    known = [True, True, True, False, True, True]
    assert _span(known, 2, 3) == (1, 3)  # "we" left, nothing right of "use" past unknown "zorblat"
    assert _span([True] * 4, 2, 3) == (0, 4)  # two known words left, only "</s>" right
    assert _span([True, False, True, True], 2, 3) == (2, 4)  # an unknown left neighbour: no left context


def test_fit_sums_the_trigram_terms_with_history_in_order():
    model = ContextModel.get()
    # logprob takes the history oldest first; the LM (and the cache keys) newest first
    assert model.logprob("model", "of", "the") == model._lm.prob(["model", "the", "of"]) * model._scale
    assert model.logprob("model", "of", "the") != model.logprob("model", "the", "of")
    terms = model.logprob("model", "of", "the") + model.logprob("is", "the", "model")
    assert model.fit(["of", "the"], "model", ["is", "good"]) == terms + model.logprob("good", "model", "is")
    assert model.fit(["the"], "model", []) == model.logprob("model", "the")


def test_context_counts_less_on_a_word_the_document_keeps_using():
    def doc(*texts):
        return Transcript([Segment(f"s{i}", t) for i, t in enumerate(texts)])

    base = ["You bring your skills with you, because the field seeds them.", "We talked about the weather."]
    topic = [*base, "Seeds are what we plant.", "The seeds grow fast.", "Old seeds are fine.", "We keep seeds dry."]
    once = [s for s in Detector(min_score=0).check(doc(*base)) if s.segment_id == "s0" and s.text == "seeds"]
    often = [s for s in Detector(min_score=0).check(doc(*topic)) if s.segment_id == "s0" and s.text == "seeds"]
    assert once and "context" in once[0].kinds and once[0].score >= 0.4 - CONTENT_WORD_DISCOUNT
    assert often and often[0].score < once[0].score * 0.8
    # used just twice is enough: a mishearing is mostly a one-off
    twice = [s for s in Detector(min_score=0).check(doc(*base, "We keep seeds dry.")) if s.segment_id == "s0"
             and s.text == "seeds"]
    assert twice and twice[0].score < once[0].score * 0.8


def test_two_phone_words_have_one_phone_swaps_as_sound_alikes():
    model = ContextModel.get()
    assert "the" in [w for w, _ in model.neighbours("thy")]
    assert "day" in [w for w, _ in model.neighbours("kay")]
    assert "two" in [w for w, _ in model.neighbours("lou")]
    assert "a" not in [w for w, _ in model.neighbours("thy")]  # a dropped phone is not a swap


def test_a_swear_word_is_never_volunteered_as_the_fix():
    from editor.review.offensive import is_offensive, offensive_words

    assert offensive_words(), "better-profanity's word list should be installed"
    model = ContextModel.get()
    for word in ("shim", "kit", "shot", "fact", "hit", "sit", "duck", "bitch"):
        assert not [other for other, _ in model.neighbours(word) if is_offensive(other) and not is_offensive(word)]
    # the trigram model likes "kind of shit out" better than "kind of shim out": no suggestion may say so
    found = check("And needing to kind of shim out underneath Python to get performance.")
    assert not [s for found_one in found for s in found_one.suggestions if is_offensive(s)]
    # a word that is itself offensive may still be matched with its sound-alikes
    assert model.neighbours("shit")


def test_another_form_of_the_same_word_is_no_sound_alike():
    model = ContextModel.get()
    # the language model prefers whichever number or tense its n-grams saw more: a grammar choice, no mishearing
    for word, form in (("revenues", "revenue"), ("expressed", "express"), ("interviews", "interview")):
        assert form not in dict(model.neighbours(word))
    assert "week" in dict(model.neighbours("weak"))  # real sound-alikes stay
    hit = by_text(check("We are reporting quarterly revenues of ten million.", 0.45), "revenues")
    assert not hit


def test_content_words_need_more_evidence_than_function_words():
    # the same gain scores lower on a longer word (often jargon the general model has not seen) than on a short one
    short = by_text(check("I will sea you tomorrow."), "sea")
    long_ = by_text(check("I drank a model of water."), "model")
    assert short and long_ and CONTENT_WORD_DISCOUNT > 0
    assert long_[0].score <= 0.9 - CONTENT_WORD_DISCOUNT


def test_language_model_memos_stay_bounded_and_give_the_same_suspects(monkeypatch):
    """Text that never repeats (a million random-word lines) asks ever new LM look-ups: the memos start again
    past their limits instead of growing past the memory bound, and the suspects do not change."""
    model = ContextModel.get()
    sentences = [f"I will sea you {word} in the {place} with a model of water." for word in
                 ("tomorrow", "today", "later", "soon", "tonight") for place in ("morning", "evening", "garden")]
    transcript = Transcript([Segment(f"s{i}", text) for i, text in enumerate(sentences)])
    model._probs.clear()
    model.window_cache.clear()
    unbounded = Detector(min_score=0.0).check(transcript)
    filled = len(model._probs)
    assert filled > 300 and len(model.window_cache) > 20  # the check does fill them
    monkeypatch.setattr(ContextModel, "PROBS_LIMIT", 60)
    monkeypatch.setattr(ContextModel, "WINDOWS_LIMIT", 20)
    model._probs.clear()
    model.window_cache.clear()
    most = 0
    detector = Detector(min_score=0.0)
    for segment in transcript.segments:  # one segment's look-ups at most come on top of a limit
        detector.check(Transcript([segment]))
        most = max(most, len(model._probs))
    assert most < filled / 2
    assert Detector(min_score=0.0).check(transcript) == unbounded


def _varied_transcript() -> Transcript:
    """Several thousand words of varied text (the sample and the clean eval texts) with context mistakes in."""
    from pathlib import Path

    from editor.formats import load_transcript

    repo = Path(__file__).resolve().parents[2]
    paths = [repo / "seeds" / "tensorflow-dev-summit-interview.txt",
             *sorted(p for p in (repo / "tests" / "eval" / "clean").glob("*.txt") if "glossary" not in p.name)]
    segments = [s for path in paths for s in load_transcript(path).segments]
    mistakes = ["I will sea you tomorrow.", "I stayed at home be cause of the rain.", "I drank a model of water.",
                "She bought a loaf of bread an a bottle of milk.", "The im aging team met on Monday."]
    segments += [Segment(f"m{i}", text) for i, text in enumerate(mistakes)]
    return Transcript([Segment(f"s{i}", s.text) for i, s in enumerate(segments)])


def test_batch_scoring_finds_exactly_what_word_by_word_scoring_finds(monkeypatch):
    """A long check scores its language-model look-ups in numpy batches; a short one (and an edited segment) asks
    pocketsphinx one by one. Both must give the same findings, scores and suggestions, in the same order."""
    from editor.review import context as context_module
    from editor.review.context_batch import batch_findings

    model = ContextModel.get()
    if model.arrays is None:
        pytest.skip("numpy or the model's arrays are not available")
    transcript = _varied_transcript()
    detector = Detector(min_score=0.0)
    checker = detector._context
    items = [(s.id, s.text, detector._tokenize(s)) for s in transcript.segments]
    assert sum(len(tokens) for _, _, tokens in items) > context_module.BATCH_MIN_WORDS
    model.window_cache.clear()
    one_by_one = [checker.findings(*item, detector.is_known) for item in items]
    model.window_cache.clear()  # (else the batch would only read what the word-by-word test cached)
    batched = batch_findings(checker, items, detector.is_known)
    assert batched == one_by_one
    kinds = {f.suggestions[0] for found in batched for f in found}
    assert {"see", "because", "bottle", "and"} <= kinds  # the mistakes are found either way
    # the same through the detector: a whole check with and without batches
    model.window_cache.clear()
    with_batches = Detector(min_score=0.0).check(transcript)
    monkeypatch.setattr(context_module, "BATCH_MIN_WORDS", 10**9)
    model.window_cache.clear()
    assert Detector(min_score=0.0).check(transcript) == with_batches


def test_prepared_segments_are_checked_in_batches_and_a_changed_one_again():
    model = ContextModel.get()
    if model.arrays is None:
        pytest.skip("numpy or the model's arrays are not available")
    transcript = _varied_transcript()
    detector = Detector(min_score=0.0)
    checker = detector._context
    segments = transcript.segments
    asked: list[int] = []

    def tokens_of(i: int):
        asked.append(i)
        return detector._tokenize(segments[i])

    checker.prepare([(s.id, s.text) for s in segments], tokens_of, detector.is_known,
                    bounds=range(0, len(segments), 50))
    assert not asked  # nothing is worked out before it is asked for
    first = segments[0]
    checker.findings(first.id, first.text, detector._tokenize(first), detector.is_known)
    assert asked == list(range(50))  # the first batch: the next 50 segments, tokenized on demand
    assert segments[49].id in checker._ready and segments[50].id not in checker._ready
    last = segments[-1]
    edited = Segment(last.id, "I will sea you tomorrow.")
    found = checker.findings(last.id, edited.text, detector._tokenize(edited), detector.is_known)
    assert [f.suggestions[0] for f in found] == ["see"]  # the new text's finding, not the planned text's
    assert len(segments) - 1 not in asked  # checked on its own: no batch for a segment whose text changed


def test_the_merge_filter_gives_the_same_merges_as_the_pronunciation_tables():
    """Batches load a table of the words that can be half of a merge; merged() then answers from it. Every pair
    must merge into the same word (or none) as when merged() looks up the pronunciations itself."""
    model = ContextModel.get()
    spelled, starts, ends = model.merge_filter()
    words = [w.strip(".,;:!?\"()").lower() for s in _varied_transcript().segments for w in s.text.split()]
    pairs = {(a, b) for a, b in zip(words, words[1:], strict=False) if a.isalpha() and b.isalpha()}
    pairs |= {("be", "cause"), ("im", "aging"), ("a", "head"), ("in", "to"), ("any", "way"), ("some", "one")}
    pairs = sorted(pairs)
    loaded = model._merge_filter
    model._merge_filter = None  # merged() as it is without the table
    ContextModel.merged.cache_clear()
    try:
        without = [model.merged(*pair) for pair in pairs]
    finally:
        model._merge_filter = loaded
        ContextModel.merged.cache_clear()
    assert [model.merged(*pair) for pair in pairs] == without
    merging = {pair for pair, joined in zip(pairs, without, strict=True) if joined is not None}
    assert {("be", "cause"), ("im", "aging"), ("in", "to")} <= merging
    passing = {(a, b) for a, b in pairs if a + b in spelled or (a in starts and b in ends)}
    assert merging <= passing and len(passing) < 0.6 * len(pairs)  # it spares asking about most pairs


def test_batch_clause_edges_bound_windows_as_word_by_word_checking_does():
    """A batch lays every clause's words out in one array (each between its own sentence marks): the edges of
    clauses (punctuation, numbers and other non-words, segment ends, segments with no words), names inside a
    sentence and words the model does not know must bound the test windows and merges exactly as checking word
    by word does."""
    from editor.review.context_batch import batch_findings

    model = ContextModel.get()
    if model.arrays is None:
        pytest.skip("numpy or the model's arrays are not available")
    texts = ["", "42 17", "Sea you, sea you. I will sea you tomorrow!", "I drank a model 3 of water.",
             "We sea Xyzzyq sea the garden", "be cause", "I stayed be cause of it, be cause.", "sea",
             "See sea; be cause: im aging team qwrtzp sea you", "She bought bread an a bottle of milk",
             "a model of water www.example.com a model of water", "— sea —", "Sea you tomorrow. Sea you",
             "I will sea qwrtzp", "we will sea qwrtzp tomorrow", "a model qwrtzp water", "I will sea you xq"]
    detector = Detector()
    checker = detector._context
    items = [(f"s{i}", text, tokenize(text)) for i, text in enumerate(texts)]
    model.window_cache.clear()
    one_by_one = [checker.findings(*item, detector.is_known) for item in items]
    model.window_cache.clear()
    for start in (0, 5):  # (and a batch that starts inside the list)
        assert batch_findings(checker, items[start:], detector.is_known) == one_by_one[start:]
    suggested = {f.suggestions[0] for found in one_by_one for f in found}
    assert {"see", "because", "bottle", "and", "imaging"} <= suggested  # windows at the edges do find things
