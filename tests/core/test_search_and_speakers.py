"""Core operations the window used to build itself: fuzzy find/replace and numbered speakers (Ctrl+N)."""

from __future__ import annotations

from editor.core import edits as E
from editor.core.model import Segment, Speaker, Transcript
from editor.core.search import SearchOptions, find_next, find_spans, replace_all_edit


def make() -> Transcript:
    return Transcript(
        [Segment("s1", "Tensorflow and tensor flow, TensorFlow.", "p1"), Segment("s2", "no match here", "p2"),
         Segment("s3", "tensorflo again", None)],
        [Speaker("p1", "Ann"), Speaker("p2", "Bob")],
    )


def test_fuzzy_replace_all_is_one_undoable_edit_over_every_segment():
    t = make()
    before = t.copy()
    options = SearchOptions(fuzzy=True, threshold=80)
    # one word is looked for word by word; the punctuation around a word is not part of the match
    assert find_spans(t.segments[0].text, "TensorFlow", options) == [(0, 10), (28, 38)]
    edit = replace_all_edit(t, "TensorFlow", "TF", options)
    assert isinstance(edit, E.Batch) and edit.label == "Replace all like 'TensorFlow' with 'TF' (3×)"
    edit.apply(t)
    assert [s.text for s in t.segments] == ["TF and tensor flow, TF.", "no match here", "TF again"]
    edit.inverse().apply(t)
    assert t == before
    assert replace_all_edit(t, "zebra", "x", options) is None


def test_exact_replace_all_and_find_next_wrap_around():
    t = make()
    options = SearchOptions(match_case=True)
    edit = replace_all_edit(t, "TensorFlow", "TF", options)
    assert edit is not None and edit.label == "Replace all 'TensorFlow' with 'TF' (1×)"
    assert find_next(t, "again", SearchOptions(), 2, 20) == (2, 10, 15)  # past the last one: wraps to it
    assert find_next(t, "match", SearchOptions(), 0, 0, backwards=True) == (1, 3, 8)


def test_a_numbered_speaker_is_assigned_and_a_missing_one_added_in_the_same_step():
    t = make()
    assert E.assign_numbered_speaker(t, ["s1"], 1) is None  # s1 is Ann's already
    edit = E.assign_numbered_speaker(t, ["s1", "s3"], 2)
    assert isinstance(edit, E.SetSpeaker) and edit.segments == ("s1", "s3")
    edit.apply(t)
    assert [s.speaker for s in t.segments] == ["p2", "p2", "p2"]
    before = t.copy()
    edit = E.assign_numbered_speaker(t, ["s2"], 4)  # two speakers: "Speaker 3" and "Speaker 4" are added
    assert isinstance(edit, E.Batch)
    edit.apply(t)
    assert [s.name for s in t.speakers] == ["Ann", "Bob", "Speaker 3", "Speaker 4"]
    assert t.segment("s2").speaker == t.speakers[3].id and "Speaker 4" in edit.label
    edit.inverse().apply(t)
    assert t == before
    clear = E.assign_numbered_speaker(t, ["s1", "s2"], 0)
    assert clear is not None
    clear.apply(t)
    assert t.segment("s1").speaker is None and t.segment("s2").speaker is None
