"""Glossary terms heard as other words, ranked by a fitted model: windows of one to three words that do not fit
their place are compared with the terms by letters, Metaphone key and phones (CMU dictionary; letter names for an
acronym; a letter-to-sound guess for other words), and a small ensemble of regression trees weighs that likeness
against how badly the words fit, how common they are, how well the term itself would fit there.

term_windows.py flags windows past hand-set thresholds; this module looks at more windows (any with a word below
GATE_FIT, like a term >= GATE_LIKE) and lets the fitted trees decide. The trees (resources/term-ranker.json) are
fitted by tests/eval/term_ranker_train.py on Earnings-21 calls; fitted on one half of the calls and checked on
the other (earnings21.py --half N --ranker FILE),
they took recall of errors on glossary terms from 0.34/0.39 to 0.41/0.44 at precision 0.82/0.83 (all four
recognisers, with the call's glossary; without one nothing changes). The features are general
(sound, spelling, fit, commonness); no word of any transcript is in them.

Windows that are words in their own right are never candidates (rules below, each from a false alarm class on
the hand-annotated sample): a part or relative of the term ('Python' for Pythonic, 'TF' for TFX), another term
said right with words around it ('TensorFlow focused' for TensorFlow Extended), ordinary words for an acronym,
an acronym for a word, and a word the language model does not know (the word checker's: 'DevOps', 'configs').
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from editor.align.lexicon import guess_phones
from editor.paths import resource_files
from editor.review.context import _PHONE_CLASS, ContextModel
from editor.review.lexicon import Lexicon
from editor.review.suspect import GLOSSARY, Finding
from editor.review.term_windows import relative_of_term, rest_unlike_term
from editor.review.tokens import ACRONYM, CAMEL, WORD, Token, compact, phonetic_key

MODEL_FILE = "term-ranker.json"
MAX_WORDS = 3
LIKE_FLOOR = 65  # rapidfuzz ratio (letters, key or phones) below which a term is not a candidate for a window
GATE_FIT = -7.0  # a window is looked at only if one of its words fits its place worse than this (natural log)
GATE_LIKE = 0.65  # ... and it is this like a term by letters, Metaphone key or phones
UNKNOWN_WORD = -49.0  # a word's fit this low: the language model does not know it (ContextModel.known)
UNKNOWN_FLOOR = -16.0  # log-probability of a word the language model does not know (a rare word's, about)
DEFAULT_SCORE = 0.45  # the detector's default min score, where the ranker's threshold lands
LOWEST_SCORE = 0.3  # windows scored lower are not reported at all
HIGHEST_SCORE = 0.9
LENGTH_RATIO = (0.5, 2.0)  # term phones / window phones
NEAREST = 2  # terms a window is compared with in full (the likest by letters, key or phones)
MEMO_SIZE = 200_000  # windows whose nearest terms are remembered per glossary
READ_AS_WORD = 4  # letters of the shortest acronym that may be said as a word ('GAAP'; not 'NOI', 'FDA')
_WINDOW_KINDS = (WORD, ACRONYM, CAMEL)

# A spelled letter's name in CMU phones (an acronym is said letter by letter)
LETTER_NAMES = {
    "a": "EY", "b": "B IY", "c": "S IY", "d": "D IY", "e": "IY", "f": "EH F", "g": "JH IY", "h": "EY CH",
    "i": "AY", "j": "JH EY", "k": "K EY", "l": "EH L", "m": "EH M", "n": "EH N", "o": "OW", "p": "P IY",
    "q": "K Y UW", "r": "AA R", "s": "EH S", "t": "T IY", "u": "Y UW", "v": "V IY", "w": "D AH B AH L Y UW",
    "x": "EH K S", "y": "W AY", "z": "Z IY",
}
_PHONES = ("AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z "
           "ZH").split()
_PHONE_CHAR = {p: chr(0x41 + i) for i, p in enumerate(_PHONES)}
_CLASS_CHAR = {p: _PHONE_CLASS.get(p, "") for p in _PHONES}


def spelled_out(letters: str) -> list[str]:
    return [p for ch in letters.lower() if ch in LETTER_NAMES for p in LETTER_NAMES[ch].split()]


def is_spelled(text: str) -> bool:
    """A word said letter by letter: capitals (an acronym, 'FCC', 'IBMs') or a single letter."""
    bare = text.rstrip("s'’") if len(text) > 2 else text
    return (bare.isupper() and bare.isalpha() and len(bare) <= 6) or (len(text) == 1 and text.isalpha())


def word_phones(model: ContextModel, text: str) -> list[str]:
    """The phones of one written word: letter names for an acronym, the CMU dictionary, else a guess."""
    if is_spelled(text):
        return spelled_out(text.rstrip("'’"))
    low = text.lower().replace("’", "'")
    prons = model.prons(low)
    if not prons and "-" in low:
        return [p for part in low.split("-") if part for p in word_phones(model, part)]
    if prons:
        return list(prons[0])
    return guess_phones("".join(ch for ch in low if ch.isalpha() or ch == "'")).split()


def word_reading(model: ContextModel, term: str) -> list[str] | None:
    """The phones of capitals said as a word ('COVID', 'GAAP', 'YETI'): one word of at least READ_AS_WORD letters
    with a vowel after a consonant; the pronouncing dictionary's reading, else a letter-to-sound guess."""
    low = term.lower()
    if not (low.isalpha() and len(low) >= READ_AS_WORD and re.search(r"[^aeiouy][aeiouy]", low)):
        return None
    prons = model.prons(low)
    return list(prons[0]) if prons else guess_phones(low).split()


