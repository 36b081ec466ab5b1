"""What the detector reports: one suspect span, and the findings of single signals it is built from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Kinds of finding, one per signal (a suspect may carry several).
UNKNOWN = "unknown"  # not a known word
RARE = "rare"  # a known but rare word that looks like a common one
INCONSISTENT = "inconsistent"  # spelled differently elsewhere in the document
GLOSSARY = "glossary"  # near-miss of a glossary term
LOW_CONFIDENCE = "low-confidence"  # the recogniser was unsure
CONTEXT = "context"  # improbable next to its neighbours while a sound-alike is probable
MEMORY = "memory"  # corrected before by the user
REPEATED = "repeated"  # a phrase repeated back to back, as recognisers do when they loop
DELETE_SEGMENT = "(delete segment)"  # how an empty suggestion reads: the fix is to drop the whole segment


def fix_label(suggestion: str) -> str:
    """A suggestion as people read it: an empty one replaces the segment's text by nothing, deleting it."""
    return suggestion if suggestion else DELETE_SEGMENT


@dataclass(frozen=True, slots=True)
class Finding:
    """One signal's opinion about a span of one segment."""

    segment_id: str
    start: int
    end: int
    text: str
    kind: str
    score: float
    suggestions: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Suspect:
    """A span of a segment that is probably mis-transcribed, with ranked fixes and one plain reason."""

    segment_id: str
    start: int
    end: int
    text: str
    kinds: tuple[str, ...]
    score: float
    suggestions: tuple[str, ...]
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "segment_id": self.segment_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kinds": list(self.kinds),
            "score": round(self.score, 3),
            "suggestions": list(self.suggestions),
            "reason": self.reason,
        }
