"""UI state (window geometry, recent files, view toggles) in QSettings behind an enum of keys."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QSettings

from editor import paths

ORGANIZATION = "transcript-editor"
APPLICATION = "Transcript Editor"
MAX_RECENT = 10


class Key(StrEnum):
    """Every settings key the UI uses (one place, so typos cannot create new keys)."""

    GEOMETRY = "window/geometry"
    STATE = "window/state"
    SPLITTER = "window/splitter"
    RECENT_FILES = "files/recent"
    LAST_DIR = "files/last_dir"
    TRACK_CHANGES = "view/track_changes"
    SOURCE_SUSPECTS = "view/source_suspects"
    SHOW_ORIGINAL = "view/show_original"
    COLOR_SCHEME = "view/color_scheme"  # system, light or dark (editor.ui.theme.Scheme)


class Settings:
    """Typed access to the settings file; it lives in the app's config dir (TRANSCRIPT_EDITOR_HOME in tests)."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or paths.user_config_dir() / "ui-settings.ini"
        self._qs = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, key: Key, default: object = None) -> object:
        return self._qs.value(key.value, default)

    def set(self, key: Key, value: object) -> None:
        self._qs.setValue(key.value, value)

    def get_bool(self, key: Key, default: bool) -> bool:
        value = self._qs.value(key.value, default)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    def recent_files(self) -> list[str]:
        value = self._qs.value(Key.RECENT_FILES.value, [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def add_recent_file(self, path: str) -> list[str]:
        """Put `path` first in the recent list and return the list."""
        files = [path] + [f for f in self.recent_files() if f != path]
        files = files[:MAX_RECENT]
        self._qs.setValue(Key.RECENT_FILES.value, files)
        return files

    def command_keys(self, key: str) -> str | None:
        """The text stored under `key` by set_command_keys (editor.ui.key_bindings), None when unset."""
        value = self._qs.value(key)
        if isinstance(value, list):  # QSettings reads "a, b" as a list
            value = ", ".join(str(v) for v in value)
        return None if value is None else str(value)

    def set_command_keys(self, key: str, text: str | None) -> None:
        if text is None:
            self._qs.remove(key)
        else:
            self._qs.setValue(key, text)

    def sync(self) -> None:
        self._qs.sync()
