"""Helpers for UI tests: open a window, place the caret, read the pane and the model."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
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


def answer_with(monkeypatch, button_text: str) -> list[str]:
    """Every message box is answered by clicking the button named `button_text` (if it has one); the boxes'
    texts are recorded in the returned list."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        assert box.textFormat() == Qt.TextFormat.PlainText  # user text must never render as markup
        shown.append(box.text())
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return shown
