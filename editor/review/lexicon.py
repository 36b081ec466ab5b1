"""General word lists (from `wordfreq`): word frequencies, derived forms and spelling suggestions.

English is the default and the fast path (module functions below). A transcript in another language written in
Latin script gets that language's list through a `Lexicon` (see language.py), so its ordinary words are not all
flagged as unknown English.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache

import jellyfish
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from editor.review.model_cache import LazyTable, cached_table, package_stamp
from editor.review.tokens import phonetic_key

# (wordfreq itself, ~0.3 s to import with its tokenizer and language data, is imported only to build the cached
# tables below once per installed version, and for words that are not plain lower-case ASCII)

# Zipf scale: 3 = once per million words, 0 = not in the list at all.
KNOWN_ZIPF = 2.5  # at or above: an ordinary word
RARE_ZIPF = 1.0  # below: treat like an unknown word
SUGGESTION_VOCAB = 60_000  # most frequent words offered as spelling suggestions

# Suffixes that build valid words productively, so "explainability" or "productizing" are not typos.
_SUFFIXES = (
    "ability", "ibility", "ization", "isation", "izing", "ising", "ized", "ised", "izes", "ises", "ize", "ise",
    "ness", "ment", "ments", "ful", "less", "ly", "ally", "ing", "ings", "ed", "er", "ers", "est", "es", "s",
    "ity", "ies", "ied", "able", "ible", "ish", "y", "ey", "al", "ally", "ism", "ist", "ists",
)
_PREFIXES = ("un", "re", "pre", "non", "over", "under", "sub", "super", "multi", "micro", "meta", "auto", "co",
             "de", "dis", "inter", "mis", "out", "post", "pro", "semi", "hyper", "cross", "self", "anti", "counter")


@lru_cache(maxsize=500_000)
def zipf(word: str) -> float:
    """Zipf frequency of a (lower-case) word in general English; 0 when unknown."""
    table = _frequencies()
    if table is not None:
        if _plain(word):
            return float(table[0].get(word, table[1]))
        # words wordfreq keeps whole (don't, são) are in the table too; a phrase ('so the') combines its words'
        # frequencies the way wordfreq does. Anything else asks wordfreq itself, whose import and tables cost
        # ~1 s of CPU: a long transcript used to pay that for a handful of words like these.
        found = table[0].get(word)
        if found is not None:
            return float(found)
        if " " in word:
            combined = _phrase_zipf(table, word)
            if combined is not None:
                return combined
    import wordfreq

    return wordfreq.zipf_frequency(word, "en", wordlist="best")


def _phrase_zipf(table: tuple[LazyTable, float], phrase: str) -> float | None:
    """wordfreq's zipf of words separated by single spaces, each plain or in the table (else None): the
    frequencies combine as 1/f = 1/f1 + 1/f2 + ..., rounded to 3 significant digits, as wordfreq does."""
    one_over = 0.0
    for part in phrase.split(" "):
        z = table[0].get(part) if part else None
        if z is None:
            if _plain(part):
                return float(table[1])  # a word wordfreq does not list: the whole phrase is unlisted
            return None
        # a listed word's zipf is 9 + its wordfreq bucket's (negative) centibels / 100, exactly (the 3-digit
        # rounding of the frequency moves the zipf by < 0.003): the bucket gives back wordfreq's frequency
        one_over += 1.0 / 10 ** (-round((9 - z) * 100) / 100)
    freq = max(1.0 / one_over, _MIN_FREQ)
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(math.log(freq, 10) + 9, 2)


ZIPF_TABLE_LAYOUT = 2  # bump when the words the zipf table holds change (2: words with apostrophes, accents)
_MIN_FREQ = 1e-9  # wordfreq.zipf_to_freq(0.0): what wordfreq gives a phrase with an unlisted word


_table: tuple[LazyTable, float] | None = None
_table_checked = False


def _plain_zipf(table: dict[str, float], word: str, min_freq: float) -> float:
    # wordfreq.zipf_frequency for one plain lower-case ASCII word (one token, no digits), without its tokenizer,
    # which is most of its cost (the spelling suggestions look up ~20 candidate words per unknown word):
    # the same table, the same rounding to 3 significant digits, then to hundredths of a zipf
    freq = table.get(word)
    return _freq_zipf(min_freq if freq is None else freq, freq is not None, min_freq)


@lru_cache(maxsize=4096)
def _freq_zipf(freq: float, listed: bool, min_freq: float) -> float:
    # wordfreq keeps one frequency per centibel (~800 in all): building the table computes each once, not 300k times
    import wordfreq

    if listed:
        freq = max(freq, min_freq)
        freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    return round(wordfreq.freq_to_zipf(freq), 2)


def _plain(word: str) -> bool:
    return word.isascii() and word.isalpha() and word.islower()


def _build_zipfs() -> dict[str, float] | None:
    """Every plain lower-case ASCII word of wordfreq's English table, and every other lower-case word its
    tokenizer keeps whole, with its zipf (the key "" holds the zipf of a word not in the table), if the shortcut
    above reproduces wordfreq on a few words; else None."""
    import wordfreq

    try:
        table = wordfreq.get_frequency_dict("en", "best")
        min_freq = wordfreq.zipf_to_freq(0.0)  # what wordfreq returns for a word it does not list
        probes = ("the", "of", "zebra", "tensor", "colour", "qqxzvw", "a", "antidisestablishmentarianism")
        if not all(_plain_zipf(table, w, min_freq) == wordfreq.zipf_frequency(w, "en", wordlist="best")
                   for w in probes):
            return None
    except Exception:  # noqa: BLE001 - an unexpected wordfreq version: keep asking wordfreq itself
        return None
    from wordfreq.tokens import lossy_tokenize

    # plain words, and the other lower-case single words that wordfreq's tokenizer keeps whole (don't, são)
    zipfs = {w: _plain_zipf(table, w, min_freq) for w in table if _plain(w) or (
        w.islower() and " " not in w and not any(c.isdigit() for c in w) and lossy_tokenize(w, "en") == [w])}
    zipfs[""] = _plain_zipf(table, "", min_freq)
    return zipfs


def _frequencies() -> tuple[LazyTable, float] | None:
    """(word -> zipf, zipf of an unlisted word) from the disk cache built once per wordfreq install (else None)."""
    global _table, _table_checked
    if not _table_checked:
        _table_checked = True
        table = cached_table("zipf-en", f"{package_stamp('wordfreq')}:{ZIPF_TABLE_LAYOUT}", lambda: _build_zipfs() or {})
        absent = table.get("")  # (missing from the empty table stored when the shortcut does not fit wordfreq)
        if absent is not None:
            _table = (table, absent)
    return _table


@lru_cache(maxsize=200_000)
def derived_zipf(word: str) -> float:
    """Frequency of the word or, if it is a regular derivation (suffix/prefix/compound), of its parts."""
    best = zipf(word)
    if best >= KNOWN_ZIPF or len(word) < 6:
        return best
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            stem = word[: -len(suffix)]
            for candidate in (stem, stem + "e", stem + "y", stem[:-1] if stem[-1:] == stem[-2:-1] else stem):
                if zipf(candidate) >= KNOWN_ZIPF + 0.5:
                    return max(best, KNOWN_ZIPF)
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4 and zipf(word[len(prefix):]) >= KNOWN_ZIPF + 0.5:
            return max(best, KNOWN_ZIPF)
    return best


# First letters that sound alike, so a spelling pool keyed by first letter still finds "carous" -> "curious".
_FIRST_SOUND = {**dict.fromkeys("ckq", "k"), **dict.fromkeys("sz", "s"), **dict.fromkeys("aeiouy", "a"),
                **dict.fromkeys("gj", "g"), **dict.fromkeys("fpv", "f")}


def _first_group(word: str) -> str:
    return _FIRST_SOUND.get(word[:1], word[:1])


class SuggestionIndex:
    """Finds common words that look or sound like a given word (built lazily on first use)."""

    def __init__(self, size: int = SUGGESTION_VOCAB, lang: str = "en", frequency: Callable[[str], float] | None = None) -> None:
        self._size = size
        self._lang = lang
        self._zipf = frequency or zipf  # the language's word frequency, to rank equally close candidates
        self._built = False
        self._by_key: dict[str, str] | LazyTable = {}  # Metaphone key -> its words, space-separated
        # (first-letter sound group, length) -> words: a typo keeps its first sound and roughly its length, so
        # the fuzzy scan looks at ~1-2k words instead of the whole list (0.1 ms instead of 4 ms per word)
        self._pools: dict[str, str] | LazyTable = {}  # group + length -> words, space-separated
        self._pool_lists: dict[str, list[str]] = {}

    def _build(self) -> None:
        # English (the usual case) is built once per installed wordfreq and jellyfish and then read from disk
        if self._lang == "en":
            stamp = f"{package_stamp('wordfreq', 'jellyfish')}:{self._size}"
            built: list[tuple[dict[str, str], dict[str, str]]] = []

            def index() -> tuple[dict[str, str], dict[str, str]]:
                if not built:
                    built.append(self._index())
                return built[0]

            self._by_key = cached_table("suggestions-en-sounds", stamp, lambda: index()[0])
            self._pools = cached_table("suggestions-en-spellings", stamp, lambda: index()[1])
        else:
            self._by_key, self._pools = self._index()
        self._built = True

    def _index(self) -> tuple[dict[str, str], dict[str, str]]:
        import wordfreq

        by_key: dict[str, list[str]] = {}
        pools: dict[str, list[str]] = {}
        for word in (w for w in wordfreq.top_n_list(self._lang, self._size) if w.isalpha() and len(w) > 1):
            if self._lang == "en":
                by_key.setdefault(jellyfish.metaphone(word), []).append(word)
            pools.setdefault(f"{_first_group(word)}{len(word)}", []).append(word)
        return {k: " ".join(v) for k, v in by_key.items()}, {k: " ".join(v) for k, v in pools.items()}

    def _pool(self, key: str) -> list[str]:
        found = self._pool_lists.get(key)
        if found is None:
            found = self._pool_lists[key] = self._pools.get(key, "").split()
        return found

    @lru_cache(maxsize=50_000)  # noqa: B019 - one index per process; cache lives as long as it does
    def similar(self, word: str, limit: int = 5) -> tuple[str, ...]:
        """Up to `limit` common words that sound alike (same Metaphone key) or differ by little spelling."""
        if not self._built:
            self._build()
        word = word.lower()
        scored: dict[str, float] = {}
        # (Metaphone keys are English sounds: other languages get spelling suggestions only)
        for cand in self._by_key.get(phonetic_key(word), "").split() if self._lang == "en" else ():
            if cand != word:
                scored[cand] = 1.0 + fuzz.ratio(word, cand) / 100 + self._zipf(cand) / 10
        pool: list[str] = []
        group = _first_group(word)
        for n in range(max(2, len(word) - 2), len(word) + 3):
            pool.extend(self._pool(f"{group}{n}"))
        for cand, score, _ in process.extract(word, pool, scorer=Levenshtein.normalized_similarity, limit=20,
                                              score_cutoff=0.7):
            if cand != word:
                scored[cand] = max(scored.get(cand, 0.0), score + self._zipf(cand) / 10)
        ranked = sorted(scored, key=lambda c: -scored[c])
        return tuple(ranked[:limit])


SUGGESTIONS = SuggestionIndex()


COMPOUND_PART = 3  # letters of the shortest word a compound is built from ('vor-verarbeitung')
COMPOUND_HEAD = 4  # ... and of its last word, which must also be common: fragments like 'ler' are listed words
COMPOUND_HEAD_ZIPF = 3.0
COMPOUND_PARTS = 4  # words in the longest compound taken apart
_COMPOUNDING = frozenset(("de", "nl", "sv", "da", "nb", "fi", "is"))  # languages that write compounds as one word
_LINKS = ("s", "es", "n", "en", "er")  # letters that join the parts of a compound


class Lexicon:
    """One language's word list: `zipf`, `derived_zipf` (regular derivations count for English only) and
    `suggestions.similar`, plus the language's `name` for reasons ("not in the German word list")."""

    def __init__(self, lang: str, name: str) -> None:
        self.lang = lang
        self.name = name
        self.capitalises_nouns = lang in ("de", "lb")  # capitals mid-sentence are nouns, not only names
        if lang == "en":
            self.zipf = zipf
            self.derived_zipf = derived_zipf
            self.suggestions = SUGGESTIONS
        else:
            import wordfreq

            self.zipf = lru_cache(maxsize=200_000)(lambda word: wordfreq.zipf_frequency(word, lang, wordlist="best"))
            self.derived_zipf = lru_cache(maxsize=200_000)(self._compound_zipf) if self.compounds else self.zipf
            self.suggestions = SuggestionIndex(lang=lang, frequency=self.zipf)

    @property
    def compounds(self) -> bool:
        """True for languages that write compound nouns as one word (Kundenzufriedenheitsumfrage)."""
        return self.lang in _COMPOUNDING

    def _compound_zipf(self, word: str) -> float:
        """The word's frequency, or an ordinary word's when it is a compound of known words."""
        z = self.zipf(word)
        if z >= KNOWN_ZIPF or len(word) < COMPOUND_PART + COMPOUND_HEAD or not word.isalpha():
            return z
        return max(z, KNOWN_ZIPF) if self._is_compound(word, COMPOUND_PARTS) else z

    def _is_compound(self, word: str, parts: int, last: bool = True) -> bool:
        """`word` is known words joined, with linking letters ('Zufriedenheit-s-umfrage') or a dropped final e
        ('Sprach-modelle') between them. The `last` word of the whole compound must be longer and common."""
        zipf = self.zipf
        shortest, common = (COMPOUND_HEAD, COMPOUND_HEAD_ZIPF) if last else (COMPOUND_PART, KNOWN_ZIPF)
        for cut in range(len(word) - shortest, COMPOUND_PART - 1, -1):
            head, rest = word[cut:], word[:cut]
            if zipf(head) < common:
                continue
            for left in (rest, rest + "e", *(rest[: -len(link)] for link in _LINKS if rest.endswith(link))):
                if len(left) >= COMPOUND_PART and (zipf(left) >= KNOWN_ZIPF or (
                        parts > 2 and self._is_compound(left, parts - 1, last=False))):
                    return True
        return False


ENGLISH = Lexicon("en", "English")
