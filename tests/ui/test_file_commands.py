"""File commands: Save As, Save Version, drag-and-drop, keyboard undo, start-up with the bundled sample."""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QInputDialog
from ui_helpers import model_texts, pane_texts, put_cursor

from editor import paths
from editor.store.project import Project
from editor.ui import app as ui_app
from editor.ui.main_window import MainWindow


def test_ctrl_z_in_the_pane_undoes_through_the_project(window, qtbot):
    pane = window.transcript_pane
    before = model_texts(window)
    put_cursor(window, 0, 0)
    qtbot.keyClicks(pane, "Oops ")
    qtbot.keyClick(pane, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert model_texts(window) == before == pane_texts(window)
    assert window.doc.project.can_redo()


def test_save_as_continues_in_the_copy(window, qtbot, tmp_path):
    put_cursor(window, 0, 0)
    qtbot.keyClicks(window.transcript_pane, "Copied ")
    target = tmp_path / "elsewhere" / "copy"
    target.parent.mkdir()
    assert window.file_commands.save_as(target)
    assert window.doc.project.path == target.with_suffix(".tproj")
    assert "copy" in window.windowTitle()
    with Project.open(target.with_suffix(".tproj"), read_only=True) as copy:
        assert copy.transcript.segments[0].text.startswith("Copied ")


def test_save_version_from_the_menu_action(window, qtbot, monkeypatch):
    put_cursor(window, 0, 0)
    qtbot.keyClicks(window.transcript_pane, "Draft ")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("first pass", True))
    window.save_version_action.trigger()
    names = [v.name for v in window.doc.project.versions()]
    assert "first pass" in names
    assert window.doc.project.version_transcript("first pass").segments[0].text.startswith("Draft ")


def test_dropping_a_file_opens_it(window, qtbot, tmp_path, sample_path):
    other = tmp_path / "other.txt"
    other.write_text("First line of another talk.\nSecond line.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert model_texts(window) == ["First line of another talk.", "Second line."]
    assert window.windowTitle().startswith("other")


def test_run_without_a_file_opens_the_bundled_sample(qtbot, monkeypatch, dialogs):
    monkeypatch.setattr(QApplication, "exec", lambda self=None: 0)
    hook = sys.excepthook
    try:
        assert ui_app.run(None) == 0
    finally:
        sys.excepthook = hook
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.doc is not None]
    assert windows
    window = windows[-1]
    qtbot.addWidget(window)
    assert window.doc.transcript.source.name == paths.bundled_sample().name
    window.close()


def test_unexpected_errors_become_a_dialog_and_a_log_entry(qtbot, dialogs):
    hook = sys.excepthook
    try:
        ui_app.install_excepthook()
        try:
            raise RuntimeError("<b>boom</b>")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = hook
    assert dialogs and "<b>boom</b>" in dialogs[-1] and "RuntimeError" in dialogs[-1]


def test_a_closed_document_leaves_the_panes_and_is_freed(window, qtbot):
    import gc
    import weakref

    transcript = weakref.ref(window.doc.transcript)
    assert window.transcript_pane.toPlainText() and window.speakers_panel.list.count()
    path = window.doc.path
    assert window.close_document()
    assert window.transcript_pane.toPlainText() == "" and window.source_pane.toPlainText() == ""
    assert window.speakers_panel.list.count() == 0 and window.transcript_pane.isReadOnly()
    qtbot.keyClicks(window.transcript_pane, "typed into nothing")  # no document: nothing to edit, nothing breaks
    assert window.transcript_pane.toPlainText() == ""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # (the closed Document's deleteLater)
    gc.collect()
    assert transcript() is None  # (the window kept no reference to the closed transcript)
    assert window.open_path(path)
    assert pane_texts(window) == model_texts(window) and window.speakers_panel.list.count()
    assert not window.transcript_pane.isReadOnly()
