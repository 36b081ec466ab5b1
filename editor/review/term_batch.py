"""The glossary ranker's windows for a chunk of segments at once (term_ranker.py): which windows of one to three
words have a word that does not fit its place, found with numpy over all the chunk's tokens, then each distinct
window's nearest terms searched in one batch.

Per segment (term_ranker.candidates walking each segment's words, then a search per segment) a 10 h check spent
~0.2 s CPU walking windows and ~0.05 s in per-segment set-up; here the walk is a few array operations and only
the windows like some term (~1 in 50) come back as Python objects. The windows are the same: those
candidates() walks, except that a window of exact terms only is kept here (the exact terms are not known yet)
and left out when the segment is checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from editor.review.term_gate import passing_many
from editor.review.tokens import Token, phonetic_key

if TYPE_CHECKING:
    from editor.review.term_ranker import TermSounds, WindowSounds

MAX_WORDS = 3


class ChunkWindows:
    """The windows of each segment (text, tokens, word fits) that term_ranker.candidates() would look at, but for
    exact terms: tokens of `kinds` not parted by punctuation, one of them fitting worse than `gate_fit`.

    `words`: the distinct words in windows; `distinct`: the distinct windows as rows of word indices (-1 past a
    window's last word), in the order first seen; `loose`: per distinct window, whether it may be like a term by
    phones alone (one word or one with a capital, with a word fitting worse than `loose_fit`: term_ranker.LOOSE_FIT;
    the same words are two distinct windows when this differs); each window's place is kept as arrays until asked
    for."""

    def __init__(self, segments: Sequence[tuple[str, list[Token], list[float]]], kinds: tuple[str, ...],
                 gate_fit: float, loose_fit: float = -np.inf) -> None:
        tokens = [t for _, toks, _ in segments for t in toks]
        total = len(tokens)
        self._segments = len(segments)
        self.words: list[str] = []
        self.distinct = np.full((0, MAX_WORDS), -1, dtype=np.int64)
        self.loose = np.zeros(0, dtype=bool)
        self._starts = self._lasts = self._seg = self._which = self._base = np.zeros(0, dtype=np.int64)
        self.tokens = tokens  # all the chunk's tokens, one segment after another
        self.fits = np.zeros(0, dtype=np.float64)
        if total == 0:
            return
        fits = self.fits = np.fromiter((f for _, _, fs in segments for f in fs), dtype=np.float64, count=total)
        sizes = np.array([len(toks) for _, toks, _ in segments], dtype=np.int64)
        seg_start = np.concatenate(([0], np.cumsum(sizes)[:-1]))
        seg_of = np.repeat(np.arange(len(segments), dtype=np.int64), sizes)
        bad = fits < gate_fit
        worse = fits < loose_fit
        pad = MAX_WORDS - 1
        # tokens within MAX_WORDS - 1 of a badly fitting word: only these can be in a window
        near = np.zeros(total + 2 * pad, dtype=bool)
        for shift in range(-pad, pad + 1):
            near[pad + shift : pad + shift + total] |= bad
        places = np.flatnonzero(near[pad : pad + total]).tolist()
        usable = np.zeros(total, dtype=bool)  # a token of a window kind
        joined = np.zeros(total, dtype=bool)  # ... following the one before it in its segment, no punctuation between
        word_id = np.full(total, -1, dtype=np.int64)
        capital = np.zeros(total, dtype=bool)  # a capital not at a sentence start
        ids: dict[str, int] = {}
        first_of = set(seg_start.tolist())
        texts = [text for text, _, _ in segments]
        seg_list = seg_of.tolist()
        for p in places:
            tok = tokens[p]
            if tok.kind not in kinds:
                continue
            usable[p] = True
            word_id[p] = ids.setdefault(tok.text, len(ids))
            capital[p] = tok.text[:1].isupper() and not tok.sentence_start
            if p not in first_of:
                joined[p] = texts[seg_list[p]][tokens[p - 1].end : tok.start].strip() in ("", "-")
        self.words = list(ids)
        # windows of 1..MAX_WORDS tokens: all usable, each joined to the one before, one of them fitting badly
        starts_all: list[np.ndarray[Any, Any]] = []
        lasts_all: list[np.ndarray[Any, Any]] = []
        loose_all: list[np.ndarray[Any, Any]] = []
        ok = usable.copy()
        any_bad = bad & usable
        any_worse = worse & usable
        any_capital = capital.copy()
        for size in range(1, MAX_WORDS + 1):
            if size > 1:
                shift = size - 1
                ok = ok[:-1] & usable[shift:] & joined[shift:]
                any_bad = any_bad[:-1] | bad[shift:]
                any_worse = any_worse[:-1] | worse[shift:]
                any_capital = any_capital[:-1] | capital[shift:]
            found = np.flatnonzero(ok & any_bad)
            starts_all.append(found)
            lasts_all.append(found + size - 1)
            loose_all.append(any_worse[found] & (any_capital[found] | (size == 1)))
        starts = np.concatenate(starts_all)
        lasts = np.concatenate(lasts_all)
        loose = np.concatenate(loose_all)
        if len(starts) == 0:
            return
        # distinct windows by their words' ids and whether loose (three ids of 20 bits and a bit in one integer; -1
        # past the last word)
        width = 1 << 20
        if len(ids) >= width - 1:
            raise ValueError("too many distinct words in one chunk")
        rows = np.full((len(starts), MAX_WORDS), -1, dtype=np.int64)
        code = np.zeros(len(starts), dtype=np.int64)
        for k in range(MAX_WORDS):
            at = starts + k
            inside = at <= lasts
            rows[:, k] = np.where(inside, word_id[np.minimum(at, total - 1)], -1)
            code = code * width + (rows[:, k] & (width - 1))
        code = code * 2 + loose
        _, first_seen, which = np.unique(code, return_index=True, return_inverse=True)
        # distinct windows in first-seen order (np.unique sorts them by code)
        order = np.argsort(first_seen, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        self.distinct = rows[first_seen[order]]
        self.loose = loose[first_seen[order]]
        self._which = rank[which.ravel()]
        self._starts, self._lasts = starts, lasts
        self._seg = seg_of[starts]
        self._base = seg_start[self._seg]

    def places(self) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        """Every window's first and last token (inclusive) in `tokens`."""
        return self._starts, self._lasts

    def texts(self, n: int) -> tuple[str, ...]:
        """The words' texts of distinct window n."""
        return tuple(self.words[w] for w in self.distinct[n].tolist() if w >= 0)

    def per_segment(self, keep: np.ndarray[Any, Any]) -> list[list[tuple[int, int, int]]]:
        """Per segment, its windows whose distinct window is kept (`keep`: a flag per distinct window) as (first
        token, last token, distinct window), by first then last token."""
        out: list[list[tuple[int, int, int]]] = [[] for _ in range(self._segments)]
        chosen = np.flatnonzero(keep[self._which]) if len(self._which) else self._which
        if len(chosen) == 0:
            return out
        starts, lasts = self._starts[chosen], self._lasts[chosen]
        order = np.lexsort((lasts, starts))  # (starts ascend through the segments, in segment order)
        seg = self._seg[chosen][order].tolist()
        first = (starts - self._base[chosen])[order].tolist()
        last = (lasts - self._base[chosen])[order].tolist()
        which = self._which[chosen][order].tolist()
        for s, i, j, n in zip(seg, first, last, which, strict=True):
            out[s].append((i, j, n))
        return out


def search_chunk(sounds: TermSounds, chunk: ChunkWindows) -> list[WindowSounds]:
    """The sounds and nearest terms of each of a chunk's distinct windows (term_ranker._NOTHING: like no term),
    as TermSounds.nearest_parts() finds them.

    The gate's sums (term_gate.passing_many) for all windows at once over rows of word indices: a window's letter
    and phone counts, and so the gate's offsets, are worked out with numpy first; only the windows the gate lets
    through (~1 in 3) are looked at further. (nearest_parts() over the same windows, given as lists of their
    words' sounds, spent ~5 us a window on a 10 h check: 0.4 s for 74k windows.)"""
    from editor.review.term_ranker import _NOTHING

    words = [sounds.token_sound(w) for w in chunk.words]
    letter_gate, phone_gate = sounds._gates
    letter_gate.prepare(s[0] for s in words)
    phone_gate.prepare(s[1] for s in words)
    found: list[WindowSounds] = [_NOTHING] * len(chunk.distinct)
    if not len(chunk.distinct) or not sounds._letters:
        return found
    # a word without the gate's rows (too long for it) leaves its windows to nearest_parts()
    letter_rows, phone_rows = letter_gate.pieces, phone_gate.pieces
    missing = np.array([s[0] not in letter_rows or s[1] not in phone_rows for s in words] + [False])
    rows = np.where(chunk.distinct >= 0, chunk.distinct, len(words))
    letter_len = np.array([len(s[0]) for s in words] + [0], dtype=np.int64)
    phone_len = np.array([len(s[1]) for s in words] + [0], dtype=np.int64)
    size = letter_len[rows].sum(axis=1)
    span = phone_len[rows].sum(axis=1)
    # too short to be like anything; a word without gate rows (too long for the gate): nearest_parts() asks
    later = missing[rows].any(axis=1) & (size >= 2)
    gated = ~missing[rows].any(axis=1) & (size >= 2)
    loose = chunk.loose
    wide = loose.tolist()
    # each word's per-term LCS as a uint8 table, a zero row for "no word" last (a word without rows is in no
    # window tested here)
    tables = [gate.table([s[pool] for s in words]) for pool, gate in enumerate((letter_gate, phone_gate))]
    # ... and how often each has each character of the terms (the gates' second bound)
    counts = [gate.counts([s[pool] for s in words]) for pool, gate in enumerate((letter_gate, phone_gate))]
    phoned = gated & (span >= 2)
    tested = (
        (0, passing_many(letter_gate, tables[0], rows, size, span, gated, counts[0])),
        (1, passing_many(phone_gate, tables[1], rows, span, span, phoned & ~loose, counts[1])),
        (1, passing_many(sounds._loose_gate, tables[1], rows, span, span, phoned & loose, counts[1])),
    )
    alike: tuple[dict[int, list[int]], dict[int, list[int]]] = ({}, {})  # by letters, by phones: window -> terms
    for pool, (which, terms) in tested:
        chosen = alike[pool]
        for n, term in zip(which.tolist(), terms.tolist(), strict=True):
            passed = chosen.get(n)
            if passed is None:
                chosen[n] = [term]
            else:
                passed.append(term)
    distinct = chunk.distinct.tolist()
    nearest_of: dict[int, list[int]] = {}
    by_letters, by_phones = alike
    for n in sorted(by_letters.keys() | by_phones.keys()):
        parts = [words[w] for w in distinct[n] if w >= 0]
        nearest = sounds._nearest(parts, int(span[n]), by_letters.get(n, []), by_phones.get(n, []), wide[n])
        if nearest:
            nearest_of[n] = nearest
    asked = np.flatnonzero(later).tolist()
    if asked:
        parts_of = [[words[w] for w in distinct[n] if w >= 0] for n in asked]
        for n, nearest in zip(asked, sounds.nearest_parts(parts_of, [wide[n] for n in asked]), strict=True):
            if nearest:
                nearest_of[n] = nearest
    for n in sorted(nearest_of):
        parts = [words[w] for w in distinct[n] if w >= 0]
        letters = "".join(p[0] for p in parts)
        found[n] = (letters, phonetic_key(letters), "".join(p[1] for p in parts), "".join(p[2] for p in parts),
                    nearest_of[n])
    return found

