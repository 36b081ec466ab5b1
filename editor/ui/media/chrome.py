"""The window parts of playback: the transport dock, the Playback menu, its actions and toggles.

Built once by the MediaController while it is constructed (the controller declares what it holds), and
registered with the window through its seams (action registry, menus, docks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QDockWidget, QLabel, QMenu

from editor.ui.media.media_settings import ACTIONS, format_keys, parse_keys
from editor.ui.media.player import missing_package
from editor.ui.panes.overlays import plain_tooltip

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow
    from editor.ui.media.controller import MediaController
    from editor.ui.media.transport_dock import TransportBar


@dataclass(frozen=True)
class PlaybackToggles:
    """The Playback menu's checkable options (each kept in step with its checkbox in the transport bar)."""

    follow: QAction
    seek_on_cursor: QAction
    pause_while_typing: QAction


def action_name(name: str) -> str:
    """The registry name of playback action `name` (a key of media_settings.ACTIONS)."""
    return f"playback.{name}"


def make_dock(window: MainWindow, bar: TransportBar) -> QDockWidget:
    dock = QDockWidget("Playback", window)
    dock.setObjectName("playbackDock")
    dock.setWidget(bar)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
                     | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    return dock


def make_actions(window: MainWindow, controller: MediaController) -> dict[str, QAction]:
    """The transport actions with the user's keys; those keys win over any other action's."""
    slots: dict[str, Callable[[], None]] = {
        "play_pause": controller.play_pause,
        "back": controller.back,
        "forward": controller.forward,
        "slower": controller.slower,
        "faster": controller.faster,
        "replay": controller.replay_segment,
    }
    actions: dict[str, QAction] = {}
    for name, (text, default) in ACTIONS.items():
        action = window.action_registry.add(action_name(name), text, slots[name], parse_keys(default))
        action.setObjectName(f"media_{name}")
        action.setShortcuts(controller.settings.keys(name))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        actions[name] = action
    return actions


def claim_keys(window: MainWindow, bar: TransportBar, actions: dict[str, QAction]) -> list[str]:
    """Playback keys are theirs alone (a user may bind a key another command has): other actions, made before or after,
    lose them, so no playback key is ambiguous. The transport bar's tooltips show the keys."""
    changes = window.action_registry.claim_keys(action_name(name) for name in actions)
    bar.set_tooltips({name: format_keys(action.shortcuts()) for name, action in actions.items()})
    return changes


def _toggle(window: MainWindow, name: str, text: str, checked: bool, slot: Callable[[bool], None],
            box: QAbstractButton) -> QAction:
    """A checkable menu action kept in step with its checkbox in the transport bar."""
    action = window.action_registry.add(name, text, checkable=True)
    action.setChecked(checked)
    action.toggled.connect(slot)
    box.toggled.connect(action.setChecked)
    return action


def make_toggles(window: MainWindow, controller: MediaController) -> PlaybackToggles:
    bar = controller.bar
    return PlaybackToggles(
        follow=_toggle(window, "playback.follow", "&Follow Playback", controller.follow.enabled,
                       controller.set_follow, bar.follow_box),
        seek_on_cursor=_toggle(window, "playback.seek_on_cursor", "S&eek When the Cursor Enters a Segment",
                               controller.seek_on_cursor, controller.set_seek_on_cursor, bar.seek_box),
        pause_while_typing=_toggle(window, "playback.pause_while_typing",
                                   "Pause &While Typing (Resume a Little Earlier)", controller.typing.enabled,
                                   controller.set_pause_while_typing, bar.pause_typing_box),
    )


def make_menu(window: MainWindow, controller: MediaController, actions: dict[str, QAction],
              toggles: PlaybackToggles, dock: QDockWidget, video_dock: QDockWidget | None,
              edit_keys: Callable[[], None]) -> QMenu:
    menu = window.add_menu("playback", "&Playback")
    for name in ACTIONS:
        menu.addAction(actions[name])
    menu.addSeparator()
    for action in (toggles.follow, toggles.seek_on_cursor, toggles.pause_while_typing):
        menu.addAction(action)
    menu.addSeparator()
    attach = menu.addAction("&Attach Media…")
    attach.triggered.connect(controller.attach_dialog)
    locate = menu.addAction("&Locate Moved Media…")
    locate.triggered.connect(controller.locate_dialog)
    menu.addSeparator()
    keys = menu.addAction("&Keyboard Shortcuts…")
    keys.triggered.connect(edit_keys)
    menu.addAction(dock.toggleViewAction())
    dock.toggleViewAction().setText("Show &Transport Bar")
    if video_dock is not None:
        menu.addAction(video_dock.toggleViewAction())
    return menu


def show_problem(window: MainWindow, bar: TransportBar, problem: str, has_player: bool) -> QLabel | None:
    """Why playback is unavailable or silent: a permanent status-bar label and a message (None when fine)."""
    if not problem:
        return None
    package = None if has_player else missing_package(problem)
    if has_player:
        text = "No audio device"
    else:
        text = f"Playback unavailable: install {package}" if package else "Playback unavailable"
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setToolTip(plain_tooltip(problem))
    window.statusBar().addPermanentWidget(label)
    window.statusBar().showMessage(problem, 15000)
    if not has_player:
        bar.media_label.setText(problem)
    return label
