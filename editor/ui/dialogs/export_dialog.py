"""Export: pick a format and options, see the first lines, write the file (atomically, by formats)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor.core.model import Transcript
from editor.errors import UserError
from editor.formats import EXPORT_FORMATS, ExportOptions, export_bytes, export_file
from editor.ui.dialogs.messages import show_error

FORMAT_NAMES = {
    "txt": "Plain text (.txt)", "md": "Markdown (.md)", "docx": "Word document (.docx)",
    "srt": "SubRip subtitles (.srt)", "vtt": "WebVTT subtitles (.vtt)", "json": "JSON (.json)",
}
PREVIEW_SEGMENTS = 40  # the preview exports only the start: fast on a 10-hour transcript
PREVIEW_LINES = 30


class ExportDialog(QDialog):
    """Format, options and a live preview of the first lines; Export… asks where and writes the file."""

    def __init__(self, transcript: Transcript, default_stem: str, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.resize(640, 520)
        self.transcript = transcript
        self.default_stem = default_stem
        self.folder = folder
        self.exported_path: Path | None = None
        self.format_box = QComboBox(self)
        for fmt in EXPORT_FORMATS:
            self.format_box.addItem(FORMAT_NAMES.get(fmt, fmt), fmt)
        self.timestamps = QCheckBox("Timestamps before paragraphs", self)
        self.speakers = QCheckBox("Speaker names", self)
        self.speakers.setChecked(True)
        self.merge = QCheckBox("Merge consecutive segments of the same speaker", self)
        self.merge.setChecked(True)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "problem")  # resources/style.qss colours it
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.choose_and_export)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Format:", self.format_box)
        form.addRow("", self.timestamps)
        form.addRow("", self.speakers)
        form.addRow("", self.merge)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview of the first lines:", self))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        for box in (self.timestamps, self.speakers, self.merge):
            box.toggled.connect(self.update_preview)
        self.format_box.currentIndexChanged.connect(self.update_preview)
        self.update_preview()

    def fmt(self) -> str:
        return str(self.format_box.currentData())

    def options(self) -> ExportOptions:
        return ExportOptions(timestamps=self.timestamps.isChecked(), speakers=self.speakers.isChecked(),
                             merge=self.merge.isChecked())

    def update_preview(self) -> None:
        """Export the first segments in the chosen format and show the first lines (or the problem)."""
        fmt = self.fmt()
        head = Transcript(self.transcript.segments[:PREVIEW_SEGMENTS], self.transcript.speakers, self.transcript.source)
        self.problem.setText("")
        self.export_button.setEnabled(True)
        try:
            if fmt == "docx":  # binary: preview the same options as plain text
                data = export_bytes(head, "txt", self.options())
                note = "(A Word document with these paragraphs:)\n\n"
            else:
                data = export_bytes(head, fmt, self.options())
                note = ""
        except UserError as exc:
            self.preview.setPlainText("")
            self.problem.setText(exc.message)
            self.export_button.setEnabled(False)
            return
        lines = data.decode("utf-8", errors="replace").splitlines()[:PREVIEW_LINES]
        self.preview.setPlainText(note + "\n".join(lines))

    def choose_and_export(self) -> None:
        fmt = self.fmt()
        suggested = str(Path(self.folder) / f"{self.default_stem}.{fmt}")
        path, _ = QFileDialog.getSaveFileName(self, "Export", suggested, f"{FORMAT_NAMES.get(fmt, fmt)} (*.{fmt})")
        if path:
            if self.export_to(path):
                self.accept()

    def export_to(self, path: str | Path) -> bool:
        """Write the whole transcript to `path`; a clear dialog on failure."""
        try:
            export_file(self.transcript, self.fmt(), Path(path), self.options())
        except UserError as exc:
            show_error(self, "Export failed", str(exc))
            return False
        except OSError as exc:
            show_error(self, "Export failed", f"{path}: {exc.strerror or exc}")
            return False
        self.exported_path = Path(path)
        return True
