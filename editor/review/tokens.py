"""Split segment text into classified word tokens so that numbers, URLs, code and acronyms are not spell-checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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


@dataclass(frozen=True, slots=True)
class Token:
    """A word-like token: its span in the segment text, the text, a lookup form and its kind."""

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
    left = 0
    right = len(text)
    while left < right and text[left] in _EDGE_PUNCT:
        left += 1
    while right > left and text[right - 1] in _EDGE_PUNCT:
        # keep a possessive apostrophe (students') and a trailing dot of an abbreviation like "e.g."
        if text[right - 1] in "'’" and right - 2 >= left and text[right - 2] in "sS":
            break
        right -= 1
    return text[left:right], start + left


def tokenize(text: str) -> list[Token]:
    """Word tokens of a segment text with their character spans and kinds."""
    tokens: list[Token] = []
    sentence_start = True
    for match in _RUN_RE.finditer(text):
        raw = match.group()
        word, start = _trim(raw, match.start())
        if word:
            tokens.append(Token(start, start + len(word), word, normalise(word), classify(word), sentence_start))
        sentence_start = raw.rstrip("\"'”’)").endswith((".", "!", "?"))
    return tokens


def sentence_break_after(text: str, token: Token) -> bool:
    """True when punctuation right after `token` ends a clause (so n-gram context should not cross it)."""
    tail = text[token.end : token.end + 1]
    return tail in (".", "!", "?", ",", ";", ":")


@lru_cache(maxsize=200_000)
def phonetic_key(text: str) -> str:
    """A Metaphone key of a word or phrase with spaces and punctuation removed (for sound-alike matching)."""
    letters = "".join(ch for ch in text if ch.isalpha())
    if not letters:
        return ""
    return jellyfish.metaphone(letters).replace(" ", "")


def compact(text: str) -> str:
    """Lower-case letters and digits only: 'Spark Fun' and 'SparkFun' compare equal."""
    return "".join(ch for ch in text.lower() if ch.isalnum())
