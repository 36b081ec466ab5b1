"""Run many independent jobs on forked copies of this process, the parent helping, with a serial fallback.

Used by the detector's first full check: the per-segment work needs the loaded models (hundreds of MB that a
fresh process would take ~0.6 s to load), and a forked child shares them for free. Only Linux forks here (macOS
system libraries are not fork-safe, Windows cannot fork). Everywhere else, or when no fork succeeds, the caller
does the jobs itself; a child that dies or gets no CPU is made up for by the parent, which never waits long for
a child: once the queue is empty it waits only for helpers that keep sending results, and does the jobs still
out with the others itself, so a run is never much slower than a serial one (the cost is a fork and, at worst,
part of a chunk done twice). Results never depend on who computed them.

Children run pure Python over data they inherited and leave with os._exit (no atexit handlers, no flushing of
inherited buffers, no Qt). Jobs are handed out in chunks through a pipe that all processes read from, so a
slow process takes fewer chunks; a child sends its results back (marshalled) a few jobs at a time as soon as
they are done, so the parent can carry on with them while the children work.
"""

from __future__ import annotations

import marshal
import os
import select
import signal
import struct
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

MAX_PROCESSES = 8  # past this the parent's own serial work dominates
_RECORD = struct.Struct("=I")  # one chunk number in the queue pipe
_MAX_CHUNKS = 4096  # all chunk numbers must fit into the pipe buffer (64 KiB) before anyone reads
_FRAME_JOBS = 64  # results a helper sends at a time (10 h: ~80 frames, each a few ms of the parent's work)
STALLED = 0.15  # seconds without results after which the parent stops waiting for a helper and does its jobs
# (a frame of results takes a helper ~0.04 s on 10 h, on a CPU of its own)
FAIR_PACE = 0.75  # ... or as soon as the helper has done fewer jobs a second than this share of the parent's


def fork_available() -> bool:
    """True where forking a worker that shares the loaded models is safe and possible (Linux)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def usable_cpus() -> int:
    """CPUs this process may run on (respects affinity masks and container CPU sets)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def runnable_now(samples: int = 3, gap: float = 0.001) -> int | None:
    """Tasks of other processes that want a CPU right now: the fewest runnable tasks the kernel reports in a
    few readings of /proc/loadavg (its fourth field, 'running/total'), this process taken out. None where the kernel
    gives no such figure. The fewest, because a busy program (a build, a video call) is runnable in every reading
    while a short burst (a shell prompt, a file manager) is in one at most."""
    counts = []
    for i in range(samples):
        try:
            with open("/proc/loadavg", "rb") as stream:
                running = int(stream.read().split()[3].split(b"/")[0])
        except (OSError, ValueError, IndexError):
            return None
        counts.append(running - 1)  # (this process is running while it reads)
        if i + 1 < samples:
            time.sleep(gap)
    return max(0, min(counts))


def free_cpus() -> float:
    """Usable CPUs that other work leaves idle now. Linux: usable CPUs minus the tasks of other processes that are
    runnable at this moment (runnable_now). Elsewhere: usable CPUs minus this machine's share of the 1-minute load
    average (on a host with more CPUs than this process may use, the load is shared out in proportion).

    Not the load average where the kernel tells more: it trails by a minute, and counts this command's own
    previous run. Checking two files one after the other, the second check saw load 1.1 on 2 idle CPUs and ran
    serially (10 h: 3.77 s wall against 2.0 s forked)."""
    usable = usable_cpus()
    total = os.cpu_count() or usable
    others: float | None = runnable_now()
    if others is None:
        try:
            others = os.getloadavg()[0]
        except (AttributeError, OSError):
            return float(usable)  # no load figure (Windows): assume the CPUs are free
    return max(0.0, usable - others * usable / max(total, usable))


def processes_for(jobs: int, jobs_per_process: int, limit: int) -> int:
    """Processes (this one included) worth using for `jobs` equal jobs: one per `jobs_per_process` jobs (a fork and
    the warming of a helper's caches must pay off), one per free CPU (a helper on a busy CPU only slows the
    others down: on a loaded 2-core machine two processes were slower than one), at most `limit`."""
    by_work = jobs // max(1, jobs_per_process)
    if min(by_work, usable_cpus(), limit) <= 1:
        return 1  # (without reading the load)
    by_cpus = int(free_cpus() + 0.5)  # this process takes one of the free CPUs; more than half idle counts as one
    return max(1, min(by_work, by_cpus, usable_cpus(), limit))


@dataclass
class ParallelRun:
    """What one run did: processes that worked (1 = serial), children forked, jobs their results covered."""

    processes: int = 1
    forked: int = 0
    child_jobs: int = 0
    failed_children: int = 0
    overtaken: int = 0  # helpers stopped unheard from because this process had done their last jobs itself


