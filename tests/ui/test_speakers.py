"""Speakers: Ctrl+1/Ctrl+2 assignment, the dock's rename/merge, names always shown as plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel
from ui_helpers import put_cursor

NAME = "<b>x</b>"


def speakers_of(window) -> list[str | None]:
    return [s.speaker for s in window.doc.transcript.segments]


def test_ctrl_digits_assign_speakers_and_ctrl_0_clears(window, qtbot):
    pane = window.transcript_pane
    put_cursor(window, 0, 3)
    qtbot.keyClick(pane, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    transcript = window.doc.transcript
    assert [s.name for s in transcript.speakers] == ["Speaker 1"]
    first = transcript.speakers[0].id
    assert speakers_of(window)[0] == first
    # a selection over blocks 1..3 gets speaker 2 in one step
    put_cursor(window, 1, 2)
    cursor = pane.textCursor()
    cursor.setPosition(pane.document().findBlockByNumber(3).position() + 1, cursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)
    qtbot.keyClick(pane, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    second = transcript.speakers[1].id
    assert speakers_of(window)[:5] == [first, second, second, second, None]
    assert window.speakers_panel.list.item(1).text() == "Speaker 2 (3)"
    put_cursor(window, 2, 0)
    qtbot.keyClick(pane, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert speakers_of(window)[:4] == [first, second, None, second]
    window.undo_action.trigger()
    assert speakers_of(window)[2] == second
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert transcript.speakers == [] and set(speakers_of(window)) == {None}


def test_rename_shows_the_name_literally_everywhere(window, qtbot, monkeypatch):
    pane = window.transcript_pane
    put_cursor(window, 0, 0)
    qtbot.keyClick(pane, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    panel = window.speakers_panel
    panel.list.setCurrentRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (NAME, True))
    qtbot.mouseClick(panel.rename_button, Qt.MouseButton.LeftButton)
    assert window.doc.transcript.speakers[0].name == NAME
    assert panel.list.item(0).text() == f"{NAME} (1)"
    assert NAME in window.undo_action.text()
    for label in window.findChildren(QLabel):
        if "<b>" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText
    assert NAME not in panel.list.item(0).toolTip()
    window.undo_action.trigger()
    assert window.doc.transcript.speakers[0].name == "Speaker 1"


def test_merge_two_speakers_in_the_dock(window, qtbot, monkeypatch):
    pane = window.transcript_pane
    put_cursor(window, 0, 0)
    qtbot.keyClick(pane, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    put_cursor(window, 1, 0)
    qtbot.keyClick(pane, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    panel = window.speakers_panel
    panel.rename(window.doc.transcript.speakers[1].id, NAME)
    panel.list.setCurrentRow(1)
    seen: dict[str, object] = {}

    def answer() -> None:  # the modal dialog is up: check its label, pick the first speaker, accept
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        seen["labels"] = [(lb.text(), lb.textFormat()) for lb in dialog.findChildren(QLabel) if NAME in lb.text()]
        dialog.setTextValue(dialog.comboBoxItems()[0])
        dialog.accept()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(panel.merge_button, Qt.MouseButton.LeftButton)
    assert seen["labels"] and all(fmt == Qt.TextFormat.PlainText for _, fmt in seen["labels"])
    transcript = window.doc.transcript
    assert [s.name for s in transcript.speakers] == ["Speaker 1"]
    assert speakers_of(window)[:2] == [transcript.speakers[0].id] * 2
    assert panel.list.item(0).text() == "Speaker 1 (2)"


def test_gutter_width_follows_speaker_names(window, qtbot):
    pane = window.transcript_pane
    bare = pane.viewportMargins().left()
    put_cursor(window, 0, 0)
    qtbot.keyClick(pane, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert pane.viewportMargins().left() > bare


def test_gutter_widget_grows_with_a_long_name(window, qtbot):
    pane = window.transcript_pane
    put_cursor(window, 0, 0)
    qtbot.keyClick(pane, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    narrow = pane.gutter.width()
    window.speakers_panel.rename(window.doc.transcript.speakers[0].id, "Dr. Maximiliana Featherstonehaugh")
    assert pane.gutter.width() > narrow and pane.viewportMargins().left() == pane.gutter.width()


def _time_pixels(gutter, top: int, height: int) -> int:
    """Grey time-label pixels in a band of the gutter (painted for real)."""
    from editor.ui import theme

    image = gutter.grab().toImage()
    grey = theme.color("text.time")
    count = 0
    for y in range(max(0, top), min(image.height(), top + height)):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            # anti-aliased text: pixels close to the label colour
            count += abs(pixel.red() - grey.red()) < 40 and abs(pixel.red() - pixel.blue()) < 10
    return count


def test_one_line_cues_show_their_start_time_in_the_gutter(qtbot, tmp_path, dialogs):
    from ui_helpers import open_window

    cues = ["We trained the model.", "It worked.", "Then we shipped it.", "Users liked it."]
    src = tmp_path / "cues.srt"
    src.write_text("\n".join(f"{i + 1}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 1:02d},000\n{t}\n"
                             for i, t in enumerate(cues)), encoding="utf-8")
    window = open_window(qtbot, src)
    pane = window.transcript_pane
    qtbot.wait(50)
    line = pane.fontMetrics().height()
    for number in range(len(cues)):
        block = pane.document().findBlockByNumber(number)
        top = int(pane.blockBoundingGeometry(block).translated(pane.contentOffset()).top())
        assert int(pane.blockBoundingGeometry(block).height()) < 2 * line  # a one-line block
        assert _time_pixels(pane.gutter, top, line) > 10, f"no time drawn beside cue {number + 1}"
