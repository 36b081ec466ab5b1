"""The export dialog lays subtitles out by the rules it shows, and lists the cues that still break them."""

from __future__ import annotations

from datetime import timedelta

import srt
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from ui_helpers import open_window

from editor.ui.dialogs.export_dialog import ExportDialog

LONG = ("So what we did at the start of the year, and this is important, was to move the whole training pipeline "
        "over to the new accelerators. It took us about three months. Then we measured everything again, and the "
        "results were better than we expected.")


def test_subtitle_options_preview_report_and_export(qtbot, tmp_path, dialogs, monkeypatch):
    src = tmp_path / "long.srt"
    cues = [srt.Subtitle(1, timedelta(seconds=1), timedelta(seconds=20), f"Paige: {LONG}"),
            srt.Subtitle(2, timedelta(seconds=20), timedelta(seconds=20.3), "Sam: Great."),
            srt.Subtitle(3, timedelta(seconds=21), timedelta(seconds=23), "Paige: Thanks.")]
    src.write_text(srt.compose(cues), encoding="utf-8")
    window = open_window(qtbot, src)
    target = tmp_path / "out.srt"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    seen: dict[str, str] = {}

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("txt"))
        assert not dialog.subtitle_group.isVisible() and dialog.cue_report.text() == ""
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("srt"))
        assert dialog.subtitle_group.isVisible() and dialog.follow_rules.isChecked()  # on by default
        qtbot.waitUntil(lambda: not dialog.cue_report.text().startswith("Checking"), timeout=3000)  # once the options settle
        seen["default"] = dialog.cue_report.text()
        qtbot.mouseClick(dialog.follow_rules, Qt.MouseButton.LeftButton, pos=dialog.follow_rules.rect().center())
        qtbot.waitUntil(lambda: not dialog.cue_report.text().startswith("Checking"), timeout=3000)
        seen["per segment"] = dialog.cue_report.text()
        qtbot.mouseClick(dialog.follow_rules, Qt.MouseButton.LeftButton, pos=dialog.follow_rules.rect().center())
        dialog.max_line_chars.selectAll()
        qtbot.keyClicks(dialog.max_line_chars, "32")
        seen["preview"] = dialog.preview.toPlainText()
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, drive)
    window.export_action.trigger()
    assert seen["default"].startswith("1 of ") and "(00:00:20.000): shown" in seen["default"]  # "Great." is short
    assert seen["per segment"].startswith("2 of 3 cues break") and "a line of" in seen["per segment"]
    written = list(srt.parse(target.read_text(encoding="utf-8")))
    assert len(written) > 3
    assert all(len(line) <= 32 for cue in written for line in cue.content.split("\n"))
    assert all(len(cue.content.split("\n")) <= 2 for cue in written)
    assert written[0].content.split("\n")[0] in seen["preview"]