def guided_bounds(weights: Sequence[float], processes: int, smallest: float) -> list[int]:
    """Where each chunk of jobs 0..len(weights)-1 begins, then len(weights), for `processes` processes sharing
    them out (guided scheduling): each chunk takes 1/processes of the work (the sum of the jobs' weights) not yet
    in a chunk, but at most 1/(2 * processes) and at least `smallest` of the whole work, so chunks shrink as the
    work runs out. Few chunks because each costs some set-up (the detector's batched look-ups: 24 chunks of a
    10 h check cost ~0.3 s more CPU than 8); none too large because no process can take over the rest of
    another's chunk but the parent (Pool.work): with a chunk of 38% of the work, the parent on a busy CPU kept
    the helper idle for the last third of a run; a helper sends its first results only once its chunk's batched
    look-ups are done; small chunks at the end, as they are about what a run loses."""
    if not weights:
        return [0]
    total = float(sum(weights))
    parts = max(1, processes)
    floor = total * smallest
    ceiling = total / (2 * parts) if parts > 1 else total
    left = total
    bounds = [0]
    target = max(min(left / parts, ceiling), floor)
    taken = 0.0
    for i, weight in enumerate(weights[:-1]):
        taken += weight
        if taken >= target:
            bounds.append(i + 1)
            left -= taken
            taken = 0.0
            target = max(min(left / parts, ceiling), floor)
    return bounds + [len(weights)]


