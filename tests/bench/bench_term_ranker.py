"""The glossary ranker's search (term_ranker.py with term_gate.py, term_batch.py) beside the searches it replaced,
in the same run, on varied Earnings-21 text with the 1,000-term bench glossary; also checks that all find the
same candidates:
- plain search: each segment's windows against every term (one float32 rapidfuzz `cdist` per segment and pool);
- gated, per segment: each segment's windows walked and searched through the gate (term_gate.py), the gate's
  tables made for all the words at once;
- chunk search (the detector's): all the planned segments' windows found with numpy and searched in one batch,
  the word fits with them.

Run: python tests/bench/bench_term_ranker.py [--hours 10] [--runs 3]
Figures are CPU seconds of the word fits (term_windows.word_fits, with the language model's memo emptied) and
ranked_findings() over every segment (exact terms worked out first), median of the runs; the ratio to the
plain search is the figure to quote.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "bench"))

from bench_review import glossary_1000  # noqa: E402
from earnings import data_dir, earnings_transcript  # noqa: E402

from editor.review import Detector  # noqa: E402
from editor.review import term_ranker as tr  # noqa: E402
from editor.review.term_windows import word_fits  # noqa: E402
from editor.review.tokens import ACRONYM, CAMEL, WORD  # noqa: E402


def plain_nearest_parts(self: tr.TermSounds, windows: list[list[tr.Sound]], loose: Sequence[bool] = ()
                        ) -> list[list[int]]:
    """TermSounds.nearest_parts as it was: every window against every term, then per row the likest (by phones
    down to LOOSE_PHONES for a `loose` window)."""
    import numpy as np
    from rapidfuzz import fuzz, process

    if not self._letters:
        return [[] for _ in windows]
    queries = [("".join(p[0] for p in w), "".join(p[1] for p in w)) for w in windows]
    lengths = np.asarray(self._lengths, dtype=np.float64)
    lowest = min(tr.LIKE_FLOOR, tr.LOOSE_PHONES)
    scores = [process.cdist([q[pool] for q in queries], choices, scorer=fuzz.ratio, score_cutoff=lowest,
                            dtype=np.float32) for pool, choices in ((0, self._letters), (1, self._phones))]
    out = []
    for row, (letters, phones) in enumerate(queries):
        fits = (lengths >= tr.LENGTH_RATIO[0] * len(phones)) & (lengths <= tr.LENGTH_RATIO[1] * len(phones))
        best: dict[int, float] = {}
        for pool, (query, matrix) in enumerate(((letters, scores[0]), (phones, scores[1]))):
            if len(query) < 2:
                continue
            floor = tr.LOOSE_PHONES if pool and loose and loose[row] else tr.LIKE_FLOOR
            line = matrix[row]
            for at in sorted(np.flatnonzero(fits & (line >= floor)).tolist(), key=lambda n: (-line[n], n))[
                    : tr.NEAREST]:
                if float(line[at]) > best.get(at, -1.0):
                    best[at] = float(line[at])
        out.append(sorted(best, key=lambda n: (-best[n], n))[: tr.NEAREST])
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=float, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if data_dir() is None:
        print("skipped: Earnings-21 development set not found (set EARNINGS21_DIR)")
        return 0
    transcript = earnings_transcript(args.hours)
    detector = Detector(glossary=glossary_1000(), workers=1, language="en")
    assert detector._context is not None
    model = detector._context.model
    prepared = []
    for segment in transcript.segments:
        tokens = detector._tokenize(segment)
        _, exact = detector._matcher.findings(segment.id, segment.text, tokens)
        prepared.append((segment, tokens, exact))
    terms = detector._matcher.ranked_terms
    gated = tr.TermSounds.nearest_parts
    names = ("plain search", "gated, per segment", "chunk search")
    times: dict[str, list[float]] = {name: [] for name in names}
    found: dict[str, list[object]] = {}
    try:
        for _ in range(args.runs):
            for name in names:
                tr.TermSounds.nearest_parts = (plain_nearest_parts if name == "plain search"  # type: ignore[method-assign]
                                               else gated)
                sounds = tr.TermSounds(terms, model, detector.lexicon)
                model._probs.clear()
                start = time.process_time()
                if name == "chunk search":
                    sounds.plan([s.text for s, *_ in prepared], lambda i: prepared[i][1])
                else:  # (as the search per segment had it: the gate's tables for all the words in one batch)
                    words = {t.text for _, tokens, _ in prepared for t in tokens if t.kind in (WORD, ACRONYM, CAMEL)}
                    heard = [sounds.token_sound(w) for w in words]
                    for pool, gate in enumerate(sounds._gates):
                        gate.prepare(sound[pool] for sound in heard)
                out = []
                for s, tokens, exact in prepared:
                    fits = sounds.planned_fits(s.text) or word_fits(model, tokens)
                    out.append(tr.ranked_findings(s.id, s.text, tokens, fits, exact, sounds, model, detector.lexicon))
                times[name].append(time.process_time() - start)
                found[name] = out
    finally:
        tr.TermSounds.nearest_parts = gated  # type: ignore[method-assign]
    plain = statistics.median(times["plain search"])
    print(f"{args.hours:g} h, {len(prepared)} segments, {len(terms)} terms; ranked_findings CPU, median of {args.runs}:")
    for name, values in times.items():
        value = statistics.median(values)
        print(f"  {name:18} {value:6.3f} s   x{value / plain:.2f}")
    same = found["plain search"] == found["gated, per segment"] == found["chunk search"]
    print(f"  same findings: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
