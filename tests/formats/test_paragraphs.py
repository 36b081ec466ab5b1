"""Paragraph grouping for the document exporters."""

from editor.core.model import Segment, SourceInfo, Speaker, Transcript
from editor.formats import ExportOptions
from editor.formats.paragraphs import UNLABELLED_PARAGRAPH_CHARS, paragraphs


def test_one_speakers_turn_is_one_paragraph():
    t = Transcript([Segment("s1", "Hi.", "p1"), Segment("s2", "Yes.", "p1"), Segment("s3", "No.", "p2")],
                   [Speaker("p1", "Ann"), Speaker("p2", "Bob")])
    assert [(p.speaker, p.text) for p in paragraphs(t, ExportOptions())] == [("Ann", "Hi. Yes."), ("Bob", "No.")]


def test_unlabelled_text_is_cut_into_readable_paragraphs():
    sentence = "This is a sentence of moderate length that keeps going for a while."
    t = Transcript([Segment(f"s{i}", sentence) for i in range(60)])
    paras = paragraphs(t, ExportOptions())
    assert len(paras) > 1
    assert all(len(p.text) < UNLABELLED_PARAGRAPH_CHARS + len(sentence) + 1 for p in paras)
    assert " ".join(p.text for p in paras) == " ".join([sentence] * 60)


def test_unlabelled_text_keeps_the_originals_paragraph_breaks():
    source = "First one.\n\nSecond one."
    t = Transcript([Segment("s1", "First one.", source=(0, 10)), Segment("s2", "Second one.", source=(12, 23))],
                   source=SourceInfo(text=source))
    assert [p.text for p in paragraphs(t, ExportOptions())] == ["First one.", "Second one."]
    assert [p.text for p in paragraphs(t, ExportOptions(merge=True))] == ["First one.", "Second one."]
