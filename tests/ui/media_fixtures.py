"""Test media: a WAV written with `wave`, a matching SRT, and a stand-in player with the Player interface."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QTimer

from editor.ui.media.player import Player

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from editor.ui.main_window import MainWindow

def multimedia_problem() -> str | None:
    """Why QtMultimedia (and its video widget) cannot load here, e.g. "libpulse.so.0: cannot open shared object
    file", or None when it loads."""
    try:
        from PySide6 import QtMultimedia, QtMultimediaWidgets  # noqa: F401
    except ImportError as exc:
        return str(exc)
    return None


# For tests that need the real media backend: they skip, saying why, on a machine where it cannot load.
needs_multimedia = pytest.mark.skipif(multimedia_problem() is not None,
                                      reason=f"QtMultimedia cannot load here: {multimedia_problem()}")

SEGMENT_MS = 2000
GAP_MS = 200


def write_wav(path: Path, seconds: float, rate: int = 8000) -> Path:
    """A mono 16-bit tone that changes pitch every second (cheap, real audio)."""
    frames = bytearray()
    for i in range(int(seconds * rate)):
        freq = 330 + 110 * ((i // rate) % 3)
        frames += struct.pack("<h", int(4000 * math.sin(2 * math.pi * freq * i / rate)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


def srt_time(ms: int) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def segment_text(i: int) -> str:
    return f"segment {i} says alpha beta gamma"


def write_srt(path: Path, count: int) -> Path:
    """`count` cues: cue i runs [i*2.2 s, i*2.2 s + 2 s)."""
    cues = []
    for i in range(count):
        start = i * (SEGMENT_MS + GAP_MS)
        cues.append(f"{i + 1}\n{srt_time(start)} --> {srt_time(start + SEGMENT_MS)}\n{segment_text(i)}\n")
    path.write_text("\n".join(cues), encoding="utf-8")
    return path


def write_media_pair(folder: Path, seconds: float, cues: int) -> Path:
    """A new folder with <name>.wav and <name>.srt (named after the folder); returns the SRT's path."""
    folder.mkdir()
    write_wav(folder / f"{folder.name}.wav", seconds)
    return write_srt(folder / f"{folder.name}.srt", cues)


def media_ready(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the window has attached the media found beside its transcript."""
    qtbot.waitUntil(lambda: window.media.doc is window.doc, timeout=2000)


def cue_start(i: int) -> int:
    return i * (SEGMENT_MS + GAP_MS)


class FakePlayer(Player):
    """Plays nothing: position moves only when told (set_position, advance), so tests are exact."""

    def __init__(self, duration: int = 60_000) -> None:
        super().__init__()
        self._position = 0
        self._duration = duration
        self._playing = False
        self._rate = 1.0
        self.path: Path | None = None
        self.loads: list[Path | None] = []

    def load(self, path: Path | None) -> None:
        self.path = path
        self.loads.append(path)
        self._position = 0
        QTimer.singleShot(0, lambda: self.durationChanged.emit(self._duration))

    def position(self) -> int:
        return self._position

    def duration(self) -> int:
        return self._duration

    def is_playing(self) -> bool:
        return self._playing

    def play(self) -> None:
        if self.path is not None and not self._playing:
            self._playing = True
            self.playingChanged.emit(True)

    def pause(self) -> None:
        if self._playing:
            self._playing = False
            self.playingChanged.emit(False)

    def set_position(self, ms: int) -> None:
        self._position = max(0, min(int(ms), self._duration))
        self.positionChanged.emit(self._position)

    def advance(self, ms: int) -> None:
        """What a playing backend does: move on and report the new position."""
        self.set_position(self._position + ms)

    def set_rate(self, rate: float) -> None:
        self._rate = rate

    def rate(self) -> float:
        return self._rate

