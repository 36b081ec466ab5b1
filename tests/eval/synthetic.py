"""Synthetic recogniser errors injected into clean texts, reproducibly (evaluation data, not product code).

The mistakes imitate what speech recognisers produce:
- a word replaced by a common word that sounds alike: one or two phones apart in the CMU pronouncing dictionary
  (meeting -> meaning, model -> bottle, hose -> hole), weighted towards one-phone confusions;
- a short function word swapped for a sound-alike one (and -> an, where -> were, their -> there);
- a word heard as two words that together sound the same (imaging -> im aging) or two words glued into one;
- a name or term heard as ordinary words (Starlace -> star lace, Keras -> curious) or spelled the way it sounds
  (Okonkwo -> Okonkwoh).
The injector reads the CMU dictionary file that the pocketsphinx wheel ships, but none of the product's code, so
the product gets no help from sharing its candidate generator with the test.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jellyfish
import wordfreq
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

COMMON_VOCAB = 25_000
FUNCTION_SWAPS = {
    "and": ["an", "in"], "an": ["and"], "as": ["is", "has"], "is": ["as", "his"], "their": ["there"],
    "there": ["their", "they're"], "then": ["than"], "than": ["then"], "where": ["were", "wear"],
    "were": ["where", "we're"], "to": ["too", "two"], "your": ["you're", "you"], "of": ["have", "off"],
    "have": ["of"], "our": ["are", "hour"], "are": ["our"], "it's": ["its"], "its": ["it's"], "for": ["four"],
    "we": ["he"], "the": ["a"], "a": ["the"], "in": ["and", "an"], "would": ["wood"], "which": ["witch"],
    "know": ["no"], "no": ["know"], "right": ["write"], "hear": ["here"], "here": ["hear"], "by": ["buy"],
}


@dataclass
class Truth:
    """One annotated mistake: 0-based line, character span of the wrong text, and the right text."""

    line: int
    start: int
    end: int
    wrong: str
    right: str
    clear: bool = True


def _cmudict_path() -> Path:
    import pocketsphinx

    return Path(pocketsphinx.__file__).resolve().parent / "model" / "en-us" / "cmudict-en-us.dict"


class Injector:
    """Makes recogniser-like mistakes from a seeded random generator."""

    def __init__(self) -> None:
        self.common = [w for w in wordfreq.top_n_list("en", COMMON_VOCAB) if w.isalpha() and len(w) > 1]
        common_set = set(self.common)
        self.prons: dict[str, tuple[str, ...]] = {}
        phones: dict[str, str] = {}
        with _cmudict_path().open(encoding="utf-8") as fh:
            for line in fh:
                word, _, rest = line.partition(" ")
                if "(" in word:
                    continue
                pron = tuple(p.rstrip("012") for p in rest.split())
                self.prons[word] = pron
                for p in pron:
                    phones.setdefault(p, chr(0x100 + len(phones)))
        self._phone_char = phones
        self.by_pron: dict[tuple[str, ...], list[str]] = {}
        for w in self.common:
            if w in self.prons:
                self.by_pron.setdefault(self.prons[w], []).append(w)
        self._pool_words = [w for w in self.common if w in self.prons and len(w) > 2]
        self._pool_codes = [self._code(self.prons[w]) for w in self._pool_words]
        self._by_metaphone: dict[str, list[str]] = {}
        for w in self.common[:15000]:
            if len(w) > 2:
                self._by_metaphone.setdefault(jellyfish.metaphone(w), []).append(w)
        self.common_set = common_set

    def _code(self, pron: tuple[str, ...]) -> str:
        return "".join(self._phone_char[p] for p in pron)

    def zipf(self, word: str) -> float:
        return wordfreq.zipf_frequency(word, "en")

    @lru_cache(maxsize=10_000)  # noqa: B019 - one injector per evaluation run
    def _near(self, word: str) -> tuple[tuple[str, int], ...]:
        pron = self.prons.get(word)
        if pron is None or len(pron) < 2:
            return ()
        hits = process.extract(self._code(pron), self._pool_codes, scorer=Levenshtein.distance, score_cutoff=2,
                               limit=200)
        out = []
        for _, dist, idx in hits:
            other = self._pool_words[idx]
            if other == word or dist == 0 and other in (word + "s", word + "es"):
                continue
            if jellyfish.levenshtein_distance(other, word) <= 1 and other.rstrip("sd") == word.rstrip("sd"):
                continue  # an inflection, not a mishearing
            out.append((other, max(dist, 1)))
        return tuple(out)

    def sound_alike(self, word: str, rng: random.Random) -> str | None:
        """A common word one or two phones away (one phone twice as likely)."""
        near = self._near(word.lower())
        if not near:
            return None
        # two phones off in a short word makes a different word, not a mishearing
        want = 1 if rng.random() < 0.65 or len(self.prons[word.lower()]) < 4 else 2
        options = sorted(w for w, d in near if d == want)
        if not options:
            return None
        return options[rng.randrange(len(options))]

    def function_swap(self, word: str, rng: random.Random) -> str | None:
        options = FUNCTION_SWAPS.get(word.lower())
        return rng.choice(options) if options else None

    def split(self, word: str, rng: random.Random) -> str | None:
        """Two common words that together sound like `word` (by phones), else by letters."""
        lw = word.lower()
        pron = self.prons.get(lw)
        cuts = []
        if pron:
            for k in range(1, len(pron)):
                left, right = self.by_pron.get(pron[:k]), self.by_pron.get(pron[k:])
                if left and right:
                    cuts += [f"{a} {b}" for a in left for b in right]
        if not cuts:
            cuts = [lw[:i] + " " + lw[i:] for i in range(2, len(lw) - 1)
                    if self.zipf(lw[:i]) >= 3.5 and self.zipf(lw[i:]) >= 3.5]
        return rng.choice(sorted(cuts)) if cuts else None

    def name_as_words(self, name: str, rng: random.Random) -> str | None:
        """A name heard as one or two ordinary words that sound like it."""
        lw = name.lower()
        if lw in self.prons:
            near = [w for w, d in self._near(lw) if d <= 2]
            if near:
                return sorted(near)[rng.randrange(len(near))]
        options = []
        for i in range(3, len(lw) - 2):
            a = self._by_metaphone.get(jellyfish.metaphone(lw[:i]), [])
            b = self._by_metaphone.get(jellyfish.metaphone(lw[i:]), [])
            if a and b:
                options.append(f"{a[0]} {b[0]}")
        same = self._by_metaphone.get(jellyfish.metaphone(lw), [])
        options += [w for w in same if w != lw]
        return rng.choice(options) if options else None

    @staticmethod
    def misspell_name(word: str, rng: random.Random) -> str | None:
        """The name spelled the way it sounds."""
        rules = [("ph", "f"), ("f", "ph"), ("k", "c"), ("c", "k"), ("y", "i"), ("i", "y"), ("ie", "y"), ("ai", "a"),
                 ("ey", "y"), ("tt", "t"), ("t", "tt"), ("ll", "l"), ("l", "ll"), ("nn", "n"), ("ss", "s"), ("s", "z"),
                 ("ch", "k"), ("o", "au"), ("ee", "i"), ("v", "f"), ("sh", "ch"), ("a", "e"), ("e", "a"), ("u", "oo"),
                 ("w", "v"), ("z", "s"), ("q", "k"), ("sz", "s")]
        rng.shuffle(rules)
        for old, new in rules:
            idx = word.find(old, 1)
            if idx > 0:
                return word[:idx] + new + word[idx + len(old):]
        return None


def _recase(wrong: str, original: str, rng: random.Random, name: bool) -> str:
    if original[:1].isupper() and (not name or rng.random() < 0.5):
        return wrong[:1].upper() + wrong[1:]
    return wrong


def make_synthetic(lines: list[str], terms: list[str], seed: int, injector: Injector,
                   rate: float = 0.55) -> tuple[list[str], list[Truth]]:
    """A copy of `lines` with about one mistake in `rate` of the lines (at most one per line) and the truth."""
    rng = random.Random(seed)
    name_words = {w for t in terms for w in t.split() if w[:1].isupper() or len(w) > 5}
    out_lines: list[str] = []
    truths: list[Truth] = []
    for li, line in enumerate(lines):
        words = line.split(" ")
        if rng.random() > rate:
            out_lines.append(line)
            continue
        made = None
        for _attempt in range(6):
            made = _inject(words, name_words, injector, rng)
            if made:
                break
        if not made:
            out_lines.append(line)
            continue
        idx, n_old, wrong, right = made
        new_words = words[:idx] + [wrong] + words[idx + n_old:]
        start = len(" ".join(new_words[:idx])) + (1 if idx else 0)
        core = wrong.rstrip(".,?!")
        truths.append(Truth(li, start, start + len(core), core, right))
        out_lines.append(" ".join(new_words))
    return out_lines, truths


def _inject(words: list[str], name_words: set[str], injector: Injector,
            rng: random.Random) -> tuple[int, int, str, str] | None:
    """(index, words replaced, replacement text with its punctuation, right text) or None."""
    names = [i for i, w in enumerate(words) if w.strip(".,?!'s") in name_words]
    if names and rng.random() < 0.5:
        idx = rng.choice(names)
        raw = words[idx]
        core = raw.rstrip(".,?!")
        tail = raw[len(core):]
        if core.endswith("'s"):
            core, tail = core[:-2], raw[len(core) - 2:]
        wrong = injector.name_as_words(core, rng) if rng.random() < 0.5 else None
        wrong = _recase(wrong, core, rng, True) if wrong else injector.misspell_name(core, rng)
        return (idx, 1, wrong + tail, core) if wrong and wrong != core else None
    idx = rng.randrange(len(words))
    raw = words[idx]
    core = raw.rstrip(".,?!")
    tail = raw[len(core):]
    if not core.replace("'", "").isalpha() or (core[:1].isupper() and idx > 0):
        return None
    roll = rng.random()
    lower = core.lower()
    if roll < 0.15:
        wrong = injector.function_swap(lower, rng)
    elif roll < 0.7:
        wrong = injector.sound_alike(lower, rng) if len(lower) >= 3 else None
    elif roll < 0.85:
        wrong = injector.split(lower, rng) if len(lower) >= 5 else None
    else:
        if idx + 1 >= len(words) or not core.isalpha() or len(core) > 5:
            return None
        nxt = words[idx + 1].rstrip(".,?!")
        ntail = words[idx + 1][len(nxt):]
        if not nxt.isalpha() or not nxt.islower() or injector.zipf(core + nxt) > 0:
            return None
        return idx, 2, core + nxt + ntail, f"{core} {nxt}"
    if not wrong or wrong == lower:
        return None
    return idx, 1, _recase(wrong, core, rng, False) + tail, core
