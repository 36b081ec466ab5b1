"""Signal: the document's own abbreviations as an implicit glossary (no glossary needed).

Recognisers write an abbreviation they know in capitals and get it wrong by writing other letters that rhyme
with the right ones ('FTL' for FPL, 'CNT' for CMT, 'SPM' for SBM). A document that uses one abbreviation again
and again says which one is meant, as a glossary would; the other is flagged with it as the fix. An
abbreviation that English does not know (not even as a rare word) that the document uses only once is more
often letters the recogniser did not catch than a real one. And an abbreviation said as a word (GAAP) is
heard as the ordinary word it sounds like ('non gap measures'): where that word does not fit its place and the
document writes the abbreviation elsewhere, it is flagged with the abbreviation as the fix (the rule
term_context.py applies to glossary terms, with its thresholds).

The spelling signals never looked at words in capitals (tokens.py makes them acronyms); Hunspell, the baseline,
flags every one it does not know, at low precision. On Earnings-21 (tests/eval/earnings21.py, four commercial
recognisers, no glossary; flags at the default min score, 'right' = on a real mistake):
- rhyming variants: first half of the calls 25 flags, 20 right, 18 on names; second half 3, 3 right, 2 names;
- one-off unknown abbreviations: 25 flags, 20 right, 11 names; 23, 18 right, 10 names;
- sound-alikes of a spoken abbreviation: 11 flags, 6 right, 1 name; 115, 108 right, 65 names (most
  documents that mishear GAAP as 'gap' write it right somewhere, some never do).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from rapidfuzz import fuzz

from editor.review.context import ContextModel
from editor.review.lexicon import Lexicon
from editor.review.suspect import INCONSISTENT, UNKNOWN, Finding
from editor.review.term_windows import word_fits
from editor.review.tokens import ACRONYM, WORD, Token, phonetic_key

MIN_LETTERS = 3  # two-letter abbreviations (UK, US, OK, PC) are too many and too alike to tell apart
MAX_LETTERS = 6
VARIANT_MIN_USES = 2  # the document's form must be used at least this often (and more often than the variant)
VARIANT_SCORE = 0.6
ONE_OFF_ZIPF = 2.0  # an abbreviation rarer than this in English (as a word), used once: a guess at letters
ONE_OFF_SCORE = 0.5
ONE_OFF_WORDS = 300  # "used only once" means something only in a document long enough to use it again
SPOKEN_LETTERS = 4  # an abbreviation said as a word has a vowel and this many letters (GAAP; not STL, SME)
SOUND_SPELLING = 60  # rapidfuzz ratio an ordinary word needs to such an abbreviation ('gap' ~ 'GAAP' 86)
# an ordinary word does not fit its place when its natural-log trigram probability after the two words before
# is below OUT_OF_PLACE, or below FITS_PLACE while its fit with the two words after is below FITS_BOTH (the
# thresholds of term_context.py, where a glossary term is the sound-alike)
OUT_OF_PLACE = -12.0
FITS_PLACE = -9.0
FITS_BOTH = -15.0
SOUND_SCORE = 0.6

# Letters whose names rhyme, as a recogniser confuses them in a spelled abbreviation (as term_windows.py)
_LETTER_GROUPS = {ch: group[0] for group in ("bcdegptvz", "fsx", "mn", "ahjk", "iy", "quw", "l", "o", "r")
                  for ch in group}


def abbreviation(tok: Token) -> str | None:
    """The capital letters of an abbreviation token ('FPL' of "FPL's", 'KPI' of 'KPIs'), else None."""
    if tok.kind != ACRONYM:
        return None
    form = tok.text
    if form[-2:] in ("'s", "’s"):
        form = form[:-2]
    elif form.endswith("s") and len(form) > 3:
        form = form[:-1]
    if not (form.isalpha() and form.isupper()):
        return None
    return form


def abbreviations(tokens: Iterable[Token]) -> list[str]:
    """The abbreviations a segment uses, once per use, also inside hyphenated words ('GAAP' of 'non-GAAP')."""
    found = []
    for tok in tokens:
        if tok.kind == ACRONYM:
            form = abbreviation(tok)
            if form is not None:
                found.append(form)
        elif tok.kind == WORD and "-" in tok.text:
            found += [part for part in tok.text.split("-") if len(part) >= 2 and part.isalpha() and part.isupper()]
    return found


def _rhymes(a: str, b: str) -> bool:
    """Two abbreviations of the same length that differ in one letter whose names rhyme (T/P, M/N, S/F)."""
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a.lower(), b.lower(), strict=True) if x != y]
    return len(diff) == 1 and _LETTER_GROUPS.get(diff[0][0], diff[0][0]) == _LETTER_GROUPS.get(diff[0][1], diff[0][1])


class DocumentAbbreviations:
    """The abbreviations a document uses and how often; a segment's findings against them."""

    def __init__(self, counts: Counter[str], words: int, lexicon: Lexicon, is_known: Callable[[str], bool]) -> None:
        """`counts`: uses of each abbreviation; `words`: the document's length in words."""
        self.counts = counts
        self.words = words
        self.lexicon = lexicon
        self.is_known = is_known
        self._variant: dict[str, tuple[str, int] | None] = {}
        # abbreviations said as words (GAAP, EBITDA), by the Metaphone key of their letters read as a word
        self._spoken: dict[str, str] = {}
        for form, _ in sorted(counts.items(), key=lambda fc: (-fc[1], fc[0])):
            if SPOKEN_LETTERS <= len(form) <= MAX_LETTERS and any(ch in "AEIOU" for ch in form):
                key = phonetic_key(form)
                if len(key) >= 2:
                    self._spoken.setdefault(key, form)
        self._sounding: dict[str, str | None] = {}  # word -> the spoken abbreviation it sounds like

    def variant_of(self, form: str) -> tuple[str, int] | None:
        """The abbreviation the document uses more often that `form` is a rhyming slip of, with its count."""
        if form in self._variant:
            return self._variant[form]
        mine = self.counts[form]
        best: tuple[str, int] | None = None
        if MIN_LETTERS <= len(form) <= MAX_LETTERS:
            for other, count in self.counts.items():
                if count >= VARIANT_MIN_USES and count > mine and _rhymes(form, other) and (
                        best is None or (count, other) > (best[1], best[0])):
                    best = (other, count)
        self._variant[form] = best
        return best

    def findings(self, segment_id: str, tokens: list[Token], model: ContextModel | None) -> list[Finding]:
        """Rhyming variants and one-off unknown abbreviations among a segment's tokens, and (with the language
        model) ordinary words that sound like an abbreviation the document says as a word and do not fit."""
        found: list[Finding] = []
        fits: list[float] | None = None
        sounding = self._sounding if self._spoken and model is not None else None
        for at, tok in enumerate(tokens):
            kind = tok.kind
            if kind == ACRONYM:
                form = abbreviation(tok)
                finding = self._finding(segment_id, tok, form) if form is not None else None
                if finding is not None:
                    found.append(finding)
                continue
            if sounding is None or kind != WORD:
                continue
            # (one dict look-up per word: a long check passes here for every word)
            norm = tok.norm
            if norm not in sounding:
                sounding[norm] = self._sounds_like(norm)
            term = sounding[norm]
            if term is None:
                continue
            if tok.text[:1].isupper() and not tok.sentence_start:
                continue  # a name, not letters heard as a word
            assert model is not None
            if fits is None:
                fits = word_fits(model, tokens)
            fit = fits[at]
            if fit >= FITS_PLACE or (fit >= OUT_OF_PLACE and _fit_both_sides(model, tokens, at) >= FITS_BOTH):
                continue
            found.append(Finding(segment_id, tok.start, tok.end, tok.text, INCONSISTENT, SOUND_SCORE, (term,),
                                 f"sounds like {term!r}, which the document uses {_times(self.counts[term])}, "
                                 "and does not fit here"))
        return found

    def _sounds_like(self, norm: str) -> str | None:
        """The spoken abbreviation an ordinary word sounds like and is spelled somewhat like, or None."""
        if not norm.isalpha():
            return None
        term = self._spoken.get(phonetic_key(norm))
        if term is None or norm == term.lower() or fuzz.ratio(norm, term.lower()) < SOUND_SPELLING:
            return None
        return term

    def _finding(self, segment_id: str, tok: Token, form: str) -> Finding | None:
        if self.is_known(form.lower()):
            return None
        variant = self.variant_of(form)
        end = tok.start + len(form)
        if variant is not None:
            other, count = variant
            return Finding(segment_id, tok.start, end, form, INCONSISTENT, VARIANT_SCORE, (other,),
                           f"the document says {other!r} {_times(count)}, {form!r} {_times(self.counts[form])}: "
                           "letters that sound alike")
        if (self.counts[form] == 1 and len(form) >= MIN_LETTERS and self.words >= ONE_OFF_WORDS
                and self.lexicon.derived_zipf(form.lower()) < ONE_OFF_ZIPF):
            return Finding(segment_id, tok.start, end, form, UNKNOWN, ONE_OFF_SCORE, (),
                           f"{form!r} is not a known abbreviation, and the document uses it only here")
        return None


def _fit_both_sides(model: ContextModel, tokens: list[Token], at: int) -> float:
    """A word's fit between the two words before and the two after it (sum of trigram log-probabilities)."""
    left = [t.norm for t in tokens[max(0, at - 2) : at]] or ["<s>"]
    right = [t.norm for t in tokens[at + 1 : at + 3]]
    return model.fit(left, tokens[at].norm, right)


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"
