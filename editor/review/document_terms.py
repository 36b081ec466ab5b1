"""Signal: the document's own abbreviations as an implicit glossary (no glossary needed).

Recognisers write an abbreviation they know in capitals and get it wrong by writing other letters that rhyme
with the right ones ('FTL' for FPL, 'CNT' for CMT, 'SPM' for SBM). A document that uses one abbreviation again
and again says which one is meant, as a glossary would; the other is flagged with it as the fix. And an
abbreviation that English does not know (not even as a rare word) that the document uses only once is more
often letters the recogniser did not catch than a real one.

The spelling signals never looked at words in capitals (tokens.py makes them acronyms); Hunspell, the baseline,
flags every one it does not know, at low precision. On Earnings-21 (tests/eval/earnings21.py, four commercial
recognisers, no glossary), tuned on the first half of the calls: rhyming variants were flagged 25 times,
20 on a real mistake (18 on a name); one-off unknown abbreviations 25 times, 20 on a real mistake (11 names).

Tried and dropped: an ordinary word that sounds like an abbreviation the document says as a word ('gap' for
GAAP) where it does not fit: 11 flags, 6 right, 1 on a name (most documents that mishear GAAP never write it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from editor.review.lexicon import Lexicon
from editor.review.suspect import INCONSISTENT, UNKNOWN, Finding
from editor.review.tokens import ACRONYM, WORD, Token

MIN_LETTERS = 3  # two-letter abbreviations (UK, US, OK, PC) are too many and too alike to tell apart
MAX_LETTERS = 6
VARIANT_MIN_USES = 2  # the document's form must be used at least this often (and more often than the variant)
VARIANT_SCORE = 0.6
ONE_OFF_ZIPF = 2.0  # an abbreviation rarer than this in English (as a word), used once: a guess at letters
ONE_OFF_SCORE = 0.5
ONE_OFF_WORDS = 300  # "used only once" means something only in a document long enough to use it again

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

    def findings(self, segment_id: str, tokens: list[Token]) -> list[Finding]:
        """Rhyming variants and one-off unknown abbreviations among a segment's tokens."""
        found: list[Finding] = []
        for tok in tokens:
            if tok.kind != ACRONYM:
                continue
            form = abbreviation(tok)
            if form is not None:
                finding = self._finding(segment_id, tok, form)
                if finding is not None:
                    found.append(finding)
        return found

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


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"
