"""Glossary terms heard as other words: windows of one to three words that sound like a term and do not fit.

The glossary matcher (glossary.py) finds near-misses that are spelled like a term, or ordinary words with the
very same phonetic key. Real recognisers mostly do something else with a name they do not know: they write
the nearest words they do know ("Rob Hole" for Rob Hall, "David Distractor" for David Bistricer, "Flappers
gardens" for Flatbush Gardens, "CMB" for CMPP). Such a window is only loosely like the term in letters or in
sound, which ordinary words are all the time; what gives it away is that the words do not fit where they are.

So a window is a candidate when it is like a term (rapidfuzz ratio of its letters, or of its Metaphone key,
against the term's) AND the general English trigram model finds its words badly out of place. On Earnings-21
(tests/eval/earnings21.py, all four recognisers, first 2,500 words of each call, the call's names as the
glossary), windows the existing signals did not flag:
- with a capitalised word (not at a sentence start) that fit below -12 per word, like a term >= 0.8
  (one word) or >= 0.7 (two or three): 426 windows, 82 in 100 on a real mistake, 211 more errors on names;
- of lower-case words only, two or three words, fit below -12, like a term >= 0.8: 59 windows, 78 in 100 real;
- a single lower-case word: at best 56 in 100 real (sounds exactly like the term): not flagged here.
A window that spells the term (spacing and case aside) or that is part of it ("Energy Partners" of NextEra
Energy Partners) is no mishearing and is left to the matcher.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import Any

from rapidfuzz import fuzz, process

from editor.review.context import ContextModel
from editor.review.suspect import GLOSSARY, Finding
from editor.review.tokens import ACRONYM, CAMEL, WORD, Token, compact, phonetic_key

MAX_WORDS = 3
OUT_OF_PLACE = -12.0  # mean natural-log trigram probability per word below which the words do not fit
LIKE_ONE_WORD = 0.8  # rapidfuzz ratio (letters or Metaphone key) of a one-word window to the term
LIKE_WORDS = 0.7  # ... of a capitalised window of two or three words
LIKE_LOWER_WORDS = 0.8  # ... of two or three lower-case words
MIN_LETTERS = 3
SHARED_REST = 0.6  # a window sharing a word with a term: likeness of the other words to the rest of the term
LENGTH_RATIO = (0.6, 1.6)  # term letters / window letters
BASE_SCORE = 0.55  # at the lowest likeness; up to BASE_SCORE + SCORE_RANGE when the window sounds like the term
SCORE_RANGE = 0.2
_WINDOW_KINDS = (WORD, ACRONYM, CAMEL)
MEMO_SIZE = 200_000  # windows remembered per glossary
# the end of every window finding's reason (here and term_ranker.py): the detector knows them by it, as their
# fit is weighed already (term_context.judged does not judge them again)
OUT_OF_PLACE_REASON = "and does not fit its place"
CUTOFF = 60  # rapidfuzz ratio below which a term is not looked at (an acronym 2 letters in 3 alike still is)


class TermKeys:
    """The glossary terms' letters and phonetic keys as lists (rapidfuzz compares a window with all in C);
    built once per glossary."""

    def __init__(self, terms: list[tuple[str, str, str]]) -> None:
        """`terms`: (term as suggested, its letters, its phonetic key)."""
        terms = sorted(terms, key=lambda t: len(t[1]))  # by length: the terms a window may be are a slice
        self.terms = [t[0] for t in terms]
        self.letters = [t[1] for t in terms]
        self.keys = [t[2] for t in terms]
        self.words = [[compact(w) for w in t[0].split()] for t in terms]
        self._lengths = [len(t[1]) for t in terms]
        self._memo: dict[tuple[tuple[str, ...], bool], tuple[int, float] | None] = {}

    def closest(self, words: list[str], spelled: bool = False) -> tuple[int, float] | None:
        """The term most like a window (its words' letters) by letters or Metaphone key, and the likeness in
        [0, 1]; None when no term is at least CUTOFF alike. `spelled`: letters only (an acronym is said letter by
        letter, so its Metaphone key means nothing)."""
        memo_key = (tuple(words), spelled)
        if memo_key in self._memo:
            return self._memo[memo_key]  # (a long transcript repeats its misheard names and rare words)
        if len(self._memo) >= MEMO_SIZE:
            self._memo.clear()
        best = self._memo[memo_key] = self._closest(words, spelled)
        return best

    def _closest(self, words: list[str], spelled: bool) -> tuple[int, float] | None:
        flat = "".join(words)
        key = "" if spelled else phonetic_key(flat)
        low, high = self._slice(len(flat))
        if low >= high:
            return None
        found = [at for _, _, at in process.extract(flat, self.letters[low:high], scorer=fuzz.ratio,
                                                    score_cutoff=CUTOFF, limit=3)]
        if len(key) >= 2:
            found += [at for _, _, at in process.extract(key, self.keys[low:high], scorer=fuzz.ratio,
                                                         score_cutoff=CUTOFF, limit=3)]
        return self._best(words, flat, key, low, found)

    def _slice(self, letters: int) -> tuple[int, int]:
        """The terms of a fitting length for a window of so many letters: self.letters[low:high]."""
        return (bisect_left(self._lengths, LENGTH_RATIO[0] * letters),
                bisect_right(self._lengths, LENGTH_RATIO[1] * letters))

    def prepare(self, windows: Iterable[tuple[tuple[str, ...], bool]]) -> None:
        """Work out closest() of many windows (words, spelled) at once: one rapidfuzz `cdist` per window length
        and pool instead of a `process.extract` per window (~16 us each, most of it reading the terms again;
        ~4.6 us a window in a batch). The same terms in the same order: the likest 3, ties to the earlier."""
        import numpy as np

        new = [w for w in dict.fromkeys(windows) if (w[0], w[1]) not in self._memo]
        if not new:
            return
        if len(self._memo) + len(new) >= MEMO_SIZE:
            self._memo.clear()
        by_length: dict[int, list[tuple[tuple[str, ...], bool]]] = {}
        for window in new:
            by_length.setdefault(sum(map(len, window[0])), []).append(window)
        for letters, group in by_length.items():
            low, high = self._slice(letters)
            if low >= high:
                for window in group:
                    self._memo[window] = None
                continue
            flats = ["".join(words) for words, _ in group]
            keys = ["" if spelled else phonetic_key(flat) for (_, spelled), flat in zip(group, flats, strict=True)]
            found: list[list[int]] = [[] for _ in group]
            asked = [n for n, key in enumerate(keys) if len(key) >= 2]
            for pool, queries, rows in ((self.letters, flats, range(len(group))),
                                        (self.keys, [keys[n] for n in asked], asked)):
                if not queries:
                    continue
                scores = process.cdist(queries, pool[low:high], scorer=fuzz.ratio, score_cutoff=CUTOFF,
                                       dtype=np.float64)
                # each row's likest 3 (scores under CUTOFF are 0), ties to the earlier term: sorted by row, score
                # down, term, then the first 3 of each row's run
                row_of, at_of = np.nonzero(scores)
                order = np.lexsort((at_of, -scores[row_of, at_of], row_of))
                row_of, at_of = row_of[order], at_of[order]
                first3 = np.arange(len(row_of)) - np.searchsorted(row_of, row_of) < 3
                for row, at in zip(row_of[first3].tolist(), at_of[first3].tolist(), strict=True):
                    found[rows[row]].append(at)
            for (words, spelled), flat, key, picks in zip(group, flats, keys, found, strict=True):
                self._memo[(words, spelled)] = self._best(list(words), flat, key, low, picks)

    def _best(self, words: list[str], flat: str, key: str, low: int, found: list[int]) -> tuple[int, float] | None:
        """Of the terms self.letters[low:][at] for `at` in `found`, the one likest the window (the first of
        equals), if it is at least CUTOFF alike."""
        best: tuple[int, float] | None = None
        for at in found:
            n = low + at
            like = self._likeness(words, flat, key, n)
            if like is not None and like >= CUTOFF / 100 and (best is None or like > best[1]):
                best = (n, like)
        return best

    def _likeness(self, words: list[str], flat: str, key: str, n: int) -> float | None:
        letters = self.letters[n]
        if not LENGTH_RATIO[0] <= len(letters) / len(flat) <= LENGTH_RATIO[1] or flat == letters:
            return None  # (the same letters: a spacing choice, which the matcher judges)
        if len(flat) >= 4 and (flat in letters or letters in flat):
            return None  # a part of the term, or the term with more words around it
        term_words = self.words[n]
        if relative_of_term(words, term_words):
            return None
        if not key:  # an acronym: its letters, and the letters' names ('dee' and 'tee' rhyme)
            return (fuzz.ratio(flat, letters) + fuzz.ratio(_letter_sounds(flat), _letter_sounds(letters))) / 200
        like = max(fuzz.ratio(flat, letters), fuzz.ratio(key, self.keys[n])) / 100
        if rest_unlike_term(words, term_words):
            return None
        return like



def relative_of_term(words: Sequence[str], term_words: Sequence[str]) -> bool:
    """A word of the window is a relative of a word of the term ('genomic' of Genomics, 'python' of Pythonic):
    a word in its own right, not the term misheard."""
    return any(len(w) >= 4 and w not in term_words and any(w in t or t in w for t in term_words if len(t) >= 4)
               for w in words)


def rest_unlike_term(words: Sequence[str], term_words: Sequence[str]) -> bool:
    """The window has a word of the term heard right, and its other words are not somewhat like the rest of the
    term ('Concho reported' is not Concho Resources, 'TensorFlow case' not TensorFlow Extended; 'Steve Rash' may
    be Steve Rasche)."""
    shared = [w for w in words if w in term_words]
    if not shared:
        return False
    rest = "".join(w for w in words if w not in shared)
    rest_term = "".join(w for w in term_words if w not in shared)
    return not rest or not rest_term or max(fuzz.ratio(rest, rest_term), fuzz.ratio(
        phonetic_key(rest), phonetic_key(rest_term))) < SHARED_REST * 100

# Letters whose names rhyme, as a recogniser confuses them in a spelled acronym (B/D/P/T..., F/S/X, M/N, A/J/K)
_LETTER_GROUPS = {ch: group[0] for group in ("ebcdgptvz", "fsx", "mn", "ajkh", "iy", "uqw", "l", "o", "r")
                  for ch in group}


def _letter_sounds(letters: str) -> str:
    return "".join(_LETTER_GROUPS.get(ch, ch) for ch in letters)


def word_fits(model: ContextModel, tokens: list[Token]) -> list[float]:
    """Each token's natural-log trigram probability after the two tokens before it (the first after <s>)."""
    # (ContextModel.logprob without its call overhead: the model's cached values are read by their key, the
    # word then its history newest first; a long check asks this for every word)
    probs, prob = model._probs, model._prob
    out = []
    before, last = "", "<s>"
    for tok in tokens:
        key = (tok.norm, last, before) if before else (tok.norm, last)
        value = probs.get(key)
        out.append(prob(key) if value is None else value)
        before, last = last, tok.norm
    return out


def word_fits_many(model: ContextModel, token_lists: Sequence[list[Token]]) -> list[list[float]]:
    """word_fits() of many segments' tokens, scored in one batch by the model's arrays (equal values: a 10 h
    check's 108k look-ups, ~0.18 s one by one, take ~0.06 s); one by one when the model has no arrays."""
    if model.arrays is None:
        return [word_fits(model, tokens) for tokens in token_lists]
    import numpy as np

    norms = [t.norm for tokens in token_lists for t in tokens]
    ids = model.ids(norms)
    start_id = model.ids(["<s>"])[0]
    h1 = np.empty_like(ids)
    h2 = np.empty_like(ids)
    h1[1:], h2[2:] = ids[:-1], ids[:-2]
    at = 0
    bounds = [0]
    for tokens in token_lists:  # each segment starts after <s>, with no word before it
        if len(tokens):
            h1[at], h2[at] = start_id, -1
        if len(tokens) > 1:
            h2[at + 1] = start_id
        at += len(tokens)
        bounds.append(at)
    values = model.logprob_ids(ids, h1, h2).tolist() if norms else []
    return [values[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def asked_windows(tokens: list[Token], fits: Any, starts: Any, lasts: Any) -> list[tuple[tuple[str, ...], bool]]:
    """The windows (words, spelled) window_findings() will ask TermKeys.closest() about, of the windows
    tokens[start:last + 1] (numpy arrays; tokens of window kinds, not parted by punctuation, `fits` the tokens'
    word_fits as an array) and some more: it alone knows the exact terms."""
    import numpy as np

    if not len(starts):
        return []
    total = np.concatenate(([0.0], np.cumsum(fits)))
    # (summed in another order than window_findings' running total: a hair's margin keeps every window it takes)
    mean = (total[lasts + 1] - total[starts]) / (lasts - starts + 1)
    out: dict[tuple[tuple[str, ...], bool], None] = {}
    for first, last in zip(starts[mean < OUT_OF_PLACE + 1e-6].tolist(), lasts[mean < OUT_OF_PLACE + 1e-6].tolist(),
                           strict=True):
        window = tokens[first : last + 1]
        capital = any(t.text[:1].isupper() and not t.sentence_start for t in window)
        if not capital and first == last:
            continue
        acronyms = any(t.kind == ACRONYM or (len(t.text) > 1 and t.text.isupper()) for t in window)
        if acronyms and last > first:
            continue
        words = tuple(compact(t.norm) for t in window)
        if sum(map(len, words)) >= MIN_LETTERS:
            out[(words, acronyms)] = None
    return list(out)


def window_findings(segment_id: str, text: str, tokens: list[Token], skip: set[int], keys: TermKeys,
                    model: ContextModel, fits: list[float] | None = None) -> list[Finding]:
    """Windows of tokens that sound like a glossary term and do not fit their place. `skip`: the tokens that
    are exact terms; one is in a window only as a word of the longer term the window sounds like. `fits`:
    word_fits(model, tokens), when the caller has them."""
    if not keys.terms or not tokens:
        return []
    if fits is None:
        fits = word_fits(model, tokens)
    # a window's words fit badly on average only if one of them does: windows around those words are tried
    starts = sorted({i for b, fit in enumerate(fits) if fit < OUT_OF_PLACE for i in range(max(0, b - MAX_WORDS + 1),
                                                                                         b + 1)})
    candidates: list[tuple[float, int, int, int]] = []
    n = len(tokens)
    for i in starts:
        if tokens[i].kind not in _WINDOW_KINDS:
            continue
        capital = False
        total = 0.0
        exact: list[str] = []  # letters of the window's words that are terms themselves
        window_words: list[str] = []
        acronyms = 0
        for j in range(i, min(i + MAX_WORDS, n)):
            tok = tokens[j]
            if j > i and (tok.kind not in _WINDOW_KINDS
                          or text[tokens[j - 1].end : tok.start].strip() not in ("", "-")):
                break  # (windows do not cross punctuation)
            if j in skip:
                exact.append(compact(tok.norm))
            acronyms += tok.kind == ACRONYM or (len(tok.text) > 1 and tok.text.isupper())
            window_words.append(compact(tok.norm))
            capital = capital or (tok.text[:1].isupper() and not tok.sentence_start)
            total += fits[j]
            words = j - i + 1
            if total / words >= OUT_OF_PLACE or sum(map(len, window_words)) < MIN_LETTERS:
                continue
            if (not capital and words == 1) or len(exact) == words or (acronyms and words > 1):
                continue  # (the language model does not know acronyms: a window with one always fits badly)
            if exact and not all(t.text[:1].isupper() for t in tokens[i : j + 1]):
                continue  # a term said right beside ordinary words ('of NextEra Energy'): no name misheard
            least = LIKE_ONE_WORD if words == 1 else (LIKE_WORDS if capital else LIKE_LOWER_WORDS)
            best = keys.closest(window_words, spelled=acronyms > 0)
            # a word that is a term itself ('Rob') belongs to a window only as a word of a longer term heard
            # with the rest misheard ('Rob Hole' for Rob Hall)
            if best is not None and best[1] >= least and (not exact or set(exact) <= set(keys.words[best[0]])):
                candidates.append((best[1], i, j + 1, best[0]))
    found: list[Finding] = []
    taken: set[int] = set()
    for like, i, j, term in sorted(candidates, key=lambda c: (-c[0], c[2] - c[1], c[1])):
        span = set(range(i, j))
        if span & taken:
            continue
        taken |= span
        score = round(BASE_SCORE + SCORE_RANGE * (like - LIKE_WORDS) / (1 - LIKE_WORDS), 3)
        window = text[tokens[i].start : tokens[j - 1].end]
        found.append(Finding(segment_id, tokens[i].start, tokens[j - 1].end, window, GLOSSARY, score,
                             (keys.terms[term],), f"sounds like glossary term {keys.terms[term]!r} "
                             + OUT_OF_PLACE_REASON))
    return found
