"""Glossary dialog (import from notes, user dictionary), plain-text tooltips, stale worker results."""

from __future__ import annotations

import pytest
from review_helpers import open_reviewed, project_with_glossary, settle

from editor.commands.check import META_GLOSSARY
from editor.core.edits import set_segment_text
from editor.review import Suspect
from editor.review.review_data import UserDictionary
from editor.review.term_extraction import extract_terms
from editor.ui.panes.overlays import plain_tooltip
from editor.ui.review.suspect_painter import describe

pytestmark = pytest.mark.gui

NOTES = """In this episode we talk with Ada Quillfeather, lead of the Zentrix Compiler team at Brightloom.
We discuss QLang 2.0, the OpenQuill toolkit and Swift for Zentrix. The show is sponsored by Acme.
"""


def test_extract_terms_finds_names_and_phrases_not_common_words():
    terms = extract_terms(NOTES)
    for expected in ("Ada Quillfeather", "Zentrix Compiler", "Brightloom", "OpenQuill", "Swift for Zentrix"):
        assert expected in terms
    assert "In" not in terms and "We" not in terms and "The" not in terms
    assert extract_terms(NOTES, known={"brightloom"}).count("Brightloom") == 0


def test_glossary_dialog_imports_notes_and_saves_glossary_and_dictionary(qtbot, talk, dialogs, tmp_path, monkeypatch):
    window = open_reviewed(qtbot, project_with_glossary(talk))
    notes = tmp_path / "notes.txt"
    notes.write_text(NOTES, encoding="utf-8")
    dialog = window.review.show_glossary_dialog()
    offered: list[list[str]] = []
    monkeypatch.setattr(dialog, "choose_terms", lambda c: offered.append(c) or [t for t in c if "Zentrix" in t])
    chosen = dialog.import_file(notes)
    assert offered and "Brightloom" in offered[0]
    assert chosen == ["Zentrix Compiler", "Swift for Zentrix"]
    assert "Swift for Zentrix" in dialog.glossary_edit.toPlainText()
    assert dialog.import_file(tmp_path / "missing.txt") == [] and "missing.txt" in dialogs[-1]
    dialog.words_edit.setPlainText("Quillfeather\nbrightloom\n")
    dialog.accept()
    terms = window.doc.project.get_meta(META_GLOSSARY)["terms"]
    assert "Swift for Zentrix" in terms and "Keras" in terms
    assert UserDictionary().load() == ["Quillfeather", "brightloom"]
    controller = window.review.controller
    qtbot.waitUntil(lambda: not controller.checking(), timeout=30000)
    assert controller.ready


def test_bad_glossary_line_is_reported_and_dialog_stays_open(qtbot, talk, dialogs):
    window = open_reviewed(qtbot, project_with_glossary(talk))
    dialog = window.review.show_glossary_dialog()
    dialog.glossary_edit.setPlainText("Keras\nfoo -> \n")
    dialog.accept()
    assert dialog.isVisible() and "line 2" in dialogs[-1]
    dialog.reject()


def test_tooltip_text_is_plain():
    s = Suspect("s1", 0, 8, "<b>x</b>", ("unknown",), 0.9, ("<i>y</i>",), "'<b>x</b>' is odd")
    tip = plain_tooltip(describe(s))
    assert "<b>" not in tip and "&lt;b&gt;x&lt;/b&gt;" in tip and tip.startswith("<qt>")


def test_result_for_a_segment_edited_while_checking_is_replaced_by_a_recheck(qtbot, talk, dialogs):
    window = open_reviewed(qtbot, project_with_glossary(talk))
    controller = window.review.controller
    target = controller.open_suspects()[0]
    controller.start_full_check(rebuild=True)  # worker busy now; edit the suspect's segment meanwhile
    segment = window.doc.transcript.segment(target.segment_id)
    fixed = segment.text[: target.start] + "the" + segment.text[target.end :]
    window.doc.push(set_segment_text(window.doc.transcript, segment.id, fixed))
    qtbot.waitUntil(lambda: not controller.checking(), timeout=30000)
    settle(qtbot, window)
    assert not [s for s in controller.suspects_in(target.segment_id) if s.text == target.text and
                s.start == target.start]
    assert all(window.doc.transcript.segment(s.segment_id).text[s.start : s.end] == s.text
               for s in controller.open_suspects())
