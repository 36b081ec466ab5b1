"""Projects beside the transcript, readable names in the title, exports next to the transcript by default."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from ui_helpers import open_window

from editor import paths
from editor.store import sources
from editor.ui.dialogs.export_dialog import ExportDialog


def _suggested_export_path(qtbot, window, monkeypatch) -> str:
    asked: list[str] = []

    def fake_save_name(_parent, _title, suggested, _filter):  # the OS file dialog cannot run offscreen
        asked.append(suggested)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save_name)

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        dialog.export_button.click()
        dialog.reject()

    QTimer.singleShot(0, drive)
    window.export_action.trigger()
    return asked[0]


def test_a_transcript_in_an_unwritable_folder_still_reads_as_its_name(qtbot, talk, dialogs, monkeypatch):
    monkeypatch.setattr(sources, "_folder_writable", lambda folder: False)
    window = open_window(qtbot, talk)
    project_path = window.doc.project.path
    assert project_path.parent == paths.user_data_dir() / "projects"  # hashed file name in the data folder
    assert window.windowTitle().startswith("talk — ")  # but people read the transcript's name
    suggested = _suggested_export_path(qtbot, window, monkeypatch)
    assert suggested == str(talk.with_suffix(".txt").parent / "talk.txt")  # beside the transcript, not the data folder


def test_two_transcripts_of_one_name_both_get_projects_beside_them(qtbot, talk, dialogs, monkeypatch):
    other = talk.with_suffix(".md")
    other.write_text("Another transcript of the same talk.\n", encoding="utf-8")
    window = open_window(qtbot, talk)
    assert window.doc.project.path == talk.with_suffix(".tproj")
    assert window.open_path(other)
    assert window.doc.project.path == talk.parent / "talk.md.tproj"
    assert window.windowTitle().startswith("talk.md — ")
    assert _suggested_export_path(qtbot, window, monkeypatch).startswith(str(talk.parent / "talk."))
