"""Glossary near-misses made of ordinary words, judged by how well the words fit their place (term_context.py),
and the near-misses that are spelling or spacing choices rather than mistakes (glossary.py)."""

from __future__ import annotations

from detector_helpers import doc, needs_model, on

from editor.review import Detector, Glossary
from editor.review.term_windows import OUT_OF_PLACE_REASON


@needs_model
def test_common_word_sounding_exactly_like_a_term_and_out_of_place_is_flagged():
    # 'gap' is an English word said like the (made-up) term 'Gaip'; "on a non gap basis" makes little sense
    glossary = Glossary(["Gaip"])
    suspects = Detector(glossary=glossary).check(doc("Margins on a non gap basis rose to nine percent."))
    hit = on(suspects, "gap")
    # (said out of place: by the near-miss judge, or by the windows that do not fit their place)
    assert hit and hit[0].suggestions[0] == "Gaip", [(s.text, s.reason) for s in suspects]
    assert "out of place" in hit[0].reason or hit[0].reason.endswith(OUT_OF_PLACE_REASON)
    assert hit[0].score >= Detector().min_score


@needs_model
def test_the_same_word_where_it_fits_is_not_flagged():
    glossary = Glossary(["Gaip"])
    suspects = Detector(glossary=glossary).check(doc("There is a gap between the two teams."))
    assert not on(suspects, "gap")


@needs_model
def test_a_month_that_fits_its_place_is_not_a_name_misheard():
    # 'June' sounds like the glossary's 'John', but "in June" is plain English
    glossary = Glossary(["John Carver", "John"])
    suspects = Detector(glossary=glossary).check(doc("The second plant reopened in June after the storm."))
    assert not on(suspects, "June")


@needs_model
def test_a_capitalised_word_out_of_place_is_still_the_term_misheard():
    glossary = Glossary(["Paula Lindgren"])
    suspects = Detector(glossary=glossary).check(doc("Let me pass it over to Linden for the outlook."))
    # 'Linden' after "over to" is a person here, and the glossary's Lindgren sounds alike
    hit = on(suspects, "Linden")
    assert hit and hit[0].suggestions[0] == "Lindgren" and hit[0].score >= Detector().min_score


def test_a_word_that_begins_a_term_is_its_relative_not_a_mistake():
    glossary = Glossary(["Pythonic", "webcasts"])
    suspects = Detector(glossary=glossary, use_context=False).check(
        doc("We write Python every day.", "The webcast is on our site."))
    assert not on(suspects, "Python") and not on(suspects, "webcast")


def test_a_misspelling_of_the_term_is_still_flagged():
    glossary = Glossary(["Pythonic"])
    suspects = Detector(glossary=glossary, use_context=False).check(doc("That code is very Pythonik indeed."))
    hit = on(suspects, "Pythonik")
    assert hit and hit[0].suggestions[0] == "Pythonic"


def test_spacing_choices_are_not_flagged_but_a_name_heard_as_words_is():
    glossary = Glossary(["GCP", "Healthcare", "JP Morgan", "ThrustSense"])
    suspects = Detector(glossary=glossary, use_context=False).check(doc(
        "G C P sales grew in health care markets, said the analyst from JPMorgan.",
        "Demand for thrust sense systems grew."))
    assert not on(suspects, "G C P") and not on(suspects, "health care") and not on(suspects, "JPMorgan")
    hit = on(suspects, "thrust sense")
    assert hit and hit[0].suggestions[0] == "ThrustSense"
