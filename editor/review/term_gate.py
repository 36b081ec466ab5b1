"""Which glossary terms a window of words could be at least `floor` alike to, without comparing it with every term.

rapidfuzz's `fuzz.ratio(a, b)` is 200 * LCS(a, b) / (len(a) + len(b)), LCS the longest common subsequence. A
window is its words' letters (or phones) strung together, and the LCS of a string made of pieces is at most
the sum of each piece's LCS with the term. So a term can reach the floor only if those per-piece LCS, which
are worked out once per distinct word (rapidfuzz `cdist`, ~10 ns a pair, in batches), add up to floor / 200
of the two lengths. The sums for all terms at once are a few additions of Python integers holding one byte
per term: a window like no term (most of them) costs a few microseconds, and only the terms it passes are
compared in full.

On a 10 h Earnings-21 check with 1,000 terms (term_ranker.py): 74k distinct windows, 7.4k distinct words; the
bound lets 1 pair in 500 through by letters and 1 in 2,500 by phones, where comparing every window with every
term in rapidfuzz (150M pairs) cost ~0.8 s CPU. It never drops a pair that is alike (tests/review/
test_term_gate.py compares it with the plain search). (A bound from letter counts alone, tried for
term_windows.py's search by letters and Metaphone key, let too many terms through to beat process.extract.)

A chunk's windows are tested at once by passing_many(): the same byte sums in numpy's 64-bit lanes (search_chunk
0.91x of the Python loop over the integers, same run). Tried and not kept (session 9, 10 h, 1,000 terms): the
terms in buckets of 8-32 of like length, a window's bound per bucket (its pieces' largest LCS there) tested before
the bucket's terms. A piece's largest LCS over even 8 terms is near its own length, so 10% of (window, bucket)
pairs by letters (17% for three-word windows) stayed open: 2.2 s (8 terms a bucket) to 7.6 s (32) against 0.18 s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import LCSseq

FIELD_MAX = 42  # a piece's LCS per term, kept in one byte: three pieces add up to at most 126, below the flag bit
FLAG = 0x80
MEMO_SIZE = 100_000  # pieces whose per-term LCS are remembered


class _ByteGate:
    """Per term one byte of a Python integer: a bound plus (FLAG - what the term needs) sets the byte's top bit
    exactly when the bound reaches what the term needs; terms of a length not allowed get no offset."""

    def __init__(self, choices: Sequence[str], floor: int, lengths: Sequence[int], ratio: tuple[float, float]) -> None:
        import numpy as np

        self._choices = list(choices)
        self._floor = floor
        self._ratio = ratio
        self._np_sizes = np.array([len(c) for c in self._choices], dtype=np.int64)
        self._lengths = list(lengths)
        self._np_lengths = np.array(self._lengths, dtype=np.float64)
        self.all_flags = int.from_bytes(bytes([FLAG]) * len(self._choices), "little")
        self.offsets: dict[tuple[int, int], int] = {}
        self._alphabet: Any = None  # the terms' characters (code points, ascending) and each term's count of each
        self._term_counts: Any = None

    def flags(self, total: int, size: int, span: int) -> int:
        """The flag bits of the terms a bound sum `total` (for a string of `size` and a window of `span`) may
        reach: 0 (the usual answer) when none."""
        offset = self.offsets.get((size, span))
        if offset is None:
            offset = self.offset(size, span)
        return (total + offset) & self.all_flags

    def _passing(self, total: int, size: int, span: int) -> list[int]:
        return self.flagged(self.flags(total, size, span))

    def flagged(self, flags: int) -> list[int]:
        """The terms whose flag bit is set in `flags`, ascending (term n's flag is the top bit of byte n)."""
        if not flags:
            return []
        raw = flags.to_bytes(len(self._choices), "little")  # (bytes.find beat bit tricks on the big integer)
        out = []
        at = raw.find(FLAG)
        while at >= 0:
            out.append(at)
            at = raw.find(FLAG, at + 1)
        return out

    def offset(self, size: int, span: int) -> int:
        import numpy as np

        low, high = self._ratio
        # floor <= 200 * LCS / (size + m)  <=>  LCS >= floor * (size + m) / 200, rounded up (a ratio equal to the
        # floor is let through; rapidfuzz's own comparison comes after)
        need = -(-self._floor * (size + self._np_sizes) // 200)
        # (a term can share no more than its own length: a window too long for it is out whatever the sums say)
        allowed = ((low * span <= self._np_lengths) & (self._np_lengths <= high * span) & (need > 0) & (need <= FLAG)
                   & (need <= self._np_sizes) & (need <= size))
        offset = int.from_bytes(np.where(allowed, FLAG - need, 0).astype(np.uint8).tobytes(), "little")
        if len(self.offsets) >= MEMO_SIZE:
            self.offsets.clear()
        self.offsets[(size, span)] = offset
        return offset


class SubsequenceGate(_ByteGate):
    """The terms (`choices`, one string each) a window made of pieces may be at least `floor` alike to (rapidfuzz
    ratio), among those whose `lengths` are within `ratio` times the window's span (its phone count)."""

    def __init__(self, choices: Sequence[str], floor: int, lengths: Sequence[int], ratio: tuple[float, float]) -> None:
        super().__init__(choices, floor, lengths, ratio)
        self.pieces: dict[str, int] = {}  # piece -> its LCS with each term, one byte per term

    def prepare(self, pieces: Iterable[str]) -> None:
        """Work out the per-term LCS of the pieces not yet known, in one rapidfuzz batch."""
        new = list(dict.fromkeys(p for p in pieces if p not in self.pieces and len(p) <= FIELD_MAX))
        if not new or not self._choices:
            return
        import numpy as np

        if len(self.pieces) + len(new) >= MEMO_SIZE:
            self.pieces.clear()
        table = process.cdist(new, self._choices, scorer=LCSseq.similarity, dtype=np.uint8)
        for piece, row in zip(new, table, strict=True):
            self.pieces[piece] = int.from_bytes(row.tobytes(), "little")

    def table(self, pieces: Sequence[str]) -> Any:
        """The pieces' per-term LCS as a numpy uint8 table (a row per piece, a column per term), and a last row of
        zeros (for "no piece"); a piece not prepared gets zeros."""
        import numpy as np

        count = len(self._choices)
        known = self.pieces
        raw = b"".join([known.get(p, 0).to_bytes(count, "little") for p in pieces] + [bytes(count)])
        return np.frombuffer(raw, dtype=np.uint8).reshape(len(pieces) + 1, count)

    def counts(self, pieces: Sequence[str]) -> Any:
        """How often each piece has each character of the terms (uint16, a row per piece, a column per character,
        a last row of zeros): the second bound of passing_many."""
        self.term_counts()
        return self._count(pieces)

    def term_counts(self) -> Any:
        """How often each term has each of the terms' characters (worked out once per glossary)."""
        import numpy as np

        if self._alphabet is None:
            self._alphabet = np.unique(np.frombuffer("".join(self._choices).encode("utf-32-le"), dtype=np.uint32))
            self._term_counts = self._count(self._choices)[:-1]
        return self._term_counts

    def _count(self, strings: Sequence[str]) -> Any:
        import numpy as np

        alphabet = self._alphabet
        other = len(alphabet)  # (the column of characters no term has: dropped)
        points = np.frombuffer("".join(strings).encode("utf-32-le"), dtype=np.uint32)
        code = np.searchsorted(alphabet, points)
        known = code < other
        known[known] = alphabet[code[known]] == points[known]
        code[~known] = other
        owner = np.repeat(np.arange(len(strings)), [len(text) for text in strings])
        table = np.bincount(owner * (other + 1) + code, minlength=(len(strings) + 1) * (other + 1))
        return table.reshape(len(strings) + 1, other + 1)[:, :other].astype(np.uint16)

    def passing(self, pieces: Sequence[str], span: int) -> list[int] | None:
        """The terms the window `"".join(pieces)` (of `span` phones) may be alike to, ascending; None when the
        bound cannot be used (a piece over FIELD_MAX long, or not prepared): the caller compares with all terms."""
        if len(pieces) * FIELD_MAX >= FLAG:
            return None
        total = 0
        size = 0
        known = self.pieces
        for piece in pieces:
            lcs = known.get(piece)
            if lcs is None:
                return None
            total += lcs
            size += len(piece)
        return self._passing(total, size, span)


BLOCK = 2048  # windows summed at once by passing_many (their rows stay in the CPU cache)


def passing_many(gate: SubsequenceGate, table: Any, windows: Any, size: Any, span: Any, used: Any,
                 counts: Any = None) -> tuple[Any, Any]:
    """passing() of many windows at once: the (window, term) pairs whose flag is set, by window then term.

    `table`: the pieces' rows (uint8, a column per term, a last row of zeros); `windows`: per window its pieces
    as indices into `table` (three columns; the zero row past its last piece); `size`, `span`: per window its
    length and phone count; `used`: the windows to test. The sums are the Python integers' (one byte per term,
    no carry between bytes), done eight terms at a time in the 64-bit lanes of numpy arrays: ~0.2 us a window
    where a Python loop over the integers took ~2 us.

    `counts` (counts() of the pieces by a gate with the same terms, rows as in `table`): the pairs that pass
    are tested again by a second bound, the characters window and term share (an LCS uses each character of the
    term once; the sums count a term's character once per piece that has it). On a 10 h check it keeps 1 pair
    in 6 by letters, 1 in 5 by phones, and the exact comparisons after the gate (term_ranker._nearest) fall as
    much."""
    import numpy as np

    empty = np.zeros(0, dtype=np.int64)
    asked = np.flatnonzero(used)
    count = len(gate._choices)
    if not count or not len(asked):
        return empty, empty
    width = -(-count // 8) * 8
    padded = np.zeros((len(table), width), dtype=np.uint8)
    padded[:, :count] = table
    lanes = padded.view(np.uint64)
    sizes, spans = size[asked], span[asked]
    combos, first, which = np.unique(sizes * (int(spans.max()) + 1) + spans, return_index=True, return_inverse=True)
    offsets = np.zeros((len(combos), width), dtype=np.uint8)
    for k, (s, p) in enumerate(zip(sizes[first].tolist(), spans[first].tolist(), strict=True)):
        offset = gate.offsets.get((s, p))
        if offset is None:
            offset = gate.offset(s, p)
        offsets[k, :count] = np.frombuffer(offset.to_bytes(count, "little"), dtype=np.uint8)
    offset_lanes = offsets.view(np.uint64)
    which = which.ravel()
    flags = np.frombuffer(bytes([FLAG]) * 8, dtype=np.uint64)[0]
    rows = windows[asked]
    found_windows, found_terms = [], []
    for start in range(0, len(asked), BLOCK):
        block = rows[start : start + BLOCK]
        sums = offset_lanes[which[start : start + BLOCK]]
        for k in range(block.shape[1]):
            sums += lanes[block[:, k]]
        sums &= flags
        flagged = np.flatnonzero(sums)  # (few lanes have a flag: their bytes only are looked at)
        if len(flagged):
            at, byte = np.nonzero(sums.ravel()[flagged].view(np.uint8).reshape(-1, 8))
            row, lane = np.divmod(flagged[at], sums.shape[1])
            found_windows.append(asked[start + row])
            found_terms.append(lane * 8 + byte)
    if not found_windows:
        return empty, empty
    pairs, terms = np.concatenate(found_windows), np.concatenate(found_terms)
    if counts is None:
        return pairs, terms
    passed, at = np.unique(pairs, return_inverse=True)
    heard = counts[windows[passed, 0]]
    for k in range(1, windows.shape[1]):
        heard = heard + counts[windows[passed, k]]
    shared = np.minimum(heard[at.ravel()], gate.term_counts()[terms]).sum(axis=1)
    need = -(-gate._floor * (size[pairs] + gate._np_sizes[terms]) // 200)
    keep = shared >= need
    return pairs[keep], terms[keep]
