"""Segment has a hand-written constructor and Word is a msgspec Struct (both quicker when a project opens): they
must build exactly what a frozen dataclass would, and stay frozen."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from editor.core.model import Segment, Word


@pytest.mark.parametrize("cls", [Segment])
def test_the_constructor_takes_the_dataclass_fields_in_order_with_their_defaults(cls):
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields]


def test_built_values_are_the_fields_given_and_stay_frozen():
    word = Word("hello", 10, 20, 0.5, estimated=True)
    assert (word.text, word.start, word.end, word.confidence, word.estimated) == ("hello", 10, 20, 0.5, True)
    assert Word("a") == Word(text="a", start=None, end=None, confidence=None, estimated=False)
    segment = Segment("s1", "hello", "p1", 10, 20, (word,), (0, 5), (("k", 1),))
    assert dataclasses.astuple(segment)[:3] == ("s1", "hello", "p1")
    assert (segment.start, segment.end, segment.words, segment.source, segment.meta) == (10, 20, (word,), (0, 5),
                                                                                          (("k", 1),))
    assert Segment("s2", "x") == Segment(id="s2", text="x", speaker=None, start=None, end=None, words=None,
                                         source=None, meta=())
    assert hash(Segment("s2", "x")) == hash(Segment("s2", "x"))
    assert dataclasses.replace(segment, text="bye").text == "bye"
    with pytest.raises(AttributeError):
        word.text = "changed"  # type: ignore[misc]
    assert Word("a", 1) != Word("a", 2) and hash(Word("a", 1, 2, 0.5)) == hash(Word("a", 1, 2, 0.5))
    assert {Word("a", 1): 1}[Word("a", 1)] == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        segment.text = "changed"  # type: ignore[misc]
