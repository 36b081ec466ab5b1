"""Undo menu, history panel and `history` name edits by whole words and the paragraph (¶, from 1)."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from ui_helpers import model_texts, put_cursor

from editor.cli import main as cli_main


def test_a_fragment_correction_is_labelled_by_the_whole_word_everywhere(window, qtbot, capsys):
    pane = window.transcript_pane
    text = model_texts(window)[0]
    start = text.index("Twimble")
    put_cursor(window, 0, start + 1)  # select 'wimble' inside the word, as a mouse drag might
    cursor = pane.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, len("wimble"))
    pane.setTextCursor(cursor)
    qtbot.keyClicks(pane, "WIML")
    qtbot.keyClick(pane, Qt.Key.Key_Right)
    pane.commit_typing()
    assert model_texts(window)[0].startswith(text[:start] + "TWIML")
    window._update_actions()
    assert window.undo_action.text() == "&Undo Replace 'Twimble' with 'TWIML' in ¶1"
    history = window.review.history
    history.refresh()
    assert "Replace 'Twimble' with 'TWIML' in ¶1" in history.history.item(0).text()
    window.undo_action.trigger()
    assert window.redo_action.text() == "&Redo Replace 'Twimble' with 'TWIML' in ¶1"
    history.refresh()
    assert history.history.item(0).text().endswith("Replace 'Twimble' with 'TWIML' in ¶1 (undo)")
    path = window.doc.project.path
    assert window.close_document()
    assert cli_main(["history", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [e["label"] for e in data["edits"]] == ["Replace 'Twimble' with 'TWIML' in ¶1"] * 2
    assert [e["kind"] for e in data["edits"]] == ["do", "undo"]


def test_typing_words_and_splitting_read_as_what_was_done(window, qtbot):
    pane = window.transcript_pane
    put_cursor(window, 2, 0)
    qtbot.keyClicks(pane, "Well so ")
    qtbot.waitUntil(lambda: not pane.has_uncommitted_typing(), timeout=2000)
    assert window.undo_action.text() == "&Undo Type 'Well so' in ¶3"
    qtbot.keyClick(pane, Qt.Key.Key_Return)
    assert window.undo_action.text() == "&Undo Split ¶3"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.redo_action.text() == "&Redo Type 'Well so' in ¶3"
