"""A full check shared out to forked helper processes finds exactly what a serial check finds."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from editor.core.edits import set_text
from editor.core.model import Segment, Transcript, Word
from editor.review import Detector, Glossary, parallel
from editor.review import detector as detector_module
from editor.review.detector import PARALLEL_MIN_JOBS

SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "tensorflow-dev-summit-interview.txt"
GLOSSARY = ["TensorFlow", "Keras", "TPU", "Colab", "Jeff Dean", "eager execution", "SwiftForTensorFlow"]
pytestmark = pytest.mark.skipif(not parallel.fork_available(), reason="forked helpers run on Linux only")


def generated_transcript(copies: int = 3) -> Transcript:
    """The sample repeated with two words swapped per line, so most texts are new; a few recogniser extras."""
    rng = random.Random(7)
    lines = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    segments = []
    for copy in range(copies):
        for line in lines:
            words = line.split()
            if copy and len(words) > 3:
                i, j = rng.sample(range(len(words)), 2)
                words[i], words[j] = words[j], words[i]
            text = " ".join(words)
            n = len(segments) + 1
            if n % 97 == 0:  # word confidences: checked per segment, never shared by text
                segments.append(Segment(f"s{n}", text, words=tuple(Word(w, None, None, rng.random()) for w in words)))
            elif n % 89 == 0:
                segments.append(Segment(f"s{n}", text, meta=(("avg_logprob", -1.5),)))
            else:
                segments.append(Segment(f"s{n}", text))
    return Transcript(segments)


@pytest.fixture(scope="module")
def document() -> Transcript:
    return generated_transcript()


@pytest.fixture(scope="module")
def serial_result(document) -> list:
    detector = Detector(glossary=Glossary(GLOSSARY), workers=1, min_score=0.0)
    result = detector.check(document)
    assert detector.last_run.processes == 1 and detector.last_run.forked == 0
    return result


def test_document_is_big_enough_for_the_automatic_mode(document):
    distinct = {s.text for s in document.segments}
    assert len(distinct) >= PARALLEL_MIN_JOBS


def test_parallel_check_equals_serial_check(document, serial_result):
    detector = Detector(glossary=Glossary(GLOSSARY), workers=2, min_score=0.0)
    result = detector.check(document)
    assert detector.last_run.forked == 1 and detector.last_run.processes == 2
    assert detector.last_run.child_jobs > 0  # the helper's findings were used, not recomputed
    assert detector.last_run.failed_children == 0
    assert len(result) > 100
    assert result == serial_result
    # the helper's findings filled the segment cache: a repeat check needs no helper and changes nothing
    assert detector.check(document) == serial_result
    assert detector.last_run.forked == 0


def test_single_segment_recheck_after_a_parallel_check(document):
    detector = Detector(glossary=Glossary(GLOSSARY), workers=3, min_score=0.0)
    detector.check(document)
    assert detector.last_run.forked == 2
    target = document.segments[1000]
    set_text(document, target.id, 0, 0, "Kerras ").apply(document)
    try:
        quick = detector.check_segment(document, target.id)
        full = [s for s in Detector(glossary=Glossary(GLOSSARY), workers=1, min_score=0.0).check(document)
                if s.segment_id == target.id]
        assert quick == full
        assert any(s.text == "Kerras" for s in quick)
    finally:
        set_text(document, target.id, 0, len("Kerras "), "").apply(document)


def test_no_fork_where_forking_is_unavailable(document, serial_result, monkeypatch):
    monkeypatch.setattr(detector_module, "fork_available", lambda: False)
    detector = Detector(glossary=Glossary(GLOSSARY), workers=2, min_score=0.0)
    assert detector.check(document) == serial_result
    assert detector.last_run.processes == 1 and detector.last_run.forked == 0


def test_a_failing_helper_is_made_up_for_by_the_parent(document, serial_result, monkeypatch):
    parent = os.getpid()
    real = Detector._payload

    def payload_failing_in_children(self, segment):
        if os.getpid() != parent:
            raise RuntimeError("helper broke")
        return real(self, segment)

    monkeypatch.setattr(Detector, "_payload", payload_failing_in_children)
    detector = Detector(glossary=Glossary(GLOSSARY), workers=2, min_score=0.0)
    assert detector.check(document) == serial_result
    run = detector.last_run
    assert run.forked == 1 and run.child_jobs == 0
    # the one helper, seen to fail or stopped once the parent was done
    assert run.failed_children + run.overtaken == 1


def test_a_helper_that_never_finishes_is_not_waited_for(document, serial_result, monkeypatch):
    # a helper that gets no CPU on a busy machine: the parent does its jobs too and stops it, rather than wait
    parent = os.getpid()
    real = Detector._payload

    def payload_stuck_in_children(self, segment):
        if os.getpid() != parent:
            threading.Event().wait()  # forever (the parent's SIGKILL ends it)
        return real(self, segment)

    monkeypatch.setattr(Detector, "_payload", payload_stuck_in_children)
    before = _children()
    detector = Detector(glossary=Glossary(GLOSSARY), workers=2, min_score=0.0)
    assert detector.check(document) == serial_result
    run = detector.last_run
    assert run.forked == 1 and run.child_jobs == 0 and run.overtaken == 1
    assert _children() == before  # stopped and reaped


def test_a_helper_far_slower_than_the_parent_is_not_waited_for(document, serial_result, monkeypatch):
    # a helper on a busy CPU keeps sending results, but at a crawl: once the queue is empty the parent does its
    # jobs rather than wait (it would take the helper ~25 s to finish its first chunk)
    parent = os.getpid()
    real = Detector._payload

    def payload_crawling_in_children(self, segment):
        if os.getpid() != parent:
            time.sleep(0.05)
        return real(self, segment)

    monkeypatch.setattr(Detector, "_payload", payload_crawling_in_children)
    monkeypatch.setattr(parallel, "_FRAME_JOBS", 1)  # a frame per job: never silent long enough to count as stuck
    detector = Detector(glossary=Glossary(GLOSSARY), workers=2, min_score=0.0)
    assert detector.check(document) == serial_result
    run = detector.last_run
    assert run.forked == 1 and run.failed_children == 0
    assert run.overtaken == 1  # stopped before it was done, not waited for
    assert run.child_jobs < len({s.text for s in document.segments}) // 4


def test_small_documents_never_fork_in_automatic_mode():
    small = Transcript([Segment(f"s{i}", f"Line {i} of a short talk about Kerras.") for i in range(50)])
    detector = Detector(glossary=Glossary(GLOSSARY))
    suspects = detector.check(small)
    assert detector.last_run.forked == 0
    assert suspects == Detector(glossary=Glossary(GLOSSARY), workers=1).check(small)


def test_parallel_check_on_a_worker_thread(document, serial_result):
    # the GUI's fallback and the check service may run checks off the main thread
    out = {}
    detector = Detector(glossary=Glossary(GLOSSARY), workers=2, min_score=0.0)
    thread = threading.Thread(target=lambda: out.setdefault("result", detector.check(document)))
    thread.start()
    thread.join()
    assert out["result"] == serial_result
    assert detector.last_run.forked == 1 and detector.last_run.failed_children == 0


def test_an_error_in_the_parent_leaves_no_helper_behind(document, monkeypatch):
    calls = []
    real = Detector._check

    def failing_check(self, segment):
        calls.append(segment.id)
        if len(calls) == 50:
            raise RuntimeError("parent broke")
        return real(self, segment)

    monkeypatch.setattr(Detector, "_check", failing_check)
    detector = Detector(glossary=Glossary(GLOSSARY), workers=3, min_score=0.0)
    before = _children()  # (other tests may have left the GUI's checker process running)
    with pytest.raises(RuntimeError, match="parent broke"):
        detector.check(document)
    assert _children() == before  # no helper left, not even a zombie


def _children() -> set[int]:
    """This process's child processes, zombies included (Linux: the only place helpers fork)."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found.update(int(pid) for pid in (task / "children").read_text().split())
    return found


