"""Helpers for UI tests: open a window, place the caret, read the pane and the model."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextCursor

from editor.ui.main_window import MainWindow
from editor.ui.settings import Settings


def open_window(qtbot, path: Path) -> MainWindow:
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    assert window.open_path(path)
    window.transcript_pane.setFocus()
    return window


def put_cursor(window: MainWindow, block: int, offset: int) -> None:
    """Place the caret like a click would: in block `block` at `offset`."""
    pane = window.transcript_pane
    b = pane.document().findBlockByNumber(block)
    cursor = QTextCursor(b)
    cursor.setPosition(b.position() + offset)
    pane.setTextCursor(cursor)
    pane.setFocus()


def pane_texts(window: MainWindow) -> list[str]:
    doc = window.transcript_pane.document()
    return [doc.findBlockByNumber(i).text() for i in range(doc.blockCount())]


def model_texts(window: MainWindow) -> list[str]:
    assert window.doc is not None
    return [s.text for s in window.doc.transcript.segments]
