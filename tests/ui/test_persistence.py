"""Close and reopen: text, speakers and the undo history come back from the project file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import model_texts, open_window, pane_texts, put_cursor

from editor.errors import ProjectError


def test_close_reopen_finds_everything_as_left(qtbot, talk, dialogs):
    window = open_window(qtbot, talk)
    pane = window.transcript_pane
    put_cursor(window, 0, 0)
    qtbot.keyClicks(pane, "Fixed ")
    put_cursor(window, 3, 0)
    qtbot.keyClick(pane, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    put_cursor(window, 4, 5)
    qtbot.keyClick(pane, Qt.Key.Key_Return)
    put_cursor(window, 1, 0)
    qtbot.keyClicks(pane, "typed")  # committed by closing, not lost
    texts, speakers = pane_texts(window), [s.speaker for s in window.doc.transcript.segments]
    project_path = window.doc.project.path
    window.close()
    assert window.doc is None

    again = open_window(qtbot, talk)  # the transcript file again: its project is found and reopened
    assert again.doc.project.path == project_path
    assert "Opened project" in again.statusBar().currentMessage()
    assert model_texts(again) == texts == pane_texts(again)
    assert [s.speaker for s in again.doc.transcript.segments] == speakers
    assert again.doc.undo_stack.count() == 4 and again.undo_action.isEnabled()
    again.undo_action.trigger()  # the typing
    assert model_texts(again)[1] == texts[1][len("typed"):]
    again.undo_action.trigger()  # the split
    assert len(model_texts(again)) == len(texts) - 1
    assert pane_texts(again) == model_texts(again)
    again.close()

    third = open_window(qtbot, project_path)  # the project file directly
    assert third.doc.undo_stack.index() == 2 and third.doc.undo_stack.count() == 4
    third.redo_action.trigger()
    assert len(model_texts(third)) == len(texts)
    assert dialogs == []


def test_title_and_status_say_where_the_project_is(qtbot, talk, dialogs):
    window = open_window(qtbot, talk)
    assert window.windowTitle().startswith("talk")
    assert "Created project" in window.statusBar().currentMessage() and "talk.txt" in window.statusBar().currentMessage()
    assert window.save_label.text() == "Saved" and str(talk.with_suffix(".tproj")) in window.save_label.toolTip()
    assert not window.isWindowModified()


def test_a_failed_write_keeps_the_edit_and_says_so(qtbot, talk, dialogs, monkeypatch):
    window = open_window(qtbot, talk)
    project = window.doc.project
    real_flush = type(project).flush

    def failing_flush(self):
        raise ProjectError(self.path, "disk full")

    monkeypatch.setattr(type(project), "flush", failing_flush)
    put_cursor(window, 0, 0)
    qtbot.keyClicks(window.transcript_pane, "Kept ")
    qtbot.waitUntil(lambda: not window.transcript_pane.has_uncommitted_typing(), timeout=500)
    assert model_texts(window)[0].startswith("Kept ")
    assert dialogs and "disk full" in dialogs[-1]
    qtbot.keyClicks(window.transcript_pane, "also ")
    qtbot.waitUntil(lambda: not window.transcript_pane.has_uncommitted_typing(), timeout=500)
    assert len(dialogs) == 1  # one dialog per outage, not one per word
    assert model_texts(window)[0].startswith("Kept also ")
    assert window.isWindowModified() and "NOT SAVED" in window.save_label.text()
    monkeypatch.setattr(type(project), "flush", real_flush)
    assert window.doc.retry_save()
    assert not window.isWindowModified()


def test_recent_files_and_geometry_are_remembered(qtbot, talk, dialogs):
    window = open_window(qtbot, talk)
    window.resize(1000, 700)
    project_path = str(window.doc.project.path)
    window.close()
    again = open_window(qtbot, talk)
    assert again.settings.recent_files()[0] == project_path
    again.recent_menu.aboutToShow.emit()
    assert project_path in [a.text() for a in again.recent_menu.actions()]


def test_reopening_a_long_history_offers_only_the_recent_undo_steps(qtbot, talk, dialogs, monkeypatch):
    from editor.ui import document

    monkeypatch.setattr(document, "UNDO_LIMIT", 4)
    window = open_window(qtbot, talk)
    for n in range(5):  # five separate steps (Ctrl+1/Ctrl+0 on different segments)
        put_cursor(window, n, 0)
        qtbot.keyClick(window.transcript_pane, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    window.undo_action.trigger()
    assert window.doc.project.can_undo()
    window.close()

    again = open_window(qtbot, talk)
    stack = again.doc.undo_stack
    assert (stack.index(), stack.count()) == (2, 3)  # 2 of the 4 done steps, plus the 1 redo
    again.redo_action.trigger()
    assert again.doc.transcript.segments[4].speaker is not None
    again.undo_action.trigger()
    again.undo_action.trigger()
    again.undo_action.trigger()
    assert not again.undo_action.isEnabled()
    assert again.doc.transcript.segments[2].speaker is None and again.doc.transcript.segments[1].speaker is not None
    again.close()
