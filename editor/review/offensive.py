"""Offensive words, which the detector never offers as a fix on its own initiative.

A recogniser's "shim" is not "shit", however well the trigram model likes the swap: suggesting a swear word that
nobody said is worse than missing a mistake. The list comes from the `better-profanity` package (its plain word
list file only; the censoring machinery is not used).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def offensive_words() -> frozenset[str]:
    """Lower-case single offensive words; empty when the package is not installed."""
    try:
        text = resources.files("better_profanity").joinpath("profanity_wordlist.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return frozenset()
    return frozenset(w for w in (line.strip().lower() for line in text.splitlines()) if w.isalpha())


def is_offensive(word: str) -> bool:
    """True for a word on the offensive list (any case)."""
    return word.lower() in offensive_words()
