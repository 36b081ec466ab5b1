"""Export: pick a format and options, see the first lines, write the file (atomically, by formats)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from editor.core.model import Transcript
from editor.errors import UserError
from editor.formats import EXPORT_FORMATS, ExportOptions, export_bytes, export_file
from editor.formats.cues import SubtitleRules, cue_problems, layout_cues, segment_cues
from editor.ui.dialogs.messages import show_error

FORMAT_NAMES = {
    "txt": "Plain text (.txt)", "md": "Markdown (.md)", "docx": "Word document (.docx)",
    "srt": "SubRip subtitles (.srt)", "vtt": "WebVTT subtitles (.vtt)", "json": "JSON (.json)",
}
PREVIEW_SEGMENTS = 40  # the preview exports only the start: fast on a 10-hour transcript
PREVIEW_LINES = 30
SUBTITLE_FORMATS = ("srt", "vtt")
REPORT_DELAY_MS = 250
REPORTED_PROBLEMS = 6  # cue problems listed under the preview; the count says how many there are


def _spin(parent: QWidget, low: float, high: float, value: float, suffix: str, decimals: int = 0) -> QSpinBox | QDoubleSpinBox:
    box: QSpinBox | QDoubleSpinBox = QDoubleSpinBox(parent) if decimals else QSpinBox(parent)
    if isinstance(box, QDoubleSpinBox):
        box.setDecimals(decimals)
        box.setSingleStep(0.5)
    box.setRange(low, high)  # type: ignore[arg-type]
    box.setValue(value)  # type: ignore[arg-type]
    box.setSuffix(suffix)
    return box


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
        self._make_subtitle_options()
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "problem")  # resources/style.qss colours it
        self.cue_report = QLabel(self)  # cues that break the subtitle rules (the whole transcript)
        self.cue_report.setTextFormat(Qt.TextFormat.PlainText)
        self.cue_report.setWordWrap(True)
        # Laying out a whole long transcript takes a while (about 0.12 s an hour): once typing in a box pauses.
        self._report_timer = QTimer(self)
        self._report_timer.setSingleShot(True)
        self._report_timer.setInterval(REPORT_DELAY_MS)
        self._report_timer.timeout.connect(self.refresh_cue_report)
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
        layout.addWidget(self.subtitle_group)
        layout.addWidget(QLabel("Preview of the first lines:", self))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.cue_report)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        for box in (self.timestamps, self.speakers, self.merge, self.follow_rules):
            box.toggled.connect(self.update_preview)
        for spin in self.rule_boxes:
            spin.valueChanged.connect(self.update_preview)
        self.format_box.currentIndexChanged.connect(self.update_preview)
        self.update_preview()

    def _make_subtitle_options(self) -> None:
        """SRT/WebVTT: the subtitle rules, on by default with values that pass common style guides."""
        rules = SubtitleRules()
        self.subtitle_group = QGroupBox("Subtitles", self)
        self.follow_rules = QCheckBox("Lay cues out by these rules (off: one cue per segment)", self)
        self.follow_rules.setChecked(True)
        self.max_line_chars = _spin(self, 20, 80, rules.max_line_chars, " characters")
        self.max_lines = _spin(self, 1, 4, rules.max_lines, " lines")
        self.max_cps = _spin(self, 5, 40, rules.max_cps, " characters/s", 1)
        self.min_duration = _spin(self, 0.2, 5, rules.min_duration_ms / 1000, " s", 2)
        self.max_duration = _spin(self, 1, 20, rules.max_duration_ms / 1000, " s", 1)
        self.min_gap = _spin(self, 0, 1000, rules.min_gap_ms, " ms")
        self.rule_boxes = [self.max_line_chars, self.max_lines, self.max_cps, self.min_duration, self.max_duration,
                           self.min_gap]
        form = QFormLayout(self.subtitle_group)
        form.addRow(self.follow_rules)
        form.addRow("Line length, at most:", self.max_line_chars)
        form.addRow("Lines per cue, at most:", self.max_lines)
        form.addRow("Reading speed, at most:", self.max_cps)
        form.addRow("Shown at least:", self.min_duration)
        form.addRow("Shown at most:", self.max_duration)
        form.addRow("Pause between cues:", self.min_gap)
        self.follow_rules.toggled.connect(lambda on: [box.setEnabled(on) for box in self.rule_boxes])

    def rules(self) -> SubtitleRules:
        """The subtitle rules as the dialog sets them."""
        return SubtitleRules(max_lines=int(self.max_lines.value()), max_line_chars=int(self.max_line_chars.value()),
                             max_cps=float(self.max_cps.value()), min_duration_ms=round(self.min_duration.value() * 1000),
                             max_duration_ms=round(self.max_duration.value() * 1000),
                             min_gap_ms=int(self.min_gap.value()))

    def fmt(self) -> str:
        return str(self.format_box.currentData())

    def options(self) -> ExportOptions:
        subtitles = self.rules() if self.fmt() in SUBTITLE_FORMATS and self.follow_rules.isChecked() else None
        return ExportOptions(timestamps=self.timestamps.isChecked(), speakers=self.speakers.isChecked(),
                             merge=self.merge.isChecked(), subtitles=subtitles)

    def update_preview(self) -> None:
        """Export the first segments in the chosen format and show the first lines (or the problem)."""
        fmt = self.fmt()
        head = Transcript(self.transcript.segments[:PREVIEW_SEGMENTS], self.transcript.speakers, self.transcript.source)
        self.problem.setText("")
        self.export_button.setEnabled(True)
        self.subtitle_group.setVisible(fmt in SUBTITLE_FORMATS)
        self.cue_report.setText("Checking the cues…" if fmt in SUBTITLE_FORMATS else "")
        if fmt in SUBTITLE_FORMATS:
            self._report_timer.start()
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

    def refresh_cue_report(self) -> None:
        self._report_timer.stop()
        self.cue_report.setText(self.cue_report_text() if self.fmt() in SUBTITLE_FORMATS else "")

    def cue_report_text(self) -> str:
        """Which cues of the whole export break the rules (the first few of them), or that all pass."""
        rules = self.rules()
        try:
            speakers = self.speakers.isChecked() and self.fmt() == "srt"
            if self.follow_rules.isChecked():
                cues = layout_cues(self.transcript, rules, speakers=speakers)
            else:
                cues = segment_cues(self.transcript, speakers=speakers)
        except UserError:
            return ""  # no timings: the problem line says so
        problems = cue_problems(cues, rules)
        if not problems:
            return f"All {len(cues)} cues follow the subtitle rules."
        broken = len({p.cue for p in problems})
        shown = "\n".join(p.message for p in problems[:REPORTED_PROBLEMS])
        more = f"\n… and {len(problems) - REPORTED_PROBLEMS} more" if len(problems) > REPORTED_PROBLEMS else ""
        return f"{broken} of {len(cues)} cues break the subtitle rules:\n{shown}{more}"

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
