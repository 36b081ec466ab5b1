"""The last check's suspects, kept in the project: what a stored result is for, and turning it back into Suspects.

A stored result says "a segment with exactly this content, checked by this checker with these settings, has these
suspects". The content key hashes what the detector reads of a segment (text, word confidences, recogniser
extras); the fingerprint hashes the checker's code and everything the review data gives the detector. A result
is used only when both match, and only after its offsets and words are found again in the segment's text: a
stored row that does not fit is treated as never stored, and that segment is checked again.

No Qt. The project side (editor/store/check_results.py) only keeps the rows.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import math
import struct
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from editor import __version__
from editor.core.model import Segment
from editor.review.suspect import Suspect

RESULTS_FORMAT = 2  # bump when the stored row layout or its meaning changes


class ResultStore(Protocol):
    """What keeps the rows: a Project, or the window's Document in front of one."""

    def check_results(self, fingerprint: str) -> dict[str, list[Any]]: ...

    def store_check_results(self, fingerprint: str, results: Iterable[tuple[str, list[Any]]]) -> bool: ...


@functools.cache
def checker_version() -> str:
    """The program version, the versions of the packages whose data the signals read, and a hash of the checker's
    own code: a changed detector, or an upgraded word list, never trusts old results."""
    from editor.review.model_cache import package_stamp

    data = package_stamp("wordfreq", "pocketsphinx", "jellyfish", "better_profanity", "rapidfuzz")
    digest = hashlib.sha256(f"{__version__}:{RESULTS_FORMAT}:{data}".encode())
    folder = Path(__file__).resolve().parent
    for path in sorted([*folder.glob("*.py"), folder.parent / "review_service.py"]):
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:  # (a frozen app without its sources: the version alone)
            continue
    from editor.paths import resource_files
    from editor.review.fitted_trees import FITTED_MODELS

    for name in FITTED_MODELS:  # (refitted apart from the code)
        try:
            digest.update(name.encode() + b"\0" + (resource_files() / name).read_bytes())
        except OSError:
            continue
    return digest.hexdigest()[:16]


def fingerprint(settings: dict[str, Any]) -> str:
    """A hash of the checker and of Detector keyword arguments as ReviewData.detector_settings() gives them."""
    def plain(value: Any) -> Any:
        to_json = getattr(value, "to_json", None)
        if callable(to_json):
            return plain(to_json())
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple, set, frozenset)):
            items = [plain(v) for v in value]
            return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
        return value

    described = {"checker": checker_version(), **{key: plain(value) for key, value in settings.items()}}
    text = json.dumps(described, sort_keys=True, ensure_ascii=False, default=repr)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def segment_key(segment: Segment) -> str:
    """A hash of what the detector reads of one segment (not its id, speaker or times)."""
    words = segment.words
    if words is None:
        confidences = b"-"
    else:
        values = [w.confidence for w in words]
        if values.count(None) == len(values):  # (a recogniser or format without confidences)
            confidences = b"n%d" % len(values)
        else:
            try:  # the confidences' bits: a reopened 30 h project spent half its key time in repr() of the floats
                confidences = b"d" + struct.pack(f"<{len(values)}d", *values)
            except struct.error:  # (some are None, or not numbers)
                confidences = b"r" + repr(values).encode("utf-8", "surrogatepass")
    text = segment.text.encode("utf-8", "surrogatepass")
    meta = repr(segment.meta).encode("utf-8", "surrogatepass") if segment.meta else b""
    # (the lengths first: no two different segments run together into the same bytes)
    key = b"%d:%d:%d:" % (len(text), len(confidences), len(meta)) + text + confidences + meta
    return hashlib.blake2b(key, digest_size=16).hexdigest()


def encode(suspects: list[Suspect]) -> list[list[Any]]:
    """A segment's suspects as stored (the segment id is the reader's)."""
    return [[s.start, s.end, s.text, list(s.kinds), s.score, list(s.suggestions), s.reason] for s in suspects]


def decode(segment: Segment, rows: Any) -> list[Suspect] | None:
    """The stored suspects of `segment`, or None when a row does not fit its text (then it is checked again)."""
    if not isinstance(rows, list):
        return None
    out = []
    text = segment.text
    for row in rows:
        if not isinstance(row, list) or len(row) != 7:
            return None
        start, end, words, kinds, score, suggestions, reason = row
        if (type(start) is not int or type(end) is not int or not 0 <= start <= end <= len(text)
                or words != text[start:end] or not isinstance(reason, str)
                or type(score) not in (int, float) or not math.isfinite(score)
                or not _strings(kinds) or not _strings(suggestions)):
            return None
        out.append(Suspect(segment.id, start, end, words, tuple(kinds), float(score), tuple(suggestions), reason))
    return out


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


class StoredChecks:
    """The stored results of one project (the review settings they were found with are given per call)."""

    def __init__(self, store: ResultStore) -> None:
        self.store = store
        self._keys: dict[str, tuple[Segment, str]] = {}  # segment id -> (the segment, its key): keys cost a hash

    def key(self, segment: Segment) -> str:
        known = self._keys.get(segment.id)
        if known is not None and known[0] is segment:
            return known[1]
        key = segment_key(segment)
        self._keys[segment.id] = (segment, key)
        return key

    def load(self, segments: list[Segment], settings: dict[str, Any]) -> tuple[dict[str, list[Suspect]], list[str]]:
        """(suspects of the segments with a result stored under these detector settings, by id; ids of the
        segments without one)."""
        # tens of thousands of small lists and no cycles: with the cyclic collector on, it rescanned the whole
        # open transcript again and again (30 h: 0.7 s instead of 0.2 s)
        collecting = gc.isenabled()
        gc.disable()
        try:
            stored = self.store.check_results(fingerprint(settings))
            found: dict[str, list[Suspect]] = {}
            missing: list[str] = []
            if not stored:
                return found, [s.id for s in segments]
            keys = self._keys
            for segment in segments:  # (one pass with no calls per segment but the key: 30 h has 18,902)
                key = segment_key(segment)
                keys[segment.id] = (segment, key)
                rows = stored.get(key)
                if rows == []:  # the usual case: checked, no suspect
                    found[segment.id] = []
                    continue
                suspects = decode(segment, rows)
                if suspects is None:
                    missing.append(segment.id)
                else:
                    found[segment.id] = suspects
            return found, missing
        finally:
            if collecting:
                gc.enable()

    def save(self, checked: Iterable[tuple[Segment, list[Suspect]]], settings: dict[str, Any]) -> bool:
        """Store these (segment, its suspects) results, found with these detector settings, in place of the stored
        ones; False if that failed."""
        collecting = gc.isenabled()
        gc.disable()  # (as in load)
        try:
            rows: dict[str, list[Any]] = {}
            for segment, suspects in checked:
                rows[self.key(segment)] = encode(suspects)
            return self.store.store_check_results(fingerprint(settings), rows.items())
        finally:
            if collecting:
                gc.enable()
