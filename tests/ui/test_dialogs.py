"""Find and replace, export, and errors shown as plain dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from ui_helpers import model_texts, pane_texts, put_cursor

from editor.ui.dialogs.export_dialog import ExportDialog


def test_replace_all_is_one_undoable_edit(window, qtbot):
    before = model_texts(window)
    occurrences = sum(t.count("TensorFlow") for t in before)
    assert occurrences > 3
    window.find_action.trigger()
    dialog = window.find_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.find_edit.setText("TensorFlow")
    dialog.replace_edit.setText("TF")
    dialog.match_case.setChecked(True)
    depth = window.doc.undo_stack.count()
    qtbot.mouseClick(dialog.replace_all_button, Qt.MouseButton.LeftButton)
    after = model_texts(window)
    assert sum(t.count("TensorFlow") for t in after) == 0
    assert after == [t.replace("TensorFlow", "TF") for t in before] == pane_texts(window)
    assert window.doc.undo_stack.count() == depth + 1
    window.undo_action.trigger()
    assert model_texts(window) == before == pane_texts(window)


def test_find_next_selects_matches_and_fuzzy_finds_misspellings(window, qtbot):
    window.find_action.trigger()
    dialog = window.find_dialog
    dialog.find_edit.setText("twimble")
    put_cursor(window, 0, 0)
    qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
    assert window.transcript_pane.textCursor().selectedText() == "Twimble"
    dialog.find_edit.setText("Twimbel")
    put_cursor(window, 0, 0)
    assert not dialog.find_next()
    dialog.fuzzy.setChecked(True)
    assert dialog.find_next()
    assert window.transcript_pane.textCursor().selectedText() == "Twimble"
    dialog.replace_edit.setText("TWIML")
    qtbot.mouseClick(dialog.replace_button, Qt.MouseButton.LeftButton)
    assert "TWIML" in model_texts(window)[0] and "Twimble" not in model_texts(window)[0]


def test_export_action_writes_the_chosen_file(window, qtbot, tmp_path, monkeypatch):
    pane = window.transcript_pane
    put_cursor(window, 0, 0)
    qtbot.keyClick(pane, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(pane, "Edited ")
    target = tmp_path / "out.txt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    seen: dict[str, str] = {}

    def drive_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("txt"))
        seen["preview"] = dialog.preview.toPlainText()
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, drive_dialog)
    window.export_action.trigger()
    text = target.read_text(encoding="utf-8")
    assert "Speaker 1" in text and "Edited Hello and welcome" in text
    assert "Edited Hello" in seen["preview"]
    assert str(target) in window.statusBar().currentMessage()


def test_export_preview_reports_subtitles_without_timings(window, qtbot):
    dialog = ExportDialog(window.doc.transcript, "talk", str(Path.cwd()), window)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("srt"))
    assert "timing" in dialog.problem.text() and not dialog.export_button.isEnabled()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("md"))
    assert dialog.export_button.isEnabled() and dialog.preview.toPlainText()


def test_opening_a_bad_file_shows_a_plain_dialog_and_keeps_the_project(window, tmp_path, dialogs):
    bad = tmp_path / "<b>bad<i>.srt"
    bad.write_bytes(b"\x00\x01 not subtitles \xff")
    before = window.doc.project.path
    assert not window.open_path(bad)
    assert dialogs and "<b>bad<i>" in dialogs[-1]
    assert window.doc.project.path == before