def test_a_failed_fork_leaves_the_work_to_the_parent(document, serial_result, monkeypatch):
    def no_fork():
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    detector = Detector(glossary=Glossary(GLOSSARY), workers=3, min_score=0.0)
    assert detector.check(document) == serial_result
    assert detector.last_run.forked == 0 and detector.last_run.processes == 1


def test_automatic_mode_stays_serial_when_other_work_keeps_the_cpus_busy(document, serial_result, monkeypatch):
    monkeypatch.delitem(sys.modules, "PySide6.QtCore", raising=False)  # (pytest-qt loads it: the GUI never forks)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(parallel, "runnable_now", lambda: 2)  # both CPUs taken by other processes
    busy = Detector(glossary=Glossary(GLOSSARY), min_score=0.0)
    assert busy.check(document) == serial_result
    assert busy.last_run.forked == 0
    monkeypatch.setattr(parallel, "runnable_now", lambda: 0)  # idle: the same document is shared out
    monkeypatch.setattr(os, "getloadavg", lambda: (1.1, 0.5, 1.0))  # (a minute's trailing load does not matter)
    idle = Detector(glossary=Glossary(GLOSSARY), min_score=0.0)
    assert idle.check(document) == serial_result
    assert idle.last_run.forked == 1


def test_processes_follow_the_amount_of_work_and_the_free_cpus(monkeypatch):
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 8)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    monkeypatch.setattr(parallel, "runnable_now", lambda: 0)
    assert parallel.processes_for(300, 250, 4) == 1  # not enough work for a second process
    assert parallel.processes_for(800, 250, 4) == 3
    assert parallel.processes_for(5000, 250, 4) == 4  # the limit
    monkeypatch.setattr(parallel, "runnable_now", lambda: 6)
    assert parallel.processes_for(5000, 250, 4) == 2  # 2 CPUs free
    monkeypatch.setattr(os, "cpu_count", lambda: 64)  # 8 of a busy 64-CPU host's: its load is shared out
    assert parallel.processes_for(5000, 250, 4) == 4
    # where the kernel tells nothing of what runs now, the 1-minute load average stands in
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    monkeypatch.setattr(parallel, "runnable_now", lambda: None)
    monkeypatch.setattr(os, "getloadavg", lambda: (6.4, 0.0, 0.0))
    assert parallel.processes_for(5000, 250, 4) == 2  # 1.6 CPUs free
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert parallel.processes_for(5000, 250, 4) == 4


