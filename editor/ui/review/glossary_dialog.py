"""Edit the project glossary (import terms from show notes or a text file), the user's own word list, and the
fixes learned from the user's corrections."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from editor.errors import UserError
from editor.review import Glossary
from editor.review.memory import UserRule
from editor.review.review_data import ReviewData
from editor.review.term_extraction import extract_terms
from editor.ui.dialogs.messages import show_error

MAX_IMPORT_BYTES = 5_000_000


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def read_notes(path: str | Path) -> str:
    """Text of a notes file (UTF-8, else cp1252); UserError naming the file when it is not text."""
    path = Path(path)
    try:
        data = path.read_bytes()[:MAX_IMPORT_BYTES]
    except OSError as exc:
        raise UserError(path, f"cannot read: {exc.strerror or exc}") from None
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError(path, "not a text file (import show notes saved as plain text)")
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(path, "cannot decode the text (save it as UTF-8)")


class TermPicker(QDialog):
    """A checklist of extracted terms; all ticked to start with."""

    def __init__(self, terms: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add terms to the glossary")
        self.list = QListWidget()
        for term in terms:
            item = QListWidgetItem(term)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_label(f"Found {len(terms)} possible names and terms. Untick the ones you do not want."))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    def chosen(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


class NotesDialog(QDialog):
    """A box to paste show notes or a description into."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Extract terms from notes")
        self.resize(560, 400)
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText("Paste show notes, a description or a list of names here")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit, 1)
        layout.addWidget(buttons)


class LearnedFixes(QWidget):
    """The corrections learned from the user's fixes: which apply here, which everywhere; delete them or choose
    'Always' (offered in every project). Nothing changes until the dialog is saved (`apply`)."""

    COLUMNS = ("Heard as", "Corrected to", "Here", "Projects", "Always")

    def __init__(self, data: ReviewData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        self._deleted: list[tuple[str, str]] = []
        for old, new, here, rule in data.learned_rules():
            self._add_row(old, new, here, rule)
        self.table.resizeColumnsToContents()
        layout = QVBoxLayout(self)
        layout.addWidget(_label("Fixes you made are offered again wherever the same words occur: in this project "
                                "at once, in other projects once you made the fix in two projects, or when "
                                "'Always' is ticked."))
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.delete_button)
        row.addStretch(1)
        layout.addLayout(row)

    def _add_row(self, old: str, new: str, here: int, rule: UserRule | None) -> None:
        n = self.table.rowCount()
        self.table.insertRow(n)
        projects = len(rule.projects) if rule is not None else 0
        cells = (old, new, str(here) if here else "", str(projects) if projects else "")
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)  # (plain text: a cell never renders markup)
            item.setData(Qt.ItemDataRole.UserRole, (old, new))
            self.table.setItem(n, column, item)
        always = QTableWidgetItem()
        always.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        always.setCheckState(Qt.CheckState.Checked if rule is not None and rule.always else Qt.CheckState.Unchecked)
        always.setData(Qt.ItemDataRole.UserRole, (old, new, rule is not None and rule.always))
        self.table.setItem(n, len(self.COLUMNS) - 1, always)

    def rules(self) -> list[tuple[str, str]]:
        """(old, new) of the rows shown."""
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.table.rowCount())]

    def delete_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self._deleted.append(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole))
            self.table.removeRow(row)

    def apply(self) -> None:
        """Write the deletions and 'Always' choices to the review data."""
        for old, new in self._deleted:
            self.data.delete_rule(old, new)
        column = len(self.COLUMNS) - 1
        for r in range(self.table.rowCount()):
            item = self.table.item(r, column)
            old, new, was = item.data(Qt.ItemDataRole.UserRole)
            now = item.checkState() == Qt.CheckState.Checked
            if now != was:
                self.data.set_always(old, new, now)


