"""Edit operations on small, readable transcripts."""

from __future__ import annotations

import pytest

from editor.core import edits as E
from editor.core.model import Segment, Speaker, Transcript, Word
from editor.core.timecode import format_clock, parse_clock


def make() -> Transcript:
    words = (Word("hello", 0, 400, 0.9), Word("wrold", 400, 900, 0.3), Word("again", 900, 1300, 0.8))
    return Transcript(
        [Segment("s1", "hello wrold again", "p1", 0, 1300, words, (0, 17)), Segment("s2", "second one", "p2")],
        [Speaker("p1", "Ann", "#cc0000"), Speaker("p2", "Bob")],
    )


def test_split_gives_boundary_time_from_words_and_keeps_speaker():
    t = make()
    E.split_segment(t, "s1", 6).apply(t)
    left, right = t.segments[0], t.segments[1]
    assert (left.text, right.text) == ("hello", "wrold again")
    assert left.end == 400 and right.start == 400 and right.end == 1300
    assert right.speaker == "p1" and right.id not in {"s1", "s2"}
    assert right.words[0] == Word("wrold", 400, 900, 0.3)
    assert left.source[1] == right.source[0]


def test_split_at_edge_is_refused():
    t = make()
    with pytest.raises(E.EditConflict):
        E.split_segment(t, "s1", 0)


def test_merge_joins_text_and_times_and_inverse_restores():
    t = make()
    before = t.copy()
    edit = E.merge_segments(t, "s1")
    edit.apply(t)
    assert len(t) == 1 and t.segments[0].text == "hello wrold again second one"
    assert t.segments[0].speaker == "p1"
    edit.inverse().apply(t)
    assert t == before


def test_delete_segment_and_its_inverse_put_it_back_in_place():
    for doomed in ("s1", "s2"):
        t = make()
        before = t.copy()
        edit = E.delete_segment(t, doomed)
        change = edit.apply(t)
        assert [s.id for s in t.segments] == [i for i in ("s1", "s2") if i != doomed] and change.structure
        assert edit.label == "Delete segment"
        again = E.edit_from_json(edit.to_json())  # the project's history keeps it
        again.inverse().apply(t)
        assert t == before


def test_merge_last_segment_is_refused():
    t = make()
    with pytest.raises(E.EditConflict):
        E.merge_segments(t, "s2")


def test_rename_speaker_renames_everywhere_at_once():
    t = make()
    E.rename_speaker(t, "p1", "Annie").apply(t)
    assert t.speaker_name(t.segments[0].speaker) == "Annie"
    assert [s.name for s in t.speakers] == ["Annie", "Bob"]


def test_merge_speakers_moves_segments_and_removes_source():
    t = make()
    edit = E.merge_speakers(t, "p2", "p1")
    edit.apply(t)
    assert [s.speaker for s in t.segments] == ["p1", "p1"]
    assert [s.id for s in t.speakers] == ["p1"]
    assert "Merge speaker Bob into Ann" == edit.label


def test_remove_used_speaker_conflicts():
    t = make()
    with pytest.raises(E.EditConflict):
        E.RemoveSpeaker(t.speaker("p1"), 0).apply(t)


def test_replace_all_is_one_edit_with_count_in_label():
    t = Transcript([Segment("s1", "Page met page."), Segment("s2", "a pager page")])
    edit = E.replace_all(t, "page", "Paige", whole_word=True, ignore_case=True)
    assert isinstance(edit, E.Batch) and len(edit.edits) == 2
    edit.apply(t)
    assert [s.text for s in t.segments] == ["Paige met Paige.", "a pager Paige"]
    assert "(3×)" in edit.label


def test_replace_all_without_match_is_none():
    assert E.replace_all(make(), "zzz", "y") is None


def test_text_edit_history_entry_is_small():
    import json

    t = make()
    edit = E.set_text(t, "s2", 7, 10, "two")
    assert len(json.dumps(edit.to_json())) < 100


def test_replace_document_restores_exactly():
    t = make()
    target = Transcript([Segment("s9", "other")], [Speaker("p7", "Zed")])
    before = t.copy()
    edit = E.replace_document(t, target, "Restore version v1")
    edit.apply(t)
    assert [s.text for s in t.segments] == ["other"] and [s.name for s in t.speakers] == ["Zed"]
    E.edit_from_json(edit.inverse().to_json()).apply(t)
    assert t == before


def test_insert_segment_at_start_and_undo():
    t = make()
    before = t.copy()
    edit = E.insert_segment(t, None, "intro")
    edit.apply(t)
    assert t.segments[0].text == "intro"
    edit.inverse().apply(t)
    assert t == before


def test_transcript_json_roundtrip():
    t = make()
    assert Transcript.from_json(t.to_json()) == t


@pytest.mark.parametrize(("text", "ms"), [("01:02:03.004", 3723004), ("02:03", 123000), ("1:02:03,5", 3723500)])
def test_clock_parse(text, ms):
    assert parse_clock(text) == ms


def test_clock_format_roundtrip():
    assert format_clock(3723004) == "01:02:03.004"
    assert format_clock(3723004, sep=",") == "01:02:03,004"
    assert parse_clock(format_clock(987654)) == 987654
    with pytest.raises(ValueError):
        parse_clock("12:75")
