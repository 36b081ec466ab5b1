"""Glossary terms heard as other words, ranked by a fitted model: windows of one to three words that do not fit
their place are compared with the terms by letters, Metaphone key and phones (CMU dictionary; letter names for an
acronym; a letter-to-sound guess for other words), and a small ensemble of regression trees weighs that likeness
against how badly the words fit, how common they are, how well the term itself would fit there.

term_windows.py flags windows past hand-set thresholds; this module looks at more windows (any with a word below
GATE_FIT, like a term >= GATE_LIKE) and lets the fitted trees decide. The trees (resources/term-ranker.json) are
fitted by tests/eval/term_ranker_train.py on Earnings-21 calls; fitted on one half of the calls and checked on
the other (earnings21.py --half N --ranker FILE), they took recall of errors on names from 0.34/0.39 to
0.41/0.44 at precision 0.82/0.83 (all four recognisers, with the call's glossary; without one nothing changes).
Of the 2,716 errors on glossary terms, candidate windows then reached only 539 (1,224 with the other signals:
a ceiling of 0.45); a window's worst word fitting below -7 instead of -10, and an acronym of four letters or
more compared also as the word it is said as ('gap' ~ GAAP, 'yet he' ~ YETI), raised that ceiling to 0.51
and held-out name recall to 0.47/0.44 at precision 0.77/0.79 (0.44/0.41 at 0.83/0.82 before, same code
otherwise). Widening likeness to 0.65 as well reached 0.55 but the ranker gained no more from it (a window only
loosely like a term is rarely one) at 2.5 times the candidates. A word the language model does not know no
longer drops a window (the trees weigh it as a feature) unless it is a word of the term said right:
held-out 0.49/0.46 at precision 0.78/0.79; nor does a word of the term said right with the others unlike the
rest of it ('our logistics' for Air Logistics), unless that rest is an acronym or of another length: 0.50/0.48
at precision 0.79/0.80; and with the detector no longer judging these findings' fit again (term_context.judged):
0.52/0.49 at 0.79/0.79. The candidates then reach 1,496 of the 2,716 errors on glossary terms with the other
signals (0.55): the rest are mostly written as words nothing like the term. Two wider sources of candidates
then raised that ceiling to 0.59 and held-out name recall to 0.53/0.55 at precision 0.76/0.78 (0.50/0.52 at
0.77/0.77 in the same run): a window with a word fitting far worse (below LOOSE_FIT) may be like a term by phones
alone down to 0.6 ('Danner Hale' ~ Danaher), when it is one word or has a capital (as a rule, several
lower-case words so alike, 'had a' ~ Hadoop, were mostly ordinary speech); and letters or words heard for an
acronym are no longer dropped ('G P' for GCP, 'teeny' for TNT: the trees weigh them). Looser fit gates reached
more (-12: 0.60, -10: 0.62) for the same held-out recall at 2-3 times the extra search time (-12: +8% CPU on the
10 h check with 1,000 terms, -14: +3%); any window down to 0.6 by phones, 0.68, but precision fell. The features are general
(sound, spelling, fit, commonness); no word of any transcript is in them.
Tried next and not kept (tests/eval/term_misses.py sorts the misses: of 1,236 held-out misses on names, 93 had a
candidate the trees scored too low, 498 no window even 0.6 alike to the term): windows alike by Metaphone key
alone (>= 0.8; 167 misses were) took held-out recall from 0.54 to 0.55-0.56 on one half at equal precision and
left the other unchanged, and the windows that paid most were the sample's false alarms ('how do I' ~ Hadoop);
kept from those, they paid nothing. Features of phone alignment (Levenshtein, per-word partial match, head and
tail), the document's count of the window, the term said right elsewhere, the window's own sequence fit: each
within 10 of 2,773 name errors at equal false flags; per-class thresholds chosen on one half did worse on the
other; other tree sizes and bagging, the same.

Windows that are words in their own right are never candidates (rules below, each from a false alarm class on
the hand-annotated sample): a part or relative of the term ('Python' for Pythonic, 'TF' for TFX), ordinary
words beside a word of the term for the rest of it when that is an acronym ('a function' ~ tf.function), another
term said right with words around it ('TensorFlow focused' for TensorFlow Extended), an acronym of two letters or
more that is part of the term, an acronym for a word, and a term's word said right that the language model does
not know ('to Keras' for tf.keras: its bad fit is no evidence).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from struct import pack, unpack
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.fuzz import ratio

from editor.align.lexicon import guess_phones
from editor.paths import resource_files
from editor.review.chunk_plan import ChunkPlan
from editor.review.context import _PHONE_CLASS, ContextModel
from editor.review.fitted_trees import TERM_RANKER_FILE, TreeEnsemble
from editor.review.lexicon import Lexicon
from editor.review.suspect import GLOSSARY, Finding
from editor.review.term_gate import FIELD_MAX, FLAG, SubsequenceGate
from editor.review.term_windows import (
    OUT_OF_PLACE_REASON,
    TermKeys,
    asked_windows,
    relative_of_term,
    rest_unlike_term,
    word_fits_many,
)
from editor.review.tokens import ACRONYM, CAMEL, WORD, Token, compact, normalise, phonetic_key

MODEL_FILE = TERM_RANKER_FILE
MAX_WORDS = 3
LIKE_FLOOR = 70  # rapidfuzz ratio (letters, key or phones) below which a term is not a candidate for a window
GATE_FIT = -7.0  # a window is looked at only if one of its words fits its place worse than this (natural log)
GATE_LIKE = 0.7  # ... and it is this like a term by letters, Metaphone key or phones
# A window with a word that fits far worse (below LOOSE_FIT) may be like a term by phones alone down to LOOSE_PHONES
# ('cults' ~ Culp, 'Danner Hale' ~ Danaher): one word, or words with a capital (several lower-case words that
# only sound somewhat like a term, 'had a' ~ Hadoop, are ordinary speech far more often). See the module docstring.
LOOSE_FIT = -14.0
LOOSE_PHONES = 60
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
    spelled_words: frozenset[str] = frozenset()  # its words said letter by letter ('tf' of tf.function)


Sound = tuple[str, str, str]  # a token's letters, phones (one character each) and phone classes
# a window's letters, Metaphone key, phones, phone classes and nearest terms
WindowSounds = tuple[str, str, str, str, list[int]]
_NOTHING: WindowSounds = ("", "", "", "", [])


class TermSounds:
    """The glossary terms as letters, Metaphone keys and phones, sorted by phone count; built once per glossary.
    Also what the search remembers: each word's sounds, each window's nearest terms, the gate's tables."""

    def __init__(self, terms: list[str], model: ContextModel, lexicon: Lexicon) -> None:
        sounds = []
        for term in terms:
            letters = compact(term)
            if len(letters) < 2:
                continue
            phones = [p for w in term.split() for p in word_phones(model, w)]
            pieces = [w for w in re.split(r"[\s._/-]+", term) if compact(w)]
            words = tuple(compact(w) for w in pieces)
            # (a piece without a vowel is said letter by letter whatever its case: 'tf' of tf.function)
            spelled_words = frozenset(compact(w) for w in pieces
                                      if is_spelled(w) or not re.search(r"[aeiouy]", w.lower()))
            acronym = is_spelled(term.replace(" ", "")) or all(is_spelled(w) for w in term.split())
            zipf = min(lexicon.derived_zipf(w) for w in words)
            sounds.append(TermSound(term, letters, phonetic_key(term), phone_string(phones), class_string(phones),
                                    acronym, words, zipf, False, spelled_words))
            said = word_reading(model, term) if acronym else None
            if said:  # an acronym may be said as a word ('COVID', 'GAAP'): heard as the words it sounds like
                sounds.append(TermSound(term, letters, phonetic_key(term), phone_string(said), class_string(said),
                                        False, words, zipf, True, spelled_words))
        sounds.sort(key=lambda s: len(s.phones))
        self.sounds = sounds
        self._lengths = [len(s.phones) for s in sounds]
        self._letters = [s.letters for s in sounds]
        self._keys = [s.key for s in sounds]
        self._phones = [s.phones for s in sounds]
        self.by_compact = {s.letters: s for s in sounds}
        self._gates = (SubsequenceGate(self._letters, LIKE_FLOOR, self._lengths, LENGTH_RATIO),
                       SubsequenceGate(self._phones, LIKE_FLOOR, self._lengths, LENGTH_RATIO))
        # the phones' gate at LOOSE_PHONES for windows that fit far worse (the same per-word tables)
        self._loose_gate = SubsequenceGate(self._phones, LOOSE_PHONES, self._lengths, LENGTH_RATIO)
        self._loose_gate.pieces = self._gates[1].pieces
        self._model = model
        self._token_sounds: dict[str, Sound] = {}
        # window token texts -> (letters, Metaphone key, phones, phone classes, nearest terms)
        self.windows: dict[tuple[str, ...], WindowSounds] = {}
        # (window words, term) -> what the ranker reads there wherever the window is (_features)
        self.features: dict[tuple[tuple[str, ...], int], Any] = {}
        self._plan = ChunkPlan()  # segments to be searched in batches, in the chunks the helpers take (plan())
        self._term_keys: TermKeys | None = None  # term_windows.py's search, planned with the chunks
        # planned segments searched with their chunk: text -> (word fits, windows with their sounds, nearest terms)
        self._ready: dict[str, tuple[list[float], list[tuple[int, int, WindowSounds]]]] = {}

    def token_sound(self, text: str) -> Sound:
        """A token's letters, phones and phone classes, worked out once per word: a window's are its words' strung
        together (a 10 h check asks ~80k times for ~7k words)."""
        found = self._token_sounds.get(text)
        if found is None:
            phones = word_phones(self._model, text)
            found = self._token_sounds[text] = (compact(normalise(text)), phone_string(phones), class_string(phones))
        return found

    def plan(self, texts: Sequence[str], tokens_of: Callable[[int], list[Token]], bounds: Sequence[int] = (),
             keys: TermKeys | None = None) -> None:
        """Segments about to be searched (their texts, in order; their tokens from tokens_of(index)): the first
        of them asked about (planned_fits() or candidates()) gets the windows of all the segments up to the next
        of the ascending indices `bounds` (none: all of them) searched at once, as forked helpers take the chunks
        of jobs starting at `bounds` (see ContextChecker.prepare); and so does term_windows.py's search (`keys`),
        for the windows window_findings() will ask about. (Per segment, the gate's rapidfuzz batch of a few new
        words cost ~23 us of set-up each: ~0.3 s on 10 h; walking each segment's windows ~0.2 s.)"""
        self._plan = ChunkPlan(texts, tokens_of, bounds)
        self._ready = {}
        self._term_keys = keys

    def planned_fits(self, text: str) -> list[float] | None:
        """term_windows.word_fits() of a planned segment's tokens, worked out with its chunk's (None: not planned,
        or asked already)."""
        self._run_planned(text)
        ready = self._ready.get(text)
        return ready[0] if ready is not None else None

    def _take_planned(self, text: str, fits: list[float]) -> list[tuple[int, int, WindowSounds]] | None:
        """A planned segment's windows with the terms nearest each (windows like no term left out), searched with
        its chunk's; None when the segment was not planned (or was asked about already)."""
        self._run_planned(text)
        ready = self._ready.pop(text, None)
        if ready is None or ready[0] != fits:  # (other fits: windows of its own)
            return None
        return ready[1]

    def _run_planned(self, text: str) -> None:
        """Search the windows of the chunk of planned segments that `text` is the first of, if it is one."""
        taken = self._plan.take(text)
        if not taken:
            return
        texts = list(taken)
        token_lists = list(taken.values())
        import numpy as np

        from editor.review.term_batch import ChunkWindows, search_chunk

        fits = word_fits_many(self._model, token_lists)
        chunk = ChunkWindows(list(zip(texts, token_lists, fits, strict=True)), _WINDOW_KINDS, GATE_FIT, LOOSE_FIT)
        found = search_chunk(self, chunk)
        if self._term_keys is not None:
            self._term_keys.prepare(asked_windows(chunk.tokens, chunk.fits, *chunk.places()))
        keep = np.array([entry is not _NOTHING for entry in found], dtype=bool)
        for text_i, fits_i, windows in zip(texts, fits, chunk.per_segment(keep), strict=True):
            self._ready[text_i] = (fits_i, [(i, j, found[n]) for i, j, n in windows])

    def nearest_many(self, windows: list[tuple[str, str]]) -> list[list[int]]:
        """For each window (letters, phones), the indices of the (at most NEAREST) terms closest to it by letters
        or phones, at least LIKE_FLOOR alike, among terms whose phones are LENGTH_RATIO times the window's."""
        return self.nearest_parts([[(letters, phones, "")] for letters, phones in windows])

    def nearest_parts(self, windows: list[list[Sound]], loose: Sequence[bool] = ()) -> list[list[int]]:
        """nearest_many() for windows given as their words' sounds (strung together they are the window's);
        `loose[n]`: window n may be like a term by phones down to LOOSE_PHONES (see LOOSE_FIT).

        Only the terms term_gate.py lets through are compared (rapidfuzz `ratio`). Comparing every window with
        every term in one `cdist` per segment and pool (74k windows, 150M pairs, nearly all far apart, on a 10 h
        check with 1,000 terms) made the ranker's 2.4 s CPU there 0.97 s (tests/bench/bench_term_ranker.py);
        one `process.extract` per window had cost more still."""
        if not self._letters:
            return [[] for _ in windows]
        gates = self._gates
        by_letters, by_phones = gates[0].pieces, gates[1].pieces
        # (gate.flags() inlined: a 10 h check asks ~150k times)
        letter_offsets = gates[0].offsets
        letter_flags, phone_flags = gates[0].all_flags, gates[1].all_flags
        out: list[list[int]] = []
        later: list[int] = []  # windows with a word the gate has no table for yet
        for n, parts in enumerate(windows):
            phone_gate = self._loose_gate if loose and loose[n] else gates[1]
            phone_offsets = phone_gate.offsets
            # the sums of the words' LCS with each term, and the gate's answer (most windows are like no term)
            letters_lcs = phones_lcs = letter_count = span = 0
            for part in parts:
                lcs, phone_lcs = by_letters.get(part[0]), by_phones.get(part[1])
                if lcs is None or phone_lcs is None:
                    break
                letters_lcs += lcs
                phones_lcs += phone_lcs
                letter_count += len(part[0])
                span += len(part[1])
            else:
                if len(parts) * FIELD_MAX < FLAG:
                    by_letter = by_phone = 0
                    if letter_count >= 2:
                        offset = letter_offsets.get((letter_count, span))
                        if offset is None:
                            offset = gates[0].offset(letter_count, span)
                        by_letter = (letters_lcs + offset) & letter_flags
                    if span >= 2:
                        offset = phone_offsets.get((span, span))
                        if offset is None:
                            offset = phone_gate.offset(span, span)
                        by_phone = (phones_lcs + offset) & phone_flags
                    out.append(self._nearest(parts, span, gates[0].flagged(by_letter), gates[1].flagged(by_phone),
                                             phone_gate is not gates[1])
                               if by_letter or by_phone else [])
                    continue
            later.append(len(out))
            out.append([])
        if later:  # (words not in a planned batch, or too long for the gate)
            for pool in (0, 1):
                gates[pool].prepare(part[pool] for n in later for part in windows[n])
            lengths = self._lengths
            low, high = LENGTH_RATIO
            for n in later:
                parts = windows[n]
                span = sum(len(part[1]) for part in parts)
                alike: list[list[int]] = []
                wide = bool(loose) and loose[n]
                for pool in (0, 1):
                    pieces = [part[pool] for part in parts]
                    gate = self._loose_gate if pool and wide else gates[pool]
                    found = gate.passing(pieces, span) if sum(map(len, pieces)) >= 2 else []
                    if found is None:  # (a word too long for the gate: all terms of a fitting length)
                        found = [at for at, size in enumerate(lengths) if low * span <= size <= high * span]
                    alike.append(found)
                out[n] = self._nearest(parts, span, alike[0], alike[1], wide)
        return out

    def _nearest(self, parts: list[Sound], span: int, by_letters: list[int], by_phones: list[int],
                 wide: bool = False) -> list[int]:
        """The (at most NEAREST) terms likest a window of these words, of those the gate let through (by phones
        down to LOOSE_PHONES when `wide`)."""
        best: dict[int, float] = {}
        # (by letters and by phones only: an extract by Metaphone key as well cost a third more time)
        for pool, choices, alike in ((0, self._letters, by_letters), (1, self._phones, by_phones)):
            if not alike:
                continue
            query = "".join(part[pool] for part in parts)
            if len(query) < 2:
                continue
            hits = []
            for at in alike:
                score = ratio(query, choices[at], score_cutoff=LOOSE_PHONES if pool and wide else LIKE_FLOOR)
                if score:
                    hits.append((-_float32(score), at))
            # the NEAREST likest of this pool, ties to the earlier term (as process.extract orders them)
            for minus, at in sorted(hits)[:NEAREST]:
                if -minus > best.get(at, -1.0):
                    best[at] = -minus
        return sorted(best, key=lambda n: (-best[n], n))[:NEAREST] if best else []


