"""Glossary terms heard as other words, ranked by a small fitted model (term_ranker.py): candidates, the rules that
keep words in their own right out, and the shipped model."""

from __future__ import annotations

import json

import pytest

from editor.core.model import Segment, Transcript
from editor.paths import resource_files
from editor.review import Detector, Glossary, term_ranker
from editor.review.context import ContextModel
from editor.review.fitted_trees import TreeEnsemble
from editor.review.lexicon import ENGLISH
from editor.review.term_ranker import (
    TermSounds,
    _plausible_parts,
    _searched_windows,
    candidates,
    load_ranker,
    ranker,
    use_ranker,
    word_phones,
)
from editor.review.term_windows import word_fits
from editor.review.tokens import tokenize

needs_model = pytest.mark.skipif(ContextModel.get() is None, reason="pocketsphinx's language model is not installed")


def doc(*texts: str) -> Transcript:
    return Transcript([Segment(f"s{i + 1}", t) for i, t in enumerate(texts)])


def window_candidates(terms: list[str], text: str):
    model = ContextModel.get()
    assert model is not None
    tokens = tokenize(text)
    sounds = TermSounds(terms, model, ENGLISH)
    return tokens, candidates(text, tokens, word_fits(model, tokens), set(), sounds, model, ENGLISH)


@pytest.fixture
def shipped_ranker():
    use_ranker(None)  # the shipped model (a test may have swapped it)
    yield
    use_ranker(None)


@needs_model
def test_a_made_up_name_heard_as_a_common_word_is_flagged_with_the_term(shipped_ranker):
    text = "Net sales for dice were up 12% this quarter."
    suspects = Detector(glossary=Glossary(["Dace"]), workers=1).check(doc(text))
    hit = [s for s in suspects if s.text == "dice"]
    assert hit and hit[0].suggestions[0] == "Dace", [(s.text, s.score, s.suggestions) for s in suspects]
    assert hit[0].score >= Detector().min_score
    # the ranker is what finds it: the other signals alone do not
    use_ranker(None, enabled=False)
    alone = Detector(glossary=Glossary(["Dace"]), workers=1).check(doc(text))
    assert not [s for s in alone if "Dace" in s.suggestions]


@needs_model
def test_without_a_glossary_nothing_is_ranked(shipped_ranker):
    suspects = Detector(workers=1).check(doc("Net sales for dice were up 12% this quarter."))
    assert not [s for s in suspects if s.text == "dice" and "glossary" in s.kinds]


@needs_model
def test_a_window_with_another_term_said_right_is_no_candidate():
    # 'Apple' is a term of its own, said right: 'Apple magic' is not 'Apple Music' misheard
    tokens, found = window_candidates(["Apple", "Apple Music"], "She said Apple magic is back in the shops.")
    assert not [c for c in found if c.term == "Apple Music" and c.first <= 2 < c.last]


@needs_model
def test_a_relative_of_a_word_of_the_term_or_a_shared_word_with_words_for_an_acronym_is_no_candidate():
    model = ContextModel.get()
    sounds = TermSounds(["Pythonic", "Steve Rasche", "tf.function", "Air Logistics"], model, ENGLISH)
    by_term = {s.term: s for s in sounds.sounds}
    assert not _plausible_parts(["python"], by_term["Pythonic"])  # a word in its own right
    assert not _plausible_parts(["a", "function"], by_term["tf.function"])  # ordinary words for 'tf'
    assert _plausible_parts(["steve", "rash"], by_term["Steve Rasche"])  # the rest sounds like the rest
    # the rest unlike the term's but a word, not an acronym: the trees weigh it ('Air' heard as 'our')
    assert _plausible_parts(["our", "logistics"], by_term["Air Logistics"])
    tokens, found = window_candidates(["Air Logistics"], "Revenue at our logistics grew.")
    heard = {" ".join(t.text for t in tokens[c.first : c.last]): c.features["rest_unlike"] for c in found}
    assert heard.get("our logistics") == 1.0, heard


@needs_model
def test_an_acronym_is_said_letter_by_letter():
    model = ContextModel.get()
    assert word_phones(model, "FCC") == ["EH", "F", "S", "IY", "S", "IY"]
    assert word_phones(model, "cult") == ["K", "AH", "L", "T"]
    assert word_phones(model, "Zorvexa")  # not in the dictionary: a letter-to-sound guess


