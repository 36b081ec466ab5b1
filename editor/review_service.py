"""The suspect detector as a service in a child process, so its CPU work never competes with the GUI for the GIL.

No Qt here (the child must not import it). The GUI side (editor/ui/review/check_worker.py) sends `CheckJob`s;
a child keeps one `CheckSession` (detector + mirror transcript) per editor window. What a job asks for is a
`Check` (whole document, some segments, or the language), and each kind has its own result type. Segments
travel as compact tuples (`pack_segment`), suspects come back as tuples (`pack_suspects`).
"""

from __future__ import annotations

import logging
import pickle
import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from editor.core.model import Segment, Transcript, Word
from editor.review import Suspect

log = logging.getLogger(__name__)
PROTOCOL = pickle.HIGHEST_PROTOCOL

PackedSegment = tuple[str, str, tuple, tuple | None]  # id, text, meta, word confidences (None: no words)


def pack_segment(segment: Segment) -> PackedSegment:
    """What the detector reads of a segment: id, text, meta and word confidences (cheap to pickle)."""
    words = segment.words
    return (segment.id, segment.text, segment.meta,
            None if words is None else tuple([w.confidence for w in words]))


def unpack_segment(packed: PackedSegment) -> Segment:
    """A Segment the detector treats like the original (word texts and timings are not needed)."""
    segment_id, text, meta, confidences = packed
    words = None if confidences is None else tuple([Word("", None, None, c) for c in confidences])
    return Segment(segment_id, text, words=words, meta=meta)


def pack_suspects(suspects: list[Suspect]) -> list[tuple]:
    return [(s.segment_id, s.start, s.end, s.text, s.kinds, s.score, s.suggestions, s.reason) for s in suspects]


def unpack_suspects(rows: list[tuple]) -> list[Suspect]:
    return [Suspect(*row) for row in rows]


# ----- what a job asks for, and what it gets back ------------------------------------------------------------
@dataclass(frozen=True)
class FullCheck:
    """Check the whole document; answered by a FullResult."""


@dataclass(frozen=True)
class SegmentCheck:
    """Check these segments again; answered by a SegmentResult (segments no longer there are left out)."""

    segment_ids: tuple[str, ...]


@dataclass(frozen=True)
class LanguageQuery:
    """Which language the detector checks in (detected by a full check); answered by a LanguageResult."""


Check = FullCheck | SegmentCheck | LanguageQuery


@dataclass(frozen=True)
class FullResult:
    suspects: list[Any]  # packed rows on the way back, Suspects once unpacked
    checked: int | None = None  # None: the whole document; else the check was stopped after this many segments
    # (the first ones of the document, in its order when the job was sent)


@dataclass(frozen=True)
class CheckProgress:
    """How far a full check is (sent while it runs; the job's FullResult still follows)."""

    done: int  # segments checked
    total: int


@dataclass(frozen=True)
class SegmentResult:
    by_segment: dict[str, list[Any]]  # segment id -> its packed rows / Suspects


@dataclass(frozen=True)
class LanguageResult:
    code: str
    name: str


CheckResult = FullResult | SegmentResult | LanguageResult


def unpack_result(result: CheckResult) -> CheckResult:
    """The same result with Suspects instead of the packed rows they travelled as."""
    if isinstance(result, FullResult):
        return FullResult(unpack_suspects(result.suspects), result.checked)
    if isinstance(result, SegmentResult):
        return SegmentResult({i: unpack_suspects(rows) for i, rows in result.by_segment.items()})
    return result


@dataclass
class CheckJob:
    """One message to a session: bring the mirror up to date, update the detector, then run `check` (if any)."""

    check: Check | None = None
    reset: bool = False  # start a new mirror (another document, or a new child)
    detector: dict[str, Any] | None = None  # Detector keyword arguments: build a new detector with them
    decisions: dict[str, Any] | None = None  # the user's latest review decisions (ReviewData.decisions())
    order: list[str] | None = None  # the new segment order, when the structure changed
    segments: list[PackedSegment] = field(default_factory=list)  # segments the mirror does not have yet


@dataclass(frozen=True)
class CloseSession:
    """The window is done: forget its session."""


@dataclass(frozen=True)
class StopCheck:
    """Stop the full check of job `job_id` (running or still queued) after the part it is in: its FullResult
    carries what was found so far."""

    job_id: int


# A full check goes a part at a time, so that it can say how far it is and stop when asked: parts of at least
# PART_MIN_SEGMENTS segments, at most PARTS of them (a part is ~1 s of work for 10 h of speech).
PART_MIN_SEGMENTS = 500
PARTS = 40


