"""Runs the (pure Python) detector on one background thread so a long transcript never blocks the UI.

Jobs run one at a time, in order, on a single pool thread: the detector and its mirror transcript are only
ever touched there. Results come back to the UI thread through a queued signal.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from editor.core.model import Transcript
from editor.review import Detector

log = logging.getLogger(__name__)
# While a job runs, let the UI thread get the GIL back sooner than Python's default 5 ms (typing stays smooth).
JOB_SWITCH_INTERVAL = 0.001


class WorkerState:
    """What lives on the worker thread: the detector and the transcript it has indexed."""

    def __init__(self) -> None:
        self.detector: Detector | None = None
        self.mirror = Transcript()


class _Relay(QObject):
    done = Signal(object, object)  # token, result (or the exception the job raised)


class _Job(QRunnable):
    def __init__(self, state: WorkerState, relay: _Relay, token: Any, fn: Callable[[WorkerState], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps the reference (see CheckWorker._jobs)
        self.state, self.relay, self.token, self.fn = state, relay, token, fn

    def run(self) -> None:
        previous = sys.getswitchinterval()
        sys.setswitchinterval(JOB_SWITCH_INTERVAL)
        try:
            result: Any = self.fn(self.state)
        except Exception as exc:  # noqa: BLE001 (reported on the UI thread, never lost in the pool)
            log.exception("review check failed")
            result = exc
        finally:
            sys.setswitchinterval(previous)
        self.relay.done.emit(self.token, result)


class CheckWorker(QObject):
    """A serial job queue on one thread; `finished(token, result)` arrives on the UI thread."""

    finished = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = WorkerState()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._jobs: list[_Job] = []

    def submit(self, token: Any, fn: Callable[[WorkerState], Any]) -> None:
        """Queue `fn(state)`; its result is delivered with `token`."""
        job = _Job(self.state, self._relay, token, fn)
        self._jobs.append(job)
        self._pool.start(job)

    def busy(self) -> bool:
        return bool(self._jobs)

    def _on_done(self, token: Any, result: Any) -> None:
        self._jobs = [j for j in self._jobs if j.token is not token]
        self.finished.emit(token, result)

    def wait(self, msecs: int = -1) -> bool:
        """Block until queued jobs are done (tests, shutdown)."""
        return self._pool.waitForDone(msecs)

    def shutdown(self) -> None:
        """Drop jobs that have not started and wait for the running one."""
        self._pool.clear()
        self._pool.waitForDone()
