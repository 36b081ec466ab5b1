"""The review decisions kept with a project (glossary, ignored suspects, corrections, progress) and the
user-level word list. Pure Python: the Qt side reads and writes these through `ReviewData`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from editor import paths
from editor.atomic_write import write_atomic
from editor.commands.check import (
    META_CORRECTIONS,
    META_GLOSSARY,
    META_IGNORED,
    META_IGNORED_WORDS,
    META_LANGUAGE,
    ignored_pairs,
    stored_language,
    string_list,
)
from editor.review import CorrectionMemory, Detector, Glossary, UserCorrectionStore

META_SEEN = "review.seen"  # ["segment|n|text", ...]: every suspect shown so far (reviewed = seen - open)
USER_DICTIONARY_FILE = "dictionary.txt"


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
    """Read/write access to one project's review meta keys, with the user-level stores beside them."""

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
        self.seen: set[str] = set(string_list(self._get(META_SEEN)))
        self.user_words = self.dictionary.load()
        self.language: str | None = stored_language(self._get(META_LANGUAGE))

    @property
    def writable(self) -> bool:
        return not getattr(self.project, "read_only", False)

    def _get(self, key: str) -> Any:
        try:
            return self.project.get_meta(key)
        except AttributeError:
            return None

    def _set(self, key: str, value: Any) -> None:
        if self.writable:
            self.project.set_meta(key, value)

    def memory(self) -> CorrectionMemory:
        """The user's corrections together with this project's (a count recorded in both is not doubled)."""
        merged = self.user_memory.load()
        for old, news in self.corrections.counts.items():
            for new, n in news.items():
                have = merged.counts[old].get(new, 0) if old in merged.counts else 0
                if n > have:
                    merged.record(old, new, n - have)
        return merged

    def make_detector(self) -> Detector:
        """A detector that knows all of the decisions above (cheap once the language model is loaded)."""
        return Detector(**detector_kwargs(self))

    # ----- changes, each written at once ----------------------------------------------------------------
    def ignore(self, segment_id: str, text: str) -> None:
        if (segment_id, text) not in self.ignored:
            self.ignored.append((segment_id, text))
            self._set(META_IGNORED, [list(p) for p in self.ignored])

    def ignore_everywhere(self, text: str) -> None:
        if text.lower() not in {w.lower() for w in self.ignored_words}:
            self.ignored_words.append(text)
            self._set(META_IGNORED_WORDS, list(self.ignored_words))

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
        """Remember old -> new in the project and for the user."""
        self.corrections.record(old, new)
        self._set(META_CORRECTIONS, self.corrections.to_json())
        try:
            self.user_memory.record(old, new)
        except OSError:
            pass  # the project copy is enough to offer the fix here; the user file is a bonus

    def save_seen(self) -> None:
        self._set(META_SEEN, sorted(self.seen))


def detector_kwargs(data: ReviewData) -> dict[str, Any]:
    """Arguments for a Detector matching `data`, copied so another thread can build it safely."""
    return {"glossary": Glossary(list(data.glossary.terms), dict(data.glossary.corrections)),
            "memory": data.memory(), "ignored": list(data.ignored), "ignored_words": list(data.ignored_words),
            "dictionary": list(data.user_words), "language": data.language}
