"""Runs alignment for the open project in the background and applies the result as one undoable edit.

The work happens in a child process (`python -m editor.align.worker`, see there for why not a thread);
this object only starts it, shows its progress with the time left and a Cancel button in the status bar,
and pushes the edit it returns. The window stays usable meanwhile; segments edited while the alignment
ran keep their new text and are simply left for the next "Re-align Changed Segments".
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QProcess, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from editor.align.timings import still_applicable
from editor.core.edits import SetTimings, edit_from_json
from editor.ui.align.estimated import EstimatedTimesOverlay
from editor.ui.dialogs.messages import show_error
from editor.ui.panes.overlays import Layer

if TYPE_CHECKING:
    from editor.ui.document import Document
    from editor.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class AlignProgress(QWidget):
    """Status-bar strip: what is aligned, a progress bar, the time left, Cancel."""

    def __init__(self) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setMaximumWidth(220)
        self.bar.setTextVisible(False)
        self.time_left = QLabel()
        self.time_left.setTextFormat(Qt.TextFormat.PlainText)
        self.cancel_button = QPushButton("Cancel")
        for widget in (self.label, self.bar, self.time_left, self.cancel_button):
            layout.addWidget(widget)

    def show_share(self, share: float, elapsed: float) -> None:
        self.bar.setValue(int(share * 1000))
        if share >= 0.03 and elapsed >= 1:
            self.time_left.setText(f"about {_clock(elapsed * (1 - share) / share)} left")
        else:
            self.time_left.setText("estimating time left…")


class AlignController(QObject):
    """Playback > Align Transcript to Media and Re-align Changed Segments for `window`."""

    finished = Signal(str)  # "applied", "nothing", "cancelled" or "failed" (tests and status wait on it)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.doc: Document | None = None
        self.process: QProcess | None = None
        self._job_dir: tempfile.TemporaryDirectory | None = None
        self._buffer = b""
        self._result: dict | None = None
        self._error: str | None = None
        self._media: Path | None = None
        self._began = 0.0
        self.progress = AlignProgress()
        self.progress.cancel_button.clicked.connect(self.cancel)
        self.progress.hide()
        # Permanent (left of the other permanent fields): a passing status message must not hide it.
        window.statusBar().insertPermanentWidget(0, self.progress)
        registry = window.action_registry
        self.align_action = registry.add("playback.align", "Align Transcript to &Media",
                                         lambda: self.start(only_changed=False))
        self.align_action.setToolTip("Give every segment and word a time from the recording (offline, English)")
        self.realign_action = registry.add("playback.realign", "&Re-align Changed Segments",
                                           lambda: self.start(only_changed=True))
        self.realign_action.setToolTip("Align again only the segments edited since the last alignment")
        menu = window.menu("playback")
        menu.addSeparator()
        menu.addAction(self.align_action)
        menu.addAction(self.realign_action)
        self.estimated_overlay = EstimatedTimesOverlay()
        window.transcript_pane.add_overlay(self.estimated_overlay, Layer.TIMINGS)
        window.documentChanged.connect(self.set_document)
        self.set_document(window.doc)

    # ----- state ----------------------------------------------------------------------------------
    def running(self) -> bool:
        return self.process is not None

    def set_document(self, doc: Document | None) -> None:
        if doc is not self.doc and self.running():
            self.cancel()
        self.doc = doc
        self._update_actions()

    def _update_actions(self) -> None:
        usable = self.doc is not None and not self.doc.read_only and not self.running()
        self.align_action.setEnabled(usable)
        self.realign_action.setEnabled(usable)

    def _status(self, text: str, timeout: int = 10000) -> None:
        self.window.statusBar().showMessage(text, timeout)

    # ----- running --------------------------------------------------------------------------------
    def start(self, *, only_changed: bool) -> bool:
        """Start aligning the open transcript (or its changed segments) to the attached media."""
        if self.doc is None or self.doc.read_only or self.running():
            return False
        media = getattr(self.window, "media", None)
        path = getattr(media, "media_path", None)
        if path is None:
            show_error(self.window, "No recording attached",
                       "Attach the recording first (Playback > Attach Media…), then align the transcript to it.")
            return False
        self.doc.flush()  # typing not yet committed belongs to the text being aligned
        self._job_dir = tempfile.TemporaryDirectory(prefix="transcript-align-")
        job = Path(self._job_dir.name) / "job.json"
        job.write_text(json.dumps({"transcript": self.doc.transcript.to_json(), "media": str(path),
                                   "only_changed": only_changed}), encoding="utf-8")
        self._media, self._buffer, self._result, self._error = Path(path), b"", None, None
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.readyReadStandardOutput.connect(self._read_output)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_process_error)
        self.process = process
        self._began = time.monotonic()
        what = "changed segments" if only_changed else "transcript"
        self.progress.label.setText(f"Aligning {what} to {path.name}…")
        self.progress.show_share(0.0, 0.0)
        self.progress.show()
        self.window.statusBar().clearMessage()
        self._update_actions()
        process.start(sys.executable, ["-m", "editor.align.worker", str(job)])
        return True

    def cancel(self) -> None:
        """Stop the alignment; the transcript stays as it is."""
        process = self.process
        if process is None:
            return
        self.process = None
        process.finished.disconnect(self._on_finished)
        process.kill()
        process.waitForFinished(3000)
        process.deleteLater()
        self._done("cancelled", "Alignment cancelled; the transcript is unchanged.")

    def _read_output(self) -> None:
        if self.process is None:
            return
        self._buffer += bytes(self.process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if "progress" in message:
                self.progress.show_share(float(message["progress"]), time.monotonic() - self._began)
            elif "error" in message:
                self._error = str(message["error"])
            else:
                self._result = message

    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self.process is not None:
            self._error = f"the aligner could not start ({self.process.errorString()})"
            self._on_finished()

    def _on_finished(self, *_args: object) -> None:
        process = self.process
        if process is None:
            return
        self._read_output()
        self.process = None
        process.deleteLater()
        if self._error is not None or self._result is None:
            error = self._error or bytes(process.readAllStandardError().data()).decode("utf-8", "replace").strip()
            self._done("failed", "")
            show_error(self.window, "Alignment failed", error or "the aligner stopped without a result")
            return
        if self._result.get("nothing"):
            self._done("nothing", "Nothing to align: every segment is aligned to its current text.")
            return
        self._apply(self._result)

    def _apply(self, result: dict) -> None:
        edit = edit_from_json(result["edit"])
        assert isinstance(edit, SetTimings)
        doc = self.doc
        fitting = still_applicable(edit, doc.transcript) if doc is not None else None
        if doc is None or fitting is None or not doc.push(fitting):
            self._done("failed", "The transcript changed while aligning; run Re-align Changed Segments.")
            return
        estimated = sum(1 for seg in fitting.new for w in seg.words or () if w.estimated)
        left = len(edit.new) - len(fitting.new)
        note = f"; {left} segment(s) edited meanwhile are left for Re-align Changed Segments" if left else ""
        self._done("applied", f"{fitting.label}: {len(fitting.new)} segment(s) timed, {estimated} word(s) "
                              f"estimated (not found in the recording){note}.")

    def _done(self, outcome: str, message: str) -> None:
        self.progress.hide()
        if self._job_dir is not None:
            self._job_dir.cleanup()
            self._job_dir = None
        if message:
            self._status(message, 20000)
        self._update_actions()
        self.finished.emit(outcome)


def install_align(window: MainWindow) -> AlignController:
    """Add alignment to `window` (after playback, whose menu it joins)."""
    return AlignController(window)
