"""Screenshots of the review queue and the compare view (saved to the temp folder to look at)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from review_helpers import open_reviewed, project_with_glossary

from editor.core.edits import set_segment_text

pytestmark = pytest.mark.gui
SHOTS = Path(tempfile.gettempdir())


def test_screenshots_of_queue_and_compare(qtbot, talk, dialogs):
    window = open_reviewed(qtbot, project_with_glossary(talk))
    window.resize(1500, 900)
    window.review.controller.go_next(True)
    qtbot.wait(50)
    shot = window.grab()
    assert shot.width() >= 1000 and shot.save(str(SHOTS / "review_shot.png"))
    transcript = window.doc.transcript
    seg = transcript.segments[0]
    window.doc.push(set_segment_text(transcript, seg.id, seg.text.replace("Twimble", "TWIML")))
    window.review.history.save_version("first pass")
    window.review.history_dock.raise_()
    dialog = window.review.history.compare_dialog("original", "current")
    qtbot.waitExposed(dialog)
    assert dialog.view.rows == 1
    assert dialog.grab().save(str(SHOTS / "review_compare.png"))
    assert window.grab().save(str(SHOTS / "review_history.png"))
