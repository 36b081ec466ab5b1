"""Recogniser loops: a phrase said over and over within a segment, or the same segment again and again."""

from __future__ import annotations

from editor.core.edits import set_text
from editor.core.model import Segment, Transcript
from editor.review import Detector
from editor.review.repetition import loop_findings
from editor.review.tokens import tokenize


def _loops(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.text, f.suggestions) for f in loop_findings("s1", text, tokenize(text))]


def test_a_phrase_looping_in_a_segment_is_flagged_with_the_phrase_once():
    text = "And that was it. Thank you. Thank you. Thank you. Thank you. Thank you."
    assert _loops(text) == [("Thank you. Thank you. Thank you. Thank you. Thank you", ("Thank you",))]
    assert _loops("so we we we we we went home") == [("we we we we we", ("we",))]


def test_people_repeating_themselves_is_not_a_loop():
    assert _loops("for the rest of our for the rest of our lives") == []  # a restart, said twice
    assert _loops("no no no no, that is wrong") == []
    assert _loops("I mean, you know, you know, you know it works") == []
    assert _loops("the model and the data and the model and the data fit") == []


def test_the_longest_loop_wins_where_loops_overlap():
    found = _loops("go go go go go go go go go go")
    assert found == [("go go go go go go go go go go", ("go",))]


def _talk(extra: list[tuple[str, str | None]]) -> Transcript:
    lines = [("We trained the model on a single machine.", "a"), *extra, ("Then we shipped it to users.", "a")]
    return Transcript([Segment(f"s{i + 1}", text, speaker=who) for i, (text, who) in enumerate(lines)])


def test_the_same_segment_again_and_again_is_flagged_after_the_first():
    transcript = _talk([("Thank you for watching.", "a")] * 4)
    found = [s for s in Detector().check(transcript) if "repeated" in s.kinds]
    assert sorted(s.segment_id for s in found) == ["s3", "s4", "s5"]
    assert all(s.text == "Thank you for watching." and s.suggestions == ("",) for s in found)  # "": delete it
    assert "4 segments in a row" in found[0].reason


def test_a_looped_segment_carries_only_the_loop():
    transcript = _talk([("The zorblat said thanks.", "a")] * 3)
    suspects = Detector().check(transcript)
    assert {s.segment_id for s in suspects if s.text == "zorblat"} == {"s2"}  # the first one is checked as usual
    assert [s.kinds for s in suspects if s.segment_id in ("s3", "s4")] == [("repeated",), ("repeated",)]


def test_two_speakers_or_two_repeats_are_a_conversation():
    assert not [s for s in Detector().check(_talk([("Thank you so much.", "a"), ("Thank you so much.", "b"),
                                                   ("Thank you so much.", "a")])) if "repeated" in s.kinds]
    assert not [s for s in Detector().check(_talk([("Thank you so much.", "a")] * 2)) if "repeated" in s.kinds]


def test_re_checking_a_segment_of_a_loop_matches_the_full_check():
    transcript = _talk([("Thank you for watching.", "a")] * 3)
    detector = Detector()
    detector.check(transcript)
    assert [s.kinds for s in detector.check_segment(transcript, "s4")] == [("repeated",)]
    set_text(transcript, "s3", 0, 5, "Thanks").apply(transcript)  # the run is broken: no loop any more
    for seg_id in ("s3", "s4"):
        quick = detector.check_segment(transcript, seg_id)
        assert quick == [s for s in Detector().check(transcript) if s.segment_id == seg_id]
        assert not [s for s in quick if "repeated" in s.kinds]


def test_copies_of_a_loop_may_differ_in_case_spacing_and_end_punctuation():
    transcript = _talk([("Thank you for watching.", "a"), ("thank you for  watching!", "a"),
                        ("Thank you for watching", "a")])
    found = [s for s in Detector().check(transcript) if "repeated" in s.kinds]
    assert sorted(s.segment_id for s in found) == ["s3", "s4"]
    assert found[0].text in ("thank you for  watching!", "Thank you for watching")
    other_words = _talk([("Thank you for watching.", "a"), ("Thank you for waiting.", "a"),
                         ("Thank you for watching.", "a")])
    assert not [s for s in Detector().check(other_words) if "repeated" in s.kinds]
