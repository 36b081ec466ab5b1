"""Side-by-side word diff of two versions: each changed paragraph in a row, removed words red and struck
through on the left, new words green on the right. Text goes in through QTextCursor, never as HTML."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor, QTextLength, QTextTableFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor.errors import UserError
from editor.store.diff import DiffOp, diff_transcripts, summary
from editor.ui import theme

if TYPE_CHECKING:
    from collections.abc import Callable

    from editor.core.model import Transcript

MAX_ROWS = 2000  # a table this long is already more than anyone reads; say how many were left out


def paragraphs(ops: list[DiffOp], only_changed: bool = True) -> list[list[DiffOp]]:
    """Ops grouped by the paragraph (segment) they belong to, in order."""
    groups: list[list[DiffOp]] = []
    keys: dict[str, int] = {}
    for op in ops:
        key = op.b_segment or op.a_segment or "?"
        if key not in keys:
            keys[key] = len(groups)
            groups.append([])
        groups[keys[key]].append(op)
    if only_changed:
        groups = [g for g in groups if any(op.tag != "equal" for op in g)]
    return groups


def summary_text(ops: list[DiffOp]) -> str:
    counts = summary(ops)
    changed = counts["replaced"] + counts["deleted"] + counts["inserted"]
    return (f"{changed} word(s) changed: {counts['replaced']} replaced, {counts['inserted']} inserted, "
            f"{counts['deleted']} deleted; {counts['equal']} unchanged")


class CompareView(QTextEdit):
    """Read-only two-column table of changed paragraphs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.rows = 0

    def show_ops(self, ops: list[DiffOp], left_title: str, right_title: str, only_changed: bool = True) -> None:
        """Fill the view with the paragraphs of `ops`."""
        self.clear()
        groups = paragraphs(ops, only_changed)
        cursor = QTextCursor(self.document())
        if not groups:
            cursor.insertText("No differences." if only_changed else "Both versions are empty.")
            self.rows = 0
            return
        shown = groups[:MAX_ROWS]
        table_format = QTextTableFormat()
        table_format.setCellPadding(4)
        table_format.setCellSpacing(0)
        table_format.setBorder(0.5)
        table_format.setBorderBrush(theme.color("compare.border"))
        table_format.setHeaderRowCount(1)
        table_format.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        table_format.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, 50)] * 2)
        table = cursor.insertTable(len(shown) + 1, 2, table_format)
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        table.cellAt(0, 0).firstCursorPosition().insertText(left_title, bold)
        table.cellAt(0, 1).firstCursorPosition().insertText(right_title, bold)
        plain, removed, added = QTextCharFormat(), QTextCharFormat(), QTextCharFormat()
        removed.setBackground(theme.color("compare.removed.background"))
        removed.setForeground(theme.color("compare.removed.text"))
        removed.setFontStrikeOut(True)
        added.setBackground(theme.color("compare.added.background"))
        added.setForeground(theme.color("compare.added.text"))
        for row, group in enumerate(shown, start=1):
            left = table.cellAt(row, 0).firstCursorPosition()
            right = table.cellAt(row, 1).firstCursorPosition()
            for op in group:
                if op.tag == "equal":
                    left.insertText(" ".join(op.old) + " ", plain)
                    right.insertText(" ".join(op.new) + " ", plain)
                    continue
                if op.old:
                    left.insertText(" ".join(op.old), removed)
                    left.insertText(" ", plain)
                if op.new:
                    right.insertText(" ".join(op.new), added)
                    right.insertText(" ", plain)
        self.rows = len(shown)
        if len(groups) > len(shown):
            end = QTextCursor(self.document())
            end.movePosition(QTextCursor.MoveOperation.End)
            end.insertText(f"\n… and {len(groups) - len(shown)} more changed paragraphs")
        self.moveCursor(QTextCursor.MoveOperation.Start)


class CompareDialog(QDialog):
    """Choose two versions (or 'original'/'current') and see their word diff side by side."""

    def __init__(self, version_transcript: Callable[[str], Transcript], names: list[str], a: str, b: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.version_transcript = version_transcript  # the document's reader of versions by name
        self.setWindowTitle("Compare versions")
        self.resize(1000, 640)
        self.a_combo, self.b_combo = QComboBox(), QComboBox()
        for combo, value in ((self.a_combo, a), (self.b_combo, b)):
            combo.addItems(names)
            combo.setCurrentText(value)
            combo.currentTextChanged.connect(self.refresh)
        self.only_changed = QCheckBox("Only changed paragraphs")
        self.only_changed.setChecked(True)
        self.only_changed.toggled.connect(self.refresh)
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setWordWrap(True)
        self.view = CompareView()
        choose = QHBoxLayout()
        choose.addWidget(QLabel("Compare"))
        choose.addWidget(self.a_combo, 1)
        choose.addWidget(QLabel("with"))
        choose.addWidget(self.b_combo, 1)
        choose.addWidget(self.only_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.ops: list[DiffOp] = []
        self.refresh()

    def refresh(self) -> None:
        a, b = self.a_combo.currentText(), self.b_combo.currentText()
        try:
            self.ops = diff_transcripts(self.version_transcript(a), self.version_transcript(b))
        except UserError as exc:
            self.summary_label.setText(str(exc))
            self.view.clear()
            return
        self.summary_label.setText(f"From “{a}” to “{b}”: " + summary_text(self.ops))
        self.view.show_ops(self.ops, a, b, self.only_changed.isChecked())