class GlossaryDialog(QDialog):
    """Three tabs: the project glossary (text, one term per line, 'wrong -> right'), the user's words, and the
    fixes learned from the user's corrections."""

    def __init__(self, data: ReviewData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.setWindowTitle("Glossary and dictionary")
        self.resize(620, 520)
        self.glossary_edit = QPlainTextEdit(data.glossary.to_text())
        self.glossary_edit.setPlaceholderText("TensorFlow\nPaige Bailey\ncarous -> Keras")
        self.import_button = QPushButton("Import from File…")
        self.notes_button = QPushButton("Extract from Pasted Notes…")
        glossary_tab = QWidget()
        g_layout = QVBoxLayout(glossary_tab)
        g_layout.addWidget(_label("Names, products and jargon of this project, one per line. A line "
                                  "'wrong -> right' also replaces a known mis-hearing. Near-misses of these "
                                  "terms are flagged as suspects."))
        g_layout.addWidget(self.glossary_edit, 1)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.notes_button)
        row.addStretch(1)
        g_layout.addLayout(row)
        self.words_edit = QPlainTextEdit("\n".join(data.user_words))
        words_tab = QWidget()
        w_layout = QVBoxLayout(words_tab)
        w_layout.addWidget(_label(f"Words you accept in every project, one per line (kept in "
                                  f"{data.dictionary.path})."))
        w_layout.addWidget(self.words_edit, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(glossary_tab, "Project Glossary")
        self.tabs.addTab(words_tab, "My Dictionary")
        self.learned = LearnedFixes(data)
        self.tabs.addTab(self.learned, "Learned Fixes")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(data.writable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.import_button.clicked.connect(self.import_file_dialog)
        self.notes_button.clicked.connect(self.paste_notes_dialog)
        self._parsed: Glossary | None = None

    # ----- results ------------------------------------------------------------------------------------------
    def glossary(self) -> Glossary:
        return self._parsed if self._parsed is not None else Glossary.parse(self.glossary_edit.toPlainText())

    def user_words(self) -> list[str]:
        return [" ".join(line.split()) for line in self.words_edit.toPlainText().splitlines() if line.strip()]

    def accept(self) -> None:
        try:
            self._parsed = Glossary.parse(self.glossary_edit.toPlainText(), "glossary")
        except UserError as exc:
            show_error(self, "Glossary not saved", str(exc))
            return
        try:
            self.learned.apply()
        except (OSError, UserError) as exc:
            show_error(self, "Learned fixes not saved", str(exc))
            return
        super().accept()

    # ----- importing ----------------------------------------------------------------------------------------
    def current_terms(self) -> set[str]:
        try:
            glossary = Glossary.parse(self.glossary_edit.toPlainText())
        except UserError:
            return set()
        return set(glossary.terms)

    def add_terms_from_text(self, text: str) -> list[str]:
        """Extract terms from `text`, let the user pick, append the picked ones; returns them."""
        candidates = extract_terms(text, self.current_terms())
        if not candidates:
            show_error(self, "No terms found", "No names or terms were found in that text.")
            return []
        chosen = self.choose_terms(candidates)
        if chosen:
            existing = self.glossary_edit.toPlainText().rstrip("\n")
            self.glossary_edit.setPlainText("\n".join([existing, *chosen]) if existing else "\n".join(chosen))
        return chosen

    def choose_terms(self, candidates: list[str]) -> list[str]:
        picker = TermPicker(candidates, self)
        return picker.chosen() if picker.exec() == QDialog.DialogCode.Accepted else []

    def import_file(self, path: str | Path) -> list[str]:
        try:
            text = read_notes(path)
        except UserError as exc:
            show_error(self, "Cannot import", str(exc))
            return []
        return self.add_terms_from_text(text)

    def import_file_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import terms from a text file", "",
                                              "Text files (*.txt *.md *.csv);;All files (*)")
        if path:
            self.import_file(path)

    def paste_notes_dialog(self) -> None:
        dialog = NotesDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_terms_from_text(dialog.edit.toPlainText())
