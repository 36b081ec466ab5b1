"""Help > Keyboard Shortcuts: every command of the window's action registry with its keys, each changeable.

The dialog edits a copy of the keys; OK gives them to the actions and saves the ones that differ from the
defaults (editor.ui.key_bindings). A key does one thing: giving a command a key another command has takes it
from that command, and the dialog says so. Cut, Copy and Paste are listed but fixed: the text pane handles
those keys itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.ui import key_bindings
from editor.ui.actions import ActionRegistry, RegisteredAction, portable
from editor.ui.settings import Settings

NAME_ROLE = Qt.ItemDataRole.UserRole


def shown(keys: list[QKeySequence]) -> str:
    """Keys as the menus show them (native text: "Ctrl+Z", "⌘Z" on a Mac)."""
    return "; ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


def fixed(entry: RegisteredAction) -> bool:
    """The key belongs to a widget that handles it itself (a WidgetShortcut action): not changeable here."""
    return entry.action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut


class ShortcutsDialog(QDialog):
    """The commands by menu; the selected one's first and second key are edited below the list."""

    def __init__(self, registry: ActionRegistry, settings: Settings, group_titles: dict[str, str],
                 parent: QWidget | None = None, on_applied: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(620, 560)
        self.registry = registry
        self.settings = settings
        self.on_applied = on_applied
        self.entries = {entry.name: entry for entry in registry}
        self.keys = {name: list(entry.action.shortcuts()) for name, entry in self.entries.items()}
        self.items: dict[str, QTreeWidgetItem] = {}
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Type to find a command or a key")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Command", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for name, entry in self.entries.items():
            group = groups.get(entry.group)
            if group is None:
                group = QTreeWidgetItem(self.tree, [group_titles.get(entry.group, entry.group.title())])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                groups[entry.group] = group
            item = QTreeWidgetItem(group, [entry.label, shown(self.keys[name])])
            item.setData(0, NAME_ROLE, name)
            if fixed(entry):
                item.setToolTip(0, "The text pane handles this key itself")
                item.setForeground(1, self.palette().placeholderText())
            self.items[name] = item
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.currentItemChanged.connect(self._show_selected)
        self.command_label = QLabel("Choose a command above to change its keys.")
        self.command_label.setTextFormat(Qt.TextFormat.PlainText)
        self.first_edit = _key_edit()
        self.second_edit = _key_edit()
        for edit in (self.first_edit, self.second_edit):
            edit.keySequenceChanged.connect(self._edited)
        self.clear_button = QPushButton("No Key")
        self.clear_button.clicked.connect(self.clear_selected)
        self.default_button = QPushButton("Default")
        self.default_button.clicked.connect(self.default_selected)
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setProperty("role", "hint")
        editor = QGridLayout()
        editor.addWidget(self.command_label, 0, 0, 1, 4)
        editor.addWidget(QLabel("Key:"), 1, 0)
        editor.addWidget(self.first_edit, 1, 1)
        editor.addWidget(QLabel("Also:"), 1, 2)
        editor.addWidget(self.second_edit, 1, 3)
        editor.addWidget(self.clear_button, 2, 1)
        editor.addWidget(self.default_button, 2, 3)
        editor.addWidget(self.note, 3, 0, 1, 4)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                        | QDialogButtonBox.StandardButton.RestoreDefaults)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).setText("Restore All Defaults")
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_all)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        layout.addLayout(editor)
        layout.addWidget(self.buttons)
        self._loading = False
        self._show_selected(None)

    # ----- the list ----------------------------------------------------------------------------------------
    def selected(self) -> str | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(0, NAME_ROLE)

    def select(self, name: str) -> None:
        self.tree.setCurrentItem(self.items[name])

    def apply_filter(self, text: str) -> None:
        """Show the commands whose name or keys contain `text` (case-insensitive)."""
        needle = text.strip().lower()
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            visible = 0
            for row in range(group.childCount()):
                item = group.child(row)
                hit = not needle or needle in item.text(0).lower() or needle in item.text(1).lower() \
                    or needle in group.text(0).lower()
                item.setHidden(not hit)
                visible += hit
            group.setHidden(visible == 0)

    def _refresh(self, name: str) -> None:
        self.items[name].setText(1, shown(self.keys[name]))

    def _show_selected(self, _item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None = None) -> None:
        name = self.selected()
        editable = name is not None and not fixed(self.entries[name])
        for widget in (self.first_edit, self.second_edit, self.clear_button, self.default_button):
            widget.setEnabled(editable)
        self._loading = True
        try:
            keys = self.keys.get(name, []) if name else []
            self.first_edit.setKeySequence(keys[0] if keys else QKeySequence())
            self.second_edit.setKeySequence(keys[1] if len(keys) > 1 else QKeySequence())
        finally:
            self._loading = False
        if name is None:
            self.command_label.setText("Choose a command above to change its keys.")
        elif not editable:
            self.command_label.setText(f"{self.items[name].text(0)}: the text pane handles this key itself.")
        else:
            self.command_label.setText(f"Keys for {self.items[name].text(0)}:")

    # ----- editing -----------------------------------------------------------------------------------------
    def _edited(self) -> None:
        name = self.selected()
        if self._loading or name is None:
            return
        keys = [e.keySequence() for e in (self.first_edit, self.second_edit) if not e.keySequence().isEmpty()]
        extra = self.keys[name][2:]  # a third key (rare) is kept
        self.set_keys(name, keys + [k for k in extra if portable(k) not in {portable(x) for x in keys}])

    def set_keys(self, name: str, keys: list[QKeySequence]) -> None:
        """Give command `name` these keys (in the dialog); any other command that had one of them loses it."""
        taken = {portable(k) for k in keys}
        notes = []
        for other, other_keys in self.keys.items():
            if other == name or fixed(self.entries[other]):
                continue
            kept = [k for k in other_keys if portable(k) not in taken]
            if len(kept) != len(other_keys):
                lost = [shown([k]) for k in other_keys if portable(k) in taken]
                self.keys[other] = kept
                self._refresh(other)
                notes.append(f"{', '.join(lost)} was the key of {self.items[other].text(0)}, which now has "
                             f"{shown(kept) or 'no key'}.")
        self.keys[name] = keys
        self._refresh(name)
        self.note.setText(" ".join(notes))
        if self.selected() == name:
            self._show_selected(None)

    def clear_selected(self) -> None:
        name = self.selected()
        if name is not None:
            self.set_keys(name, [])

    def default_selected(self) -> None:
        name = self.selected()
        if name is not None:
            self.set_keys(name, list(self.registry.default_keys(name)))

    def restore_all(self) -> None:
        for name in self.entries:
            self.keys[name] = list(self.registry.default_keys(name))
            self._refresh(name)
        self.note.setText("Every command has its default keys again (press OK to keep them).")
        self._show_selected(None)

    def apply(self) -> None:
        """Give the actions their keys and remember the ones that differ from the defaults."""
        for name, entry in self.entries.items():
            if fixed(entry):
                continue
            keys = self.keys[name]
            entry.action.setShortcuts(keys)
            key_bindings.save(self.settings, name, keys, self.registry.default_keys(name))
        self.settings.sync()
        if self.on_applied is not None:
            self.on_applied()

    def accept(self) -> None:
        self.apply()
        super().accept()


def _key_edit() -> QKeySequenceEdit:
    """An editor for one key combination (Ctrl+E), not a sequence of them."""
    edit = QKeySequenceEdit()
    edit.setMaximumSequenceLength(1)
    edit.setClearButtonEnabled(True)
    return edit