def _float32(value: float) -> float:
    """`value` rounded to single precision, as the batched search (a float32 `cdist`) used to hold scores: two
    ratios that differ in the last bits then tie, and ties go to the earlier term."""
    return float(unpack("f", pack("f", value))[0])


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


def _window_fit(model: ContextModel, tokens: list[Token], first: int, last: int, fits: list[float], left: list[str],
                right: list[str]) -> float:
    """sequence_fit() of tokens[first:last] between `left` and `right` (the tokens around them): the words' own
    fits, the same look-ups as word_fits() made (but after a first word: its history is cut short here), when
    no word before is empty (word_fits() would leave it out of the history)."""
    end = min(last + 2, len(tokens))
    if first == 1 or not all(t.norm for t in tokens[max(0, first - 2) : end]):
        return sequence_fit(model, left, [t.norm for t in tokens[first:last]], right)
    total = 0.0
    for fit in fits[first:end]:
        total += max(fit, UNKNOWN_FLOOR)
    return total


def _plausible_parts(words: list[str], sound: TermSound) -> bool:
    """False for a window with a relative of a word of the term ('Python' of Pythonic, 'genomic' of Genomics):
    a word in its own right; and for one sharing a word with the term whose other words are not like the rest
    of it when that rest is said letter by letter ('a function' for tf.function: ordinary words for an acronym)
    or is not half to twice as long.
    With a rest that is a word ('our logistics' for Air Logistics, 'Ben Wagner' for Bill Wagner) the trees
    weigh it (feature rest_unlike): as a rule it cost 0.02 of held-out name recall."""
    if relative_of_term(words, sound.words):
        return False
    if not rest_unlike_term(words, sound.words):
        return True
    rest = [w for w in sound.words if w not in words]
    if all(w in sound.spelled_words for w in rest):
        return False
    # ... and when the other words are far shorter or longer than the rest of the term: words beside the part
    # of a term said right ('at Energy Partners' ~ Northwind Energy Partners), not the rest misheard
    heard = sum(len(w) for w in words if w not in sound.words)
    return LENGTH_RATIO[0] <= heard / max(1, sum(map(len, rest))) <= LENGTH_RATIO[1]


