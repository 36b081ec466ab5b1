"""The sound-alikes of every word the context check may test, as arrays indexed by the language model's word ids.

A batch of the context check (editor/review/context_batch.py) tries ~8 sound-alikes of each word that fits its
context badly. It used to ask ContextModel.neighbours() word by word (a bucket of the packed sound-alike table
unmarshalled, each 'other:cost' string parsed, the others' model ids looked up), and every forked helper did that
again for the ~3,600 words it tested: ~0.05-0.1 s of CPU per process. These arrays give the same lists with one
gather per batch.

Built from the packed sound-alike table (ContextModel._pack_neighbours: every word of the sound index and every
other word the check may test), in the same order per word, so a batch ranks them exactly as before:
- `start` (int64, one per model word id, then one more): word id -> where its sound-alikes begin, and end;
- `covered` (bool per word id): whether the table has the word (a word it lacks is worked out as before);
- `other` (int32): each sound-alike's model word id; `cost` (float64): its prior cost, as the table has it.
Stored with ngram_arrays.write_arrays (memory-mapped), shipped with the wheel, else built into the user cache.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

FORMAT = "alike-arrays-1"  # bump when the layout changes


class AlikeArrays:
    """Sound-alikes by model word id (see the module docstring)."""

    def __init__(self, arrays: Mapping[str, np.ndarray[Any, Any]]) -> None:
        self.start = arrays["start"]
        self.covered = arrays["covered"]
        self.other = arrays["other"]
        self.cost = arrays["cost"]

    def entries(self, word_ids: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None:
        """(where each word's sound-alikes begin, how many), or None when a word is not in the table."""
        if len(word_ids) and (word_ids.min() < 0 or not self.covered[word_ids].all()):
            return None
        begin = self.start[word_ids]
        return begin, self.start[word_ids + 1] - begin


def build(packed: Mapping[str, str], ids: Callable[[list[str]], npt.NDArray[np.int64]],
          vocabulary_size: int) -> dict[str, np.ndarray[Any, Any]]:
    """The arrays of a packed sound-alike table (word -> 'other:cost other:cost ...'); `ids` gives model word
    ids (-1: unknown). A word the model does not know, or with a sound-alike it does not know, is left out."""
    words = sorted(packed)
    lists = [[item.partition(":") for item in packed[word].split()] for word in words]
    others = [other for items in lists for other, _, _ in items]
    other_ids = ids(others)
    word_ids = ids(words)
    lengths = np.array([len(items) for items in lists], dtype=np.int64)
    owner = np.repeat(np.arange(len(words), dtype=np.int64), lengths)
    usable = word_ids >= 0
    if len(other_ids):
        usable &= np.bincount(owner[other_ids < 0], minlength=len(words)) == 0
    by_id = np.argsort(word_ids[usable], kind="stable")
    kept_ids = word_ids[usable][by_id]
    counts = np.zeros(vocabulary_size, dtype=np.int64)
    counts[kept_ids] = lengths[usable][by_id]
    start = np.zeros(vocabulary_size + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    # entries grouped by word id, each word's in the table's order
    kept_entries = np.flatnonzero(usable[owner])
    order = kept_entries[np.argsort(word_ids[owner[kept_entries]], kind="stable")]
    costs = np.array([float(cost) for items in lists for _, _, cost in items], dtype=np.float64)
    covered = np.zeros(vocabulary_size, dtype=bool)
    covered[kept_ids] = True
    return {"start": start, "covered": covered, "other": other_ids[order].astype(np.int32), "cost": costs[order]}
