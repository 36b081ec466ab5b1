"""The main window: the original beside the editable transcript, a speakers dock, menus and status."""

from __future__ import annotations

import bisect
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.errors import ProjectError, UserError
from editor.formats.source_view import source_view
from editor.loading import PROJECT_SUFFIX, is_project_file, window_refusal
from editor.ui import theme
from editor.ui.actions import ActionRegistry, KeySpec, widget_shortcut
from editor.ui.align import install_align
from editor.ui.dialogs.damaged import OpenChoice, choose_after_refusal, pick_damaged_project, recover_project
from editor.ui.dialogs.find_replace import FindReplaceDialog
from editor.ui.dialogs.messages import ask, show_error, show_info
from editor.ui.dialogs.work_progress import Cancelled, discard_cancelled, run_with_progress
from editor.ui.document import DocChange, Document
from editor.ui.file_commands import FileCommands
from editor.ui.help import install_help
from editor.ui.media import install_media
from editor.ui.panes.source_pane import SourcePane
from editor.ui.panes.speakers_panel import SpeakersPanel
from editor.ui.panes.transcript_pane import TranscriptPane
from editor.ui.review import install_review
from editor.ui.save_status import SaveStatus
from editor.ui.settings import Key, Settings
from editor.ui.speaker_commands import SpeakerCommands

if TYPE_CHECKING:
    from editor.store.project import Project

log = logging.getLogger(__name__)
SIDE_DOCK_WIDTH = 300  # the first layout's side docks (px): at 1366 px the transcript keeps about half the width
ORIGINAL_SHARE = 30  # percent of the central area the Original pane gets at first
MESSAGE_MS = 8000  # status messages clear themselves: a stale one ("Opening…") misleads
UNDO_MESSAGE_MS = 4000


def _import_extensions() -> list[str]:
    try:
        from editor.formats import IMPORT_EXTENSIONS

        return list(IMPORT_EXTENSIONS)
    except ImportError:  # formats not installed yet: offer the common ones
        return [".txt", ".srt", ".vtt", ".json", ".tsv"]


