"""The picture of video media: a dock that appears when the attached media has a video stream, hidden otherwise."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QWidget

if TYPE_CHECKING:
    from editor.ui.main_window import MainWindow
    from editor.ui.media.controller import MediaController

log = logging.getLogger(__name__)


def _video_widget() -> QWidget | None:
    """A QVideoWidget, or None where QtMultimediaWidgets cannot load (then audio still plays)."""
    try:
        from PySide6.QtMultimediaWidgets import QVideoWidget
    except ImportError as exc:
        log.info("no video widget: %s", exc)
        return None
    widget = QVideoWidget()
    widget.setMinimumSize(160, 90)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the transcript pane
    return widget


class VideoDock(QDockWidget):
    """Shows the controller's video; follows `videoChanged` (shown for video, hidden for audio or no media)."""

    def __init__(self, window: MainWindow, controller: MediaController, widget: QWidget) -> None:
        super().__init__("Video", window)
        self.setObjectName("videoDock")
        self.setWidget(widget)
        self.controller = controller
        self.toggleViewAction().setText("Show &Video")
        controller.set_video_output(widget)
        controller.videoChanged.connect(self.follow_media)
        QTimer.singleShot(0, lambda: self.follow_media(controller.has_video))  # after the window restores docks

    def follow_media(self, has_video: bool) -> None:
        """Appear for video, disappear for audio; the menu toggle only applies while there is a picture."""
        self.toggleViewAction().setEnabled(has_video)
        appearing = has_video and self.isHidden()
        self.setVisible(has_video)
        window = self.parent()
        if appearing and hasattr(window, "resizeDocks") and not self.isFloating():
            # A new dock gets its minimum height: make the picture 16:9 at the column's width instead.
            window.resizeDocks([self], [max(self.minimumHeight(), self.width() * 9 // 16)], Qt.Orientation.Vertical)
        if has_video:
            self.raise_()


def install_video(window: MainWindow, controller: MediaController) -> VideoDock | None:
    """Add the video dock above the right-hand panels (None when playback or video is unavailable)."""
    if controller.player is None:
        return None
    widget = _video_widget()
    if widget is None:
        return None
    dock = VideoDock(window, controller, widget)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.splitDockWidget(dock, window.speakers_dock, Qt.Orientation.Vertical)  # the picture on top, panels below
    dock.hide()
    return dock
