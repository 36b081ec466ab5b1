"""A long check for suspects shows its progress and can be cancelled; the window stays editable meanwhile and
what the check found before it stopped stays."""

from __future__ import annotations

import os
import random
import signal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_helpers import open_window

from editor.core.model import Segment, Transcript
from editor.review import Detector
from editor.review_service import (
    CheckJob,
    CheckSession,
    FullCheck,
    FullResult,
    pack_segment,
    part_size,
    unpack_suspects,
)
from editor.ui.review import check_worker

WORDS = ("the a of and to in we it that was for on are with as they be at one have this from by had not but what "
         "all were when your can said there use each which she do how their if will up other about out many then "
         "them these so some her would make like him into time has look two more write go see number way could "
         "people than first water been call who now find long down day did get come made may part").split()


def _made_up(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4)) + "x"


def _long_text(paragraphs: int) -> str:
    """One sentence per paragraph, each with a made-up word (a suspect) and all of them different."""
    rng = random.Random(7)
    lines = []
    for _ in range(paragraphs):
        words = [rng.choice(WORDS) for _ in range(7)]
        words.insert(rng.randrange(1, 7), _made_up(rng))
        lines.append(" ".join(words).capitalize() + ".")
    return "\n\n".join(lines) + "\n"


def test_a_full_check_in_parts_finds_what_one_check_finds():
    transcript = Transcript([Segment(f"s{i}", t) for i, t in enumerate(_long_text(40).split("\n\n")) if t.strip()])
    whole = Detector().check(transcript)
    assert whole
    for size in (1, 7, 40):
        detector = Detector()
        progress = [done for done, _ in detector.check_parts(transcript, size)]
        assert progress[-1] == len(transcript) and progress == sorted(progress)
        found = [s for _, part in Detector().check_parts(transcript, size) for s in part]
        assert sorted(found, key=lambda s: (s.segment_id, s.start)) == sorted(whole, key=lambda s: (s.segment_id, s.start))


def test_a_stopped_full_check_gives_what_its_parts_so_far_found():
    transcript = Transcript([Segment(f"s{i}", t) for i, t in enumerate(_long_text(1100).split("\n\n")) if t.strip()])
    told: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        told.append((done, total))
        return False  # stop after the first part

    session = CheckSession()
    job = CheckJob(FullCheck(), order=[s.id for s in transcript.segments],
                   segments=[pack_segment(s) for s in transcript.segments])
    result = session.handle(job, progress)
    size = part_size(len(transcript))
    assert size < len(transcript) and told == [(size, len(transcript))]
    assert isinstance(result, FullResult) and result.checked == size
    reached = {s.id for s in transcript.segments[:size]}
    found = unpack_suspects(result.suspects)
    assert found and {s.segment_id for s in found} <= reached
    done, expected = next(Detector().check_parts(transcript, size))  # (parts find what one check finds: above)
    assert done == size
    assert sorted(found, key=lambda s: (s.segment_id, s.start)) == sorted(expected, key=lambda s: (s.segment_id, s.start))


@pytest.mark.gui
@pytest.mark.slow
@pytest.mark.parametrize("where", ["process", "thread"])
def test_cancel_stops_a_long_check_keeps_what_it_found_and_the_window_stays_editable(qtbot, tmp_path: Path, dialogs,
                                                                                     monkeypatch, where):
    if where == "thread":  # where no checker process can start, the check runs on a thread: Cancel stops it too
        monkeypatch.setattr(check_worker, "_shared_process", lambda: None)
    path = tmp_path / "long.txt"
    path.write_text(_long_text(10_000), encoding="utf-8")
    window = open_window(qtbot, path)
    review = window.review
    controller, widget = review.controller, review.check_progress
    total = len(window.doc.transcript)
    assert total == 10_000 and controller.checking() and controller.worker.in_process == (where == "process")
    assert part_size(total) * 10 < total  # (many parts: the check is far from done when the Cancel arrives)
    assert review.stop_check_action.isEnabled()  # Review → Stop Checking, while a check runs
    qtbot.waitUntil(widget.isVisible, timeout=60000)  # shown once the first part is done
    assert widget.cancel_button.isVisible() and widget.bar.value() > 0
    process = check_worker._process if where == "process" else None
    if process is not None:  # the checker waits while the user types and cancels (however slow this machine is)
        os.kill(process.process.pid, signal.SIGSTOP)
    # the user goes on editing while the check runs: type at the start of the first paragraph
    pane = window.transcript_pane
    pane.setFocus()
    cursor = pane.textCursor()
    cursor.setPosition(0)
    pane.setTextCursor(cursor)
    qtbot.keyClicks(pane, "Typed ")
    qtbot.mouseClick(widget.cancel_button, Qt.MouseButton.LeftButton)
    if process is not None:
        qtbot.waitUntil(process._outbox.empty)  # the Stop is on its way
        os.kill(process.process.pid, signal.SIGCONT)
    qtbot.waitUntil(lambda: not controller.checking(), timeout=60000)
    assert not widget.isVisible() and not review.stop_check_action.isEnabled()
    checked, of = controller.stopped_at
    assert 0 < checked < of == total
    found = controller.open_suspects()
    positions = {controller.position_of(s) for s in found}
    assert found and max(positions) < checked  # what the parts before the stop found, and nothing further
    window.doc.flush()
    assert window.doc.transcript.segments[0].text.startswith("Typed ")
    assert "check stopped after" in review.panel.progress_label.text()
    # an edit later on does not start the whole check again by itself; Re-check Whole Transcript does
    controller.start_full_check(rebuild=False)
    assert not controller.checking()
    review.recheck_action.trigger()
    assert controller.checking()
    review.stop_check_action.trigger()
    qtbot.waitUntil(lambda: not controller.checking(), timeout=60000)
    window.close_document()
