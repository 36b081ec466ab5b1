"""The transport bar: play/pause, back/forward, time, seek slider, speed, and the follow/seek toggles."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.media.transport import SPEED_STEPS, format_time
from editor.ui import theme


class TransportBar(QWidget):
    """Widgets only; the MediaController connects them to the player."""

    seekRequested = Signal(int)  # ms, from the slider
    speedChosen = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._playing = False
        self.back_button = self._button("Back")
        self.play_button = self._button("Play")
        self.forward_button = self._button("Forward")
        self.replay_button = self._button("Replay segment")
        self._set_icons()
        self.time_label = QLabel(self._time_text(None, None))
        self.time_label.setTextFormat(Qt.TextFormat.PlainText)
        self.time_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0:00:00.0 / 0:00:00.0") + 6)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setSingleStep(1000)
        self.slider.setPageStep(10000)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the transcript pane
        self.slider.sliderMoved.connect(self.seekRequested.emit)
        self.slider.actionTriggered.connect(self._slider_clicked)
        self.speed = QComboBox()
        for step in SPEED_STEPS:
            self.speed.addItem(f"{step:g}×", step)
        self.speed.setCurrentIndex(SPEED_STEPS.index(1.0))
        self.speed.setToolTip("Playback speed (pitch is kept)")
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.speed.currentIndexChanged.connect(lambda i: self.speedChosen.emit(float(self.speed.itemData(i))))
        self.follow_box = QCheckBox("Follow playback")
        self.follow_box.setToolTip("Scroll the transcript to the segment being played (paused while you type)")
        self.seek_box = QCheckBox("Seek on cursor move")
        self.seek_box.setToolTip("Moving the cursor into another segment plays from there")
        self.pause_typing_box = QCheckBox("Pause while typing")
        self.pause_typing_box.setToolTip("Typing pauses playback; it resumes a little earlier once you stop")
        for box in (self.follow_box, self.seek_box, self.pause_typing_box):
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.media_label = QLabel("No media attached")
        self.media_label.setTextFormat(Qt.TextFormat.PlainText)  # a file name shows literally
        self.attach_button = QToolButton()
        self.attach_button.setText("Attach Media…")
        self.attach_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        for button in (self.back_button, self.play_button, self.forward_button, self.replay_button):
            top.addWidget(button)
        top.addWidget(self.time_label)
        top.addWidget(self.slider, 1)
        top.addWidget(self.speed)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.media_label, 1)
        for widget in (self.follow_box, self.seek_box, self.pause_typing_box, self.attach_button):
            bottom.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 4)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(bottom)

    def _set_icons(self) -> None:
        """The style's media icons in the palette's button text colour (they are black: unseen when dark)."""
        def icon(pixmap: QStyle.StandardPixmap) -> QIcon:
            return theme.tinted(self.style().standardIcon(pixmap), self.palette().buttonText().color())

        self.back_button.setIcon(icon(QStyle.StandardPixmap.SP_MediaSeekBackward))
        self.forward_button.setIcon(icon(QStyle.StandardPixmap.SP_MediaSeekForward))
        self.replay_button.setIcon(icon(QStyle.StandardPixmap.SP_BrowserReload))
        self._play_icon = icon(QStyle.StandardPixmap.SP_MediaPlay)
        self._pause_icon = icon(QStyle.StandardPixmap.SP_MediaPause)
        self.play_button.setIcon(self._pause_icon if self._playing else self._play_icon)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):  # light <-> dark scheme
            self._set_icons()

    def _button(self, tip: str) -> QToolButton:
        button = QToolButton()
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    @staticmethod
    def _time_text(position: int | None, duration: int | None) -> str:
        return f"{format_time(position)} / {format_time(duration or None)}"

    def _slider_clicked(self, action: int) -> None:
        if action != QSlider.SliderAction.SliderMove.value:  # page clicks and wheel steps seek too
            self.seekRequested.emit(self.slider.sliderPosition())

    def show_position(self, position: int, duration: int) -> None:
        self.time_label.setText(self._time_text(position, duration))
        if not self.slider.isSliderDown():
            self.slider.blockSignals(True)
            self.slider.setValue(position)
            self.slider.blockSignals(False)

    def show_duration(self, duration: int) -> None:
        self.slider.setRange(0, max(0, duration))

    def show_playing(self, playing: bool) -> None:
        self._playing = playing
        self.play_button.setIcon(self._pause_icon if playing else self._play_icon)
        self.play_button.setToolTip("Pause" if playing else "Play")

    def show_speed(self, speed: float) -> None:
        index = self.speed.findData(speed)
        if index < 0:
            self.speed.addItem(f"{speed:g}×", speed)
            index = self.speed.count() - 1
        self.speed.blockSignals(True)
        self.speed.setCurrentIndex(index)
        self.speed.blockSignals(False)

    def set_tooltips(self, keys: dict[str, str]) -> None:
        """Name the keys in the tooltips (they are configurable)."""
        for name, button, tip in (("back", self.back_button, "Back"), ("forward", self.forward_button, "Forward"),
                                  ("replay", self.replay_button, "Replay this segment")):
            button.setToolTip(f"{tip} ({keys.get(name, '')})")
        self.play_button.setToolTip(f"Play / pause ({keys.get('play_pause', '')})")
        self.speed.setToolTip(f"Playback speed, pitch kept ({keys.get('slower', '')} / {keys.get('faster', '')})")
