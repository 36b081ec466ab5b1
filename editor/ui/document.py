"""The one QObject that owns the open project, its live transcript and the undo stack.

Every change goes through `Document.push` (a new user edit) or `undo`/`redo`; each emits `changed`
with the core `Change` and the object that initiated it, so a view that already shows the result
(the transcript pane after typing) can skip redrawing itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from editor.core.edits import Edit, EditConflict
from editor.core.labels import describe
from editor.core.model import Change, Transcript
from editor.errors import ProjectError
from editor.ui.undo_commands import EditCommand

if TYPE_CHECKING:
    from editor.store.project import HistoryEntry, Project, VersionInfo

log = logging.getLogger(__name__)

# Undo steps the window offers. The project keeps every step; rebuilding all of a long-edited
# project's steps on open would cost seconds (about 0.1 ms per step with word timings).
UNDO_LIMIT = 1000


@dataclass
class DocChange:
    """What changed, who asked for it, and the edit (None for a full refresh)."""

    change: Change
    initiator: object | None
    edit: Edit | None
    kind: str  # "do", "undo", "redo" or "reload"


class Document(QObject):
    """Owns Project + transcript + QUndoStack; the only path by which the UI changes the transcript."""

    changed = Signal(object)  # DocChange
    pendingChanged = Signal(bool)
    saveFailed = Signal(str)  # a ProjectError message: the edit is kept in memory
    saved = Signal()
    aboutToClose = Signal()  # typing is committed; the project is still open for a last write (e.g. check results)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self._flush_hooks: list[Callable[[], None]] = []
        self._flushing = False
        self._replaying = False
        self._typing_segment: str | None = None  # the open typing run that new typing may join
        self._rebuild_undo_stack()

    # ----- reading ---------------------------------------------------------------------------------
    @property
    def transcript(self) -> Transcript:
        return self.project.transcript

    @property
    def path(self) -> Path:
        """The project file (it changes with Save As)."""
        return self.project.path

    @property
    def read_only(self) -> bool:
        return self.project.read_only

    @property
    def closed(self) -> bool:
        return self.project.closed

    @property
    def created(self) -> bool:
        """The project was made from a transcript file when it was opened (not an existing project)."""
        return self.project.created

    def has_pending_writes(self) -> bool:
        """True while an applied edit has not reached the project file (a write failed)."""
        return bool(self.project.pending)

    def source_path(self) -> Path | None:
        """The transcript file the project was imported from, when known."""
        path, _digest = self.project.source_identity()
        return Path(path) if path else None

    def get_meta(self, key: str, default: Any = None) -> Any:
        """A project-level setting (e.g. the attached media)."""
        return self.project.get_meta(key, default)

    def set_meta(self, key: str, value: Any) -> None:
        """Store a project-level setting; ProjectError when it cannot be written."""
        self.project.set_meta(key, value)

    def check_results(self, fingerprint: str) -> dict[str, list[Any]]:
        """The last suspect check's stored results (see editor/review/check_cache.py); {} when there are none."""
        return self.project.check_results(fingerprint)

    def store_check_results(self, fingerprint: str, results: Iterable[tuple[str, list[Any]]]) -> bool:
        """Keep the latest suspect check's results in the project (a cache: False when it could not be written)."""
        return self.project.store_check_results(fingerprint, results)

    # ----- flushing typing before anything else happens ----------------------------------------------
    def add_flush_hook(self, hook: Callable[[], None]) -> None:
        """Register a callback that commits uncommitted work (typing) before other edits run."""
        self._flush_hooks.append(hook)

    def flush(self) -> None:
        """Commit every view's pending typing now."""
        if self._flushing:
            return
        self._flushing = True
        try:
            for hook in self._flush_hooks:
                hook()
        finally:
            self._flushing = False

    def close_typing_run(self) -> None:
        """The next typing starts a new undo step (cursor moved away, other command ran)."""
        self._typing_segment = None

    # ----- changing ----------------------------------------------------------------------------------
    def push(self, edit: Edit | None, initiator: object | None = None, *, typing_segment: str | None = None) -> bool:
        """Apply a new user edit and put it on the undo stack; False if it did not fit the transcript."""
        if edit is None:
            return False
        if typing_segment is None:
            self.flush()
        # Typing in the segment of the open typing run asks to join its undo step; the project decides.
        join = typing_segment is not None and typing_segment == self._typing_segment and self._top_is_open_typing()
        label = describe(edit, self.transcript)
        text_before = None
        if typing_segment is not None and self.transcript.has_segment(typing_segment):
            text_before = self.transcript.segment(typing_segment).text
        try:
            change = self._apply(edit, "do", join)
        except EditConflict as exc:
            log.warning("edit refused: %s", exc)
            return False
        merge = self.project.last_merged
        self.undo_stack.push(EditCommand(self, edit, typing_segment=typing_segment, merge=merge, label=label,
                                         text_before=text_before))
        self._typing_segment = typing_segment
        self._emit(DocChange(change, initiator, edit, "do"))
        return True

    def undo(self) -> None:
        self.flush()
        self.close_typing_run()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.flush()
        self.close_typing_run()
        self.undo_stack.redo()

    # called by EditCommand ------------------------------------------------------------------------
    def run_step(self, kind: str, edit: Edit) -> None:
        """Undo or redo the project's top step (EditCommand.undo/redo land here)."""
        if self._replaying:
            return
        self._typing_segment = None
        change: Change | None
        try:
            change = self.project.undo() if kind == "undo" else self.project.redo()
        except ProjectError as exc:
            self.saveFailed.emit(str(exc))
            change = None
        if change is None:  # unknown extent: views reload everything
            change = Change({s.id for s in self.transcript.segments}, structure=True, speakers=True)
        self._emit(DocChange(change, None, edit, kind))

    def _apply(self, edit: Edit, kind: str, merge: bool) -> Change:
        try:
            return self.project.apply(edit, kind=kind, merge=merge)
        except ProjectError as exc:
            # The project keeps the edit in memory and retries on the next write; tell the user.
            self.saveFailed.emit(str(exc))
            return Change({s.id for s in self.transcript.segments}, structure=True, speakers=True)

    def _emit(self, doc_change: DocChange) -> None:
        self.changed.emit(doc_change)
        pending = self.has_pending_writes()
        self.pendingChanged.emit(pending)
        if not pending:
            self.saved.emit()

    def _top_is_open_typing(self) -> bool:
        index = self.undo_stack.index()
        if index == 0 or index != self.undo_stack.count():
            return False
        top = self.undo_stack.command(index - 1)
        return isinstance(top, EditCommand) and top.typing_segment == self._typing_segment

    def retry_save(self) -> bool:
        """Try again to write edits that are waiting; True when nothing is pending any more."""
        if not self.has_pending_writes():
            return True
        try:
            self.project.flush()
        except ProjectError as exc:
            self.saveFailed.emit(str(exc))
            return False
        self.pendingChanged.emit(False)
        self.saved.emit()
        return True

    # ----- undo history from the project file --------------------------------------------------------
    def _rebuild_undo_stack(self) -> None:
        """Recreate the undo stack from the project's history without applying anything again."""
        done, undone = self.project.undo_steps(limit=UNDO_LIMIT // 2)  # undone[-1] is the next redo, so it goes first above the done steps
        self._replaying = True
        try:
            # Labels read against the current text: exact for the next undo (done[-1]) and redo (undone[-1]).
            for edit in done:
                self.undo_stack.push(EditCommand(self, edit, merge=False,
                                                 label=describe(edit, self.transcript, applied=True)))
            for edit in reversed(undone):
                self.undo_stack.push(EditCommand(self, edit, merge=False, label=describe(edit, self.transcript)))
            self.undo_stack.setIndex(len(done))
        finally:
            self._replaying = False

    # ----- history and versions (read) ------------------------------------------------------------------
    def versions(self) -> list[VersionInfo]:
        """The named versions, oldest first."""
        return self.project.versions()

    def version_transcript(self, name: str) -> Transcript:
        """A named version's transcript ('original' and 'current' included)."""
        return self.project.version_transcript(name)

    def version_loader(self, name: str) -> Callable[[], Transcript]:
        """Read a version now; the returned function decodes it (and may run on another thread)."""
        return self.project.version_loader(name)

    def history(self, limit: int | None = None) -> list[HistoryEntry]:
        """The applied edits, oldest first (only the last `limit` ones if given)."""
        return self.project.history(limit=limit)

    # ----- file verbs ----------------------------------------------------------------------------------
    def save_as(self, path: str | Path) -> None:
        """Commit typing, copy the project to `path` and continue working there (ProjectError on failure)."""
        self.flush()
        self.project.save_as(path)

    def save_version(self, name: str) -> VersionInfo:
        """Commit typing and keep the current text as version `name` (ProjectError on a bad or taken name)."""
        self.flush()
        return self.project.save_version(name)

    def close(self, *, force: bool = False) -> None:
        """Commit typing, write what is pending and release the project file. When the writing fails this raises
        ProjectError and stays open, unless `force` (then the unwritten edits are lost)."""
        self.flush()
        if not self.project.closed:
            self.aboutToClose.emit()
        self.project.close(force=force)