@pytest.mark.skipif(parallel.runnable_now() is None, reason="the kernel gives no count of runnable tasks here")
def test_a_busy_process_counts_as_taking_a_cpu_now():
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        deadline = time.monotonic() + 5
        seen = 0
        while time.monotonic() < deadline and not seen:
            seen = parallel.runnable_now() or 0
        assert seen >= 1
    finally:
        busy.kill()
        busy.wait()


def test_chunks_cover_every_job_once_shrink_and_balance_by_weight():
    rng = random.Random(3)
    for n_jobs, processes in ((4830, 2), (1000, 4), (50, 2), (7, 3), (100, 1)):
        weights = [rng.choice((6, 40, 300, 2500)) for _ in range(n_jobs)]  # 'Yeah.' to minutes of speech
        bounds = parallel.guided_bounds(weights, processes, 1 / 32)
        assert bounds[0] == 0 and bounds[-1] == n_jobs
        assert all(a < b for a, b in zip(bounds[:-1], bounds[1:], strict=True))  # every job in one chunk
        work = [sum(weights[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
        total = sum(weights)
        # each chunk takes 1/processes of the work left, at most 1/(2 processes) and at least 1/32 of the whole
        # work (one job more at most)
        left = total
        for done in work[:-1]:
            target = max(min(left / processes, total / (2 * processes) if processes > 1 else total), total / 32)
            assert target <= done < target + max(weights)
            left -= done
        if n_jobs >= 1000:
            assert len(work) <= 40 and work[-2] < max(work) / 4  # few chunks, the last ones small
    assert parallel.guided_bounds([], 2, 1 / 32) == [0]
    assert parallel.guided_bounds([5], 2, 1 / 32) == [0, 1]
