"""`install_media(window)`: the transport dock, the Playback menu and its configurable shortcuts."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel

from editor.ui.media.controller import MediaController
from editor.ui.media.media_settings import ACTIONS, format_keys
from editor.ui.media.player import create_player
from editor.ui.media.video_dock import install_video
from editor.ui.plain_text import plain_tooltip

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def install_media(window: MainWindow) -> MediaController:
    """Add playback to `window`: a dock at the bottom, a Playback menu, actions with keys from the settings."""
    player, problem = create_player(window)
    controller = MediaController(window, player, problem)
    dock = QDockWidget("Playback", window)
    dock.setObjectName("playbackDock")
    dock.setWidget(controller.bar)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    controller.dock = dock  # type: ignore[attr-defined]
    controller.video_dock = install_video(window, controller)  # type: ignore[attr-defined]
    actions = _make_actions(window, controller)
    controller.actions = actions  # type: ignore[attr-defined]
    _make_menu(window, controller, actions, dock)
    controller.bar.set_tooltips({name: format_keys(action.shortcuts()) for name, action in actions.items()})
    # Other actions are made after this call (and F3 is the standard Find Next): claim the keys once the
    # window is complete, so no playback key is ambiguous (an ambiguous shortcut does nothing at all).
    QTimer.singleShot(0, lambda: claim_keys(window, list(actions.values())))
    if problem:
        label = QLabel("Playback unavailable" if player is None else "No audio device")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setToolTip(plain_tooltip(problem))
        window.statusBar().addPermanentWidget(label)
        controller.problem_label = label  # type: ignore[attr-defined]
        window.statusBar().showMessage(problem, 15000)
        if player is None:
            controller.bar.media_label.setText(problem)
    return controller


def _make_actions(window: MainWindow, controller: MediaController) -> dict[str, QAction]:
    slots = {
        "play_pause": controller.play_pause,
        "back": controller.back,
        "forward": controller.forward,
        "slower": controller.slower,
        "faster": controller.faster,
        "replay": controller.replay_segment,
    }
    actions: dict[str, QAction] = {}
    for name, (text, _default) in ACTIONS.items():
        action = QAction(text, window)
        action.setObjectName(f"media_{name}")
        action.setShortcuts(controller.settings.keys(name))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slots[name])
        window.addAction(action)
        actions[name] = action
    return actions


def _toggle(window: MainWindow, text: str, checked: bool, slot, box) -> QAction:  # noqa: ANN001 (callable, checkbox)
    """A checkable menu action kept in step with its checkbox in the transport bar."""
    action = QAction(text, window)
    action.setCheckable(True)
    action.setChecked(checked)
    action.toggled.connect(slot)
    box.toggled.connect(action.setChecked)
    return action


def _make_menu(window: MainWindow, controller: MediaController, actions: dict[str, QAction],
               dock: QDockWidget) -> None:
    menu = window.menuBar().addMenu("&Playback")
    for name in ACTIONS:
        menu.addAction(actions[name])
    menu.addSeparator()
    bar = controller.bar
    controller.follow_action = _toggle(  # type: ignore[attr-defined]
        window, "&Follow Playback", controller.follow.enabled, controller.set_follow, bar.follow_box)
    controller.seek_action = _toggle(  # type: ignore[attr-defined]
        window, "S&eek When the Cursor Enters a Segment", controller.seek_on_cursor, controller.set_seek_on_cursor,
        bar.seek_box)
    controller.pause_typing_action = _toggle(  # type: ignore[attr-defined]
        window, "Pause &While Typing (Resume a Little Earlier)", controller.typing.enabled,
        controller.set_pause_while_typing, bar.pause_typing_box)
    for action in (controller.follow_action, controller.seek_action, controller.pause_typing_action):  # type: ignore[attr-defined]
        menu.addAction(action)
    menu.addSeparator()
    attach = menu.addAction("&Attach Media…")
    attach.triggered.connect(controller.attach_dialog)
    locate = menu.addAction("&Locate Moved Media…")
    locate.triggered.connect(controller.locate_dialog)
    menu.addSeparator()
    keys = menu.addAction("&Keyboard Shortcuts…")
    keys.triggered.connect(lambda: edit_keys(window, controller, actions))
    menu.addAction(dock.toggleViewAction())
    dock.toggleViewAction().setText("Show &Transport Bar")
    if controller.video_dock is not None:  # type: ignore[attr-defined]
        menu.addAction(controller.video_dock.toggleViewAction())  # type: ignore[attr-defined]


def claim_keys(window: MainWindow, ours: list[QAction]) -> list[str]:
    """Remove the playback keys from any other action of `window`; the changes made, for the log."""
    taken = {seq.toString(QKeySequence.SequenceFormat.PortableText) for action in ours for seq in action.shortcuts()}
    changes: list[str] = []
    for action in window.findChildren(QAction):
        if action in ours:
            continue
        keys = action.shortcuts()
        kept = [k for k in keys if k.toString(QKeySequence.SequenceFormat.PortableText) not in taken]
        if len(kept) != len(keys):
            action.setShortcuts(kept)
            changes.append(f"{action.text().replace('&', '')}: now {format_keys(kept) or 'no key'}")
    for change in changes:
        log.info("playback keys take precedence; %s", change)
    return changes


def edit_keys(window: MainWindow, controller: MediaController, actions: dict[str, QAction]) -> None:
    """Show the shortcuts dialog; new keys take effect at once and are saved."""
    from editor.ui.media.keys_dialog import KeysDialog

    dialog = KeysDialog(controller.settings, actions, window)
    if dialog.exec():
        claim_keys(window, list(actions.values()))
        controller.bar.set_tooltips({name: format_keys(a.shortcuts()) for name, a in actions.items()})
