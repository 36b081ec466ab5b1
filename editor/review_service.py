"""The suspect detector as a service in a child process, so its CPU work never competes with the GUI for the GIL.

No Qt here (the child must not import it). The GUI side (editor/ui/review/check_worker.py) sends jobs as
small plain-data messages; a child keeps one `CheckSession` (detector + mirror transcript) per editor
window. Segments travel as compact tuples (`pack_segment`), suspects come back as tuples (`pack_suspects`).
"""

from __future__ import annotations

import logging
import pickle
import traceback
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


class CheckSession:
    """One window's detector and the mirror of its transcript (lives in the child, or on the fallback thread)."""

    def __init__(self) -> None:
        self.detector: Any = None
        self.mirror = Transcript()
        self.kwargs: dict[str, Any] = {}

    def handle(self, job: dict[str, Any]) -> Any:
        """Apply a job: sync the mirror, reconfigure the detector, then check what it asks for."""
        from editor.review import Detector

        if job.get("reset"):
            self.mirror = Transcript()
        self._sync(job.get("order"), job.get("segments") or ())
        if job.get("detector") is not None:
            self.kwargs = job["detector"]
            self.detector = Detector(**self.kwargs)
        elif self.detector is None and job.get("check") is not None:
            self.detector = Detector(**self.kwargs)
        detector = self.detector
        if detector is not None and job.get("decisions") is not None:
            detector.set_decisions(**job["decisions"])  # the user's latest (ReviewData.decisions())
        check = job.get("check")
        if check is None or detector is None:
            return None
        if check == "full":
            return pack_suspects(detector.check(self.mirror))
        if check == "language":  # (asked after a full check, which detects it)
            return (detector.lexicon.lang, detector.lexicon.name)
        mirror = self.mirror
        return {i: pack_suspects(detector.check_segment(mirror, i)) for i in check if mirror.has_segment(i)}

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
    """The child's main loop: read (job id, session, job) messages, answer (job id, ok, result)."""
    sessions: dict[int, CheckSession] = {}
    try:
        from editor.review.context import ContextModel

        ContextModel.get()  # load the language model now, while the GUI is still opening the document
    except Exception:  # noqa: BLE001 (a model that cannot load only loses one signal; the job reports errors)
        log.exception("could not preload the context model")
    while True:
        try:
            message = pickle.loads(requests.recv_bytes())
        except (EOFError, OSError):
            return  # the GUI went away
        if message is None:
            return
        job_id, session_id, job = message
        if job.get("close"):
            sessions.pop(session_id, None)
            continue
        try:
            result, ok = sessions.setdefault(session_id, CheckSession()).handle(job), True
        except Exception as exc:  # noqa: BLE001 (reported to the GUI, which shows it in the status bar)
            result, ok = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}", False
        try:
            replies.send_bytes(pickle.dumps((job_id, ok, result), PROTOCOL))
        except (BrokenPipeError, OSError):
            return
