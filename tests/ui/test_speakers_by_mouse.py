"""Speakers by mouse: a click on the gutter (or a right-click in the text) picks or makes a speaker."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu
from ui_helpers import put_cursor


def _gutter_point(window, block: int) -> QPoint:
    pane = window.transcript_pane
    b = pane.document().findBlockByNumber(block)
    top = int(pane.blockBoundingGeometry(b).translated(pane.contentOffset()).top())
    return QPoint(pane.gutter.width() // 2, top + 4)


def _choose_in_popup(qtbot, text: str, seen: list[list[str]], tries: int = 150) -> None:
    """When the next popup menu opens (within ~3 s), record its items and choose the one reading `text`."""
    left = [tries]

    def act() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            left[0] -= 1
            if left[0] > 0:
                QTimer.singleShot(20, act)
            return
        seen.append([a.text().replace("&&", "&") for a in menu.actions() if not a.isSeparator()])
        target = next((a for a in menu.actions() if a.text().replace("&&", "&") == text), None)
        if target is None:
            menu.close()
            return
        if target.menu() is not None:  # a submenu: open it with the keyboard, then choose in it
            menu.setActiveAction(target)
            qtbot.keyClick(menu, Qt.Key.Key_Right)
            return
        menu.setActiveAction(target)
        qtbot.keyClick(menu, Qt.Key.Key_Return)
    QTimer.singleShot(0, act)


def _answer_input_dialog(text: str) -> None:
    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, act)
            return
        dialog.setTextValue(text)
        dialog.accept()
    QTimer.singleShot(0, act)


def test_clicking_the_gutter_makes_a_new_speaker_then_picks_it_for_another_paragraph(window, qtbot):
    transcript = window.doc.transcript
    gutter = window.transcript_pane.gutter
    seen: list[list[str]] = []
    _choose_in_popup(qtbot, "New Speaker…", seen)
    _answer_input_dialog("Host & Co")
    qtbot.mouseClick(gutter, Qt.MouseButton.LeftButton, pos=_gutter_point(window, 1))
    qtbot.waitUntil(lambda: transcript.segments[1].speaker is not None, timeout=3000)
    host = transcript.segments[1].speaker
    assert transcript.speaker_name(host) == "Host & Co"
    assert transcript.segments[0].speaker is None and transcript.segments[2].speaker is None
    assert window.undo_action.text() == "&Undo Set speaker Host & Co in ¶2"
    _choose_in_popup(qtbot, "Host & Co", seen)
    qtbot.mouseClick(gutter, Qt.MouseButton.LeftButton, pos=_gutter_point(window, 3))
    qtbot.waitUntil(lambda: transcript.segments[3].speaker == host, timeout=3000)
    assert seen[1][0] == "Host & Co" and "No Speaker" in seen[1] and "New Speaker…" in seen[1]
    window.undo_action.trigger()
    assert transcript.segments[3].speaker is None


def test_a_gutter_click_inside_a_selection_sets_every_selected_paragraph(window, qtbot):
    transcript = window.doc.transcript
    window.speaker_commands.assign_speaker(1)  # a speaker to pick, on paragraph 1
    first = transcript.speakers[0]
    put_cursor(window, 2, 0)
    window.transcript_pane.verticalScrollBar().setValue(0)
    cursor = window.transcript_pane.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.NextBlock, QTextCursor.MoveMode.KeepAnchor, 1)
    cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.KeepAnchor, 3)
    window.transcript_pane.setTextCursor(cursor)
    ids = window.transcript_pane.selected_segment_ids()
    assert len(ids) >= 2
    seen: list[list[str]] = []
    _choose_in_popup(qtbot, first.name, seen)
    qtbot.mouseClick(window.transcript_pane.gutter, Qt.MouseButton.LeftButton, pos=_gutter_point(window, 2))
    qtbot.waitUntil(lambda: all(transcript.segment(i).speaker == first.id for i in ids), timeout=3000)
    assert seen[0][0] == f"For {len(ids)} paragraphs"
    assert transcript.segments[1].speaker is None


def test_double_click_on_the_gutter_is_not_a_playback_command(window, qtbot):
    seen: list[list[str]] = []
    gutter, point = window.transcript_pane.gutter, _gutter_point(window, 0)
    _choose_in_popup(qtbot, "(close)", seen)  # the press opens the menu; close it as a user would
    qtbot.mousePress(gutter, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    qtbot.mouseRelease(gutter, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(gutter, Qt.MouseButton.LeftButton, pos=point)
    assert "media" not in window.statusBar().currentMessage().lower()
    assert window.doc.transcript.segments[0].speaker is None


def test_right_click_in_the_text_offers_the_speaker_menu(window, qtbot):
    transcript = window.doc.transcript
    window.speaker_commands.assign_speaker(2)  # two speakers exist now ("Speaker 1", "Speaker 2")
    second = transcript.speakers[1]
    pane = window.transcript_pane
    put_cursor(window, 4, 3)
    point = pane.cursorRect().center()
    seen: list[list[str]] = []
    _choose_in_popup(qtbot, "Speaker", seen)  # the submenu at the top of the usual edit menu
    _choose_in_popup_later(qtbot, second.name, seen)
    from PySide6.QtGui import QContextMenuEvent

    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, pane.viewport().mapToGlobal(point))
    QApplication.sendEvent(pane.viewport(), event)
    qtbot.waitUntil(lambda: transcript.segments[4].speaker == second.id, timeout=3000)
    assert "Undo" in " ".join(seen[0]) or "Copy" in " ".join(seen[0])  # the standard actions are still there


def _choose_in_popup_later(qtbot, text: str, seen: list[list[str]]) -> None:
    """After the first popup, wait for its submenu and choose `text` there."""
    tries: list[int] = []
    def act() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu) or menu.title() != "Speaker" or not menu.isVisible():
            tries.append(1)
            if len(tries) < 200:
                QTimer.singleShot(20, act)
            elif menu is not None:
                menu.close()
            return
        seen.append([a.text() for a in menu.actions() if not a.isSeparator()])
        target = next(a for a in menu.actions() if a.text() == text)
        menu.setActiveAction(target)
        qtbot.keyClick(menu, Qt.Key.Key_Return)
    QTimer.singleShot(50, act)
