"""Playback tied to the transcript, driven through the real window (offscreen) with a stand-in player."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import srt
from media_fixtures import FakePlayer, cue_start, media_ready, write_media_pair, write_wav
from PySide6.QtCore import QPoint, Qt
from ui_helpers import open_window, put_cursor

from editor.formats import export_bytes
from editor.media.attachment import META_KEY
from editor.media.timeline import word_times
from editor.ui import theme
from editor.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def with_fake_player(qtbot, window: MainWindow, duration: int = 60_000) -> FakePlayer:
    player = FakePlayer(duration)
    window.media.set_player(player)
    return player


@pytest.fixture
def talk_srt(tmp_path: Path) -> Path:
    return write_media_pair(tmp_path / "talk", 2.0, 20)  # short audio is enough: the fake player decides positions


@pytest.fixture
def media_window(qtbot, talk_srt, dialogs) -> MainWindow:
    window = open_window(qtbot, talk_srt)
    media_ready(qtbot, window)
    return window


def test_media_beside_the_transcript_is_attached_by_reference(media_window, talk_srt):
    media = media_window.media
    assert media.media_path == talk_srt.with_suffix(".wav").resolve()
    stored = media_window.doc.project.get_meta(META_KEY)
    assert stored["relative"] == "talk.wav" and stored["size"] == talk_srt.with_suffix(".wav").stat().st_size
    assert len(stored["checksum"]) == 64
    assert not any(p.suffix == ".wav" for p in talk_srt.parent.iterdir() if p.name != "talk.wav")  # not copied
    assert "talk.wav" in media.bar.media_label.text()


def test_moved_media_is_reported_and_can_be_located(qtbot, media_window, talk_srt, tmp_path, dialogs):
    project_path = media_window.doc.project.path
    assert media_window.close_document()
    elsewhere = tmp_path / "archive"
    elsewhere.mkdir()
    moved = Path(shutil.move(talk_srt.with_suffix(".wav"), elsewhere / "talk.wav"))
    assert media_window.open_path(project_path)
    media_ready(qtbot, media_window)
    media = media_window.media
    assert media.media_path is None
    assert any("has moved or was deleted" in text and "talk.wav" in text for text in dialogs)
    assert "Media missing" in media.bar.media_label.text()
    assert media.use_located(moved)
    assert media.media_path == moved.resolve()
    assert media_window.doc.project.get_meta(META_KEY)["absolute"] == str(moved.resolve())


def test_position_tracks_the_playing_segment_and_word(qtbot, media_window):
    player = with_fake_player(qtbot, media_window)
    media = media_window.media
    player.set_position(cue_start(3) + 100)
    assert media.spot.segment == 3 and media.spot.word == 0
    assert media.highlight.block == 3 and media.highlight.word == 0
    segment = media_window.doc.transcript.segments[3]
    last_word_start = word_times(segment)[-1][0]
    player.set_position(last_word_start + 10)
    assert media.highlight.word == len(segment.text.split()) - 1
    player.set_position(cue_start(4) - 50)  # the gap between two cues
    assert media.spot is None and media.highlight.block is None
    assert media.bar.time_label.text().startswith("0:08.")


def test_shortcuts_drive_the_transport(qtbot, media_window):
    player = with_fake_player(qtbot, media_window)
    pane = media_window.transcript_pane
    qtbot.keyClick(pane, Qt.Key.Key_Space, CTRL)
    assert player.is_playing()
    qtbot.keyClick(pane, Qt.Key.Key_Escape)
    assert not player.is_playing()
    qtbot.keyClick(pane, Qt.Key.Key_Escape)
    assert player.is_playing()
    player.set_position(10_000)
    qtbot.keyClick(pane, Qt.Key.Key_Right, ALT)
    assert player.position() == 13_000
    qtbot.keyClick(pane, Qt.Key.Key_Left, ALT)
    qtbot.keyClick(pane, Qt.Key.Key_Left, ALT)
    assert player.position() == 7_000
    qtbot.keyClick(pane, Qt.Key.Key_Up, ALT)
    assert player.rate() == pytest.approx(1.1)
    for _ in range(3):
        qtbot.keyClick(pane, Qt.Key.Key_Down, ALT)
    assert player.rate() == pytest.approx(0.8)
    assert media_window.media.bar.speed.currentText() == "0.8×"
    find_next = media_window.find_next_action
    assert "F3" in [k.toString() for k in find_next.shortcuts()]  # F3 stays Find Next, as in every editor
    assert pane.document().findBlockByNumber(0).text().startswith("segment 0")  # no key reached the text


def test_replay_segment_plays_the_cursor_segment_and_stops_at_its_end(qtbot, media_window):
    player = with_fake_player(qtbot, media_window)
    put_cursor(media_window, 5, 3)
    qtbot.keyClick(media_window.transcript_pane, Qt.Key.Key_Space, CTRL | SHIFT)
    assert player.is_playing() and player.position() == cue_start(5)
    player.advance(1500)
    assert player.is_playing()
    player.advance(600)  # past the cue's end
    assert not player.is_playing()


def test_shortcut_keys_come_from_the_settings(qtbot, talk_srt, dialogs):
    from editor.ui.settings import Settings

    settings = Settings()
    settings._qs.setValue("media/keys/back", "Ctrl+B; F1")
    settings.sync()
    window = open_window(qtbot, talk_srt)
    media_ready(qtbot, window)
    player = with_fake_player(qtbot, window)
    player.set_position(10_000)
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_Left, ALT)  # the default, no longer bound
    assert player.position() == 10_000
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_B, CTRL)
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_F1)
    assert player.position() == 4_000


@pytest.fixture
def long_window(qtbot, tmp_path, dialogs) -> MainWindow:
    window = open_window(qtbot, write_media_pair(tmp_path / "long", 1.0, 300))
    media_ready(qtbot, window)
    return window


def visible(window: MainWindow, number: int) -> bool:
    pane = window.transcript_pane
    block = pane.document().findBlockByNumber(number)
    geometry = pane.blockBoundingGeometry(block).translated(pane.contentOffset())
    return geometry.top() >= 0 and geometry.bottom() <= pane.viewport().height()


def test_follow_playback_scrolls_but_not_while_typing(qtbot, long_window, monkeypatch):
    player = with_fake_player(qtbot, long_window, duration=cue_start(300))
    media = long_window.media
    assert media.follow.enabled
    put_cursor(long_window, 0, 0)
    player.play()
    player.set_position(cue_start(200) + 10)
    assert visible(long_window, 200)
    pane = long_window.transcript_pane
    geometry = pane.blockBoundingGeometry(pane.document().findBlockByNumber(200)).translated(pane.contentOffset())
    shown = pane.viewport().grab().toImage()  # the playing segment's bar is painted where the block now is
    assert shown.pixelColor(1, int(geometry.center().y())) == theme.color("playback.bar")
    assert long_window.transcript_pane.textCursor().blockNumber() == 0  # the caret stays where the user left it
    put_cursor(long_window, 200, 0)
    qtbot.keyClicks(long_window.transcript_pane, "x")  # typing: following pauses for a while
    player.set_position(cue_start(20) + 10)
    assert media.spot.segment == 20 and not visible(long_window, 20)
    media.follow.key_typed(-1e9)  # as if the last key was long ago
    media.follow._last_key = None
    player.set_position(cue_start(40) + 10)
    assert visible(long_window, 40)
    media.set_follow(False)  # the toggle off: the view stays put
    assert not media.bar.follow_box.isChecked() and not media.toggles.follow.isChecked()
    player.set_position(cue_start(250) + 10)
    assert media.highlight.block == 250 and not visible(long_window, 250)


def test_pause_while_typing_resumes_earlier(qtbot, media_window):
    player = with_fake_player(qtbot, media_window)
    media = media_window.media
    media.set_pause_while_typing(True)
    put_cursor(media_window, 4, 0)
    qtbot.keyClick(media_window.transcript_pane, Qt.Key.Key_Space, CTRL)
    player.set_position(9_000)
    qtbot.keyClicks(media_window.transcript_pane, "so ")
    assert not player.is_playing()
    qtbot.waitUntil(player.is_playing, timeout=3000)
    assert player.position() == 9_000 - media.typing.rewind_ms


def test_ctrl_click_on_a_word_seeks_to_it(qtbot, media_window):
    player = with_fake_player(qtbot, media_window)
    pane = media_window.transcript_pane
    block = pane.document().findBlockByNumber(2)
    text = block.text()
    offset = text.index("gamma") + 2
    cursor = pane.textCursor()
    cursor.setPosition(block.position() + offset)
    point = pane.cursorRect(cursor).center()
    qtbot.mouseClick(pane.viewport(), Qt.MouseButton.LeftButton, CTRL, point)
    segment = media_window.doc.transcript.segments[2]
    assert player.position() == word_times(segment)[text.split().index("gamma")][0]
    assert pane.textCursor().blockNumber() != 2 or pane.textCursor().positionInBlock() != offset  # click consumed


def test_seek_on_cursor_move_is_a_toggle(qtbot, media_window):
    player = with_fake_player(qtbot, media_window)
    media = media_window.media
    put_cursor(media_window, 6, 0)
    assert player.position() == 0  # off by default
    media.set_seek_on_cursor(True)
    put_cursor(media_window, 7, 4)
    assert player.position() == cue_start(7)
    qtbot.keyClick(media_window.transcript_pane, Qt.Key.Key_Down)
    assert player.position() == cue_start(8)


def test_text_edits_and_split_keep_times_in_srt_export(qtbot, media_window):
    window = media_window
    pane = window.transcript_pane
    put_cursor(window, 1, len("segment 1 says "))
    qtbot.keyClicks(pane, "very ")  # an inserted word
    put_cursor(window, 3, len("segment 3 says alpha "))
    qtbot.keyClick(pane, Qt.Key.Key_Return)  # split: the boundary comes from the word at the cursor
    pane.commit_typing()
    cues = list(srt.parse(export_bytes(window.doc.transcript, "srt").decode("utf-8")))
    assert len(cues) == 21
    as_ms = [(int(c.start.total_seconds() * 1000), int(c.end.total_seconds() * 1000)) for c in cues]
    assert cues[1].content == "segment 1 says very alpha beta gamma" and as_ms[1] == (cue_start(1), cue_start(1) + 2000)
    left, right = as_ms[3], as_ms[4]
    assert left[0] == cue_start(3) and right[1] == cue_start(3) + 2000
    assert cue_start(3) < left[1] == right[0] < cue_start(3) + 2000
    assert cues[4].content == "beta gamma"
    assert as_ms[10] == (cue_start(9), cue_start(9) + 2000)  # later cues untouched
    player = with_fake_player(qtbot, window)
    player.set_position(right[0] + 5)
    assert window.media.spot.segment == 4  # tracking follows the new structure


def test_transcript_without_times_plays_and_seeks_the_media_only(qtbot, tmp_path, dialogs):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "notes.txt").write_text("First paragraph without times.\n\nSecond one.\n", encoding="utf-8")
    write_wav(folder / "notes.wav", 1.0)
    window = open_window(qtbot, folder / "notes.txt")
    media_ready(qtbot, window)
    assert window.media.media_path == (folder / "notes.wav").resolve()
    player = with_fake_player(qtbot, window)
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_Space, CTRL)
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_Right, ALT)
    assert player.is_playing() and player.position() == 3000
    assert window.media.spot is None and window.media.highlight.block is None
    qtbot.mouseClick(window.transcript_pane.viewport(), Qt.MouseButton.LeftButton, CTRL, QPoint(30, 10))
    assert player.position() == 3000
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_Space, CTRL | SHIFT)
    assert "no time" in window.statusBar().currentMessage()
    put_cursor(window, 0, 0)
    qtbot.keyClicks(window.transcript_pane, "Edited ")
    window.transcript_pane.commit_typing()
    assert window.doc.transcript.segments[0].text.startswith("Edited ")


def test_without_a_playback_backend_the_app_still_starts(qtbot, talk_srt, dialogs, monkeypatch):
    import editor.ui.media.install as install

    monkeypatch.setattr(install, "create_player", lambda parent=None: (None, "Playback unavailable: no backend."))
    window = open_window(qtbot, talk_srt)
    media_ready(qtbot, window)
    media = window.media
    assert not media.available() and media.media_path is not None  # still attached, for later
    assert media.problem_label.text() == "Playback unavailable"
    assert not media.bar.play_button.isEnabled()
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_Space, CTRL)
    qtbot.keyClicks(window.transcript_pane, "ok ")
    window.transcript_pane.commit_typing()
    assert window.doc.transcript.segments[0].text.startswith("ok ")


def test_playback_keys_change_in_the_shortcuts_dialog(qtbot, media_window):
    player = with_fake_player(qtbot, media_window)
    media = media_window.media
    media.menu.actions()[[a.text() for a in media.menu.actions()].index("&Keyboard Shortcuts…")].trigger()
    dialog = media_window.help.shortcuts_dialog
    qtbot.addWidget(dialog)
    assert dialog.filter_edit.text() == "Playback"  # opened on the playback commands
    visible = [name for name, item in dialog.items.items() if not item.isHidden()]
    assert set(visible) >= {f"playback.{name}" for name in media.actions} and "edit.undo" not in visible
    dialog.select("playback.back")
    dialog.first_edit.setFocus()
    qtbot.keyClick(dialog.first_edit, Qt.Key.Key_J, CTRL)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert [k.toString() for k in media.settings.keys("back")] == ["Ctrl+J"]
    assert "Ctrl+J" in media.bar.back_button.toolTip()
    player.set_position(10_000)
    qtbot.keyClick(media_window.transcript_pane, Qt.Key.Key_Left, ALT)  # no longer Back
    qtbot.keyClick(media_window.transcript_pane, Qt.Key.Key_J, CTRL)
    assert player.position() == 7_000
