"""Playback leftovers: seek-on-cursor-move lands on the word at the caret; the video picture shows only for video."""

from __future__ import annotations

from pathlib import Path

import pytest
from media_fixtures import FakePlayer, cue_start, write_srt, write_wav
from ui_helpers import open_window, put_cursor

from editor.media.timeline import word_times
from editor.ui.main_window import MainWindow


@pytest.fixture
def media_window(qtbot, tmp_path: Path, dialogs) -> MainWindow:
    folder = tmp_path / "talk"
    folder.mkdir()
    write_wav(folder / "talk.wav", 2.0)
    window = open_window(qtbot, write_srt(folder / "talk.srt", 20))
    qtbot.waitUntil(lambda: window.media.doc is window.doc, timeout=2000)
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
