"""The glossary matcher (GlossaryMatcher.findings) over every distinct segment text of 10 h of Earnings-21 with the
1,000-term bench glossary, cold (a new matcher, the word memos emptied, the cyclic GC off as in a check), two ways
in the same run, alternating:
- per segment: each segment's windows walked and searched as it is checked (a re-check of one segment; before the
  chunk search, every segment);
- planned: the segments planned (GlossaryMatcher.plan) and each chunk's windows searched at once on the first
  findings() call of the chunk, as the detector does; in one chunk (a serial check) and in the chunks of a forked
  check on two processes (parallel.guided_bounds).
Also checks that all give the same findings.

Run: python tests/bench/bench_glossary_matcher.py [--hours 10] [--runs 7]
Figures are CPU seconds, median of the runs; the ratio to the per-segment path is the figure to quote.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "bench"))

from bench_review import glossary_1000  # noqa: E402
from earnings import data_dir, earnings_transcript  # noqa: E402

from editor.review.detector import SMALLEST_CHUNK  # noqa: E402
from editor.review.glossary import GlossaryMatcher  # noqa: E402
from editor.review.parallel import guided_bounds  # noqa: E402
from editor.review.tokens import Token, compact, phonetic_key, tokenize_cached  # noqa: E402


def run(texts: list[str], tokens: list[list[Token]], bounds: Sequence[int] | None) -> tuple[float, list[Any]]:
    """CPU seconds of findings() over all the texts by a new matcher (planned in chunks from `bounds`, or not
    planned: None), and the findings."""
    compact.cache_clear()
    phonetic_key.cache_clear()
    matcher = GlossaryMatcher(glossary_1000())
    start = time.process_time()
    if bounds is not None:
        matcher.plan(texts, lambda i: tokens[i], bounds)
    found = [matcher.findings(f"s{i}", text, toks) for i, (text, toks) in enumerate(zip(texts, tokens, strict=True))]
    return time.process_time() - start, found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=float, default=10)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if data_dir() is None:
        print("skipped: Earnings-21 development set not found (set EARNINGS21_DIR)")
        return 0
    texts = list(dict.fromkeys(s.text for s in earnings_transcript(args.hours).segments))
    tokens = [tokenize_cached(text) for text in texts]
    forked = guided_bounds([len(text) + 1 for text in texts], 2, SMALLEST_CHUNK)[1:-1]
    ways: dict[str, Sequence[int] | None] = {"per segment": None, "planned, 1 chunk": (),
                                             f"planned, {len(forked) + 1} chunks": forked}
    gc.disable()  # (as during a check: detector.check_parts)
    expected = run(texts, tokens, None)[1]  # (also warms the lexicon's and tokenizer's memos)
    times: dict[str, list[float]] = {way: [] for way in ways}
    for _ in range(args.runs):
        for way, bounds in ways.items():
            seconds, found = run(texts, tokens, bounds)
            if found != expected:
                raise SystemExit(f"{way}: other findings than per segment")
            times[way].append(seconds)
    gc.enable()
    print(f"GlossaryMatcher.findings over {len(texts)} distinct texts ({sum(map(len, tokens))} tokens, "
          f"{sum(len(f) for f, _ in expected)} findings), 1,000 terms; CPU median of {args.runs} "
          f"(load {os.getloadavg()[0]:.1f}):")
    base = statistics.median(times["per segment"])
    for way, seconds in times.items():
        median = statistics.median(seconds)
        print(f"  {way:>20}: {median:6.3f} s  ({median / base:.2f} of per segment)")
    print("same findings every way")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
