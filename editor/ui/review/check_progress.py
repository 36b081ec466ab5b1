"""How far a long check for suspects is, in the status bar, with Cancel.

The check runs in the checker process (check_worker), so the window stays usable: this is a progress bar and a
button, never a modal dialog. It shows once the check reports its first part done (a check of a short document
is over before that, and shows nothing). Cancel stops the check after the part it is in; the suspects found so
far stay (SuspectsController.stop_check).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from editor.ui.review.suspects_controller import SuspectsController


class CheckProgress(QWidget):
    """A progress bar for the running full check and its Cancel button (hidden while no long check runs)."""

    def __init__(self, controller: SuspectsController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setFormat("Checking for suspects: %p%")
        self.bar.setMinimumWidth(self.bar.fontMetrics().horizontalAdvance("Checking for suspects: 100%") + 24)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelCheck")
        self.cancel_button.setToolTip("Stop checking: the suspects found so far stay, and you can go on editing "
                                      "(Review → Re-check Whole Transcript checks everything again)")
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        controller.checkProgress.connect(self._on_progress)
        controller.checkingChanged.connect(self._on_checking)
        self.hide()

    def cancel(self) -> None:
        if self.controller.stop_check():
            self.cancel_button.setEnabled(False)
            self.bar.setFormat("Stopping the check…")

    def _on_progress(self, done: int, total: int) -> None:
        if not self.cancel_button.isEnabled():
            return  # stopping: the bar says so until the check has stopped
        self.bar.setValue(done * 1000 // max(total, 1))
        self.bar.setToolTip(f"{done:,} of {total:,} paragraphs checked")
        self.show()

    def _on_checking(self, busy: bool) -> None:
        if not busy:
            self.hide()
            self.bar.setValue(0)
            self.bar.setFormat("Checking for suspects: %p%")
            self.cancel_button.setEnabled(True)