def part_size(segments: int) -> int:
    return max(PART_MIN_SEGMENTS, -(-segments // PARTS))


# Told after each part of a full check how far it is; False stops the check there.
Progress = Callable[[int, int], bool]


class CheckSession:
    """One window's detector and the mirror of its transcript (lives in the child, or on the fallback thread)."""

    def __init__(self) -> None:
        self.detector: Any = None
        self.mirror = Transcript()
        self.kwargs: dict[str, Any] = {}

    def handle(self, job: CheckJob, progress: Progress | None = None) -> CheckResult | None:
        """Apply a job: sync the mirror, reconfigure the detector, then check what it asks for (a full check
        tells `progress` how far it is after each part, and stops when it says so)."""
        from editor.review import Detector

        if job.reset:
            self.mirror = Transcript()
        self._sync(job.order, job.segments)
        if job.detector is not None:
            self.kwargs = job.detector
            self.detector = Detector(**self.kwargs)
        elif self.detector is None and job.check is not None:
            self.detector = Detector(**self.kwargs)
        detector = self.detector
        if detector is not None and job.decisions is not None:
            detector.set_decisions(**job.decisions)  # the user's latest (ReviewData.decisions())
        check = job.check
        if check is None or detector is None:
            return None
        if isinstance(check, FullCheck):
            return self._full_check(detector, progress)
        if isinstance(check, LanguageQuery):
            detector.prepare(self.mirror)  # (no-op after a full check; after stored results, readies re-checks)
            return LanguageResult(detector.lexicon.lang, detector.lexicon.name)
        mirror = self.mirror
        return SegmentResult({i: pack_suspects(detector.check_segment(mirror, i))
                              for i in check.segment_ids if mirror.has_segment(i)})

    def _full_check(self, detector: Any, progress: Progress | None) -> FullResult:
        from editor.review.detector import rank

        total = len(self.mirror)
        found: list[Suspect] = []
        parts = detector.check_parts(self.mirror, part_size(total) if progress is not None else max(total, 1))
        for done, suspects in parts:
            found += suspects
            if progress is not None and done < total and not progress(done, total):
                parts.close()
                return FullResult(pack_suspects(rank(found)), done)
        return FullResult(pack_suspects(rank(found)))

    def _sync(self, order: list[str] | None, packed: Any) -> None:
        mirror = self.mirror
        updated = {p[0]: unpack_segment(p) for p in packed}
        if order is not None:  # structure changed: same Transcript object, so the detector keeps its index
            current = {s.id: s for s in mirror.segments}
            current.update(updated)
            mirror.splice(0, len(mirror), [current[i] for i in order])
            return
        for segment_id, segment in updated.items():
            if mirror.has_segment(segment_id):
                mirror.put_segment(mirror.index_of(segment_id), segment)


def serve(requests: Any, replies: Any) -> None:
    """The child's main loop: read (job id, session, job) messages, answer (job id, ok, result); a full check
    also sends (job id, True, CheckProgress) after each part. Messages are read by a thread of their own, so a
    StopCheck reaches a check that is running."""
    sessions: dict[int, CheckSession] = {}
    stopped: set[int] = set()  # job ids of full checks to stop
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def read() -> None:
        while True:
            try:
                message = pickle.loads(requests.recv_bytes())
            except (EOFError, OSError):
                message = None  # the GUI went away
            if message is not None and isinstance(message[2], StopCheck):
                stopped.add(message[2].job_id)
                continue
            inbox.put(message)
            if message is None:
                return

    threading.Thread(target=read, name="checker-requests", daemon=True).start()
    try:
        from editor.review.context import ContextModel

        ContextModel.get()  # load the language model now, while the GUI is still opening the document
    except Exception:  # a model that cannot load only loses one signal; the job reports errors
        log.exception("could not preload the context model")
    while True:
        message = inbox.get()
        if message is None:
            return
        job_id, session_id, job = message
        if isinstance(job, CloseSession):
            sessions.pop(session_id, None)
            continue

        def progress(done: int, total: int, job_id: int = job_id) -> bool:
            if job_id in stopped:
                return False
            replies.send_bytes(pickle.dumps((job_id, True, CheckProgress(done, total)), PROTOCOL))
            return True

        result: CheckResult | str | None
        try:
            result, ok = sessions.setdefault(session_id, CheckSession()).handle(job, progress), True
        except (BrokenPipeError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 (reported to the GUI, which shows it in the status bar)
            result, ok = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}", False
        stopped.discard(job_id)
        try:
            replies.send_bytes(pickle.dumps((job_id, ok, result), PROTOCOL))
        except (BrokenPipeError, OSError):
            return
