"""A glossary term heard as several words: one suspect over all of them, accepted as one undoable edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from review_helpers import open_reviewed, project_with_glossary

from editor.review.context import ContextModel

pytestmark = [pytest.mark.gui,
              pytest.mark.skipif(ContextModel.get() is None, reason="pocketsphinx's language model is not installed")]

TEXT = ("Good morning and welcome to the second quarter call.\n"
        "With me today are our chief executive and Hanna Distractor, our chief financial officer.\n")


def test_enter_replaces_the_whole_window_by_the_term_and_one_undo_restores_it(qtbot, tmp_path: Path, dialogs):
    source = tmp_path / "call.txt"
    source.write_text(TEXT, encoding="utf-8")
    window = open_reviewed(qtbot, project_with_glossary(source, "Hanna Vistrecker\n"))
    controller = window.review.controller
    target = next((s for s in controller.open_suspects() if s.text == "Hanna Distractor"), None)
    assert target is not None, [(s.text, s.reason) for s in controller.open_suspects()]
    assert target.suggestions[0] == "Hanna Vistrecker"
    before = window.doc.transcript.segment(target.segment_id).text
    controller.select(target)
    assert window.transcript_pane.textCursor().selectedText() == "Hanna Distractor"
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_Return)
    after = window.doc.transcript.segment(target.segment_id).text
    assert after == before.replace("Hanna Distractor", "Hanna Vistrecker")
    assert target not in controller.open_suspects()
    window.undo_action.trigger()
    assert window.doc.transcript.segment(target.segment_id).text == before
