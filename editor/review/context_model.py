"""The context signal's models: pocketsphinx's general English trigram model and the CMU pronouncing dictionary
that the `pocketsphinx` wheel ships (no network at run time), with the sound-alikes of common words worked out
from the dictionary (words whose phones differ by at most one phone, or two made in the same place).

`ContextModel` loads them once per process (the derived tables are cached on disk, editor/review/model_cache.py);
editor/review/context.py scores segments with it.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editor.review.lexicon import KNOWN_ZIPF, zipf
from editor.review.model_cache import LazyTable, cached, cached_table, package_stamp, stored_table
from editor.review.offensive import is_offensive, offensive_words

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from editor.review.alike_arrays import AlikeArrays
    from editor.review.ngram_arrays import NGramArrays

CANDIDATE_VOCAB = 40_000  # a suggested word must be among this many most common English words
HOMOPHONE_COST = 1.0  # prior cost (nats) of assuming a recogniser swapped two words that sound the same
NEAR_COST = 3.0  # prior cost of a one-phone difference
MAX_NEIGHBOURS = 12  # likeliest confusions tested per word (cheapest first, then most common); bounds LM calls
FAR_COST = 4.5  # prior cost of two phones off, where the phones are made in the same place (model ~ bottle)
NEIGHBOUR_RULES = 4  # bump when the choice of sound-alikes changes (they are cached on disk)

# Phones grouped by where they are made; two-phone confusions inside these groups are what recognisers hear.
_PHONE_CLASS = {
    **dict.fromkeys(("P", "B", "M"), "b"), **dict.fromkeys(("T", "D", "N", "S", "Z"), "t"),
    **dict.fromkeys(("K", "G", "NG"), "k"), **dict.fromkeys(("F", "V"), "f"), **dict.fromkeys(("TH", "DH"), "h"),
    **dict.fromkeys(("SH", "ZH", "CH", "JH"), "s"), "L": "l", "R": "r", "W": "w", "Y": "y", "HH": "",
    **dict.fromkeys(("AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"), "a"),
}
_LOG_ZERO = -536870912  # pocketsphinx's "impossible"


def _model_dir() -> Path | None:
    try:
        import pocketsphinx
    except ImportError:
        return None
    folder = Path(pocketsphinx.__file__).resolve().parent / "model" / "en-us"
    return folder if (folder / "en-us.lm.bin").exists() else None


class ContextModel:
    """Trigram log-probabilities and sound-alike neighbours, loaded once on first use."""

    _instance: ContextModel | None = None
    PACK_AFTER = 2000  # words whose sound-alikes a process works out one by one before it packs them all
    # Memo sizes past which they start again. Ten hours of real speech ask ~530k distinct LM look-ups and ~40k
    # windows, so a normal check never reaches them; text with no repeats (a million random-word lines) added
    # ~830k look-ups (~300 MB) per 150,000 words checked and grew past 1 GB. Values are recomputed the same.
    PROBS_LIMIT = 1_200_000
    WINDOWS_LIMIT = 400_000
    _lock = threading.Lock()

    def __init__(self, folder: Path) -> None:
        from pocketsphinx import Config, LogMath, NGramModel

        config = Config()
        self._logmath = LogMath()
        self._scale = math.log(1.0001)  # pocketsphinx log base
        self._lm_file = folder / "en-us.lm.bin"
        self._lm = NGramModel(config, self._logmath, str(self._lm_file))
        self._arrays: NGramArrays | None | bool = False  # False: not looked for yet
        self._alikes: AlikeArrays | None | bool = False  # (the same)
        self._ids: dict[str, int] = {}  # word -> its id in the arrays (-1: unknown)
        self.batch_lock = threading.Lock()
        # the sound-alikes of the words batches have tested, flat (neighbour_slots, neighbour_table)
        self._slots: dict[str, int] = {}
        self._slot_starts: list[int] = []
        self._slot_lengths: list[int] = []
        self._alike_names: list[str] = []
        self._alike_table: tuple[Any, Any, Any, Any, list[str]] | None = None
        self._probs: dict[tuple[str, ...], float] = {}
        self._known: dict[str, bool] = {}
        self._load_dict(folder / "cmudict-en-us.dict")
        self._neighbours: dict[str, tuple[tuple[str, float], ...]] = {}
        self.window_cache: dict[tuple[str, ...], tuple[float, tuple[str, ...]]] = {}

    def bound_memos(self) -> None:
        """Empty a memo grown past its limit (cleared in place: checkers hold the same dicts)."""
        if len(self._probs) > self.PROBS_LIMIT:
            self._probs.clear()
        if len(self.window_cache) > self.WINDOWS_LIMIT:
            self.window_cache.clear()
        if len(self._ids) > self.WINDOWS_LIMIT:
            self._ids.clear()

    @property
    def arrays(self) -> NGramArrays | None:
        """The model as memory-mapped numpy arrays for batch scoring (None when they cannot be had)."""
        if self._arrays is False:
            with self._lock:
                if self._arrays is False:
                    self._arrays = _load_arrays(self._lm_file)
        return self._arrays if not isinstance(self._arrays, bool) else None

    def alike_arrays(self) -> AlikeArrays | None:
        """The sound-alikes of every word a batch may test, by model word id (editor/review/alike_arrays.py);
        None when there are none for this install yet (a batch then asks neighbour_slots())."""
        if self._alikes is False:
            self._alikes = _load_alikes(self)
        return self._alikes if not isinstance(self._alikes, bool) else None

    def _packed_whole(self) -> dict[str, str] | None:
        """Every entry of the packed sound-alike table, when one is stored for this version (shipped or cached)."""
        from editor.review import model_cache

        name = "sound-neighbours.table"
        for path in (model_cache._shipped(name), model_cache.cache_dir() / name):
            if path is None or not path.exists():
                continue
            try:
                stamp, table = model_cache.read_whole_table(path)
            except (OSError, ValueError, EOFError, TypeError):
                continue
            if stamp == f"{model_cache.CACHE_VERSION}:{self._packed_version}":
                return table
        return None

    def ids(self, words: Sequence[str | None]) -> npt.NDArray[np.int64]:
        """Each word's id in the arrays: -1 for a word the model does not know, or None (no word)."""
        import numpy as np

        get = self._ids.get
        missing = list({w for w in words if w is not None and w not in self._ids})
        if missing:
            assert self.arrays is not None
            self._ids.update(zip(missing, self.arrays.ids(missing).tolist(), strict=True))
        return np.array([-1 if w is None else get(w, -1) for w in words], dtype=np.int64)

    def logprob_ids(self, word: npt.NDArray[np.int64], h1: npt.NDArray[np.int64], h2: npt.NDArray[np.int64],
                    backoffs: npt.NDArray[np.float32] | None = None) -> npt.NDArray[np.float64]:
        """logprob(word, h2, h1) for arrays of ids (-1: none), equal to the one-by-one values (`backoffs`: the
        histories' back-off weights, NGramArrays.history_backoffs(h1, h2), when already known)."""
        return self.logprob_ids_and_backoffs(word, h1, h2, backoffs)[0]

    def logprob_ids_and_backoffs(self, word: npt.NDArray[np.int64], h1: npt.NDArray[np.int64],
                                 h2: npt.NDArray[np.int64], backoffs: npt.NDArray[np.float32] | None = None
                                 ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float32]]:
        """logprob_ids(), and the back-off weights of the bigrams (`word` after `h1`): the `backoffs` argument
        for scoring the words that follow them (NGramArrays.scores_and_backoffs)."""
        import numpy as np

        assert self.arrays is not None
        raw, bigram_backoffs = self.arrays.scores_and_backoffs(word, h1, h2, backoffs)
        return np.where(raw <= _LOG_ZERO, -50.0, raw.astype(np.float64) * self._scale), bigram_backoffs

    def logprobs(self, words: list[str], h1: list[str | None], h2: list[str | None]) -> npt.NDArray[np.float64]:
        """Natural-log probability of each word after the previous word `h1` and the one before `h2` (None: no
        word there), scored in one batch."""
        return self.logprob_ids(self.ids(words), self.ids(h1), self.ids(h2))

    def neighbour_slots(self, words: list[str]) -> npt.NDArray[np.int64]:
        """Each word's place in neighbour_table() (its sound-alikes are looked up the first time it is asked)."""
        import numpy as np

        slots = self._slots
        new_names: list[str] = []
        new_costs: list[float] = []
        found = []
        for word in words:
            slot = slots.get(word)
            if slot is None:
                alikes = self.neighbours(word)
                slot = slots[word] = len(self._slot_starts)
                self._slot_starts.append(len(self._alike_names) + len(new_names))
                self._slot_lengths.append(len(alikes))
                new_names += [other for other, _ in alikes]
                new_costs += [cost for _, cost in alikes]
            found.append(slot)
        if self._alike_table is None:
            self._alike_table = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64),
                                 np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64), [])
        if len(self._slot_starts) != len(self._alike_table[0]):
            _, _, ids, costs, _ = self._alike_table
            self._alike_names += new_names
            self._alike_table = (np.array(self._slot_starts, dtype=np.int64),
                                 np.array(self._slot_lengths, dtype=np.int64),
                                 np.concatenate([ids, self.ids(new_names)]),
                                 np.concatenate([costs, np.array(new_costs, dtype=np.float64)]), self._alike_names)
        return np.array(found, dtype=np.int64)

    def neighbour_table(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64],
                                       npt.NDArray[np.float64], list[str]]:
        """The sound-alikes of the words given slots so far: (first entry, count) by slot, then by entry the
        sound-alike's id in the arrays, its prior cost and its spelling."""
        assert self._alike_table is not None, "neighbour_slots() first"
        return self._alike_table

    def learn_words(self, words: set[str]) -> None:
        """Work out which of `words` the model knows, all at once (known() then answers from its memo)."""
        import numpy as np

        new = sorted(w for w in words if w not in self._known)
        if not new:
            return
        none = np.full(len(new), -1, dtype=np.int64)
        values = self.logprob_ids(self.ids(new), none, none).tolist()
        for word, value in zip(new, values, strict=True):
            self._known[word] = word in ("<s>", "</s>") or value > -49.0

    @classmethod
    def get(cls) -> ContextModel | None:
        """The shared model, or None when pocketsphinx is not installed."""
        with cls._lock:
            if cls._instance is None:
                folder = _model_dir()
                if folder is None:
                    return None
                cls._instance = cls(folder)
            return cls._instance

    def _load_dict(self, path: Path) -> None:
        # Everything derived from the pronouncing dictionary is built once per installed version and cached on
        # disk as tables whose parts load on first use: a check of a short file reads a few of them, not the
        # 126k pronunciations (~0.1 s to parse) and the 40k-word sound index (~1 s to build, 0.15 s to load)
        info = path.stat()
        # (the same in every install of these versions, so the tables a wheel ships fit the user's install)
        dictionary = f"{path.name}:{info.st_size}:{package_stamp('pocketsphinx')}"
        version = f"{dictionary}|{package_stamp('wordfreq')}"  # the sound tables also rank words by frequency
        # word -> its pronunciations as one string ('|' between variants): strings, not 126k lists, so the
        # cyclic garbage collector has nothing to scan here
        self._raw: LazyTable = cached_table("cmu-pronunciations", dictionary, lambda: _parse_dict(path))
        self._prons: dict[str, list[tuple[str, ...]]] = {}
        indexes = f"{version}:{CANDIDATE_VOCAB}:{NEIGHBOUR_RULES}"
        self._built: tuple[dict[str, str], dict[str, str], dict[str, str], str] | None = None
        self._index = cached_table("sound-index", indexes, lambda: self._build_index()[0])
        self._class_index = cached_table("sound-classes", indexes, lambda: self._build_index()[1])
        self._by_pron = cached_table("sound-pronunciations", indexes, lambda: self._build_index()[2])
        self._rank_version = indexes
        self._rank_of: dict[str, int] | None = None
        # the sound-alikes of every common word, worked out once (a few seconds) and cached too: a first check of
        # a long transcript would otherwise compute them for ~17k distinct words. They are worked out only when
        # a process has needed PACK_AFTER words' (a check of a short file right after install needs a handful)
        costs = (f"{CANDIDATE_VOCAB}:{NEIGHBOUR_RULES}:{MAX_NEIGHBOURS}:{HOMOPHONE_COST}:{NEAR_COST}:{FAR_COST}:"
                 f"{len(offensive_words())}")
        self._packed_version = f"{version}:{costs}"
        self._packed: LazyTable | None = stored_table("sound-neighbours", self._packed_version)
        self._dict_path = path
        self._merge_filter: tuple[set[str], dict[str, str], dict[str, str]] | None = None
        self._unpacked = 0  # words whose sound-alikes were worked out here while there was no packed table
        self._pid = os.getpid()

    @property
    def _rank(self) -> dict[str, int]:
        """Common words (those indexed by sound) -> their frequency rank."""
        if self._rank_of is None:
            ranked = cached("sound-rank", self._rank_version, lambda: self._build_index()[3])
            self._rank_of = {w: i for i, w in enumerate(ranked.split())}
        return self._rank_of

    def listed(self, word: str) -> bool:
        """True when the pronouncing dictionary has the (lower-case) word."""
        return word in self._raw

    def prons(self, word: str) -> list[tuple[str, ...]]:
        """The word's pronunciations (phones without stress marks); empty when the dictionary lacks it."""
        found = self._prons.get(word)
        if found is None:
            found = self._prons[word] = [tuple(p.rstrip("012") for p in phones.split())
                                         for phones in self._raw[word].split("|")] if word in self._raw else []
        return found

    def _build_index(self) -> tuple[dict[str, str], dict[str, str], dict[str, str], str]:
        """(deletion key -> words, phone-class key -> words, pronunciation -> word, words by rank), as strings
        (built once, when one of the caches made from it is missing)."""
        if self._built is not None:
            return self._built
        import wordfreq

        index: dict[str, list[str]] = {}
        class_index: dict[str, list[str]] = {}
        by_pron: dict[str, str] = {}
        # only words the language model knows can be suggested, so only they are indexed
        common = [w for w in wordfreq.top_n_list("en", CANDIDATE_VOCAB) if w.isalpha() and self.known(w)]
        # (the first check after an install without shipped tables waits for this loop: keys are made as strings
        # straight away, and a word is appended unless it was the last one added under that key)
        for word in common:
            for pron in self.prons(word):
                spelled = " ".join(pron)
                if spelled not in by_pron:
                    by_pron[spelled] = word  # most frequent word first
                for key in _deletion_key_strings(pron, spelled):
                    words = index.get(key)
                    if words is None:
                        index[key] = [word]
                    elif words[-1] != word:
                        words.append(word)
                if len(pron) >= 4:
                    key = _class_key(pron)
                    words = class_index.get(key)
                    if words is None:
                        class_index[key] = [word]
                    elif words[-1] != word:
                        words.append(word)
        self._built = ({k: " ".join(v) for k, v in index.items()}, {k: " ".join(v) for k, v in class_index.items()},
                       by_pron, " ".join(common))
        return self._built

    def _pack_neighbours(self) -> dict[str, str]:
        """Sound-alikes of every indexed word, and of every other word the context check may test, as
        'other:cost other:cost' strings (quick to load from disk)."""
        return {word: " ".join(f"{other}:{cost}" for other, cost in self._find_neighbours(word))
                for word in [*self._rank, *self._other_testable()]}

    def _other_testable(self) -> list[str]:
        """The words outside the sound index that the context check may test (alphabetic, at least KNOWN_ZIPF
        common, known to the model: ContextChecker._testable), ~8k. A 10-hour check asked for ~70 of them, and
        working one out alone (its index buckets loaded first) took ~1 ms, in each forked helper again.
        (The table's version stays: a table without them, built before, gives the same answers, as a word
        missing from it is worked out as before.)"""
        import wordfreq

        rank = self._rank
        floor = wordfreq.zipf_to_freq(KNOWN_ZIPF - 0.5)  # (a margin: zipf() below decides)
        return sorted(w for w, freq in wordfreq.get_frequency_dict("en", "best").items()
                      if freq >= floor and w.isalpha() and w not in rank and zipf(w) >= KNOWN_ZIPF and self.known(w))

    def neighbours(self, word: str) -> tuple[tuple[str, float], ...]:
        """Common words sounding like `word` (and known to the language model), each with the prior cost."""
        found = self._neighbours.get(word)
        if found is None:
            packed = self._packed.get(word) if self._packed is not None else None
            if packed is None:
                found = self._find_neighbours(word)
                if self._packed is None and os.getpid() == self._pid:  # (a forked helper leaves it to the parent)
                    self._unpacked += 1
                    if self._unpacked >= self.PACK_AFTER:
                        self._packed = cached_table("sound-neighbours", self._packed_version, self._pack_neighbours)
            else:
                found = tuple((other, float(cost)) for other, _, cost in (p.partition(":") for p in packed.split()))
            self._neighbours[word] = found
        return found

    def _find_neighbours(self, word: str) -> tuple[tuple[str, float], ...]:
        result: dict[str, float] = {}
        # never volunteer a swear word as what was "really" said (unless the word itself is one)
        offensive = is_offensive if not is_offensive(word) else (lambda _: False)
        for pron in self.prons(word):
            for key in _deletion_keys(pron):
                for other in self._index.get(" ".join(key), "").split():
                    if other == word or offensive(other) or grammar_variant(word, other):
                        continue
                    cost = HOMOPHONE_COST if pron in self.prons(other) else NEAR_COST
                    if cost < result.get(other, 99.0):
                        result[other] = cost
            if len(pron) >= 4:
                for other in self._class_index.get(_class_key(pron), "").split():
                    if other != word and other not in result and not _inflection(word, other) and not offensive(other):
                        result[other] = FAR_COST
        rank = self._rank
        ordered = sorted(result.items(), key=lambda kv: (kv[1], rank.get(kv[0], 1 << 30)))
        return tuple(ordered[:MAX_NEIGHBOURS])

    @lru_cache(maxsize=100_000)  # noqa: B019 - the model lives for the whole process
    def merged(self, first: str, second: str) -> str | None:
        """A common word that sounds like (or is spelled as) the two words run together, if any."""
        joined = first + second
        known = self._merge_filter
        if known is not None:  # (loaded by a batch: the same answers, without the pronunciation table's buckets)
            if joined in known[0]:
                return joined
            heads, tails = known[1].get(first), known[2].get(second)
            if heads is None or tails is None:
                return None
            for head in heads.split("|"):
                for tail in tails.split("|"):
                    word = self._by_pron.get(f"{head} {tail}")
                    if word is not None and _mergeable(word):
                        return str(word)
            return None
        if joined in self._raw and zipf(joined) >= KNOWN_ZIPF + 0.5 and not is_offensive(joined):
            return joined
        for p1 in self.prons(first):
            for p2 in self.prons(second):
                word = self._by_pron.get(" ".join(p1 + p2))
                if word is not None and zipf(word) >= KNOWN_ZIPF + 0.5 and not is_offensive(word):
                    return str(word)
        return None

    def merge_filter(self) -> tuple[set[str], dict[str, str], dict[str, str]]:
        """What a batch asks before merged(): (the words common enough to be two words run together, the words
        whose pronunciation can begin a common word's -> their pronunciations, ... can end one -> ...). merged(a,
        b) is None unless a + b is in the first or a is in the second and b in the third; most adjacent words are
        neither, and a check of 10 hours asks about ~36k distinct pairs. Once loaded, merged() answers from it.
        (Built once per version, like the sound tables.)"""
        if self._merge_filter is None:
            spelled, starts, ends = cached("merge-words", self._packed_version, self._build_merge_filter)
            self._merge_filter = (set(spelled), starts, ends)
        return self._merge_filter

    def _build_merge_filter(self) -> tuple[list[str], dict[str, str], dict[str, str]]:
        by_pron = self._build_index()[2]
        heads: set[str] = set()
        tails: set[str] = set()
        for pron, word in by_pron.items():
            if _mergeable(word):
                phones = pron.split()
                for cut in range(1, len(phones)):
                    heads.add(" ".join(phones[:cut]))
                    tails.add(" ".join(phones[cut:]))
        parsed = _parse_dict(self._dict_path)
        spelled: list[str] = []
        starts: dict[str, str] = {}
        ends: dict[str, str] = {}
        for word in sorted(parsed):
            if _mergeable(word):
                spelled.append(word)
            # all its pronunciations, in the dictionary's order (merged() tries them in that order)
            prons = [" ".join(p.rstrip("012") for p in phones.split()) for phones in parsed[word].split("|")]
            if any(p in heads for p in prons):
                starts[word] = "|".join(prons)
            if any(p in tails for p in prons):
                ends[word] = "|".join(prons)
        return spelled, starts, ends

    def logprob(self, word: str, *history: str) -> float:
        """Natural-log probability of `word` after `history` (oldest first)."""
        return self._prob((word, *reversed(history)))

    def _prob(self, key: tuple[str, ...]) -> float:
        """Natural-log probability for a key in the LM's own order: the word, then its history newest first."""
        # keys are stored in the order the LM takes them, so the hot loops pass a cached key straight to the LM
        value = self._probs.get(key)
        if value is None:
            raw = self._lm.prob(key)
            value = self._probs[key] = -50.0 if raw <= _LOG_ZERO else raw * self._scale
        return value

    def known(self, word: str) -> bool:
        """True when the language model has the word (sentence marks count as known)."""
        value = self._known.get(word)
        if value is None:
            value = word in ("<s>", "</s>") or self._prob((word,)) > -49.0
            self._known[word] = value
        return value

    def sequence_fit(self, left: list[str], seq: list[str], right: list[str]) -> float:
        """Sum of trigram log-probabilities of `seq` and up to two following words, given `left`."""
        history = left[-2:]
        total = 0.0
        for word in [*seq, *right[:2]]:
            total += self.logprob(word, *history)
            history = [*history[-1:], word]
        return total

    def fit(self, left: list[str], word: str, right: list[str]) -> float:
        """How well `word` fits between its left and right neighbours (sum of trigram log-probabilities)."""
        # called ~20k times per 10-hour check: cached values are read from the dict without a method call
        probs = self._probs
        key = (word, *left[:-3:-1])  # the last two left words, newest first
        value = probs.get(key)
        total = self._prob(key) if value is None else value
        if right:
            key = (right[0], word, *left[-1:])
            value = probs.get(key)
            total += self._prob(key) if value is None else value
            if len(right) > 1:
                key = (right[1], right[0], word)
                value = probs.get(key)
                total += self._prob(key) if value is None else value
        return total


