"""All-capitals text (closed captions, some recognisers) read in lower case, and suspects mapped back to it.

Capitals carry meaning elsewhere (an all-capitals word is an acronym, a capitalised one a name), so a segment
written wholly in capitals would be nothing but acronyms to the signals and nothing in it would be checked. Such
a segment is checked in lower case instead; offsets stay the same, and what is reported is restored to capitals.
"""

from __future__ import annotations

import string
from dataclasses import replace
from functools import lru_cache

from editor.core.model import Segment
from editor.review.lexicon import ENGLISH, KNOWN_ZIPF, Lexicon
from editor.review.suspect import INCONSISTENT, Suspect
from editor.review.tokens import ACRONYM, WORD, Token

MIN_SHOUTED_WORDS = 3  # fewer capitalised words ('OK.', 'NASA AND ESA') may be acronyms on purpose
ACRONYM_LETTERS = 4  # in capitals, an unknown word this short is taken to be an acronym (TFX, GKE), not checked
MOSTLY_UPPER = 0.8  # share of capitals among the (ASCII) letters of a segment still read as written in capitals
_START = 24  # characters at the start of a segment that show at once it is ordinary text
_UPPER = string.ascii_uppercase.encode()
_LOWER = string.ascii_lowercase.encode()


@lru_cache(maxsize=200_000)  # (a full check asks again for every segment; texts change rarely)
def shouted(text: str) -> bool:
    """True for text written in capitals with enough words to be prose, not a run of acronyms. A few lower-case
    letters are allowed (a word the user retyped in lower case)."""
    # (str.isupper: cased letters exist and none is lower case. Ordinary text is all lower case after its first
    # letter for a while, a test in C that spares almost every segment the count)
    if not text.isupper() and (text[1:_START].islower() or not _mostly_upper(text)):
        return False
    words = 0
    for run in text.split():
        if sum(ch.isalpha() for ch in run) >= 2:
            words += 1
            if words >= MIN_SHOUTED_WORDS:
                return True
    return False


def _mostly_upper(text: str) -> bool:
    # (counted on bytes, where deleting a set of letters runs in C at ~0.1 us a segment; other letters are skipped)
    data = text.encode("latin-1", "ignore")
    upper = len(data) - len(data.translate(None, _UPPER))
    lower = len(data) - len(data.translate(None, _LOWER))
    return upper >= MOSTLY_UPPER * (upper + lower)


def fold(text: str) -> str:
    """Lower case with every character kept in place (a lower-casing that changes the length is skipped)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(low_ch if len(low_ch := ch.lower()) == 1 else ch for ch in text)


def lower_view(segment: Segment) -> Segment:
    """The segment as the signals should read it: itself, or a lower-case copy when it is shouted."""
    return replace(segment, text=fold(segment.text)) if shouted(segment.text) else segment


def short_unknowns_as_acronyms(tokens: list[Token], lexicon: Lexicon = ENGLISH) -> list[Token]:
    """Tokens of a lowered segment with short unknown words marked as acronyms again (no spell-check)."""
    zipf = lexicon.zipf
    return [t._replace(kind=ACRONYM) if t.kind == WORD and len(t.norm) <= ACRONYM_LETTERS and zipf(t.norm) <
            KNOWN_ZIPF else t for t in tokens]


def restore(original: Segment, suspects: list[Suspect]) -> list[Suspect]:
    """Suspects found in a lowered copy of `original`, with its own text and the suggestions in capitals."""
    text = original.text
    restored = []
    for s in suspects:
        shown = text[s.start : s.end]
        # in capitals a variant differing only in case ('Zorblat' for the lowered 'zorblat') is the word itself
        suggestions = tuple(dict.fromkeys(x.upper() for x in s.suggestions if x.upper() != shown))
        if not suggestions and s.suggestions and set(s.kinds) <= {INCONSISTENT}:
            continue  # spelled 'another way' only in case, which capitals cannot show
        restored.append(replace(s, text=shown, suggestions=suggestions))
    return restored
