"""The seams features plug into the window through: documentChanged, the action registry and named menus."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QKeySequence

from editor.ui.main_window import MainWindow
from editor.ui.settings import Settings


def _portable(action: QAction) -> list[str]:
    return [k.toString(QKeySequence.SequenceFormat.PortableText) for k in action.shortcuts()]


def test_opening_and_closing_a_document_is_announced_and_every_feature_follows(qtbot, talk, dialogs):
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    seen: list[object] = []
    window.documentChanged.connect(seen.append)
    assert window.open_path(talk)
    doc = window.doc
    assert doc is not None and seen == [doc]
    # Followed at once, without waiting for the event loop.
    assert window.media.doc is doc and window.review.controller.doc is doc and window.review.history.doc is doc
    assert window.close_document()
    assert seen == [doc, None]
    assert window.media.doc is None and window.review.controller.doc is None and window.review.history.doc is None


def test_every_keyed_action_of_the_window_is_registered_with_a_name_and_default_keys(window):
    registry = window.action_registry
    registered = {entry.action for entry in registry}
    keyed = [a for a in window.findChildren(QAction) if a.shortcuts()]
    assert keyed and all(action in registered for action in keyed), [a.text() for a in keyed if a not in registered]
    names = [entry.name for entry in registry]
    assert len(names) == len(set(names))
    assert {"edit.undo", "file.export", "review.next_suspect", "playback.play_pause", "speakers.assign_3"} <= set(names)
    assert all(entry.group in {"file", "edit", "view", "speakers", "review", "playback", "help"} for entry in registry)
    assert _portable(registry["file.export"]) == ["Ctrl+E"]
    assert registry.entry("speakers.assign_3").label == "Assign Speaker 3"
    assert [k.toString() for k in registry.default_keys("review.next_suspect")] == ["F8"]


def test_claimed_playback_keys_leave_other_actions_but_their_defaults_are_kept(window):
    registry = window.action_registry
    find_next = registry["edit.find_next"]
    standard = QKeySequence(QKeySequence.StandardKey.FindNext).toString(QKeySequence.SequenceFormat.PortableText)
    assert [k.toString(QKeySequence.SequenceFormat.PortableText) for k in registry.default_keys("edit.find_next")] \
        == [standard]
    assert _portable(find_next) == [standard]  # playback's default keys leave Find Next (F3) alone
    assert _portable(registry["playback.slower"]) == ["Alt+Down"]
    # An action registered later with a claimed key does not get it either.
    late = registry.add("view.test_late", "Late", None, ["Alt+Up", "Ctrl+Alt+J"])
    assert _portable(late) == ["Ctrl+Alt+J"]
    assert [k.toString() for k in registry.default_keys("view.test_late")] == ["Alt+Up", "Ctrl+Alt+J"]
    with pytest.raises(ValueError):
        registry.add("view.test_late", "Again")


def test_features_find_menus_by_name(window):
    titles = {key: window.menu(key).title() for key in ("file", "edit", "view", "speakers", "review", "playback")}
    assert titles["review"] == "&Review" and titles["playback"] == "&Playback"
    assert [a.text() for a in window.menuBar().actions()][:4] == ["&File", "&Edit", "&View", "&Speakers"]
    with pytest.raises(ValueError):
        window.add_menu("review", "Again")