@needs_model
def test_capitals_that_read_as_a_word_are_also_compared_as_that_word():
    model = ContextModel.get()
    sounds = TermSounds(["COVID", "GAAP", "FDA"], model, ENGLISH)
    readings = {(s.term, s.said_as_word): s for s in sounds.sounds}
    # every acronym is compared as its letters; one of 4+ letters with a vowel also as the word it is said as
    assert {term for term, said in readings if not said} == {"COVID", "GAAP", "FDA"}
    assert {term for term, said in readings if said} == {"COVID", "GAAP"}
    assert readings[("COVID", True)].phones != readings[("COVID", False)].phones
    assert not readings[("COVID", True)].acronym
    # so a word heard for it ('gap' for GAAP) is a candidate, with the reading as a feature
    _, found = window_candidates(["GAAP"], "We report non gap measures in the appendix.")
    hits = [c for c in found if c.term == "GAAP" and c.features["said_as_word"] == 1.0]
    assert hits, [(c.first, c.last, c.term, c.features["said_as_word"]) for c in found]


def _heard(tokens, found, term):
    return {" ".join(t.text for t in tokens[c.first : c.last]) for c in found if c.term == term}


@needs_model
def test_words_that_fit_far_worse_may_be_like_a_term_by_phones_alone(monkeypatch):
    # 'Danner Hale' is like Danaher by phones (0.62) and by neither letters nor Metaphone key (0.59, 0.67)
    text = "We thank Danner Hale for the work."
    tokens, found = window_candidates(["Danaher"], text)
    hits = [c for c in found if c.term == "Danaher" and c.last - c.first == 2]
    assert "Danner Hale" in _heard(tokens, found, "Danaher"), [(c.first, c.last) for c in found]
    assert max(c.features["letters"] for c in hits) < 0.7 and max(c.features["key"] for c in hits) < 0.7
    assert max(c.features["phones"] for c in hits) >= 0.6
    # ... only because a word fits far worse than LOOSE_FIT ('Danner' -20 here)
    monkeypatch.setattr(term_ranker, "LOOSE_FIT", -30.0)
    tokens, found = window_candidates(["Danaher"], text)
    assert "Danner Hale" not in _heard(tokens, found, "Danaher")
    monkeypatch.undo()
    # several lower-case words only somewhat like a term are ordinary speech far more often: not by phones alone
    tokens, found = window_candidates(["Danaher"], text.replace("Danner Hale", "danner hale"))
    assert "danner hale" not in _heard(tokens, found, "Danaher")


@needs_model
def test_letters_and_words_heard_for_an_acronym_are_candidates():
    # single letters are no acronym in their own right: 'G P' is GCP misheard (a part of it said, 'TF' of TFX, is
    # a term of its own and stays out)
    tokens, found = window_candidates(["GCP"], "Revenue from G P grew strongly.")
    assert "G P" in _heard(tokens, found, "GCP")
    tokens, found = window_candidates(["TFX"], "We moved to TF last year and it grew.")
    assert not _heard(tokens, found, "TFX")
    # a word that sounds like the letters' names: the trees weigh it (features acronym_term, spelled_window)
    tokens, found = window_candidates(["TNT"], "We sold the teeny business last year.")
    hits = [c for c in found if c.term == "TNT"]
    assert hits and hits[0].features["acronym_term"] == 1.0 and hits[0].features["spelled_window"] == 0.0


@needs_model
def test_a_term_word_said_right_is_no_evidence_but_an_unknown_misheard_word_is():
    # 'Keras' is a word of tf.keras the language model does not know: its bad fit says nothing of 'to'
    tokens, found = window_candidates(["tf.keras"], "Then we moved to Keras last year.")
    assert not [c for c in found if c.term == "tf.keras" and c.last - c.first > 1], \
        [(c.first, c.last) for c in found]
    # a word the language model does not know that is not the term's is a candidate, counted as a feature
    tokens, found = window_candidates(["Zorvexa"], "Our stake in Zorvexia grew.")
    hits = [c for c in found if c.term == "Zorvexa"]
    assert hits and max(c.features["unknown"] for c in hits) >= 1.0, [(c.first, c.last) for c in found]


