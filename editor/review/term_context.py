"""Whether ordinary words that sound like a glossary term are that term misheard: asked of the language model.

A glossary near-miss made of ordinary words ("gap" for GAAP, "June" for John, "site of" for Cytiva) is either
the term misheard or a word that is simply right. The general English trigram model tells them apart well:
a right word fits the words before it, a mishearing rarely does. On Earnings-21 (tests/eval/earnings21.py,
glossary near-misses of ordinary words, all four recognisers) the per-word log-probability after the two words
before it separated them:

- capitalised words ('June', 'April', 'Bank' against John, Apple, Banco): 0 of 39 real mistakes above -7,
  147 of 161 below -12;
- lower-case words that sound exactly like a term ('gap' for GAAP): 63 of 76 below -12;
- runs of ordinary words that sound like a term: 14 of 79 above -5, 53 of 133 between -9 and -5.
"""

from __future__ import annotations

from collections.abc import Callable

from rapidfuzz import fuzz

from editor.review.context import ContextModel
from editor.review.suspect import Finding
from editor.review.tokens import Token, compact, phonetic_key

FITS_PLACE = -9.0  # per-word log-probability at or above which an ordinary word fits where it is
FITS_PLACE_WORDS = -5.0  # ... and a run of ordinary words (below it, runs were real mistakes 4 times in 10)
OUT_OF_PLACE = -12.0  # ... below which they do not fit at all
FITTING_SCORE = 0.3  # a near-miss on words that fit their place: listed only at low min scores
SOUNDS_EXACTLY_SCORE = 0.6  # an out-of-place ordinary word that sounds exactly like the term
SOUNDS_EXACTLY_SPELLING = 60  # rapidfuzz ratio ('gap' ~ 'GAAP' 86, 'cult' ~ 'Culp' 75, 'course' ~ 'Keras' 36)
USED_TERM_SCORE = 0.5  # ... sounds exactly like a term the document spells right elsewhere, and is out of place
FITS_BOTH = -15.0  # a word that fits the words on both sides this badly is out of place too
CAPITALISED_MIN = 0.6  # an out-of-place capitalised word near a term (a name heard as another name)
UNSURE_SCORE = 0.4  # a capitalised word that neither fits nor is plainly out of place


def words_fit(model: ContextModel, tokens: list[Token], first: int, last: int) -> float:
    """Mean natural-log probability of tokens[first..last] after the two words before them (or the
    sentence start)."""
    left = [t.norm for t in tokens[max(0, first - 2) : first]] or ["<s>"]
    seq = [t.norm for t in tokens[first : last + 1]]
    return model.sequence_fit(left, seq, []) / len(seq)


def _fit_both_sides(model: ContextModel, tokens: list[Token], at: int) -> float:
    """The word's fit between the two words before and the two after it (sum of trigram log-probabilities)."""
    left = [t.norm for t in tokens[max(0, at - 2) : at]] or ["<s>"]
    right = [t.norm for t in tokens[at + 1 : at + 3]]
    return model.fit(left, tokens[at].norm, right)


def _rescored(found: Finding, score: float, reason: str | None = None) -> Finding:
    """The finding with another score (and reason): dataclasses.replace without its look at the fields (a
    10-hour check rescores ~5,000 glossary findings, a third of this module's time)."""
    return Finding(found.segment_id, found.start, found.end, found.text, found.kind, score, found.suggestions,
                   found.reason if reason is None else reason)


def judged(found: Finding, tokens: list[Token], model: ContextModel, is_ordinary: Callable[[str], bool],
           term_used: bool) -> Finding:
    """A glossary finding re-scored by how well its words fit their place (unchanged when it is not a
    near-miss of ordinary words). `is_ordinary(norm)`: a common English word; `term_used`: the document
    spells the term right elsewhere."""
    term = found.suggestions[0] if found.suggestions else ""
    if not term or compact(found.text) == compact(term) or found.score >= 0.95:
        return found  # the same letters spaced differently, or an explicit 'wrong -> right' line
    first = last = None
    for i, t in enumerate(tokens):  # (one pass: the finding's first and last token)
        if t.start == found.start:
            first = i
        if t.end == found.end:
            last = i
            break
    if first is None or last is None:
        return found
    window = tokens[first : last + 1]
    if not all(t.norm.isalpha() and is_ordinary(t.norm) for t in window):
        return found  # an unknown word near a term is a mistake whatever the model says
    fit = words_fit(model, tokens, first, last)
    if fit >= (FITS_PLACE if first == last else FITS_PLACE_WORDS):
        if found.score <= FITTING_SCORE:
            return found
        return _rescored(found, FITTING_SCORE, found.reason + " (but fits its place)")
    capitalised = any(t.text[:1].isupper() and not t.sentence_start for t in window)
    if len(window) > 1:
        return found
    if capitalised:
        if fit < OUT_OF_PLACE:
            return _rescored(found, max(found.score, CAPITALISED_MIN))
        return _rescored(found, min(found.score, UNSURE_SCORE))
    key = phonetic_key(found.text)
    if key != phonetic_key(term):
        return found
    out_of_place = fit < OUT_OF_PLACE or (fit < FITS_PLACE and _fit_both_sides(model, tokens, first) < FITS_BOTH)
    # (the key drops vowels: 'course' and 'Keras' share one, so the spelling must be alike too)
    if (out_of_place and (len(key) >= 3 or found.end - found.start <= 3)
            and fuzz.ratio(compact(found.text), compact(term)) >= SOUNDS_EXACTLY_SPELLING):
        return _rescored(found, max(found.score, SOUNDS_EXACTLY_SCORE),
                         f"sounds like glossary term {term!r}, and is out of place")
    if term_used and len(key) >= 3 and fit < FITS_PLACE and _fit_both_sides(model, tokens, first) < FITS_BOTH:
        return _rescored(found, max(found.score, USED_TERM_SCORE),
                         f"sounds like glossary term {term!r}, which the document uses elsewhere")
    return found
