"""The review decisions kept with a project (glossary, ignored suspects, corrections, forms the user wrote,
progress) and the user-level stores beside them (word list, corrections).

The one reader of these keys: `transcript-editor check` and the window both build their detector here, so they
agree on what is flagged and how strongly. No Qt (the window reads and writes through `ReviewData`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from editor import paths
from editor.atomic_write import write_atomic
from editor.review.decisions import Dismissed
from editor.review.detector import Detector
from editor.review.glossary import Glossary
from editor.review.language import is_language
from editor.review.memory import CorrectionMemory, UserCorrectionStore, UserRule, corrections_between

# Project meta keys where the review decisions are kept (values are plain JSON).
META_GLOSSARY = "review.glossary"  # Glossary.to_json()
META_IGNORED = "review.ignored"  # [[segment_id, text], ...]: single suspects dismissed
META_IGNORED_WORDS = "review.ignored_words"  # ["word", ...]: ignored everywhere (case as written)
META_CORRECTIONS = "review.corrections"  # CorrectionMemory.to_json(): fixes made in this project
META_WRITTEN = "review.written"  # ["form", ...]: words the user typed over others (known in this project)
META_LANGUAGE = "review.language"  # "de", ...: the transcript's language as the user set it (absent: detected)
META_SEEN = "review.seen"  # ["segment|n|text", ...]: every suspect shown so far (reviewed = seen - open)
META_PROJECT_KEY = "review.project"  # a random id telling this project apart in the user's correction list
PROJECT_KEYS = (META_GLOSSARY, META_IGNORED, META_IGNORED_WORDS, META_CORRECTIONS, META_WRITTEN, META_LANGUAGE,
                META_SEEN, META_PROJECT_KEY)
USER_DICTIONARY_FILE = "dictionary.txt"


def string_list(value: Any) -> list[str]:
    """The strings of a stored list (a damaged project may hold anything under a key)."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def ignored_pairs(value: Any) -> list[tuple[str, str]]:
    """Stored [segment id, text] pairs of dismissed suspects."""
    return [(p[0], p[1]) for p in value if isinstance(p, list) and len(p) == 2
            and isinstance(p[0], str) and isinstance(p[1], str)] if isinstance(value, list) else []


def stored_language(value: Any) -> str | None:
    """The language a project was set to check in; None (detect it) for none, or one this version lacks."""
    return value if isinstance(value, str) and is_language(value) else None


class UserDictionary:
    """Words the user accepts in every project: a UTF-8 text file, one word or name per line."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else paths.user_data_dir() / USER_DICTIONARY_FILE

    def load(self) -> list[str]:
        """The words (empty when the file is missing or unreadable)."""
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return []
        words: list[str] = []
        for line in text.splitlines():
            word = " ".join(line.split())
            if word and not word.startswith("#") and word not in words:
                words.append(word)
        return words

    def save(self, words: Iterable[str]) -> None:
        """Write the words atomically (temp file, fsync, replace)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        unique = list(dict.fromkeys(" ".join(w.split()) for w in words if w.strip()))
        write_atomic(self.path, ("\n".join(unique) + ("\n" if unique else "")).encode("utf-8"))


