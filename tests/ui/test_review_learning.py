"""The learning loop driven like a user: fixes never flood the queue, the user's own words are known, undo
unlearns, learned fixes can be seen and deleted, and correcting the sample's annotated mistakes one by one through
the queue takes the open count down to the suspects nobody annotated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox
from review_helpers import open_reviewed, settle, viewport_point
from ui_helpers import put_cursor

from editor.review import UserCorrectionStore
from editor.review.review_data import META_CORRECTIONS, META_WRITTEN
from editor.ui.review.glossary_dialog import GlossaryDialog

pytestmark = pytest.mark.gui
MISTAKES = Path(__file__).resolve().parent.parent / "eval" / "sample_mistakes.tsv"


@pytest.fixture
def reviewed(qtbot, talk, dialogs):
    window = open_reviewed(qtbot, talk)  # the sample as a new user opens it: no glossary
    window.review.controller._full_timer.setInterval(20)  # (the idle full re-check, sooner: tests wait for it)
    return window


def calm(qtbot, window) -> None:
    """Wait until every re-check, the idle full check included, has come back."""
    controller = window.review.controller
    qtbot.waitUntil(lambda: not window.transcript_pane.has_uncommitted_typing(), timeout=10000)  # (idle commit)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: not controller._full_timer.isActive() and not controller.checking()
                    and not controller._debounce.isActive() and not controller._dirty
                    and not controller.worker.busy(), timeout=30000)


def texts(controller) -> list[str]:
    return [s.text for s in controller.open_suspects()]


def select_span(window, segment_id: str, start: int, end: int) -> None:
    """Select characters [start, end) of a segment in the pane, as a drag with the mouse would."""
    pane = window.transcript_pane
    put_cursor(window, window.doc.transcript.index_of(segment_id), start)
    cursor = pane.textCursor()
    cursor.setPosition(cursor.position() + end - start, QTextCursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)


def type_over(qtbot, window, segment_id: str, start: int, end: int, text: str) -> None:
    """Select the words and type `text` over them, then go on with F8 as a reviewer does."""
    select_span(window, segment_id, start, end)
    qtbot.keyClicks(window.transcript_pane, text)
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_F8)


def test_a_case_only_fix_does_not_flood_the_queue_and_undo_takes_it_back(reviewed, qtbot):
    window, controller = reviewed, reviewed.review.controller
    calm(qtbot, window)
    before = controller.open_suspects()
    slip = next(s for s in before if s.text == "tensorflow")
    assert slip.suggestions[0] == "TensorFlow"
    put_cursor(window, window.doc.transcript.index_of(slip.segment_id), slip.start)
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_F8)
    assert controller.current == slip
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_Return)
    calm(qtbot, window)
    assert window.doc.project.get_meta(META_CORRECTIONS) == {"tensorflow": {"TensorFlow": 1}}
    assert controller.count() == len(before) - 1  # was 37 -> 111: every correct "TensorFlow" flagged
    assert "TensorFlow" not in texts(controller)
    window.undo_action.trigger()
    calm(qtbot, window)
    assert (window.doc.project.get_meta(META_CORRECTIONS) or {}) == {}  # undo unlearned the fix
    assert not UserCorrectionStore().load().counts and all(r.times == 0 for r in UserCorrectionStore().rules())
    assert sorted(texts(controller)) == sorted(s.text for s in before)
    window.redo_action.trigger()
    calm(qtbot, window)
    assert window.doc.project.get_meta(META_CORRECTIONS) == {"tensorflow": {"TensorFlow": 1}}


def test_words_the_user_typed_are_not_flagged_again(reviewed, qtbot):
    window, controller = reviewed, reviewed.review.controller
    calm(qtbot, window)
    fixes = {"pathonic": "Pythonic", "Latner": "Lattner", "Cubeflow": "Kubeflow"}
    for wrong, right in fixes.items():
        segment = next(s for s in window.doc.transcript.segments if re.search(rf"\b{wrong}\b", s.text))
        start = re.search(rf"\b{wrong}\b", segment.text).start()
        type_over(qtbot, window, segment.id, start, start + len(wrong), right)
        calm(qtbot, window)
    open_texts = texts(controller)
    for right in fixes.values():
        assert right not in open_texts, right  # "Pythonic -> Python", "Lattner -> Latter", "Kubeflow" unknown
    written = window.doc.project.get_meta(META_WRITTEN)
    assert set(fixes.values()) <= set(written)
    learned = window.doc.project.get_meta(META_CORRECTIONS) or {}
    assert "Pythonic" not in learned and all(len(new) > 3 for news in learned.values() for new in news)


def test_the_glossary_dialog_lists_learned_fixes_and_deletes_them_or_makes_them_always(reviewed, qtbot, tmp_path):
    window, controller = reviewed, reviewed.review.controller
    calm(qtbot, window)
    group = [s for s in controller.open_suspects() if s.text == "carous"]
    assert len(group) >= 3
    menu = window.review.menus.menu_at(viewport_point(window, group[0]))
    next(a for a in menu.actions() if a.objectName() == "suggestion" and a.text() == "Keras").trigger()
    menu = window.review.menus.menu_at(viewport_point(window, next(s for s in controller.open_suspects()
                                                                      if s.text == "tensorflow")))
    next(a for a in menu.actions() if a.objectName() == "suggestion" and a.text() == "TensorFlow").trigger()
    calm(qtbot, window)
    assert all(s.suggestions[0] == "Keras" for s in controller.open_suspects() if s.text == "carous")

    window.review.glossary_action.trigger()
    [dialog] = [d for d in window.findChildren(GlossaryDialog) if d.isVisible()]
    dialog.tabs.setCurrentWidget(dialog.learned)
    assert dialog.learned.rules() == [("carous", "Keras"), ("tensorflow", "TensorFlow")]
    assert dialog.grab().save(str(tmp_path / "learned-fixes.png"))
    table = dialog.learned.table
    table.item(1, table.columnCount() - 1).setCheckState(Qt.CheckState.Checked)  # "Always" for tensorflow
    table.selectRow(0)
    dialog.learned.delete_button.click()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    calm(qtbot, window)
    assert window.doc.project.get_meta(META_CORRECTIONS) == {"tensorflow": {"TensorFlow": 1}}
    assert UserCorrectionStore().load().to_json() == {"tensorflow": {"TensorFlow": 1}}  # Always: every project
    assert not [s for s in controller.open_suspects() if s.text == "carous" and "memory" in s.kinds]


def _annotations(source: str) -> list[tuple[int, int, str, str]]:
    """(start, end, wrong, right) in the source text of every annotated mistake (clear and minor)."""
    lines = source.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    found = []
    for row in MISTAKES.read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        number, wrong, right, _grade = row.split("\t")
        nth = 1
        if "#" in wrong:
            wrong, n = wrong.rsplit("#", 1)
            nth = int(n)
        line = int(number) - 1
        at = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(wrong) + r"(?!\w)", lines[line])][nth - 1]
        found.append((starts[line] + at, starts[line] + at + len(wrong), wrong, right))
    return sorted(found)


def test_correcting_every_annotated_mistake_through_the_queue_leaves_only_the_unannotated_suspects(reviewed, qtbot):
    window, controller = reviewed, reviewed.review.controller
    calm(qtbot, window)
    transcript = window.doc.transcript
    mistakes = _annotations(transcript.source.text)
    spans = {seg.id: seg.source for seg in transcript.segments}

    def located(start: int, end: int) -> tuple[str, int, int] | None:
        for segment_id, (a, b) in spans.items():
            if a <= start < b:
                return segment_id, start - a, end - a
        return None

    places = [(located(a, b), wrong, right) for a, b, wrong, right in mistakes]
    assert all(p is not None for p, _, _ in places)

    def on_a_mistake(s) -> bool:
        return any(p[0] == s.segment_id and s.start < p[2] and p[1] < s.end for p, _, _ in places)

    unannotated = sorted((s.segment_id, s.text) for s in controller.open_suspects() if not on_a_mistake(s))
    counts = [controller.count()]
    how = {"enter": 0, "menu": 0, "typed": 0}
    fixed: list[tuple[str, int, int]] = []
    for (segment_id, start, end), wrong, right in reversed(places):  # from the end: earlier offsets stay put
        if any(f[0] == segment_id and start < f[2] and f[1] < end for f in fixed):
            continue  # overlaps a mistake already fixed ('carous' inside 'TF.carous')
        assert transcript.segment(segment_id).text[start:end] == wrong
        put_cursor(window, transcript.index_of(segment_id), start)
        qtbot.keyClick(window.transcript_pane, Qt.Key.Key_F8)
        current = controller.current
        on_it = current is not None and (current.segment_id, current.start, current.end) == (segment_id, start, end)
        if on_it and current.suggestions[:1] == (right,):
            qtbot.keyClick(window.transcript_pane, Qt.Key.Key_Return)
            how["enter"] += 1
        elif on_it and right in current.suggestions:
            menu = window.review.menus.menu_at(viewport_point(window, current))
            next(a for a in menu.actions() if a.objectName() == "suggestion" and a.text() == right).trigger()
            how["menu"] += 1
        else:
            type_over(qtbot, window, segment_id, start, end, right)
            how["typed"] += 1
        fixed.append((segment_id, start, end))
        calm(qtbot, window)
        assert transcript.segment(segment_id).text[start : start + len(right)] == right, (
            transcript.segment(segment_id).text[max(0, start - 30) : start + 30], window.transcript_pane.textCursor().block().text()[max(0, start - 30) : start + 30])
        counts.append(controller.count())
        assert counts[-1] <= counts[-2], (wrong, right, counts, texts(controller))
    left = sorted((s.segment_id, s.text) for s in controller.open_suspects())
    print(f"open: {counts[0]} -> {counts[-1]} over {len(counts) - 1} fixes {how}; unannotated at the start: "
          f"{len(unannotated)}")
    assert left == unannotated