_GRAMMAR_ENDINGS = ("'s", "s'", "ies", "ied", "es", "ed", "ing", "s", "d")


def _stem(word: str) -> str:
    for ending in _GRAMMAR_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            if ending in ("ies", "ied"):
                return stem + "y"
            return stem[:-1] if ending in ("ed", "ing") and stem[-1] == stem[-2] else stem  # planned, planning
    return word


def grammar_variant(a: str, b: str) -> bool:
    """True for two forms of one word (revenue/revenues, express/expressed, worker's/workers): the language model
    prefers whichever number or tense its n-grams saw more, which says little about what was said. On Earnings-21
    such context findings were right 1 time in 5 (170 flags at P 0.21), in the sample 0 of 2."""
    if a == b:
        return False
    sa, sb = _stem(a), _stem(b)
    return sa == sb or sa == b or sb == a or sa.rstrip("e") == sb.rstrip("e")


def _class_key(pron: tuple[str, ...], _get: Callable[[str, str], str] = _PHONE_CLASS.get) -> str:
    return "".join([_get(p, p) for p in pron])  # (a list joins faster than a generator: 35k calls per build)


def _inflection(a: str, b: str) -> bool:
    """True for pairs like model/models or train/trained: a grammar choice, not a mishearing."""
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short[:-1]) and len(long_) - len(short) <= 3


