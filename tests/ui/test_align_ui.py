"""Playback > Align Transcript to Media through the real window: background run with progress and Cancel,
one undoable edit, playback following word by word, re-aligning only an edited segment, then SRT export."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from media_fixtures import FakePlayer
from PySide6.QtCore import Qt
from ui_helpers import open_window

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "align"))
from synth_speech import SENTENCES, build_recording, missing_tools

from editor.core.edits import set_segment_text
from editor.formats import export_bytes

TEXTS = SENTENCES[:4]


@pytest.fixture
def spoken_talk(tmp_path):
    if why := missing_tools():
        pytest.skip(why)
    folder = tmp_path / "talk"
    folder.mkdir()
    truth = build_recording(folder / "talk.wav", TEXTS)
    (folder / "talk.txt").write_text("\n\n".join(TEXTS), encoding="utf-8")
    return folder / "talk.txt", truth


@pytest.fixture
def align_window(qtbot, spoken_talk, dialogs):
    path, truth = spoken_talk
    window = open_window(qtbot, path)
    qtbot.waitUntil(lambda: window.media.media_path is not None, timeout=3000)  # talk.wav found beside it
    window.media.set_player(FakePlayer(30_000))
    return window, truth


def _menu_action(window, text):
    actions = [a for a in window.menu("playback").actions() if a.text().replace("&", "") == text]
    assert len(actions) == 1, [a.text() for a in window.menu("playback").actions()]
    return actions[0]


def test_align_runs_in_the_background_and_is_one_undoable_edit(qtbot, align_window):
    window, truth = align_window
    controller = window.alignment
    assert not window.doc.transcript.has_timings()
    with qtbot.waitSignal(controller.finished, timeout=60_000) as outcome:
        _menu_action(window, "Align Transcript to Media").trigger()
        assert controller.running() and controller.progress.isVisible()
        assert not _menu_action(window, "Align Transcript to Media").isEnabled()
        window.transcript_pane.setFocus()  # the window keeps working while it runs
    assert outcome.args == ["applied"]
    assert not controller.progress.isVisible()
    transcript = window.doc.transcript
    assert window.doc.undo_stack.undoText() == "Align to talk.wav"
    for seg, spoken in zip(transcript.segments, truth, strict=True):
        assert abs(seg.start - spoken.start * 1000) <= 300
    # Playback follows word by word: a position inside the third word of segment 1 highlights that word.
    seg = transcript.segments[1]
    player = window.media.player
    player.set_position((seg.words[2].start + seg.words[2].end) // 2)
    assert window.media.spot is not None and (window.media.spot.segment, window.media.spot.word) == (1, 2)
    assert b" --> " in export_bytes(transcript, "srt")
    window.undo_action.trigger()
    assert not window.doc.transcript.has_timings()


def test_cancel_leaves_the_transcript_unchanged(qtbot, align_window):
    window, _truth = align_window
    controller = window.alignment
    before = list(window.doc.transcript.segments)
    with qtbot.waitSignal(controller.finished, timeout=10_000) as outcome:
        assert controller.start(only_changed=False)
        qtbot.mouseClick(controller.progress.cancel_button, Qt.MouseButton.LeftButton)
    assert outcome.args == ["cancelled"] and not controller.running()
    assert window.doc.transcript.segments == before and window.doc.undo_stack.count() == 0
    assert "cancelled" in window.statusBar().currentMessage()


def test_realign_changed_segments_touches_only_the_edited_one(qtbot, align_window):
    window, _truth = align_window
    controller = window.alignment
    with qtbot.waitSignal(controller.finished, timeout=60_000):
        controller.start(only_changed=False)
    aligned = list(window.doc.transcript.segments)
    window.doc.push(set_segment_text(window.doc.transcript, aligned[2].id, aligned[2].text.replace("train", "bus")))
    with qtbot.waitSignal(controller.finished, timeout=60_000) as outcome:
        _menu_action(window, "Re-align Changed Segments").trigger()
    assert outcome.args == ["applied"]
    now = window.doc.transcript.segments
    assert [a == b for a, b in zip(aligned, now, strict=True)] == [True, True, False, True]
    assert window.doc.undo_stack.undoText() == "Re-align 1 changed segment(s) to talk.wav"
    assert aligned[1].end <= now[2].start and now[2].end <= aligned[3].start


def test_without_media_it_says_what_to_do(qtbot, window, dialogs):
    assert window.media.media_path is None  # the sample has no recording beside it
    assert not window.alignment.start(only_changed=False)
    assert dialogs and "Attach the recording first" in dialogs[-1]


def test_estimated_words_are_underlined_and_say_why(qtbot, window):
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    from editor.core.edits import SetTimings
    from editor.core.model import Word, token_spans
    from editor.ui.align.estimated import TOOLTIP
    from editor.ui.panes.overlays import plain_tooltip

    pane = window.transcript_pane
    seg = window.doc.transcript.segments[0]
    tokens = seg.text.split()
    words = tuple(Word(t, 100 * k, 100 * k + 90, None, k == 1) for k, t in enumerate(tokens))
    plain = pane.viewport().grab().toImage()
    assert window.doc.push(SetTimings((seg,), (seg.with_(start=0, end=words[-1].end, words=words),), "Align"))
    qtbot.waitUntil(lambda: pane.viewport().grab().toImage() != plain, timeout=2000)  # the dotted underline
    start, _end = token_spans(seg.text)[1]
    block = pane.document().findBlockByNumber(0)
    line = block.layout().lineForTextPosition(start + 1)
    origin = pane.blockBoundingGeometry(block).translated(pane.contentOffset()).topLeft()
    at = QPoint(int(origin.x() + line.cursorToX(start + 1)[0]), int(origin.y() + line.y() + line.height() / 2))
    QApplication.sendEvent(pane.viewport(), QHelpEvent(QEvent.Type.ToolTip, at, pane.viewport().mapToGlobal(at)))
    assert QToolTip.text() == plain_tooltip(TOOLTIP)
    QToolTip.hideText()
