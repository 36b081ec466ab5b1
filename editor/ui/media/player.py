"""The small player interface the playback controls use, and its QtMultimedia implementation.

Everything around playback talks to `Player`, so it works the same with the real QMediaPlayer and with a
stand-in (tests on machines without an audio backend). `create_player` returns the real player when
QtMultimedia loads, else None and the reason, which the window shows in its status bar.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal

log = logging.getLogger(__name__)

# Debian/Ubuntu packages of the system libraries QtMultimedia links beyond what any Qt window needs, by the
# file name the loader reports ("libpulse.so.0: cannot open shared object file").
MULTIMEDIA_LIBRARIES = {
    "libpulse.so.0": "libpulse0",
    "libpulse-mainloop-glib.so.0": "libpulse-mainloop-glib0",
    "libasound.so.2": "libasound2",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
}
_LIBRARY_NAME = re.compile(r"(lib[\w+.-]+?\.so(?:\.\d+)*)")


class Player(QObject):
    """Interface: load a file, play/pause, seek, rate. Times are integer milliseconds."""

    positionChanged = Signal(int)
    durationChanged = Signal(int)
    playingChanged = Signal(bool)
    errorOccurred = Signal(str)
    videoAvailableChanged = Signal(bool)  # the loaded media has (or no longer has) a picture

    def load(self, path: Path | None) -> None:
        raise NotImplementedError

    def position(self) -> int:
        raise NotImplementedError

    def duration(self) -> int:
        """Length of the media in ms (0 while unknown)."""
        raise NotImplementedError

    def is_playing(self) -> bool:
        raise NotImplementedError

    def play(self) -> None:
        raise NotImplementedError

    def pause(self) -> None:
        raise NotImplementedError

    def set_position(self, ms: int) -> None:
        raise NotImplementedError

    def set_rate(self, rate: float) -> None:
        raise NotImplementedError

    def rate(self) -> float:
        raise NotImplementedError


    def has_video(self) -> bool:
        """The loaded media has a video stream (known once the backend has read the file)."""
        return False

    def set_video_output(self, widget: object) -> None:
        """Show the picture in `widget` (a QVideoWidget); players without video ignore it."""


class QtPlayer(Player):
    """QMediaPlayer + QAudioOutput (pitch kept when the speed changes, where the backend supports it)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        self._states = QMediaPlayer.PlaybackState
        self._player = QMediaPlayer(self)
        self._audio = QAudioOutput(self)
        self._player.setAudioOutput(self._audio)
        if hasattr(self._player, "setPitchCompensation"):  # Qt >= 6.10
            self._player.setPitchCompensation(True)
        self._path: Path | None = None
        self._player.positionChanged.connect(self.positionChanged.emit)
        self._player.durationChanged.connect(self.durationChanged.emit)
        self._player.playbackStateChanged.connect(
            lambda state: self.playingChanged.emit(state == self._states.PlayingState))
        self._player.errorOccurred.connect(lambda _error, text: self.errorOccurred.emit(text or "cannot play"))
        self._player.hasVideoChanged.connect(self.videoAvailableChanged.emit)

    def load(self, path: Path | None) -> None:
        self._path = path
        self._player.setSource(QUrl() if path is None else QUrl.fromLocalFile(str(path)))

    def position(self) -> int:
        return int(self._player.position())

    def duration(self) -> int:
        return int(self._player.duration())

    def is_playing(self) -> bool:
        return self._player.playbackState() == self._states.PlayingState

    def play(self) -> None:
        if self._path is not None:
            self._player.play()

    def pause(self) -> None:
        self._player.pause()

    def set_position(self, ms: int) -> None:
        self._player.setPosition(max(0, int(ms)))

    def set_rate(self, rate: float) -> None:
        self._player.setPlaybackRate(rate)

    def rate(self) -> float:
        return float(self._player.playbackRate())


    def has_video(self) -> bool:
        return bool(self._player.hasVideo())

    def set_video_output(self, widget: object) -> None:
        self._player.setVideoOutput(widget)

    def has_audio_device(self) -> bool:
        from PySide6.QtMultimedia import QMediaDevices

        return bool(QMediaDevices.audioOutputs())


def missing_package(error: str) -> str | None:
    """The package to install for a loader error naming a library (None when the error names none we know)."""
    found = _LIBRARY_NAME.search(error)
    return MULTIMEDIA_LIBRARIES.get(found.group(1)) if found else None


def unavailable_reason(error: str) -> str:
    """What the window says when QtMultimedia cannot load: the missing library and its package when known."""
    found = _LIBRARY_NAME.search(error)
    if found is None:
        return f"Playback unavailable: the multimedia backend cannot load ({error})."
    package = MULTIMEDIA_LIBRARIES.get(found.group(1))
    fix = f"`sudo apt-get install {package}`" if package else "the system package that provides it"
    return f"Playback unavailable: the system library {found.group(1)} is missing; install it with {fix} and restart."


def create_player(parent: QObject | None = None) -> tuple[Player | None, str]:
    """The real player and "" — or None and why playback is unavailable (no QtMultimedia backend)."""
    try:
        player = QtPlayer(parent)
    except ImportError as exc:  # e.g. libpulse missing: QtMultimedia cannot load at all
        log.info("QtMultimedia unavailable: %s", exc)
        return None, unavailable_reason(str(exc))
    if not player.has_audio_device():
        return player, "No audio output device: media plays silently (position and highlighting still work)."
    return player, ""
