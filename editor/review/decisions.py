"""The user's review decisions as the detector applies them: suspects dismissed, and forms the user wrote.

Both the command line and the window get these from `review_data.ReviewData`; the detector and the window's
queue ask the same objects, so a dismissed suspect is hidden by one rule everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from editor.review.suspect import GLOSSARY, INCONSISTENT, MEMORY, RARE, UNKNOWN, Finding

# The signals that judge a form by its spelling alone; a form the user typed or accepted answers them. (The context
# signal still may flag it: 'and' typed over 'an' in one place says nothing about 'and' in another sentence.)
SPELLING_SIGNALS = frozenset({UNKNOWN, RARE, GLOSSARY, MEMORY, INCONSISTENT})
_POSSESSIVE = re.compile(r"['’]s$")


class Dismissed:
    """Suspects the user ignored: (segment id, text) here only, or words everywhere.

    Case counts: ignoring 'TensorFlow' everywhere says nothing about a lower-case 'tensorflow' (a real slip). An
    ignored lower-case word also covers its capitalised form at the start of a sentence."""

    def __init__(self, spans: Iterable[tuple[str, str]] = (), words: Iterable[str] = ()) -> None:
        self.spans = {(s[0], s[1]) for s in spans}
        self.words = {w for w in words if w}

    def hides(self, segment_id: str, text: str) -> bool:
        if (segment_id, text) in self.spans or text in self.words:
            return True
        return text[:1].isupper() and (text[:1].lower() + text[1:]) in self.words and not text[1:2].isupper()


class KnownForms:
    """Forms the user typed or accepted in a project: no spelling signal flags them there."""

    def __init__(self, forms: Iterable[str] = ()) -> None:
        self.forms = {" ".join(f.split()) for f in forms if f and f.strip()}
        ordered = sorted(self.forms, key=len, reverse=True)
        self._pattern = re.compile("|".join(r"(?<![\w'])" + r"\s+".join(map(re.escape, f.split())) + r"(?![\w])"
                                            for f in ordered)) if ordered else None

    def __bool__(self) -> bool:
        return bool(self.forms)

    def covers(self, finding: Finding, text: str) -> bool:
        """True when `finding` is a spelling signal's opinion of (part of) a known form in segment text `text`."""
        if finding.kind not in SPELLING_SIGNALS or self._pattern is None:
            return False
        if finding.text in self.forms or _POSSESSIVE.sub("", finding.text) in self.forms:
            return True
        return any(m.start() <= finding.start and finding.end <= m.end() for m in self._pattern.finditer(text))
