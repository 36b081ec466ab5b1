"""The window and damaged projects, hostile text, read-only files: never make it worse, always offer the rest."""

from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QToolTip
from ui_helpers import answer_with, model_texts, open_window, put_cursor

from editor.store.project import Project, project_for_source


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(talk):
    """The sample's project with one unreadable row and one start time 'abc'."""
    project = project_for_source(talk)
    path = project.path
    ids = [s.id for s in project.transcript.segments]
    texts = [s.text for s in project.transcript.segments]
    project.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE segments SET data = 'null' WHERE id = ?", (ids[0],))
    conn.execute("UPDATE segments SET data = json_set(data, '$.start', 'abc') WHERE id = ?", (ids[1],))
    conn.commit()
    conn.close()
    return path, ids, texts


def test_a_damaged_project_opens_read_only_with_the_rest(qtbot, damaged, monkeypatch):
    path, ids, texts = damaged
    before = _digest(path)
    shown = answer_with(monkeypatch, "Open Read-Only")
    window = open_window(qtbot, path)
    assert "does not read back" in shown[0]
    assert window.doc.read_only and "read-only" in window.windowTitle()
    assert model_texts(window) == texts[1:]
    assert window.doc.transcript.segments[0].start is None  # 'abc' never reaches the gutter
    window.grab()  # paints the gutter and the panes
    window.close()
    assert _digest(path) == before


def test_recover_writes_a_new_project_and_opens_it(qtbot, damaged, monkeypatch, tmp_path):
    path, ids, texts = damaged
    before = _digest(path)
    target = tmp_path / "recovered.tproj"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    shown = answer_with(monkeypatch, "Recover into New File…")
    window = open_window(qtbot, path)
    assert any("Wrote" in text for text in shown)
    assert not window.doc.read_only and window.doc.project.path == target
    # no edits yet: the original import plus the (empty) history rebuilds the damaged rows exactly
    assert [s.id for s in window.doc.transcript.segments] == ids
    assert model_texts(window) == texts
    put_cursor(window, 0, 0)
    qtbot.keyClicks(window.transcript_pane, "Fixed ")
    window.close()
    assert _digest(path) == before
    with Project.open(target, read_only=True) as project:
        assert project.problems == []
        assert project.transcript.segments[0].text.startswith("Fixed ")


def test_a_deleted_markup_word_shows_literally_in_its_tooltip(qtbot, dialogs, tmp_path):
    talk = tmp_path / "markup.txt"
    hostile = "<img src=file:///etc/hostname> "
    talk.write_text(f"Hello {hostile}and welcome.\n\nA second paragraph.\n", encoding="utf-8")
    window = open_window(qtbot, talk)
    pane = window.transcript_pane
    put_cursor(window, 0, len("Hello "))
    for _ in range(len(hostile)):
        qtbot.keyClick(pane, Qt.Key.Key_Delete)
    pane.commit_typing()
    assert model_texts(window)[0] == "Hello and welcome."
    marks = pane.deleted_marks(0)
    assert marks and "<img" in marks[0][1]
    block = pane.document().findBlockByNumber(0)
    x, _, baseline = pane.marks.caret_x(block, marks[0][0])
    origin = pane.blockBoundingGeometry(block).translated(pane.contentOffset()).topLeft()
    at = QPoint(int(origin.x() + x), int(origin.y() + baseline))
    QApplication.sendEvent(pane.viewport(), QHelpEvent(QEvent.Type.ToolTip, at, pane.viewport().mapToGlobal(at)))
    tip = QToolTip.text()
    QToolTip.hideText()
    assert "&lt;img src=file:///etc/hostname&gt;" in tip and "<img" not in tip
    window.close()


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else False,
                    reason="root can write read-only files, so the refusal cannot happen")
def test_a_read_only_file_is_offered_read_only(qtbot, talk, monkeypatch):
    project = project_for_source(talk)
    path = project.path
    project.close()
    path.chmod(0o444)
    shown = answer_with(monkeypatch, "Open Read-Only")
    window = open_window(qtbot, path)
    assert "read-only" in shown[0]
    assert window.doc.read_only
    window.close()


def test_a_project_on_a_read_only_medium_is_offered_read_only(qtbot, tmp_path, sample_path, monkeypatch):
    import shutil
    import subprocess

    folder = tmp_path / "medium"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True,
                      check=False).returncode != 0:
        pytest.skip("cannot mount a tmpfs here to make a read-only medium")
    try:
        talk = folder / "talk.txt"
        shutil.copy(sample_path, talk)
        project = project_for_source(talk)
        path = project.path
        project.close()
        assert subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=False).returncode == 0
        shown = answer_with(monkeypatch, "Open Read-Only")
        window = open_window(qtbot, path)
        assert "read-only" in shown[0]
        assert window.doc.read_only and "read-only" in window.windowTitle()
        window.close()
    finally:
        subprocess.run(["umount", str(folder)], check=False)
