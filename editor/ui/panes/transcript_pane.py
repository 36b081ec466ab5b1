"""The editable transcript: one text block per segment, edited in place like a word processor.

Block number == segment index, always, outside the handlers below. Typing inside one block is left to
Qt and committed as a core SetText at word boundaries, after one second of idle, or before any other
command. Enter, Backspace at a block's start and Delete at its end become split/merge edits. Any other
edit that crosses blocks (typing over a multi-block selection, cut, Ctrl+Backspace) is caught in
`contentsChange` and turned into one ReplaceSegments edit, so the model and the view never drift apart.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from editor.core.edits import (
    EditConflict,
    common_affixes,
    delete_segment,
    insert_segment,
    merge_segments,
    set_segment_text,
    split_segment,
)
from editor.core.model import Segment, Speaker
from editor.core.segment_rebuild import one_line, one_per_line, replace_run
from editor.ui import theme
from editor.ui.document import DocChange, Document
from editor.ui.panes.overlays import Layer, PaintedBlock, PaneOverlay, PointedAt, plain_tooltip
from editor.ui.panes.speaker_gutter import SpeakerGutter
from editor.ui.panes.track_changes import ChangeMarks
from editor.ui.speaker_colors import speaker_colors

IDLE_COMMIT_MS = 1000
_BOUNDARY = set(" \t.,;:!?\"')]}…")


class TranscriptPane(QPlainTextEdit):
    """Editable transcript pane with a speaker gutter and layers painted over the text (`add_overlay`)."""

    currentSegmentChanged = Signal(str)
    typingPendingChanged = Signal(bool)
    # (segment ids, global position): the user asked to choose the speaker of these segments (gutter click)
    speakerMenuRequested = Signal(list, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc: Document | None = None
        self._ids: list[str] = []  # segment id per block, mirrors the transcript's order
        self._dirty: tuple[str, int] | None = None  # (segment id, block) with uncommitted typing
        self._syncing = False
        self._current_block = -1
        self._colors: dict[str, QColor] = {}
        self._has_timings = False
        self.setUndoRedoEnabled(False)  # undo is the document's QUndoStack
        self.setAcceptDrops(False)  # files dropped go to the window; text moves would cross segments
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.document().setDocumentMargin(6)
        self.gutter = SpeakerGutter(self)
        # (segment ids, parent menu) -> a Speaker submenu; set by the window, which owns speaker edits
        self.speaker_menu_factory: Callable[[list[str], QWidget], QMenu] | None = None
        self._overlays: list[tuple[Layer, PaneOverlay]] = []
        self.marks = ChangeMarks()
        self.add_overlay(self.marks, Layer.CHANGES)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_COMMIT_MS)
        self._idle.timeout.connect(self.commit_typing)
        # A word boundary commits from the event loop, right after the typed character is painted:
        # the project write (an fsync) never delays the echo of a key.
        self._boundary = QTimer(self)
        self._boundary.setSingleShot(True)
        self._boundary.setInterval(0)
        self._boundary.timeout.connect(self.commit_typing)
        self.document().contentsChange.connect(self._on_contents_change)
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self.updateRequest.connect(self._on_update_request)
        self._update_gutter_width()

    # ----- the document ----------------------------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        """Show `doc`'s transcript and follow its changes (None: the document closed, the pane empties)."""
        if self.doc is not None:
            try:
                self.doc.changed.disconnect(self._on_doc_changed)
            except (RuntimeError, TypeError):  # the closed document was deleted already
                pass
        self.doc = doc
        self._dirty = None
        if doc is None:  # (the closed transcript is freed now, not when the next one opens)
            self._idle.stop()
            self._boundary.stop()
            self._ids = []
            self.marks.reset("")
            self._syncing = True
            try:
                self.setPlainText("")
            finally:
                self._syncing = False
            self._current_block = -1
            self.setReadOnly(True)
            return
        doc.changed.connect(self._on_doc_changed)
        doc.add_flush_hook(self.commit_typing)
        self.marks.reset(doc.transcript.source.text)
        self._reload()
        self.setReadOnly(doc.read_only)

    def _reload(self) -> None:
        assert self.doc is not None
        segments = self.doc.transcript.segments
        self._ids = [s.id for s in segments]
        self._colors = speaker_colors(self.doc.transcript)
        self._has_timings = self.doc.transcript.has_timings()
        self._syncing = True
        try:
            self.setPlainText(one_per_line([s.text for s in segments]))
        finally:
            self._syncing = False
        self._current_block = -1
        self._update_gutter_width()
        self._on_cursor_moved()

    def segment_for_block(self, number: int) -> Segment | None:
        """The segment shown in block `number` (None outside the transcript)."""
        if self.doc is None or not 0 <= number < len(self._ids):
            return None
        segments = self.doc.transcript.segments
        if number < len(segments) and segments[number].id == self._ids[number]:
            return segments[number]
        return None

    def has_timings(self) -> bool:
        return self._has_timings

    def speakers(self) -> list[Speaker]:
        return [] if self.doc is None else self.doc.transcript.speakers

    def speaker_name(self, speaker_id: str | None) -> str:
        return "" if self.doc is None else self.doc.transcript.speaker_name(speaker_id)

    def speaker_color(self, speaker_id: str | None) -> QColor | None:
        return None if speaker_id is None else self._colors.get(speaker_id)

    def current_segment_id(self) -> str | None:
        number = self.textCursor().blockNumber()
        return self._ids[number] if 0 <= number < len(self._ids) else None

    def selected_segment_ids(self) -> list[str]:
        """The segment under the cursor, or every segment the selection touches."""
        cursor = self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart()).blockNumber()
        last = doc.findBlock(cursor.selectionEnd()).blockNumber()
        return self._ids[max(first, 0) : last + 1]

    def request_speaker_menu(self, number: int, global_pos: QPoint) -> None:
        """The gutter of block `number` was clicked: the selected segments if it is among them, else that one."""
        if not 0 <= number < len(self._ids):
            return
        self.commit_typing()
        selected = self.selected_segment_ids() if self.textCursor().hasSelection() else []
        ids = selected if self._ids[number] in selected else [self._ids[number]]
        self.speakerMenuRequested.emit(ids, global_pos)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt override)
        """The usual edit menu, with a Speaker submenu for the paragraph clicked (or the selection)."""
        menu = self.createStandardContextMenu(event.pos())
        factory = self.speaker_menu_factory
        if factory is not None and self.doc is not None and not self.isReadOnly():
            number = self.cursorForPosition(event.pos()).blockNumber()  # viewport coordinates
            if 0 <= number < len(self._ids):
                selected = self.selected_segment_ids() if self.textCursor().hasSelection() else []
                ids = selected if self._ids[number] in selected else [self._ids[number]]
                submenu = factory(ids, menu)
                if menu.actions():
                    first = menu.actions()[0]
                    menu.insertMenu(first, submenu)
                    menu.insertSeparator(first)
                else:
                    menu.addMenu(submenu)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def go_to_segment(self, segment_id: str, offset: int = 0) -> None:
        """Put the cursor in the segment's block (at `offset`) and scroll it into view."""
        if self.doc is None or not self.doc.transcript.has_segment(segment_id):
            return
        block = self.document().findBlockByNumber(self.doc.transcript.index_of(segment_id))
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + max(0, min(offset, block.length() - 1)))
        self.setTextCursor(cursor)
        self.centerCursor()

    def set_track_changes(self, enabled: bool) -> None:
        self.marks.enabled = enabled
        self.viewport().update()


    def changed_spans(self, number: int) -> list[tuple[int, int]]:
        """Spans of block `number` marked as changed words (empty when marks are off)."""
        segment = self.segment_for_block(number)
        if segment is None or not self.marks.enabled:
            return []
        return self.marks.changed_spans(segment, one_line(self.document().findBlockByNumber(number).text()))

    def deleted_marks(self, number: int) -> list[tuple[int, str]]:
        """(position, deleted words) of block `number`: where original words were deleted (empty when marks
        are off)."""
        segment = self.segment_for_block(number)
        if segment is None or not self.marks.enabled:
            return []
        return self.marks.deletions(segment, one_line(self.document().findBlockByNumber(number).text()))

    def deletion_at(self, pos: QPoint) -> str | None:
        """The deleted words whose caret is under viewport position `pos`, or None."""
        at = self.pointed_at(pos)
        return None if at is None else self.marks.deletion_at(at)

    # ----- layers over the text ----------------------------------------------------------------------
    def add_overlay(self, overlay: PaneOverlay, layer: Layer) -> None:
        """Paint `overlay` over the text (above the layers of a lower `layer`) and ask it for tooltips."""
        self._overlays.append((layer, overlay))
        self._overlays.sort(key=lambda pair: pair[0])
        self.viewport().update()

    def update_block(self, number: int) -> None:
        """Repaint block `number` (a layer's marks in it changed)."""
        block = self.document().findBlockByNumber(number)
        if block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
            rect = QRectF(0, geometry.top(), self.viewport().width(), geometry.height() + 1).toAlignedRect()
            if rect.intersects(self.viewport().rect()):
                self.viewport().update(rect)

    def pointed_at(self, pos: QPoint) -> PointedAt | None:
        """The block, segment and character under viewport position `pos` (None outside the transcript)."""
        cursor = self.cursorForPosition(pos)
        block = cursor.block()
        segment = self.segment_for_block(block.blockNumber())
        if segment is None:
            return None
        origin = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        return PointedAt(pos, block, segment, cursor.positionInBlock(), origin)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.doc is not None:  # light <-> dark scheme
            self._colors = speaker_colors(self.doc.transcript)
            self._mark_current_block()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            at = self.pointed_at(event.pos())
            for _layer, overlay in reversed(self._overlays):
                tip = overlay.tooltip(at) if at is not None and overlay.enabled else None
                if tip is not None:
                    QToolTip.showText(event.globalPos(), plain_tooltip(tip), self.viewport())
                    return True
        return super().viewportEvent(event)

    def has_uncommitted_typing(self) -> bool:
        return self._dirty is not None

    # ----- typing -> edits ---------------------------------------------------------------------------
    def commit_typing(self) -> None:
        """Turn the typed-but-uncommitted text of one block into a SetText edit now."""
        if self._dirty is None or self.doc is None:
            return
        segment_id, number = self._dirty
        self._dirty = None
        self._idle.stop()
        self._boundary.stop()
        text = one_line(self.document().findBlockByNumber(number).text())
        if self.doc.transcript.has_segment(segment_id):
            edit = set_segment_text(self.doc.transcript, segment_id, text)
            self.doc.push(edit, self, typing_segment=segment_id)
        self.typingPendingChanged.emit(False)

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._syncing or self.doc is None:
            return
        doc = self.document()
        delta = doc.blockCount() - len(self._ids)
        first = doc.findBlock(position).blockNumber()
        end = min(position + added, doc.characterCount() - 1)
        last = doc.findBlock(end).blockNumber()
        if delta == 0 and first == last and self._ids:
            self._typed_in_block(first, position, removed, added)
        else:
            self._edited_across_blocks(first, last, delta)

    def _typed_in_block(self, number: int, position: int, removed: int, added: int) -> None:
        segment_id = self._ids[number]
        if removed == added and self._dirty is None:
            # Formatting-only notifications (the highlighter) report equal counts: ignore if unchanged.
            block_text = one_line(self.document().findBlockByNumber(number).text())
            if block_text == self.doc.transcript.segments[number].text:
                return
        if self._dirty is not None and self._dirty[0] != segment_id:
            self.commit_typing()
        if self._dirty is None:
            self._dirty = (segment_id, number)
            self.typingPendingChanged.emit(True)
        if added and self.document().characterAt(position + added - 1) in _BOUNDARY:
            self._boundary.start()
        else:
            self._idle.start()

    def _edited_across_blocks(self, first: int, last: int, delta: int) -> None:
        """Blocks [first, last] replaced the old blocks [first, last - delta]: one ReplaceSegments edit."""
        assert self.doc is not None
        old_last = last - delta
        if self._dirty is not None:
            _, number = self._dirty
            if number < first:
                self.commit_typing()
            elif number > old_last:
                self._dirty = (self._dirty[0], number + delta)
                self.commit_typing()
            else:
                self._dirty = None  # its text is part of the blocks being replaced
                self._idle.stop()
                self.typingPendingChanged.emit(False)
        doc = self.document()
        texts = [one_line(doc.findBlockByNumber(n).text()) for n in range(first, last + 1)]
        edit = replace_run(self.doc.transcript, first, old_last - first + 1, texts, "Edit text across segments")
        self._ids[first : old_last + 1] = [s.id for s in edit.new]
        self.doc.push(edit, self)
        self.viewport().update()
        self.gutter.update()

    # ----- keys ---------------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # Let the window's Undo/Redo actions (the document's stack) have these keys, not QPlainTextEdit.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
                event.ignore()
                return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if self.doc is None or self.isReadOnly():
            super().keyPressEvent(event)
            return
        key = event.key()
        cursor = self.textCursor()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if cursor.hasSelection():
                cursor.removeSelectedText()
            self.split_at_cursor()
            return
        if not cursor.hasSelection() and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            if key == Qt.Key.Key_Backspace and cursor.positionInBlock() == 0 and cursor.blockNumber() > 0:
                self._merge_with_next(cursor.blockNumber() - 1)
                return
            if key == Qt.Key.Key_Delete and cursor.atBlockEnd() and cursor.blockNumber() < len(self._ids) - 1:
                self._merge_with_next(cursor.blockNumber())
                return
        super().keyPressEvent(event)

    def split_at_cursor(self) -> None:
        """Enter: split the segment at the cursor (at an edge, start a new empty segment)."""
        assert self.doc is not None
        self.commit_typing()
        cursor = self.textCursor()
        number, offset = cursor.blockNumber(), cursor.positionInBlock()
        if not self._ids:
            return
        transcript = self.doc.transcript
        segment = transcript.segments[number]
        text = segment.text
        if not text[:offset].strip():
            after = transcript.segments[number - 1].id if number > 0 else None
            self.doc.push(insert_segment(transcript, after, "", segment.speaker))
            self._place_cursor(number + 1, 0)
        elif not text[offset:].strip():
            self.doc.push(insert_segment(transcript, segment.id, "", segment.speaker))
            self._place_cursor(number + 1, 0)
        else:
            try:
                edit = split_segment(transcript, segment.id, offset)
            except EditConflict:
                return
            self.doc.push(edit)
            self._place_cursor(number + 1, 0)

    def merge_with_next(self) -> None:
        """Merge the segment at the cursor with the next one."""
        self._merge_with_next(self.textCursor().blockNumber())

    def delete_segment_at_cursor(self) -> None:
        """Remove the segment at the cursor (see delete_segment)."""
        segment = self.segment_for_block(self.textCursor().blockNumber())
        if segment is not None:
            self.delete_segment(segment.id)

    def delete_segment(self, segment_id: str) -> bool:
        """Remove a segment in one undo step (typing in it is committed first); the caret moves to the start of
        the segment after it. A transcript keeps at least one segment."""
        assert self.doc is not None
        self.commit_typing()
        transcript = self.doc.transcript
        if len(transcript) < 2 or not transcript.has_segment(segment_id):
            return False
        number = transcript.index_of(segment_id)
        if not self.doc.push(delete_segment(transcript, segment_id)):
            return False
        self._place_cursor(min(number, len(transcript) - 1), 0)
        return True

    def _merge_with_next(self, number: int) -> None:
        assert self.doc is not None
        self.commit_typing()
        transcript = self.doc.transcript
        if not 0 <= number < len(transcript) - 1:
            return
        first_text = transcript.segments[number].text
        edit = merge_segments(transcript, transcript.segments[number].id)
        merged = edit.new[0].text
        second_len = len(transcript.segments[number + 1].text)
        if self.doc.push(edit):
            self._place_cursor(number, len(merged) - second_len if second_len else len(first_text))

    def _place_cursor(self, number: int, offset: int) -> None:
        block = self.document().findBlockByNumber(number)
        if not block.isValid():
            return
        cursor = self.textCursor()
        cursor.setPosition(block.position() + max(0, min(offset, block.length() - 1)))
        self.setTextCursor(cursor)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt override)
        # Pasted line breaks become spaces: a paste stays inside the segment (Enter splits on purpose).
        if source.hasText():
            self.textCursor().insertText(one_line(source.text()))

    # ----- model -> view --------------------------------------------------------------------------------
    def _on_doc_changed(self, dc: DocChange) -> None:
        if dc.change.speakers:
            self._colors = speaker_colors(self.doc.transcript)
            self._update_gutter_width()
        if dc.initiator is self:
            if dc.change.structure or dc.change.speakers:
                self.gutter.update()
            return
        transcript = self.doc.transcript
        touched: list[int] = []
        if dc.change.structure:
            touched = self._sync_structure(dc.change.segments)
        else:
            for segment_id in dc.change.segments:
                if transcript.has_segment(segment_id):
                    number = transcript.index_of(segment_id)
                    if self._set_block_text(number, transcript.segments[number].text):
                        touched.append(number)
        self.gutter.update()
        if dc.kind in ("undo", "redo") and touched:
            self._place_cursor(min(touched), 0)
            self.ensureCursorVisible()

    def _set_block_text(self, number: int, text: str) -> bool:
        block = self.document().findBlockByNumber(number)
        text = one_line(text)
        if block.text() == text:
            return False
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        self._syncing = True
        try:
            cursor.insertText(text)
        finally:
            self._syncing = False
        return True

    def _sync_structure(self, changed: set[str]) -> list[int]:
        """Replace only the run of blocks whose segment ids differ, then texts of changed segments."""
        assert self.doc is not None
        segments = self.doc.transcript.segments
        new_ids = [s.id for s in segments]
        old_ids = self._ids
        p, s = common_affixes(old_ids, new_ids)
        texts = [one_line(seg.text) for seg in segments[p : len(new_ids) - s]]
        self._replace_blocks(p, len(old_ids) - s - p, texts)
        self._ids = new_ids
        touched = list(range(p, p + len(texts)))
        for segment_id in changed:
            number = self.doc.transcript.index_of(segment_id) if self.doc.transcript.has_segment(segment_id) else -1
            if number >= 0 and not p <= number < p + len(texts) and self._set_block_text(number, segments[number].text):
                touched.append(number)
        return touched

    def _replace_blocks(self, first: int, count: int, texts: list[str]) -> None:
        doc = self.document()
        cursor = QTextCursor(doc)
        total = len(self._ids)
        if count == 0 and not texts:
            return
        if count > 0:
            start_block = doc.findBlockByNumber(first)
            end_block = doc.findBlockByNumber(first + count - 1)
            start, end = start_block.position(), end_block.position() + end_block.length() - 1
            if not texts:  # remove the blocks with one of their separators
                if first > 0:
                    start -= 1
                elif first + count < total:
                    end += 1
            insert = "\n".join(texts)
        elif first > 0:
            prev = doc.findBlockByNumber(first - 1)
            start = end = prev.position() + prev.length() - 1
            insert = "\n" + "\n".join(texts)
        else:
            start = end = 0
            insert = "\n".join(texts) + ("\n" if total else "")
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self._syncing = True
        try:
            cursor.insertText(insert)
        finally:
            self._syncing = False

    # ----- cursor, gutter ----------------------------------------------------------------------------
    def _on_cursor_moved(self) -> None:
        number = self.textCursor().blockNumber()
        if number == self._current_block:
            return
        if self._dirty is not None and self._dirty[1] != number:
            self.commit_typing()
        if self.doc is not None:
            self.doc.close_typing_run()
        self._current_block = number
        self._mark_current_block()
        segment_id = self.current_segment_id()
        if segment_id is not None:
            self.currentSegmentChanged.emit(segment_id)

    def _mark_current_block(self) -> None:
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(theme.color("pane.current-block"))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        cursor = self.textCursor()
        cursor.clearSelection()
        selection.cursor = cursor
        self.setExtraSelections([selection])

    def refresh_gutter(self) -> None:
        """Re-fit and repaint the speaker gutter (after a font change)."""
        self._update_gutter_width()

    def _update_gutter_width(self) -> None:
        self.gutter.recompute_width()
        self.setViewportMargins(self.gutter.gutter_width(), 0, 0, 0)
        rect = self.contentsRect()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter.gutter_width(), rect.height()))
        self.gutter.update()

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy or rect.contains(self.viewport().rect()):
            # Scrolling, or Qt repainting the whole viewport because block geometry changed: repaint the
            # gutter (the top block's name moves). A strip update (typing within a line, the caret blinking)
            # leaves every block where it was, so the gutter needs no repaint then.
            self.gutter.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        # Over the text, only in the repainted rect: a hairline between segments (QPlainTextEdit ignores
        # paragraph margins), then the enabled layers in order.
        painter = QPainter(self.viewport())
        rect = event.rect()
        block = self.first_block_at(rect.top())
        offset = self.contentOffset()
        width = self.viewport().width()
        separator = theme.color("pane.separator")
        layers = [overlay for _layer, overlay in self._overlays if overlay.enabled]
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > rect.bottom():
                break
            if geometry.bottom() >= rect.top() and block.isVisible():
                number = block.blockNumber()
                if number > 0:
                    painter.setPen(separator)
                    painter.drawLine(0, int(geometry.top()), width, int(geometry.top()))
                segment = self.segment_for_block(number) if layers else None
                if segment is not None:
                    item = PaintedBlock(block, segment, geometry, width)
                    for overlay in layers:
                        overlay.paint_block(painter, item)
            block = block.next()
        painter.end()

    def first_block_at(self, y: int) -> QTextBlock:
        """The block at viewport height `y` (a hit test, so painting a strip skips the blocks above it)."""
        block = self.cursorForPosition(QPoint(0, max(0, y))).block()
        first = self.firstVisibleBlock()
        return block if block.isValid() and block.blockNumber() >= first.blockNumber() else first

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        rect = self.contentsRect()
        self.gutter.setGeometry(QRect(rect.left(), rect.top(), self.gutter.gutter_width(), rect.height()))
