"""Segments a long check is about to ask about, cut into the chunks forked helpers take, so a signal can do a
whole chunk's work in one batch when the chunk's first segment is asked about (glossary.py, term_ranker.py)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

from editor.review.tokens import Token


class ChunkPlan:
    """Texts in the order they will be checked, their tokens from tokens_of(index), and the ascending indices
    `bounds` where chunks begin (none: one chunk of all), as parallel.Pool hands chunks of jobs out."""

    def __init__(self, texts: Sequence[str] = (), tokens_of: Callable[[int], list[Token]] = lambda i: [],
                 bounds: Sequence[int] = ()) -> None:
        self._texts = list(texts)
        self._first: dict[str, int] = {}  # each text not yet taken -> its first place
        for i, text in enumerate(self._texts):
            self._first.setdefault(text, i)
        self._tokens_of = tokens_of
        self._bounds = list(bounds)

    def __bool__(self) -> bool:
        """True while some planned text has not been taken."""
        return bool(self._first)

    def take(self, text: str) -> dict[str, list[Token]]:
        """The texts of the chunk `text` comes first in, in order, with their tokens, when `text` is a planned text
        not taken yet (each text is taken once, with the first chunk that holds it); else nothing."""
        first = self._first.get(text)
        if first is None:
            return {}
        after = bisect_right(self._bounds, first)
        end = self._bounds[after] if after < len(self._bounds) else len(self._texts)
        chunk: dict[str, list[Token]] = {}
        for i in range(first, end):
            text_i = self._texts[i]
            # (get, then pop: of two threads checking with one plan, one takes each segment)
            if self._first.get(text_i) == i and self._first.pop(text_i, None) == i:
                chunk[text_i] = self._tokens_of(i)
        return chunk
