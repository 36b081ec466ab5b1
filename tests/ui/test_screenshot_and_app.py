"""A screenshot of the window with the sample open, and the start-up checks of `editor.ui.app`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from ui_helpers import open_window, put_cursor

from editor import paths
from editor.ui.app import display_problem


def test_screenshot_of_the_sample_is_not_blank(qtbot, tmp_path, dialogs):
    window = open_window(qtbot, paths.bundled_sample())
    put_cursor(window, 2, 0)
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    shot = tmp_path / "main-window.png"
    assert window.grab().save(str(shot))
    image = QImage(str(shot))
    assert image.width() >= 800 and image.height() >= 500
    colors = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colors) > 20  # text, gutter colour, highlights: not a blank grey rectangle
    assert dialogs == []


def test_no_display_is_reported_in_one_line_with_the_offscreen_hint():
    problem = display_problem({"QT_QPA_PLATFORM": ""})
    assert problem is not None and "QT_QPA_PLATFORM=offscreen" in problem and "\n" not in problem


def test_offscreen_needs_no_display():
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_missing_xcb_libraries_are_named(monkeypatch):
    import ctypes.util

    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None if name == "xcb-cursor" else f"lib{name}.so")
    problem = display_problem({"DISPLAY": ":0"})
    assert problem is not None and "apt-get install libxcb-cursor0" in problem


def test_an_unreachable_x_display_is_reported_instead_of_qt_aborting():
    problem = display_problem({"DISPLAY": ":97"})  # no X server listens there
    assert problem is not None and "':97'" in problem and "offscreen" in problem