def phone_string(phones: list[str]) -> str:
    return "".join(_PHONE_CHAR.get(p, "") for p in phones)


def class_string(phones: list[str]) -> str:
    return "".join(_CLASS_CHAR.get(p, "") for p in phones)


@dataclass(frozen=True, slots=True)
class TermSound:
    term: str
    letters: str
    key: str
    phones: str  # one character per phone
    classes: str  # one character per phone class (vowels alike)
    acronym: bool
    words: tuple[str, ...]  # compact words
    zipf: float  # the commonness of the term's least common word
    said_as_word: bool = False  # capitals read as a word ('COVID', 'GAAP'), not letter by letter


class TermSounds:
    """The glossary terms as letters, Metaphone keys and phones, sorted by phone count; built once per glossary."""

    def __init__(self, terms: list[str], model: ContextModel, lexicon: Lexicon) -> None:
        sounds = []
        for term in terms:
            letters = compact(term)
            if len(letters) < 2:
                continue
            phones = [p for w in term.split() for p in word_phones(model, w)]
            words = tuple(compact(w) for w in re.split(r"[\s._/-]+", term) if compact(w))
            acronym = is_spelled(term.replace(" ", "")) or all(is_spelled(w) for w in term.split())
            zipf = min(lexicon.derived_zipf(w) for w in words)
            sounds.append(TermSound(term, letters, phonetic_key(term), phone_string(phones), class_string(phones),
                                    acronym, words, zipf))
            said = word_reading(model, term) if acronym else None
            if said:  # an acronym may be said as a word ('COVID', 'GAAP'): heard as the words it sounds like
                sounds.append(TermSound(term, letters, phonetic_key(term), phone_string(said), class_string(said),
                                        False, words, zipf, True))
        sounds.sort(key=lambda s: len(s.phones))
        self.sounds = sounds
        self._lengths = [len(s.phones) for s in sounds]
        self._letters = [s.letters for s in sounds]
        self._keys = [s.key for s in sounds]
        self._phones = [s.phones for s in sounds]
        self.by_compact = {s.letters: s for s in sounds}
        self._memo: dict[tuple[str, str], list[int]] = {}
        self._np_lengths: Any = None
        # window token texts -> (letters, Metaphone key, phones, phone classes, nearest terms)
        self.windows: dict[tuple[str, ...], tuple[str, str, str, str, list[int]]] = {}

    def nearest_many(self, windows: list[tuple[str, str]]) -> list[list[int]]:
        """For each window (letters, phones), the indices of the (at most NEAREST) terms closest to it by letters
        or phones, at least LIKE_FLOOR alike. Remembered per window (a long transcript repeats its odd phrases);
        the ones not remembered are compared with all terms in one rapidfuzz `cdist` per pool. (One
        `process.extract` per window converted every term again on each call: 2.32 s CPU for the 45,947 windows
        of a 10 h check with 1,000 terms, against 1.26 s in batches of one segment's windows.)"""
        found: list[list[int] | None] = [self._memo.get(window) for window in windows]
        missing = [n for n, hit in enumerate(found) if hit is None]
        if missing:
            if len(self._memo) + len(missing) >= MEMO_SIZE:
                self._memo.clear()
            queries = [windows[n] for n in missing]
            for n, result in zip(missing, self._nearest_batch(queries), strict=True):
                found[n] = self._memo[windows[n]] = result
        return [hit if hit is not None else [] for hit in found]

    def _nearest_batch(self, windows: list[tuple[str, str]]) -> list[list[int]]:
        if not self._letters:
            return [[] for _ in windows]
        import numpy as np  # (loaded already by the language model's batch look-ups; only a glossary needs it here)

        if self._np_lengths is None:
            self._np_lengths = np.asarray(self._lengths, dtype=np.float64)
        lengths = self._np_lengths
        # (by letters and by phones only: an extract by Metaphone key as well cost a third more time)
        scores = [process.cdist([w[0] for w in windows], self._letters, scorer=fuzz.ratio, score_cutoff=LIKE_FLOOR,
                                dtype=np.float32),
                  process.cdist([w[1] for w in windows], self._phones, scorer=fuzz.ratio, score_cutoff=LIKE_FLOOR,
                                dtype=np.float32)]
        out: list[list[int]] = []
        for row, (letters, phones) in enumerate(windows):
            # only terms whose phones are LENGTH_RATIO times the window's
            fits = (lengths >= LENGTH_RATIO[0] * len(phones)) & (lengths <= LENGTH_RATIO[1] * len(phones))
            best: dict[int, float] = {}
            for query, matrix in ((letters, scores[0]), (phones, scores[1])):
                if len(query) < 2:
                    continue
                line = matrix[row]
                alike = np.flatnonzero(fits & (line >= LIKE_FLOOR))
                # the NEAREST likest of this pool, ties to the earlier term (as process.extract orders them)
                for at in sorted(alike.tolist(), key=lambda n: (-line[n], n))[:NEAREST]:
                    score = float(line[at])
                    if score > best.get(at, -1.0):
                        best[at] = score
            out.append(sorted(best, key=lambda n: (-best[n], n))[:NEAREST])
        return out


