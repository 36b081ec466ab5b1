"""Keys people expect (F3 Find Next, Ctrl+Return / Ctrl+I on a suspect) and a status bar that stays true."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from review_helpers import open_reviewed, project_with_glossary
from ui_helpers import model_texts, put_cursor

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _selection(window) -> tuple[int, int]:
    cursor = window.transcript_pane.textCursor()
    return cursor.blockNumber(), cursor.selectionStart() - cursor.block().position()


def test_f3_finds_the_next_match_and_shift_f3_the_previous(window, qtbot):
    word = "the"
    matches = [(i, t.lower().find(f" {word} ") + 1) for i, t in enumerate(model_texts(window))
               if f" {word} " in t.lower()]
    assert len(matches) >= 2
    put_cursor(window, 0, 0)
    window.find_action.trigger()
    dialog = window.find_dialog
    dialog.find_edit.setText(word)
    dialog.whole_word.setChecked(True)
    dialog.hide()
    pane = window.transcript_pane
    pane.setFocus()
    qtbot.keyClick(pane, Qt.Key.Key_F3)
    first = _selection(window)
    assert pane.textCursor().selectedText().lower() == word
    qtbot.keyClick(pane, Qt.Key.Key_F3)
    second = _selection(window)
    assert second > first and pane.textCursor().selectedText().lower() == word
    qtbot.keyClick(pane, Qt.Key.Key_F3, SHIFT)
    assert _selection(window) == first
    assert not dialog.isVisible()  # F3 works from the text, with the dialog closed
    assert model_texts(window) == [s.text for s in window.doc.transcript.segments]  # no key reached the text


def test_playback_keys_do_not_take_editing_keys(window):
    keys = {k.toString() for name, a in window.media.actions.items() for k in a.shortcuts()}
    assert not keys & {"F1", "F3", "Shift+F3", "F5", "Ctrl+Left", "Ctrl+Right", "Ctrl+F", "Ctrl+Z"}
    assert "F3" in [k.toString() for k in window.find_next_action.shortcuts()]
    assert "Shift+F3" in [k.toString() for k in window.find_previous_action.shortcuts()]


@pytest.mark.gui
def test_ctrl_return_accepts_and_ctrl_i_ignores_the_suspect_chosen_with_f8(qtbot, talk, dialogs):
    window = open_reviewed(qtbot, project_with_glossary(talk))
    controller = window.review.controller
    pane = window.transcript_pane
    with_fix = [s for s in controller.open_suspects() if s.suggestions]
    target = with_fix[0]
    controller.select(target)
    count = len(window.doc.transcript)
    qtbot.keyClick(pane, Qt.Key.Key_Return, CTRL)
    text = window.doc.transcript.segment(target.segment_id).text
    assert text[target.start : target.start + len(target.suggestions[0])] == target.suggestions[0]
    assert len(window.doc.transcript) == count  # accepted, not split
    assert target not in controller.open_suspects()
    other = next(s for s in controller.open_suspects() if s.text != target.text)
    controller.select(other)
    before = model_texts(window)
    qtbot.keyClick(pane, Qt.Key.Key_I, CTRL)
    assert other not in controller.open_suspects()
    assert model_texts(window) == before  # ignoring changes no text


def test_status_bar_keeps_short_fields_and_drops_stale_messages(window, qtbot, tmp_path, dialogs):
    bar = window.statusBar()
    assert window.save_label.text() == "Saved"
    assert str(window.doc.project.path) in window.save_label.toolTip()
    put_cursor(window, 2, 0)
    assert window.position_label.text() == f"¶3 of {len(window.doc.transcript)}"
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert not window.open_path(empty)
    assert dialogs and "empty" in dialogs[-1]
    assert bar.currentMessage() == ""  # not "Opening empty.txt…" after the failure
    assert window.doc is not None  # the open project is kept
    window.find_action.trigger()
    dialog = window.find_dialog
    dialog.find_edit.setText("the")
    dialog.replace_edit.setText("THE")
    assert dialog.replace_all() >= 2
    assert dialog.status.text().startswith("Replaced in")
    window.undo_action.trigger()
    assert dialog.status.text() == ""  # "Replaced in N segment(s)" is no longer true
    assert bar.currentMessage().startswith("Undone: Replace all 'the' with 'THE'")
