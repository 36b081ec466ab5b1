"""The voice activity track finds the pauses between sentences; segment edges are snapped onto them."""

from __future__ import annotations

from editor.align.aligner import WordTiming, snap_segment_edges
from editor.align.audio import FRAME_MS, pcm_blocks
from editor.align.speech_activity import MIN_PAUSE_FRAMES, SpeechTrack


def _track(wav) -> SpeechTrack:
    track = SpeechTrack(0)
    track.feed(b"".join(pcm_blocks(wav)), 0)
    return track


def test_each_pause_between_sentences_ends_where_the_next_sentence_starts(speech):
    wav, truth = speech
    track = _track(wav)
    for before, after in zip(truth, truth[1:], strict=False):
        pauses = track.pauses(int(before.end * 100), int(after.start * 100))
        assert len(pauses) == 1, (before.text, pauses)
        a, b = pauses[0]
        assert b - a >= MIN_PAUSE_FRAMES
        assert abs(b * FRAME_MS - after.start * 1000) <= 60  # speech onset to within a few frames
        assert a * FRAME_MS >= before.end * 1000 - 20  # the detector lags the end of speech, never leads it


def test_a_word_stretched_over_a_pause_is_trimmed_to_the_speech(speech):
    wav, truth = speech
    track = _track(wav)
    (pause_start, pause_end), = track.pauses(int(truth[0].end * 100), int(truth[1].start * 100))
    onset = int(truth[1].start * 100)
    start, end = track.trim(pause_start, onset + 20)
    assert start == pause_end and abs(start - onset) <= 6
    assert end == onset + 20
    assert track.trim(onset, onset + 20) == (onset, onset + 20)  # no pause in it: left alone


def test_a_first_word_put_on_the_tail_of_the_previous_sentence_is_moved_after_the_pause(speech):
    wav, truth = speech
    track = _track(wav)
    first, second = truth[0], truth[1]
    end_ms, onset_ms = round(first.end * 1000), round(second.start * 1000)
    next_word_ms = round(second.word_starts[1] * 100) * 10  # the aligner works in whole frames
    # What the recogniser gets wrong: the second sentence's first word taken from the end of the first's last.
    wrong = [WordTiming(end_ms - 600, end_ms - 200, False), WordTiming(end_ms - 200, end_ms, False),
             WordTiming(next_word_ms, next_word_ms + 300, False)]
    fixed = snap_segment_edges(wrong, [1], track)
    assert abs(fixed[1].start - onset_ms) <= 60, (fixed[1], onset_ms)
    assert fixed[1].end == next_word_ms
    assert fixed[0].end >= end_ms - 200 and abs(fixed[0].end - end_ms) <= 200
    assert snap_segment_edges(fixed, [1], track) == fixed  # an edge in a pause stays
