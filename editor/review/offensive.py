"""Offensive words, which the detector never offers as a fix on its own initiative.

A recogniser's "shim" is not "shit", however well the trigram model likes the swap: suggesting a swear word that
nobody said is worse than missing a mistake. The list comes from the `better-profanity` package (its plain word
list file only; the censoring machinery is not used).
"""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path


@lru_cache(maxsize=1)
def offensive_words() -> frozenset[str]:
    """Lower-case single offensive words; empty when the package is not installed."""
    # (the file is found without importing the package, which takes ~50 ms: a check starts faster)
    try:
        spec = find_spec("better_profanity")
        if spec is None or not spec.origin:
            return frozenset()
        text = (Path(spec.origin).parent / "profanity_wordlist.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, ValueError, OSError):
        return frozenset()
    return frozenset(w for w in (line.strip().lower() for line in text.splitlines()) if w.isalpha())


def is_offensive(word: str) -> bool:
    """True for a word on the offensive list (any case)."""
    return word.lower() in offensive_words()
