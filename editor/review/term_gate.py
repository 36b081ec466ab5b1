"""Which glossary terms a window of words could be LIKE_FLOOR alike to, without comparing it with every term.

rapidfuzz's `fuzz.ratio(a, b)` is 200 * LCS(a, b) / (len(a) + len(b)), LCS the longest common subsequence. A
window is its words' letters (or phones) strung together, and the LCS of a string made of pieces is at most
the sum of each piece's LCS with the term. So a term can reach the floor only if those per-piece LCS, which
are worked out once per distinct word (rapidfuzz `cdist`, ~10 ns a pair), add up to the floor's share of the
two lengths. The sums for all terms at once are a few additions of Python integers holding one byte per
term: a window like no term (most of them) costs about a microsecond, and only the terms it passes are
compared letter by letter.

On a 10 h Earnings-21 check with 1,000 terms: 45k distinct windows, 6.2k distinct words; the bound lets 1 pair
in 500 through by letters and 1 in 2,400 by phones, where comparing every window with every term in rapidfuzz
(90M pairs) cost ~0.5 s CPU. The bound never drops a pair that is alike (tests/review/test_term_gate.py
compares it with the plain search).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz import process
from rapidfuzz.distance import LCSseq

FIELD_MAX = 42  # a piece's LCS per term, kept in one byte: three pieces add up to at most 126, below the flag bit
FLAG = 0x80
MEMO_SIZE = 100_000  # pieces whose per-term LCS are remembered


class SubsequenceGate:
    """The terms (`choices`, one string each) a window made of pieces may be at least `floor` alike to (rapidfuzz
    ratio), among those whose `lengths` are within `ratio` times the window's span (its phone count)."""

    def __init__(self, choices: Sequence[str], floor: int, lengths: Sequence[int], ratio: tuple[float, float]) -> None:
        self._choices = list(choices)
        self._sizes = [len(c) for c in self._choices]
        self._floor = floor
        self._lengths = list(lengths)
        self._ratio = ratio
        self._flags = int.from_bytes(bytes([FLAG]) * len(self._choices), "little")
        self._pieces: dict[str, int] = {}  # piece -> its LCS with each term, one byte per term
        self._offsets: dict[tuple[int, int], int] = {}

    def prepare(self, pieces: Iterable[str]) -> None:
        """Work out the per-term LCS of the pieces not yet known, in one rapidfuzz batch."""
        new = list(dict.fromkeys(p for p in pieces if p not in self._pieces and len(p) <= FIELD_MAX))
        if not new or not self._choices:
            return
        import numpy as np

        if len(self._pieces) + len(new) >= MEMO_SIZE:
            self._pieces.clear()
        table = process.cdist(new, self._choices, scorer=LCSseq.similarity, dtype=np.uint8)
        for piece, row in zip(new, table, strict=True):
            self._pieces[piece] = int.from_bytes(row.tobytes(), "little")

    def passing(self, pieces: Sequence[str], span: int) -> list[int] | None:
        """The terms the window `"".join(pieces)` (of `span` phones) may be alike to, ascending; None when the
        bound cannot be used (a piece over FIELD_MAX long, or not prepared): the caller compares with all terms."""
        total = 0
        size = 0
        known = self._pieces
        for piece in pieces:
            lcs = known.get(piece)
            if lcs is None:
                return None
            total += lcs
            size += len(piece)
        if len(pieces) * FIELD_MAX >= FLAG:
            return None
        offset = self._offsets.get((size, span))
        if offset is None:
            offset = self._offset(size, span)
        flags = (total + offset) & self._flags
        out = []
        while flags:
            low = flags & -flags
            out.append((low.bit_length() - 1) >> 3)  # (term n's flag is bit 8n + 7)
            flags ^= low
        return out

    def _offset(self, size: int, span: int) -> int:
        """Per term, FLAG less the LCS the window needs to reach the floor (0 for a term of a length not allowed):
        added to the window's LCS sums it sets a term's flag bit exactly when its sum reaches what it needs."""
        low, high = self._ratio
        out = bytearray(len(self._choices))
        for n, (m, length) in enumerate(zip(self._sizes, self._lengths, strict=True)):
            # floor <= 200 * LCS / (size + m)  <=>  LCS >= floor * (size + m) / 200, rounded up (a ratio equal to
            # the floor is let through; rapidfuzz's own comparison comes after)
            need = -(-self._floor * (size + m) // 200)
            if 0 < need <= FLAG and low * span <= length <= high * span:
                out[n] = FLAG - need
        offset = int.from_bytes(out, "little")
        if len(self._offsets) >= MEMO_SIZE:
            self._offsets.clear()
        self._offsets[(size, span)] = offset
        return offset
