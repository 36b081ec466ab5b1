"""Speaker labels at the start of a line or cue (`Name: text`), accepted only when they recur.

A single "Note: ..." must not become a speaker, so a label-like prefix counts only when it is short and
name-like, is not a common heading word, and the pattern recurs in the file.
"""

from __future__ import annotations

import re
from collections import Counter

LABEL_RE = re.compile(r"(?P<name>[^\s:\[\](){}<>\"“”][^:\n\r\[\](){}<>\"“”]{0,39}?)[ \t]*:(?=\s|$)")
_NAME_WORD_RE = re.compile(r"^[\w.'’-]+$")
# Heading words that look like labels in notes and documents but are not people.
_NOT_NAMES = frozenset(
    """note notes warning example update edit source tip caution important summary ps nb re subject from to
    date time cc bcc topic agenda question answer reply http https ftp file step chapter part section
    transcript title keywords tags language duration location""".split()
)
MAX_NAME_WORDS = 4


def is_name_like(name: str) -> bool:
    """A short, capitalised prefix like "Sam", "Dr. Smith", "Speaker 2" or "SPEAKER_00"."""
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS:
        return False
    if words[0].lower().rstrip(".") in _NOT_NAMES:
        return False
    if all(w.isdigit() for w in words):
        return False
    return all(_NAME_WORD_RE.match(w) and (w[0].isupper() or w[0].isdigit()) for w in words)


def match_label(text: str, pos: int = 0, end: int | None = None) -> re.Match[str] | None:
    """A name-like `Name:` label starting exactly at `pos`, or None."""
    match = LABEL_RE.match(text, pos, len(text) if end is None else end)
    if match is None or not is_name_like(match.group("name")):
        return None
    return match


def accepted_names(candidates: list[tuple[str, bool]], unit_count: int) -> set[str]:
    """Which label names to treat as speakers.

    `candidates` are (name, at_unit_start) for every label-like prefix found, where a unit is a paragraph
    or a cue; `unit_count` is how many units the file has. Labels count when at least two are found and
    either a name repeats or at least half of the units start with one. Then a name is kept when it
    repeats or starts a unit.
    """
    if len(candidates) < 2:
        return set()
    counts = Counter(name for name, _ in candidates)
    at_start = {name for name, first in candidates if first}
    starts = sum(1 for _, first in candidates if first)
    if max(counts.values()) < 2 and starts * 2 < unit_count:
        return set()
    return {name for name, n in counts.items() if n >= 2 or name in at_start}