def _deletion_keys(pron: tuple[str, ...]) -> set[tuple[str, ...]]:
    keys = {pron}
    if len(pron) >= 3:
        keys.update(pron[:i] + pron[i + 1 :] for i in range(len(pron)))
    elif len(pron) == 2:  # two-phone words: one phone swapped (thy ~ the, kay ~ day), never one dropped
        keys.update({("*", pron[1]), (pron[0], "*")})
    return keys


def _deletion_key_strings(pron: tuple[str, ...], spelled: str) -> Iterable[str]:
    """The keys of _deletion_keys(pron) joined by spaces, made by cutting `spelled` (the pronunciation joined
    by spaces) instead of joining new tuples; in a fixed order, so a table built from them is the same bytes
    every time (a set's order changes with the process's string hashes)."""
    if len(pron) >= 3:
        keys = [spelled]
        start = 0
        for phone in pron:
            end = start + len(phone)
            keys.append(spelled[end + 1 :] if start == 0 else spelled[: start - 1] + spelled[end:])
            start = end + 1
        return dict.fromkeys(keys)
    if len(pron) == 2:
        return (spelled, "* " + pron[1], pron[0] + " *")
    return (spelled,)



def _mergeable(word: str) -> bool:
    """merged()'s test of a word it may suggest for two: common enough, and no swear word."""
    return zipf(word) >= KNOWN_ZIPF + 0.5 and not is_offensive(word)


