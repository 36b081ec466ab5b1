"""Signal 6: corrections the user made before (old form -> new form), per project and per user."""

from __future__ import annotations

import difflib
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor import paths
from editor.atomic_write import write_atomic
from editor.review.suspect import MEMORY, Finding
from editor.review.tokens import Token

USER_FILE = "corrections.json"
USER_FORMAT = 2  # {"format": 2, "rules": [{"old", "new", "projects": {key: count}, "always"}]}; 1 was {old: {new: n}}
LEGACY_PROJECT = "(before projects were told apart)"  # where a format-1 count came from: one unknown project
PROJECTS_FOR_EVERYWHERE = 2  # a fix made in this many projects is offered in every project (and plain files)
_MAX_WORDS = 3  # a remembered correction covers at most this many words


def _clean(form: str) -> str:
    return " ".join(form.split())


def _phrase(form: str) -> str:
    """A regex matching `form` as whole words, its words any white space apart (case exactly as written)."""
    # (not part of an address either: 'tensorflow' -> 'TensorFlow' says nothing about 'tensorflow.org')
    return r"(?<![\w'@])" + r"\s+".join(map(re.escape, form.split())) + r"(?![\w'@])(?!\.\w)"


class CorrectionMemory:
    """Counts of corrections old -> new; the same old form elsewhere is flagged with the same fix.

    Forms compare case exactly: 'tensorflow' -> 'TensorFlow' says nothing about 'TensorFlow' (it is the fix),
    and 'Page' -> 'Paige' nothing about 'page'. A form some correction leads to is never flagged."""

    def __init__(self, counts: dict[str, dict[str, int]] | None = None) -> None:
        self.counts: dict[str, Counter[str]] = {old: Counter(new) for old, new in (counts or {}).items()}
        self._patterns: dict[str, re.Pattern[str]] | None = None
        self._targets: re.Pattern[str] | None = None

    def record(self, old: str, new: str, times: int = 1) -> None:
        """Remember that `old` was corrected to `new`."""
        old, new = _clean(old), _clean(new)
        if old and new and old != new and len(old.split()) <= _MAX_WORDS:
            self.counts.setdefault(old, Counter())[new] += times
            self._changed()

    def count(self, old: str, new: str) -> int:
        """How many times old -> new was recorded (white space as `record` reads it)."""
        return self.counts.get(_clean(old), Counter())[_clean(new)]

    def unrecord(self, old: str, new: str, times: int = 1) -> None:
        """Take back `times` of the corrections old -> new (an undone fix)."""
        old, new = _clean(old), _clean(new)
        news = self.counts.get(old)
        if news is None or news.get(new, 0) <= 0:
            return
        news[new] -= times
        if news[new] <= 0:
            del news[new]
        if not news:
            del self.counts[old]
        self._changed()

    def _changed(self) -> None:
        self._patterns = None
        self._targets = None

    def learn(self, before: str, after: str) -> list[tuple[str, str]]:
        """Record the word-level replacements that turned segment text `before` into `after`."""
        pairs = corrections_between(before, after)
        for old, new in pairs:
            self.record(old, new)
        return pairs

    def forget(self, old: str, new: str | None = None) -> None:
        """Drop what was learned about `old` (only its fix `new`, when given)."""
        if new is None:
            self.counts.pop(old, None)
        else:
            news = self.counts.get(old)
            if news is not None:
                news.pop(new, None)
                if not news:
                    del self.counts[old]
        self._changed()

    def merge(self, other: CorrectionMemory) -> CorrectionMemory:
        """A new memory holding, per correction, the larger of the two counts (the same fix seen from a project
        and from the user's list is one fix, not two)."""
        merged = CorrectionMemory(self.to_json())
        for old, news in other.counts.items():
            for new, n in news.items():
                have = merged.counts.get(old, dict[str, int]()).get(new, 0)
                if n > have:
                    merged.record(old, new, n - have)
        return merged

    def best(self, old: str) -> list[tuple[str, int]]:
        return self.counts.get(old, Counter()).most_common()

    def targets(self) -> set[str]:
        """Every form some remembered correction leads to."""
        return {new for news in self.counts.values() for new, n in news.items() if n > 0}

    def to_json(self) -> dict[str, dict[str, int]]:
        return {old: dict(news) for old, news in self.counts.items() if news}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> CorrectionMemory:
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
            self._patterns = {old: re.compile(_phrase(old)) for old in self.counts}
            targets = sorted(self.targets(), key=len, reverse=True)
            self._targets = re.compile("|".join(_phrase(t) for t in targets)) if targets else None
        return self._patterns

    def findings(self, segment_id: str, text: str, tokens: list[Token]) -> list[Finding]:
        """Occurrences of remembered old forms in one segment (never inside a form a correction leads to)."""
        found: list[Finding] = []
        if not self.counts:
            return found
        patterns = self._compiled()
        fixed: list[tuple[int, int]] | None = None
        for old, pattern in patterns.items():
            if old.split(None, 1)[0] not in text:
                continue  # (a quick test: the first word must be there)
            for m in pattern.finditer(text):
                if fixed is None:
                    fixed = [t.span() for t in self._targets.finditer(text)] if self._targets is not None else []
                if any(a <= m.start() and m.end() <= b for a, b in fixed):
                    continue  # 'Swift' inside 'Swift for' after 'Swift' -> 'Swift for': the fix, not the mistake
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


