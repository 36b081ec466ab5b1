"""Long opens run behind a progress dialog with Cancel: the window keeps painting, and Cancel leaves nothing."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QPushButton

import editor.formats as formats
from editor.progress import report
from editor.ui.dialogs import work_progress
from editor.ui.main_window import MainWindow
from editor.ui.settings import Settings


@pytest.fixture
def slow_import(monkeypatch):
    """The real import, followed by 400 progress reports 5 ms apart: long enough to see and to cancel."""
    real = formats.load_transcript

    def load(path):
        transcript = real(path)
        for i in range(400):
            report("reading", i, 400)
            time.sleep(0.005)
        return transcript

    monkeypatch.setattr(formats, "load_transcript", load)
    monkeypatch.setattr(work_progress, "SHOW_AFTER_MS", 0)


def _watch(qtbot, cancel: bool) -> dict:
    """Every 20 ms: note what a visible progress dialog says; with `cancel`, press its Cancel button."""
    seen: dict = {"labels": [], "values": [], "formats": []}

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                seen["labels"].append(widget.labelText())
                seen["values"].append(widget.value())
                seen["formats"] += [label.textFormat() for label in widget.findChildren(QLabel)]
                button = widget.findChild(QPushButton)
                if cancel and button is not None and button.isVisible() and widget.value() > 0:
                    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(20)
    seen["timer"] = timer
    return seen


def test_cancel_during_an_import_leaves_no_project(qtbot, talk, dialogs, slow_import):
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()
    seen = _watch(qtbot, cancel=True)
    assert not window.open_path(talk)
    seen["timer"].stop()
    assert window.doc is None
    assert any("Opening talk.txt" in label and "Reading" in label for label in seen["labels"])
    assert seen["formats"] and set(seen["formats"]) == {Qt.TextFormat.PlainText}
    assert "Cancelled opening talk.txt" in window.statusBar().currentMessage()
    assert sorted(p.name for p in talk.parent.iterdir()) == ["talk.txt"]  # no project, no temporary file
    assert dialogs == []


def test_a_long_open_shows_how_far_it_is_and_opens(qtbot, talk, dialogs, slow_import):
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()
    seen = _watch(qtbot, cancel=False)
    assert window.open_path(talk)
    seen["timer"].stop()
    assert window.doc is not None and len(window.doc.transcript) > 10
    values = [v for v in seen["values"] if v > 0]
    assert len(set(values)) >= 3  # a bar that moves (per stage: reading, then saving), not just a busy indicator
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_a_file_past_the_window_limit_is_refused_naming_it_and_the_limit(qtbot, talk, dialogs, monkeypatch):
    import editor.loading as loading

    monkeypatch.setattr(loading, "WINDOW_MAX_BYTES", 1000)
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    assert not window.open_path(talk)
    assert window.doc is None
    assert len(dialogs) == 1 and str(talk) in dialogs[0]
    assert "too large to open in the window" in dialogs[0] and "(the window opens transcripts up to 1,000 bytes)" in dialogs[0]
    assert "transcript-editor import, check, export" in dialogs[0]
    assert sorted(p.name for p in talk.parent.iterdir()) == ["talk.txt"]  # nothing imported


def test_a_project_past_the_window_limit_is_refused(qtbot, talk, dialogs, monkeypatch, tmp_path):
    import editor.loading as loading
    from editor.cli import main

    project = tmp_path / "talk.tproj"
    assert main(["import", str(talk), "-o", str(project)]) == 0
    monkeypatch.setattr(loading, "WINDOW_MAX_SEGMENTS", 5)
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    assert not window.open_path(project)
    assert len(dialogs) == 1 and str(project) in dialogs[0] and "(the window opens up to 5)" in dialogs[0]


def test_a_transcript_too_long_to_check_in_the_window_says_so_and_is_not_checked(qtbot, talk, dialogs, monkeypatch):
    from ui_helpers import open_window

    from editor.ui.review import suspects_controller

    monkeypatch.setattr(suspects_controller, "WINDOW_CHECK_WORDS", 10)
    window = open_window(qtbot, talk)
    panel = window.review.panel
    assert "Not checked:" in panel.progress_label.text() and "more than the window checks (10)" in panel.progress_label.text()
    assert "transcript-editor check" in panel.progress_label.text()
    assert not window.review.controller.checking() and window.review.controller.count() == 0



def test_the_wait_ends_when_the_work_ends_not_at_the_next_poll(qtbot, talk, monkeypatch):
    """Polls 5 s apart: an open that takes far less returns before the first poll (the work says it is done)."""
    polls: list[int] = []

    class CountingTimer(QTimer):
        def __init__(self) -> None:
            super().__init__()
            self.timeout.connect(lambda: polls.append(1))

    monkeypatch.setattr(work_progress, "POLL_MS", 5000)
    monkeypatch.setattr(work_progress, "QTimer", CountingTimer)
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(talk)
    assert window.doc is not None and window.doc.transcript.word_count() > 0
    assert work_progress.run_with_progress(window, "Work", "work", lambda: 42) == 42
    with pytest.raises(ValueError, match="bad"):
        work_progress.run_with_progress(window, "Work", "work", lambda: int("bad"))
    assert polls == []
