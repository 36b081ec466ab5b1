"""Playback tracking speed on a 10-hour transcript: position -> segment/word lookups.

Prints medians: building the start-time index, one lookup while playing (bisect), and the same lookup by a
linear scan over the segments measured in the same run (the baseline), with the ratio.
Run: python tests/bench/bench_media.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from editor.core.model import Segment, Transcript, Word
from editor.media.timeline import Timeline


def make_transcript(segments: int = 9000, words_per: int = 11) -> Transcript:
    rng = random.Random(7)
    out, t = [], 0
    for i in range(segments):
        words = []
        for _ in range(words_per):
            length = rng.randint(150, 500)
            words.append(Word("w" * rng.randint(2, 8), t, t + length))
            t += length + rng.randint(0, 120)
        out.append(Segment(f"s{i}", " ".join(w.text for w in words), start=words[0].start, end=words[-1].end,
                           words=tuple(words)))
        t += rng.randint(200, 1500)
    return Transcript(out)


def linear_segment_at(transcript: Transcript, position: int) -> int | None:
    for i, seg in enumerate(transcript.segments):
        if seg.start is not None and seg.end is not None and seg.start <= position < seg.end:
            return i
    return None


def median_us(fn, args: list, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for a in args:
            fn(a)
        runs.append((time.perf_counter() - start) / len(args) * 1e6)
    return statistics.median(runs)


def main() -> int:
    transcript = make_transcript()
    duration = transcript.duration() or 0
    print(f"transcript: {len(transcript)} segments, {transcript.word_count()} words, {duration / 3.6e6:.1f} h")
    builds = []
    for _ in range(5):
        timeline = Timeline(transcript)
        start = time.perf_counter()
        timeline.segment_at(0)
        builds.append((time.perf_counter() - start) * 1000)
    print(f"index build (after a structural edit): median {statistics.median(builds):.2f} ms")
    rng = random.Random(1)
    positions = [rng.randrange(0, duration) for _ in range(2000)]
    timeline = Timeline(transcript)
    for p in positions:  # warm the per-segment word indexes, as steady playback does
        timeline.spot_at(p)
    ours = median_us(timeline.spot_at, positions)
    base = median_us(lambda p: linear_segment_at(transcript, p), positions[:200], repeat=3)
    print(f"segment+word lookup per position update: median {ours:.2f} us (bisect); "
          f"segment-only linear scan {base:.0f} us; ratio {base / ours:.0f}x faster")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
