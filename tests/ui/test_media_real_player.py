"""The real QMediaPlayer offscreen (the ffmpeg backend plays without an audio device), and a screenshot."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from media_fixtures import cue_start, media_ready, multimedia_problem, needs_multimedia, write_media_pair
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from ui_helpers import open_window, put_cursor

from editor.ui.media.player import QtPlayer, create_player


@pytest.fixture
def real_window(qtbot, tmp_path, dialogs):
    window = open_window(qtbot, write_media_pair(tmp_path / "rec", 6.0, 3))
    media_ready(qtbot, window)
    return window


def test_create_player_reports_why_playback_is_unavailable() -> None:
    player, problem = create_player()
    if multimedia_problem() is not None:
        assert player is None and problem.startswith("Playback unavailable")
    else:
        assert isinstance(player, QtPlayer)
        assert problem == "" or "No audio output device" in problem


@needs_multimedia
def test_real_player_plays_seeks_and_highlights(qtbot, real_window):
    media = real_window.media
    assert isinstance(media.player, QtPlayer)
    qtbot.waitUntil(lambda: media.player.duration() > 0, timeout=5000)
    assert abs(media.player.duration() - 6000) < 100
    qtbot.keyClick(real_window.transcript_pane, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: media.player.position() > 300, timeout=5000)
    assert media.player.is_playing()
    assert media.spot is not None and media.spot.segment == 0 and media.highlight.block == 0
    put_cursor(real_window, 2, 0)
    qtbot.keyClick(real_window.transcript_pane, Qt.Key.Key_Space,  # replay segment 2 (4.4 s - 6.4 s)
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: media.spot is not None and media.spot.segment == 2, timeout=5000)
    assert media.player.position() >= cue_start(2)
    qtbot.keyClick(real_window.transcript_pane, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not media.player.is_playing(), timeout=3000)


def test_screenshot_with_the_transport_dock(qtbot, real_window, tmp_path):
    media = real_window.media
    media.set_player(media.player)  # whatever this machine has; the dock shows either way
    media._show_spot(cue_start(1) + 900, follow=True)
    shot = tmp_path / "media_shot.png"
    real_window.grab().save("/tmp/media_shot.png")  # for a human to look at
    assert real_window.grab().save(str(shot))
    image = QImage(str(shot))
    dock = media.dock
    assert dock.isVisible() and dock.height() >= media.bar.sizeHint().height()
    top_left = dock.mapTo(real_window, dock.rect().topLeft())
    assert top_left.y() > real_window.height() // 2  # at the bottom, below the panes
    # the playing word's fill is painted in the pane
    pane = real_window.transcript_pane
    block = pane.document().findBlockByNumber(1)
    geometry = pane.blockBoundingGeometry(block).translated(pane.contentOffset())
    origin = pane.viewport().mapTo(real_window, geometry.topLeft().toPoint())
    row = origin.y() + int(geometry.height() // 2)
    colors = {QImage.pixelColor(image, x, row).name() for x in range(origin.x(), origin.x() + 400)}
    assert any(c.startswith("#") and int(c[3:5], 16) > int(c[1:3], 16) + 20 for c in colors)  # greenish


def test_a_backend_that_cannot_load_means_playback_unavailable(monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)  # import fails like a missing libpulse
    player, problem = create_player()
    assert player is None and problem.startswith("Playback unavailable")


def test_a_missing_system_library_names_the_package_to_install(qtbot, talk, dialogs, monkeypatch) -> None:
    import editor.ui.media.player as player_module

    def missing_libpulse(parent=None):
        raise ImportError("libpulse.so.0: cannot open shared object file: No such file or directory")

    monkeypatch.setattr(player_module, "QtPlayer", missing_libpulse)
    window = open_window(qtbot, talk)
    assert window.media.player is None
    assert window.media.problem_label.text() == "Playback unavailable: install libpulse0"
    assert "sudo apt-get install libpulse0" in window.media.problem_label.toolTip()
    assert "libpulse0" in window.media.bar.media_label.text()


def _libpulse_file() -> str | None:
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    for line in listing.splitlines():
        if line.strip().startswith("libpulse.so.0 ") and "=>" in line:
            return os.path.realpath(line.split("=>")[1].strip())
    return None


def test_without_libpulse_the_real_import_error_names_libpulse0(tmp_path) -> None:
    """The real loader failure, not a stand-in: libpulse hidden in a private mount namespace (root only)."""
    library = _libpulse_file()
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("hiding libpulse needs root and unshare (util-linux)")
    script = "from editor.ui.media.player import create_player; player, problem = create_player(); print(problem)"
    hide = f"mount --bind /dev/null {library} && " if library else ""
    done = subprocess.run(["unshare", "-m", "sh", "-c", f'{hide}exec "$0" -c "$1"', sys.executable, script],
                          capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0 and "unshare" in done.stderr:
        pytest.skip(f"no private mount namespace here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    assert "libpulse.so.0 is missing" in done.stdout and "sudo apt-get install libpulse0" in done.stdout