@needs_model
def test_of_nested_windows_flagged_for_one_term_the_shorter_is_reported(shipped_ranker):
    text = "Check the run back before you page anyone."
    tokens, found = window_candidates(["runbook"], text)
    # the shipped trees, with the threshold where 'the run back' and 'run back' both score past it (which of them
    # does with the shipped threshold depends on the fit)
    data = json.loads((resource_files() / "term-ranker.json").read_text(encoding="utf-8"))
    shipped = TreeEnsemble(data)
    windows = {(c.first, c.last): shipped.probability(c.features) for c in found if c.term == "runbook"}
    data["threshold"] = min(windows[(1, 4)], windows[(2, 4)])
    use_ranker(TreeEnsemble(data))
    model = ranker()
    flagged = {(c.first, c.last) for c in found if model.probability(c.features) >= model.threshold}
    assert len(flagged) >= 2, flagged
    suspects = Detector(glossary=Glossary(["runbook"]), workers=1).check(doc(text))
    assert [s.text for s in suspects if "runbook" in s.suggestions] == ["run back"]


@needs_model
def test_the_shipped_model_reads_exactly_the_features_the_candidates_have():
    _, found = window_candidates(["Dace"], "Net sales for dice were up 12% this quarter.")
    assert found
    model = load_ranker()
    assert set(model.features) == set(found[0].features)
    probabilities = [model.probability(c.features) for c in found]
    assert all(0.0 < p < 1.0 for p in probabilities)
    assert 0.0 < model.threshold < 1.0 and model.trees


def test_a_fitted_model_is_a_sum_of_tree_leaves():
    data = {"features": ["a", "b"], "baseline": -1.0, "threshold": 0.5,
            "trees": [[[0, 0.5, 1, 2, 0.0], [-1, 0.0, 0, 0, 2.0], [-1, 0.0, 0, 0, -2.0]],
                      [[1, 1.0, 1, 2, 0.0], [-1, 0.0, 0, 0, 0.5], [-1, 0.0, 0, 0, 1.0]]]}
    model = TreeEnsemble(data)
    low = model.probability({"a": 0.2, "b": 3.0})  # -1 + 2 + 1 = 2
    high = model.probability({"a": 0.9, "b": 0.0})  # -1 - 2 + 0.5 = -2.5
    assert low == pytest.approx(1 / (1 + pow(2.718281828459045, -2.0)))
    assert high == pytest.approx(1 / (1 + pow(2.718281828459045, 2.5)))
    use_ranker(model)
    try:
        assert ranker() is model
    finally:
        use_ranker(None)


@needs_model
def test_nearest_terms_in_a_batch_are_the_ones_each_window_finds_alone():
    """The batched search (one cdist per pool) picks, for every window, the terms a one-window process.extract
    over the terms of a fitting length picks, ties to the earlier term."""
    from rapidfuzz import fuzz, process

    from editor.review import term_ranker
    from editor.review.term_ranker import phone_string

    model = ContextModel.get()
    assert model is not None
    terms = ["Kubernetes", "Genentech", "GAAP", "TensorFlow", "Kubeflow", "Lattner", "Charrington", "Paige Bailey",
             "Keras", "Swift for TensorFlow", "TFX", "Gap Inc", "Genomics", "Cooper"]
    sounds = TermSounds(terms, model, ENGLISH)
    heard = ["cooper net ease", "genetic", "gap", "tensor flow", "cube flow", "latter", "paige bailey", "carrots",
             "t f x", "genomic", "coop", "a"]
    windows = []
    for text in heard:
        phones = [p for w in text.split() for p in word_phones(model, w)]
        letters = text.replace(" ", "")
        windows.append((letters, phone_string(phones)))

    def alone(letters: str, phones: str) -> list[int]:
        fitting = [n for n, s in enumerate(sounds.sounds)
                   if term_ranker.LENGTH_RATIO[0] * len(phones) <= len(s.phones) <= term_ranker.LENGTH_RATIO[1] * len(phones)]
        best: dict[int, float] = {}
        for query, pool in ((letters, [s.letters for s in sounds.sounds]), (phones, [s.phones for s in sounds.sounds])):
            if len(query) < 2:
                continue
            for _, score, at in process.extract(query, [pool[n] for n in fitting], scorer=fuzz.ratio,
                                                score_cutoff=term_ranker.LIKE_FLOOR, limit=term_ranker.NEAREST):
                if score > best.get(fitting[at], -1.0):
                    best[fitting[at]] = score
        return sorted(best, key=lambda n: (-best[n], n))[:term_ranker.NEAREST]

    expected = [alone(letters, phones) for letters, phones in windows]
    assert any(expected), "the test windows should be near some terms"
    assert sounds.nearest_many(windows) == expected
    assert sounds.nearest_many(windows[::-1]) == expected[::-1]  # remembered answers are the same