def _titled(title: str, widget: QWidget) -> QWidget:
    """`widget` under a small plain-text heading."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    label = QLabel(title)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setContentsMargins(6, 4, 0, 0)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    layout.addWidget(label)
    layout.addWidget(widget, 1)
    return box


class MainWindow(QMainWindow):
    """One open project per window; every change goes through its Document.

    Features (playback, review) plug in through explicit seams: `documentChanged` tells them a document
    opened or closed, `action_registry` takes their commands (with names and default keys), `menu(key)` and
    `add_menu` give them menus, and docks go in with the usual QMainWindow calls.
    """

    documentChanged = Signal(object)  # the open Document, or None after it closed
    keysChanged = Signal()  # commands got new keys (Help > Keyboard Shortcuts, or the user's keys applied)

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self._apply_scheme(self._stored_scheme())
        self.setWindowIcon(theme.app_icon())
        self.doc: Document | None = None
        self.action_registry = ActionRegistry(self)
        self._menus: dict[str, QMenu] = {}
        self._source_index: list[tuple[int, int, int]] | None = None  # (start, end, segment index)
        self.source_pane = SourcePane()
        self.transcript_pane = TranscriptPane()
        for pane in (self.source_pane, self.transcript_pane):
            font = pane.font()
            font.setPointSizeF(font.pointSizeF() * 1.15)  # reading text for hours: a little larger than UI text
            pane.setFont(font)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(_titled("Original (as imported, read-only)", self.source_pane))
        self.splitter.addWidget(_titled("Transcript", self.transcript_pane))
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(True)
        self.setCentralWidget(self.splitter)
        self.speakers_panel = SpeakersPanel()
        self.speakers_dock = QDockWidget("Speakers", self)
        self.speakers_dock.setObjectName("speakersDock")
        self.speakers_dock.setWidget(self.speakers_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.speakers_dock)
        # Short permanent fields (the full path is in their tooltips), so messages on the left are not cut off.
        self.position_label = QLabel()
        self.position_label.setTextFormat(Qt.TextFormat.PlainText)
        self.position_label.setToolTip("The paragraph the cursor is in: ¶ numbers are the same in the history, "
                                       "the suspects list and the check command")
        self.statusBar().addPermanentWidget(self.position_label)
        self.save_label = QLabel()
        self.save_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.save_label)
        metrics = self.save_label.fontMetrics()  # a long message must not squeeze these two to nothing
        self.position_label.setMinimumWidth(metrics.horizontalAdvance("¶88888 of 88888") + 8)
        self.save_label.setMinimumWidth(metrics.horizontalAdvance("NOT SAVED") + 8)
        self.find_dialog: FindReplaceDialog | None = None
        self.save_status = SaveStatus(self, self.save_label)  # its text, the title's mark, retries
        self.setAcceptDrops(True)
        self.file_commands = FileCommands(self)  # Save As, Save Version, Export
        self.file_commands.projectMoved.connect(self.save_status.after_save_as)
        self.speaker_commands = SpeakerCommands(self)  # Speaker menu, New Speaker…, Ctrl+0…9
        self._make_actions()
        self._make_menus()
        self.transcript_pane.currentSegmentChanged.connect(self._show_source_of)
        self.transcript_pane.currentSegmentChanged.connect(self._show_position)
        self.transcript_pane.speakerMenuRequested.connect(self.speaker_commands.show_menu)
        self.transcript_pane.speaker_menu_factory = self.speaker_commands.menu_for
        self.transcript_pane.typingPendingChanged.connect(self._on_typing_pending)
        self.source_pane.positionClicked.connect(self._go_to_source_position)
        self.speakers_panel.speakerActivated.connect(self._go_to_speaker)
        self.media = install_media(self)  # playback dock, Playback menu and keys (editor/ui/media)
        self.review = install_review(self)  # suspects queue, glossary, history/versions (editor/ui/review)
        self.alignment = install_align(self)  # Playback > Align Transcript to Media (editor/ui/align)
        self.help = install_help(self)  # last: Help menu; the user's keys for every registered command
        self.resize(1280, 800)
        self._layout_restored = self._restore_window_state()
        self.save_status.update_title()
        self._update_actions()

    # ----- actions and menus -------------------------------------------------------------------------
    def _action(self, name: str, text: str, slot: Callable[..., object], keys: KeySpec | list[KeySpec] | None = None,
                **options: bool) -> QAction:
        return self.action_registry.add(name, text, slot, keys, **options)

    def add_menu(self, key: str, title: str) -> QMenu:
        """A new menu on the menu bar that features find again with `menu(key)`."""
        if key in self._menus:
            raise ValueError(f"menu {key!r} exists already")
        menu = self.menuBar().addMenu(title)
        self._menus[key] = menu
        return menu

    def menu(self, key: str) -> QMenu:
        """The menu made as `key`: "file", "edit", "view", "speakers", or one a feature added."""
        return self._menus[key]

    def _make_actions(self) -> None:
        std = QKeySequence.StandardKey
        pane = self.transcript_pane
        files = self.file_commands
        self.open_action = self._action("file.open", "&Open…", self.open_dialog, std.Open)
        self.save_as_action = self._action("file.save_as", "Save Project &As…", files.save_as_dialog, std.SaveAs)
        self.save_version_action = self._action("file.save_version", "Save &Version…", files.save_version_dialog)
        self.export_action = self._action("file.export", "&Export…", files.export_dialog, "Ctrl+E")
        self.recover_action = self._action("file.recover", "&Recover Damaged Project…", self.recover_dialog)
        self.quit_action = self._action("file.quit", "&Quit", self.close, std.Quit)
        self.undo_action = self._action("edit.undo", "&Undo", self.undo, std.Undo)
        self.redo_action = self._action("edit.redo", "&Redo", self.redo, std.Redo)
        # The pane handles these keys itself: the actions only put the commands in the menu.
        self.cut_action = widget_shortcut(self._action("edit.cut", "Cu&t", pane.cut, std.Cut))
        self.copy_action = widget_shortcut(self._action("edit.copy", "&Copy", pane.copy, std.Copy))
        self.paste_action = widget_shortcut(self._action("edit.paste", "&Paste", pane.paste, std.Paste))
        self.find_action = self._action("edit.find", "&Find and Replace…", self.show_find_dialog,
                                        [std.Find, std.Replace])
        self.find_next_action = self._action("edit.find_next", "Find &Next", self.find_next,
                                             std.FindNext)  # F3, as in every editor
        self.find_previous_action = self._action("edit.find_previous", "Find Pre&vious", self.find_previous,
                                                 std.FindPrevious)
        self.split_action = self._action("edit.split_segment", "&Split Segment at Cursor", pane.split_at_cursor)
        self.split_action.setToolTip("Enter splits the segment at the cursor")
        self.merge_action = self._action("edit.merge_segment", "&Merge with Next Segment", pane.merge_with_next)
        self.delete_segment_action = self._action("edit.delete_segment", "&Delete Segment",
                                                  pane.delete_segment_at_cursor, "Ctrl+Shift+K")
        self.track_changes_action = self._action("view.track_changes", "&Mark Changed Words", self.set_track_changes,
                                                 "Ctrl+Shift+T", checkable=True)
        self.track_changes_action.setChecked(self.settings.get_bool(Key.TRACK_CHANGES, True))
        pane.set_track_changes(self.track_changes_action.isChecked())
        self.show_original_action = self._action("view.original", "Show &Original", self.set_original_visible,
                                                 "Ctrl+Shift+O", checkable=True)
        self.show_original_action.setChecked(self.settings.get_bool(Key.SHOW_ORIGINAL, True))
        self.splitter.widget(0).setVisible(self.show_original_action.isChecked())
        self.side_panels_action = self._action("view.side_panels", "Side &Panels", self.set_panels_visible,
                                               "Ctrl+Shift+D", checkable=True)
        self.side_panels_action.setChecked(True)
        self.zoom_in_action = self._action("view.zoom_in", "Zoom &In", lambda: self._zoom(1), std.ZoomIn)
        self.zoom_out_action = self._action("view.zoom_out", "Zoom &Out", lambda: self._zoom(-1), std.ZoomOut)
        self.speaker_actions: list[QAction] = []
        for number in range(10):
            text = "&Clear Speaker" if number == 0 else f"Assign Speaker &{number}"
            name = "speakers.clear" if number == 0 else f"speakers.assign_{number}"
            assign = self._action(name, text, lambda _checked=False, n=number: self.speaker_commands.assign_speaker(n),
                                  f"Ctrl+{number}")
            self.speaker_actions.append(assign)
        panel = self.speakers_panel
        self.add_speaker_action = self._action("speakers.add", "&Add Speaker…", panel.add_speaker)
        self.rename_speaker_action = self._action("speakers.rename", "&Rename Speaker…", panel.rename_selected)
        self.merge_speakers_action = self._action("speakers.merge", "&Merge Speaker Into…", panel.merge_selected)
        self.recolor_speaker_action = self._action("speakers.recolor", "Change &Colour…", panel.recolor_selected)

    def _make_menus(self) -> None:
        file_menu = self.add_menu("file", "&File")
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        for action in (self.save_as_action, self.save_version_action, self.export_action, self.recover_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = self.add_menu("edit", "&Edit")
        for item in (self.undo_action, self.redo_action, None, self.cut_action, self.copy_action,
                       self.paste_action, None, self.find_action, self.find_next_action,
                       self.find_previous_action, None,
                       self.split_action, self.merge_action, self.delete_segment_action):
            edit_menu.addSeparator() if item is None else edit_menu.addAction(item)
        view_menu = self.add_menu("view", "&View")  # features add their view toggles here
        view_menu.addAction(self.track_changes_action)
        view_menu.addAction(self.show_original_action)
        view_menu.addAction(self.side_panels_action)
        view_menu.addAction(self.speakers_dock.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addAction(self.zoom_in_action)
        view_menu.addAction(self.zoom_out_action)
        view_menu.addSeparator()
        scheme_menu = view_menu.addMenu("Colour &Scheme")
        self.scheme_actions: dict[theme.Scheme, QAction] = {}
        group = QActionGroup(self)
        for scheme, text in ((theme.Scheme.SYSTEM, "Follow the &System"), (theme.Scheme.LIGHT, "&Light"),
                             (theme.Scheme.DARK, "&Dark")):
            action = scheme_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(scheme is theme.chosen_scheme())
            action.triggered.connect(lambda _checked=False, s=scheme: self.set_color_scheme(s))
            group.addAction(action)
            self.scheme_actions[scheme] = action
        speaker_menu = self.add_menu("speakers", "&Speakers")
        for action in self.speaker_actions[1:] + self.speaker_actions[:1]:
            speaker_menu.addAction(action)
        speaker_menu.addSeparator()
        for action in (self.add_speaker_action, self.rename_speaker_action, self.merge_speakers_action,
                       self.recolor_speaker_action):
            speaker_menu.addAction(action)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for path in files:
            action = self.recent_menu.addAction(path)  # QAction text is plain
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
        if not files:
            self.recent_menu.addAction("(none)").setEnabled(False)

    def _update_actions(self) -> None:
        has_doc = self.doc is not None
        writable = has_doc and not self.doc.read_only
        for action in (self.save_as_action, self.export_action, self.find_action, self.find_next_action,
                       self.find_previous_action):
            action.setEnabled(has_doc)
        for action in (self.save_version_action, self.split_action, self.merge_action, self.delete_segment_action,
                       self.add_speaker_action,
                       self.rename_speaker_action, self.merge_speakers_action, self.recolor_speaker_action,
                       *self.speaker_actions):
            action.setEnabled(writable)
        stack = self.doc.undo_stack if self.doc else None
        typing = self.transcript_pane.has_uncommitted_typing()
        self.undo_action.setEnabled(bool(writable and stack and (stack.canUndo() or typing)))
        self.redo_action.setEnabled(bool(writable and stack and stack.canRedo()))
        self.undo_action.setText(f"&Undo {stack.undoText()}" if stack and stack.canUndo() and not typing else "&Undo")
        self.redo_action.setText(f"&Redo {stack.redoText()}" if stack and stack.canRedo() else "&Redo")

    # ----- opening and closing ---------------------------------------------------------------------------
    def open_dialog(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in [PROJECT_SUFFIX, *_import_extensions()])
        folder = str(self.settings.get(Key.LAST_DIR, str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(
            self, "Open transcript or project", folder,
            f"Transcripts and projects ({patterns});;Projects (*{PROJECT_SUFFIX});;All files (*)")
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        """Open a project, or a transcript file via its project (made on first open); False on failure."""
        from editor.store.project import Project, project_for_source

        path = Path(path)
        if self.doc is not None and self.doc.path.resolve() == path.resolve():
            return True
        refusal = window_refusal(path)
        if refusal is not None:
            show_error(self, "Cannot open", f"{path}: {refusal}")
            return False
        self.notify(f"Opening {path.name}…", 0)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()  # paint the busy cursor and message before a long import
        project = None
        is_project = is_project_file(path)
        try:
            # on a thread behind a progress dialog with Cancel: a large import takes a minute
            project = run_with_progress(self, "Opening", f"Opening {path.name}",
                                        lambda: Project.open(path) if is_project else project_for_source(path))
        except Cancelled as exc:
            QApplication.restoreOverrideCursor()
            discard_cancelled(exc)
            self.notify(f"Cancelled opening {path.name}")
            return False
        except ProjectError as exc:
            QApplication.restoreOverrideCursor()
            # In use, read-only or damaged: offer what still works. (A transcript whose project is in use:
            # opening that project says so.)
            if exc.read_only_ok and is_project_file(path):
                choice = choose_after_refusal(self, exc)
                if choice is OpenChoice.READ_ONLY:
                    project = self._open_read_only(path)
                elif choice is OpenChoice.RECOVER:
                    recovered = recover_project(self, path, str(path.parent))
                    if recovered is not None:
                        return self.open_path(recovered)
            else:
                show_error(self, "Cannot open", str(exc))
        except UserError as exc:
            QApplication.restoreOverrideCursor()
            show_error(self, "Cannot open", str(exc))
        except OSError as exc:
            QApplication.restoreOverrideCursor()
            show_error(self, "Cannot open", f"{path}: {exc.strerror or exc}")
        else:
            QApplication.restoreOverrideCursor()
        if project is None:
            self.statusBar().clearMessage()
            return False
        if not self.close_document():
            project.close(force=True)
            return False
        self._show_project(project, path)
        return True

    def recover_dialog(self) -> None:
        """File > Recover: salvage a damaged project into a new file and open that."""
        folder = str(self.settings.get(Key.LAST_DIR, str(Path.home())))
        damaged = pick_damaged_project(self, folder)
        if damaged is not None:
            recovered = recover_project(self, damaged, str(damaged.parent))
            if recovered is not None:
                self.open_path(recovered)

    def _open_read_only(self, path: Path) -> Project | None:
        from editor.store.project import Project

        try:
            return Project.open(path, read_only=True)
        except UserError as exc:
            show_error(self, "Cannot open", str(exc))
            return None

    def _show_project(self, project: Project, opened: Path) -> None:
        self.doc = Document(project, self)
        self.doc.changed.connect(self._on_doc_changed)
        self.save_status.watch(self.doc)
        self.doc.undo_stack.indexChanged.connect(self._on_undo_index_changed)
        self._source_index = None
        source = project.transcript.source
        self.source_pane.set_source(source.text, source_view(source))
        self.transcript_pane.set_document(self.doc)
        self.speakers_panel.set_document(self.doc)
        self.settings.add_recent_file(str(project.path))
        self.settings.set(Key.LAST_DIR, str(opened.parent))
        for notice in getattr(project, "notices", []):
            show_info(self, "Opened project", f"{project.path}: {notice}")
        if getattr(project, "problems", None):
            self.notify(f"Opened damaged project {project.path} read-only: {len(project.problems)} problem(s); "
                        "File > Recover Damaged Project salvages it")
        elif getattr(project, "created", False):
            self.notify(f"Created project {project.path} from {opened.name}")
        else:
            self.notify(f"Opened project {project.path}")
        self.save_status.show_saved()
        self._show_position()
        self.save_status.update_title()
        self._update_actions()
        self.transcript_pane.setFocus()
        self.documentChanged.emit(self.doc)

    def close_document(self) -> bool:
        """Commit typing, write what is pending and release the project; False if the user keeps it open."""
        if self.doc is None:
            return True
        doc = self.doc
        doc.flush()
        if doc.has_pending_writes() and not doc.retry_save():
            if not ask(self, "Changes not saved", f"Some edits could not be written to {doc.path}:\n"
                       f"{self.save_status.error}\n\nClose anyway and lose them?", "Close Anyway", "Keep Open"):
                return False
        try:
            doc.close()
        except UserError as exc:
            if not ask(self, "Changes not saved", f"{exc}\n\nClose anyway and lose them?", "Close Anyway", "Keep Open"):
                return False
            doc.close(force=True)
        if self.find_dialog is not None:
            self.find_dialog.close()
            self.find_dialog = None
        self.doc = None
        # the panes let go of the closed document: its text and transcript are freed with it, not when the next
        # document is shown (the next open then costs only what that document needs)
        self.transcript_pane.set_document(None)
        self.speakers_panel.set_document(None)
        self.source_pane.set_source("")
        self.documentChanged.emit(None)
        doc.deleteLater()
        self.save_status.show_saved()
        self._show_position()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if not self.close_document():
            event.ignore()
            return
        self.settings.set(Key.GEOMETRY, self.saveGeometry())
        self.settings.set(Key.STATE, self.saveState())
        self.settings.set(Key.SPLITTER, self.splitter.saveState())
        self.settings.set(Key.TRACK_CHANGES, self.track_changes_action.isChecked())
        self.settings.sync()
        event.accept()

    def _restore_window_state(self) -> bool:
        """The window's saved size, docks and split; False when there was none (first start)."""
        restored = False
        for key, restore in ((Key.GEOMETRY, self.restoreGeometry), (Key.STATE, self.restoreState),
                             (Key.SPLITTER, self.splitter.restoreState)):
            value = self.settings.get(key)
            if isinstance(value, QByteArray):
                restored = bool(restore(value)) or restored
        return restored

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._layout_restored:
            self._layout_restored = True
            self.default_layout()

    def default_layout(self) -> None:
        """The first layout: most of the width to the text being corrected, the side docks narrow."""
        side = [d for d in self.findChildren(QDockWidget)
                if self.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea and d.isVisible()]
        if side:
            width = max(SIDE_DOCK_WIDTH, max(d.minimumSizeHint().width() for d in side))
            self.resizeDocks(side, [width] * len(side), Qt.Orientation.Horizontal)
        total = sum(self.splitter.sizes()) or self.splitter.width()
        self.splitter.setSizes([total * ORIGINAL_SHARE // 100, total - total * ORIGINAL_SHARE // 100])

    def set_panels_visible(self, visible: bool) -> None:
        """View > Side Panels: show or hide every dock at once (the transcript takes the whole window)."""
        if not visible:
            self._hidden_docks = [d for d in self.findChildren(QDockWidget) if d.isVisible() and not d.isFloating()]
            for dock in self._hidden_docks:
                dock.hide()
        else:
            for dock in getattr(self, "_hidden_docks", []) or [self.speakers_dock]:
                dock.show()
            self._hidden_docks = []

    # ----- editing commands -------------------------------------------------------------------------------
    def undo(self) -> None:
        if self.doc is not None and not self.doc.read_only:
            self.doc.undo()

    def redo(self) -> None:
        if self.doc is not None and not self.doc.read_only:
            self.doc.redo()

    def show_find_dialog(self) -> FindReplaceDialog | None:
        if self.doc is None:
            return None
        if self.find_dialog is None:
            self.find_dialog = FindReplaceDialog(self.transcript_pane, self)
        selected = self.transcript_pane.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_dialog.find_edit.setText(selected)
        self.find_dialog.replace_button.setEnabled(not self.doc.read_only)
        self.find_dialog.replace_all_button.setEnabled(not self.doc.read_only)
        self.find_dialog.show()
        self.find_dialog.raise_()
        self.find_dialog.find_edit.setFocus()
        self.find_dialog.find_edit.selectAll()
        return self.find_dialog

    def find_next(self, backwards: bool = False) -> None:
        """F3 (Shift+F3 backwards): the next match of what the Find dialog holds; the dialog when it is empty."""
        if self.find_dialog is not None and self.find_dialog.find_edit.text():
            self.find_dialog.find_next(backwards=backwards)
        else:
            self.show_find_dialog()

    def find_previous(self) -> None:
        self.find_next(backwards=True)

    def set_original_visible(self, visible: bool) -> None:
        """View > Show Original: the read-only original beside the transcript, or the transcript alone."""
        original = self.splitter.widget(0)
        if original is not None:
            original.setVisible(visible)
        self.settings.set(Key.SHOW_ORIGINAL, visible)

    def set_track_changes(self, enabled: bool) -> None:
        self.transcript_pane.set_track_changes(enabled)
        self.settings.set(Key.TRACK_CHANGES, enabled)

    def _stored_scheme(self) -> theme.Scheme:
        value = str(self.settings.get(Key.COLOR_SCHEME, theme.Scheme.SYSTEM.value))
        return theme.Scheme(value) if value in theme.Scheme._value2member_map_ else theme.Scheme.SYSTEM

    def _apply_scheme(self, scheme: theme.Scheme) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and (scheme is not theme.chosen_scheme() or not theme.is_applied()):
            theme.apply_theme(app, scheme)

    def set_color_scheme(self, scheme: theme.Scheme) -> None:
        """View > Colour Scheme: follow the system, or always light or dark (remembered)."""
        self._apply_scheme(scheme)
        self.settings.set(Key.COLOR_SCHEME, scheme.value)
        self.scheme_actions[scheme].setChecked(True)

    def _zoom(self, step: int) -> None:
        for pane in (self.source_pane, self.transcript_pane):
            pane.zoomIn(step) if step > 0 else pane.zoomOut(-step)
        self.transcript_pane.refresh_gutter()

    # ----- keeping views in step ---------------------------------------------------------------------------
    def notify(self, text: str, timeout_ms: int = MESSAGE_MS) -> None:
        """A status bar message that goes away by itself (0: until the next message)."""
        self.statusBar().showMessage(text, timeout_ms)

    def _on_doc_changed(self, dc: DocChange) -> None:
        if dc.change.structure:
            self._source_index = None
            self._show_position()
        if dc.kind in ("undo", "redo") and dc.edit is not None:
            # What the message before said ("Replaced in 2 segments") is no longer true: say what happened now.
            stack = self.doc.undo_stack if self.doc else None
            text = stack.redoText() if stack and dc.kind == "undo" else stack.undoText() if stack else ""
            self.notify(f"{'Undone' if dc.kind == 'undo' else 'Redone'}: {text or dc.edit.label}", UNDO_MESSAGE_MS)
        self._update_actions()

    def _show_position(self, _segment_id: str = "") -> None:
        if self.doc is None:
            self.position_label.setText("")
            return
        count = len(self.doc.transcript.segments)
        number = min(self.transcript_pane.textCursor().blockNumber() + 1, count)
        self.position_label.setText(f"¶{number} of {count}" if count else "")

    def _on_typing_pending(self, _pending: bool) -> None:
        self.save_status.update_title()
        self._update_actions()  # typed-but-uncommitted text can be undone too

    def _on_undo_index_changed(self, _index: int) -> None:
        self._update_actions()

    def _show_source_of(self, segment_id: str) -> None:
        if self.doc is not None and self.doc.transcript.has_segment(segment_id):
            self.source_pane.show_span(self.doc.transcript.segment(segment_id).source)

    def _go_to_source_position(self, position: int) -> None:
        """A click in the original: go to the segment made from that place."""
        if self.doc is None:
            return
        segments = self.doc.transcript.segments
        if self._source_index is None:
            self._source_index = sorted((s.source[0], s.source[1], i) for i, s in enumerate(segments) if s.source)
        index = self._source_index
        at = bisect.bisect_right(index, (position, float("inf"), 0)) - 1
        if at < 0:
            return
        start, end, number = index[at]
        if not start <= position <= end and at + 1 < len(index):
            number = index[at + 1][2]
        if number < len(segments):
            self.transcript_pane.go_to_segment(segments[number].id)

    def _go_to_speaker(self, speaker_id: str) -> None:
        if self.doc is None:
            return
        segments = self.doc.transcript.segments
        start = self.transcript_pane.textCursor().blockNumber() + 1
        for step in range(len(segments)):
            segment = segments[(start + step) % len(segments)]
            if segment.speaker == speaker_id:
                self.transcript_pane.go_to_segment(segment.id)
                self.transcript_pane.setFocus()
                return

    # ----- drag and drop ---------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])


def screen_fits(window: QMainWindow) -> None:
    """Shrink the window to the available screen if the saved size does not fit."""
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        if window.width() > available.width() or window.height() > available.height():
            window.resize(min(window.width(), available.width()), min(window.height(), available.height()))