def candidates(text: str, tokens: list[Token], fits: list[float], skip: set[int], sounds: TermSounds,
               model: ContextModel, lexicon: Lexicon) -> list[Candidate]:
    """Windows of 1-3 tokens (not crossing punctuation, not all exact terms) with a word that does not fit its
    place (below GATE_FIT), each with the terms it is like."""
    planned = sounds._take_planned(text, fits)
    if planned is not None:  # (searched with its chunk's: skip only the windows of exact terms)
        found = [(i, j, entry) for i, j, entry in planned if not all(k in skip for k in range(i, j + 1))]
    else:
        found = _searched_windows(text, tokens, fits, skip, sounds)
    out: list[Candidate] = []
    for i, j, (letters, key, pstr, classes, nearest) in found:
        for at in nearest:
            sound = sounds.sounds[at]
            features = _features(model, tokens, i, j + 1, fits, letters, key, pstr, classes, sound,
                                 skip, lexicon, sounds.by_compact, sounds.features, at)
            if features is not None:
                out.append(Candidate(i, j + 1, sound.term, features))
    return out


def _searched_windows(text: str, tokens: list[Token], fits: list[float], skip: set[int],
                      sounds: TermSounds) -> list[tuple[int, int, WindowSounds]]:
    """The windows of one segment with a word below GATE_FIT, not all exact terms, each with its sounds and
    nearest terms (searched in one batch with the segment's other new windows)."""
    n = len(tokens)
    # a window needs a word below GATE_FIT: windows start at most MAX_WORDS - 1 words before one
    starts = sorted({i for b, fit in enumerate(fits) if fit < GATE_FIT for i in range(max(0, b - MAX_WORDS + 1), b + 1)})
    if not starts:
        return []
    windows: list[tuple[int, int, tuple[str, ...]]] = []  # (first, last token, memo key: the token texts, and "" after
    # them for a window that may be like a term by phones alone, see LOOSE_FIT)
    memo = sounds.windows
    seen: dict[tuple[str, ...], tuple[str, str, str, str, list[int]]] = {}  # window words -> sounds, nearest terms
    fresh: dict[tuple[str, ...], list[Sound]] = {}  # windows not yet remembered: their words' sounds
    known_sound, token_sound = sounds._token_sounds.get, sounds.token_sound
    attached: dict[int, bool] = {}  # token j follows j - 1 with no punctuation between (asked up to twice)
    for i in starts:
        first = tokens[i]
        if first.kind not in _WINDOW_KINDS:
            continue
        bad = fits[i] < GATE_FIT
        worse = fits[i] < LOOSE_FIT
        capital = first.text[:1].isupper() and not first.sentence_start
        inside = i in skip  # all the window's words are exact terms so far
        texts: tuple[str, ...] = (first.text,)
        for j in range(i, min(i + MAX_WORDS, n)):
            if j > i:
                tok = tokens[j]
                if tok.kind not in _WINDOW_KINDS:
                    break
                joined = attached.get(j)
                if joined is None:
                    joined = attached[j] = text[tokens[j - 1].end : tok.start].strip() in ("", "-")
                if not joined:
                    break
                texts += (tok.text,)
                bad = bad or fits[j] < GATE_FIT
                worse = worse or fits[j] < LOOSE_FIT
                capital = capital or (tok.text[:1].isupper() and not tok.sentence_start)
                inside = inside and j in skip
            if not bad or inside:
                continue
            wkey = (*texts, "") if worse and (j == i or capital) else texts
            windows.append((i, j, wkey))
            if wkey in seen or wkey in fresh:
                continue
            remembered = memo.get(wkey)  # (a long transcript says the same odd words again and again)
            if remembered is not None:
                seen[wkey] = remembered
                continue
            parts = [known_sound(t) or token_sound(t) for t in texts]
            if len(parts[0][0]) < 2 and sum(len(p[0]) for p in parts) < 2:
                seen[wkey] = memo[wkey] = _NOTHING  # (too short to be like anything)
            else:
                fresh[wkey] = parts
    if fresh:  # the nearest terms of all this segment's new windows in one batch
        if len(memo) + len(fresh) >= MEMO_SIZE:
            memo.clear()
        loose = [k[-1] == "" for k in fresh]
        for (wkey, parts), nearest in zip(fresh.items(), sounds.nearest_parts(list(fresh.values()), loose),
                                         strict=True):
            if nearest:  # (the sounds only for a window like some term: the features read them)
                letters = "".join(p[0] for p in parts)
                seen[wkey] = memo[wkey] = (letters, phonetic_key(letters), "".join(p[1] for p in parts),
                                         "".join(p[2] for p in parts), nearest)
            else:
                seen[wkey] = memo[wkey] = _NOTHING
    return [(i, j, seen[wkey]) for i, j, wkey in windows if seen[wkey][4]]


