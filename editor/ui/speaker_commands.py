"""Speaker commands by mouse and key: the Speaker menu, New Speaker…, and Ctrl+0…9 (assign or clear)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from editor.core import edits as E
from editor.ui.panes.speaker_menu import build_speaker_menu

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow


class SpeakerCommands:
    """Who said a segment, changed as one undo step each through the window's open Document.

    The window owns the document (`window.doc`) and the transcript pane; this only turns a request (a gutter
    click, a right-click, Ctrl+N) into a core edit and pushes it.
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.last_menu: QMenu | None = None  # tests and accessibility tools reach the open menu here

    def menu_for(self, segment_ids: list[str], parent: QWidget | None = None) -> QMenu:
        """The Speaker menu for these segments (gutter click, right-click in the text)."""
        doc = self.window.doc
        assert doc is not None
        return build_speaker_menu(parent or self.window, doc.transcript, segment_ids,
                                  lambda speaker_id: self.set_speaker_of(segment_ids, speaker_id),
                                  lambda: self.new_speaker_for(segment_ids))

    def show_menu(self, segment_ids: list[str], global_pos: QPoint) -> None:
        doc = self.window.doc
        if doc is None or doc.read_only:
            return
        menu = self.menu_for(segment_ids)
        self.last_menu = menu
        menu.exec(global_pos)
        menu.deleteLater()

    def set_speaker_of(self, segment_ids: list[str], speaker_id: str | None, adds: tuple = ()) -> bool:
        """Give these segments one speaker (None: none), after adding the speakers in `adds`, as one undo step."""
        doc = self.window.doc
        if doc is None or doc.read_only:
            return False
        doc.flush()
        transcript = doc.transcript
        ids = [i for i in segment_ids if transcript.has_segment(i) and transcript.segment(i).speaker != speaker_id]
        if not ids and not adds:
            return False
        name = adds[-1].speaker.name if adds else transcript.speaker_name(speaker_id) if speaker_id else ""
        old = tuple(transcript.segment(i).speaker for i in ids)
        set_edit = E.SetSpeaker(tuple(ids), old, (speaker_id,) * len(ids), name)
        return doc.push(E.Batch((*adds, set_edit), set_edit.label) if adds else set_edit)

    def new_speaker_for(self, segment_ids: list[str]) -> bool:
        """Ask for a name, add that speaker and give it these segments (one undo step)."""
        doc = self.window.doc
        if doc is None or doc.read_only:
            return False
        suggestion = f"Speaker {len(doc.transcript.speakers) + 1}"
        name, ok = QInputDialog.getText(self.window, "New speaker", "Name of the new speaker:", text=suggestion)
        name = name.strip()
        if not ok or not name:
            return False
        add = E.add_speaker(doc.transcript, name)
        return self.set_speaker_of(segment_ids, add.speaker.id, (add,))

    def assign_speaker(self, number: int) -> None:
        """Ctrl+N: speaker N (made if missing) for the current or selected segments; Ctrl+0 clears."""
        doc = self.window.doc
        if doc is None or doc.read_only:
            return
        doc.flush()
        ids = self.window.transcript_pane.selected_segment_ids()
        if ids:
            doc.push(E.assign_numbered_speaker(doc.transcript, ids, number))
