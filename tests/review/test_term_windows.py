"""Glossary terms heard as other words that do not fit their place (term_windows.py): one to three words whose
letters or sound are like a term's, flagged as one span with the term as the fix."""

from __future__ import annotations

from detector_helpers import doc, needs_model, on

from editor.review import Detector, Glossary
from editor.review.term_windows import TermKeys
from editor.review.tokens import compact, phonetic_key


@needs_model
def test_a_name_heard_as_two_capitalised_words_is_one_span_with_the_term_as_fix():
    # made-up surname; the recogniser wrote the nearest English word it knows
    glossary = Glossary(["Hanna Vistrecker"])
    text = "With me today are our chief executive and Hanna Distractor, our chief financial officer."
    suspects = Detector(glossary=glossary).check(doc(text))
    hit = on(suspects, "Hanna Distractor")
    assert hit, [(s.text, s.score, s.reason) for s in suspects]
    assert hit[0].suggestions[0] == "Hanna Vistrecker"
    assert text[hit[0].start : hit[0].end] == "Hanna Distractor"
    assert hit[0].score >= Detector().min_score


@needs_model
def test_the_same_words_where_they_fit_are_not_flagged():
    glossary = Glossary(["Hanna Vistrecker"])
    suspects = Detector(glossary=glossary).check(doc("The noise was a distractor for the students in the hall."))
    assert not [s for s in suspects if "Vistrecker" in s.suggestions]


@needs_model
def test_a_window_that_spells_part_of_a_term_is_not_a_mishearing():
    # "Energy Partners" is the end of the term, said on its own: no flag suggesting the whole term
    glossary = Glossary(["Northwind Energy Partners"])
    suspects = Detector(glossary=glossary).check(doc("Results at Energy Partners were strong this quarter."))
    assert not [s for s in suspects if "Northwind Energy Partners" in s.suggestions]


@needs_model
def test_without_a_glossary_nothing_is_flagged_by_this_signal():
    text = "With me today are our chief executive and Hanna Distractor, our chief financial officer."
    suspects = Detector().check(doc(text))
    assert not [s for s in suspects if "does not fit its place" in s.reason]


def test_closest_term_by_letters_or_sound_and_not_a_part_of_the_term():
    terms = ["Vistrecker", "Northwind Energy Partners"]
    keys = TermKeys([(t, compact(t), phonetic_key(t)) for t in terms])
    found = keys.closest(["distractor"])
    assert found is not None and keys.terms[found[0]] == "Vistrecker" and 0.7 <= found[1] < 1.0
    assert keys.closest(["energy", "partners"]) is None  # a part of a term
    assert keys.closest(["tomato"]) is None


def test_a_window_sharing_a_word_with_a_term_is_judged_by_the_rest():
    keys = TermKeys([(t, compact(t), phonetic_key(t)) for t in ["Steve Rasche", "Concho Resources", "Genomics"]])
    found = keys.closest(["steve", "rash"])
    assert found is not None and keys.terms[found[0]] == "Steve Rasche"
    assert keys.closest(["concho", "reported"]) is None  # the rest is another word
    assert keys.closest(["in", "genomic"]) is None  # a relative of the term's word, not the term misheard


@needs_model
def test_re_checking_one_segment_gives_the_same_span():
    glossary = Glossary(["Hanna Vistrecker"])
    transcript = doc("Good morning.", "With me today is Hanna Distractor, our chief financial officer.")
    detector = Detector(glossary=glossary)
    full = on(detector.check(transcript), "Hanna Distractor")
    again = on(detector.check_segment(transcript, "s2"), "Hanna Distractor")
    assert full and again and (full[0].start, full[0].end, full[0].suggestions) == (
        again[0].start, again[0].end, again[0].suggestions)
