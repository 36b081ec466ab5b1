"""Word-level diff between transcripts and the word error rate."""

from __future__ import annotations

import pytest
from store_helpers import make_transcript

from editor.core import edits as E
from editor.core.model import Segment, Transcript
from editor.store.diff import changed, diff_transcripts, format_diff, summary, word_error_rate


def _t(*texts):
    return Transcript([Segment(f"s{i}", text) for i, text in enumerate(texts, 1)])


def _rebuild(ops, side):
    return [w for op in ops for w in (op.old if side == "a" else op.new)]


def test_replaced_inserted_and_deleted_words():
    a = _t("the quick brown fox", "jumps over the dog")
    b = _t("the quick red fox", "jumps over the lazy dog")
    ops = diff_transcripts(a, b)
    assert [(op.tag, op.old, op.new, op.b_segment) for op in changed(ops)] == [
        ("replace", ("brown",), ("red",), "s1"),
        ("insert", (), ("lazy",), "s2"),
    ]
    assert _rebuild(ops, "a") == "the quick brown fox jumps over the dog".split()
    assert _rebuild(ops, "b") == "the quick red fox jumps over the lazy dog".split()
    assert summary(ops) == {"equal": 7, "replaced": 1, "deleted": 0, "inserted": 1}
    assert format_diff(ops) == "[s1] the quick [-brown-] {+red+} fox\n[s2] jumps over the {+lazy+} dog"


def test_split_and_merge_are_not_word_changes():
    a = make_transcript(5)
    b = a.copy()
    E.split_segment(b, "s2", 8).apply(b)
    E.merge_segments(b, "s4").apply(b)
    ops = diff_transcripts(a, b)
    assert changed(ops) == []
    assert format_diff(ops) == ""


def test_deleted_and_inserted_segments():
    a = _t("one two", "three four", "five six")
    b = Transcript([Segment("s1", "one two"), Segment("s9", "new words here"), Segment("s3", "five six")])
    ops = changed(diff_transcripts(a, b))
    assert [(op.old, op.new) for op in ops] == [(("three", "four"), ("new", "words", "here"))]
    assert ops[0].a_segment == "s2" and ops[0].b_segment == "s9"


def test_identical_transcripts():
    a = make_transcript(3)
    assert changed(diff_transcripts(a, a.copy())) == []
    assert word_error_rate(a, a.copy()) == 0.0


def test_word_error_rate():
    reference = _t("the cat sat on the mat")
    hypothesis = _t("the bat sat on mat today")  # 1 substitution, 1 deletion, 1 insertion
    assert word_error_rate(hypothesis, reference) == pytest.approx(3 / 6)
    # casing and punctuation are ignored unless asked for
    assert word_error_rate(_t("The cat, sat."), _t("the cat sat")) == 0.0
    assert word_error_rate(_t("The cat, sat."), _t("the cat sat"), normalize=False) == pytest.approx(3 / 3)
    assert word_error_rate(_t("x"), _t("")) == 1.0


def test_format_with_context_shortens_unchanged_stretches():
    words = [f"w{i}" for i in range(30)]
    a = _t(" ".join(words))
    b = _t(" ".join(words[:3] + ["NEW"] + words[4:]))
    ops = diff_transcripts(a, b)
    assert format_diff(ops, context=2) == "[s1] … w1 w2 [-w3-] {+NEW+} w4 w5 …"
    assert format_diff(ops, context=5) == "[s1] w0 w1 w2 [-w3-] {+NEW+} w4 w5 w6 w7 w8 …"
    assert format_diff(ops) == "[s1] " + " ".join(words[:3]) + " [-w3-] {+NEW+} " + " ".join(words[4:])
