"""pocketsphinx's trigram model as sorted numpy arrays, so that a check scores all its n-grams in a few vectorised
look-ups instead of one `NGramModel.prob()` call each (~530k of them for 10 hours of speech).

The arrays are read once from pocketsphinx's own binary model (`en-us.lm.bin`, its "trie" format: 16-bit quantised
probabilities and back-offs, bit-packed word ids) and kept in one file that is memory-mapped: shipped with the
wheel (editor/review/prebuilt.py) or, failing that, written to the user cache on first use (~0.5 s). Scores are
computed exactly as pocketsphinx's `lm_trie_score` does (the same 32-bit float sums, truncated to its integer
log base 1.0001), so they equal `NGramModel.prob()` bit for bit; tests/review/test_ngram_arrays.py compares them.

Layout (word ids are the model's own; n-grams are keyed word first, history newest first, as the trie is):
- `vocab` (sorted UTF-8 words) and `vocab_ids`: word -> id by binary search;
- `uni_prob`, `uni_bo`: float32 per word id;
- bigram key = word * V + previous word, its index = its place among the bigram keys sorted; `bi_prob`/`bi_bo`
  by bigram index: indexes into `prob_bins`/`bo_bins`;
- trigram key = bigram index * V + the word before, `tri_prob` by its index among them sorted: into `tri_bins`;
- the keys themselves are stored only in hash tables (`bi_slots`, `tri_slots`, their sizes in `key_tables`) that
  give a key's index in one or two reads (editor/review/ngram_hash.py).
"""

from __future__ import annotations

import json
import mmap
import struct
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from editor.atomic_write import write_atomic
from editor.review.ngram_hash import KeyTable
from editor.review.ngram_hash import build as build_key_table

LOG_ZERO = -536870912  # pocketsphinx's score for a word it does not know
FORMAT = "ngram-arrays-2"  # bump when the layout changes (2: keys in hash tables instead of sorted arrays)
_MAGIC = b"TEarrays"
_HEAD = struct.Struct("<8sQ")  # magic, length of the JSON header that follows
_ALIGN = 64
_TRIE_MAGIC = b"Trie Language Model"
_BINS = 1 << 16  # pocketsphinx quantises probabilities and back-offs to 16 bits

IntArray = npt.NDArray[np.int64]


