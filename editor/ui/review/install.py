"""Wires the review features into the main window: docks, menus, F8 keys. `install_review(window)`."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QInputDialog

from editor.review.language import language_names
from editor.review.suspect import fix_label
from editor.ui.document import Document
from editor.ui.review.check_progress import CheckProgress
from editor.ui.review.context_menu import SuspectMenus
from editor.ui.review.source_marks import SourceSuspectMarks
from editor.ui.review.suspect_painter import SuspectPainter
from editor.ui.review.suspects_controller import SuspectsController
from editor.ui.review.suspects_dock import make_suspects_dock
from editor.ui.settings import Key

if TYPE_CHECKING:
    from collections.abc import Callable

    from editor.review import Suspect
    from editor.ui.history.history_dock import HistoryPanel
    from editor.ui.main_window import MainWindow
    from editor.ui.review.glossary_dialog import GlossaryDialog
    from editor.ui.review.suspects_dock import SuspectsPanel


class ReviewUI(QObject):
    """The review parts of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.controller = SuspectsController(window)
        self.painter = SuspectPainter(window.transcript_pane, self.controller)
        self.menus = SuspectMenus(self.controller, self.painter)
        self.source_marks = SourceSuspectMarks(window.source_pane, self.controller)
        self.suspects_dock = make_suspects_dock(self.controller, window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.suspects_dock)
        from editor.ui.history.history_dock import make_history_dock

        self.history_dock = make_history_dock(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock)
        window.tabifyDockWidget(self.suspects_dock, self.history_dock)
        self.suspects_dock.raise_()
        self.check_progress = CheckProgress(self.controller, window)
        window.statusBar().addPermanentWidget(self.check_progress)
        self._make_actions()
        self._make_menu()
        self._update_actions()
        window.documentChanged.connect(self.set_document)
        self.controller.checkingChanged.connect(lambda _busy: self._update_actions())
        if window.doc is not None:
            self.set_document(window.doc)

    @property
    def panel(self) -> SuspectsPanel:
        return cast("SuspectsPanel", self.suspects_dock.widget())

    @property
    def history(self) -> HistoryPanel:
        return cast("HistoryPanel", self.history_dock.widget())

    def _make_actions(self) -> None:
        c = self.controller
        add = self.window.action_registry.add
        self.next_action = add("review.next_suspect", "&Next Suspect", lambda: self._go(True), "F8")
        self.previous_action = add("review.previous_suspect", "&Previous Suspect", lambda: self._go(False), "Shift+F8")
        # Ctrl+Return and Ctrl+I are free in the transcript pane (plain Return splits a paragraph there).
        self.accept_action = add("review.accept", "&Accept Suggestion", self._accept_current, "Ctrl+Return")
        self.accept_action.setToolTip("Accept the first suggestion of the suspect chosen with F8 (Ctrl+Return)")
        self.ignore_action = add("review.ignore", "&Ignore Suspect", lambda: self._with_current(c.ignore), "Ctrl+I")
        self.recheck_action = add("review.recheck", "&Re-check Whole Transcript",
                                  lambda: c.start_full_check(rebuild=True))
        self.stop_check_action = add("review.stop_check", "&Stop Checking", self.check_progress.cancel)
        self.stop_check_action.setToolTip("Stop the check for suspects that is running; what it found so far stays")
        self.glossary_action = add("review.glossary", "&Glossary and Dictionary…", self.show_glossary_dialog)
        self.language_action = add("review.language", "Transcript &Language…", self.choose_language)
        self.compare_action = add("review.compare_versions", "&Compare Versions…",
                                  lambda: self.history.compare_dialog())
        self.underline_action = add("review.underline", "&Underline Suspects", self.painter.set_enabled,
                                    checkable=True)
        self.underline_action.setChecked(True)
        self.source_marks_action = add("view.source_suspects", "Mark Suspects in the &Original", self.set_source_marks,
                                       checkable=True)
        self.source_marks_action.setChecked(self.window.settings.get_bool(Key.SOURCE_SUSPECTS, True))
        self.source_marks.set_enabled(self.source_marks_action.isChecked())

    def _make_menu(self) -> None:
        menu = self.window.add_menu("review", "&Review")
        for action in (self.next_action, self.previous_action, self.accept_action, self.ignore_action, None,
                       self.glossary_action, self.language_action, self.recheck_action, self.stop_check_action,
                       None, self.compare_action,
                       None,
                       self.underline_action, self.suspects_dock.toggleViewAction(),
                       self.history_dock.toggleViewAction()):
            menu.addSeparator() if action is None else menu.addAction(action)
        self.menu = menu
        view_menu = self.window.menu("view")  # right after the window's own Mark Changed Words
        toggles = view_menu.actions()
        if len(toggles) > 1:
            view_menu.insertAction(toggles[1], self.source_marks_action)
        else:
            view_menu.addAction(self.source_marks_action)

    def set_source_marks(self, enabled: bool) -> None:
        """View > Mark Suspects in the Original: show or hide the marks in the left pane (remembered)."""
        self.source_marks.set_enabled(enabled)
        self.window.settings.set(Key.SOURCE_SUSPECTS, enabled)

    def _update_actions(self) -> None:
        has_doc = self.controller.doc is not None
        for action in (self.next_action, self.previous_action, self.recheck_action, self.glossary_action,
                       self.compare_action):
            action.setEnabled(has_doc)
        for action in (self.accept_action, self.ignore_action, self.language_action):
            action.setEnabled(self.controller.writable)
        self.stop_check_action.setEnabled(self.controller.checking())

    def _go(self, forward: bool) -> None:
        suspect = self.controller.go_next(forward)
        bar = self.window.statusBar()
        if suspect is None:
            bar.showMessage("No open suspects" if self.controller.ready else "Still checking for suspects…", 3000)
        else:
            fix = f" → {fix_label(suspect.suggestions[0])}  (Enter accepts)" if suspect.suggestions else ""
            bar.showMessage(f"{suspect.text}: {suspect.reason}{fix}")

    def _with_current(self, action: Callable[[Suspect], object]) -> None:
        suspect = self.panel.selected_suspect()
        if suspect is not None:
            action(suspect)

    def _accept_current(self) -> None:
        self._with_current(self.controller.accept)

    def set_document(self, doc: Document | None) -> None:
        """Follow the window's open document (None when closed)."""
        self.controller.set_document(doc)
        self.history.set_document(doc)
        self._update_actions()

    def choose_language(self) -> None:
        """Review > Transcript Language…: the language the suspects are checked in, or detect it."""
        controller = self.controller
        if controller.data is None:
            return
        automatic = f"Detect automatically (now: {controller.language[1]})"
        names = language_names()
        items = [automatic, *(f"{name} ({code})" for code, name in names.items())]
        chosen = controller.data.language
        current = items.index(f"{names[chosen]} ({chosen})") if chosen in names else 0
        item, ok = QInputDialog.getItem(self.window, "Transcript Language",
                                        "Check the transcript against the word list of:", items, current, False)
        if ok:
            controller.set_language(None if item == automatic else item.rsplit("(", 1)[1].rstrip(")"))

    def show_glossary_dialog(self) -> GlossaryDialog | None:
        from editor.ui.review.glossary_dialog import GlossaryDialog

        if self.controller.data is None:
            return None
        dialog = GlossaryDialog(self.controller.data, self.window)
        dialog.accepted.connect(lambda: self.controller.set_glossary(dialog.glossary(), dialog.user_words()))
        dialog.open()
        return dialog


def install_review(window: MainWindow) -> ReviewUI:
    """Add the review queue, suspect underlines, glossary and history/versions to `window`."""
    return ReviewUI(window)