@needs_model
def test_windows_searched_by_their_words_find_what_whole_windows_find():
    """candidates() hands the search each window as its words' sounds (the gate's tables are per word); a window
    given as one piece must get the same nearest terms, and so must the segments of a planned batch."""
    model = ContextModel.get()
    assert model is not None
    terms = ["Kubernetes", "Genentech", "GAAP", "TensorFlow", "Kubeflow", "Lattner", "Charrington", "Paige Bailey",
             "Keras", "Swift for TensorFlow", "TFX", "Gap Inc", "Genomics", "Cooper", "Rob Hall", "Flatbush Gardens"]
    texts = ["We run it on cooper net ease and cube flow.", "The genetic team met Rob Hole at Flappers gardens.",
             "Carrots is the API, said Paige bailey, with tensor flow and t f x.", "Non gap earnings were up."]
    words = TermSounds(terms, model, ENGLISH)
    whole = TermSounds(terms, model, ENGLISH)
    windows = []
    for text in texts:
        tokens = tokenize(text)
        for i in range(len(tokens)):
            for j in range(i + 1, min(i + 4, len(tokens) + 1)):
                windows.append([words.token_sound(t.text) for t in tokens[i:j]])
    by_words = words.nearest_parts(windows)
    by_whole = whole.nearest_many([("".join(p[0] for p in w), "".join(p[1] for p in w)) for w in windows])
    assert by_words == by_whole
    assert sum(map(len, by_words)) > 5, "some windows should be near terms"

    planned = TermSounds(terms, model, ENGLISH)
    segments = [tokenize(text) for text in texts]
    planned.plan(texts, lambda i: segments[i], bounds=[0, 2, 3])
    alone = TermSounds(terms, model, ENGLISH)
    for text, tokens in zip(texts, segments, strict=True):
        fits = word_fits(model, tokens)
        assert (candidates(text, tokens, fits, set(), planned, model, ENGLISH)
                == candidates(text, tokens, fits, set(), alone, model, ENGLISH))


@needs_model
def test_a_word_too_long_for_the_gate_is_compared_with_every_term():
    model = ContextModel.get()
    assert model is not None
    long_term = "Supercalifragilisticexpialidocious Holdings Incorporated"
    sounds = TermSounds([long_term, "Keras", "Kubeflow"], model, ENGLISH)
    heard = sounds.token_sound("Supercalifragilisticexpialidociousholdingsincorporate")  # one 'word', 53 letters
    assert len(heard[0]) > 42
    found = sounds.nearest_parts([[heard]])
    assert [sounds.sounds[n].term for n in found[0]] == [long_term]


@needs_model
def test_a_window_ranked_by_its_fit_is_not_judged_by_its_fit_again(shipped_ranker):
    # a capitalised name heard as another name: the ranker weighed its fit already (the glossary's own
    # near-miss judge would cap it below the default min score as 'neither fitting nor plainly out of place')
    suspects = Detector(glossary=Glossary(["Pall", "Beckman"]), workers=1).check(
        doc("Revenue grew at Paul and Beckman this quarter."))
    hit = [s for s in suspects if s.text == "Paul"]
    assert hit and hit[0].suggestions[0] == "Pall", [(s.text, s.score, s.suggestions) for s in suspects]
    assert hit[0].score >= Detector().min_score


