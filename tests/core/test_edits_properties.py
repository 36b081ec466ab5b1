"""Property tests: random edit sequences undo exactly, survive JSON, and keep word timings sane."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core import edits as E
from editor.core.align import realign
from editor.core.model import Segment, Speaker, Transcript, Word, tokenize

WORDS = ["alpha", "beta", "gamma", "delta", "tensor", "flow", "a", "I", "ok.", "no,", "2.0"]


@st.composite
def timed_segment_texts(draw):
    tokens = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
    return " ".join(tokens)


def _timed_words(text: str, start: int) -> tuple[Word, ...]:
    words = []
    t = start
    for tok in tokenize(text):
        words.append(Word(tok, t, t + 100 * len(tok), 0.5))
        t += 100 * len(tok) + 50
    return tuple(words)


@st.composite
def transcripts(draw):
    texts = draw(st.lists(timed_segment_texts(), min_size=1, max_size=6))
    timed = draw(st.booleans())
    speakers = [Speaker("p1", "Ann", "#aa0000"), Speaker("p2", "Bob")]
    segs = []
    t = 0
    for i, text in enumerate(texts):
        words = _timed_words(text, t) if timed else None
        end = words[-1].end if words else None
        segs.append(Segment(f"s{i + 1}", text, draw(st.sampled_from([None, "p1", "p2"])),
                            t if timed else None, end, words, (i * 10, i * 10 + 9)))
        t = (end or 0) + 200
    return Transcript(segs, speakers)


@st.composite
def edit_for(draw, t: Transcript) -> E.Edit | None:
    """One random edit that is valid for the transcript `t` as it is now."""
    seg = draw(st.sampled_from(t.segments))
    speaker_ids = [s.id for s in t.speakers]
    choice = draw(st.integers(0, 9))
    n = len(seg.text)
    if choice <= 2:
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        new = draw(st.sampled_from(["", "x", " zeta ", "beta", "two words", "Ω"]))
        return E.set_text(t, seg.id, a, b, new)
    if choice == 3:
        return E.set_speaker(t, [s.id for s in t.segments[: draw(st.integers(1, len(t)))]],
                             draw(st.sampled_from([None, *speaker_ids])))
    if choice == 4 and n > 2:
        offset = draw(st.integers(1, n - 1))
        try:
            return E.split_segment(t, seg.id, offset)
        except E.EditConflict:
            return None
    if choice == 5 and t.index_of(seg.id) + 1 < len(t):
        return E.merge_segments(t, seg.id)
    if choice == 6:
        return E.replace_all(t, draw(st.sampled_from(["a", "beta", "flow"])), "Q",
                             whole_word=draw(st.booleans()), ignore_case=draw(st.booleans()))
    if choice == 7 and speaker_ids:
        return E.rename_speaker(t, draw(st.sampled_from(speaker_ids)), draw(st.sampled_from(["Zed", "<b>x</b>", "Ann"])))
    if choice == 8 and len(speaker_ids) >= 2 and draw(st.booleans()):
        return E.merge_speakers(t, speaker_ids[-1], speaker_ids[0])
    if choice == 8:
        return E.add_speaker(t, "Cleo", "#00ff00")
    if speaker_ids:
        return E.delete_speaker(t, draw(st.sampled_from(speaker_ids)))
    return None


def _roundtrip(edit: E.Edit) -> E.Edit:
    return E.edit_from_json(json.loads(json.dumps(edit.to_json())))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_random_sequences_undo_to_the_start(data):
    t = data.draw(transcripts())
    snapshots = [t.copy()]
    applied: list[E.Edit] = []
    for _ in range(data.draw(st.integers(1, 12))):
        edit = data.draw(edit_for(t))
        if edit is None:
            continue
        edit = _roundtrip(edit)  # what the history stores must be enough to redo
        edit.apply(t)
        applied.append(edit)
        snapshots.append(t.copy())
        _assert_words_match_text(t)
    for edit, before in zip(reversed(applied), reversed(snapshots[:-1]), strict=True):
        _roundtrip(edit.inverse()).apply(t)
        assert t == before
    assert t == snapshots[0]


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_redo_after_undo_gives_the_same_state(data):
    t = data.draw(transcripts())
    edit = data.draw(edit_for(t))
    if edit is None:
        return
    edit.apply(t)
    after = t.copy()
    edit.inverse().apply(t)
    edit.apply(t)
    assert t == after


def _assert_words_match_text(t: Transcript) -> None:
    for seg in t.segments:
        if seg.words is not None:
            assert [w.text for w in seg.words] == tokenize(seg.text)


@settings(max_examples=200, deadline=None)
@given(old=timed_segment_texts(), new=timed_segment_texts())
def test_realign_keeps_unchanged_words_and_monotonic_times(old, new):
    words = _timed_words(old, 1000)
    result = realign(words, new)
    assert [w.text for w in result] == tokenize(new)
    # Times never go backwards and stay inside the old span.
    times = [x for w in result for x in (w.start, w.end)]
    assert times == sorted(times)
    assert all(words[0].start <= x <= words[-1].end for x in times)
    # Every word kept with its confidence is one of the old words, times and all.
    for w in result:
        if w.confidence is not None:
            assert w in words


def test_correcting_one_word_keeps_its_exact_times():
    words = _timed_words("we use tensor flow daily", 0)
    t = Transcript([Segment("s1", "we use tensor flow daily", words=words, start=0, end=words[-1].end)])
    E.set_text(t, "s1", 7, 18, "TensorFlow").apply(t)
    seg = t.segments[0]
    assert seg.text == "we use TensorFlow daily"
    assert seg.words[0] == words[0] and seg.words[1] == words[1] and seg.words[3] == words[4]
    # The merged word spans exactly the two words it replaced.
    assert (seg.words[2].start, seg.words[2].end) == (words[2].start, words[3].end)
    assert seg.words[2].confidence is None


def test_set_text_conflicts_leave_transcript_unchanged():
    t = Transcript([Segment("s1", "hello world")])
    edit = E.set_text(t, "s1", 0, 5, "howdy")
    edit.apply(t)
    before = t.copy()
    try:
        edit.apply(t)  # "hello" is no longer there
    except E.EditConflict:
        pass
    else:
        raise AssertionError("a stale edit must conflict")
    assert t == before


def test_batch_rolls_back_when_a_later_part_conflicts():
    t = Transcript([Segment("s1", "one"), Segment("s2", "two")])
    before = t.copy()
    good = E.set_text(t, "s1", 0, 3, "uno")
    bad = E.SetText("s2", 0, "zzz", "dos")
    try:
        E.Batch((good, bad), "both").apply(t)
    except E.EditConflict:
        pass
    assert t == before
