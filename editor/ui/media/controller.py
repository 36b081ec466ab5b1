"""Ties the player to the open project: attach/locate media, transport commands, highlighting, following.

The controller follows the window's `documentChanged` and plugs its dock, menu and keys in through the
window's seams (see chrome.py). All playback logic lives in editor.media (pure, tested without Qt); this
class only routes signals and keys to it.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDockWidget, QFileDialog, QLabel, QMenu

from editor.errors import UserError
from editor.media.attachment import (
    MEDIA_EXTENSIONS,
    META_KEY,
    MediaRef,
    MediaStatus,
    check_located,
    find_media_beside,
    make_ref,
    resolve,
)
from editor.media.timeline import Spot, Timeline
from editor.media.transport import FollowGate, TypingPause, clamp_position, skip, step_speed
from editor.ui.dialogs.messages import ask, show_error
from editor.ui.media import chrome
from editor.ui.media.highlight import PlaybackHighlight
from editor.ui.media.media_settings import MediaKey, MediaSettings
from editor.ui.media.player import Player
from editor.ui.media.transport_dock import TransportBar
from editor.ui.media.video_dock import VideoDock, install_video
from editor.ui.panes.overlays import plain_tooltip

if TYPE_CHECKING:
    from editor.ui.document import DocChange, Document
    from editor.ui.main_window import MainWindow

log = logging.getLogger(__name__)
TYPING_KEYS = {Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter}
CURSOR_SEEK_QUIET_S = 0.5  # a block change this soon after a typed key is the edit's doing, not a move


def _is_typing(event: QKeyEvent) -> bool:
    """A key that changes text (printable character, Backspace, Delete, Enter) without Ctrl/Alt/Meta."""
    mods = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                | Qt.KeyboardModifier.MetaModifier)
    if mods != Qt.KeyboardModifier.NoModifier:
        return False
    text = event.text()
    return event.key() in TYPING_KEYS or bool(text and text.isprintable())


class MediaController(QObject):
    """Playback for the project open in `window` (player may be None: playback unavailable)."""

    mediaChanged = Signal(object)  # Path | None
    spotChanged = Signal(object)  # Spot | None
    videoChanged = Signal(bool)  # the attached media shows a picture (the video dock follows this)

    def __init__(self, window: MainWindow, player: Player | None, problem: str = "") -> None:
        super().__init__(window)
        self.window = window
        self.pane = window.transcript_pane
        self.settings = MediaSettings(window.settings)
        self.problem = problem  # why playback is unavailable or silent ("" when all is well)
        self.player: Player | None = None
        self.doc: Document | None = None
        self.timeline: Timeline | None = None
        self.ref: MediaRef | None = None
        self.media_path: Path | None = None
        self.spot: Spot | None = None
        self.has_video = False
        self.video_output: object = None  # the QVideoWidget the picture goes to (set by the video dock)
        self.follow = FollowGate(self.settings.get_bool(MediaKey.FOLLOW, True))
        self.typing = TypingPause(self.settings.get_bool(MediaKey.PAUSE_WHILE_TYPING, False),
                                  int(self.settings.get_float(MediaKey.REWIND_SECONDS, 2.0) * 1000))
        self.seek_on_cursor = self.settings.get_bool(MediaKey.SEEK_ON_CURSOR, False)
        self.skip_ms = int(self.settings.get_float(MediaKey.SKIP_SECONDS, 3.0) * 1000)
        self.speed = self.settings.get_float(MediaKey.SPEED, 1.0)
        self._stop_at: int | None = None  # "replay this segment" pauses at the segment's end
        self._last_key = float("-inf")
        self.bar = TransportBar()
        self.highlight = PlaybackHighlight(self.pane)
        self._resume_timer = QTimer(self)
        self._resume_timer.setInterval(150)
        self._resume_timer.timeout.connect(self._tick_typing)
        self._connect_bar()
        self._viewport = self.pane.viewport()  # kept: eventFilter runs during teardown, when calls would fail
        self.pane.installEventFilter(self)
        self._viewport.installEventFilter(self)
        self.pane.currentSegmentChanged.connect(self._on_cursor_segment)
        self.set_player(player)
        # The window parts, through the window's seams.
        self.dock: QDockWidget = chrome.make_dock(window, self.bar)
        self.video_dock: VideoDock | None = install_video(window, self)
        self.actions: dict[str, QAction] = chrome.make_actions(window, self)
        chrome.claim_keys(window, self.bar, self.actions)
        self.toggles = chrome.make_toggles(window, self)
        self.menu: QMenu = chrome.make_menu(window, self, self.actions, self.toggles, self.dock, self.video_dock,
                                            self.edit_keys)
        self.problem_label: QLabel | None = chrome.show_problem(window, self.bar, problem, player is not None)
        window.documentChanged.connect(self.set_document)
        window.keysChanged.connect(self._keys_changed)
        if window.doc is not None:
            self.set_document(window.doc)

    # ----- wiring ------------------------------------------------------------------------------------
    def _connect_bar(self) -> None:
        bar = self.bar
        bar.play_button.clicked.connect(self.play_pause)
        bar.back_button.clicked.connect(self.back)
        bar.forward_button.clicked.connect(self.forward)
        bar.replay_button.clicked.connect(self.replay_segment)
        bar.attach_button.clicked.connect(self.attach_dialog)
        bar.seekRequested.connect(self.seek)
        bar.speedChosen.connect(self.set_speed)
        bar.follow_box.setChecked(self.follow.enabled)
        bar.follow_box.toggled.connect(self.set_follow)
        bar.seek_box.setChecked(self.seek_on_cursor)
        bar.seek_box.toggled.connect(self.set_seek_on_cursor)
        bar.pause_typing_box.setChecked(self.typing.enabled)
        bar.pause_typing_box.toggled.connect(self.set_pause_while_typing)
        bar.show_speed(self.speed)

    def set_player(self, player: Player | None) -> None:
        """Use `player` (the real QMediaPlayer wrapper, or a stand-in in tests); reloads the media."""
        if self.player is not None:
            self.player.pause()
            for signal in (self.player.positionChanged, self.player.durationChanged, self.player.playingChanged,
                           self.player.errorOccurred, self.player.videoAvailableChanged):
                signal.disconnect()
        self.player = player
        self._on_video(False)
        if player is not None:
            player.positionChanged.connect(self._on_position)
            player.durationChanged.connect(self.bar.show_duration)
            player.playingChanged.connect(self._on_playing)
            player.errorOccurred.connect(self._on_error)
            player.videoAvailableChanged.connect(self._on_video)
            if self.video_output is not None:
                player.set_video_output(self.video_output)
            player.set_rate(self.speed)
            player.load(self.media_path)
        self._update_enabled()

    def available(self) -> bool:
        return self.player is not None

    def ready(self) -> bool:
        """A player and a media file: the transport can work."""
        return self.player is not None and self.media_path is not None

    def _status(self, text: str, timeout: int = 8000) -> None:
        self.window.statusBar().showMessage(text, timeout)

    # ----- the open document -----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if watched is self.pane and kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if _is_typing(event) and not self.pane.isReadOnly():
                self._on_typed()
            return False
        if (watched is self._viewport and kind == QEvent.Type.MouseButtonPress
                and isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            return self.seek_to_point(event.position().toPoint())
        return False

    def set_document(self, doc: Document | None) -> None:
        """Follow the window's Document (None: it was closed)."""
        if doc is self.doc:
            return
        if self.doc is not None:
            try:
                self.doc.changed.disconnect(self._on_doc_changed)
            except (RuntimeError, TypeError):  # already deleted
                pass
        self.doc = doc
        self._set_media(None, None)
        self.timeline = None if doc is None else Timeline(doc.transcript)
        if doc is not None:
            doc.changed.connect(self._on_doc_changed)
            self._find_media()

    def _on_doc_changed(self, dc: DocChange) -> None:
        if self.timeline is not None:
            self.timeline.invalidate(dc.change.segments, structure=dc.change.structure or dc.change.timings)
            if self.player is not None and self.media_path is not None:
                self._show_spot(self.player.position(), follow=False)

    # ----- attaching ----------------------------------------------------------------------------------------
    def _find_media(self) -> None:
        """On open: the stored media (checking it has not moved), else a media file beside the transcript."""
        assert self.doc is not None
        doc = self.doc
        ref = MediaRef.from_json(doc.get_meta(META_KEY))
        source = doc.source_path()
        if ref is None:
            for near in (source, doc.path):
                found = find_media_beside(near) if near is not None else None
                if found is not None and near is not None:
                    if self.attach(found, quiet=True):
                        self._status(f"Attached media {found.name} (found beside {near.name})")
                    return
            return
        extra = (source.parent,) if source is not None else ()
        resolved = resolve(ref, doc.path, extra)
        if resolved.status is MediaStatus.FOUND:
            self._set_media(resolved.path, ref)
        elif resolved.status is MediaStatus.MOVED:
            self._set_media(resolved.path, ref)
            self._store_ref(resolved.path)  # type: ignore[arg-type]
            self._status(resolved.message, 15000)
        elif resolved.status is MediaStatus.CHANGED:
            self.bar.media_label.setText(f"Media changed: {ref.name}")
            if ask(self.window, "Media file changed", resolved.message, "Locate…", "Use It Anyway"):
                self.locate_dialog()
            else:
                self._set_media(resolved.path, ref)
        else:
            self.ref = ref
            self.bar.media_label.setText(f"Media missing: {ref.name} (Playback > Locate Media…)")
            self._status(resolved.message, 15000)
            if ask(self.window, "Media file not found", resolved.message, "Locate…", "Not Now"):
                self.locate_dialog()

    def attach(self, path: str | Path, *, quiet: bool = False) -> bool:
        """Attach `path` to the open project (stored as a reference; the file is never copied)."""
        if self.doc is None:
            return False
        path = Path(path)
        try:
            ref = make_ref(path, self.doc.path)
        except UserError as exc:
            show_error(self.window, "Cannot attach media", str(exc))
            return False
        self._set_media(path.resolve(), ref)
        self._store_ref(path)
        if not quiet:
            self._status(f"Attached media {path.name}")
        return True

    def _store_ref(self, path: Path) -> None:
        assert self.doc is not None
        if self.doc.read_only:
            return  # still playable this session; the read-only project keeps its old link
        try:
            ref = make_ref(path, self.doc.path)
            self.doc.set_meta(META_KEY, ref.to_json())
            self.ref = ref
        except UserError as exc:
            show_error(self.window, "Cannot remember the media file", str(exc))

    def attach_dialog(self) -> None:
        if self.doc is None:
            self._status("Open a transcript first, then attach its recording.")
            return
        patterns = " ".join(f"*{ext}" for ext in MEDIA_EXTENSIONS)
        folder = str(self.doc.path.parent)
        path, _ = QFileDialog.getOpenFileName(self.window, "Attach media", folder,
                                              f"Audio and video ({patterns});;All files (*)")
        if path:
            self.attach(path)

    def locate_dialog(self) -> None:
        """Ask where the moved media file is now; warn if the chosen file is a different recording."""
        if self.doc is None or self.ref is None:
            self.attach_dialog()
            return
        patterns = " ".join(f"*{ext}" for ext in MEDIA_EXTENSIONS)
        path, _ = QFileDialog.getOpenFileName(self.window, f"Locate {self.ref.name}",
                                              str(self.doc.path.parent),
                                              f"Audio and video ({patterns});;All files (*)")
        if path:
            self.use_located(path)

    def use_located(self, path: str | Path) -> bool:
        """The user picked `path` for the missing media: check it, then attach it."""
        if self.ref is not None:
            warning = check_located(self.ref, path)
            if warning is not None and not ask(self.window, "A different file?", warning, "Use It", "Cancel"):
                return False
        return self.attach(path)

    def _set_media(self, path: Path | None, ref: MediaRef | None) -> None:
        self.media_path, self.ref = path, ref
        self._stop_at = None
        self.spot = None
        self.highlight.set_spot(None, None)
        self._on_video(False)  # known again once the backend has read the new file
        if self.player is not None:
            self.player.pause()
            self.player.load(path)
        if path is None:  # without a player, why there is none (it names the package to install)
            self.bar.media_label.setText(self.problem if self.player is None and self.problem else "No media attached")
        elif self.player is None:
            self.bar.media_label.setText(f"Media: {path.name} — {self.problem or 'playback unavailable'}")
        else:
            self.bar.media_label.setText(f"Media: {path.name}")
        self.bar.media_label.setToolTip("" if path is None else plain_tooltip(str(path)))
        self.bar.show_position(0, 0)
        self._update_enabled()
        self.mediaChanged.emit(path)

    def _update_enabled(self) -> None:
        ready = self.ready()
        for widget in (self.bar.play_button, self.bar.back_button, self.bar.forward_button, self.bar.replay_button,
                       self.bar.slider, self.bar.speed):
            widget.setEnabled(ready)

    # ----- transport -------------------------------------------------------------------------------------------
    def play_pause(self) -> None:
        if not self.ready():
            self._status(self.problem if self.player is None else "No media attached: Playback > Attach Media…")
            return
        assert self.player is not None
        if self.player.is_playing():
            self.player.pause()
            self.typing.paused_by_user()
            self._resume_timer.stop()
        else:
            self._stop_at = None
            self.play()

    def play(self) -> None:
        if self.ready():
            self.typing.played()
            self.player.play()

    def seek(self, position: int) -> None:
        if not self.ready():
            return
        assert self.player is not None
        position = clamp_position(int(position), self.player.duration())
        self.player.set_position(position)
        self._show_spot(position, follow=True)

    def back(self) -> None:
        if self.ready():
            self.seek(skip(self.player.position(), -self.skip_ms, self.player.duration()))

    def forward(self) -> None:
        if self.ready():
            self.seek(skip(self.player.position(), self.skip_ms, self.player.duration()))

    def slower(self) -> None:
        self.set_speed(step_speed(self.speed, -1))

    def faster(self) -> None:
        self.set_speed(step_speed(self.speed, +1))

    def set_speed(self, speed: float) -> None:
        self.speed = speed
        if self.player is not None:
            self.player.set_rate(speed)
        self.bar.show_speed(speed)
        self.settings.set(MediaKey.SPEED, speed)
        self._status(f"Speed {speed:g}×", 2000)

    def replay_segment(self) -> None:
        """Play the segment at the cursor from its start, pausing at its end."""
        if not self.ready() or self.timeline is None:
            self.play_pause()  # says why nothing plays
            return
        span = self.timeline.segment_span(self.pane.textCursor().blockNumber())
        if span is None:
            self._status("This segment has no time to replay (the transcript has no timings here).")
            return
        self.seek(span[0])
        self.play()
        self._stop_at = span[1]


    def seek_to_point(self, point: QPoint) -> bool:
        """Ctrl+click: seek to the word under `point`; True when the click was used."""
        if not self.ready() or self.timeline is None:
            return False
        cursor = self.pane.cursorForPosition(point)
        return self._seek_to_text(cursor.blockNumber(), cursor.positionInBlock())

    def _seek_to_text(self, block: int, offset: int) -> bool:
        if not self.ready() or self.timeline is None or not 0 <= block < len(self.timeline.transcript):
            return False
        target = self.timeline.seek_target(block, offset)
        if target is None:
            self._status("No time here: this part of the transcript has no timings.", 3000)
            return False
        self.seek(target)
        return True

    def edit_keys(self) -> None:
        """Playback > Keyboard Shortcuts…: the Help menu's dialog, showing the playback commands."""
        self.window.help.show_shortcuts(find="Playback")

    def _keys_changed(self) -> None:
        """The user changed keys: playback's (new) keys are claimed again and its tooltips show them."""
        chrome.claim_keys(self.window, self.bar, self.actions)

    # ----- toggles ---------------------------------------------------------------------------------------------
    def set_follow(self, enabled: bool) -> None:
        self.follow.enabled = enabled
        self.settings.set(MediaKey.FOLLOW, enabled)
        self.bar.follow_box.setChecked(enabled)

    def set_seek_on_cursor(self, enabled: bool) -> None:
        self.seek_on_cursor = enabled
        self.settings.set(MediaKey.SEEK_ON_CURSOR, enabled)
        self.bar.seek_box.setChecked(enabled)

    def set_pause_while_typing(self, enabled: bool) -> None:
        self.typing.enabled = enabled
        self.settings.set(MediaKey.PAUSE_WHILE_TYPING, enabled)
        self.bar.pause_typing_box.setChecked(enabled)

    # ----- player -> view ----------------------------------------------------------------------------------------
    def _on_position(self, position: int) -> None:
        if self.player is None:
            return
        if self._stop_at is not None and position >= self._stop_at:
            self._stop_at = None
            self.player.pause()
            self.typing.paused_by_user()
        self._show_spot(position, follow=True)

    def _show_spot(self, position: int, *, follow: bool) -> None:
        duration = self.player.duration() if self.player is not None else 0
        self.bar.show_position(position, duration)
        spot = self.timeline.spot_at(position) if self.timeline is not None else None
        if spot == self.spot:
            return
        moved_segment = spot is not None and (self.spot is None or self.spot.segment != spot.segment)
        self.spot = spot
        self.highlight.set_spot(None if spot is None else spot.segment, None if spot is None else spot.word)
        if follow and moved_segment and self.follow.may_follow(time.monotonic()):
            self.ensure_visible(spot.segment)
        self.spotChanged.emit(spot)

    def ensure_visible(self, number: int) -> None:
        """Scroll so block `number` is in view (a third from the top) without moving the cursor."""
        block = self.pane.document().findBlockByNumber(number)
        if not block.isValid():
            return
        geometry = self.pane.blockBoundingGeometry(block).translated(self.pane.contentOffset())
        height = self.pane.viewport().height()
        if geometry.top() >= 0 and geometry.bottom() <= height:
            return
        line_height = max(1, self.pane.fontMetrics().lineSpacing())
        bar = self.pane.verticalScrollBar()
        bar.setValue(max(0, block.firstLineNumber() - height // line_height // 3))

    def _on_playing(self, playing: bool) -> None:
        self.bar.show_playing(playing)
        if not playing and not self.typing.waiting():
            self.typing.paused_by_user()  # stopped for another reason (end of media, error)

    def set_video_output(self, widget: object) -> None:
        """Send the picture of video media to `widget` (a QVideoWidget)."""
        self.video_output = widget
        if self.player is not None:
            self.player.set_video_output(widget)

    def _on_video(self, has_video: bool) -> None:
        has_video = bool(has_video) and self.media_path is not None
        if has_video != self.has_video:
            self.has_video = has_video
            self.videoChanged.emit(has_video)

    def _on_error(self, message: str) -> None:
        name = self.media_path.name if self.media_path else "media"
        self._status(f"{name}: {message}", 15000)
        self.bar.media_label.setText(f"Cannot play {name}: {message}")

    # ----- typing ---------------------------------------------------------------------------------------------------
    def _on_typed(self) -> None:
        now = time.monotonic()
        self._last_key = now
        self.follow.key_typed(now)
        if self.player is None or not self.player.is_playing():
            return
        if self.typing.key_typed(now, self.player.position()):
            self.player.pause()
            self._resume_timer.start()

    def _tick_typing(self) -> None:
        resume = self.typing.tick(time.monotonic())
        if resume is None:
            if not self.typing.waiting():
                self._resume_timer.stop()
            return
        self._resume_timer.stop()
        if self.ready():
            self.player.set_position(resume.position)
            self.player.play()

    def _on_cursor_segment(self, _segment_id: str) -> None:
        """Seek-on-cursor-move: entering another segment (click, arrows) plays from the word at the caret
        (the segment start when its words have no times)."""
        if not self.seek_on_cursor or not self.ready() or self.timeline is None:
            return
        if time.monotonic() - self._last_key < CURSOR_SEEK_QUIET_S:
            return  # Enter or Backspace moved the cursor as part of an edit
        cursor = self.pane.textCursor()
        number = cursor.blockNumber()
        if self.spot is not None and self.spot.segment == number:
            return
        if 0 <= number < len(self.timeline.transcript):
            target = self.timeline.seek_target(number, cursor.positionInBlock())
            if target is not None:
                self.seek(target)
