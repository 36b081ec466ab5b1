"""Split segment text into classified word tokens so that numbers, URLs, code and acronyms are not spell-checked."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import jellyfish

# A token is a run of non-space characters; punctuation at its ends is trimmed off.
_RUN_RE = re.compile(r"\S+")
_EDGE_PUNCT = "\"'“”‘’()[]{}<>«»,;:!?.…—–-*_`"
_URL_RE = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://\S+|www\.\S+|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|ai|edu|gov|dev|co|uk|de|fr|info|me|app|ly|tv|fm)(?:/\S*)?)$",
    re.IGNORECASE,
)
_EMAIL_RE = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_DIGIT_RE = re.compile(r"\d")
_CODE_RE = re.compile(r"[A-Za-z]\.[A-Za-z]|_|\(\)|::|=|/|\\|[A-Za-z]\d|\d[A-Za-z]{3,}")
_WORD_RE = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’][A-Za-z]*)?$")
_ACRONYM_PLURAL_RE = re.compile(r"^[A-Z]{2,}s$")
_INNER_CAPS_RE = re.compile(r"^[A-Za-z]*[a-z][A-Z]")
_POSSESSIVE_RE = re.compile(r"(?:['’]s|s['’])$", re.IGNORECASE)

# Kinds of token. Only WORD tokens are spell-checked; CODE tokens have their word parts checked gently.
WORD = "word"
NUMBER = "number"
URL = "url"
EMAIL = "email"
CODE = "code"
ACRONYM = "acronym"
CAMEL = "camel"  # CamelCase like TensorFlow: a deliberate spelling, checked only against glossary/consistency
OTHER = "other"


class Token(NamedTuple):
    """A word-like token: its span in the segment text, the text, a lookup form and its kind."""

    # a NamedTuple, not a dataclass: a 10-hour transcript makes 100k+ of these and tuples build 3x faster
    start: int
    end: int
    text: str
    norm: str  # lower case, possessive removed, curly apostrophe straightened
    kind: str
    sentence_start: bool  # first word of a sentence (capitalisation tells nothing there)


def normalise(word: str) -> str:
    """The lookup form of a word: lower case, straight apostrophe, possessive 's removed."""
    word = word.replace("’", "'").lower()
    if word.endswith("'s") and len(word) > 3:
        return word[:-2]
    if word.endswith("s'") and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=200_000)
def classify(text: str) -> str:
    """The kind of a trimmed token (see the kind constants)."""
    if text.isascii() and text.isalpha() and text.islower():
        return WORD  # (most words: no '@', '.', digit, '_', capital or apostrophe, so no pattern below but WORD's)
    if _EMAIL_RE.match(text):
        return EMAIL
    if _URL_RE.match(text):
        return URL
    if _DIGIT_RE.search(text):
        return NUMBER
    if _CODE_RE.search(text):
        return CODE
    bare = _POSSESSIVE_RE.sub("", text)
    if (len(bare) >= 2 and bare.isupper()) or _ACRONYM_PLURAL_RE.match(bare):
        return ACRONYM
    if _INNER_CAPS_RE.match(bare) and not bare[1:].isupper():
        return CAMEL
    if _WORD_RE.match(text.replace("’", "'")):
        return WORD
    if "-" in text and all(_WORD_RE.match(p) for p in text.split("-") if p):
        return WORD
    return OTHER


def _trim(text: str, start: int) -> tuple[str, int]:
    core = text.lstrip(_EDGE_PUNCT)
    start += len(text) - len(core)
    word = core.rstrip(_EDGE_PUNCT)
    # keep a possessive apostrophe (students')
    if len(word) < len(core) and word[-1:] in "sS" and core[len(word)] in "'’":
        word += core[len(word)]
    return word, start


_SENTENCE_END = (".", "!", "?")
_CLOSERS = "\"'”’)"
# run of non-space characters -> (offset of its word in it, the word's length, the word, its norm, its kind,
# whether a sentence ends with the run); the word is "" for a run of punctuation alone. Distinct runs are few.
_run_info: dict[str, tuple[int, int, str, str, str, bool]] = {}


def _run(raw: str) -> tuple[int, int, str, str, str, bool]:
    """What tokenize() needs to know about one run of non-space characters (see _run_info)."""
    word, lead = (_trim(raw, 0) if raw[0] in _EDGE_PUNCT or raw[-1] in _EDGE_PUNCT else (raw, 0))
    if len(_run_info) > 500_000:
        _run_info.clear()
    if not word:
        found = _run_info[raw] = (0, 0, "", "", "", raw.rstrip(_CLOSERS).endswith(_SENTENCE_END))
        return found
    last = raw[-1]  # (a closing quote or bracket may follow the full stop)
    ends = last in _SENTENCE_END or (last in _CLOSERS and raw.rstrip(_CLOSERS).endswith(_SENTENCE_END))
    found = _run_info[raw] = (lead, len(word), word, normalise(word), classify(word), ends)
    return found


def tokenize(text: str) -> list[Token]:
    """Word tokens of a segment text with their character spans and kinds."""
    # hot path (every word of a 10-hour transcript): str.split/find and a memo per run of non-space characters
    tokens: list[Token] = []
    append = tokens.append
    get = _run_info.get
    find = text.find
    make = tuple.__new__
    sentence_start = True
    runs = text.split()
    if len(text) == sum(map(len, runs)) + len(runs) - 1:
        # one space (or other white-space character) between runs, none around them (most segments): each run
        # begins one character after the one before ends, no search needed
        begin = 0
        for raw in runs:
            known = get(raw)
            if known is None:
                known = _run(raw)
            lead, length, word, norm, kind, ends = known
            if length:
                start = begin + lead
                append(make(Token, (start, start + length, word, norm, kind, sentence_start)))
            sentence_start = ends
            begin += len(raw) + 1
        return tokens
    pos = 0
    for raw in runs:
        begin = find(raw, pos)
        pos = begin + len(raw)
        known = get(raw)
        if known is None:
            known = _run(raw)
        lead, length, word, norm, kind, ends = known
        if length:
            begin += lead
            append(make(Token, (begin, begin + length, word, norm, kind, sentence_start)))
        sentence_start = ends
    return tokens


_by_text: dict[str, list[Token]] = {}  # segment text -> tokens, shared by every detector in the process
_BY_TEXT_LIMIT = 400_000


def forget_texts() -> None:
    """Empty the per-text memo (see detector.forget_texts)."""
    _by_text.clear()


def tokenize_cached(text: str) -> list[Token]:
    """tokenize(text), remembered per distinct text (callers must not modify the list)."""
    tokens = _by_text.get(text)
    if tokens is None:
        if len(_by_text) >= _BY_TEXT_LIMIT:
            _by_text.clear()
        tokens = _by_text[text] = tokenize(text)
    return tokens


@lru_cache(maxsize=200_000)
def phonetic_key(text: str) -> str:
    """A Metaphone key of a word or phrase with spaces and punctuation removed (for sound-alike matching)."""
    # (most texts are one word of letters; filter() keeps the others' letters in C)
    letters = text if text.isalpha() else "".join(filter(str.isalpha, text))
    if not letters:
        return ""
    return jellyfish.metaphone(letters).replace(" ", "")


@lru_cache(maxsize=200_000)
def compact(text: str) -> str:
    """Lower-case letters and digits only: 'Spark Fun' and 'SparkFun' compare equal."""
    lowered = text.lower()
    return lowered if lowered.isalnum() else "".join(filter(str.isalnum, lowered))
