"""Subtitle cues follow the conventions: 2 lines of 42, balanced breaks, reading speed, durations, gaps."""

from __future__ import annotations

import srt
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.model import Segment, Speaker, Transcript, Word
from editor.formats import ExportOptions, export_bytes, import_text
from editor.formats.cues import SubtitleRules, break_lines, cue_problems, layout_cues, segment_cues

RULES = SubtitleRules()
LONG = ("So what we did at the start of the year, and this is important, was to move the whole training pipeline "
        "over to the new accelerators. It took us about three months. Then we measured everything again, and the "
        "results were better than we expected.")


def talk(words: bool) -> Transcript:
    tokens = LONG.split()
    timed = tuple(Word(w, 1000 + i * 450, 1000 + i * 450 + 400) for i, w in enumerate(tokens)) if words else None
    end = 1000 + len(tokens) * 450
    return Transcript([Segment("s1", LONG, "p1", 1000, end, timed), Segment("s2", "Great.", "p2", end, end + 300)],
                      [Speaker("p1", "Paige Bailey"), Speaker("p2", "Sam")])


def test_a_long_segment_becomes_cues_of_two_balanced_lines_that_pass_every_rule():
    for words in (True, False):
        transcript = talk(words)
        assert cue_problems(segment_cues(transcript), RULES)  # one cue per segment breaks them
        cues = layout_cues(transcript, RULES)
        assert cue_problems(cues, RULES) == []
        assert " ".join(c.text for c in cues) == f"Paige Bailey: {LONG} Sam: Great."  # every word, in order
        for cue in cues:
            assert 1 <= len(cue.lines) <= 2 and all(len(line) <= 42 for line in cue.lines)
            if len(cue.lines) == 2:  # balanced: neither line much longer than the other
                assert abs(len(cue.lines[0]) - len(cue.lines[1])) <= 16
        starts = [c.start for c in cues]
        assert starts == sorted(starts)


def test_word_times_place_the_cues():
    cues = layout_cues(talk(True), RULES)
    second_word = LONG.split().index(cues[1].lines[0].split()[0])  # the first word of cue 2 (no name there)
    assert cues[1].start == 1000 + second_word * 450


def test_line_breaks_prefer_punctuation_and_one_line_when_it_fits():
    assert break_lines("Thanks, Alice.", RULES) == ("Thanks, Alice.",)
    lines = break_lines("It took us about three months. Then we measured everything", RULES)
    assert lines == ("It took us about three months.", "Then we measured everything")


def test_short_fast_cues_are_reported_and_gaps_are_kept():
    t = Transcript([Segment("a", "Yes.", None, 0, 300), Segment("b", "No, I really do not think so at all.", None, 300, 900)])
    cues = layout_cues(t, RULES)
    assert cues[1].start - cues[0].end >= RULES.min_gap_ms
    problems = cue_problems(cues, RULES)
    assert {p.rule for p in problems} >= {"reading_speed"}  # too fast to read, and no room to stretch it
    assert all(p.message.startswith(f"cue {p.cue} (") for p in problems)


def test_srt_and_vtt_exports_use_the_rules_when_asked_and_stay_one_cue_per_segment_by_default():
    transcript = talk(True)
    plain = list(srt.parse(export_bytes(transcript, "srt").decode()))
    assert len(plain) == 2  # unchanged: a lossless round trip
    laid = list(srt.parse(export_bytes(transcript, "srt", ExportOptions(subtitles=RULES)).decode()))
    assert len(laid) > 2 and all(len(s.content.split("\n")) <= 2 for s in laid)
    assert laid[0].content.startswith("Paige Bailey: ")
    vtt = export_bytes(transcript, "vtt", ExportOptions(subtitles=RULES)).decode()
    again = import_text(vtt, "again.vtt")
    assert " ".join(s.text for s in again.segments) == f"{LONG} Great."
    assert {again.speaker_name(s.speaker) for s in again.segments} == {"Paige Bailey", "Sam"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.text("abcdefghij ", min_size=1, max_size=300).filter(str.strip),
                          st.integers(500, 30_000)), min_size=1, max_size=6))
def test_laid_out_cues_keep_every_word_and_the_line_limits(parts):
    segments, t = [], 0
    for i, (text, duration) in enumerate(parts):
        segments.append(Segment(f"s{i}", text, None, t, t + duration))
        t += duration
    cues = layout_cues(Transcript(segments), RULES)
    assert " ".join(c.text for c in cues).split() == " ".join(text for text, _ in parts).split()
    long_words = any(len(w) > 42 for text, _ in parts for w in text.split())
    if not long_words:
        assert all(len(c.lines) <= 2 and all(len(line) <= 42 for line in c.lines) for c in cues)
    assert all(c.end >= c.start for c in cues)
    assert all(b.start >= a.end for a, b in zip(cues, cues[1:], strict=False))  # no overlaps
