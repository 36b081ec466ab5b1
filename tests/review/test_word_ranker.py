"""Words likely misheard without a glossary, scored by a small fitted model (word_ranker.py): what is a candidate,
where the model stays out, and how its findings join the other signals'."""

from __future__ import annotations

import random

import pytest

from editor.core.model import Segment, Transcript
from editor.review import Detector, Glossary, word_ranker
from editor.review.context import ContextModel
from editor.review.fitted_trees import StepSums
from editor.review.word_ranker import FEATURES, LATE_FEATURES, load_ranker, use_word_ranker

needs_model = pytest.mark.skipif(ContextModel.get() is None, reason="pocketsphinx's language model is not installed")

# a document long enough for "used only once" to mean something (document_terms.ONE_OFF_WORDS)
FILLER = [
    "Revenue grew in the quarter and margins improved across the business, as we expected.",
    "We opened new stores in the south and closed two older ones that no longer paid their way.",
    "Our customers kept buying through the summer, and the online share of sales rose again.",
    "Costs of freight came down from the peak, although wages in the warehouses went up.",
    "We returned cash to shareholders and kept the balance sheet strong for the coming year.",
] * 4


def doc(*lines: str) -> Transcript:
    texts = [*lines, *FILLER]
    return Transcript([Segment(f"s{i + 1}", t) for i, t in enumerate(texts)])


def suspects_of(transcript: Transcript, ranked: bool, **kwargs) -> list[tuple[str, float, tuple[str, ...]]]:
    use_word_ranker(None, enabled=ranked)
    try:
        return [(s.text, s.score, s.kinds) for s in Detector(workers=1, language="en", **kwargs).check(transcript)]
    finally:
        use_word_ranker(None)


@needs_model
def test_an_abbreviation_used_once_that_english_does_not_know_is_flagged_by_the_model():
    # (a possessive: on Earnings-21 the model finds an abbreviation used once with nothing else against it misheard
    # too seldom to flag, one with a possessive ending often enough: "STL's" for FPL's)
    transcript = doc("Thank you. KCC's team will now give the outlook for the year.")
    ranked = [s for s in suspects_of(transcript, True) if s[0] == "KCC"]
    assert ranked and ranked[0][1] >= Detector().min_score and ranked[0][2] == ("unknown",)
    assert not [s for s in suspects_of(transcript, False) if s[0] == "KCC"]  # the other signals alone: no


@needs_model
def test_a_word_the_document_uses_again_is_no_candidate():
    transcript = doc("Thank you. KCC will now give the outlook for the year.", "KCC also leads the new team.")
    assert suspects_of(transcript, True) == suspects_of(transcript, False)


@needs_model
def test_a_short_document_is_left_to_the_other_signals():
    transcript = Transcript([Segment("s1", "Thank you. KCC will now give the outlook for the year.")])
    assert suspects_of(transcript, True) == suspects_of(transcript, False)


@needs_model
def test_with_a_glossary_or_a_dictionary_word_the_model_stays_out():
    transcript = doc("Thank you. KCC's team will now give the outlook for the year.")
    glossary = Glossary(["Culp"])
    assert suspects_of(transcript, True, glossary=glossary) == suspects_of(transcript, False, glossary=glossary)
    assert not [s for s in suspects_of(transcript, True, dictionary=["KCC"]) if s[0] == "KCC"]


@needs_model
def test_a_spelling_finding_is_raised_not_doubled():
    # a rare name used once: the spelling signal flags it, the model (which likes it less than a sure
    # mistake) raises its score on the same finding instead of adding a second one
    transcript = doc("Thank you. Now I will hand over to Onda for the outlook.")
    alone = [s for s in suspects_of(transcript, False) if s[0] == "Onda"]
    ranked = [s for s in suspects_of(transcript, True) if s[0] == "Onda"]
    assert len(alone) == 1 and alone[0][2] == ("rare",)
    assert len(ranked) == 1 and ranked[0][2] == ("rare",) and ranked[0][1] > alone[0][1], (alone, ranked)


def test_the_shipped_model_reads_the_features_the_detector_computes():
    model = load_ranker()
    assert model.features == list(FEATURES)
    assert 0.0 < model.threshold < 1.0
    assert model.trees


@needs_model
def test_a_lower_case_word_used_a_few_times_is_a_candidate_a_capitalised_one_is_not():
    seen: list[tuple[str, float]] = []
    transcript = doc("Thank you. We spoke with zorbel about the outlook.", "Then zorbel asked about costs.",
                     "Thank you. We spoke with Quenby about the outlook.", "Then Quenby asked about costs.")
    use_word_ranker(None, enabled=False, recorder=lambda sid, tok, f: seen.append((tok.text, f["uses"])))
    try:
        Detector(workers=1, language="en").check(transcript)
    finally:
        use_word_ranker(None)
    assert ("zorbel", 2.0) in seen
    assert not [text for text, _ in seen if text == "Quenby"]


def test_the_training_script_fits_on_the_detectors_candidates():
    import importlib.util
    from pathlib import Path

    from editor.review import word_ranker

    path = Path(__file__).resolve().parents[1] / "eval" / "word_ranker_train.py"
    spec = importlib.util.spec_from_file_location("word_ranker_train", path)
    assert spec is not None and spec.loader is not None
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    assert (train.MAX_USES, train.MAX_USES_LOWER, train.CANDIDATE_ZIPF) == (
        word_ranker.MAX_USES, word_ranker.MAX_USES_LOWER, word_ranker.CANDIDATE_ZIPF)


def test_the_stumps_read_first_and_the_most_the_others_can_add_bound_the_models_sum():
    # (the word ranker leaves out the dearer features of a candidate these bounds put below the threshold)
    scorer = StepSums(load_ranker())
    rng = random.Random(14)
    values = (0.0, 0.5, 0.9, 1.0, 2.0, 3.0, 3.5, 4.2, 5.0, 7.0, 12.0)
    for _ in range(500):
        features = {name: rng.choice(values) for name in FEATURES}
        total = scorer.sum_for(scorer.probability(features))
        assert scorer.part(features) == pytest.approx(total, abs=1e-9)
        early = {name: x for name, x in features.items() if name not in LATE_FEATURES}
        assert scorer.part(early) + scorer.most(LATE_FEATURES) >= total - 1e-9


@needs_model
def test_candidates_the_model_cannot_flag_are_cut_short_with_the_same_suspects(monkeypatch):
    transcript = doc("Thank you. KCC's team will now give the outlook for the year.",
                     "Now I will hand over to Onda for the outlook.", "We spoke with zorbel about the outlook.",
                     "The decarbonization of the fleet went on, said Quenby.")
    verdicts: list[bool] = []
    hopeless = word_ranker._Ceiling.hopeless
    monkeypatch.setattr(word_ranker._Ceiling, "hopeless",
                        lambda self, *args: verdicts.append(hopeless(self, *args)) or verdicts[-1])
    cut = Detector(workers=1, language="en").check(transcript)
    assert True in verdicts and False in verdicts  # (some candidates cut short, some scored)
    monkeypatch.setattr(word_ranker.WordRanker, "_ceiling_for", lambda self, scorer: None)
    assert Detector(workers=1, language="en").check(transcript) == cut
