"""Words likely misheard, without a glossary: a fitted model weighs what the spelling signals see of one word.

Without a glossary the detector finds a misheard name only from the word written for it: an unknown or rare
word, an abbreviation the document uses once, a capitalised word the pronouncing dictionary does not list. Each
of those signals has a hand-set threshold, and what falls under them is where most missed names are: a
capitalised rare word the document uses three times ('Kulp' for Culp, 'Cacho' for Concho), a rare lower-case
word used several times ('ibadah' for EBITDA), letters written for an abbreviation the recogniser did not
catch ('GNA' for G&A). Hunspell, the eval's baseline, flags every word it does not know and finds more of
those at half the precision.

This module gives every word that could be such a guess (a word rarer than CANDIDATE_ZIPF, an abbreviation, a
word with inner capitals) a probability of being on a mistake, from features the detector has anyway: how
common the word is in English (wordfreq) and whether the CMU dictionary lists it, its capitals, its place in the
sentence, how often the document uses it (and with a capital mid-sentence), its length, whether it is built of
common parts, its neighbours' kinds, the scores the other signals gave it and its neighbours, whether a
neighbour is a candidate too (a name heard as two words: 'Kaji No' for Gugino), and how many other words of its
segment are capitalised mid-sentence. A small ensemble of regression trees (resources/word-ranker.json) turns
them into the probability; it is fitted by tests/eval/word_ranker_train.py on Earnings-21 calls (four
commercial recognisers, no glossary). A word whose probability reaches the model's threshold is flagged at a
score that puts that threshold on the detector's default min score; a word the other signals flag more strongly
keeps their score.

Only without a glossary: with one, the glossary's signals find most misheard names (and the features, fitted
without them, would not mean the same). English only (the pronouncing dictionary is English).

Capitalised words and abbreviations are candidates only when the document uses them once (in a document of
ONE_OFF_WORDS words or more): on Earnings-21 the model also found names misheard the same way two or three times
('Kulp' x3), but on the hand-annotated sample those were the talk's own names spelled right (Keras, Norvig, TFX,
AIMA: 11 false alarms, the sample's precision 0.80 -> 0.62). Lower-case words are candidates up to
MAX_USES_LOWER uses: a recogniser that did not take a name for one writes it in lower case every time ('meryl'
x3 for Merrill, 'rafi' for Raffi, 'macklin' for Macklon), and a talk's own names are written with capitals. Nor
are CamelCase words (deliberate spellings, tokens.py; 'TensorBoard' there) or two-letter abbreviations
(document_terms.MIN_LETTERS) candidates. The features hold no word of any transcript.

Held-out (stumps fitted on one half of the calls, `earnings21.py --half N --word-ranker FILE` on the other; all
four recognisers, no glossary, threshold 0.7, where both halves keep precision >= 0.70): half 2 P 0.72, names
0.219 (320/1458; the earlier candidates and features, refitted the same way: 311 at P 0.71; 297 without a
model), half 1 P 0.73, names 0.219 (288/1315; 278 at P 0.73; 272). Of that, the wider candidates (lower-case
words used up to 3 times, words up to zipf 4.5 instead of 4.0) gave 315/288 (word_ranker_train.py's held-out
figures), the neighbour and segment features the rest; a feature of the whole document (its share of words
capitalised, which tells the recognisers apart) was left out: the trees spent 117 of 300 stumps on it, telling
the fitted documents apart, and held out it cost precision (half 2 P 0.704 at 321 names).
Fitted on all calls (the shipped model): P 0.72, names 0.221 (612/2773; 602 with the earlier model), all errors
1,207 found. The hand-annotated sample is unchanged at the default min score (27/49 at P 0.80), the synthetic
sets within 0.01. Cost: a 10-hour `check --json` without a glossary (tests/bench/earnings.py's transcript)
2.00 -> 2.12 s of CPU against the earlier candidates (+6%, medians of 15 runs taken in turns, on a machine
shared with other work); with the 1,000-term glossary of tests/bench/bench_check_cli.py the model does not run.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from editor.review.consistency import DocumentIndex
from editor.review.document_terms import MIN_LETTERS, ONE_OFF_WORDS, abbreviation
from editor.review.fitted_trees import WORD_RANKER_FILE, StepSums, TreeEnsemble
from editor.review.frequency import built_of_common_parts
from editor.review.lexicon import Lexicon
from editor.review.suspect import CONTEXT, INCONSISTENT, RARE, UNKNOWN, Finding
from editor.review.tokens import ACRONYM, WORD, Token

MODEL_FILE = WORD_RANKER_FILE
CANDIDATE_ZIPF = 4.5  # words at least this common in English are never candidates (the context signal's domain)
# A word the speakers use again and again is meant (detector.py): on Earnings-21 rare names used 2-3 times were
# still misheard 67-86 times in 100, but in the hand-annotated sample they are the talk's own names, spelled
# right (Keras, Norvig, TFX, AIMA): the model looks at capitalised words and abbreviations used once only, and at
# lower-case words used up to 3 times (a name the recogniser did not know as one: 'meryl' x3 for Merrill)
MAX_USES = 1
MAX_USES_LOWER = 3
DEFAULT_SCORE = 0.45  # the detector's default min score, where the model's threshold lands
HIGHEST_SCORE = 0.9
MEMO_SIZE = 100_000  # probabilities remembered by feature values (and words by their text)
_UNSEEN: tuple[str, str, dict[str, float]] = ("", "", {})
# the features a candidate's ceiling (_Ceiling) leaves to the end: the dearest to work out (common parts, a
# frequency look-up per cut of the word) and those of its neighbours
LATE_FEATURES = ("common_parts", "segment_caps", "neighbour_score", "neighbour_candidate")
HOPELESS_MARGIN = 0.001  # (of probability: see _Ceiling)
# (not CamelCase: a deliberate spelling, tokens.py; on the hand-annotated sample 'TensorBoard' was the model's
# false alarm, on Earnings-21 such words were 13 of its flags, 4 names)
_KINDS = (WORD, ACRONYM)
# the other signals' findings on a word are features (their strongest score of each kind)
SIGNALS = (UNKNOWN, RARE, CONTEXT, INCONSISTENT)
FEATURES = ("zipf", "derived_zipf", "listed", "sentence_start", "capitalised", "all_caps", "uses", "mid_caps",
            "letters", "common_parts", "possessive", "acronym", "acronym_before", "acronym_after",
            *(f"signal_{kind}" for kind in SIGNALS), "segment_caps", "neighbour_score", "neighbour_candidate")

Recorder = Callable[[str, Token, dict[str, float]], None]
_RANKER: TreeEnsemble | None = None
_SCORER: tuple[TreeEnsemble, TreeEnsemble | StepSums] | None = None
_ENABLED = True
_RECORDER: Recorder | None = None


def ranker() -> TreeEnsemble | StepSums:
    """The model in use, as step functions when it is made of stumps (the shipped one is)."""
    global _RANKER, _SCORER
    if _RANKER is None:
        _RANKER = load_ranker()
    if _SCORER is None or _SCORER[0] is not _RANKER:
        try:
            _SCORER = (_RANKER, StepSums(_RANKER))
        except ValueError:  # (deeper trees: scored tree by tree)
            _SCORER = (_RANKER, _RANKER)
    return _SCORER[1]


def load_ranker(path: Path | Traversable | None = None) -> TreeEnsemble:
    """The fitted trees (the shipped ones unless `path` names others)."""
    if path is None:
        from editor.paths import resource_files

        path = resource_files() / MODEL_FILE
    return TreeEnsemble.load(path)


def use_word_ranker(loaded: TreeEnsemble | None, enabled: bool = True, recorder: Recorder | None = None) -> None:
    """Score with another fitted model, or (enabled=False) not at all; `recorder` is called with every
    candidate's features (tests/eval fits the model on half the calls and checks it on the other half)."""
    global _RANKER, _ENABLED, _RECORDER
    _RANKER = loaded
    _ENABLED = enabled
    _RECORDER = recorder


