"""A project open in another process: offered read-only, and then nothing can change it."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from ui_helpers import answer_with, model_texts, open_window, put_cursor

import editor
from editor.store.project import project_for_source

REPO = Path(editor.__file__).resolve().parents[1]


def test_project_in_use_elsewhere_opens_read_only(qtbot, talk, dialogs, monkeypatch, tmp_path):
    project = project_for_source(talk)
    path = project.path
    project.close()
    ready = tmp_path / "ready"
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time, pathlib; sys.path.insert(0, sys.argv[3]);"
        "from editor.store.project import Project; p = Project.open(sys.argv[1]);"
        "pathlib.Path(sys.argv[2]).write_text('x'); time.sleep(30)"), str(path), str(ready), str(REPO)])
    try:
        deadline = time.time() + 15
        while not ready.exists() and time.time() < deadline:
            time.sleep(0.05)
        assert ready.exists(), "the lock holder did not start"
        questions = answer_with(monkeypatch, "Open Read-Only")
        window = open_window(qtbot, path)
        assert questions and "in use" in questions[0]
        assert window.doc.read_only and "read-only" in window.windowTitle()
        before = model_texts(window)
        put_cursor(window, 0, 0)
        qtbot.keyClicks(window.transcript_pane, "nope ")
        qtbot.keyClick(window.transcript_pane, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(window.transcript_pane, Qt.Key.Key_Return)
        assert model_texts(window) == before
        assert not window.undo_action.isEnabled()
        window.close()
    finally:
        holder.kill()
        holder.wait()
