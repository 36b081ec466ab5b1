"""The detector in the checker process: compact segments lose nothing it reads, and the GUI really uses a child."""

from __future__ import annotations

import pytest
from review_helpers import open_reviewed, project_with_glossary, settle

from editor.core.edits import set_segment_text
from editor.core.model import Segment, Transcript, Word
from editor.review import Detector
from editor.review_service import (
    CheckJob,
    CheckSession,
    FullCheck,
    FullResult,
    LanguageQuery,
    LanguageResult,
    SegmentCheck,
    SegmentResult,
    pack_segment,
    unpack_suspects,
)
from editor.ui.review import check_worker


def _transcript() -> Transcript:
    texts = ["We trained the modle on tensor flow yesterday.", "The tensorflow team met Paige Baily.",
             "Then we deployed the model to mobile phones.", "Tensorflow runs on phones."]
    segments = []
    for i, text in enumerate(texts):
        words = tuple(Word(w, None, None, 0.2 if j == 1 else 0.9) for j, w in enumerate(text.split()))
        segments.append(Segment(f"s{i}", text, words=words, meta=(("avg_logprob", -1.5),) if i == 3 else ()))
    return Transcript(segments)


def test_session_on_packed_segments_finds_what_the_detector_finds_on_the_original():
    transcript = _transcript()
    expected = Detector().check(transcript)
    session = CheckSession()
    order = [s.id for s in transcript.segments]
    full = session.handle(CheckJob(FullCheck(), order=order, segments=[pack_segment(s) for s in transcript.segments]))
    assert isinstance(full, FullResult)
    found = unpack_suspects(full.suspects)
    assert found == expected and any("low-confidence" in s.kinds for s in found)
    # a later job sends one changed segment; the mirror follows and the re-check matches a direct one
    changed = transcript.segments[0].with_(text="We trained the model on TensorFlow yesterday.", words=None)
    transcript.put_segment(0, changed)
    again = session.handle(CheckJob(SegmentCheck(("s0", "gone")), segments=[pack_segment(changed)]))
    assert isinstance(again, SegmentResult) and list(again.by_segment) == ["s0"]  # an unknown id is left out
    assert unpack_suspects(again.by_segment["s0"]) == Detector().check_segment(transcript, "s0")
    language = session.handle(CheckJob(LanguageQuery()))
    assert isinstance(language, LanguageResult) and language.code == "en"


@pytest.mark.gui
def test_gui_checks_in_a_child_process_and_follows_edits(qtbot, talk, dialogs):
    window = open_reviewed(qtbot, project_with_glossary(talk))
    controller = window.review.controller
    assert controller.worker.in_process
    process = check_worker._shared_process()
    assert process is not None and process.alive()
    target = controller.open_suspects()[0]
    segment = window.doc.transcript.segment(target.segment_id)
    window.doc.push(set_segment_text(window.doc.transcript, segment.id,
                                     segment.text[: target.start] + "the" + segment.text[target.end :]))
    settle(qtbot, window)
    assert not [s for s in controller.suspects_in(target.segment_id) if s.start == target.start
                and s.text == target.text]