@needs_model
def test_a_planned_chunk_finds_the_windows_each_segment_finds_alone():
    """term_batch.py finds a chunk's windows with numpy and searches them in one batch: with exact terms, windows
    parted by punctuation or hyphens, a word too long for the gate, and a text said twice, every segment gets the
    windows (with their nearest terms) and candidates the walk through that segment alone finds, and the word
    fits it would work out itself."""
    from editor.review.term_ranker import _searched_windows
    from editor.review.term_windows import word_fits_many

    model = ContextModel.get()
    assert model is not None
    terms = ["Kubernetes", "Genentech", "GAAP", "TensorFlow", "Kubeflow", "Lattner", "Charrington", "Paige Bailey",
             "Keras", "TFX", "Rob Hall", "Flatbush Gardens", "Supercalifragilisticexpialidocious Holdings",
             "Danaher"]
    texts = ["We run it on cooper net ease, and cube-flow.", "The genetic team met Rob Hole at Flappers gardens.",
             "Carrots is the API, said Paige bailey; with tensor flow and t f x.", "Non gap earnings were up.",
             "", "Supercalifragilisticexpialidociousholding's stock, Keras and Kubeflow.", "Met Rob, Hole said.",
             "The genetic team met Rob Hole at Flappers gardens.", "Lattner!", "Met Rob Hole there.",
             # like a term by phones alone (a loose window, see term_ranker.LOOSE_FIT); and the same words not so
             "We thank Danner Hale for the work.", "Then danner hale left."]
    segments = [tokenize(text) for text in texts]
    exact = [{n for n, t in enumerate(tokens) if t.text in ("Keras", "Kubeflow", "Paige")} for tokens in segments]
    exact[9] = {1, 2}  # 'Rob Hole': exact terms only, no window
    planned, planned_too = TermSounds(terms, model, ENGLISH), TermSounds(terms, model, ENGLISH)
    for sounds in (planned, planned_too):
        sounds.plan(texts, lambda i: segments[i], bounds=[0, 3, 5])
    alone = TermSounds(terms, model, ENGLISH)
    windows = candidate_count = 0
    loose = []
    for n, (text, tokens, skip) in enumerate(zip(texts, segments, exact, strict=True)):
        fits = word_fits(model, tokens)
        assert planned.planned_fits(text) == (None if n == 7 else fits)  # (n = 7: a text said before)
        mine = planned._take_planned(text, fits)
        if mine is not None:
            mine = [(i, j, entry) for i, j, entry in mine if not all(k in skip for k in range(i, j + 1))]
            assert mine == _searched_windows(text, tokens, fits, skip, alone)
            windows += len(mine)
        found = candidates(text, tokens, fits, skip, planned_too, model, ENGLISH)
        assert found == candidates(text, tokens, fits, skip, alone, model, ENGLISH)
        candidate_count += len(found)
        loose += [c for c in found if c.term == "Danaher" and max(c.features["letters"], c.features["key"]) < 0.7]
    assert windows > 10 and candidate_count > 5, "some windows should be near terms"
    assert loose, "a window like a term by phones alone should be a candidate"
    assert word_fits_many(model, segments) == [word_fits(model, tokens) for tokens in segments]


@needs_model
def test_a_windows_fit_read_from_the_word_fits_is_its_sequence_fit():
    """_features reads a window's own fit from the segment's word fits where they are the same look-ups: exactly
    sequence_fit() of its words, at every place in a segment (the first, the second, the last words)."""
    from editor.review.term_ranker import _window_fit, sequence_fit

    model = ContextModel.get()
    assert model is not None
    compared = 0
    for text in ["Zorblax went to the quarry, said Keras.", "The cat sat on the mat and glorped.", "Hi.", "a b"]:
        tokens = tokenize(text)
        fits = word_fits(model, tokens)
        for first in range(len(tokens)):
            for last in range(first + 1, min(first + 4, len(tokens) + 1)):
                left = [t.norm for t in tokens[max(0, first - 2) : first]] or ["<s>"]
                right = [t.norm for t in tokens[last : last + 2]]
                assert (_window_fit(model, tokens, first, last, fits, left, right)
                        == sequence_fit(model, left, [t.norm for t in tokens[first:last]], right)), (text, first, last)
                compared += 1
    assert compared > 20


@needs_model
def test_what_a_window_reads_alike_everywhere_is_remembered_without_changing_it():
    """_features remembers per (window words, term) what does not depend on the window's place: a window said
    again elsewhere (other neighbours, an exact term inside) gets the features it gets from scratch."""
    from editor.review.term_ranker import _features

    model = ContextModel.get()
    assert model is not None
    terms = ["Rob Hall", "Flatbush Gardens", "Kubeflow", "TFX", "Paige Bailey"]
    texts = ["We met Rob Hole at Flappers gardens.", "Rob Hole said cube flow was fine.",
             "Later Rob Hole and t f x and Paige Bailey.", "Flappers gardens was shut, Rob Hole said."]
    sounds = TermSounds(terms, model, ENGLISH)
    compared = 0
    for text in texts * 2:
        tokens = tokenize(text)
        fits = word_fits(model, tokens)
        skip = {n for n, t in enumerate(tokens) if t.text in ("Paige", "Bailey")}
        for i, j, (letters, key, pstr, classes, nearest) in _searched_windows(text, tokens, fits, skip, sounds):
            for at in nearest:
                args = (model, tokens, i, j + 1, fits, letters, key, pstr, classes, sounds.sounds[at], skip, ENGLISH,
                        sounds.by_compact)
                assert _features(*args, sounds.features, at) == _features(*args)
                compared += _features(*args) is not None
    assert compared >= 6 and sounds.features
