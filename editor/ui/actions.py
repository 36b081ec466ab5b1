"""Every keyed command of the window by name, with the keys it has by default.

Features register their actions here instead of adding QActions to the window themselves, so one list
knows every command: a shortcuts dialog lists it, a feature whose keys must win (playback) claims them,
and a later action that would make a key ambiguous (an ambiguous shortcut does nothing at all in Qt)
gives that key up when it is registered.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

KeySpec = str | QKeySequence | QKeySequence.StandardKey


def key_sequences(keys: KeySpec | Iterable[KeySpec] | None) -> tuple[QKeySequence, ...]:
    """`"Ctrl+E"`, a standard key, a sequence or several of them -> the sequences (a standard key gives
    its first binding on this platform, as `QAction.setShortcut` would)."""
    if keys is None:
        return ()
    if isinstance(keys, str | QKeySequence | QKeySequence.StandardKey):
        keys = (keys,)
    sequences = (QKeySequence(k) for k in keys)
    return tuple(s for s in sequences if not s.isEmpty())


def portable(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


@dataclass(frozen=True)
class RegisteredAction:
    """One command: a stable name ("edit.undo", "playback.play_pause"), its action and its default keys."""

    name: str
    action: QAction
    default_keys: tuple[QKeySequence, ...]

    @property
    def group(self) -> str:
        """The part of the name before the dot: the menu or feature the command belongs to."""
        return self.name.split(".", 1)[0]

    @property
    def label(self) -> str:
        """The action's text without its mnemonic marker."""
        return self.action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


class ActionRegistry:
    """The window's commands in registration order; actions are parented to and shortcut in `window`."""

    def __init__(self, window: QWidget) -> None:
        self._window = window
        self._entries: dict[str, RegisteredAction] = {}
        self._claimed: dict[str, str] = {}  # portable key -> name of the action that owns it

    def add(self, name: str, text: str, slot: Callable[..., object] | None = None,
            keys: KeySpec | Iterable[KeySpec] | None = None, *, checkable: bool = False) -> QAction:
        """Make, register and return a window action `text` that runs `slot` and has `keys` by default."""
        action = QAction(text, self._window)
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(slot)
        return self.register(name, action, keys)

    def register(self, name: str, action: QAction, keys: KeySpec | Iterable[KeySpec] | None = None) -> QAction:
        """Register an action made elsewhere; it gets `keys` (minus keys another action claimed)."""
        if name in self._entries:
            raise ValueError(f"action {name!r} is registered twice")
        defaults = key_sequences(keys)
        self._entries[name] = RegisteredAction(name, action, defaults)
        if defaults:
            action.setShortcuts(list(defaults))
        self._window.addAction(action)
        self._give_up_claimed(self._entries[name])
        return action

    def __iter__(self) -> Iterator[RegisteredAction]:
        return iter(list(self._entries.values()))

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __getitem__(self, name: str) -> QAction:
        return self._entries[name].action

    def entry(self, name: str) -> RegisteredAction:
        return self._entries[name]

    def default_keys(self, name: str) -> tuple[QKeySequence, ...]:
        return self._entries[name].default_keys

    # ----- keys that must win -------------------------------------------------------------------------------
    def claim_keys(self, names: Iterable[str]) -> list[str]:
        """The current keys of the `names` actions are theirs alone: every other action (now and registered
        later) loses them. Returns the changes made, for the log."""
        names = list(names)
        self._claimed = {k: n for k, n in self._claimed.items() if n not in names}
        for name in names:
            for sequence in self._entries[name].action.shortcuts():
                self._claimed[portable(sequence)] = name
        changes = [change for entry in self._entries.values() if (change := self._give_up_claimed(entry))]
        for change in changes:
            log.info("claimed keys take precedence; %s", change)
        return changes

    def _give_up_claimed(self, entry: RegisteredAction) -> str | None:
        keys = entry.action.shortcuts()
        kept = [k for k in keys if self._claimed.get(portable(k), entry.name) == entry.name]
        if len(kept) == len(keys):
            return None
        entry.action.setShortcuts(kept)
        return f"{entry.label}: now {'; '.join(portable(k) for k in kept) or 'no key'}"


def widget_shortcut(action: QAction) -> QAction:
    """The key works only while the action's widget has focus (the widget handles the key itself)."""
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    return action