class NGramArrays:
    """Vectorised trigram scores of one model, equal to pocketsphinx's `NGramModel.prob()`."""

    def __init__(self, arrays: dict[str, np.ndarray[Any, Any]]) -> None:
        self.vocab = arrays["vocab"]
        self.vocab_ids = arrays["vocab_ids"]
        self.uni_prob = arrays["uni_prob"]
        self.uni_bo = arrays["uni_bo"]
        shape = [int(x) for x in arrays["key_tables"].tolist()]  # (size, index bits) of the bigram, trigram tables
        self.bigrams = KeyTable(arrays["bi_slots"], shape[0], shape[1])
        self.trigrams = KeyTable(arrays["tri_slots"], shape[2], shape[3])
        self.bi_prob = arrays["bi_prob"]
        self.bi_bo = arrays["bi_bo"]
        self.prob_bins = arrays["prob_bins"]
        self.bo_bins = arrays["bo_bins"]
        self.tri_prob = arrays["tri_prob"]
        self.tri_bins = arrays["tri_bins"]
        self.size = len(self.uni_prob)
        self._spelled: np.ndarray[Any, Any] | None = None

    def ids(self, words: list[str]) -> IntArray:
        """The model's id of each word, -1 for a word it does not know."""
        width = self.vocab.dtype.itemsize
        encoded = [w.encode("utf-8") for w in words]
        fits = np.array([len(b) <= width for b in encoded], dtype=bool)
        # (a word longer than the longest in the vocabulary is not in it, and would be cut to fit the array)
        wanted = np.array([b if len(b) <= width else b"" for b in encoded], dtype=self.vocab.dtype)
        at = np.searchsorted(self.vocab, wanted)
        at[at >= len(self.vocab)] = 0
        found = fits & (self.vocab[at] == wanted)
        return np.where(found, self.vocab_ids[at].astype(np.int64), -1)

    def spellings(self, ids: IntArray) -> list[str]:
        """The words of model word ids (all known)."""
        if self._spelled is None:
            spelled = np.empty(self.size, dtype=self.vocab.dtype)
            spelled[self.vocab_ids] = self.vocab
            self._spelled = spelled
        return [b.decode("utf-8") for b in self._spelled[ids].tolist()]

    def history_backoffs(self, h1: IntArray, h2: IntArray) -> npt.NDArray[np.float32]:
        """The back-off weight of each two-word history (`h2` then `h1`; 0 where there is no such bigram), as
        raw_scores() needs it: worked out once for a history shared by many look-ups."""
        has2 = (h1 >= 0) & (h2 >= 0)
        at, found = self.bigrams.find(np.where(has2, h1, 0) * self.size + np.where(has2, h2, 0))
        return np.where(found & has2, self.bo_bins[self.bi_bo[at]], np.float32(0.0)).astype(np.float32)

    def raw_scores(self, word: IntArray, h1: IntArray, h2: IntArray,
                   backoffs: npt.NDArray[np.float32] | None = None) -> npt.NDArray[np.int32]:
        """pocketsphinx's integer score of `word` after `h1` (the previous word) and `h2` (the one before), ids
        with -1 for an unknown or absent word. As in the model: an unknown word scores LOG_ZERO, and the history
        is cut at its first unknown word. `backoffs`: history_backoffs(h1, h2), when already known."""
        return self.scores_and_backoffs(word, h1, h2, backoffs)[0]

    def scores_and_backoffs(self, word: IntArray, h1: IntArray, h2: IntArray,
                            backoffs: npt.NDArray[np.float32] | None = None
                            ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]:
        """raw_scores(), and the back-off weight of each bigram (`word` after `h1`) as history_backoffs(word, h1)
        gives it: the history of a look-up of the word after `word` (found by the same search, so a caller
        scoring the next word of many sequences need not search for it again)."""
        size = self.size
        known = word >= 0
        w = np.where(known, word, 0)
        has1 = known & (h1 >= 0)
        has2 = has1 & (h2 >= 0)
        a1 = np.where(has1, h1, 0)
        a2 = np.where(has2, h2, 0)
        bi_at, bi_found = self.bigrams.find(w * size + a1)
        bi_found &= has1
        # a trigram is stored under its bigram: only the words whose bigram was found have one to look for
        # (~40% of a check's look-ups; the others skip the second search)
        asked = np.flatnonzero(bi_found & has2)
        tri_at = np.zeros(len(w), dtype=np.int64)
        tri_found = np.zeros(len(w), dtype=bool)
        tri_at[asked], tri_found[asked] = self.trigrams.find(bi_at[asked] * size + a2[asked])
        prob = self.uni_prob[w]  # float32, as the trie keeps it
        bi_prob = self.prob_bins[self.bi_prob[bi_at]]
        bo1 = self.uni_bo[a1]
        # one word of history: the bigram, or the unigram plus the history word's back-off
        one = np.where(bi_found, bi_prob, prob + bo1)
        # two words: the trigram; else the bigram plus the back-off of the history bigram; else the unigram plus
        # both back-offs (summed in pocketsphinx's order, in 32-bit floats). The history's back-off is only
        # needed (and looked up) where there is no trigram.
        if backoffs is None:
            need = np.flatnonzero(has2 & ~tri_found)
            bo2 = np.zeros(len(w), dtype=np.float32)
            bo2[need] = self.history_backoffs(a1[need], h2[need])
        else:
            bo2 = backoffs
        two = np.where(tri_found, self.tri_bins[self.tri_prob[tri_at]],
                       np.where(bi_found, bi_prob + bo2, (prob + bo1) + bo2))
        score = np.where(has2, two, np.where(has1, one, prob)).astype(np.float32)
        raw = score.astype(np.int32)  # C's (int32) cast: toward zero
        bigram_backoffs = np.where(bi_found, self.bo_bins[self.bi_bo[bi_at]], np.float32(0.0)).astype(np.float32)
        return np.where(known, raw, np.int32(LOG_ZERO)).astype(np.int32), bigram_backoffs


