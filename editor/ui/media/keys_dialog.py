"""Playback > Keyboard Shortcuts…: change the transport keys (stored in the settings file)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QKeySequenceEdit,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor.ui.media.media_settings import ACTIONS, MediaSettings, format_keys, parse_keys


class KeysDialog(QDialog):
    """One key editor per playback action: its first key is editable, the others are kept."""

    def __init__(self, settings: MediaSettings, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Playback keyboard shortcuts")
        self.settings = settings
        self._actions = actions
        self.edits: dict[str, QKeySequenceEdit] = {}
        self._defaults = False  # "Restore Defaults" pressed: the defaults' extra keys come back too
        form = QFormLayout()
        for name, (text, _default) in ACTIONS.items():
            edit = QKeySequenceEdit(self)
            keys = actions[name].shortcuts()
            edit.setKeySequence(keys[0] if keys else QKeySequence())
            edit.setMaximumSequenceLength(1)
            extra = format_keys(keys[1:])
            label = QLabel(text.replace("&", "") + (f" (also {extra})" if extra else ""))
            label.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(label, edit)
            self.edits[name] = edit
        defaults = QPushButton("Restore Defaults")
        defaults.clicked.connect(self.restore_defaults)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(defaults, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def restore_defaults(self) -> None:
        self._defaults = True
        for name, (_text, default) in ACTIONS.items():
            keys = parse_keys(default)
            self.edits[name].setKeySequence(keys[0] if keys else QKeySequence())

    def apply(self) -> None:
        """Give each action its chosen first key (plus its other keys) and remember them."""
        for name, edit in self.edits.items():
            first = edit.keySequence()
            rest = parse_keys(ACTIONS[name][1])[1:] if self._defaults else self._actions[name].shortcuts()[1:]
            keys = ([first] if not first.isEmpty() else []) + [k for k in rest if k != first]
            self._actions[name].setShortcuts(keys)
            self.settings.set_keys(name, keys)

    def accept(self) -> None:
        self.apply()
        super().accept()
