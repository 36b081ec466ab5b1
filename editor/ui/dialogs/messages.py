"""Message boxes that show user text literally (never as rich text)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QMessageBox, QWidget


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, detail: str = "") -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if detail:
        box.setDetailedText(detail)
    return box


def show_error(parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
    """A modal error dialog with plain text (a file name like `<b>x</b>` shows literally)."""
    _box(parent, QMessageBox.Icon.Warning, title, text, detail).exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """A modal plain-text notice."""
    _box(parent, QMessageBox.Icon.Information, title, text).exec()


def ask(parent: QWidget | None, title: str, text: str, yes: str, no: str) -> bool:
    """A plain-text question with two named buttons; True for `yes`."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes_button


def choose_item(parent: QWidget | None, title: str, label: str, items: list[str]) -> str | None:
    """A modal list choice whose label shows user text literally; the chosen item or None."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    for text_label in dialog.findChildren(QLabel):
        text_label.setTextFormat(Qt.TextFormat.PlainText)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.textValue()