def read_trie_model(path: Path) -> dict[str, np.ndarray[Any, Any]]:
    """The arrays of a pocketsphinx trigram model in its binary "trie" format (see the module docstring)."""
    raw = path.read_bytes()
    if not raw.startswith(_TRIE_MAGIC):
        raise ValueError(f"{path}: not a pocketsphinx binary language model")
    offset = len(_TRIE_MAGIC)
    order = raw[offset]
    offset += 1
    if order != 3:
        raise ValueError(f"{path}: a model of order {order}; only trigram models are read")
    counts = [int(c) for c in np.frombuffer(raw, dtype="<u4", count=order, offset=offset)]
    offset += 4 * order + 4  # the counts, then an unused int
    bins = np.frombuffer(raw, dtype="<f4", count=3 * _BINS, offset=offset)  # bigram probs, bigram back-offs, trigram probs
    offset += bins.nbytes
    unigrams = np.frombuffer(raw, dtype=[("prob", "<f4"), ("bo", "<f4"), ("next", "<u4")], count=counts[0] + 1,
                             offset=offset)
    offset += unigrams.nbytes
    vocab_size = counts[0]
    word_bits = vocab_size.bit_length()
    next_bits = counts[2].bit_length()
    middle_bits = word_bits + 32 + next_bits  # word, 16-bit back-off index, 16-bit prob index, first trigram
    longest_bits = word_bits + 16
    middle_size = ((1 + counts[1]) * middle_bits + 7) // 8 + 8
    longest_size = ((1 + counts[2]) * longest_bits + 7) // 8 + 8
    middle = np.frombuffer(raw, dtype=np.uint8, count=middle_size, offset=offset)
    offset += middle_size
    longest = np.frombuffer(raw, dtype=np.uint8, count=longest_size, offset=offset)
    offset += longest_size
    (text_size,) = struct.unpack_from("<i", raw, offset)
    words = raw[offset + 4 : offset + 4 + text_size].split(b"\0")[:-1]
    if len(words) != vocab_size or offset + 4 + text_size != len(raw):
        raise ValueError(f"{path}: unexpected layout")

    def fields(mem: npt.NDArray[np.uint8], bits: int, count: int, at: int, width: int) -> npt.NDArray[np.uint64]:
        start = np.arange(count, dtype=np.uint64) * np.uint64(bits) + np.uint64(at)
        # the 8 bytes from each field's first byte, read as one little-endian integer (as pocketsphinx reads them)
        words64 = np.ndarray(shape=(len(mem) - 7,), dtype="<u8", buffer=mem, strides=(1,))
        gathered: npt.NDArray[np.uint64] = words64[(start >> np.uint64(3)).astype(np.int64)]
        return (gathered >> (start & np.uint64(7))) & np.uint64((1 << width) - 1)

    # the header's counts may exceed the n-grams stored (pocketsphinx sizes the arrays before it drops duplicate
    # entries): the pointers say how many there are
    first_bigram = unigrams["next"].astype(np.int64)
    bigrams = int(first_bigram[-1])
    bi_next = fields(middle, middle_bits, bigrams + 1, word_bits + 32, next_bits).astype(np.int64)
    trigrams = int(bi_next[-1])
    if bigrams > counts[1] or trigrams > counts[2] or np.any(np.diff(first_bigram) < 0) or np.any(np.diff(bi_next) < 0):
        raise ValueError(f"{path}: inconsistent n-gram pointers")
    bi_word = fields(middle, middle_bits, bigrams, 0, word_bits).astype(np.int64)
    bi_quant = fields(middle, middle_bits, bigrams, word_bits, 32)
    tri_word = fields(longest, longest_bits, trigrams, 0, word_bits).astype(np.int64)
    tri_prob = fields(longest, longest_bits, trigrams, word_bits, 16).astype(np.uint16)
    bi_owner = np.repeat(np.arange(vocab_size, dtype=np.int64), np.diff(first_bigram))
    tri_owner = np.repeat(np.arange(bigrams, dtype=np.int64), np.diff(bi_next))
    bi_keys = bi_owner * vocab_size + bi_word
    if np.any(np.diff(bi_keys) <= 0):
        raise ValueError(f"{path}: bigrams out of order")
    tri_keys = tri_owner * vocab_size + tri_word
    unordered = np.nonzero(np.diff(tri_keys) <= 0)[0]
    if len(unordered):
        # a few trigram lists are stored out of order; pocketsphinx's interpolation search finds some of their
        # entries and misses others: keep what it finds, in order
        keep = np.ones(len(tri_keys), dtype=bool)
        for owner in np.unique(tri_owner[unordered]).tolist():
            begin, end = int(bi_next[owner]), int(bi_next[owner + 1])
            listed = tri_word[begin:end].tolist()
            for at, word in enumerate(listed):
                keep[begin + at] = _interpolation_find(listed, word, vocab_size) == at
        tri_keys, tri_prob = tri_keys[keep], tri_prob[keep]
        order_ = np.argsort(tri_keys, kind="stable")
        tri_keys, tri_prob = tri_keys[order_], tri_prob[order_]
        if np.any(np.diff(tri_keys) <= 0):
            raise ValueError(f"{path}: trigrams out of order")
    vocab = np.array(words)
    by_spelling = np.argsort(vocab, kind="stable")
    return {
        "vocab": vocab[by_spelling],
        "vocab_ids": by_spelling.astype(np.int32),
        "uni_prob": unigrams["prob"][:vocab_size].astype(np.float32),
        "uni_bo": unigrams["bo"][:vocab_size].astype(np.float32),
        "bi_keys": bi_keys,
        "bi_prob": (bi_quant >> np.uint64(16)).astype(np.uint16),
        "bi_bo": (bi_quant & np.uint64(0xFFFF)).astype(np.uint16),
        "prob_bins": bins[:_BINS].astype(np.float32),
        "bo_bins": bins[_BINS : 2 * _BINS].astype(np.float32),
        "tri_keys": tri_keys,
        "tri_prob": tri_prob,
        "tri_bins": bins[2 * _BINS :].astype(np.float32),
    }


