"""The alignment result as a core edit: one SetTimings with an exact inverse, stored in history;
re-aligning only the segments edited since; estimated words survive JSON."""

from __future__ import annotations

import pytest

from editor.align.timings import ALIGNED_KEY, align_transcript, is_aligned, stretches
from editor.core.edits import EditConflict, SetTimings, edit_from_json, set_segment_text
from editor.core.model import Segment, Transcript, Word
from editor.store.project import Project


def _untimed(truth) -> Transcript:
    return Transcript([Segment(f"s{i}", s.text) for i, s in enumerate(truth)])


def test_word_estimated_flag_round_trips_and_stays_out_of_plain_json():
    assert Word("a", 1, 2).to_json() == ["a", 1, 2, None]
    marked = Word("a", 1, 2, None, True)
    assert Word.from_json(marked.to_json()) == marked
    assert Word.from_json(["a", 1, 2, 0.5]) == Word("a", 1, 2, 0.5)


def test_set_timings_applies_inverts_and_refuses_a_changed_segment():
    before = Segment("s1", "hello there")
    after = before.with_(start=100, end=900, words=(Word("hello", 100, 400), Word("there", 450, 900)))
    transcript = Transcript([before])
    edit = SetTimings((before,), (after,), "Align to talk.wav")
    change = edit.apply(transcript)
    assert change.timings and change.segments == {"s1"} and not change.structure
    assert transcript.segments[0] == after
    again = edit_from_json(edit.to_json())
    assert again == edit and again.label == "Align to talk.wav"
    with pytest.raises(EditConflict):
        edit.apply(transcript)  # already applied: the segment is not what `old` says
    edit.inverse().apply(transcript)
    assert transcript.segments[0] == before
    with pytest.raises(ValueError):
        SetTimings((before,), (before.with_(text="changed"),))


def test_aligning_gives_every_segment_and_word_a_time_as_one_edit(speech):
    wav, truth = speech
    transcript = _untimed(truth)
    edit = align_transcript(transcript, wav)
    assert edit is not None and edit.label == "Align to talk.wav"
    assert transcript.segments[0].start is None  # building the edit changes nothing
    edit.apply(transcript)
    for seg, spoken in zip(transcript.segments, truth, strict=True):
        assert seg.words is not None and len(seg.words) == len(seg.text.split())
        assert abs(seg.start - spoken.start * 1000) <= 300 and abs(seg.end - spoken.end * 1000) <= 300
        assert is_aligned(seg)
    assert stretches(transcript, only_changed=True) == []


def test_realigning_after_an_edit_touches_only_the_changed_segment(speech, tmp_path):
    wav, truth = speech
    project = Project.create(tmp_path / "talk.tproj", _untimed(truth))
    project.apply(align_transcript(project.transcript, wav))
    aligned = list(project.transcript.segments)
    edited = set_segment_text(project.transcript, "s2", aligned[2].text.replace("train", "bus"))
    project.apply(edited)
    assert not is_aligned(project.transcript.segments[2])
    todo = stretches(project.transcript, only_changed=True)
    assert [(s.first, s.last) for s in todo] == [(2, 3)]
    assert todo[0].start_ms == aligned[1].end and todo[0].end_ms == aligned[3].start
    realign = align_transcript(project.transcript, wav, only_changed=True)
    assert [s.id for s in realign.new] == ["s2"]
    project.apply(realign)
    seg = project.transcript.segments[2]
    assert is_aligned(seg) and aligned[1].end <= seg.start and seg.end <= aligned[3].start
    labels = [e.label for e in project.history()]
    assert len(labels) == 3 and labels[0] == "Align to talk.wav"
    assert labels[2] == "Re-align 1 changed segment(s) to talk.wav"
    project.undo()
    assert project.transcript.segments[2].meta_dict().get(ALIGNED_KEY) == aligned[2].meta_dict()[ALIGNED_KEY]
    project.close()


def test_an_already_timed_transcript_is_realigned_and_keeps_confidences(speech):
    """Times 2 s off (a subtitle file for another cut, say) come back in line; recogniser confidences stay."""
    wav, truth = speech
    segments = []
    for i, spoken in enumerate(truth):
        tokens = spoken.text.split()
        start = int(spoken.start * 1000) + 2000
        words = tuple(Word(t, start + 300 * k, start + 300 * k + 250, 0.9) for k, t in enumerate(tokens))
        segments.append(Segment(f"s{i}", spoken.text, start=start, end=words[-1].end, words=words))
    transcript = Transcript(segments)
    align_transcript(transcript, wav).apply(transcript)
    for seg, spoken in zip(transcript.segments, truth, strict=True):
        assert abs(seg.start - spoken.start * 1000) <= 300
        assert {w.confidence for w in seg.words} == {0.9}