def _load_arrays(lm_file: Path) -> NGramArrays | None:
    """The language model's arrays: shipped with the package, or in the user cache (built there on first use)."""
    try:
        from editor.review import model_cache, ngram_arrays
    except ImportError:  # (numpy missing: the context signal looks words up one by one)
        return None
    name = "lm-arrays.bin"
    shipped = model_cache._shipped(name)
    return ngram_arrays.load(lm_file, _lm_stamp(lm_file), shipped, model_cache.cache_dir() / name)


def _lm_stamp(lm_file: Path) -> str:
    return f"{lm_file.name}:{lm_file.stat().st_size}:{package_stamp('pocketsphinx')}"


def _load_alikes(model: ContextModel) -> AlikeArrays | None:
    """The model's sound-alike arrays: shipped, or in the user cache, or built there from the packed sound-alike
    table (by the process that loaded the model: a forked helper leaves it to the parent)."""
    arrays = model.arrays
    if arrays is None:
        return None
    from editor.review import alike_arrays, model_cache, ngram_arrays

    name = "sound-alikes.bin"
    stamp = f"{alike_arrays.FORMAT}:{model._packed_version}|{_lm_stamp(model._lm_file)}"
    for path in (model_cache._shipped(name), model_cache.cache_dir() / name):
        found = ngram_arrays.open_arrays(path, stamp) if path is not None else None
        if found is not None:
            return alike_arrays.AlikeArrays(found)
    packed = model._packed_whole() if os.getpid() == model._pid else None
    if packed is None:
        return None
    table = alike_arrays.build(packed, arrays.ids, arrays.size)
    try:
        ngram_arrays.write_arrays(model_cache.cache_dir() / name, stamp, table)
    except (OSError, ValueError):
        pass
    return alike_arrays.AlikeArrays(table)


def _parse_dict(path: Path) -> dict[str, str]:
    """The CMU dictionary file as word -> its pronunciations, '|' between variants."""
    raw: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, _, phones = line.partition(" ")
            word = word.split("(", 1)[0]
            raw[word] = f"{raw[word]}|{phones}" if word in raw else phones
    return raw
