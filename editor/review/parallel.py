"""Run many independent jobs on forked copies of this process, the parent helping, with a serial fallback.

Used by the detector's first full check: the per-segment work needs the loaded models (hundreds of MB that a
fresh process would take ~0.6 s to load), and a forked child shares them for free. Only Linux forks here (macOS
system libraries are not fork-safe, Windows cannot fork); everywhere else, or when a fork fails, or a child
dies, the parent simply does the jobs itself, so the results never depend on how they were computed.

Children run pure Python over data they inherited and leave with os._exit (no atexit handlers, no flushing of
inherited buffers, no Qt). Jobs are handed out in chunks through a pipe that all processes read from, so a
slow process takes fewer chunks; each child sends its results back, marshalled, when the queue is empty.
"""

from __future__ import annotations

import marshal
import os
import signal
import struct
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

MAX_PROCESSES = 8  # past this the parent's own serial work dominates
_RECORD = struct.Struct("=I")  # one chunk number in the queue pipe
_MAX_CHUNKS = 4096  # all chunk numbers must fit into the pipe buffer (64 KiB) before anyone reads


def fork_available() -> bool:
    """True where forking a worker that shares the loaded models is safe and possible (Linux)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def usable_cpus() -> int:
    """CPUs this process may run on (respects affinity masks and container CPU sets)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@dataclass
class ParallelRun:
    """What one run did: processes that worked (1 = serial), children forked, jobs their results covered."""

    processes: int = 1
    forked: int = 0
    child_jobs: int = 0
    failed_children: int = 0


class Pool:
    """Forked helpers for jobs 0..n-1; the parent calls `work()` to help, then `results()` to collect theirs.

    `compute(i)` must return a marshal-able value and must not depend on which process runs it."""

    def __init__(self, n_jobs: int, processes: int, compute: Callable[[int], Any], chunk: int) -> None:
        self.run = ParallelRun()
        self._compute = compute
        self._n_jobs = n_jobs
        self._chunk = max(1, chunk)
        n_chunks = -(-n_jobs // self._chunk)
        if n_chunks > _MAX_CHUNKS:
            self._chunk = -(-n_jobs // _MAX_CHUNKS)
            n_chunks = -(-n_jobs // self._chunk)
        self._children: list[tuple[int, int]] = []  # (pid, read end of its result pipe)
        self._queue = -1
        self._orphans: range = range(0)  # first chunks of children that could not be forked
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
                pid = os.fork()
            except OSError:
                break  # no more processes or memory: the parent and the children so far do the jobs
            if pid == 0:  # child
                os.close(result_read)
                self._child(number, result_write)  # never returns
            os.close(result_write)
            self._children.append((pid, result_read))
        self.run.forked = len(self._children)
        self.run.processes = 1 + len(self._children)
        self._orphans = range(len(self._children), children)
        if not self._children:
            self._close_queue()  # nobody to share with: the caller does every job itself

    # ----- in the parent -------------------------------------------------------------------------------------
    def work(self, run_job: Callable[[int], None]) -> None:
        """Do chunks from the shared queue in this process (run_job(i) for each job i of a chunk)."""
        if self._queue < 0:
            return
        for chunk in chain(self._orphans, self._chunks()):  # lazily: one chunk at a time
            for i in self._jobs(chunk):
                run_job(i)
        self._close_queue()

    def results(self) -> Iterator[tuple[int, Any]]:
        """(job, value) for every job a child finished; jobs of a child that failed are simply missing."""
        children, self._children = self._children, []
        try:
            while children:
                pid, fd = children[0]
                data = _read_all(fd)
                os.close(fd)
                children.pop(0)
                _, status = os.waitpid(pid, 0)
                try:
                    done = marshal.loads(data) if status == 0 else None
                except (EOFError, ValueError, TypeError):
                    done = None
                if done is None:
                    self.run.failed_children += 1
                    continue
                self.run.child_jobs += len(done)
                yield from done
        finally:
            self._abandon(children)

    def close(self) -> None:
        """Stop and reap any children left (after an error in the parent)."""
        self._close_queue()
        children, self._children = self._children, []
        self._abandon(children)

    # ----- helpers ---------------------------------------------------------------------------------------
    def _chunks(self) -> Iterator[int]:
        while True:
            record = os.read(self._queue, _RECORD.size)
            if len(record) != _RECORD.size:  # empty (a pipe read of one small record is never split)
                return
            yield _RECORD.unpack(record)[0]

    def _jobs(self, chunk: int) -> range:
        return range(chunk * self._chunk, min(self._n_jobs, (chunk + 1) * self._chunk))

    def _close_queue(self) -> None:
        if self._queue >= 0:
            os.close(self._queue)
            self._queue = -1

    def _child(self, number: int, out: int) -> None:
        code = 1
        try:
            for fd, _ in self._children:  # result pipes of older siblings: not ours
                os.close(fd)
            signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C in a terminal ends the children too
            done = []
            for chunk in chain((number,), self._chunks()):
                for i in self._jobs(chunk):
                    done.append((i, self._compute(i)))
            data = marshal.dumps(done)
            view = memoryview(data)
            while view:
                view = view[os.write(out, view):]
            code = 0
        except BaseException:  # noqa: BLE001 - the parent redoes this child's jobs; nothing may escape a fork
            pass
        finally:
            os._exit(code)

    @staticmethod
    def _abandon(children: list[tuple[int, int]]) -> None:
        for pid, fd in children:
            os.close(fd)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)


def _read_all(fd: int) -> bytes:
    parts = []
    while True:
        part = os.read(fd, 1 << 20)
        if not part:
            return b"".join(parts)
        parts.append(part)
