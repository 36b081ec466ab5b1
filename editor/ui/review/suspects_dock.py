"""The review queue: every open suspect, sortable by score, position or kind, filterable, with progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from editor.review import Suspect
from editor.review.suspect import fix_label
from editor.ui.review import suspects_controller
from editor.ui.review.suspect_painter import score_color
from editor.ui.review.suspects_controller import SuspectsController

COLUMNS = ("Score", "¶", "Words", "Suggestion", "Kind", "Reason")
SCORE, POSITION, WORDS, SUGGESTION, KIND, REASON = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ALL_KINDS = "All kinds"


class SuspectsModel(QAbstractTableModel):
    """Rows are open suspects; cells are plain text (item views never interpret markup)."""

    def __init__(self, controller: SuspectsController) -> None:
        super().__init__()
        self.controller = controller
        self.rows: list[Suspect] = []
        self.positions: list[int] = []
        # (display texts, sort keys) per row, made once per reload: a view asks for them tens of thousands of
        # times (sorting, sizing), and building them per call cost most of a second for 800 suspects
        self._cells: list[tuple[tuple[str, ...], tuple[Any, ...]]] = []
        # The rows are kept in the order shown (this column, this order): sorting a few thousand rows here is
        # a Python sort of ready keys, where a sorting proxy asked data() twice per comparison (30 h, 2,145
        # suspects: 46,000 calls, 0.7 s per reset)
        self.sort_column, self.sort_order = SCORE, Qt.SortOrder.DescendingOrder
        self._found: list[Suspect] = []  # the open suspects as last read, in document order, and their positions
        self._found_positions: list[int] = []

    def _sorted(self, cells: list[tuple[tuple[str, ...], tuple[Any, ...]]]) -> list[int]:
        """Row numbers of `cells` in the shown order; ties keep document order, as a stable sort from it."""
        column = self.sort_column
        by_position = sorted(range(len(cells)), key=lambda i: cells[i][1][POSITION])
        return sorted(by_position, key=lambda i: cells[i][1][column],
                      reverse=self.sort_order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.sort_column, self.sort_order = column, order
        if not self.rows:
            return
        self.layoutAboutToBeChanged.emit()
        shown = self._sorted(self._cells)
        self.rows = [self.rows[i] for i in shown]
        self.positions = [self.positions[i] for i in shown]
        self._cells = [self._cells[i] for i in shown]
        moved_to = {old: new for new, old in enumerate(shown)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(persistent, [self.index(moved_to[i.row()], i.column()) for i in persistent])
        self.layoutChanged.emit()

    def reload(self) -> bool:
        """Re-read the open suspects; False (and no view reset) when nothing changed."""
        found = self.controller.open_suspects()
        found_positions = [self.controller.position_of(s) for s in found]
        if found == self._found and found_positions == self._found_positions:
            return False  # a re-check that found the same suspects: keep the view (and its sort) as is
        self._found, self._found_positions = found, found_positions
        found_cells = [_cells(s, p) for s, p in zip(found, found_positions, strict=True)]
        shown = self._sorted(found_cells)
        rows = [found[i] for i in shown]
        positions = [found_positions[i] for i in shown]
        removed = self._removed_rows(rows, positions)
        if removed is not None:
            # Only some rows left (ignored, fixed): remove just those, so the sorted view is not rebuilt.
            for first, last in reversed(removed):
                self.beginRemoveRows(QModelIndex(), first, last)
                del self.rows[first : last + 1]
                del self.positions[first : last + 1]
                del self._cells[first : last + 1]
                self.endRemoveRows()
            return True
        self.beginResetModel()
        self.rows, self.positions = rows, positions
        self._cells = [found_cells[i] for i in shown]
        self.endResetModel()
        return True

    def _removed_rows(self, rows: list[Suspect], positions: list[int]) -> list[tuple[int, int]] | None:
        """The (first, last) runs of current rows missing from `rows`, if that is the only difference."""
        if len(rows) >= len(self.rows):
            return None
        runs: list[tuple[int, int]] = []
        j = 0
        for i, (row, position) in enumerate(zip(self.rows, self.positions, strict=True)):
            if j < len(rows) and rows[j] == row and positions[j] == position:
                j += 1
            elif runs and runs[-1][1] == i - 1:
                runs[-1] = (runs[-1][0], i)
            else:
                runs.append((i, i))
        return runs if j == len(rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][0][index.column()]
        if role == SORT_ROLE:
            return self._cells[index.row()][1][index.column()]
        column = index.column()
        if role == Qt.ItemDataRole.ForegroundRole and column == SCORE:
            return QBrush(score_color(self.rows[index.row()].score))
        if role == Qt.ItemDataRole.ToolTipRole:
            return None  # a tooltip string could be taken for rich text; the Reason column shows it all
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SCORE, POSITION):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _cells(s: Suspect, position: int) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    """A row's texts as shown, and the values its columns sort by."""
    kinds = ", ".join(s.kinds)
    shown = (f"{round(s.score * 100)}", str(position + 1), s.text, fix_label(s.suggestions[0]) if s.suggestions else "",
             kinds, s.reason)
    return shown, (s.score, position * 100000 + s.start, s.text.lower(), (s.suggestions or ("",))[0].lower(), kinds,
                   s.reason)


