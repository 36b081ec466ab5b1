"""The user's keys for the window's commands, kept in the settings file under `keys/<command name>`.

One place owns them: Help > Keyboard Shortcuts writes them, the window applies them once every feature has
registered its actions, and playback reads its own from here when it makes its actions (its keys must win,
so it claims them as it is built). A command without an entry has its default keys; an empty entry means
the user took every key away from it.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QKeySequence

from editor.ui.actions import ActionRegistry, portable
from editor.ui.settings import Settings

GROUP = "keys"


def parse(text: str) -> list[QKeySequence]:
    """`"Ctrl+Space; Esc"` -> two sequences (empty or unreadable parts are dropped)."""
    sequences = [QKeySequence.fromString(part.strip(), QKeySequence.SequenceFormat.PortableText)
                 for part in text.split(";") if part.strip()]
    return [s for s in sequences if not s.isEmpty()]


def format_keys(sequences: Iterable[QKeySequence]) -> str:
    return "; ".join(portable(s) for s in sequences)


def saved(settings: Settings, name: str) -> list[QKeySequence] | None:
    """The keys the user gave command `name`, or None when it keeps its defaults."""
    text = settings.command_keys(f"{GROUP}/{name}")
    return None if text is None else parse(text)


def save(settings: Settings, name: str, keys: list[QKeySequence], defaults: Iterable[QKeySequence]) -> None:
    """Remember `keys` for `name` (forgotten again when they are its defaults)."""
    same = format_keys(keys) == format_keys(defaults)
    settings.set_command_keys(f"{GROUP}/{name}", None if same else format_keys(keys))


def apply_saved(registry: ActionRegistry, settings: Settings) -> None:
    """Give every registered command the keys the user chose for it."""
    for entry in registry:
        keys = saved(settings, entry.name)
        if keys is not None:
            entry.action.setShortcuts(keys)