class Pool:
    """Forked helpers for jobs 0..n-1; the parent calls `work()` to do chunks itself and take in theirs.

    `compute(i)` must return a marshal-able value and must not depend on which process runs it."""

    def __init__(self, n_jobs: int, processes: int, compute: Callable[[int], Any], chunk: int,
                 bounds: list[int] | None = None) -> None:
        """`chunk`: jobs per chunk; or `bounds`: where each chunk begins, then n_jobs (see guided_bounds)."""
        self.run = ParallelRun()
        self._compute = compute
        self._n_jobs = n_jobs
        if bounds is None or len(bounds) - 1 > _MAX_CHUNKS:
            chunk = max(1, chunk, -(-n_jobs // _MAX_CHUNKS))
            bounds = [*range(0, n_jobs, chunk), n_jobs]
        self._bounds = bounds
        n_chunks = len(bounds) - 1
        self._children: list[_Child] = []
        self._queue = -1
        self._orphans: range = range(0)  # first chunks of children that could not be forked
        self._done = bytearray(0)  # per job: 1 once run here or taken from a helper
        children = max(0, min(processes, MAX_PROCESSES, n_chunks) - 1)
        if not children:
            return
        read, write = os.pipe()
        # each child starts on a chunk of its own, so every forked child does some work; the rest are shared
        os.write(write, b"".join(_RECORD.pack(c) for c in range(children, n_chunks)))
        os.close(write)
        self._queue = read
        for number in range(children):
            try:
                result_read, result_write = os.pipe()
            except OSError:
                break  # out of file descriptors: the parent and the children so far do the jobs
            try:
                pid = os.fork()
            except OSError:
                os.close(result_read)
                os.close(result_write)
                break  # no more processes or memory
            if pid == 0:  # child
                os.close(result_read)
                self._child(number, result_write)  # never returns
            os.close(result_write)
            _grow_pipe(result_read)
            os.set_blocking(result_read, False)
            self._children.append(_Child(pid, result_read))
        self.run.forked = len(self._children)
        self.run.processes = 1 + len(self._children)
        self._orphans = range(len(self._children), children)
        if not self._children:
            self._close_queue()  # nobody to share with: the caller does every job itself

    # ----- in the parent -------------------------------------------------------------------------------------
    def work(self, run_job: Callable[[int], None], take: Callable[[int, Any], None]) -> None:
        """Do chunks from the shared queue here (run_job(i) per job); every few jobs, hand each result a helper
        sent to take(i, value). Once the queue is empty, take in the helpers' last results as they come, and do
        the jobs still out with a helper that has sent nothing for a while (STALLED seconds) here as well, last
        chunk first; stop the helpers when every job is done. A helper that gets no CPU (a busy machine) or dies
        costs at most the fork and that wait, never more. Each job is run or taken exactly once; which process
        computed it never changes its value."""
        if self._queue < 0:
            return
        done = self._done = bytearray(self._n_jobs)
        started = time.monotonic()
        ran = 0
        for chunk in chain(self._orphans, self._chunks()):  # lazily: one chunk at a time
            for n, i in enumerate(self._jobs(chunk), start=1):
                run_job(i)
                done[i] = 1
                if n % _FRAME_JOBS == 0:
                    self._collect(take)  # (a helper whose pipe is full waits for this)
            ran += len(self._jobs(chunk))
            self._collect(take)
        self._close_queue()
        own_rate = ran / max(time.monotonic() - started, 1e-6)  # jobs a second here (helpers' count from the fork)
        # the chunks still out, the last first; each from its front, as a helper does it (work that batches
        # look-ups over the next jobs, like the context signal's, keeps its batches whole)
        for chunk in range(len(self._bounds) - 2, -1, -1):
            for i in self._jobs(chunk):
                while not done[i] and self._children:
                    self._collect(take)
                    if done[i] or not self._await_helpers(own_rate):
                        break
                if not done[i]:
                    run_job(i)
                    done[i] = 1
        if self._children:
            self._collect(take)  # (only to tell helpers that ended, failed or not, from those overtaken)
        self.run.overtaken = len(self._children)
        self.close()

    def _await_helpers(self, own_rate: float) -> bool:
        """Wait for more results from the helpers, as long as one of them is getting on about as fast as this
        process (FAIR_PACE of its jobs a second, or more) and has sent some within the last STALLED seconds: it
        then does the jobs about as soon as this process would, at no extra CPU. False at once when none is (a
        helper on a busy CPU: this process does its jobs rather than wait longer than it would take)."""
        now = time.monotonic()
        waiting = [child for child in self._children
                   if now - child.heard < STALLED and child.jobs >= FAIR_PACE * own_rate * (now - child.forked)]
        if not waiting:
            return False
        select.select([child.fd for child in waiting], [], [], min(STALLED - (now - child.heard) for child in waiting))
        return True

    def close(self) -> None:
        """Stop and reap any children left (after an error in the parent)."""
        self._close_queue()
        children, self._children = self._children, []
        for child in children:
            child.stop()

    # ----- helpers ---------------------------------------------------------------------------------------
    def _collect(self, take: Callable[[int, Any], None]) -> None:
        done = self._done
        for child in list(self._children):
            for results in child.frames():
                for i, value in results:
                    if not done[i]:  # (this process may have done it itself meanwhile)
                        done[i] = 1
                        self.run.child_jobs += 1
                        child.jobs += 1
                        take(i, value)
            if child.ended:
                self._children.remove(child)
                if not child.finish():
                    self.run.failed_children += 1

    def _chunks(self) -> Iterator[int]:
        while True:
            record = os.read(self._queue, _RECORD.size)
            if len(record) != _RECORD.size:  # empty (a pipe read of one small record is never split)
                return
            yield _RECORD.unpack(record)[0]

    def _jobs(self, chunk: int) -> range:
        return range(self._bounds[chunk], self._bounds[chunk + 1])

    def _close_queue(self) -> None:
        if self._queue >= 0:
            os.close(self._queue)
            self._queue = -1

    def _child(self, number: int, out: int) -> None:
        code = 1
        try:
            for child in self._children:  # result pipes of older siblings: not ours
                os.close(child.fd)
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C in a terminal ends the children too
            except ValueError:
                pass  # (only the main thread may set handlers; a fork's only thread normally is the main one)
            for chunk in chain((number,), self._chunks()):
                # results go out in frames of a few jobs as soon as they are ready, not once a chunk (the first
                # is half of all the work) is done: the parent carries on with them meanwhile (it finishes each
                # segment's check), and does not redo them if it runs out of work before this helper does
                results = []
                for i in self._jobs(chunk):
                    results.append((i, self._compute(i)))
                    if len(results) == _FRAME_JOBS:
                        _send(out, results)
                        results = []
                if results:
                    _send(out, results)
            code = 0
        except BaseException:  # noqa: BLE001 - the parent redoes this child's jobs; nothing may escape a fork
            pass
        finally:
            os._exit(code)


class _Child:
    """The parent's view of one helper: its pid and the non-blocking read end of its result pipe."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd
        self.ended = False
        self.forked = self.heard = time.monotonic()  # when it was forked, when it last sent results
        self.jobs = 0  # results taken from it
        self._garbled = False
        self._buffer = bytearray()

    def frames(self) -> Iterator[list[Any]]:
        """The complete result frames readable now (a frame is a few jobs' results, marshalled)."""
        while not self.ended:
            try:
                part = os.read(self.fd, 1 << 20)
            except BlockingIOError:
                break
            if not part:
                self.ended = True
                break
            self._buffer += part
            self.heard = time.monotonic()
        buffer = self._buffer
        while len(buffer) >= _RECORD.size:
            size = _RECORD.unpack_from(buffer)[0]
            if len(buffer) < _RECORD.size + size:
                break
            frame = bytes(buffer[_RECORD.size : _RECORD.size + size])
            del buffer[: _RECORD.size + size]
            try:
                yield marshal.loads(frame)
            except (EOFError, ValueError, TypeError):
                self.ended = self._garbled = True  # treat the rest of this helper's jobs as missing
                return

    def finish(self) -> bool:
        """Reap the helper; True when it did all it took on (exit status 0, no partial frame left)."""
        os.close(self.fd)
        _, status = os.waitpid(self.pid, 0)
        return status == 0 and not self._buffer and not self._garbled

    def stop(self) -> None:
        os.close(self.fd)
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)


def _send(out: int, results: list[tuple[int, Any]]) -> None:
    """Write one frame of results (marshalled, after its length) to the parent."""
    data = marshal.dumps(results)
    view = memoryview(_RECORD.pack(len(data)) + data)
    while view:
        view = view[os.write(out, view):]


def _grow_pipe(fd: int) -> None:
    """Ask for a 1 MiB pipe buffer (Linux), so a helper rarely waits for the busy parent to read."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass


