"""Help > Keyboard Shortcuts (every command, every key changeable and remembered) and Help > About."""

from __future__ import annotations

from importlib import metadata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox
from ui_helpers import open_window, put_cursor

import editor
from editor.ui.dialogs.shortcuts_dialog import ShortcutsDialog, fixed, shown

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _open_shortcuts(qtbot, window) -> ShortcutsDialog:
    help_menu = window.menu("help")
    next(a for a in help_menu.actions() if a.text() == "&Keyboard Shortcuts…").trigger()
    dialog = window.help.shortcuts_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    return dialog


def _press_in(qtbot, dialog: ShortcutsDialog, name: str, key: Qt.Key, modifiers) -> None:
    dialog.select(name)
    dialog.first_edit.setFocus()
    qtbot.keyClick(dialog.first_edit, key, modifiers)


def _ok(dialog: ShortcutsDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_every_registered_command_is_listed_with_its_keys(qtbot, window):
    dialog = _open_shortcuts(qtbot, window)
    registry = list(window.action_registry)
    assert len(registry) > 40 and set(dialog.items) == {entry.name for entry in registry}
    for entry in registry:
        item = dialog.items[entry.name]
        assert item.text(0) == entry.label and item.text(1) == shown(entry.action.shortcuts())
    assert dialog.items["edit.undo"].text(1) == QKeySequence(QKeySequence.StandardKey.Undo).toString(
        QKeySequence.SequenceFormat.NativeText)
    groups = {dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())}
    assert {"File", "Edit", "View", "Speakers", "Playback", "Help"} <= groups
    dialog.filter_edit.setText("zoom")
    visible = {name for name, item in dialog.items.items() if not item.isHidden()}
    assert visible == {"view.zoom_in", "view.zoom_out"}
    dialog.grab().save("/tmp/transcript-editor-shortcuts.png")  # for a human to look at


def test_a_new_key_works_at_once_and_after_a_restart(qtbot, window, dialogs):
    dialog = _open_shortcuts(qtbot, window)
    _press_in(qtbot, dialog, "view.track_changes", Qt.Key.Key_M, CTRL | ALT)
    assert dialog.items["view.track_changes"].text(1) == QKeySequence("Ctrl+Alt+M").toString(
        QKeySequence.SequenceFormat.NativeText)
    _ok(dialog)
    action = window.track_changes_action
    assert [k.toString() for k in action.shortcuts()] == ["Ctrl+Alt+M"]
    was = action.isChecked()
    put_cursor(window, 0, 0)
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_M, CTRL | ALT)
    assert action.isChecked() is not was
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_T, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert action.isChecked() is not was  # the old key does nothing now
    assert window.close()
    again = open_window(qtbot, window_path(window))
    assert [k.toString() for k in again.track_changes_action.shortcuts()] == ["Ctrl+Alt+M"]


def window_path(window):
    return window.settings.recent_files()[0]


def test_taking_another_commands_key_moves_it_and_defaults_come_back(qtbot, window):
    dialog = _open_shortcuts(qtbot, window)
    _press_in(qtbot, dialog, "view.track_changes", Qt.Key.Key_E, CTRL)  # Export's key
    assert dialog.items["file.export"].text(1) == ""
    assert "Export" in dialog.note.text() and "no key" in dialog.note.text()
    _ok(dialog)
    assert window.export_action.shortcuts() == []
    assert [k.toString() for k in window.track_changes_action.shortcuts()] == ["Ctrl+E"]
    dialog = _open_shortcuts(qtbot, window)
    dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).click()
    _ok(dialog)
    assert [k.toString() for k in window.export_action.shortcuts()] == ["Ctrl+E"]
    assert [k.toString() for k in window.track_changes_action.shortcuts()] == ["Ctrl+Shift+T"]
    assert window.settings.command_keys("keys/file.export") is None  # defaults are not stored


def test_cancel_changes_nothing_and_pane_keys_are_fixed(qtbot, window):
    dialog = _open_shortcuts(qtbot, window)
    _press_in(qtbot, dialog, "file.export", Qt.Key.Key_J, CTRL)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert [k.toString() for k in window.export_action.shortcuts()] == ["Ctrl+E"]
    dialog = _open_shortcuts(qtbot, window)
    cut = next(entry for entry in window.action_registry if entry.name == "edit.cut")
    assert fixed(cut)
    dialog.select("edit.cut")
    assert not dialog.first_edit.isEnabled() and "handles this key itself" in dialog.command_label.text()


def test_about_shows_the_version_and_the_bundled_data_licences(qtbot, window):
    next(a for a in window.menu("help").actions() if a.text() == "&About Transcript Editor").trigger()
    about = window.help.about_dialog
    qtbot.addWidget(about)
    assert about.isVisible()
    assert f"Version {editor.__version__}" in about.version_label.text()
    rows = {about.table.topLevelItem(i).text(0): about.table.topLevelItem(i) for i in range(about.table.topLevelItemCount())}
    packages = " ".join(row.text(1) for row in rows.values())
    for package in ("wordfreq", "pocketsphinx", "better-profanity"):
        assert f"{package} {metadata.version(package)}" in packages
    assert any("CMU Pronouncing Dictionary" in title for title in rows)
    assert all(row.text(2) for row in rows.values())  # every item names its licence
    assert "not installed" not in packages and "missing" not in packages
    wordfreq = next(row for title, row in rows.items() if "Word frequencies" in title)
    about.table.setCurrentItem(wordfreq)
    assert "Apache License" in about.licence_view.toPlainText()
    assert not about.windowIcon().isNull()
    about.grab().save("/tmp/transcript-editor-about.png")  # for a human to look at


@pytest.mark.parametrize("package", ["better-profanity"])
def test_about_says_when_a_bundled_package_is_missing(qtbot, window, monkeypatch, package):
    real = metadata.version

    def version(name: str) -> str:
        if name == package:
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(metadata, "version", version)
    next(a for a in window.menu("help").actions() if a.text() == "&About Transcript Editor").trigger()
    about = window.help.about_dialog
    qtbot.addWidget(about)
    texts = [about.table.topLevelItem(i).text(1) for i in range(about.table.topLevelItemCount())]
    assert f"{package} (not installed)" in texts
