"""The document's own abbreviations as an implicit glossary (document_terms.py): a rhyming variant of an
abbreviation the document uses more often, and an unknown abbreviation used only once."""

from __future__ import annotations

import pytest

from editor.core.model import Segment, Transcript
from editor.review import Detector, Glossary
from editor.review.context import ContextModel
from editor.review.document_terms import abbreviations
from editor.review.tokens import tokenize


def doc(*texts: str) -> Transcript:
    return Transcript([Segment(f"s{i + 1}", t) for i, t in enumerate(texts)])


def on(suspects, text: str):
    return [s for s in suspects if s.text == text]


# made-up abbreviations: 'XPL' (said often) and 'XTL' (its rhyme: T and P sound alike when spelled out)
UTILITY = ("Our utility XPL had a strong quarter.", "XPL added new customers in the north.",
           "We expect XPL to keep growing.", "During the quarter XTL set a new record.")


def test_a_rhyming_variant_of_an_abbreviation_the_document_uses_more_is_flagged_with_it_as_the_fix():
    suspects = Detector().check(doc(*UTILITY))
    hit = on(suspects, "XTL")
    assert hit, [(s.text, s.reason) for s in suspects]
    assert hit[0].suggestions[0] == "XPL"
    assert "inconsistent" in hit[0].kinds and "'XPL' 3 times" in hit[0].reason and "sound alike" in hit[0].reason
    assert hit[0].score >= Detector().min_score
    assert not on(suspects, "XPL")


def test_a_possessive_or_plural_is_the_same_abbreviation():
    suspects = Detector().check(doc(*UTILITY[:3], "During the quarter XTL's costs fell."))
    hit = on(suspects, "XTL")
    assert hit and hit[0].suggestions[0] == "XPL"
    text = "During the quarter XTL's costs fell."
    assert text[hit[0].start : hit[0].end] == "XTL"  # the fix replaces the letters, the 's stays


def test_letters_that_do_not_rhyme_are_two_abbreviations():
    # K and P do not rhyme: XKL is another abbreviation, not a mishearing of XPL (it is used twice, so no
    # one-off flag either)
    suspects = Detector().check(doc(*UTILITY[:3], "XKL set a record.", "XKL did well."))
    assert not on(suspects, "XKL")


def test_two_letter_abbreviations_are_never_variants():
    suspects = Detector().check(doc("The US market grew.", "US sales rose.", "The US team won.", "The UK grew."))
    assert not on(suspects, "UK")


# a document long enough that an abbreviation it uses once could have been used again
TALK = tuple(f"In part {n} of the talk we went over the plans for the year ahead with the whole team." for n in
             range(1, 25))


def test_an_unknown_abbreviation_used_once_is_flagged_but_not_a_known_or_repeated_one():
    suspects = Detector().check(doc(*TALK, "Our QZVR volumes rose.", "NASA and the FDA were there.",
                                    "The WZQ team met.", "WZQ met again."))
    hit = on(suspects, "QZVR")
    assert hit and "unknown" in hit[0].kinds and "only here" in hit[0].reason
    assert hit[0].score >= Detector().min_score
    assert not on(suspects, "NASA") and not on(suspects, "FDA") and not on(suspects, "WZQ")


def test_in_a_short_text_one_use_says_nothing():
    assert not on(Detector().check(doc("Our QZVR volumes rose.")), "QZVR")


def test_the_users_dictionary_vouches_for_an_abbreviation():
    suspects = Detector(dictionary=["QZVR", "XTL"]).check(doc(*TALK, "Our QZVR volumes rose.", *UTILITY))
    assert not on(suspects, "QZVR") and not on(suspects, "XTL")


def test_an_abbreviation_inside_a_hyphenated_word_counts_as_a_use():
    assert abbreviations(tokenize("Our non-QZVR and QZVR's figures, and KPIs")) == ["QZVR", "QZVR", "KPI"]
    suspects = Detector().check(doc("Our non-QZVR measures.", "The QZVR figure."))
    assert not [s for s in suspects if s.segment_id == "s2"]  # (not a one-off; the part of s1 is spell-checked)


def test_re_checking_an_edited_segment_follows_the_new_counts():
    transcript = doc(*UTILITY)
    detector = Detector()
    assert on(detector.check(transcript), "XTL")
    # the user corrects the variant: the document now agrees with itself
    transcript.segments[3] = Segment("s4", "During the quarter XPL set a new record.")
    assert not [s for s in detector.check_segment(transcript, "s4") if "sound alike" in s.reason]
    # and writes the variant again elsewhere: flagged again, as a full check would
    transcript.segments[2] = Segment("s3", "We expect XTL to keep growing.")
    again = detector.check_segment(transcript, "s3")
    assert on(again, "XTL") == on(Detector().check(transcript), "XTL")
    assert on(again, "XTL")


needs_model = pytest.mark.skipif(ContextModel.get() is None, reason="pocketsphinx's language model is not installed")
# a made-up abbreviation said as a word ('SAAT', like GAAP), and the ordinary word it sounds like ('sat')
SPOKEN = ("We report our results under SAAT rules.", "Our non sat net income grew in the quarter.",
          "She sat down on the chair and smiled.")


@needs_model
def test_an_ordinary_word_that_sounds_like_a_spoken_abbreviation_and_does_not_fit_is_flagged():
    suspects = Detector().check(doc(*SPOKEN))
    hit = [s for s in suspects if s.text == "sat" and s.segment_id == "s2"]
    assert hit, [(s.text, s.reason) for s in suspects]
    assert hit[0].suggestions[0] == "SAAT" and "inconsistent" in hit[0].kinds
    assert "sounds like 'SAAT'" in hit[0].reason and "does not fit" in hit[0].reason
    assert hit[0].score >= Detector().min_score
    assert not [s for s in suspects if s.segment_id == "s3"]  # where the word fits, it is the word


@needs_model
def test_with_a_glossary_its_terms_are_the_abbreviations_said_as_words():
    suspects = Detector(glossary=Glossary(["Northwind"])).check(doc(*SPOKEN))
    assert not [s for s in suspects if "SAAT" in s.suggestions]
