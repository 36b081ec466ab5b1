"""Long work (importing a large transcript, opening a large project) on a thread, behind a progress dialog with
Cancel, so the window keeps painting and the user can change their mind.

The work reports through editor.progress; Cancel makes its next report raise `Cancelled`, and the work unwinds
through its own cleanup (a project file half written is removed). The dialog shows only when the work takes
longer than SHOW_AFTER_MS, so opening a small file looks as before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QElapsedTimer, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from editor.progress import Cancelled, reporting

T = TypeVar("T")
SHOW_AFTER_MS = 400
POLL_MS = 50
STAGES = {"reading": "Reading", "saving": "Saving the project", "opening": "Opening the project"}


class _Shared:
    """What the work thread and the GUI thread both touch (plain values; the GIL keeps them whole)."""

    def __init__(self) -> None:
        self.stage = ""
        self.done = 0
        self.total = 0
        self.cancelled = False
        self.finished = False
        self.result: Any = None
        self.error: BaseException | None = None


class _Done(QObject):
    """Tells the GUI thread the work ended (a signal emitted on the work thread is queued to the GUI thread)."""

    done = Signal()


def run_with_progress(parent: QWidget | None, title: str, what: str, work: Callable[[], T]) -> T:
    """Run `work()` on a thread while a progress dialog (after SHOW_AFTER_MS) shows how far it is; its result,
    or the exception it raised (`Cancelled` when the user pressed Cancel)."""
    shared = _Shared()
    finished = _Done()

    def progress(stage: str, done: int, total: int) -> None:
        if shared.cancelled:
            raise Cancelled()
        shared.stage, shared.done, shared.total = stage, done, total

    def run() -> None:
        try:
            with reporting(progress):
                shared.result = work()
        except BaseException as exc:  # noqa: BLE001 (handed to the GUI thread and raised there)
            shared.error = exc
        finally:
            shared.finished = True
            finished.done.emit()  # ends the wait at once, not at the next poll (up to POLL_MS later)

    dialog = QProgressDialog(what, "Cancel", 0, 0, parent)
    label = QLabel(what)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a file name is shown as written, never as markup
    dialog.setLabel(label)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(24 * 3600 * 1000)  # shown by `poll` below, after SHOW_AFTER_MS
    clock = QElapsedTimer()
    clock.start()
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(POLL_MS)

    def poll() -> None:
        if shared.finished:
            loop.quit()
            return
        if not dialog.isVisible() and not shared.cancelled and clock.elapsed() >= SHOW_AFTER_MS:
            dialog.show()
        if dialog.wasCanceled() and not shared.cancelled:
            shared.cancelled = True
            dialog.setLabelText(f"{what}\nCancelling…")
            dialog.setCancelButton(None)  # (it would only cancel again)
            dialog.show()
        elif shared.total and not shared.cancelled:
            stage = STAGES.get(shared.stage, shared.stage.capitalize())
            dialog.setLabelText(f"{what}\n{stage}…")
            dialog.setMaximum(1000)
            dialog.setValue(min(999, shared.done * 1000 // max(shared.total, 1)))

    timer.timeout.connect(poll)
    finished.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    thread = threading.Thread(target=run, name="long-work", daemon=True)
    thread.start()
    timer.start()
    loop.exec()
    timer.stop()
    thread.join()
    shown = dialog.isVisible()
    dialog.close()
    dialog.deleteLater()
    if shown and parent is not None:
        parent.window().activateWindow()  # the dialog had the keyboard: give it back (window shortcuts, Ctrl+Z)
    if shared.error is not None:
        raise shared.error
    if shared.cancelled:  # finished before it saw the cancel: the caller drops the result
        raise Cancelled(shared.result)
    return shared.result


def discard_cancelled(cancelled: Cancelled) -> None:
    """Close what a cancelled opening produced after all (it finished before it saw the Cancel); a project it
    had just made is removed, so the next open imports afresh."""
    from editor.store.project import Project

    project = cancelled.args[0] if cancelled.args else None
    if isinstance(project, Project):
        created = project.created
        project.close(force=True)
        if created:
            project.path.unlink(missing_ok=True)
