"""Position -> segment/word lookups and seek targets over a timed transcript."""

from __future__ import annotations

from editor.core import edits as E
from editor.core.model import Segment, Transcript, Word
from editor.media.timeline import Timeline, word_index_at_offset, word_times


def words(*items: tuple[str, int, int]) -> tuple[Word, ...]:
    return tuple(Word(text, start, end) for text, start, end in items)


def timed_transcript() -> Transcript:
    return Transcript([
        Segment("s1", "hello there", start=0, end=1000, words=words(("hello", 0, 400), ("there", 500, 1000))),
        Segment("s2", "no words here", start=1500, end=3000),
        Segment("s3", "typed by hand"),  # inserted by the user: no times
        Segment("s4", "last one", start=3000, end=4000, words=words(("last", 3000, 3400), ("one", 3600, 4000))),
    ])


def test_segment_at_follows_starts_and_gaps() -> None:
    timeline = Timeline(timed_transcript())
    assert timeline.segment_at(-5) is None
    assert timeline.segment_at(0) == 0
    assert timeline.segment_at(999) == 0
    assert timeline.segment_at(1200) is None  # the gap between s1 and s2
    assert timeline.segment_at(1500) == 1
    assert timeline.segment_at(2999) == 1
    assert timeline.segment_at(3000) == 3  # the untimed s3 is never "playing"
    assert timeline.segment_at(5000) is None


def test_word_at_uses_word_times_and_pauses() -> None:
    timeline = Timeline(timed_transcript())
    assert timeline.spot_at(100).word == 0
    assert timeline.spot_at(450).word is None  # pause between "hello" and "there"
    assert timeline.spot_at(700).word == 1
    spot = timeline.spot_at(3700)
    assert (spot.segment, spot.segment_id, spot.word) == (3, "s4", 1)


def test_segments_without_words_get_estimated_word_times() -> None:
    seg = Segment("x", "aa bbbb", start=1000, end=1600)
    times = word_times(seg)
    assert times == [(1000, 1200), (1200, 1600)]  # shared by length: 2 and 4 characters
    timeline = Timeline(Transcript([seg]))
    assert timeline.spot_at(1100).word == 0
    assert timeline.spot_at(1300).word == 1


def test_word_index_at_offset() -> None:
    text = "one two  three"
    assert word_index_at_offset(text, 0) == 0
    assert word_index_at_offset(text, 3) == 0  # right after "one"
    assert word_index_at_offset(text, 4) == 1
    assert word_index_at_offset(text, 8) == 2  # between two spaces: the next word
    assert word_index_at_offset(text, len(text)) == 2
    assert word_index_at_offset("   ", 1) is None


def test_seek_target_for_a_cursor_position() -> None:
    timeline = Timeline(timed_transcript())
    assert timeline.seek_target(0, 7) == 500  # inside "there"
    assert timeline.seek_target(1, 0) == 1500  # estimated first word = segment start
    assert timeline.seek_target(2, 3) is None  # no times at all
    assert timeline.seek_target(3, 6) == 3600


def test_segment_span_uses_next_start_when_end_is_missing() -> None:
    transcript = Transcript([Segment("a", "x", start=0), Segment("b", "y", start=2000, end=2500)])
    timeline = Timeline(transcript)
    assert timeline.segment_span(0) == (0, 2000)
    assert timeline.segment_span(1) == (2000, 2500)
    assert timeline.segment_at(1500) == 0  # open-ended segment lasts until the next one


def test_invalidate_after_edits() -> None:
    transcript = timed_transcript()
    timeline = Timeline(transcript)
    assert timeline.spot_at(700).word == 1
    edit = E.set_text(transcript, "s1", 0, 5, "hi")  # "hi there": words keep their times
    edit.apply(transcript)
    timeline.invalidate({"s1"})
    assert timeline.spot_at(700).word == 1
    assert timeline.spot_at(100).word == 0
    split = E.split_segment(transcript, "s1", 3)  # "hi" | "there": boundary from the word at the cut
    split.apply(transcript)
    timeline.invalidate(structure=True)
    assert timeline.segment_at(100) == 0
    assert timeline.segment_at(700) == 1
    assert transcript.segments[1].start == 400  # the end of "hi" (was "hello" 0-400)


def test_lookup_on_a_long_transcript() -> None:
    segments = [Segment(f"s{i}", "a b c", start=i * 1000, end=i * 1000 + 900) for i in range(20000)]
    timeline = Timeline(Transcript(segments))
    for position in range(0, 20_000_000, 97_003):
        expected = position // 1000 if position % 1000 < 900 else None
        assert timeline.segment_at(position) == expected
