"""The right-click menu on a suspect: suggestions first (like a spell checker), then what to do with it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QMenu, QWidget

from editor.review import Suspect
from editor.review.suspect import fix_label

if TYPE_CHECKING:
    from editor.ui.review.suspect_painter import SuspectPainter
    from editor.ui.review.suspects_controller import SuspectsController


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(text: str) -> str:
    """Action text shown literally: '&' would otherwise become a mnemonic."""
    return text.replace("&", "&&")


def build_suspect_menu(controller: SuspectsController, suspect: Suspect, parent: QWidget | None = None) -> QMenu:
    """Suggestions, then Ignore / Ignore everywhere / Add to glossary / Replace all."""
    menu = QMenu(parent)
    menu.setToolTipsVisible(True)
    writable = controller.writable
    header = menu.addAction(_label(f"{_short(suspect.reason, 60)}"))
    header.setEnabled(False)
    for suggestion in suspect.suggestions:
        action = menu.addAction(_label(fix_label(suggestion)))
        action.setObjectName("suggestion")
        action.setEnabled(writable)
        action.triggered.connect(lambda _c=False, s=suspect, r=suggestion: controller.accept(s, r))
    if not suspect.suggestions:
        menu.addAction("(no suggestions)").setEnabled(False)
    menu.addSeparator()
    ignore = menu.addAction("Ignore")
    ignore.triggered.connect(lambda: controller.ignore(suspect))
    everywhere = menu.addAction(_label(f"Ignore “{_short(suspect.text)}” Everywhere"))
    everywhere.triggered.connect(lambda: controller.ignore_everywhere(suspect.text))
    glossary = menu.addAction(_label(f"Add “{_short(suspect.text)}” to Glossary"))
    glossary.triggered.connect(lambda: controller.add_to_glossary(suspect.text))
    for action in (ignore, everywhere, glossary):
        action.setEnabled(writable)
    if suspect.suggestions and suspect.suggestions[0]:  # (not for 'delete segment')
        top = suspect.suggestions[0]
        replace = menu.addAction(_label(f"Replace All “{_short(suspect.text)}” with “{_short(top)}”"))
        replace.setEnabled(writable)
        replace.triggered.connect(lambda: controller.replace_everywhere(suspect.text, top))
    return menu


class SuspectMenus(QObject):
    """Shows the suspect menu on right-click over a suspect, and makes Enter accept a selected suspect."""

    def __init__(self, controller: SuspectsController, painter: SuspectPainter) -> None:
        super().__init__(controller)
        self.controller = controller
        self.painter = painter
        self.pane = controller.pane
        self.pane.viewport().installEventFilter(self)
        self.pane.installEventFilter(self)

    def menu_at(self, pos: QPoint) -> QMenu | None:
        """The menu for the suspect at a viewport position, with the usual edit actions below it."""
        suspect = self.painter.suspect_at(pos)
        if suspect is None:
            return None
        menu = build_suspect_menu(self.controller, suspect, self.pane)
        standard = self.pane.createStandardContextMenu(pos)
        standard.setParent(menu, standard.windowFlags())
        menu.addSeparator()
        menu.addActions(standard.actions())
        return menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.pane.viewport() and event.type() == QEvent.Type.ContextMenu:
            assert isinstance(event, QContextMenuEvent)
            menu = self.menu_at(event.pos())
            if menu is None:
                return False
            menu.exec(event.globalPos())
            menu.deleteLater()
            return True
        if watched is self.pane and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                    event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier) and \
                    self.controller.current_is_selected():
                suspect = self.controller.current
                if suspect is not None and suspect.suggestions:
                    self.controller.accept(suspect)
                else:
                    self.controller.window.statusBar().showMessage("No suggestion for this suspect: type the fix")
                return True
        return False