def enabled() -> bool:
    return _ENABLED or _RECORDER is not None


class WordRanker:
    """Scores a segment's candidate words; remembers probabilities by feature values (words repeat)."""

    def __init__(self, index: DocumentIndex, lexicon: Lexicon, listed: Callable[[str], bool],
                 is_known: Callable[[str], bool]) -> None:
        self._index = index
        self._lexicon = lexicon
        self._listed = listed
        self._is_known = is_known
        # token text -> what it says (see _word; the text fixes the token's kind); a transcript repeats its words
        self._words: dict[str, tuple[str, str, dict[str, float]] | None] = {}
        self._parts: dict[str, bool] = {}
        self._memo: dict[tuple[float, ...], float] = {}
        self._capitals: tuple[list[Token] | None, list[Token]] = (None, [])
        self._ceiling: _Ceiling | None = None

    def findings(self, segment_id: str, text: str, tokens: list[Token], found: list[Finding]) -> list[Finding]:
        """`found` (the other signals' findings on the segment) with the model's findings added or raised."""
        if not tokens or self._index.words < ONE_OFF_WORDS:
            return found  # ("used once" means something only in a document long enough to use it again)
        scorer = ranker() if _ENABLED else None
        ceiling = self._ceiling_for(scorer) if _RECORDER is None else None  # (a recorder wants every candidate)
        out = found
        words = self._words
        counts, abbreviations = self._index.counts, self._index.abbreviations
        for at, tok in enumerate(tokens):
            # (most words are no candidates, or used more than once: a look-up or two each)
            word = words.get(tok.text, _UNSEEN)
            if word is _UNSEEN:
                if len(words) >= MEMO_SIZE:
                    words.clear()
                word = words[tok.text] = self._word(tok)
            if word is None or (abbreviations[word[1]] if tok.kind == ACRONYM else counts.get(word[1], 0)) > (
                    MAX_USES_LOWER if word[2]["lower"] else MAX_USES):
                continue
            features = self.features(tokens, at, found, ceiling)
            if features is None:
                continue
            if _RECORDER is not None:
                _RECORDER(segment_id, tok, features)
            if scorer is None:
                continue
            key = tuple(features[name] for name in scorer.features)
            p = self._memo.get(key)
            if p is None:
                if len(self._memo) >= MEMO_SIZE:
                    self._memo.clear()
                p = self._memo[key] = scorer.probability(features)
            score = min(round(p - scorer.threshold + DEFAULT_SCORE, 3), HIGHEST_SCORE)
            if score < DEFAULT_SCORE:
                continue
            if out is found:
                out = list(found)
            out = _raised(out, segment_id, text, tok, score, p)
        return out

    def _ceiling_for(self, scorer: TreeEnsemble | StepSums | None) -> _Ceiling | None:
        """The test that spares the dearer features of hopeless candidates, for a model of stumps."""
        if not isinstance(scorer, StepSums):
            return None
        if self._ceiling is None or self._ceiling.scorer is not scorer:
            self._ceiling = _Ceiling(scorer)
        return self._ceiling

    def features(self, tokens: list[Token], at: int, found: list[Finding],
                 ceiling: _Ceiling | None = None) -> dict[str, float] | None:
        """The model's features of one token, or None when it is not a candidate (or, given a `ceiling`, when
        the features read first already keep it below the model's threshold)."""
        tok = tokens[at]
        if tok.text in self._words:
            word = self._words[tok.text]
        else:
            word = self._words[tok.text] = self._word(tok)
        if word is None:
            return None
        form, counted, features = word
        limit = MAX_USES_LOWER if features["lower"] else MAX_USES
        if tok.kind == ACRONYM:  # (the document counts abbreviations apart: 'FPL' for "FPL's" and 'KPIs')
            uses = self._index.abbreviations[counted]
        elif self._index.counts.get(counted, 0) > limit:  # (most candidates: no need to add up all forms)
            return None
        else:
            uses = self._index.uses(counted)
        if uses > limit:
            return None
        signals = dict.fromkeys(SIGNALS, 0.0)
        for f in found:
            if f.start < tok.end and tok.start < f.end and f.kind in signals and f.score > signals[f.kind]:
                signals[f.kind] = f.score
        before = tokens[at - 1].kind if at else ""
        after = tokens[at + 1].kind if at + 1 < len(tokens) else ""
        read = {"sentence_start": float(tok.sentence_start), "uses": float(uses),
                "mid_caps": float(self._index.mid_caps[form]),
                "acronym_before": float(before == ACRONYM), "acronym_after": float(after == ACRONYM),
                **{f"signal_{k}": v for k, v in signals.items()}}
        if ceiling is not None and ceiling.hopeless(tok.text, features, read):
            return None
        parts = self._parts.get(tok.norm)
        if parts is None:  # (the dearest feature, for the few words used once)
            norm = tok.norm
            parts = self._parts[norm] = norm.isalpha() and len(norm) > 5 and built_of_common_parts(norm, self._lexicon)
        return {**features, **self._extra(tokens, at, found), "common_parts": float(parts), **read}

    def _extra(self, tokens: list[Token], at: int, found: list[Finding]) -> dict[str, float]:
        """What the word's segment says: its other words capitalised mid-sentence (up to 3), the strongest
        finding on a neighbour, and whether a neighbour could be a guess too."""
        tok = tokens[at]
        capitals = self._capitals
        if capitals[0] is not tokens:  # (once a segment)
            capitals = self._capitals = (tokens, [t for t in tokens if t.kind == WORD and not t.sentence_start
                                                  and t.text[:1].isupper()])
        segment_caps = min(len(capitals[1]) - (tok in capitals[1]), 3)
        neighbour = 0.0
        near = 0.0
        for j in (at - 1, at + 1):
            if 0 <= j < len(tokens):
                other = tokens[j]
                for f in found:
                    if f.start < other.end and other.start < f.end and f.score > neighbour:
                        neighbour = f.score
                if other.kind in _KINDS and len(other.norm) > 1 and (
                        self._lexicon.derived_zipf(other.norm) < CANDIDATE_ZIPF):
                    near = 1.0
        return {"segment_caps": float(segment_caps), "neighbour_score": neighbour, "neighbour_candidate": near}

    def _word(self, tok: Token) -> tuple[str, str, dict[str, float]] | None:
        """What a token's text alone says (its form, the form the document counts, those features), or None for a
        word that is no candidate."""
        kind = tok.kind
        if kind not in _KINDS:
            return None
        norm = tok.norm
        if len(norm) < 2 or self._is_known(norm):
            return None
        derived = self._lexicon.derived_zipf(norm)
        if kind == WORD and derived >= CANDIDATE_ZIPF:
            return None
        form = tok.text[: len(norm)]
        counted = form
        if kind == ACRONYM:
            letters = abbreviation(tok)
            if letters is None or len(letters) < MIN_LETTERS:
                return None
            counted = letters
        plain = norm.isalpha()
        return form, counted, {
            "zipf": self._lexicon.zipf(norm), "derived_zipf": derived,
            "listed": float(plain and self._listed(norm)),
            "capitalised": float(form[:1].isupper()), "all_caps": float(len(form) > 1 and form.isupper()),
            "letters": float(len(norm)),
            "possessive": float(tok.text != form), "acronym": float(kind == ACRONYM),
            "lower": float(kind == WORD and not form[:1].isupper()),  # (not read by the model: MAX_USES_LOWER)
        }


