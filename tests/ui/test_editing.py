"""Typing, split, merge, paste and undo in the real transcript pane."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import model_texts, pane_texts, put_cursor


def test_typing_is_committed_at_a_word_boundary_as_one_undo_step(window, qtbot):
    pane = window.transcript_pane
    first = model_texts(window)[0]
    put_cursor(window, 0, 0)
    qtbot.keyClicks(pane, "Well")
    assert pane.has_uncommitted_typing() and model_texts(window)[0] == first  # not yet committed
    assert window.isWindowModified()
    qtbot.keyClicks(pane, " so ")
    qtbot.waitUntil(lambda: not pane.has_uncommitted_typing(), timeout=500)  # the word boundary commits
    assert model_texts(window)[0] == "Well so " + first
    assert not window.isWindowModified()
    assert window.doc.undo_stack.count() == 1  # "Well " and "so " merged into one typing step
    window.undo_action.trigger()
    assert model_texts(window)[0] == first == pane_texts(window)[0]
    window.redo_action.trigger()
    assert model_texts(window)[0] == "Well so " + first == pane_texts(window)[0]


def test_typing_is_committed_after_a_second_of_idle(window, qtbot):
    pane = window.transcript_pane
    put_cursor(window, 1, 0)
    qtbot.keyClicks(pane, "Um")
    qtbot.waitUntil(lambda: not pane.has_uncommitted_typing(), timeout=3000)
    assert model_texts(window)[1].startswith("UmI'm")


def test_correcting_a_word_in_place(window, qtbot):
    pane = window.transcript_pane
    text = model_texts(window)[0]
    start = text.index("Twimble")
    put_cursor(window, 0, start)
    for _ in range(len("Twimble")):
        qtbot.keyClick(pane, Qt.Key.Key_Delete)
    qtbot.keyClicks(pane, "TWIML ")
    qtbot.keyClick(pane, Qt.Key.Key_Backspace)  # the extra space typed after the word
    pane.commit_typing()
    assert model_texts(window)[0] == text.replace("Twimble", "TWIML", 1)
    assert pane_texts(window) == model_texts(window)


def test_enter_splits_and_backspace_at_start_merges(window, qtbot):
    pane = window.transcript_pane
    count = len(model_texts(window))
    text = model_texts(window)[0]
    cut = text.index("people")
    put_cursor(window, 0, cut)
    qtbot.keyClick(pane, Qt.Key.Key_Return)
    texts = model_texts(window)
    assert len(texts) == count + 1
    assert texts[0] == text[:cut].rstrip() and texts[1] == text[cut:]
    assert pane_texts(window) == texts
    assert pane.textCursor().blockNumber() == 1 and pane.textCursor().positionInBlock() == 0
    qtbot.keyClick(pane, Qt.Key.Key_Backspace)
    assert model_texts(window)[0] == text and len(model_texts(window)) == count
    assert pane_texts(window) == model_texts(window)
    assert pane.textCursor().positionInBlock() == cut


def test_delete_at_end_merges_the_next_segment_and_undo_restores(window, qtbot):
    pane = window.transcript_pane
    before = model_texts(window)
    put_cursor(window, 1, len(before[1]))
    qtbot.keyClick(pane, Qt.Key.Key_Delete)
    assert model_texts(window)[1] == before[1] + " " + before[2]
    assert pane_texts(window) == model_texts(window)
    window.undo_action.trigger()
    assert model_texts(window) == before == pane_texts(window)


def test_ctrl_shift_k_deletes_the_segment_at_the_cursor_even_mid_typing_and_undo_restores(window, qtbot):
    pane = window.transcript_pane
    before = model_texts(window)
    put_cursor(window, 2, 0)
    qtbot.keyClicks(pane, "Oops")  # uncommitted typing in the segment is committed first, then deleted with it
    qtbot.keyClick(pane, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert model_texts(window) == before[:2] + before[3:] == pane_texts(window)
    assert pane.textCursor().blockNumber() == 2 and pane.textCursor().positionInBlock() == 0
    window.undo_action.trigger()
    assert model_texts(window) == before[:2] + ["Oops" + before[2]] + before[3:] == pane_texts(window)
    window.undo_action.trigger()
    assert model_texts(window) == before == pane_texts(window)


def test_typing_over_a_selection_across_segments_merges_them(window, qtbot):
    pane = window.transcript_pane
    before = model_texts(window)
    put_cursor(window, 1, 4)
    cursor = pane.textCursor()
    third = pane.document().findBlockByNumber(3)
    cursor.setPosition(third.position() + 2, cursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)
    qtbot.keyClicks(pane, "X")
    pane.commit_typing()
    texts = model_texts(window)
    assert len(texts) == len(before) - 2
    assert texts[1] == before[1][:4] + "X" + before[3][2:]
    assert pane_texts(window) == texts
    window.undo_action.trigger()
    assert model_texts(window) == before == pane_texts(window)


def test_pasting_lines_stays_in_the_segment(window, qtbot):
    pane = window.transcript_pane
    before = model_texts(window)
    put_cursor(window, 2, 0)
    # setText, not a QMimeData made here: the clipboard would own a Python-made object and PySide crashes
    # deleting it at interpreter exit.
    QApplication.clipboard().setText("one\ntwo\r\nthree ")
    window.paste_action.trigger()
    pane.commit_typing()
    assert len(model_texts(window)) == len(before)
    assert model_texts(window)[2] == "one two  three " + before[2]


def test_track_changes_marks_only_changed_words(window, qtbot):
    pane = window.transcript_pane
    put_cursor(window, 0, 0)
    qtbot.keyClicks(pane, "Zzz ")
    assert pane.changed_spans(0) == [(0, 3)]
    assert pane.changed_spans(1) == []
    before = pane.viewport().grab().toImage()
    window.track_changes_action.trigger()  # off
    assert pane.changed_spans(0) == []
    assert pane.viewport().grab().toImage() != before  # the marks were painted and are gone


def test_cursor_in_transcript_shows_its_source_span_and_click_on_source_goes_back(window, qtbot):
    pane, source = window.transcript_pane, window.source_pane
    put_cursor(window, 5, 3)
    segment = window.doc.transcript.segments[5]
    selections = source.extraSelections()
    marked = selections[0].cursor
    assert (marked.selectionStart(), marked.selectionEnd()) == segment.source
    target = window.doc.transcript.segments[9]
    cursor = source.textCursor()
    cursor.setPosition(target.source[0] + 2)
    source.setTextCursor(cursor)  # what a click does
    assert pane.textCursor().blockNumber() == 9


def test_deleted_words_leave_a_caret_whose_tooltip_names_them(window, qtbot):
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    from editor.ui.panes.overlays import plain_tooltip

    pane = window.transcript_pane
    text = model_texts(window)[0]
    words = text.split()
    gone = f"{words[1]} {words[2]} "
    start = text.index(gone)
    put_cursor(window, 0, start)
    for _ in range(len(gone)):  # delete the second and third words with the Delete key
        qtbot.keyClick(pane, Qt.Key.Key_Delete)
    pane.commit_typing()
    assert model_texts(window)[0] == text.replace(gone, "", 1)
    assert pane.changed_spans(0) == []  # nothing new was typed: no changed-word mark
    assert pane.deleted_marks(0) == [(start, gone.strip())]
    assert pane.deleted_marks(1) == []

    # the caret is painted: the viewport looks different with marks off
    with_marks = pane.viewport().grab().toImage()
    block = pane.document().findBlockByNumber(0)
    x, _, baseline = pane.marks.caret_x(block, start)
    origin = pane.blockBoundingGeometry(block).translated(pane.contentOffset()).topLeft()
    at = QPoint(int(origin.x() + x), int(origin.y() + baseline))
    assert pane.deletion_at(at) == gone.strip()
    QApplication.sendEvent(pane.viewport(), QHelpEvent(QEvent.Type.ToolTip, at, pane.viewport().mapToGlobal(at)))
    assert QToolTip.text() == plain_tooltip(f"Deleted: {gone.strip()}")  # the user's words shown as plain text
    QToolTip.hideText()
    window.track_changes_action.trigger()  # off
    assert pane.deleted_marks(0) == []
    assert pane.viewport().grab().toImage() != with_marks
    window.track_changes_action.trigger()  # on again; undo brings the words back and the caret goes
    window.undo_action.trigger()
    assert model_texts(window)[0] == text and pane.deleted_marks(0) == []
