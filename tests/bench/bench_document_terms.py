"""What the document's own abbreviations (review/document_terms.py) add to a full check, beside the same check
without them in the same run.

Run: python tests/bench/bench_document_terms.py [--hours 10] [--runs 5]
A fresh detector per run (the process-wide language model and token caches stay warm, as in the GUI), checks
alternating with and without the signal; medians of CPU seconds (wall times on a shared machine are noisy).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "bench"))

from earnings import data_dir, earnings_transcript  # noqa: E402

from editor.review import Detector  # noqa: E402
from editor.review.document_terms import DocumentAbbreviations  # noqa: E402


def timed_check(transcript, signal: bool) -> tuple[float, int]:
    detector = Detector(workers=1, language="en")
    if not signal:
        detector._document_abbreviations = lambda: _NONE  # type: ignore[method-assign]
    start = time.process_time()
    suspects = detector.check(transcript)
    return time.process_time() - start, len(suspects)


class _None(DocumentAbbreviations):
    def findings(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return []


_NONE = _None.__new__(_None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hours", type=float, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if data_dir() is None:
        print("Earnings-21 data not found (set EARNINGS21_DIR): nothing to measure")
        return 0
    transcript = earnings_transcript(args.hours)
    words = sum(len(s.text.split()) for s in transcript.segments)
    timed_check(transcript, True)  # warm the model and caches once
    times: dict[bool, list[float]] = {True: [], False: []}
    found: dict[bool, int] = {}
    for _ in range(args.runs):
        for signal in (False, True):
            seconds, found[signal] = timed_check(transcript, signal)
            times[signal].append(seconds)
    base, with_signal = statistics.median(times[False]), statistics.median(times[True])
    print(f"{args.hours:g} h ({words:,} words), full check, median CPU of {args.runs}, workers=1:")
    print(f"  without document abbreviations {base:6.2f} s   {found[False]:>5} suspects")
    print(f"  with document abbreviations    {with_signal:6.2f} s   {found[True]:>5} suspects   "
          f"x{with_signal / base:.3f} ({with_signal - base:+.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
