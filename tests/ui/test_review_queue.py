"""The review queue driven like a user: F8, Enter, the suspect menu, learning, persistence."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from review_helpers import open_reviewed, project_with_glossary, repeated, settle, viewport_point

from editor.commands.check import META_CORRECTIONS, META_IGNORED, META_IGNORED_WORDS
from editor.review import UserCorrectionStore

pytestmark = pytest.mark.gui


@pytest.fixture
def reviewed(qtbot, talk, dialogs):
    return open_reviewed(qtbot, project_with_glossary(talk))


def _selected_text(window) -> str:
    return window.transcript_pane.textCursor().selectedText()


def test_f8_steps_through_open_suspects_in_document_order_and_enter_accepts(reviewed, qtbot):
    window, controller = reviewed, reviewed.review.controller
    order = controller.open_suspects()
    assert len(order) >= 5
    window.transcript_pane.go_to_segment(window.doc.transcript.segments[0].id, 0)
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_F8)
    assert controller.current == order[0] and _selected_text(window) == order[0].text
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_F8)
    assert controller.current == order[1] and _selected_text(window) == order[1].text
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert controller.current == order[0]
    # the queue row follows the caret
    assert reviewed.review.panel.selected_suspect() == order[0]
    target = next(s for s in order if s.suggestions)
    controller.select(target)
    segments_before = len(window.doc.transcript)
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_Return)
    segment = window.doc.transcript.segment(target.segment_id)
    assert segment.text[target.start : target.start + len(target.suggestions[0])] == target.suggestions[0]
    assert len(window.doc.transcript) == segments_before  # Enter did not split the segment
    assert target not in controller.open_suspects()
    reviewed_count, total = controller.progress()
    assert reviewed_count == 1 and total >= len(order)
    assert "1 of" in reviewed.review.panel.progress_label.text()
    window.undo_action.trigger()
    assert window.doc.transcript.segment(target.segment_id).text[target.start : target.end] == target.text


def test_accepting_a_suggestion_teaches_the_same_fix_elsewhere(reviewed, qtbot):
    window, controller = reviewed, reviewed.review.controller
    group = repeated(window)
    first, fix = group[0], group[0].suggestions[1]  # not the top suggestion: the change must be learned
    menu = reviewed.review.menus.menu_at(viewport_point(window, first))
    suggestion = next(a for a in menu.actions() if a.objectName() == "suggestion" and a.text() == fix)
    suggestion.trigger()
    assert window.doc.transcript.segment(first.segment_id).text[first.start :].startswith(fix)
    assert window.doc.project.get_meta(META_CORRECTIONS) == {first.text: {fix: 1}}
    rule = next(r for r in UserCorrectionStore().rules() if r.old == first.text)
    assert rule.new == fix and rule.times == 1 and not rule.everywhere  # one project: not yet for every file

    def offered_everywhere() -> bool:
        others = [s for s in controller.open_suspects() if s.text == first.text]
        return len(others) == len(group) - 1 and all(s.suggestions[0] == fix and "memory" in s.kinds for s in others)

    qtbot.waitUntil(offered_everywhere, timeout=10000)


def test_typing_over_a_suspect_records_the_correction(reviewed, qtbot):
    window, controller = reviewed, reviewed.review.controller
    group = repeated(window)
    target = group[0]
    controller.select(target)
    qtbot.keyClicks(window.transcript_pane, "Zorblax ")
    window.transcript_pane.commit_typing()
    settle(qtbot, window)
    qtbot.waitUntil(lambda: (window.doc.project.get_meta(META_CORRECTIONS) or {}).get(target.text) == {"Zorblax": 1},
                    timeout=10000)
    qtbot.waitUntil(lambda: all(s.suggestions[:1] == ("Zorblax",) for s in controller.open_suspects()
                                if s.text == target.text), timeout=10000)
    assert not [s for s in controller.suspects_in(target.segment_id) if s.text == target.text
                and s.start == target.start]  # the typed-over suspect left the queue


def test_ignore_ignore_everywhere_glossary_replace_all_persist_after_reopen(reviewed, qtbot, dialogs):
    window, controller = reviewed, reviewed.review.controller
    menus = reviewed.review.menus
    suspects = controller.open_suspects()
    texts = {}
    for s in suspects:
        texts.setdefault(s.text, []).append(s)
    singles = [g[0] for g in texts.values() if len(g) == 1 and " " not in g[0].text]
    multi = [g for g in texts.values() if len(g) >= 2 and g[0].suggestions and " " not in g[0].text]
    assert len(singles) >= 2 and len(multi) >= 2
    ignored, glossary_word = singles[0], singles[1]
    everywhere, replaced = multi[0], multi[1]

    def trigger(suspect, starts_with: str) -> None:
        menu = menus.menu_at(viewport_point(window, suspect))
        next(a for a in menu.actions() if a.text().startswith(starts_with)).trigger()

    trigger(ignored, "Ignore")
    assert ignored not in controller.open_suspects()
    trigger(everywhere[0], "Ignore “")
    assert not [s for s in controller.open_suspects() if s.text == everywhere[0].text]
    trigger(glossary_word, "Add “")
    assert glossary_word.text in controller.data.glossary.terms
    steps = window.doc.undo_stack.count()
    old, new = replaced[0].text, replaced[0].suggestions[0]
    trigger(replaced[0], "Replace All")
    assert window.doc.undo_stack.count() == steps + 1  # one undoable edit
    assert not any(s.text.split().count(old) for s in window.doc.transcript.segments if old not in new)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: not controller.checking(), timeout=30000)
    reviewed_before, total_before = controller.progress()
    assert reviewed_before >= 1 + len(everywhere) + len(replaced)
    path = window.doc.project.path
    project_text = [s.text for s in window.doc.transcript.segments]
    window.close()

    again = open_reviewed(qtbot, path)
    c2 = again.review.controller
    settle(qtbot, again)
    assert [s.text for s in again.doc.transcript.segments] == project_text
    meta = again.doc.project
    assert [ignored.segment_id, ignored.text] in meta.get_meta(META_IGNORED)
    assert everywhere[0].text in meta.get_meta(META_IGNORED_WORDS)
    assert glossary_word.text in c2.data.glossary.terms
    open_texts = {(s.segment_id, s.text) for s in c2.open_suspects()}
    assert (ignored.segment_id, ignored.text) not in open_texts
    assert not [s for s in c2.open_suspects() if s.text in (everywhere[0].text, glossary_word.text)]
    reviewed_after, total_after = c2.progress()
    assert reviewed_after == reviewed_before and total_after == total_before
    assert f"{reviewed_after} of {total_after} reviewed" in again.review.panel.progress_label.text()


def test_queue_sorts_and_filters(reviewed):
    panel = reviewed.review.panel
    rows = panel.visible_suspects()
    assert [s.score for s in rows] == sorted((s.score for s in rows), reverse=True)
    panel.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # position
    controller = reviewed.review.controller
    assert panel.visible_suspects() == controller.open_suspects()
    kind = panel.kind_combo.itemText(1)
    panel.kind_combo.setCurrentText(kind)
    shown = panel.visible_suspects()
    assert shown and all(kind in s.kinds for s in shown) and len(shown) <= len(rows)
    panel.kind_combo.setCurrentIndex(0)
    word = rows[0].text
    panel.filter_edit.setText(word)
    assert all(word.lower() in " ".join((s.text, s.reason, *s.suggestions)).lower() for s in panel.visible_suspects())
    assert "shown" in panel.progress_label.text()


def test_clicking_a_column_header_sorts_by_it_and_again_reverses_it(reviewed, qtbot):
    panel = reviewed.review.panel
    header = panel.table.horizontalHeader()
    words = 2  # the "Words" column
    point = QPoint(header.sectionViewportPosition(words) + header.sectionSize(words) // 2, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)
    first = [s.text.lower() for s in panel.visible_suspects()]
    assert len(set(first)) >= 3 and first in (sorted(first), sorted(first, reverse=True))
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert [s.text.lower() for s in panel.visible_suspects()] == list(reversed(sorted(first, reverse=first[0] > first[-1])))
    assert header.sortIndicatorSection() == words
    # a selected row stays selected (and is the same suspect) across a re-sort
    panel.table.selectRow(0)
    chosen = panel.selected_suspect()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert panel.selected_suspect() == chosen


def test_ignoring_removes_only_that_row_and_keeps_the_sorted_view(reviewed):
    panel = reviewed.review.panel
    panel.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # score
    before = panel.visible_suspects()
    assert len(before) >= 3
    victim = before[1]
    panel.table.selectRow(1)
    panel.ignore_button.click()
    after = panel.visible_suspects()
    # the rest in the same sorted order (the same words twice in one segment are one decision: both go, as the
    # checker hides them)
    assert after == [s for s in before if (s.segment_id, s.text) != (victim.segment_id, victim.text)]
    controller = reviewed.review.controller  # (the model keeps its rows in the shown order)
    assert sorted(panel.model.rows, key=lambda s: (controller.position_of(s), s.start)) == controller.open_suspects()


def test_enter_on_a_looped_segment_deletes_that_copy_and_undo_brings_it_back(qtbot, tmp_path, dialogs):
    cues = ["We trained the model overnight.", "The results were better than expected."] + \
        ["Thank you for watching."] * 3 + ["That is all for today."]
    src = tmp_path / "loop.srt"
    src.write_text("\n".join(f"{i + 1}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 1:02d},500\n{t}\n"
                             for i, t in enumerate(cues)), encoding="utf-8")
    window = open_reviewed(qtbot, src)
    controller = window.review.controller
    loops = [s for s in controller.open_suspects() if "repeated" in s.kinds]
    assert [window.doc.transcript.index_of(s.segment_id) for s in loops] == [3, 4]
    row = window.review.panel.model.rows.index(loops[0])
    suggestion = window.review.panel.model.index(row, 3).data()
    assert suggestion == "(delete segment)"
    window.transcript_pane.go_to_segment(window.doc.transcript.segments[2].id, 0)
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_F8)
    assert controller.current == loops[0]
    qtbot.keyClick(window.transcript_pane, Qt.Key.Key_Return)
    texts = [s.text for s in window.doc.transcript.segments]
    assert texts == cues[:3] + cues[4:]
    assert window.transcript_pane.document().blockCount() == len(texts)
    window.undo_action.trigger()
    assert [s.text for s in window.doc.transcript.segments] == cues
    assert window.transcript_pane.document().blockCount() == len(cues)


GERMAN_TALK = ("Wir haben zuerst mit einfachen Modellen angefangen, und die Ergebnisse waren ziemlich gut.\n"
               "Später kamen neuronale Netze dazu, und die Rechenzeit wurde plötzlich ein echtes Problem.\n"
               "Dann haben wir die Trainingsdaten besser aufbereitet und die Berechnungen verlagert.\n")


def _open_german(qtbot, tmp_path, extra: str = ""):
    """A German transcript in a window, once its first check has said it is German."""
    src = tmp_path / "gespraech.txt"
    src.write_text(GERMAN_TALK + extra, encoding="utf-8")
    window = open_reviewed(qtbot, src)
    panel = window.review.panel
    qtbot.waitUntil(lambda: "checked as German" in panel.progress_label.text(), timeout=10000)
    return window, window.review.controller, panel


def test_a_german_transcript_is_checked_as_german_and_the_queue_says_so(qtbot, tmp_path, dialogs):
    window, controller, panel = _open_german(
        qtbot, tmp_path, "Ich habe ursprünglich Füsik studiert und bin über die Datenanalyse dazu gekommen.\n")
    assert [s.text for s in controller.open_suspects()] == ["Füsik"]  # not every German word
    assert "German word list" in controller.open_suspects()[0].reason


def test_the_transcript_language_can_be_set_in_the_review_menu_and_is_kept(qtbot, tmp_path, dialogs, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from editor.commands.check import META_LANGUAGE

    window, controller, panel = _open_german(qtbot, tmp_path)
    assert controller.open_suspects() == []
    offered = []

    def pick(parent, title, label, items, current, editable):
        offered.append(items)
        return next(i for i in items if i.endswith("(en)")), True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    window.review.language_action.trigger()
    qtbot.waitUntil(lambda: len(controller.open_suspects()) > 5, timeout=10000)  # read as English: flooded
    qtbot.waitUntil(lambda: "checked as" not in panel.progress_label.text(), timeout=10000)
    assert offered[0][0].startswith("Detect automatically") and "German (de)" in offered[0]
    assert controller.data.project.get_meta(META_LANGUAGE) == "en"  # kept with the project
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, current, editable: (items[0], True))
    window.review.language_action.trigger()
    qtbot.waitUntil(lambda: controller.open_suspects() == [] and "checked as German" in panel.progress_label.text(),
                    timeout=10000)
    assert controller.data.project.get_meta(META_LANGUAGE) is None
