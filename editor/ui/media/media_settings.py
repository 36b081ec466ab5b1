"""Playback settings and key bindings, stored in the app's QSettings under `media/`.

Keys are QKeySequence portable strings, several separated by "; " (e.g. "Ctrl+Space; Esc"); a user edits
them in the settings file or with Playback > Keyboard Shortcuts…. Defaults: see ACTIONS.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QKeySequence

from editor.ui import key_bindings
from editor.ui.settings import Settings


class MediaKey(StrEnum):
    FOLLOW = "media/follow_playback"
    SEEK_ON_CURSOR = "media/seek_on_cursor"
    PAUSE_WHILE_TYPING = "media/pause_while_typing"
    REWIND_SECONDS = "media/resume_rewind_seconds"
    SKIP_SECONDS = "media/skip_seconds"
    SPEED = "media/speed"


# action name -> (menu text, default keys). The defaults keep clear of editing conventions: F1 is Help, F3 Find
# Next, F5 refresh elsewhere, Ctrl+arrows move by word; Alt+arrows are free in a text editor. Esc stays, as in
# oTranscribe (nothing else in the window uses it).
ACTIONS: dict[str, tuple[str, str]] = {
    "play_pause": ("&Play / Pause", "Ctrl+Space; Esc"),
    "back": ("&Back", "Alt+Left"),
    "forward": ("&Forward", "Alt+Right"),
    "slower": ("&Slower", "Alt+Down"),
    "faster": ("F&aster", "Alt+Up"),
    "replay": ("&Replay This Segment", "Ctrl+Shift+Space"),
}


def key_setting(name: str) -> str:
    return f"media/keys/{name}"


def parse_keys(text: str) -> list[QKeySequence]:
    """`"Ctrl+Space; Esc"` -> two sequences (empty or unreadable parts are dropped)."""
    sequences = [QKeySequence.fromString(part.strip(), QKeySequence.SequenceFormat.PortableText)
                 for part in text.split(";") if part.strip()]
    return [s for s in sequences if not s.isEmpty()]


def format_keys(sequences: list[QKeySequence]) -> str:
    return "; ".join(s.toString(QKeySequence.SequenceFormat.PortableText) for s in sequences)


class MediaSettings:
    """Typed access to the playback settings in the window's settings file."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def _raw(self, key: str, default: object) -> object:
        return self._settings._qs.value(key, default)  # the same settings file, our own keys

    def _set(self, key: str, value: object) -> None:
        self._settings._qs.setValue(key, value)

    def get_bool(self, key: MediaKey, default: bool) -> bool:
        value = self._raw(key.value, default)
        return value.lower() in ("true", "1", "yes") if isinstance(value, str) else bool(value)

    def get_float(self, key: MediaKey, default: float) -> float:
        try:
            return float(self._raw(key.value, default))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default

    def set(self, key: MediaKey, value: object) -> None:
        self._set(key.value, value)

    def keys(self, name: str) -> list[QKeySequence]:
        """The key sequences bound to action `name`: the user's (Help > Keyboard Shortcuts, or the media/keys
        entry older versions wrote), else the default."""
        chosen = key_bindings.saved(self._settings, f"playback.{name}")
        if chosen is not None:
            return chosen
        text = self._raw(key_setting(name), None)
        if isinstance(text, list):  # QSettings reads "a, b" as a list
            text = ", ".join(str(t) for t in text)
        sequences = parse_keys(text) if isinstance(text, str) else []
        return sequences or parse_keys(ACTIONS[name][1])

    def set_keys(self, name: str, sequences: list[QKeySequence]) -> None:
        key_bindings.save(self._settings, f"playback.{name}", sequences, parse_keys(ACTIONS[name][1]))
        self._settings.set_command_keys(key_setting(name), None)  # the old place, superseded
