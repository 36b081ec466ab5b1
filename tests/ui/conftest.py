"""Fixtures for driving the real main window offscreen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from ui_helpers import open_window

from editor.ui.main_window import MainWindow


@pytest.fixture
def dialogs(monkeypatch) -> list[str]:
    """Message boxes never block a test: each one's text is recorded instead of shown."""
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        assert box.textFormat() == Qt.TextFormat.PlainText  # user text must never render as markup
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown


@pytest.fixture
def talk(tmp_path: Path, sample_path: Path) -> Path:
    """A copy of the sample transcript in a folder of its own."""
    target = tmp_path / "talk.txt"
    shutil.copy(sample_path, target)
    return target


@pytest.fixture
def window(qtbot, talk, dialogs) -> MainWindow:
    return open_window(qtbot, talk)