@dataclass(frozen=True, slots=True)
class Candidate:
    """A window of tokens[first:last] that may be a glossary term misheard, with what the ranker reads."""

    first: int
    last: int  # exclusive
    term: str
    features: dict[str, float]


def _similarity(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100 if a and b else 0.0


def sequence_fit(model: ContextModel, left: list[str], seq: list[str], right: list[str]) -> float:
    """ContextModel.sequence_fit, with a word the model does not know counted as a rare word, not an impossible
    one (a glossary term is often unknown to it)."""
    history = left[-2:]
    total = 0.0
    for word in [*seq, *right[:2]]:
        total += max(model.logprob(word, *history), UNKNOWN_FLOOR)
        history = [*history[-1:], word]
    return total


def _plausible_parts(words: list[str], sound: TermSound) -> bool:
    """False for a window with a relative of a word of the term ('Python' of Pythonic, 'genomic' of Genomics):
    a word in its own right; and for one sharing a word with the term whose other words are not like the rest
    of it ('TensorFlow case' for TensorFlow Extended; 'Steve Rash' for Steve Rasche is kept)."""
    return not relative_of_term(words, sound.words) and not rest_unlike_term(words, sound.words)


def candidates(text: str, tokens: list[Token], fits: list[float], skip: set[int], sounds: TermSounds,
               model: ContextModel, lexicon: Lexicon) -> list[Candidate]:
    """Windows of 1-3 tokens (not crossing punctuation, not all exact terms) with a word that does not fit its
    place (below GATE_FIT), each with the terms it is like."""
    n = len(tokens)
    phones_of: dict[int, list[str]] = {}
    windows: list[tuple[int, int, tuple[str, ...]]] = []
    seen: dict[tuple[str, ...], tuple[str, str, str, str, list[int]]] = {}  # window words -> sounds, nearest terms
    fresh: dict[tuple[str, ...], tuple[str, str, str, str]] = {}  # windows not yet remembered: their sounds
    for i in range(n):
        if tokens[i].kind not in _WINDOW_KINDS:
            continue
        for j in range(i, min(i + MAX_WORDS, n)):
            tok = tokens[j]
            if j > i and (tok.kind not in _WINDOW_KINDS
                          or text[tokens[j - 1].end : tok.start].strip() not in ("", "-")):
                break
            if min(fits[i : j + 1]) >= GATE_FIT or all(k in skip for k in range(i, j + 1)):
                continue
            texts = tuple(t.text for t in tokens[i : j + 1])
            windows.append((i, j, texts))
            if texts in seen or texts in fresh:
                continue
            remembered = sounds.windows.get(texts)  # (a long transcript says the same odd words again and again)
            if remembered is not None:
                seen[texts] = remembered
                continue
            letters = "".join(compact(t.norm) for t in tokens[i : j + 1])
            if len(letters) < 2:
                fresh[texts] = ("", "", "", "")
                continue
            phones: list[str] = []
            for k in range(i, j + 1):
                if k not in phones_of:
                    phones_of[k] = word_phones(model, tokens[k].text)
                phones += phones_of[k]
            fresh[texts] = (letters, phonetic_key(letters), phone_string(phones), class_string(phones))
    if fresh:  # the nearest terms of all this segment's new windows in one batch
        asked = [texts for texts, heard in fresh.items() if heard[0]]
        nearest_terms = dict(zip(asked, sounds.nearest_many([(fresh[t][0], fresh[t][2]) for t in asked]), strict=True))
        if len(sounds.windows) + len(fresh) >= MEMO_SIZE:
            sounds.windows.clear()
        for texts, heard in fresh.items():
            seen[texts] = sounds.windows[texts] = (*heard, nearest_terms.get(texts, []))
    out: list[Candidate] = []
    for i, j, texts in windows:
        letters, key, pstr, classes, nearest = seen[texts]
        for at in nearest:
            sound = sounds.sounds[at]
            features = _features(model, tokens, i, j + 1, fits, letters, key, pstr, classes, sound,
                                 skip, lexicon, sounds.by_compact)
            if features is not None:
                out.append(Candidate(i, j + 1, sound.term, features))
    return out


def _bare(letters: str) -> str:
    return letters[:-1] if letters.endswith("s") and len(letters) > 3 else letters


def _features(model: ContextModel, tokens: list[Token], first: int, last: int, fits: list[float], letters: str,
              key: str, phones: str, classes: str, sound: TermSound, skip: set[int], lexicon: Lexicon,
              sounds_full: dict[str, TermSound]) -> dict[str, float] | None:
    if letters == sound.letters:
        return None  # a spacing choice: the matcher's
    if len(letters) >= 4 and (letters in sound.letters or sound.letters in letters):
        return None  # a part of the term, or the term with more words around it: no mishearing
    window = tokens[first:last]
    spelled = [compact(t.text) for t in window if is_spelled(t.text)]
    if sound.acronym and any(w in sound.letters for w in spelled):
        return None  # an acronym that is part of the term ('TF' of TFX): one in its own right
    if not sound.acronym and spelled and last - first == 1:
        return None  # an acronym said for a word or name: recognisers write letters only when they hear them
    if last - first > 1 and any(t.kind == ACRONYM for t in window):
        return None  # (the language model does not know acronyms: a window with one always fits badly)
    if any(_bare(compact(tokens[k].norm)) in sounds_full or (k in skip and compact(tokens[k].norm) not in sound.words)
           for k in range(first, last)):
        return None  # another term said right, with words around it ('TensorFlow focused' ~ TensorFlow Extended)
    if sound.acronym and not spelled:
        return None  # words for an acronym: on Earnings-21 right 1 time in 5, and far more often a word the
        # language model does not know ('DevOps' ~ TFX)
    if not _plausible_parts([compact(t.norm) for t in tokens[first:last]], sound):
        return None
    like = (_similarity(letters, sound.letters), _similarity(key, sound.key), _similarity(phones, sound.phones))
    if max(like) < GATE_LIKE:
        return None
    wfits = fits[first:last]
    if min(wfits) <= UNKNOWN_WORD:
        return None  # a word the language model does not know: the word checker's ('DevOps', 'configs')
    words = [compact(t.norm) for t in window]
    zipfs = [lexicon.derived_zipf(w) for w in words]
    left = [t.norm for t in tokens[max(0, first - 2) : first]] or ["<s>"]
    right = [t.norm for t in tokens[last : last + 2]]
    gain = (sequence_fit(model, left, [w.lower() for w in sound.term.split()], right)
            - sequence_fit(model, left, [t.norm for t in window], right))
    return {
        "words": float(len(window)),
        "term_words": float(len(sound.words)),
        "letters": like[0],
        "key": like[1],
        "phones": like[2],
        "classes": _similarity(classes, sound.classes),
        "first_phone": float(phones[:1] == sound.phones[:1]),
        "first_letter": float(letters[:1] == sound.letters[:1]),
        "length": len(phones) / max(1, len(sound.phones)),
        "acronym_term": float(sound.acronym),
        "said_as_word": float(sound.said_as_word),
        "spelled_window": float(any(is_spelled(t.text) for t in window)),
        "capital": float(any(t.text[:1].isupper() and not t.sentence_start for t in window)),
        "fit_mean": sum(wfits) / len(wfits),
        "fit_min": min(wfits),
        "fit_after": fits[last] if last < len(fits) else 0.0,
        "zipf_min": min(zipfs),
        "zipf_mean": sum(zipfs) / len(zipfs),
        "zipf_max": max(zipfs),  # a function word in the window ('and C' ~ Udacity) is rarely part of a name
        "like_best": max(like),
        "term_letters": float(len(sound.letters)),
        "term_zipf": sound.zipf,
        "shared": float(sum(w in sound.words for w in words)),
        "exact_inside": float(sum(k in skip for k in range(first, last))),
        "term_gain": gain,
    }


# ----- scoring ----------------------------------------------------------------------------------------------
class Ranker:
    """A small ensemble of regression trees (gradient boosting, logistic loss) over the candidate features."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.features: list[str] = [str(f) for f in data["features"]]
        self.baseline = float(data["baseline"])
        # each tree: nodes as (feature index, threshold, left, right, value); a leaf has feature index -1
        self.trees: list[list[tuple[int, float, int, int, float]]] = [
            [(int(n[0]), float(n[1]), int(n[2]), int(n[3]), float(n[4])) for n in tree] for tree in data["trees"]]
        self.threshold = float(data["threshold"])
        # the trees as one Python expression of nested conditionals (a check scores ~10k candidates per hour of
        # speech: walking 100 trees node by node took 100 us a candidate, the compiled expression ~10 us)
        body = " + ".join(self._expression(tree, 0) for tree in self.trees) or "0.0"
        self._sum: Callable[[list[float]], float] = eval(compile(f"lambda x: {body}", MODEL_FILE, "eval"), {})

    def _expression(self, tree: list[tuple[int, float, int, int, float]], at: int) -> str:
        feature, threshold, left, right, value = tree[at]
        if feature < 0:
            return repr(value)
        return (f"({self._expression(tree, left)} if x[{feature}] <= {threshold!r} "
                f"else {self._expression(tree, right)})")

    @classmethod
    def load(cls, path: Path | Traversable | None = None) -> Ranker:
        source = path if path is not None else resource_files() / MODEL_FILE
        return cls(json.loads(source.read_text(encoding="utf-8")))

    def probability(self, features: dict[str, float]) -> float:
        z = self.baseline + self._sum([features[name] for name in self.features])
        return 1 / (1 + math.exp(-z))


_RANKER: Ranker | None = None
_ENABLED = True


def ranker() -> Ranker:
    global _RANKER
    if _RANKER is None:
        _RANKER = Ranker.load()
    return _RANKER


def use_ranker(loaded: Ranker | None, enabled: bool = True) -> None:
    """Score with another fitted model, or (enabled=False) not at all: for tests/eval, which fits a model on half
    the calls and checks it on the other half, and lists candidates with the detector's other signals alone."""
    global _RANKER, _ENABLED
    _RANKER = loaded
    _ENABLED = enabled


def ranked_findings(segment_id: str, text: str, tokens: list[Token], fits: list[float], skip: set[int],
                    sounds: TermSounds, model: ContextModel, lexicon: Lexicon) -> list[Finding]:
    """Windows the ranker finds likely to be a glossary term misheard (non-overlapping, likeliest first).

    A window's score is its probability shifted so that the ranker's threshold (the probability where flags
    on held-out calls were still right about 2 times in 3) lands on the detector's default min score."""
    if not sounds.sounds or not tokens or not _ENABLED:
        return []
    scorer = ranker()
    scored = sorted(((scorer.probability(c.features), c) for c in candidates(text, tokens, fits, skip, sounds,
                                                                               model, lexicon)),
                    key=lambda pc: (-pc[0], pc[1].last - pc[1].first, pc[1].first))
    # a window flagged for a term that holds a shorter window flagged for it too ('the run back', 'run back' ~
    # runbook): the shorter one is the mishearing, the rest words of their own
    flagged = [(c.first, c.last, c.term) for p, c in scored if p >= scorer.threshold]
    found: list[Finding] = []
    taken: set[int] = set()
    for p, c in scored:
        score = round(p - scorer.threshold + DEFAULT_SCORE, 3)
        if score < LOWEST_SCORE:
            break
        if any(term == c.term and c.first <= first and last <= c.last and last - first < c.last - c.first
               for first, last, term in flagged):
            continue
        span = set(range(c.first, c.last))
        if span & taken:
            continue
        taken |= span
        start, end = tokens[c.first].start, tokens[c.last - 1].end
        found.append(Finding(segment_id, start, end, text[start:end], GLOSSARY, min(score, HIGHEST_SCORE),
                             (c.term,), f"sounds like glossary term {c.term!r} and does not fit its place"))
    return found
