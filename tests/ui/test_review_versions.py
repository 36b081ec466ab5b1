"""Versions and history in the review GUI: save two versions, compare side by side, restore and undo."""

from __future__ import annotations

import pytest
from review_helpers import open_reviewed, project_with_glossary
from ui_helpers import model_texts

from editor.core.edits import set_segment_text

pytestmark = pytest.mark.gui


def _edit(window, number: int, text: str) -> None:
    transcript = window.doc.transcript
    assert window.doc.push(set_segment_text(transcript, transcript.segments[number].id, text))


def test_save_compare_restore_and_undo(qtbot, talk, dialogs):
    window = open_reviewed(qtbot, project_with_glossary(talk))
    history = window.review.history
    original = model_texts(window)
    _edit(window, 0, "First version opening words.")
    assert history.save_version("first")
    v1 = model_texts(window)
    _edit(window, 2, original[2] + " An added closing sentence.")
    assert history.save_version("second")
    names = history.version_names()
    assert names == ["original", "first", "second", "current"]
    assert history.versions.count() == 4
    assert "Save version" not in " ".join(dialogs)

    dialog = history.compare_dialog("first", "second")
    assert dialog.view.rows == 1  # only the paragraph that changed between the two
    table_text = dialog.view.toPlainText()
    assert "An added closing sentence." in table_text and "first" in table_text
    assert "3 word(s) changed" in dialog.summary_label.text() or "4 word(s) changed" in dialog.summary_label.text()
    dialog.a_combo.setCurrentText("original")
    assert dialog.view.rows == 2
    dialog.close()

    qtbot.waitUntil(lambda: "words changed since import" in history.summary_label.text(), timeout=10000)
    assert "Word error rate" in history.summary_label.text()

    assert history.restore("first")
    assert model_texts(window) == v1
    assert window.transcript_pane.toPlainText().split("\n") == v1
    history.refresh()
    assert history.history.item(0).text().endswith("Restore version 'first'")
    window.undo_action.trigger()
    assert model_texts(window)[2].endswith("An added closing sentence.")
    window.redo_action.trigger()
    assert model_texts(window) == v1


def test_history_lists_edits_newest_first_with_times(qtbot, talk, dialogs):
    window = open_reviewed(qtbot, project_with_glossary(talk))
    _edit(window, 1, "Changed text.")
    _edit(window, 3, "Other text.")
    history = window.review.history
    history.refresh()
    labels = [history.history.item(i).text() for i in range(history.history.count())]
    assert len(labels) == 2 and ":" in labels[0].split()[0]
    window.undo_action.trigger()
    history.refresh()
    assert history.history.item(0).text().endswith("(undo)")


@pytest.mark.parametrize("history_in_front", [False, True])
def test_history_is_read_once_when_a_project_opens(qtbot, talk, dialogs, history_in_front):
    from editor.ui.main_window import MainWindow
    from editor.ui.settings import Settings

    path = project_with_glossary(talk)
    window = MainWindow(Settings())  # as the app starts: the window is shown, then the file opens at once
    qtbot.addWidget(window)
    window.show()
    if history_in_front:
        window.review.history_dock.raise_()
    lists = window.review.history.history
    resets: list[int] = []
    lists.model().modelReset.connect(lambda: resets.append(1))
    assert window.open_path(path)
    qtbot.waitUntil(lambda: window.review.controller.ready, timeout=30000)
    qtbot.wait(200)  # (a refresh timer started by the first show would have run by now)
    # behind the Suspects tab it reads nothing yet (a diff of the whole text is not free)
    assert len(resets) == (1 if history_in_front else 0)
    window.review.history_dock.raise_()  # shown now if it was hidden: it reads the project then, once
    qtbot.waitUntil(lambda: len(resets) > 0, timeout=5000)
    qtbot.wait(100)
    assert len(resets) == 1
    assert window.review.history.summary_label.text() != "No project open"
    window.close()
