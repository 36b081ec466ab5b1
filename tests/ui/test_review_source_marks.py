"""Suspects are marked in the original (read-only) pane as well, and View > Mark Suspects in the Original hides them."""

from __future__ import annotations

import pytest
from review_helpers import open_reviewed, project_with_glossary

from editor.core.model import Segment
from editor.review import Suspect
from editor.ui.review.source_marks import locate_in_source

pytestmark = pytest.mark.gui


def _suspect(text: str, start: int) -> Suspect:
    return Suspect("s1", start, start + len(text), text, ("spelling",), 0.9, (), "test")


def test_locate_in_source_follows_edits_near_the_suspect_and_gives_up_on_rewrites():
    source = "intro. we use tensor flo and kerus daily. outro"
    span = (7, 41)  # "we use tensor flo and kerus daily."
    same = Segment("s1", source[7:41], source=span)
    assert locate_in_source(same, _suspect("kerus", same.text.index("kerus")), source) == (29, 34)
    edited = Segment("s1", "We use TensorFlow and kerus daily.", source=span)  # fixed earlier in the line
    place = locate_in_source(edited, _suspect("kerus", edited.text.index("kerus")), source)
    assert place is not None and source[place[0]:place[1]] == "kerus"
    rewritten = Segment("s1", "Completely different words here, kerus is not where it was, far far away now ok",
                        source=span)
    assert locate_in_source(rewritten, _suspect("kerus", rewritten.text.index("kerus")), source) is None
    gone = Segment("s1", "we use tensor flo and Keras daily.", source=span)
    assert locate_in_source(gone, _suspect("flo", gone.text.index("flo")), source) == (21, 24)
    assert locate_in_source(Segment("s1", "kerus"), _suspect("kerus", 0), source) is None  # no source span


def test_suspects_are_marked_in_the_original_pane_and_the_view_toggle_hides_them(qtbot, talk, dialogs):
    window = open_reviewed(qtbot, project_with_glossary(talk))
    controller, marks = window.review.controller, window.review.source_marks
    transcript = window.doc.transcript
    suspect = next(s for s in controller.open_suspects() if transcript.segment(s.segment_id).source is not None)
    window.transcript_pane.go_to_segment(suspect.segment_id, suspect.start)  # the original scrolls to its span
    qtbot.waitUntil(lambda: any(m.suspect == suspect for m in marks.marks_in_view()), timeout=5000)
    mark = next(m for m in marks.marks_in_view() if m.suspect == suspect)
    source_text = transcript.source.text
    span = transcript.segment(suspect.segment_id).source
    assert span[0] <= mark.start < mark.end <= span[1]
    assert source_text[mark.start:mark.end].casefold() == suspect.text.casefold()
    viewport = window.source_pane.viewport()
    shown = viewport.grab().toImage()
    action = window.review.source_marks_action
    assert action in window.menu("view").actions()
    action.trigger()
    assert not action.isChecked() and marks.marks_in_view() == []
    hidden = viewport.grab().toImage()
    assert shown != hidden  # the underlines were really painted, and are gone now
    action.trigger()
    assert any(m.suspect == suspect for m in marks.marks_in_view())
