"""Background work for the review GUI.

`DetectorClient` runs the suspect detector in a child process (editor/review_service.py): the detector is
pure Python and a full check of a long transcript takes seconds of CPU; on a thread it would hold the GIL
against the GUI thread and make typing stutter. One child serves every window of the app (one session per
client); it is started with "spawn" (never fork a process that runs Qt) when the first document opens, and
stopped when the application quits (and at exit). Replies are picked up by a QTimer polling the pipe while
jobs are pending, so the GUI thread never waits on the child. If no process can be started, the detector
runs on a thread instead (logged).

`CheckWorker` is the thread-based serial job queue (the history dock's short change summary uses it).
"""

from __future__ import annotations

import atexit
import itertools
import logging
import multiprocessing
import pickle
import queue
import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QObject, QRunnable, QThreadPool, QTimer, Signal

from editor.core.model import Segment, Transcript
from editor.review_service import (
    PROTOCOL,
    Check,
    CheckJob,
    CheckProgress,
    CheckResult,
    CheckSession,
    CloseSession,
    FullResult,
    PackedSegment,
    SegmentResult,
    StopCheck,
    pack_segment,
    serve,
    unpack_result,
)

log = logging.getLogger(__name__)
POLL_MS = 20  # how often pending replies are looked for (only while jobs are pending)


# ----- a serial job queue on one thread ------------------------------------------------------------------------
class WorkerState:
    """What lives on the worker thread between jobs (the fallback detector session)."""

    def __init__(self) -> None:
        self.session = CheckSession()


class _Relay(QObject):
    done = Signal(object, object)  # token, result (or the exception the job raised)
    progress = Signal(object, object)  # token, CheckProgress