@dataclass
class UserRule:
    """One correction in the user's list: how often it was made in which project, and whether the user asked for
    it everywhere."""

    old: str
    new: str
    projects: dict[str, int] = field(default_factory=dict)  # project key -> times
    always: bool = False

    @property
    def times(self) -> int:
        return sum(self.projects.values())

    @property
    def everywhere(self) -> bool:
        """Offered in every project: made in two projects or more, or 'Always' chosen."""
        return self.always or len(self.projects) >= PROJECTS_FOR_EVERYWHERE


class UserCorrectionStore:
    """The user-level correction list, a small JSON file in the user data folder, written atomically.

    A fix made in one project is offered in other projects (and in plain files checked from the command line) only
    once it was made in a second project too, or the user chose 'Always' for it: one 'stat -> stack' must not flag
    every 'stat' of every later transcript."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else paths.user_data_dir() / USER_FILE

    def rules(self) -> list[UserRule]:
        """Every stored correction (empty when the file is missing or unreadable)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return _rules_from_json(data)

    def load(self) -> CorrectionMemory:
        """The corrections offered everywhere (made in two projects, or 'Always'), with their counts."""
        memory = CorrectionMemory()
        for rule in self.rules():
            if rule.everywhere and rule.times > 0:
                memory.record(rule.old, rule.new, rule.times)
        return memory

    def save_rules(self, rules: list[UserRule]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"format": USER_FORMAT, "rules": [
            {"old": r.old, "new": r.new, "projects": dict(sorted(r.projects.items())), "always": r.always}
            for r in sorted(rules, key=lambda r: (r.old.lower(), r.old, r.new)) if r.projects or r.always]}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    def _update(self, old: str, new: str, change: Callable[[UserRule], None]) -> None:
        old, new = _clean(old), _clean(new)
        if not old or not new or old == new:
            return
        rules = self.rules()
        rule = next((r for r in rules if r.old == old and r.new == new), None)
        if rule is None:
            rule = UserRule(old, new)
            rules.append(rule)
        change(rule)
        self.save_rules(rules)

    def record(self, old: str, new: str, project: str = LEGACY_PROJECT) -> None:
        """One more correction old -> new, made in `project` (a key naming it)."""
        def add(rule: UserRule) -> None:
            rule.projects[project] = rule.projects.get(project, 0) + 1
        self._update(old, new, add)

    def unrecord(self, old: str, new: str, project: str = LEGACY_PROJECT) -> None:
        """Take back one correction old -> new made in `project` (it was undone)."""
        def take(rule: UserRule) -> None:
            n = rule.projects.get(project, 0) - 1
            if n > 0:
                rule.projects[project] = n
            else:
                rule.projects.pop(project, None)
        self._update(old, new, take)

    def set_always(self, old: str, new: str, always: bool) -> None:
        """Offer old -> new in every project (or, False, only where it was made, until a second project)."""
        def mark(rule: UserRule) -> None:
            rule.always = always
            if not rule.projects and always:
                rule.projects[LEGACY_PROJECT] = 1
        self._update(old, new, mark)

    def delete(self, old: str, new: str) -> None:
        """Forget old -> new for the user."""
        rules = [r for r in self.rules() if not (r.old == old and r.new == new)]
        self.save_rules(rules)


def _rules_from_json(data: object) -> list[UserRule]:
    """Rules of either file format; odd entries of a damaged file are skipped."""
    rules: list[UserRule] = []
    if not isinstance(data, dict):
        return rules
    if data.get("format") == USER_FORMAT:
        listed = data.get("rules")
        for item in listed if isinstance(listed, list) else ():
            if not isinstance(item, dict) or not isinstance(item.get("old"), str) or not isinstance(item.get("new"), str):
                continue
            stored = item.get("projects")
            projects = stored if isinstance(stored, dict) else {}
            counts = {str(k): v for k, v in projects.items() if isinstance(v, int) and not isinstance(v, bool) and v > 0}
            old, new = _clean(item["old"]), _clean(item["new"])
            if old and new and old != new:
                rules.append(UserRule(old, new, counts, item.get("always") is True))
        return rules
    for old, news in data.items():  # format 1: {old: {new: count}}, counted as one project
        if isinstance(news, dict):
            for new, count in news.items():
                if isinstance(count, int) and not isinstance(count, bool) and count > 0 and _clean(str(old)) \
                        and _clean(str(new)) and _clean(str(old)) != _clean(str(new)):
                    rules.append(UserRule(_clean(str(old)), _clean(str(new)), {LEGACY_PROJECT: count}))
    return rules