class SuspectsFilter(QSortFilterProxyModel):
    """Filters by a text (words, suggestion or reason) and a kind; sorting is the source model's (see there)."""

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.kind = ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        assert isinstance(model, SuspectsModel)
        model.sort(column, order)

    def set_filter(self, text: str, kind: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9
            self.beginFilterChange()
            self.text, self.kind = text.lower().strip(), kind
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.text, self.kind = text.lower().strip(), kind
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, SuspectsModel)
        s = model.rows[row]
        if self.kind and self.kind not in s.kinds:
            return False
        if self.text:
            haystack = " ".join((s.text, s.reason, *s.suggestions)).lower()
            return self.text in haystack
        return True


class SuspectsPanel(QWidget):
    """Progress, filters, the table and the actions on the selected suspect."""

    def __init__(self, controller: SuspectsController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = SuspectsModel(controller)
        self.proxy = SuspectsFilter()
        self.proxy.setSourceModel(self.model)
        self.progress_label = QLabel()
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        self.progress_label.setWordWrap(True)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(8)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter words or reasons")
        self.filter_edit.setClearButtonEnabled(True)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem(ALL_KINDS)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(SCORE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        # fixed widths that fit "100" and a 6-digit paragraph number: sizing to contents read every row's cells
        # (~40,000 model calls for 800 suspects, half a second) on each reset
        digits = self.table.fontMetrics().horizontalAdvance("888888") + 12
        header.resizeSection(SCORE, max(digits * 2 // 3, header.sectionSizeHint(SCORE)))
        header.resizeSection(POSITION, max(digits, header.sectionSizeHint(POSITION)))
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(WORDS, 110)
        header.resizeSection(SUGGESTION, 110)
        header.resizeSection(KIND, 90)
        self.accept_button = QPushButton("Accept")
        self.accept_button.setToolTip("Replace the words with the first suggestion (Enter or Ctrl+Return in the transcript)")
        self.ignore_button = QPushButton("Ignore")
        self.ignore_all_button = QPushButton("Ignore Everywhere")
        self.glossary_button = QPushButton("Add to Glossary")
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.kind_combo)
        buttons = QGridLayout()  # two rows of two: the side dock can stay narrow, leaving the width to the text
        for index, button in enumerate((self.accept_button, self.ignore_button, self.ignore_all_button,
                                        self.glossary_button)):
            buttons.addWidget(button, index // 2, index % 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.kind_combo.currentTextChanged.connect(self._apply_filter)
        self.table.activated.connect(self._activate)
        self.table.clicked.connect(self._activate)
        self.accept_button.clicked.connect(self._accept)
        self.ignore_button.clicked.connect(lambda: self._on_selected(controller.ignore))
        self.ignore_all_button.clicked.connect(lambda: self._on_selected(lambda s: controller.ignore_everywhere(s.text)))
        self.glossary_button.clicked.connect(lambda: self._on_selected(lambda s: controller.add_to_glossary(s.text)))
        controller.suspectsChanged.connect(self.refresh)
        controller.currentSuspectChanged.connect(self._show_current)
        controller.checkingChanged.connect(lambda _busy: self._update_progress())
        controller.checkProgress.connect(lambda _done, _total: self._update_progress())
        self.refresh()

    # ----- reading the view -----------------------------------------------------------------------------------
    def visible_suspects(self) -> list[Suspect]:
        """The suspects in the table's current order and filter."""
        return [self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
                for r in range(self.proxy.rowCount())]

    def selected_suspect(self) -> Suspect | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return self.controller.current
        return self.model.rows[self.proxy.mapToSource(rows[0]).row()]

    # ----- updating ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if not self.model.reload():
            self._update_progress()
            return
        kinds = sorted({k for s in self.model.rows for k in s.kinds})
        current = self.kind_combo.currentText()
        if [self.kind_combo.itemText(i) for i in range(1, self.kind_combo.count())] != kinds:
            self.kind_combo.blockSignals(True)
            self.kind_combo.clear()
            self.kind_combo.addItems([ALL_KINDS, *kinds])
            self.kind_combo.setCurrentText(current if current in kinds else ALL_KINDS)
            self.kind_combo.blockSignals(False)
        self._show_current(self.controller.current)
        self._update_progress()

    def _update_progress(self) -> None:
        controller = self.controller
        if controller.doc is None:
            self.progress_label.setText("No project open")
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
            return
        if controller.too_long:
            self.progress_label.setText(
                f"Not checked: {controller.too_long:,} words is more than the window checks "
                f"({suspects_controller.WINDOW_CHECK_WORDS:,}); run `transcript-editor check` on the file instead")
            self.progress_bar.setRange(0, 1)
            self.progress_bar.setValue(0)
            return
        if not controller.ready:
            self.progress_label.setText("Checking the transcript for suspects…")
            if controller.check_progress:  # (a long check says how far it is; Cancel is in the status bar)
                self.progress_bar.setRange(0, max(controller.check_progress[1], 1))
                self.progress_bar.setValue(controller.check_progress[0])
            else:
                self.progress_bar.setRange(0, 0)  # busy indicator
            return
        reviewed, total = controller.progress()
        shown = self.proxy.rowCount()
        open_count = len(self.model.rows)
        text = f"{reviewed} of {total} reviewed · {open_count} open"
        if shown != open_count:
            text += f" ({shown} shown)"
        if controller.checking():
            text += " · re-checking…"
        elif controller.stopped_at is not None:
            checked, of = controller.stopped_at
            text += f" · check stopped after {checked:,} of {of:,} paragraphs"
        if controller.language[0] != "en":  # (English is the usual case: said only when it is not)
            text += f" · checked as {controller.language[1]}"
        self.progress_label.setText(text)
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(reviewed)

    def _apply_filter(self) -> None:
        kind = self.kind_combo.currentText()
        self.proxy.set_filter(self.filter_edit.text(), "" if kind == ALL_KINDS else kind)
        self._update_progress()

    def _show_current(self, suspect: Suspect | None) -> None:
        if suspect is None or suspect not in self.model.rows:
            return
        source = self.model.index(self.model.rows.index(suspect), 0)
        index = self.proxy.mapFromSource(source)
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    # ----- acting ------------------------------------------------------------------------------------------------
    def _activate(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid():
            self.controller.select(self.model.rows[source.row()])

    def _on_selected(self, action: Callable[[Suspect], object]) -> None:
        suspect = self.selected_suspect()
        if suspect is not None:
            action(suspect)

    def _accept(self) -> None:
        suspect = self.selected_suspect()
        if suspect is not None and not self.controller.accept(suspect):
            self.controller.window.statusBar().showMessage("Nothing to accept: the suspect has no suggestion")


def make_suspects_dock(controller: SuspectsController, parent: QWidget) -> QDockWidget:
    """The 'Suspects' dock holding the review queue."""
    dock = QDockWidget("Suspects", parent)
    dock.setObjectName("suspectsDock")
    dock.setWidget(SuspectsPanel(controller, dock))
    return dock