class _Job(QRunnable):
    def __init__(self, state: WorkerState, relay: _Relay, token: Any, fn: Callable[[WorkerState], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python keeps the reference (see CheckWorker._jobs)
        self.state, self.relay, self.token, self.fn = state, relay, token, fn

    def run(self) -> None:
        try:
            result: Any = self.fn(self.state)
        except Exception as exc:  # reported on the UI thread, never lost in the pool
            log.exception("background job failed")
            result = exc
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


# ----- the shared child process ----------------------------------------------------------------------------------
class CheckProcessError(RuntimeError):
    """The checker process failed a job or stopped."""


class _CheckProcess:
    """The child process and its two pipes. Messages to it are written by a sender thread, because a write
    to a full pipe blocks until the (busy) child reads; pickling happens on the caller's thread."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.requests_in, self.requests_out = ctx.Pipe(duplex=False)
        self.replies_in, self.replies_out = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=serve, args=(self.requests_in, self.replies_out),
                                   name="transcript-editor-checker", daemon=True)
        self.process.start()
        self.requests_in.close()  # the child's ends
        self.replies_out.close()
        self.pending: dict[int, tuple[weakref.ref, Any]] = {}  # job id -> (client, token)
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        self._sender = threading.Thread(target=self._send_loop, name="checker-sender", daemon=True)
        self._sender.start()

    def alive(self) -> bool:
        return self.process.is_alive()

    def send(self, job_id: int, session: int, job: CheckJob | CloseSession | StopCheck) -> None:
        self._outbox.put(pickle.dumps((job_id, session, job), PROTOCOL))

    def _send_loop(self) -> None:
        while True:
            data = self._outbox.get()
            try:
                self.requests_out.send_bytes(pickle.dumps(None, PROTOCOL) if data is None else data)
            except (OSError, ValueError):
                return
            if data is None:
                return

    def replies(self) -> list[tuple[int, bool, Any]]:
        """Every reply that has arrived (never blocks for long: a reply is written in one piece)."""
        out = []
        try:
            while self.replies_in.poll():
                out.append(pickle.loads(self.replies_in.recv_bytes()))
        except (EOFError, OSError):
            pass
        return out

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the child to end (via the sender: the GUI thread never writes to the pipe), then make sure."""
        self._outbox.put(None)
        self.replies_in.close()  # a child blocked writing a reply nobody will read gets EPIPE and ends
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(1.0)
        self._sender.join(1.0)
        self.requests_out.close()


_process: _CheckProcess | None = None
_process_failed = False
_job_ids = itertools.count(1)
_session_ids = itertools.count(1)


def _shared_process() -> _CheckProcess | None:
    """The running checker process, started on first use (None if processes cannot be started here)."""
    global _process, _process_failed
    if _process is not None and _process.alive():
        return _process
    if _process is not None:  # it died: its pending jobs are reported as failed by poll_replies()
        log.warning("the suspect checker process stopped (exit code %s); starting a new one",
                    _process.process.exitcode)
    if _process_failed:
        return None
    try:
        _process = _CheckProcess()
    except Exception:  # e.g. a frozen app without multiprocessing support
        log.exception("cannot start the suspect checker process; checking on a thread instead")
        _process_failed = True
        _process = None
        return None
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(stop_check_process)
    return _process


def start_check_process() -> None:
    """Start the checker process now (it loads the language model, ~0.7 s), so that it is ready by the time the
    first document has opened instead of starting then."""
    _shared_process()


def stop_check_process() -> None:
    """Stop the checker process (application quit, exit)."""
    global _process
    process, _process = _process, None
    if process is not None:
        for client_ref, token in process.pending.values():
            client = client_ref()
            if client is not None:
                client._forget(token)
        process.stop()


atexit.register(stop_check_process)


def poll_replies(process: _CheckProcess) -> None:
    """Hand every reply that has arrived to the client that asked (on the GUI thread)."""
    for job_id, ok, result in process.replies():
        if isinstance(result, CheckProgress):  # the job goes on
            client_ref, token = process.pending.get(job_id, (None, None))
            client = client_ref() if client_ref is not None else None
            if client is not None:
                client.progress.emit(token, result)
            continue
        client_ref, token = process.pending.pop(job_id, (None, None))
        client = client_ref() if client_ref is not None else None
        if client is not None:
            client._deliver(token, result if ok else CheckProcessError(str(result).split("\n")[0]), job_id)
    if not process.alive():  # nothing more will come: fail what is left
        for job_id, (client_ref, token) in list(process.pending.items()):
            del process.pending[job_id]
            client = client_ref()
            if client is not None:
                client._deliver(token, CheckProcessError("the suspect checker process stopped"), job_id)


# ----- the client one controller talks to -----------------------------------------------------------------------
class DetectorClient(QObject):
    """Checks one document for suspects in the checker process; `finished(token, result)` on the GUI thread.

    It keeps track of what the child's mirror of the transcript holds, so each job sends only the segments
    that changed (and the segment order when the structure changed). The result is the check's own result
    type (review_service.CheckResult, with Suspects), None for a job without a check, or an Exception.
    """

    finished = Signal(object, object)
    progress = Signal(object, object)  # token, CheckProgress: how far a full check is (it goes on)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = next(_session_ids)
        self._process: _CheckProcess | None = None
        self._sent: dict[str, Segment] = {}  # what the child's mirror holds, by id
        self._order: list[str] | None = None
        self._kwargs: dict[str, Any] | None = None  # the detector settings, resent to a restarted child
        self._pending: dict[int, Any] = {}  # job id -> token (process mode)
        self._thread: CheckWorker | None = None  # fallback when no process can run
        self._stopped: set[Any] = set()  # tokens of full checks to stop (fallback thread)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._on_poll)

    @property
    def in_process(self) -> bool:
        """True when the detector runs in the child process (False: on the fallback thread)."""
        return self._thread is None

    def submit(self, token: Any, transcript: Transcript | None, *, check: Check | None = None,
               detector: dict[str, Any] | None = None, decisions: dict[str, Any] | None = None,
               reset: bool = False) -> None:
        """Bring the child's mirror up to `transcript` (None: leave it), update the detector (new `detector`
        settings, or the user's latest `decisions`: ReviewData.decisions()), then run `check` (its result, or an
        Exception, comes with `finished`)."""
        if detector is not None:
            self._kwargs = dict(detector)
        elif decisions is not None and self._kwargs is not None:
            self._kwargs.update(decisions)  # (what a restarted child is given: ReviewData's latest, not a patch)
        process = self._backend()
        if process is not None and process is not self._process:  # a new child: it knows nothing yet
            self._process = process
            reset, detector = True, detector if detector is not None else self._kwargs
            self._sent, self._order = {}, None
            if transcript is None and self._sent_transcript is not None:
                transcript = self._sent_transcript
        if transcript is not None and transcript is not self._sent_transcript:
            reset = True  # another document: the child builds a new mirror
        if reset:
            self._sent, self._order = {}, None
        job = CheckJob(check=check, reset=reset, detector=detector, decisions=decisions)
        if transcript is not None:
            job.order, job.segments = self._delta(transcript)
            self._sent_transcript = transcript
        if process is None:
            self._thread_submit(token, job)
            return
        job_id = next(_job_ids)
        process.pending[job_id] = (weakref.ref(self), token)
        self._pending[job_id] = token
        process.send(job_id, self._session, job)
        self._poll.start()

    _sent_transcript: Transcript | None = None

    def _delta(self, transcript: Transcript) -> tuple[list[str] | None, list[PackedSegment]]:
        """(new order if it changed, packed segments the child does not have yet); records them as sent."""
        segments = transcript.segments
        sent = self._sent
        changed = [pack_segment(s) for s in segments if sent.get(s.id) is not s]
        order = [s.id for s in segments]
        new_order = order if order != self._order else None
        if changed or new_order is not None:
            self._sent = {s.id: s for s in segments}
            self._order = order
        return new_order, changed

    def _backend(self) -> _CheckProcess | None:
        if self._thread is not None:
            return None
        process = _shared_process()
        if process is None:
            self._thread = CheckWorker(self)
            self._thread.finished.connect(self.finished)
            self._thread._relay.progress.connect(self.progress)
        return process

    def _thread_submit(self, token: Any, job: CheckJob) -> None:
        relay = self._thread._relay
        stopped = self._stopped

        def progress(done: int, total: int) -> bool:
            if token in stopped:
                return False
            relay.progress.emit(token, CheckProgress(done, total))
            return True

        def run(state: WorkerState) -> CheckResult | None:
            try:
                result = state.session.handle(job, progress)
            finally:
                stopped.discard(token)
            return None if result is None else unpack_result(result)

        self._thread.submit(token, run)

    def stop(self, token: Any) -> None:
        """Stop the full check submitted with `token` after the part it is in (if it is still running): its
        result comes as usual, with what was found so far (FullResult.checked says how far it got)."""
        if self._thread is not None:
            if any(job.token is token for job in self._thread._jobs):
                self._stopped.add(token)
            return
        process = self._process
        for job_id, pending in self._pending.items():
            if pending is token and process is not None:
                process.send(job_id, self._session, StopCheck(job_id))

    def busy(self) -> bool:
        if self._thread is not None:
            return self._thread.busy()
        return bool(self._pending)

    def _on_poll(self) -> None:
        process = self._process
        if process is not None:
            poll_replies(process)
        if not self._pending:
            self._poll.stop()

    def _deliver(self, token: Any, result: Any, job_id: int) -> None:
        self._pending.pop(job_id, None)
        if isinstance(result, FullResult | SegmentResult):
            result = unpack_result(result)
        if isinstance(result, CheckProcessError):
            log.warning("suspect check failed: %s", result)
            if str(result).startswith("the suspect checker process stopped"):
                self._process = None  # the next job starts a new child and resends everything
        self.finished.emit(token, result)

    def _forget(self, token: Any) -> None:
        self._pending = {k: v for k, v in self._pending.items() if v is not token}

    def wait(self, msecs: int = -1) -> bool:
        """Deliver replies until no job is pending (tests, shutdown); False on timeout."""
        if self._thread is not None:
            return self._thread.wait(msecs)
        clock = QElapsedTimer()
        clock.start()
        while self._pending and (msecs < 0 or clock.elapsed() < msecs):
            if self._process is None:
                return False
            if self._process.replies_in.poll(0.01):
                poll_replies(self._process)
            elif not self._process.alive():
                poll_replies(self._process)
        return not self._pending

    def shutdown(self) -> None:
        """Drop this client's jobs and free its session in the child (the process serves other windows)."""
        self._poll.stop()
        if self._thread is not None:
            self._thread.shutdown()
            return
        process = self._process
        if process is not None:
            for job_id in self._pending:
                process.pending.pop(job_id, None)
            if process.alive():
                process.send(next(_job_ids), self._session, CloseSession())
        self._pending.clear()
        self._sent, self._order, self._sent_transcript = {}, None, None
