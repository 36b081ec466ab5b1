"""Signal 6: corrections the user made before (old form -> new form), per project and per user."""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from pathlib import Path

from editor import paths
from editor.atomic_write import write_atomic
from editor.review.suspect import MEMORY, Finding
from editor.review.tokens import Token

USER_FILE = "corrections.json"
_MAX_WORDS = 3  # a remembered correction covers at most this many words


class CorrectionMemory:
    """Counts of corrections old -> new; the same old form elsewhere is flagged with the same fix."""

    def __init__(self, counts: dict[str, dict[str, int]] | None = None) -> None:
        self.counts: dict[str, Counter[str]] = {old: Counter(new) for old, new in (counts or {}).items()}
        self._patterns: dict[str, re.Pattern[str]] | None = None

    def record(self, old: str, new: str, times: int = 1) -> None:
        """Remember that `old` was corrected to `new`."""
        old, new = " ".join(old.split()), " ".join(new.split())
        if old and new and old != new and len(old.split()) <= _MAX_WORDS:
            self.counts.setdefault(old, Counter())[new] += times
            self._patterns = None

    def learn(self, before: str, after: str) -> list[tuple[str, str]]:
        """Record the word-level replacements that turned segment text `before` into `after`."""
        pairs = corrections_between(before, after)
        for old, new in pairs:
            self.record(old, new)
        return pairs


    def merge(self, other: CorrectionMemory) -> CorrectionMemory:
        """A new memory holding both sets of counts."""
        merged = CorrectionMemory(self.to_json())
        for old, news in other.counts.items():
            for new, n in news.items():
                merged.record(old, new, n)
        return merged

    def best(self, old: str) -> list[tuple[str, int]]:
        return self.counts.get(old, Counter()).most_common()

    def to_json(self) -> dict[str, dict[str, int]]:
        return {old: dict(news) for old, news in self.counts.items() if news}

    @classmethod
    def from_json(cls, data: dict | None) -> CorrectionMemory:
        if not isinstance(data, dict):
            return cls()
        memory = cls()
        for old, news in data.items():  # (a damaged file: odd entries are skipped, never fatal to a check)
            if isinstance(news, dict):
                for new, count in news.items():
                    if isinstance(count, int) and not isinstance(count, bool) and count > 0:
                        memory.record(str(old), str(new), count)
        return memory

    def _compiled(self) -> dict[str, re.Pattern[str]]:
        if self._patterns is None:
            # names keep their case ("Page" -> "Paige" must not touch "page"); lower-case forms match any case
            # (the words of a remembered phrase may stand any white space apart in another segment)
            self._patterns = {
                old: re.compile(r"(?<![\w'])" + r"\s+".join(map(re.escape, old.split())) + r"(?![\w'])",
                                0 if old != old.lower() else re.I)
                for old in self.counts
            }
        return self._patterns

    def findings(self, segment_id: str, text: str, tokens: list[Token]) -> list[Finding]:
        """Occurrences of remembered old forms in one segment."""
        found = []
        if not self.counts:
            return found
        lowered = text.lower()
        for old, pattern in self._compiled().items():
            if old.split(None, 1)[0].lower() not in lowered:
                continue  # (a quick test: the first word must be there)
            for m in pattern.finditer(text):
                ranked = self.best(old)
                times = sum(n for _, n in ranked)
                fix = ranked[0][0]
                score = min(0.95, 0.7 + 0.08 * times)
                reason = f"you corrected {old!r} to {fix!r} before" + (f" ({times} times)" if times > 1 else "")
                found.append(Finding(segment_id, m.start(), m.end(), m.group(), MEMORY, score,
                                     tuple(n for n, _ in ranked[:5]), reason))
        return found


def corrections_between(before: str, after: str) -> list[tuple[str, str]]:
    """Word-level replacements (old words, new words) between two versions of a text."""
    a, b = before.split(), after.split()
    pairs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "replace" and i2 - i1 <= _MAX_WORDS and j2 - j1 <= _MAX_WORDS:
            old = " ".join(a[i1:i2]).strip(".,;:!?\"“”()")
            new = " ".join(b[j1:j2]).strip(".,;:!?\"“”()")
            if old and new and old != new:
                pairs.append((old, new))
    return pairs


class UserCorrectionStore:
    """The user-level correction memory, a small JSON file in the user data folder, written atomically."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else paths.user_data_dir() / USER_FILE

    def load(self) -> CorrectionMemory:
        """The stored memory (empty when the file is missing or unreadable)."""
        try:
            return CorrectionMemory.from_json(json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return CorrectionMemory()

    def save(self, memory: CorrectionMemory) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(memory.to_json(), ensure_ascii=False, indent=1, sort_keys=True)
        write_atomic(self.path, text.encode("utf-8"))

    def record(self, old: str, new: str) -> CorrectionMemory:
        """Add one correction to the stored memory and return the updated memory."""
        memory = self.load()
        memory.record(old, new)
        self.save(memory)
        return memory