class _Ceiling:
    """Whether a candidate can still reach the model's threshold, from the features read so far: a model of stumps
    adds one value per feature, so the most telling values of the others bound what they can add. Most candidates
    (~90% on 10 hours of Earnings-21) are hopeless by their own word, uses, place and the other signals' scores,
    and their dearer features (common parts, the neighbours') are not worked out: they could not change a
    finding."""

    def __init__(self, scorer: StepSums) -> None:
        self.scorer = scorer
        self._late = scorer.most(LATE_FEATURES)
        # a probability under the threshold by HOPELESS_MARGIN rounds to a score under DEFAULT_SCORE (findings())
        self._needed = scorer.sum_for(scorer.threshold - HOPELESS_MARGIN)
        self._own: dict[str, float] = {}  # token text -> what its word's features (see _word) add

    def hopeless(self, text: str, word: dict[str, float], read: dict[str, float]) -> bool:
        """True when no values of the LATE_FEATURES take the token to the threshold."""
        own = self._own.get(text)
        if own is None:
            if len(self._own) >= MEMO_SIZE:
                self._own.clear()
            own = self._own[text] = self.scorer.part(word)
        return own + self.scorer.part(read) + self._late < self._needed


def _raised(found: list[Finding], segment_id: str, text: str, tok: Token, score: float, p: float) -> list[Finding]:
    """The findings with the model's score on this word: its own spelling findings raised to it, or a new one."""
    out = []
    raised = False
    for f in found:
        if f.start == tok.start and f.end <= tok.end and f.kind in (UNKNOWN, RARE):
            if f.score < score:
                f = replace(f, score=score, reason=f"{f.reason}; {_why(p)}")
            raised = True
        out.append(f)
    if not raised and not any(f.start < tok.end and tok.start < f.end and f.score >= score for f in found):
        word = tok.text[: len(tok.norm)]
        kind = UNKNOWN if tok.kind == ACRONYM else RARE
        out.append(Finding(segment_id, tok.start, tok.start + len(word), word, kind, score, (),
                           f"{word!r} looks like a recogniser's guess; {_why(p)}"))
    return out


def _why(p: float) -> str:
    return f"a model fitted on real recogniser output rates it {math.floor(p * 100 + 0.5)}% likely misheard"


def describe(data: dict[str, Any]) -> str:
    """One line about a fitted model (for the training script)."""
    return f"{len(data['trees'])} trees over {len(data['features'])} features, threshold {data['threshold']}"
