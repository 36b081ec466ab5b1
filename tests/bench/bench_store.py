"""Benchmark of the project file on a 10-hour transcript (~100,000 words, ~9,000 segments).

Prints: import (create) time, open time, median apply+commit time of one typing edit, open time of a
project with 100,000 history entries, and bytes per history entry, each with a baseline measured in the
same run. Targets: open <= 0.3 s, one edit <= 5 ms median, 100k-entry project opens <= 0.5 s,
<= 300 bytes per entry.

    python tests/bench/bench_store.py [--words] [--dir DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from editor.core import edits as E  # noqa: E402
from editor.core.model import Segment, SourceInfo, Speaker, Transcript, Word  # noqa: E402
from editor.formats import load_transcript  # noqa: E402
from editor.store.project import Project  # noqa: E402

SAMPLE = REPO / "seeds" / "tensorflow-dev-summit-interview.txt"
SEGMENTS = 9000
WORDS_PER_SEGMENT = 11


def ten_hour_transcript(with_words: bool) -> Transcript:
    """~9,000 segments of ~11 words cut from the sample's words, repeated; two speakers; optional timings."""
    sample = load_transcript(SAMPLE)
    words = [w for seg in sample.segments for w in seg.text.split()]
    segments = []
    at = 0
    ms = 0
    for i in range(SEGMENTS):
        tokens = [words[(at + k) % len(words)] for k in range(WORDS_PER_SEGMENT)]
        at += WORDS_PER_SEGMENT
        text = " ".join(tokens)
        word_objs = None
        start = ms
        if with_words:
            word_objs = tuple(Word(t, ms + 360 * k, ms + 360 * k + 300, 0.93) for k, t in enumerate(tokens))
        ms += 360 * len(tokens) + 100
        segments.append(Segment(f"s{i + 1}", text, "p1" if (i // 7) % 2 else "p2", start if with_words else None,
                                ms - 100 if with_words else None, word_objs))
    source = SourceInfo("\n".join(s.text for s in segments), "ten-hours.txt", "txt", "utf-8")
    return Transcript(segments, [Speaker("p1", "Host"), Speaker("p2", "Guest")], source)


def timed(func) -> tuple[float, object]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def median_time(func, repeat: int) -> float:
    return statistics.median(timed(func)[0] for _ in range(repeat))


def baseline_commit(folder: Path, repeat: int = 200) -> float:
    """Median time of committing one tiny row with journal_mode=DELETE, synchronous=FULL (the fsync floor)."""
    conn = sqlite3.connect(folder / "baseline.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (x TEXT)")

    def one() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES ('a')")
        conn.execute("COMMIT")

    result = median_time(one, repeat)
    conn.close()
    return result


def typing_edit(t: Transcript, rng: random.Random) -> E.Edit:
    seg = t.segments[rng.randrange(len(t))]
    at = rng.randint(0, len(seg.text))
    return E.set_text(t, seg.id, at, at, rng.choice("etaoin "))


def bench(folder: Path, with_words: bool) -> None:
    rng = random.Random(5)
    build_s, transcript = timed(lambda: ten_hour_transcript(with_words))
    print(f"transcript: {len(transcript)} segments, {transcript.word_count()} words"
          f"{' with word timings' if with_words else ''} (built in {build_s:.2f} s)")

    path = folder / "ten-hours.tproj"
    create_s, project = timed(lambda: Project.create(path, transcript))
    project.close()
    print(f"import (create project):      {create_s * 1000:8.1f} ms   file {path.stat().st_size / 1e6:.1f} MB")

    doc_json = json.dumps(transcript.to_json())
    base_open = median_time(lambda: Transcript.from_json(json.loads(doc_json)), 5)
    open_s = median_time(lambda: Project.open(path).close(), 5)
    print(f"open:                         {open_s * 1000:8.1f} ms   (target <= 300; baseline Transcript.from_json of "
          f"the whole document {base_open * 1000:.1f} ms, ratio {open_s / base_open:.2f})")

    project = Project.open(path)
    times, in_memory = [], []
    for _ in range(300):
        edit = typing_edit(project.transcript, rng)
        probe = project.transcript.copy()
        probe.index_of(probe.segments[0].id)  # build the id index outside the timing, as the project has it
        in_memory.append(timed(lambda e=edit, p=probe: e.apply(p))[0])
        times.append(timed(lambda e=edit: project.apply(e, merge=rng.random() < 0.8))[0])
    project.close()
    commit_floor = baseline_commit(folder)
    apply_ms = statistics.median(times) * 1000
    print(f"apply+commit one typing edit: {apply_ms:8.2f} ms   median of 300 (target <= 5; p90 "
          f"{statistics.quantiles(times, n=10)[-1] * 1000:.2f} ms; baseline bare SQLite commit "
          f"{commit_floor * 1000:.2f} ms, ratio {apply_ms / 1000 / commit_floor:.2f}; in-memory apply "
          f"{statistics.median(in_memory) * 1e6:.0f} µs)")

    # A project with 100,000 history entries: the real apply path, with writes batched by deferring flush.
    big = folder / "many-edits.tproj"
    Project.create(big, transcript).close()
    size_before = big.stat().st_size
    project = Project.open(big)
    real_flush = project.flush
    project.flush = lambda: None  # type: ignore[method-assign]  # queue in `pending`, write every 2,000 edits
    entries = 100_000
    fill_start = time.perf_counter()
    for n in range(entries):
        roll = rng.random()
        if roll < 0.03 and project.can_undo():
            project.undo()
        elif roll < 0.04 and project.can_redo():
            project.redo()
        else:
            project.apply(typing_edit(project.transcript, rng), merge=rng.random() < 0.8)
        if n % 2000 == 1999:
            real_flush()
    real_flush()
    fill_s = time.perf_counter() - fill_start
    project.flush = real_flush  # type: ignore[method-assign]
    project.close()
    grown = big.stat().st_size - size_before
    open_big = median_time(lambda: Project.open(big).close(), 5)
    with Project.open(big) as reopened:
        count = len(reopened.history())
        stacks_s, _ = timed(reopened.can_undo)
        steps_s, steps = timed(reopened.undo_steps)
    print(f"open with {count} history entries: {open_big * 1000:6.1f} ms   (target <= 500; ratio to the empty-history "
          f"open {open_big / open_s:.2f}; filled in {fill_s:.1f} s)")
    print(f"  first can_undo() (stacks from the log): {stacks_s * 1000:.1f} ms; undo_steps() with "
          f"{len(steps[0])} + {len(steps[1])} steps: {steps_s * 1000:.0f} ms")
    print(f"bytes per history entry:      {grown / count:8.1f}      (target <= 300; typing with 80% merged, "
          f"3% undo, 1% redo; file grew {grown / 1e6:.1f} MB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", action="store_true", help="also run with word timings on every word")
    parser.add_argument("--dir", type=Path, help="folder for the project files (default: a temporary one)")
    args = parser.parse_args()
    variants = [False, True] if args.words else [False]
    for with_words in variants:
        if args.dir:
            args.dir.mkdir(parents=True, exist_ok=True)
            bench(args.dir, with_words)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                bench(Path(tmp), with_words)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
