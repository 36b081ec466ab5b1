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

from dataclasses import replace

from editor.review.context import ContextModel
from editor.review.suspect import Finding
from editor.review.tokens import Token, compact, phonetic_key

FITS_PLACE = -9.0  # per-word log-probability at or above which an ordinary word fits where it is
FITS_PLACE_WORDS = -5.0  # ... and a run of ordinary words (below it, runs were real mistakes 4 times in 10)
OUT_OF_PLACE = -12.0  # ... below which they do not fit at all
FITTING_SCORE = 0.3  # a near-miss on words that fit their place: listed only at low min scores
SOUNDS_EXACTLY_SCORE = 0.6  # an out-of-place ordinary word that sounds exactly like the term
CAPITALISED_MIN = 0.6  # an out-of-place capitalised word near a term (a name heard as another name)
UNSURE_SCORE = 0.4  # a capitalised word that neither fits nor is plainly out of place


def words_fit(model: ContextModel, tokens: list[Token], first: int, last: int) -> float:
    """Mean natural-log probability of tokens[first..last] after the two words before them (or the
    sentence start)."""
    left = [t.norm for t in tokens[max(0, first - 2) : first]] or ["<s>"]
    seq = [t.norm for t in tokens[first : last + 1]]
    return model.sequence_fit(left, seq, []) / len(seq)


def judged(found: Finding, tokens: list[Token], model: ContextModel, is_ordinary, term_used: bool) -> Finding:
    """A glossary finding re-scored by how well its words fit their place (unchanged when it is not a
    near-miss of ordinary words). `is_ordinary(norm)`: a common English word; `term_used`: the document
    spells the term right elsewhere."""
    term = found.suggestions[0] if found.suggestions else ""
    if not term or compact(found.text) == compact(term) or found.score >= 0.95:
        return found  # the same letters spaced differently, or an explicit 'wrong -> right' line
    first = next((i for i, t in enumerate(tokens) if t.start == found.start), None)
    last = next((i for i, t in enumerate(tokens) if t.end == found.end), None)
    if first is None or last is None or last < first:
        return found
    window = tokens[first : last + 1]
    if not all(t.norm.isalpha() and is_ordinary(t.norm) for t in window):
        return found  # an unknown word near a term is a mistake whatever the model says
    fit = words_fit(model, tokens, first, last)
    if fit >= (FITS_PLACE if first == last else FITS_PLACE_WORDS):
        if found.score <= FITTING_SCORE:
            return found
        return replace(found, score=FITTING_SCORE, reason=found.reason + " (but fits its place)")
    capitalised = any(t.text[:1].isupper() and not t.sentence_start for t in window)
    if len(window) > 1:
        return found
    if capitalised:
        if fit < OUT_OF_PLACE:
            return replace(found, score=max(found.score, CAPITALISED_MIN))
        return replace(found, score=min(found.score, UNSURE_SCORE))
    if phonetic_key(found.text) == phonetic_key(term) and len(phonetic_key(term)) >= 2:
        if fit < OUT_OF_PLACE or term_used:
            reason = f"sounds like glossary term {term!r}" + (", which the document uses elsewhere" if term_used
                                                              else "") + ", and is out of place"
            return replace(found, score=max(found.score, SOUNDS_EXACTLY_SCORE if fit < OUT_OF_PLACE else 0.5),
                           reason=reason)
    return found