class ReviewData:
    """One project's review decisions (each change written at once), with the user-level stores beside them.

    `project` is anything with get_meta/set_meta (a Project, read-only for the command line), or None for a plain
    file: then only the user's own lists apply."""

    def __init__(self, project: Any, user_memory: UserCorrectionStore | None = None,
                 dictionary: UserDictionary | None = None) -> None:
        self.project = project
        self.user_memory = user_memory or UserCorrectionStore()
        self.dictionary = dictionary or UserDictionary()
        self.glossary = Glossary.from_json(self._get(META_GLOSSARY))
        # (each value as stored; a damaged one yields what of it is usable, never an error)
        self.ignored: list[tuple[str, str]] = ignored_pairs(self._get(META_IGNORED))
        self.ignored_words: list[str] = string_list(self._get(META_IGNORED_WORDS))
        self.corrections = CorrectionMemory.from_json(self._get(META_CORRECTIONS))
        self.written: list[str] = string_list(self._get(META_WRITTEN))
        self.seen: set[str] = set(string_list(self._get(META_SEEN)))
        self.user_words = self.dictionary.load()
        self.language: str | None = stored_language(self._get(META_LANGUAGE))
        self.dismissed = Dismissed(self.ignored, self.ignored_words)

    @property
    def writable(self) -> bool:
        return self.project is not None and not getattr(self.project, "read_only", False)

    def _get(self, key: str) -> Any:
        try:
            return self.project.get_meta(key)
        except AttributeError:  # (None: a plain file)
            return None

    def _set(self, key: str, value: Any) -> None:
        if self.writable:
            self.project.set_meta(key, value)

    def project_key(self) -> str:
        """The id telling this project apart in the user's correction list (made on first use)."""
        key = self._get(META_PROJECT_KEY)
        if not isinstance(key, str) or not key:
            key = uuid.uuid4().hex
            self._set(META_PROJECT_KEY, key)
        return key

    # ----- what the detector is given -------------------------------------------------------------------
    def memory(self) -> CorrectionMemory:
        """This project's corrections, and the user's that apply everywhere (made in two projects, or 'Always');
        a fix counted in both is one fix (the larger count), not two."""
        return self.corrections.merge(self.user_memory.load())

    def accepted_forms(self) -> list[str]:
        """Forms the user accepted (the fixes of this project's corrections) or typed over other words here."""
        return sorted(self.corrections.targets() | set(self.written))

    def hides(self, segment_id: str, text: str) -> bool:
        """True when the user dismissed these words (in this segment, or everywhere)."""
        return self.dismissed.hides(segment_id, text)

    def decisions(self) -> dict[str, Any]:
        """The decisions that change while reviewing, as `Detector.set_decisions` takes them (plain data, copied)."""
        return {"memory": self.memory(), "ignored": list(self.ignored), "ignored_words": list(self.ignored_words),
                "accepted": self.accepted_forms()}

    def detector_settings(self, *, extra_glossary: Glossary | None = None, language: str | None = None,
                          min_score: float | None = None) -> dict[str, Any]:
        """Arguments for a Detector matching this data, copied so another thread or process can build it.
        `extra_glossary` (a --glossary file) adds to the project's; `language` overrides the project's."""
        glossary = Glossary(list(self.glossary.terms), dict(self.glossary.corrections))
        if extra_glossary is not None:
            for term in extra_glossary.terms:
                glossary.add(term)
            glossary.corrections.update(extra_glossary.corrections)
        settings = {"glossary": glossary, "dictionary": list(self.user_words),
                    "language": language if language is not None else self.language, **self.decisions()}
        if min_score is not None:
            settings["min_score"] = min_score
        return settings

    def make_detector(self, **overrides: Any) -> Detector:
        """A detector that knows all of the decisions above (cheap once the language model is loaded)."""
        return Detector(**self.detector_settings(**overrides))

    # ----- changes, each written at once ----------------------------------------------------------------
    def ignore(self, segment_id: str, text: str) -> None:
        if (segment_id, text) not in self.ignored:
            self.ignored.append((segment_id, text))
            self._set(META_IGNORED, [list(p) for p in self.ignored])
            self.dismissed = Dismissed(self.ignored, self.ignored_words)

    def ignore_everywhere(self, text: str) -> None:
        """These words, written exactly so, are fine everywhere in this project."""
        text = " ".join(text.split())
        if text and text not in self.ignored_words:
            self.ignored_words.append(text)
            self._set(META_IGNORED_WORDS, list(self.ignored_words))
            self.dismissed = Dismissed(self.ignored, self.ignored_words)

    def set_glossary(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._set(META_GLOSSARY, glossary.to_json())

    def add_term(self, term: str) -> None:
        self.glossary.add(" ".join(term.split()))
        self._set(META_GLOSSARY, self.glossary.to_json())

    def set_language(self, language: str | None) -> None:
        """The transcript's language as the user sets it; None goes back to detecting it."""
        self.language = language
        self._set(META_LANGUAGE, language)

    def set_user_words(self, words: list[str]) -> None:
        self.dictionary.save(words)
        self.user_words = self.dictionary.load()

    def record_correction(self, old: str, new: str) -> None:
        """Remember old -> new in the project, and in the user's list under this project's key."""
        self.corrections.record(old, new)
        self._set(META_CORRECTIONS, self.corrections.to_json())
        if self.writable:
            try:
                self.user_memory.record(old, new, self.project_key())
            except OSError:
                pass  # the project copy is enough to offer the fix here; the user file is a bonus

    def unrecord_correction(self, old: str, new: str) -> bool:
        """Take back one old -> new (the fix was undone); False when there was none to take back."""
        if self.corrections.count(old, new) <= 0:
            return False
        self.corrections.unrecord(old, new)
        self._set(META_CORRECTIONS, self.corrections.to_json())
        if self.writable:
            try:
                self.user_memory.unrecord(old, new, self.project_key())
            except OSError:
                pass
        return True

    def learn_written(self, before: str, after: str) -> list[str]:
        """The forms the user typed over other words between two texts of a segment, remembered as known here."""
        new = [form for _, form in corrections_between(before, after) if form not in self.written]
        if new:
            self.written.extend(dict.fromkeys(new))
            self._set(META_WRITTEN, list(self.written))
        return new

    def forget_written(self, forms: Iterable[str]) -> None:
        gone = set(forms) & set(self.written)
        if gone:
            self.written = [f for f in self.written if f not in gone]
            self._set(META_WRITTEN, list(self.written))

    # ----- learned corrections, as the glossary dialog lists them ------------------------------------------
    def learned_rules(self) -> list[tuple[str, str, int, UserRule | None]]:
        """(old, new, times in this project, the user's rule or None) for every correction known here or
        for the user, sorted by old form."""
        user = {(r.old, r.new): r for r in self.user_memory.rules()}
        pairs = {(old, new) for old, news in self.corrections.counts.items() for new in news} | set(user)
        return [(old, new, self.corrections.counts.get(old, dict[str, int]()).get(new, 0), user.get((old, new)))
                for old, new in sorted(pairs, key=lambda p: (p[0].lower(), p[0], p[1]))]

    def delete_rule(self, old: str, new: str) -> None:
        """Forget old -> new in this project and in the user's list."""
        self.corrections.forget(old, new)
        self._set(META_CORRECTIONS, self.corrections.to_json())
        self.user_memory.delete(old, new)

    def set_always(self, old: str, new: str, always: bool) -> None:
        """Offer old -> new in every project ('Always'), or only where it was made."""
        self.user_memory.set_always(old, new, always)

    def save_seen(self) -> None:
        self._set(META_SEEN, sorted(self.seen))

