"""At 1366x768 the transcript being corrected gets most of the width; docks and the original hide in one step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from editor.ui.main_window import MainWindow
from editor.ui.settings import Settings

SHOTS = Path(__file__).resolve().parent / "screenshots"


def _window(qtbot, talk) -> MainWindow:
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_path(talk)
    return window


def _visible_side_docks(window):
    return [d for d in window.findChildren(QDockWidget)
            if d.isVisible() and window.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea]


def test_the_transcript_gets_most_of_a_small_screen_and_panels_hide_in_one_step(qtbot, talk, dialogs, tmp_path):
    window = _window(qtbot, talk)
    text_width = window.transcript_pane.viewport().width()
    assert text_width >= 0.48 * window.width()  # was 530 of 1366 px (39%) before the default layout
    assert text_width > 1.5 * window.source_pane.width()
    assert all(text_width > 2 * d.width() for d in _visible_side_docks(window))
    assert window.position_label.width() >= window.position_label.minimumWidth() > 0  # not squeezed by a message
    window.grab().save(str(tmp_path / "layout-1366.png"))
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not _visible_side_docks(window), timeout=2000)
    qtbot.waitUntil(lambda: window.transcript_pane.viewport().width() > text_width + 200, timeout=2000)
    window.show_original_action.trigger()
    qtbot.waitUntil(lambda: not window.source_pane.isVisible(), timeout=2000)
    qtbot.waitUntil(lambda: window.transcript_pane.viewport().width() > 0.85 * window.width(), timeout=2000)
    window.grab().save(str(tmp_path / "layout-1366-focused.png"))
    window.side_panels_action.trigger()
    window.show_original_action.trigger()
    assert window.speakers_dock.isVisible() and window.source_pane.isVisible()
    assert window.review.suspects_dock.isVisible() or window.review.history_dock.isVisible()


def test_hiding_the_original_is_remembered(qtbot, talk, dialogs):
    window = _window(qtbot, talk)
    window.show_original_action.trigger()
    assert not window.source_pane.isVisible()
    window.close()
    again = _window(qtbot, talk)
    assert not again.show_original_action.isChecked() and not again.source_pane.isVisible()
    again.show_original_action.trigger()
    assert again.source_pane.isVisible()
