"""ChunkPlan hands each planned text out once, with the chunk it comes first in, as forked helpers take chunks."""

from __future__ import annotations

from editor.review.chunk_plan import ChunkPlan


def _plan(texts: list[str], bounds: list[int]) -> tuple[ChunkPlan, list[int]]:
    asked: list[int] = []

    def tokens_of(i: int) -> list:
        asked.append(i)
        return [i]  # (a stand-in for the i-th segment's tokens)

    return ChunkPlan(texts, tokens_of, bounds), asked


def test_the_first_text_of_a_chunk_takes_the_chunk_and_nothing_is_taken_twice():
    plan, asked = _plan(["a", "b", "c", "d", "e"], [0, 2, 4])
    assert plan.take("c") == {"c": [2], "d": [3]}  # the chunk that begins at 2
    assert plan.take("d") == {}  # taken with c's chunk
    assert plan.take("a") == {"a": [0], "b": [1]}
    assert plan and plan.take("e") == {"e": [4]}
    assert not plan and plan.take("zz") == {}
    assert asked == [2, 3, 0, 1, 4]


def test_a_text_asked_in_mid_chunk_takes_the_rest_of_its_chunk_and_repeats_go_with_their_first_place():
    plan, _ = _plan(["a", "b", "a", "c", "d"], [0, 3])
    assert plan.take("b") == {"b": [1]}  # ('a' at 2 is the text first planned at 0: not this chunk's)
    assert plan.take("a") == {"a": [0]}
    assert plan.take("c") == {"c": [3], "d": [4]}


def test_without_bounds_the_whole_plan_is_one_chunk():
    plan, _ = _plan(["x", "y", "z"], [])
    assert list(plan.take("x")) == ["x", "y", "z"]
    assert not plan
