"""Playback leftovers: seek-on-cursor-move lands on the word at the caret; the video picture shows only for video."""

from __future__ import annotations

from pathlib import Path

import pytest
from media_fixtures import FakePlayer, cue_start, media_ready, needs_multimedia, write_media_pair, write_wav
from PySide6.QtCore import QTimer
from ui_helpers import open_window, put_cursor

from editor.media.timeline import word_times
from editor.ui.main_window import MainWindow


@pytest.fixture
def media_window(qtbot, tmp_path: Path, dialogs) -> MainWindow:
    window = open_window(qtbot, write_media_pair(tmp_path / "talk", 2.0, 20))
    media_ready(qtbot, window)
    return window


def test_seek_on_cursor_move_goes_to_the_word_at_the_caret(qtbot, media_window):
    player = FakePlayer(60_000)
    media_window.media.set_player(player)
    media_window.media.set_seek_on_cursor(True)
    text = media_window.doc.transcript.segments[5].text
    word = text.split().index("beta")
    put_cursor(media_window, 5, text.index("beta") + 1)
    expected = word_times(media_window.doc.transcript.segments[5])[word][0]
    assert expected is not None and expected > cue_start(5)  # a word inside the cue, not its start
    assert player.position() == expected
    put_cursor(media_window, 9, 0)  # the caret before the first word: the segment start
    assert player.position() == cue_start(9)


class VideoFakePlayer(FakePlayer):
    """The stand-in player, reporting a picture after loading when `video` is set (like QMediaPlayer.hasVideo)."""

    def __init__(self, video: bool) -> None:
        super().__init__(60_000)
        self.video = video
        self.output: object = None

    def load(self, path: Path | None) -> None:
        super().load(path)
        self.videoAvailableChanged.emit(False)
        if path is not None and self.video:
            QTimer.singleShot(0, lambda: self.videoAvailableChanged.emit(True))

    def has_video(self) -> bool:
        return self.path is not None and self.video

    def set_video_output(self, widget: object) -> None:
        self.output = widget


@needs_multimedia  # the dock holds a QVideoWidget
def test_video_dock_appears_only_for_media_with_a_picture(qtbot, media_window, tmp_path):
    media = media_window.media
    dock = media.video_dock
    assert dock is not None and not dock.isVisible()  # audio (the real player read a WAV) or not yet known
    player = VideoFakePlayer(video=True)
    media.set_player(player)
    assert player.output is dock.widget()  # the picture goes to the dock's video widget
    qtbot.waitUntil(dock.isVisible, timeout=2000)
    assert media.has_video and dock.toggleViewAction().isEnabled()
    player.video = False  # attach an audio file: the dock goes away
    audio = write_wav(tmp_path / "other.wav", 1.0)
    assert media.attach(audio)
    qtbot.wait(20)
    assert not dock.isVisible() and not media.has_video and not dock.toggleViewAction().isEnabled()
    player.video = True
    assert media.attach(audio)
    qtbot.waitUntil(dock.isVisible, timeout=2000)
    assert media_window.close_document()
    qtbot.waitUntil(lambda: not dock.isVisible(), timeout=2000)  # no document, no media, no picture


def test_playback_unavailable_still_starts_without_a_video_dock(qtbot, talk, dialogs, monkeypatch):
    import editor.ui.media.install as media_install

    monkeypatch.setattr(media_install, "create_player", lambda parent=None: (None, "Playback unavailable: test"))
    window = open_window(qtbot, talk)
    assert window.media.video_dock is None
    assert window.media.problem_label.text() == "Playback unavailable"
    assert not window.media.has_video
