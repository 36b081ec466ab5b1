"""The document's own abbreviations in the review queue, driven like a user: a rhyming variant of the
abbreviation the document uses more often is in the queue with that abbreviation as the fix, Enter accepts it,
and the corrected document flags it no more."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from review_helpers import open_reviewed, settle

pytestmark = pytest.mark.gui

# made-up abbreviations: 'XPL' (said often) and 'XTL' (T and P rhyme when spelled out)
LINES = ("Our utility XPL had a strong quarter.", "XPL added new customers in the north.",
         "We expect XPL to keep growing.", "During the quarter XTL set a new record.")


def test_an_abbreviation_variant_is_queued_with_the_documents_form_and_enter_fixes_it(qtbot, tmp_path, dialogs):
    source = tmp_path / "call.txt"
    source.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    window = open_reviewed(qtbot, source)
    controller = window.review.controller
    target = next((s for s in controller.open_suspects() if s.text == "XTL"), None)
    assert target is not None, [(s.text, s.reason) for s in controller.open_suspects()]
    assert target.suggestions[0] == "XPL" and "sound alike" in target.reason
    # the queue lists it with its reason, as the user reads it
    panel = window.review.panel
    controller.select(target)
    assert panel.selected_suspect() == target
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_Return)
    segment = window.doc.transcript.segment(target.segment_id)
    assert segment.text == "During the quarter XPL set a new record."
    settle(qtbot, window)
    assert not [s for s in controller.open_suspects() if "sound alike" in s.reason]
