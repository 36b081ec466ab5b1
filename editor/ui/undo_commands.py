"""Thin QUndoCommands over the core edit objects; the project does the actual undo and redo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from editor.core.edits import Edit
from editor.core.labels import paragraph_number, text_change_label

if TYPE_CHECKING:
    from editor.ui.document import Document

TYPING_ID = 1  # QUndoCommand.id() of typing commands, so consecutive typing can merge


class EditCommand(QUndoCommand):
    """One undo step: an edit that is already applied when the command is pushed."""

    def __init__(self, document: Document, edit: Edit, *, typing_segment: str | None = None, merge: bool = False,
                 label: str | None = None, text_before: str | None = None) -> None:
        super().__init__(label or edit.label)
        self.document = document
        self.edit = edit
        self.typing_segment = typing_segment
        self.text_before = text_before  # the typed segment's text before this step, to label a merged run
        self.merge = merge  # the project joined this edit to the previous step: join it here too
        self._applied = True  # pushing calls redo(); the document applied the edit already

    def id(self) -> int:
        return TYPING_ID if self.typing_segment is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt override)
        if not isinstance(other, EditCommand) or not other.merge or other.typing_segment != self.typing_segment:
            return False
        transcript = self.document.transcript
        segment = self.typing_segment
        if self.text_before is not None and segment is not None and transcript.has_segment(segment):
            after = transcript.segment(segment).text
            self.setText(text_change_label(self.text_before, after, paragraph_number(transcript, segment)))
        else:
            self.setText("Typing")
        return True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.document.run_step("redo", self.edit)

    def undo(self) -> None:
        self.document.run_step("undo", self.edit)
