"""A segment row decodes to the segment that was written, by the quick (msgspec) path and the JSON path alike."""

from __future__ import annotations

import dataclasses
import json

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.model import Segment, Word, tokenize
from editor.store import codec

texts = st.lists(st.text(st.characters(blacklist_categories=("Cs", "Zs", "Cc")), min_size=1, max_size=6),
                 min_size=1, max_size=5).map(" ".join)
times = st.none() | st.integers(0, 10**9)
confidences = st.none() | st.floats(0, 1) | st.integers(0, 1)
metas = st.dictionaries(st.sampled_from(["avg_logprob", "no_speech_prob", "x"]),
                        st.none() | st.integers(-5, 5) | st.text(max_size=3), max_size=2)


@st.composite
def segments(draw: st.DrawFn) -> Segment:
    text = draw(texts)
    words = None
    if draw(st.booleans()):
        words = tuple(Word(token, draw(times), draw(times), draw(confidences), draw(st.booleans()))
                      for token in tokenize(text))
    source = draw(st.none() | st.tuples(st.integers(0, 50), st.integers(50, 99)))
    meta = tuple(sorted(draw(metas).items()))
    return Segment("s1", text, draw(st.none() | st.sampled_from(["p1", "p2"])), draw(times), draw(times), words,
                   source, meta)


@settings(max_examples=300, deadline=None)
@given(segments())
def test_a_written_row_reads_back_as_the_same_segment_by_both_paths(segment):
    data = codec.segment_data(segment)
    quick = codec.segment_from_row("s1", data)
    assert quick == segment
    assert quick == codec._segment_from_json("s1", data)
    assert codec.segment_data(quick) == data  # written again, byte for byte the same row


def test_the_quick_path_builds_words_and_the_fields_of_the_segment():
    segment = Segment("s9", "héllo wörld", "p1", 10, 900,
                      (Word("héllo", 10, 400, 0.25), Word("wörld", 500, 900, None, estimated=True)), (3, 14),
                      (("avg_logprob", -0.5),))
    back = codec.segment_from_row("s9", codec.segment_data(segment))
    assert back == segment
    assert [type(w) for w in back.words] == [Word, Word]
    assert back.words[1].estimated and not back.words[0].estimated
    assert back.source == (3, 14) and back.meta == (("avg_logprob", -0.5),)


@pytest.mark.parametrize("fields", [
    {"text": "a b", "start": 1.5, "end": 2},                      # a time of another type than the editor writes
    {"text": "a", "words": [["a", 1, 2, None, False, "extra"]]},  # a word with more values
    {"text": "a", "source": [1, 2, 3]},                           # a span of three
    {"text": "a", "speaker": 7},
])
def test_a_row_of_other_types_reads_as_the_json_path_always_read_it(fields):
    data = json.dumps(fields)
    try:
        expected = codec._segment_from_json("s1", data)
    except codec.DECODE_ERRORS as exc:
        with pytest.raises(type(exc)):
            codec.segment_from_row("s1", data)
        return
    assert codec.segment_from_row("s1", data) == expected


def test_fields_it_does_not_know_are_skipped():
    data = json.dumps({"text": "a", "start": 1, "later": {"x": [1, 2]}})
    assert codec.segment_from_row("s1", data) == Segment("s1", "a", start=1)


def test_the_row_schema_lists_every_stored_field_of_a_segment() -> None:
    """The quick decoder's schema must name every field segment_data writes, or a new Segment field would be
    dropped on reopen without a word (msgspec skips fields it does not know)."""
    segment_fields = [f.name for f in dataclasses.fields(Segment) if f.name != "id"]
    row_fields = [f.name for f in msgspec.structs.fields(codec._SegmentRow)]
    assert row_fields == segment_fields
