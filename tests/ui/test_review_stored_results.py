"""The last check's suspects are kept in the project: a reopened project shows them at once and the checker is
asked only about what changed; a missing or damaged results table only costs a check."""

from __future__ import annotations

import sqlite3

import pytest
from review_helpers import open_reviewed, project_with_glossary, settle

from editor.core.edits import set_segment_text
from editor.review_service import FullCheck, SegmentCheck
from editor.store.project import Project
from editor.ui.main_window import MainWindow
from editor.ui.settings import Settings

pytestmark = pytest.mark.gui


def _open_recording(qtbot, path) -> tuple[MainWindow, list[object]]:
    """A window that opens `path`, and the list of what its checker is asked to check from the start."""
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    asked: list[object] = []
    window.review.controller.checkRequested.connect(asked.append)
    assert window.open_path(path)
    return window, asked


def _first_check_and_close(qtbot, path) -> tuple[list, int]:
    """Open `path`, wait for its check, close the window; (the suspects shown, rows stored)."""
    window = open_reviewed(qtbot, path)
    settle(qtbot, window)
    suspects = window.review.controller.open_suspects()
    assert suspects
    window.close()
    with sqlite3.connect(path) as conn:
        stored = conn.execute("SELECT count(*) FROM check_results").fetchone()[0]
    return suspects, stored


def test_reopen_shows_stored_suspects_without_a_check(qtbot, talk, dialogs):
    path = project_with_glossary(talk)
    before, stored = _first_check_and_close(qtbot, path)
    assert stored > 0
    window, asked = _open_recording(qtbot, path)
    controller = window.review.controller
    # at once: no event loop has run since the open, so nothing came back from the checker
    assert controller.ready
    assert controller.open_suspects() == before
    painted = window.review.painter
    target = before[len(before) // 2]
    window.transcript_pane.go_to_segment(target.segment_id, target.start + 1)
    assert painted.suspect_at(window.transcript_pane.cursorRect().center()) == target
    settle(qtbot, window)
    assert asked == []  # nothing changed: nothing was checked again
    assert controller.open_suspects() == before
    window.close()


def test_reopen_checks_only_the_segment_changed_elsewhere(qtbot, talk, dialogs):
    path = project_with_glossary(talk)
    before, _stored = _first_check_and_close(qtbot, path)
    changed = before[0]
    with Project.open(path) as project:  # an edit made while the window was closed (e.g. another program run)
        text = project.transcript.segment(changed.segment_id).text
        fixed = text[: changed.start] + (changed.suggestions or ("words",))[0] + text[changed.end:]
        project.apply(set_segment_text(project.transcript, changed.segment_id, fixed))
    window, asked = _open_recording(qtbot, path)
    controller = window.review.controller
    assert controller.ready
    shown = controller.open_suspects()
    assert [s for s in shown if s.segment_id != changed.segment_id] == [
        s for s in before if s.segment_id != changed.segment_id]
    settle(qtbot, window)
    assert not any(isinstance(check, FullCheck) for check in asked)
    assert [c.segment_ids for c in asked if isinstance(c, SegmentCheck)] == [(changed.segment_id,)]
    assert changed not in controller.open_suspects()
    window.close()


@pytest.mark.parametrize("damage", [
    "DROP TABLE check_results",
    "UPDATE check_results SET suspects = 'not json'",
    "UPDATE check_results SET suspects = '[[1, 2, 3]]'",
    "UPDATE check_results SET suspects = '[[0, 999, \"x\", [], 1.0, [], \"r\"]]'",
    "UPDATE check_results SET suspects = 7",
    "UPDATE check_results SET content = content || 'x'",
    "DROP TABLE check_results; CREATE TABLE check_results (a, b)",
])
def test_damaged_results_are_ignored_and_checked_again(qtbot, talk, dialogs, damage):
    path = project_with_glossary(talk)
    before, _stored = _first_check_and_close(qtbot, path)
    with sqlite3.connect(path) as conn:
        conn.executescript(damage)
    window, asked = _open_recording(qtbot, path)
    assert window.doc is not None and not window.doc.read_only and dialogs == []
    controller = window.review.controller
    qtbot.waitUntil(lambda: controller.ready, timeout=30000)
    settle(qtbot, window)
    assert controller.open_suspects() == before
    assert any(isinstance(check, FullCheck) for check in asked)  # the cache was no use: checked in full
    window.close()
    # the check made the results again: the next open shows them at once
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM check_results").fetchone()[0] > 0
    window, asked = _open_recording(qtbot, path)
    assert window.review.controller.ready and window.review.controller.open_suspects() == before
    assert asked == []
    window.close()


def test_changed_glossary_is_not_served_from_stored_results(qtbot, talk, dialogs):
    path = project_with_glossary(talk)
    _first_check_and_close(qtbot, path)
    with Project.open(path) as project:
        project.set_meta("review.glossary", {"terms": ["Kerastic"], "corrections": {}})
    window, asked = _open_recording(qtbot, path)
    controller = window.review.controller
    assert not controller.ready  # another glossary: the stored results do not apply
    assert isinstance(asked[0], FullCheck)
    qtbot.waitUntil(lambda: controller.ready, timeout=30000)
    window.close()


def test_reopen_fills_the_queue_once(qtbot, talk, dialogs):
    path = project_with_glossary(talk)
    before, _stored = _first_check_and_close(qtbot, path)
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()
    changes: list[int] = []
    resets: list[int] = []
    window.review.controller.suspectsChanged.connect(lambda: changes.append(1))
    window.review.panel.model.modelReset.connect(lambda: resets.append(1))
    assert window.open_path(path)
    assert window.review.controller.open_suspects() == before
    assert len(window.review.panel.model.rows) == len(before)
    assert (changes, resets) == ([1], [1])
    window.close()
