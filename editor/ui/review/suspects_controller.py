"""Keeps the list of suspected mis-transcriptions in step with the document and acts on them.

The checks run in the checker process (see check_worker.DetectorClient), which keeps a mirror of the
transcript; results for segments that changed meanwhile are thrown away and those segments re-checked.
Edited segments are re-checked after a short debounce, so per keystroke this class only records which
segment changed.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from editor.core.edits import replace_all, set_segment_text
from editor.core.model import Segment
from editor.errors import UserError
from editor.review import Glossary, Suspect
from editor.review.check_cache import StoredChecks
from editor.review.memory import corrections_between
from editor.review.review_data import ReviewData
from editor.review_service import (
    CheckProgress,
    FullCheck,
    FullResult,
    LanguageQuery,
    LanguageResult,
    SegmentCheck,
    SegmentResult,
)
from editor.ui.document import DocChange, Document
from editor.ui.review.check_worker import DetectorClient

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow

log = logging.getLogger(__name__)
RECHECK_DEBOUNCE_MS = 300
FULL_RECHECK_IDLE_MS = 3000  # document-level signals (spelling consistency) refresh after a pause
SEEN_SAVE_MS = 2000
RESULTS_SAVE_MS = 2000  # the check results are written to the project this long after they last changed


class JobKind(Enum):
    CONFIG = "config"  # settings only (the review decisions changed): no result to apply
    FULL = "full"
    SEGMENTS = "segments"
    LANGUAGE = "language"


@dataclass(eq=False)
class _Token:
    """Identifies one worker job; results from an older document (epoch) are dropped."""

    kind: JobKind
    epoch: int
    snapshot: dict[str, Segment] = field(default_factory=dict)


def suspect_key(suspect: Suspect, occurrence: int) -> str:
    return f"{suspect.segment_id}|{occurrence}|{suspect.text}"


# The checker process holds a mirror of the document and per-word context for all of it (measured: 540 MB for
# 500,000 words); past this, the window does not check (the dock says so and names the command that can).
WINDOW_CHECK_WORDS = 500_000


class SuspectsController(QObject):
    """Owns the open suspects of the open document; the dock, painter, menus and keys all use it."""

    suspectsChanged = Signal()
    currentSuspectChanged = Signal(object)  # Suspect | None
    checkingChanged = Signal(bool)
    checkProgress = Signal(int, int)  # segments checked, of: how far the running full check is
    checkRequested = Signal(object)  # FullCheck | SegmentCheck: what the checker was just asked to check

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pane = window.transcript_pane
        self.doc: Document | None = None
        self.data: ReviewData | None = None
        self.ready = False  # the first full check has arrived
        self.too_long = 0  # the open document's word count when it is past WINDOW_CHECK_WORDS (not checked)
        self.language: tuple[str, str] = ("en", "English")  # the transcript's, as the checker detected it
        self.current: Suspect | None = None  # chosen with F8 or in the queue: Enter accepts it
        self._by_segment: dict[str, list[Suspect]] = {}  # open suspects per segment, in text order
        self._checked_text: dict[str, str] = {}  # the segment text those suspects refer to
        self._ordered: list[tuple[int, int, Suspect]] | None = None
        self._dirty: set[str] = set()
        self._typed: dict[str, tuple[str, frozenset[str]]] = {}  # segment typed in -> (its text before the typing,
        # the suspect words it had then): what the user typed over them is learned once the word is complete
        self._texts: dict[str, str] = {}  # every segment's current text, to see what an undo or redo took back
        self._undone: list[tuple[str, str]] = []  # corrections unlearned by undo, learned again by redo
        self._epoch = 0
        self._full_pending = 0
        self._full_tokens: list[_Token] = []  # the full checks on their way
        self.check_progress: tuple[int, int] | None = None  # (segments checked, of) of the running full check
        self.stopped_at: tuple[int, int] | None = None  # (segments checked, of) when the user stopped the last
        # full check: the suspects found so far stay, the rest is not checked until the user asks again
        self._user_stopped = False  # the user stopped a full check: no automatic one until they ask for one
        self._seen_dirty = False
        self.stored: StoredChecks | None = None  # the last check's results kept in the project
        self._results_from: dict[str, Segment] = {}  # segment id -> the segment its current suspects were found in
        self._inflight: set[str] = set()  # segments sent for a re-check whose result has not arrived
        self.worker = DetectorClient(self)
        self.worker.finished.connect(self._on_result)
        self.worker.progress.connect(self._on_progress)
        self._debounce = self._timer(RECHECK_DEBOUNCE_MS, self._recheck_dirty)
        self._full_timer = self._timer(FULL_RECHECK_IDLE_MS, lambda: self.start_full_check(rebuild=False))
        self._seen_timer = self._timer(SEEN_SAVE_MS, self.save_progress)
        self._results_timer = self._timer(RESULTS_SAVE_MS, self.save_results)
        self.pane.cursorPositionChanged.connect(self._caret_moved)

    def _timer(self, ms: int, slot: Callable[[], object]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    # ----- document -------------------------------------------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        """Follow `doc` (None: the document was closed)."""
        if self.doc is not None:
            if not self.doc.closed:
                self.save_progress()
            try:
                if not self.too_long:  # (a document too long to check was never followed)
                    self.doc.changed.disconnect(self._on_doc_changed)
                    self.doc.aboutToClose.disconnect(self._on_closing)
            except (RuntimeError, TypeError):
                pass
        self._epoch += 1
        self.too_long = 0
        self.doc = doc
        self.data = None
        self.ready = False
        self.language = ("en", "English")
        self.current = None
        self._by_segment.clear()
        self._checked_text.clear()
        self._ordered = None
        self._dirty.clear()
        self._typed.clear()
        self._texts.clear()
        self._undone.clear()
        self._full_pending = 0
        self._full_tokens.clear()
        self.check_progress = self.stopped_at = None
        self._user_stopped = False
        self._results_from.clear()
        self._inflight.clear()
        self.stored = None
        for timer in (self._debounce, self._full_timer, self._seen_timer, self._results_timer):
            timer.stop()
        if doc is None:
            self.worker.shutdown()  # frees this window's session in the checker process
        else:
            self.data = ReviewData(doc)  # the document is the way to the project (get_meta, set_meta, read_only)
            words = doc.transcript.word_count()
            self.too_long = words if words > WINDOW_CHECK_WORDS else 0
            if self.too_long:  # the checker would mirror it all: said in the dock, no checking
                self.suspectsChanged.emit()
                self.currentSuspectChanged.emit(None)
                return
            self.stored = StoredChecks(doc)
            self._texts = {s.id: s.text for s in doc.transcript.segments}
            doc.changed.connect(self._on_doc_changed)
            doc.aboutToClose.connect(self._on_closing)
            doc.add_flush_hook(self._flush_hook)
            if not self._show_stored():
                self.start_full_check(rebuild=True)
        self.suspectsChanged.emit()
        self.currentSuspectChanged.emit(None)

    def shutdown(self) -> None:
        self._epoch += 1
        self.worker.shutdown()

    @property
    def writable(self) -> bool:
        return self.doc is not None and not self.doc.read_only

    def checking(self) -> bool:
        return self._full_pending > 0

    def stop_check(self) -> bool:
        """Stop the running full check (Cancel): what it found so far stays, and the document is not checked
        again as a whole until the user asks (Re-check Whole Transcript); edited paragraphs still are. False
        when no full check is running."""
        if not self._full_tokens:
            return False
        self._user_stopped = True  # (from now: the idle re-check must not start it again before the result)
        for token in self._full_tokens:
            self.worker.stop(token)
        return True

    # ----- reading -------------------------------------------------------------------------------------------
    def suspects_in(self, segment_id: str) -> list[Suspect]:
        """Open suspects of one segment, in text order (O(1))."""
        return self._by_segment.get(segment_id, [])

    def open_suspects(self) -> list[Suspect]:
        """All open suspects in document order."""
        return [s for _, _, s in self._order()]

    def count(self) -> int:
        return sum(len(v) for v in self._by_segment.values())

    def position_of(self, suspect: Suspect) -> int:
        """Segment number of a suspect (-1 when its segment is gone)."""
        if self.doc is None or not self.doc.transcript.has_segment(suspect.segment_id):
            return -1
        return self.doc.transcript.index_of(suspect.segment_id)

    def suspect_at(self, segment_id: str, offset: int, text: str | None = None) -> Suspect | None:
        """The open suspect covering character `offset` of a segment (checked against `text` if given)."""
        for s in self.suspects_in(segment_id):
            if s.start <= offset <= s.end and (text is None or text[s.start : s.end] == s.text):
                return s
        return None

    def progress(self) -> tuple[int, int]:
        """(reviewed, total): suspects dealt with, out of every suspect shown in this project."""
        if self.data is None:
            return 0, 0
        open_keys = self._open_keys()
        total = len(self.data.seen | open_keys)
        return total - len(open_keys), total

    def _open_keys(self) -> set[str]:
        keys: set[str] = set()
        for suspects in self._by_segment.values():
            counts: dict[str, int] = {}
            for s in suspects:
                n = counts.get(s.text, 0)
                counts[s.text] = n + 1
                keys.add(suspect_key(s, n))
        return keys

    def _order(self) -> list[tuple[int, int, Suspect]]:
        if self._ordered is None:
            items: list[tuple[int, int, Suspect]] = []
            for suspects in self._by_segment.values():
                number = self.position_of(suspects[0]) if suspects else -1
                if number >= 0:
                    items.extend((number, s.start, s) for s in suspects)
            items.sort(key=lambda item: (item[0], item[1]))
            self._ordered = items
        return self._ordered

    # ----- navigation ------------------------------------------------------------------------------------------
    def next_suspect(self, forward: bool = True) -> Suspect | None:
        """The next (or previous) open suspect from the caret, wrapping around the document."""
        order = self._order()
        if not order:
            return None
        cursor = self.pane.textCursor()
        block = self.pane.document().findBlock(cursor.selectionStart())
        here = (block.blockNumber(), cursor.selectionStart() - block.position())
        keys = [(n, start) for n, start, _ in order]
        if forward:
            at = bisect.bisect_right(keys, here) if self._is_current_selection() else bisect.bisect_left(keys, here)
            return order[at % len(order)][2]
        at = bisect.bisect_left(keys, here) - 1
        return order[at % len(order)][2]

    def _is_current_selection(self) -> bool:
        """True when the pane's selection is exactly the current suspect's words."""
        s = self.current
        if s is None or s not in self.suspects_in(s.segment_id):
            return False
        cursor = self.pane.textCursor()
        block = self.pane.document().findBlock(cursor.selectionStart())
        segment = self.pane.segment_for_block(block.blockNumber())
        if segment is None or segment.id != s.segment_id:
            return False
        return (cursor.selectionStart() - block.position(), cursor.selectionEnd() - block.position()) == (s.start, s.end)

    def current_is_selected(self) -> bool:
        return self._is_current_selection()

    def select(self, suspect: Suspect | None) -> None:
        """Select a suspect's words in the pane (it becomes the one Enter accepts)."""
        self.current = suspect
        if suspect is not None and self.doc is not None and self.doc.transcript.has_segment(suspect.segment_id):
            self.pane.go_to_segment(suspect.segment_id, suspect.start)
            cursor = self.pane.textCursor()
            block = cursor.block()
            cursor.setPosition(block.position() + suspect.start)
            cursor.setPosition(block.position() + min(suspect.end, block.length() - 1), cursor.MoveMode.KeepAnchor)
            self.pane.setTextCursor(cursor)
            self.pane.setFocus()
        self.currentSuspectChanged.emit(suspect)

    def go_next(self, forward: bool = True) -> Suspect | None:
        """F8 / Shift+F8."""
        suspect = self.next_suspect(forward)
        self.select(suspect)
        return suspect

    # ----- actions ----------------------------------------------------------------------------------------------
    def _live(self, suspect: Suspect) -> Segment | None:
        """The suspect's segment if its words are still where the suspect says."""
        if self.doc is None:
            return None
        self.doc.flush()  # typing in the pane is committed first, so offsets refer to the model text
        transcript = self.doc.transcript
        if not transcript.has_segment(suspect.segment_id):
            return None
        segment = transcript.segment(suspect.segment_id)
        return segment if segment.text[suspect.start : suspect.end] == suspect.text else None

    def accept(self, suspect: Suspect, replacement: str | None = None) -> bool:
        """Replace the suspect's words by `replacement` (default: the top suggestion) and learn from it."""
        if not self.writable:
            return False
        replacement = replacement if replacement is not None else (suspect.suggestions or (None,))[0]
        segment = self._live(suspect)
        if replacement is None or segment is None:
            return False
        text = segment.text[: suspect.start] + replacement + segment.text[suspect.end :]
        if not text.strip():
            return self._delete_segment(segment)
        if not self.doc.push(set_segment_text(self.doc.transcript, segment.id, text), self):
            return False
        self._drop(suspect, shift=len(replacement) - len(suspect.text))
        self._checked_text[segment.id] = text
        self._learn(suspect.text, replacement)
        self._place_after(segment.id, suspect.start + len(replacement))
        return True

    def _delete_segment(self, segment: Segment) -> bool:
        """A fix that leaves nothing of a segment (a recogniser loop's extra copy) deletes the segment, as Edit >
        Delete Segment does; the document change drops the segment's suspects (_on_doc_changed)."""
        if not self.pane.delete_segment(segment.id):
            return False
        self.current = None
        self._changed_suspects()
        self.currentSuspectChanged.emit(None)
        return True

    def replace_everywhere(self, old: str, new: str) -> bool:
        """Replace every whole-word `old` by `new` as one undoable edit, and learn old -> new."""
        if not self.writable or not old:
            return False
        self.doc.flush()
        edit = replace_all(self.doc.transcript, old, new, whole_word=True)
        if edit is None or not self.doc.push(edit, self):
            return False
        for segment_id in list(self._by_segment):
            self._by_segment[segment_id] = [s for s in self._by_segment[segment_id] if s.text != old]
        self._changed_suspects()
        self._learn(old, new)
        return True

    def ignore(self, suspect: Suspect) -> None:
        """This suspect is fine (here only)."""
        if self.data is None:
            return
        self.data.ignore(suspect.segment_id, suspect.text)
        self._decisions_changed()

    def ignore_everywhere(self, text: str) -> None:
        """These words are fine everywhere in this project."""
        if self.data is None:
            return
        self.data.ignore_everywhere(text)
        self._decisions_changed()

    def add_to_glossary(self, term: str) -> None:
        """Make `term` a glossary term (its near-misses get flagged, the term itself no longer)."""
        if self.data is None:
            return
        self.data.add_term(term)
        self._drop_text(term, case_sensitive=True)
        self.start_full_check(rebuild=True)

    def set_language(self, language: str | None) -> None:
        """Check the transcript as this language from now on (None: detect it); re-checks everything."""
        if self.data is None or not self.writable:
            return
        self.data.set_language(language)
        self.start_full_check(rebuild=True)

    def set_glossary(self, glossary: Glossary, user_words: list[str] | None = None) -> None:
        """New glossary (and user word list) from the glossary dialog: re-check everything."""
        if self.data is None:
            return
        self.data.set_glossary(glossary)
        if user_words is not None:
            self.data.set_user_words(user_words)
        self.start_full_check(rebuild=True)

    def _place_after(self, segment_id: str, offset: int) -> None:
        self.current = None
        self.pane.go_to_segment(segment_id, offset)
        self.currentSuspectChanged.emit(None)

    def _drop(self, suspect: Suspect, shift: int = 0) -> None:
        """Take a suspect off the queue now (the next check confirms); later ones in the segment move by `shift`."""
        remaining = []
        for s in self.suspects_in(suspect.segment_id):
            if s == suspect:
                continue
            if shift and s.start >= suspect.end:
                s = Suspect(s.segment_id, s.start + shift, s.end + shift, s.text, s.kinds, s.score, s.suggestions,
                            s.reason)
            remaining.append(s)
        self._by_segment[suspect.segment_id] = remaining
        if self.current == suspect:
            self.current = None
        self._changed_suspects()

    def _drop_text(self, text: str, *, case_sensitive: bool) -> None:
        for segment_id, suspects in list(self._by_segment.items()):
            self._by_segment[segment_id] = [
                s for s in suspects if (s.text if case_sensitive else s.text.lower()) != text]
        self._changed_suspects()

    def _decisions_changed(self) -> None:
        """The review data changed (ReviewData owns it): the queue hides what it now dismisses, and the checker
        takes the new decisions before its next job."""
        if self.data is None:
            return
        for segment_id, suspects in list(self._by_segment.items()):
            self._by_segment[segment_id] = [s for s in suspects if not self.data.hides(s.segment_id, s.text)]
        self._changed_suspects()
        self._results_timer.start()  # (stored under the new decisions)
        self.worker.submit(_Token(JobKind.CONFIG, self._epoch), None, decisions=self.data.decisions())

    def _learn(self, old: str, new: str) -> None:
        """Remember old -> new, then offer the same fix wherever `old` occurs."""
        if self._record(old, new):
            self._decisions_changed()
            self._recheck_dirty()

    def _record(self, old: str, new: str) -> bool:
        """Store old -> new and mark the segments holding either form for a re-check (memory flags `old`, and
        `new` is now the user's own form there)."""
        if self.data is None or not old.strip() or old == new:
            return False
        try:
            self.data.record_correction(old, new)
        except UserError as exc:
            log.warning("could not store a correction: %s", exc)
        for segment in self.doc.transcript.segments:
            if old in segment.text or new in segment.text:
                self._dirty.add(segment.id)
        return True

    # ----- checking -------------------------------------------------------------------------------------------------
    def _show_stored(self) -> bool:
        """Show the suspects the last check stored in the project, and re-check only the segments without a stored
        result (changed since, or never checked). False (nothing shown) when too little was stored to be worth it:
        then a full check is the quicker way."""
        assert self.doc is not None and self.data is not None and self.stored is not None
        transcript = self.doc.transcript
        settings = self.data.detector_settings()
        found, missing = self.stored.load(transcript.segments, settings)
        if not found or len(missing) * 2 > len(transcript.segments):
            return False
        data = self.data
        results_from = self._results_from
        for segment in transcript.segments:
            suspects = found.get(segment.id)
            if suspects is None:
                continue
            results_from[segment.id] = segment
            if not suspects:  # (most segments: nothing more to do)
                continue
            kept = [s for s in suspects if not data.hides(s.segment_id, s.text)]
            if kept:
                self._by_segment[segment.id] = sorted(kept, key=lambda s: s.start)
                self._checked_text[segment.id] = segment.text
        self.ready = True
        # the checker still needs the text and the settings, for the re-checks of what changed from now on
        self.worker.submit(_Token(JobKind.CONFIG, self._epoch), transcript, detector=settings)
        self.worker.submit(_Token(JobKind.LANGUAGE, self._epoch, {}), None, check=LanguageQuery())
        self._changed_suspects(emit=False)  # (set_document says so once, after: the queue reloads once on open)
        if missing:
            self._dirty.update(missing)
            self._recheck_dirty()
        return True

    def _on_closing(self) -> None:
        if self._results_timer.isActive():
            self.save_results()

    def save_results(self) -> None:
        """Keep the suspects as they stand in the project, for the next time it is opened (a cache)."""
        self._results_timer.stop()
        if self.stored is None or self.data is None or not self.writable or self.doc is None or self.doc.closed:
            return
        if self._full_pending:
            return  # a full check is on its way: its results are saved when they arrive
        results_from, dirty, inflight = self._results_from, self._dirty, self._inflight
        current = [(segment, self._by_segment.get(segment.id, [])) for segment in self.doc.transcript.segments
                   if results_from.get(segment.id) is segment and segment.id not in dirty
                   and segment.id not in inflight]
        if not self.stored.save(current, self.data.detector_settings()):
            log.info("the check results were not stored in the project")

    def start_full_check(self, *, rebuild: bool) -> None:
        """Check the whole document in the checker (rebuild: with a new detector from the review data; the
        automatic re-checks do not rebuild, and do not run after the user stopped a check)."""
        if self.doc is None or self.data is None or self.too_long:
            return
        self._full_timer.stop()
        if self._user_stopped and not rebuild:
            return
        self._user_stopped = False
        transcript = self.doc.transcript
        kwargs = self.data.detector_settings() if rebuild else None
        token = _Token(JobKind.FULL, self._epoch, {s.id: s for s in transcript.segments})
        self._full_tokens.append(token)
        self._full_pending += 1
        if self._full_pending == 1:
            self.checkingChanged.emit(True)
        self.worker.submit(token, transcript, check=FullCheck(), detector=kwargs)
        self.checkRequested.emit(FullCheck())

    def _recheck_dirty(self) -> None:
        """Re-check the segments changed since their last check (in the checker)."""
        self._debounce.stop()
        if self.doc is None or self.too_long:
            return
        if self._typed and self._learn_typed():
            self._decisions_changed()
        if not self._dirty:
            return
        transcript = self.doc.transcript
        ids = [i for i in self._dirty if transcript.has_segment(i)]
        self._dirty.clear()
        self._inflight.update(ids)
        token = _Token(JobKind.SEGMENTS, self._epoch, {i: transcript.segment(i) for i in ids})
        check = SegmentCheck(tuple(ids))
        self.worker.submit(token, transcript, check=check)
        self.checkRequested.emit(check)

    def _learn_typed(self) -> bool:
        """Learn from what the user typed: each form typed over other words becomes known in the project, and
        one typed over a suspect's words is remembered as a correction. A word the caret is still in is not
        complete yet ('Pyth' on the way to 'Pythonic'): it waits for the next check. True if anything changed."""
        transcript = self.doc.transcript
        caret_segment, caret = self._caret()
        changed = False
        for segment_id, (before, suspect_words) in list(self._typed.items()):
            if not transcript.has_segment(segment_id):
                del self._typed[segment_id]
                continue
            after = transcript.segment(segment_id).text
            pairs = corrections_between(before, after)
            if segment_id == caret_segment and _word_around(after, caret) in {
                    w for _, new in pairs for w in new.split()}:
                continue  # still typing this word
            del self._typed[segment_id]
            if not pairs:
                continue
            written = self.data.learn_written(before, after)
            if written:
                changed = True
                self._dirty.update(s.id for s in transcript.segments if any(f in s.text for f in written))
            for old, new in pairs:
                if old in suspect_words or any(old in t or t in old for t in suspect_words):
                    changed |= self._record(old, new)
        return changed

    def _caret(self) -> tuple[str | None, int]:
        """The segment the caret is in (None: none) and its offset there."""
        cursor = self.pane.textCursor()
        block = cursor.block()
        segment = self.pane.segment_for_block(block.blockNumber())
        return (segment.id if segment is not None else None), cursor.position() - block.position()

    def _caret_moved(self) -> None:
        """A typed word is complete once the caret leaves it: learn from it soon."""
        if self._typed and not self._debounce.isActive():
            self._debounce.start()  # (_learn_typed checks whether the caret is still in a typed word)

    def _unlearn_undone(self, dc: DocChange, before: dict[str, str | None]) -> None:
        """An undo that takes a correction back unlearns it (a redo learns it again)."""
        if self.data is None or dc.kind not in ("undo", "redo"):
            return
        pairs: set[tuple[str, str]] = set()
        for segment_id, old_text in before.items():
            new_text = self._texts.get(segment_id)
            if old_text is not None and new_text is not None:
                pairs.update(corrections_between(old_text, new_text))
        changed = False
        for a, b in pairs:
            if dc.kind == "undo" and self.data.unrecord_correction(b, a):  # the fix b <- a went back to b
                self._undone.append((b, a))
                changed = True
            elif dc.kind == "redo" and (a, b) in self._undone:
                self._undone.remove((a, b))
                self.data.record_correction(a, b)
                changed = True
        if dc.kind == "undo":
            gone = [a for a, _ in pairs if a in self.data.written]
            if gone:
                self.data.forget_written(gone)
                changed = True
        if changed:
            self._decisions_changed()
            self.start_full_check(rebuild=False)  # the undone fix's old form is no longer flagged anywhere

    def _on_doc_changed(self, dc: DocChange) -> None:
        segments = dc.change.segments
        self._dirty |= segments
        transcript = self.doc.transcript
        before = {i: self._texts.get(i) for i in segments}
        for i in segments:
            if transcript.has_segment(i):
                self._texts[i] = transcript.segment(i).text
            else:
                self._texts.pop(i, None)
        if dc.change.structure:
            self._texts = {s.id: s.text for s in transcript.segments}
        if dc.kind == "do" and dc.initiator is self.pane:
            for i in segments:
                if i not in self._typed and before.get(i) is not None:
                    words = frozenset(s.text for s in self._by_segment.get(i, ())
                                      if self._checked_text.get(i) == before[i])
                    self._typed[i] = (before[i], words)  # type: ignore[assignment]
        elif dc.kind != "do":
            for i in segments:
                self._typed.pop(i, None)
            self._unlearn_undone(dc, before)
        if dc.change.structure:
            transcript = self.doc.transcript
            for segment_id in [i for i in self._by_segment if not transcript.has_segment(i)]:
                del self._by_segment[segment_id]
                self._checked_text.pop(segment_id, None)
            self._ordered = None
            self.suspectsChanged.emit()
        self._debounce.start()
        self._full_timer.start()

    def _on_progress(self, token: _Token, progress: CheckProgress) -> None:
        if token.epoch != self._epoch or self.doc is None or token.kind is not JobKind.FULL:
            return
        self.check_progress = (progress.done, progress.total)
        self.checkProgress.emit(progress.done, progress.total)

    def _on_result(self, token: _Token, result: Any) -> None:
        if token.epoch != self._epoch or self.doc is None:
            return
        if token.kind is JobKind.FULL and token in self._full_tokens:
            self._full_tokens.remove(token)
        if token.kind is JobKind.SEGMENTS:
            self._inflight.difference_update(token.snapshot)
        if isinstance(result, Exception):
            if token.kind is JobKind.FULL:
                self._full_done()
            self.window.statusBar().showMessage(f"Checking for suspects failed: {result}")
            return
        match result:
            case FullResult(suspects, checked):
                self._apply_full(token, suspects, checked)
                self._full_done()
                self.worker.submit(_Token(JobKind.LANGUAGE, self._epoch, {}), None, check=LanguageQuery())
            case LanguageResult(code, name):
                if (code, name) != self.language:
                    self.language = (code, name)
                    self.suspectsChanged.emit()
            case SegmentResult(by_segment):  # the child checked the texts these segments had when the job left
                self._apply_segments({i: (token.snapshot[i], found) for i, found in by_segment.items()
                                      if i in token.snapshot})

    def _full_done(self) -> None:
        self._full_pending = max(0, self._full_pending - 1)
        if self._full_pending == 0:
            self.check_progress = None
            self.checkingChanged.emit(False)

    def _apply_full(self, token: _Token, suspects: list[Suspect], stopped_after: int | None = None) -> None:
        """Take a full check's suspects; `stopped_after`: the user stopped it after that many segments (of the
        document as it was sent), and the segments it did not reach keep what they had."""
        self.stopped_at = None if stopped_after is None else (stopped_after, len(token.snapshot))
        if stopped_after is not None:
            token = _Token(token.kind, token.epoch, dict(list(token.snapshot.items())[:stopped_after]))
        grouped: dict[str, list[Suspect]] = {}
        for s in suspects:  # (as the detector ranks them: `check` shows the same)
            grouped.setdefault(s.segment_id, []).append(s)
        by_segment: dict[str, list[Suspect]] = {}
        checked: dict[str, str] = {}
        results_from: dict[str, Segment] = {}
        assert self.doc is not None
        for segment in self.doc.transcript.segments:
            if token.snapshot.get(segment.id) is segment:
                found = grouped.get(segment.id)
                results_from[segment.id] = segment
                if found:
                    by_segment[segment.id] = sorted(found, key=lambda s: s.start)
                    checked[segment.id] = segment.text
            else:  # changed while the worker was busy (or not reached): keep what we had, re-check it now
                earlier = self._results_from.get(segment.id)
                if stopped_after is None or segment.id in token.snapshot or (earlier not in (None, segment)):
                    self._dirty.add(segment.id)
                if segment.id in self._results_from:
                    results_from[segment.id] = self._results_from[segment.id]
                if segment.id in self._by_segment:
                    by_segment[segment.id] = self._by_segment[segment.id]
                    checked[segment.id] = self._checked_text.get(segment.id, segment.text)
        unchanged = self.ready and by_segment == self._by_segment and checked == self._checked_text
        self._by_segment, self._checked_text, self._results_from = by_segment, checked, results_from
        self.ready = True
        self._results_timer.start()
        if not unchanged:  # the idle re-check mostly finds the same: spare the queue and underlines a rebuild
            self._changed_suspects()
        if self._dirty:
            self._debounce.start()

    def _apply_segments(self, result: dict[str, tuple[Segment, list[Suspect]]]) -> None:
        transcript = self.doc.transcript
        for segment_id, (segment, found) in result.items():
            if not transcript.has_segment(segment_id) or transcript.segment(segment_id) is not segment:
                continue  # changed again since: a newer job is on its way
            if found:
                self._by_segment[segment_id] = sorted(found, key=lambda s: s.start)
            else:
                self._by_segment.pop(segment_id, None)
            self._checked_text[segment_id] = segment.text
            self._results_from[segment_id] = segment
        self._results_timer.start()
        self._changed_suspects()

    def _changed_suspects(self, *, emit: bool = True) -> None:
        self._ordered = None
        if self.data is not None:
            before = len(self.data.seen)
            self.data.seen |= self._open_keys()
            if len(self.data.seen) != before:
                self._seen_dirty = True
                self._seen_timer.start()
        if self.current is not None and self.current not in self.suspects_in(self.current.segment_id):
            self.current = None
        if emit:
            self.suspectsChanged.emit()

    # ----- saving progress ------------------------------------------------------------------------------------------
    def _flush_hook(self) -> None:
        if self._seen_dirty:
            self.save_progress()

    def save_progress(self) -> None:
        """Write the 'seen' suspects (the reviewed count is derived from them) to the project."""
        self._seen_timer.stop()
        if self.data is None or not self._seen_dirty or not self.data.writable:
            return
        self._seen_dirty = False
        try:
            self.data.save_seen()
        except UserError as exc:
            log.warning("could not save review progress: %s", exc)


_WORD = re.compile(r"[\w'’.@-]*[\w'’]")


def _word_around(text: str, offset: int) -> str:
    """The word of `text` the caret at `offset` is in or right after ('' when none)."""
    for m in _WORD.finditer(text, max(0, offset - 64)):
        if m.start() > offset:
            break
        if m.start() <= offset <= m.end():
            return m.group()
    return ""
