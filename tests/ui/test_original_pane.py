"""The Original pane shows a Whisper JSON file as the recogniser's words, and stays linked to the transcript."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from ui_helpers import open_window, put_cursor

from editor.formats.source_view import source_view

DATA = Path(__file__).resolve().parents[1] / "formats" / "data"


def test_whisper_json_original_reads_as_text_and_follows_the_cursor_both_ways(qtbot, tmp_path, dialogs):
    talk = tmp_path / "talk.json"
    shutil.copy(DATA / "openai_whisper.json", talk)
    window = open_window(qtbot, talk)
    source = window.source_pane
    segments = window.doc.transcript.segments
    assert len(segments) >= 2
    lines = source.toPlainText().split("\n")
    assert not source.toPlainText().lstrip().startswith("{") and '"segments"' not in source.toPlainText()
    assert lines == [" ".join(s.text.split()) for s in segments]  # as the recogniser wrote them, one per line
    put_cursor(window, 1, 0)  # the transcript's second paragraph marks the second line
    selection = source.extraSelections()[0]
    marked = QTextCursor(selection.cursor).selectedText()
    assert marked == lines[1]
    block = source.document().findBlockByNumber(0)
    point = source.cursorRect(QTextCursor(block)).center()
    qtbot.mouseClick(source.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.transcript_pane.textCursor().blockNumber() == 0  # a click in the original goes back


def test_plain_formats_are_shown_exactly_as_imported(window):
    text = window.doc.transcript.source.text
    assert window.source_pane.toPlainText() == text.replace("\r\n", "\n")[: len(window.source_pane.toPlainText())]
    assert source_view(window.doc.transcript.source) is None


def test_view_positions_map_both_ways_inside_segments():
    from editor.formats import load_transcript

    transcript = load_transcript(DATA / "faster_whisper.json")
    view = source_view(transcript.source)
    assert view is not None
    for seg in transcript.segments:
        start, end = view.span_to_view(seg.source)
        assert view.text[start:end] == " ".join(seg.text.split())
        assert view.to_source(start) == seg.source[0]