def _bare(letters: str) -> str:
    return letters[:-1] if letters.endswith("s") and len(letters) > 3 else letters


def _features(model: ContextModel, tokens: list[Token], first: int, last: int, fits: list[float], letters: str,
              key: str, phones: str, classes: str, sound: TermSound, skip: set[int], lexicon: Lexicon,
              sounds_full: dict[str, TermSound], memo: dict[Any, Any] | None = None, at: int = -1
              ) -> dict[str, float] | None:
    """What the ranker reads of tokens[first:last] as `sound` misheard (None: no candidate). What depends on the
    words and the term alone is remembered in `memo` under (the words, `at`): a 10 h check asks ~5k times for
    ~2k pairs."""
    window = tokens[first:last]
    if memo is None:
        static = _static_features(window, letters, key, phones, classes, sound, lexicon, sounds_full)
    else:
        memo_key = (tuple(t.text for t in window), at)
        static = memo.get(memo_key, _UNSEEN)
        if static is _UNSEEN:
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            static = memo[memo_key] = _static_features(window, letters, key, phones, classes, sound, lexicon,
                                                       sounds_full)
    if static is None:
        return None
    found, words, zipfs = static
    if any(k in skip and words[k - first] not in sound.words for k in range(first, last)):
        return None  # another term said right, with words around it ('TensorFlow focused' ~ TensorFlow Extended)
    wfits = fits[first:last]
    capital = any(t.text[:1].isupper() and not t.sentence_start for t in window)
    if found["like_best"] < GATE_LIKE and (min(wfits) >= LOOSE_FIT or (last - first > 1 and not capital)):
        return None  # (alike by phones alone: see LOOSE_FIT)
    if any(f <= UNKNOWN_WORD and w in sound.words for f, w in zip(wfits, words, strict=True)):
        return None  # the word that fits badly is the term's own, said right ('to Keras' ~ tf.keras)
    left = [t.norm for t in tokens[max(0, first - 2) : first]] or ["<s>"]
    right = [t.norm for t in tokens[last : last + 2]]
    gain = (sequence_fit(model, left, [w.lower() for w in sound.term.split()], right)
            - _window_fit(model, tokens, first, last, fits, left, right))
    out = dict(found)  # (the context's features in their places: the order the ranker was fitted in)
    out["capital"] = float(capital)
    out["fit_mean"] = sum(wfits) / len(wfits)
    out["fit_min"] = min(wfits)
    out["fit_after"] = fits[last] if last < len(fits) else 0.0
    # words the language model does not know (a rule dropped such windows; as a feature, held-out name recall rose
    # 0.02-0.03)
    out["unknown"] = float(sum(f <= UNKNOWN_WORD for f in wfits))
    out["exact_inside"] = float(sum(k in skip for k in range(first, last)))
    out["term_gain"] = gain
    return out


