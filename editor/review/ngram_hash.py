"""Hash tables over the n-gram keys of editor/review/ngram_arrays.py, probed vectorised (numpy, no loop per key).

A check of 10 hours asks ~800k n-gram look-ups of the model's ~2 M bigram and ~1.7 M trigram keys. A binary search
(np.searchsorted) reads ~21 keys per look-up, the last ten or so far apart in memory (and evicted between batches by
the rest of the check), and wants its questions sorted first; a hash table answers most look-ups with one read, in
any order: the model's look-ups took ~0.6x the time (tests/bench/bench_ngram_lookup.py).

Layout: each key is stored as one int64, `key << index_bits | index` (its index in the key array sorted ascending,
what np.searchsorted would give: probabilities and back-offs are indexed by it, and a trigram's key is made from
its bigram's index), in a table of `size` slots (twice the keys) plus a tail. A key's home slot is
`hash(key) * size >> 32` for a 32-bit multiplicative hash; keys are laid out in the order of (home slot, key), each
at its home slot or, when that is taken, the next free one (linear probing, with the keys of a run kept in order).
So a look-up reads slots from the wanted key's home on and stops at the key, at an empty slot, or at the first key
that comes after it in that order: a key that is not there (~half of a check's look-ups) costs about as few reads
as one that is. Slots do not wrap round: the tail holds the last run, and an empty slot ends the table.

Built once with the other arrays (the shipped file, or the user cache on first use): one sort, no loop.
Deterministic: the same keys give the same table, byte for byte, on any machine.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # 2^64 / golden ratio (odd): spreads word-id keys over the slots
LOAD = 0.5  # keys per slot: at 0.75 the look-ups took 1.4x as long, at 0.35 0.9x (and 1.4x the memory)
EMPTY = -1

IntArray = npt.NDArray[np.int64]


class KeyTable:
    """One table: `slots` (int64 entries, EMPTY where free), `size` (home slots), `index_bits`."""

    def __init__(self, slots: IntArray, size: int, index_bits: int) -> None:
        self.slots = slots
        self.size = size
        self.index_bits = index_bits

    def homes(self, keys: IntArray) -> IntArray:
        """Each key's home slot."""
        return home_slots(keys, self.size)

    def find(self, wanted: IntArray) -> tuple[IntArray, npt.NDArray[np.bool_]]:
        """(each wanted key's index in the sorted keys, 0 where it is not there; whether it is there)."""
        shift = self.index_bits
        index_mask = (1 << shift) - 1
        slots = self.slots
        at = np.zeros(len(wanted), dtype=np.int64)
        found = np.zeros(len(wanted), dtype=bool)
        active = np.arange(len(wanted), dtype=np.int64)
        asked = wanted
        home = self.homes(wanted)
        slot = home
        while len(active):
            entry = slots[slot]
            key = entry >> shift  # (EMPTY >> shift is -1: no key)
            hit = key == asked
            at[active[hit]] = entry[hit] & index_mask
            found[active[hit]] = True
            # read on while the slot holds a key that comes before the wanted one (home slot, then key)
            key_home = self.homes(key)
            go = np.flatnonzero((entry != EMPTY) & ((key_home < home) | ((key_home == home) & (key < asked))))
            active, asked, home, slot = active[go], asked[go], home[go], slot[go] + 1
        return at, found

    def keys(self) -> IntArray:
        """The keys, sorted (as they were given to build())."""
        stored = self.slots[self.slots != EMPTY]
        out = np.empty(len(stored), dtype=np.int64)
        out[stored & ((1 << self.index_bits) - 1)] = stored >> self.index_bits
        return out


def home_slots(keys: IntArray, size: int) -> IntArray:
    """Each key's home slot in a table of `size` home slots (keys >= 0; -1 gives some slot, never used)."""
    mixed = (keys.astype(np.uint64) * _MULTIPLIER) >> np.uint64(32)  # (wraps modulo 2^64, as meant)
    return ((mixed * np.uint64(size)) >> np.uint64(32)).astype(np.int64)


def build(keys: IntArray) -> KeyTable:
    """The table of `keys` (distinct, sorted ascending, >= 0)."""
    keys = np.asarray(keys, dtype=np.int64)
    count = len(keys)
    size = max(8, int(count / LOAD) + 1)
    if size >= 1 << 32:
        raise ValueError("too many keys for one table")
    index_bits = max(1, (count - 1).bit_length())
    if count and (int(keys[0]) < 0 or int(keys[-1]).bit_length() + index_bits > 62):
        raise ValueError("n-gram keys too large for the table's entries")
    home = home_slots(keys, size)
    order = np.lexsort((keys, home))
    ranks = np.arange(count, dtype=np.int64)
    # the n-th key in (home, key) order goes to its home slot, or right after the key before it if that is later
    place = np.maximum.accumulate(home[order] - ranks) + ranks if count else ranks
    length = max(size, int(place[-1]) + 1 if count else 0) + 1  # (+1: an empty slot ends every run)
    slots = np.full(length, EMPTY, dtype=np.int64)
    slots[place] = (keys[order] << index_bits) | order
    return KeyTable(slots, size, index_bits)