def stored_form(arrays: dict[str, np.ndarray[Any, Any]]) -> dict[str, np.ndarray[Any, Any]]:
    """read_trie_model()'s arrays as they are stored and used: the sorted key arrays replaced by hash tables."""
    out = {name: array for name, array in arrays.items() if name not in ("bi_keys", "tri_keys")}
    bigrams, trigrams = build_key_table(arrays["bi_keys"]), build_key_table(arrays["tri_keys"])
    out["bi_slots"], out["tri_slots"] = bigrams.slots, trigrams.slots
    out["key_tables"] = np.array([bigrams.size, bigrams.index_bits, trigrams.size, trigrams.index_bits],
                                 dtype=np.int64)
    return out


def _interpolation_find(listed: list[int], key: int, max_vocab: int) -> int:
    """Where pocketsphinx's `uniform_find` finds `key` among the word ids `listed` (-1: not found)."""
    before_it, before_v, after_it, after_v = -1, 0, len(listed), max_vocab
    if key > after_v:
        return -1
    while after_it - before_it > 1:
        pivot = before_it + 1 + ((key - before_v) * (after_it - before_it - 1)) // (after_v - before_v + 1)
        mid = listed[pivot]
        if mid < key:
            before_it, before_v = pivot, mid
        elif mid > key:
            after_it, after_v = pivot, mid
        else:
            return pivot
    return -1


def write_arrays(path: Path, stamp: str, arrays: dict[str, np.ndarray[Any, Any]]) -> None:
    """Store `arrays` in one file that `open_arrays` memory-maps (each array aligned, described by a JSON head)."""
    index: dict[str, Any] = {}
    offset = 0
    for name, array in arrays.items():
        offset = -(-offset // _ALIGN) * _ALIGN
        index[name] = {"dtype": array.dtype.str, "shape": list(array.shape), "offset": offset}
        offset += array.nbytes
    head = json.dumps({"stamp": stamp, "arrays": index}).encode("utf-8")
    start = -(-(_HEAD.size + len(head)) // _ALIGN) * _ALIGN
    body = bytearray(start + offset)
    body[: _HEAD.size] = _HEAD.pack(_MAGIC, len(head))
    body[_HEAD.size : _HEAD.size + len(head)] = head
    for name, array in arrays.items():
        at = start + index[name]["offset"]
        body[at : at + array.nbytes] = np.ascontiguousarray(array).tobytes()
    write_atomic(path, bytes(body))


def open_arrays(path: Path, stamp: str) -> dict[str, np.ndarray[Any, Any]] | None:
    """The arrays stored in `path` for `stamp`, memory-mapped (None when missing, stale or damaged)."""
    try:
        with path.open("rb") as fh:
            magic, size = _HEAD.unpack(fh.read(_HEAD.size))
            if magic != _MAGIC:
                return None
            head = json.loads(fh.read(size))
            if head.get("stamp") != stamp:
                return None
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError, struct.error):
        return None
    start = -(-(_HEAD.size + size) // _ALIGN) * _ALIGN
    arrays: dict[str, np.ndarray[Any, Any]] = {}
    try:
        for name, spec in head["arrays"].items():
            dtype = np.dtype(spec["dtype"])
            count = int(np.prod(spec["shape"], dtype=np.int64))
            at = start + spec["offset"]
            if at + count * dtype.itemsize > len(data):
                return None  # cut short
            arrays[name] = np.frombuffer(data, dtype=dtype, count=count, offset=at).reshape(spec["shape"])
    except (KeyError, TypeError, ValueError):
        return None
    return arrays


def load(model_file: Path, stamp: str, shipped: Path | None, cache: Path) -> NGramArrays | None:
    """The model's arrays from the shipped file or the user cache; built from `model_file` into the cache when
    neither holds them for `stamp`. None when the model cannot be read (the caller falls back to pocketsphinx)."""
    stamp = f"{FORMAT}:{stamp}"
    for path in (shipped, cache):
        if path is not None:
            arrays = open_arrays(path, stamp)
            if arrays is not None:
                return NGramArrays(arrays)
    try:
        arrays = stored_form(read_trie_model(model_file))
    except (OSError, ValueError, IndexError):
        return None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_arrays(cache, stamp, arrays)
    except (OSError, ValueError):
        pass
    reopened = open_arrays(cache, stamp) if cache.exists() else None
    return NGramArrays(reopened if reopened is not None else arrays)


def build_file(model_file: Path, stamp: str, target: Path) -> None:
    """Write the arrays of `model_file` to `target` (for the tables a wheel ships)."""
    write_arrays(target, f"{FORMAT}:{stamp}", stored_form(read_trie_model(model_file)))