_UNSEEN = object()


def _static_features(window: list[Token], letters: str, key: str, phones: str, classes: str, sound: TermSound,
                     lexicon: Lexicon, sounds_full: dict[str, TermSound]
                     ) -> tuple[dict[str, float], list[str], list[float]] | None:
    """_features() of a window that depend on its words and the term alone (None: no candidate wherever it is),
    with the window's compact words and their commonness."""
    if letters == sound.letters:
        return None  # a spacing choice: the matcher's
    if len(letters) >= 4 and (letters in sound.letters or sound.letters in letters):
        return None  # a part of the term, or the term with more words around it: no mishearing
    spelled = [compact(t.text) for t in window if is_spelled(t.text)]
    if sound.acronym and any(len(w) > 1 and w in sound.letters for w in spelled):
        return None  # an acronym that is part of the term ('TF' of TFX): one in its own right (a letter alone is
        # no acronym: 'D D C' for DTC is the term's letters misheard)
    if not sound.acronym and spelled and len(window) == 1:
        return None  # an acronym said for a word or name: recognisers write letters only when they hear them
    if any(_bare(compact(t.norm)) in sounds_full for t in window):
        return None  # another term said right, with words around it ('TensorFlow focused' ~ TensorFlow Extended)
    words = [compact(t.norm) for t in window]
    if not _plausible_parts(words, sound):
        return None
    like = (_similarity(letters, sound.letters), _similarity(key, sound.key), _similarity(phones, sound.phones))
    if max(like) < GATE_LIKE and like[2] < LOOSE_PHONES / 100:
        return None  # (alike by phones alone, where the words fit far worse: see LOOSE_FIT and _features)
    zipfs = [lexicon.derived_zipf(w) for w in words]
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
        "capital": 0.0, "fit_mean": 0.0, "fit_min": 0.0, "fit_after": 0.0,  # (_features: the window's place)
        "zipf_min": min(zipfs),
        "zipf_mean": sum(zipfs) / len(zipfs),
        "zipf_max": max(zipfs),  # a function word in the window ('and C' ~ Udacity) is rarely part of a name
        "like_best": max(like),
        "term_letters": float(len(sound.letters)),
        "term_zipf": sound.zipf,
        "shared": float(sum(w in sound.words for w in words)),
        "rest_unlike": float(rest_unlike_term(words, sound.words)),  # (see _plausible_parts)
        "unknown": 0.0,
        # the commonest window word that is neither a term word nor a relative of one ('to' in 'to Keras')
        "other_zipf": max((z for w, z in zip(words, zipfs, strict=True)
                           if w not in sound.words and not relative_of_term([w], sound.words)), default=-1.0),
        "exact_inside": 0.0,
        "term_gain": 0.0,
    }, words, zipfs


