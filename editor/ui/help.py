"""`install_help(window)`: the Help menu (Keyboard Shortcuts, About) and the user's keys for every command.

Installed last, once every feature has registered its actions: the shortcuts dialog lists the whole action
registry, and the keys the user chose are applied over the defaults here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from editor.ui import key_bindings
from editor.ui.dialogs.about_dialog import AboutDialog
from editor.ui.dialogs.shortcuts_dialog import ShortcutsDialog

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow


class Help:
    """The Help menu's dialogs for `window` (open, not exec: the window stays live and tests drive them)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.about_dialog: AboutDialog | None = None
        registry = window.action_registry
        self.shortcuts_action = registry.add("help.keyboard_shortcuts", "&Keyboard Shortcuts…",
                                             lambda: self.show_shortcuts())
        self.about_action = registry.add("help.about", "&About Transcript Editor", self.show_about)
        menu = window.add_menu("help", "&Help")
        menu.addAction(self.shortcuts_action)
        menu.addSeparator()
        menu.addAction(self.about_action)
        key_bindings.apply_saved(registry, window.settings)
        window.keysChanged.emit()

    def _group_titles(self) -> dict[str, str]:
        """Command group -> the title of the menu of that name ("edit" -> "Edit")."""
        titles = {}
        for entry in self.window.action_registry:
            try:
                titles[entry.group] = self.window.menu(entry.group).title().replace("&", "")
            except KeyError:  # a group without a menu of its own keeps its name
                pass
        return titles

    def show_shortcuts(self, find: str = "") -> ShortcutsDialog:
        """Help > Keyboard Shortcuts (also Playback > Keyboard Shortcuts, which finds the playback commands)."""
        dialog = ShortcutsDialog(self.window.action_registry, self.window.settings, self._group_titles(), self.window,
                                 on_applied=self.window.keysChanged.emit)
        if find:
            dialog.filter_edit.setText(find)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.shortcuts_dialog = dialog
        dialog.open()
        return dialog

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.window)
        self.about_dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if self.shortcuts_dialog is dialog:
            self.shortcuts_dialog = None
        dialog.deleteLater()


def install_help(window: MainWindow) -> Help:
    return Help(window)