# ----- scoring ----------------------------------------------------------------------------------------------
_RANKER: TreeEnsemble | None = None
_ENABLED = True


def load_ranker(path: Path | Traversable | None = None) -> TreeEnsemble:
    """The fitted trees (the shipped ones unless `path` names others)."""
    return TreeEnsemble.load(path if path is not None else resource_files() / MODEL_FILE)


def ranker() -> TreeEnsemble:
    global _RANKER
    if _RANKER is None:
        _RANKER = load_ranker()
    return _RANKER


def use_ranker(loaded: TreeEnsemble | None, enabled: bool = True) -> None:
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
    # of nested windows flagged for one term, the one most like it (then the shorter) is the mishearing: 'run
    # back', not 'the run back', for runbook; 'adore ill fibrillation', not 'ill fibrillation', for atrial
    # fibrillation
    flagged = [(c.first, c.last, c.term, -c.features["like_best"], c.last - c.first)
               for p, c in scored if p >= scorer.threshold]
    found: list[Finding] = []
    taken: set[int] = set()
    for p, c in scored:
        score = round(p - scorer.threshold + DEFAULT_SCORE, 3)
        if score < LOWEST_SCORE:
            break
        mine = (-c.features["like_best"], c.last - c.first)
        if any(term == c.term and (first, last) != (c.first, c.last) and (rank, size) < mine
               and ((c.first <= first and last <= c.last) or (first <= c.first and c.last <= last))
               for first, last, term, rank, size in flagged):
            continue
        # ... and so is a window inside this one for the term, more like it, that scored lower on its own ('run
        # back' inside 'the run back'): it is reported, with this window's score
        inner = [(-d.features["like_best"], d.last - d.first, d.first, d.last) for _, d in scored
                 if d.term == c.term and c.first <= d.first and d.last <= c.last and d is not c]
        first, last = (c.first, c.last) if not inner or min(inner)[:2] >= mine else min(inner)[2:]
        span = set(range(first, last))
        if span & taken:
            continue
        taken |= span
        start, end = tokens[first].start, tokens[last - 1].end
        found.append(Finding(segment_id, start, end, text[start:end], GLOSSARY, min(score, HIGHEST_SCORE),
                             (c.term,), f"sounds like glossary term {c.term!r} {OUT_OF_PLACE_REASON}"))
    return found
