"""Subtitle layout + rule check over a long transcript (what the export dialog runs on each option change).

Prints medians of 5 runs beside a baseline measured in the same run: the first version of cues.py (the file
given as argv[1], e.g. `git show 70ed442:editor/formats/cues.py > /tmp/cues_old.py`), when given.
"""

from __future__ import annotations

import importlib.util
import random
import statistics
import sys
import time

from editor.core.model import Segment, Transcript, Word
from editor.formats import cues as current

VOCAB = ("the of and to a in that is was he for it with as his on be at by this had not are but from or have an they "
         "which one you were her all she there would their we him been has when who will more no if out so said what "
         "up its about into than them can only other new some could time these two may then do first any my now such "
         "like our over man me even most made after also did many before must through back years where much your way "
         "well down should because each just those people").split()


def long_transcript(segments: int = 6000) -> Transcript:
    rng = random.Random(1)
    out, t = [], 0
    for i in range(segments):
        n = rng.randint(5, 60)
        tokens = [rng.choice(VOCAB) + ("," if rng.random() < 0.1 else "") for _ in range(n)]
        words = tuple(Word(w, t + j * 350, t + j * 350 + 300) for j, w in enumerate(tokens))
        out.append(Segment(f"s{i}", " ".join(tokens), None, t, t + n * 350, words))
        t += n * 350 + 200
    return Transcript(out)


def median_seconds(module, transcript: Transcript, runs: int = 5) -> float:
    rules = module.SubtitleRules()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        module.cue_problems(module.layout_cues(transcript, rules), rules)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    transcript = long_transcript()
    words = sum(len(s.words or ()) for s in transcript.segments)
    now = median_seconds(current, transcript)
    print(f"{words} words, {transcript.segments[-1].end / 3.6e6:.1f} h: layout + check median {now * 1000:.0f} ms")
    if len(sys.argv) > 1:
        spec = importlib.util.spec_from_file_location("cues_baseline", sys.argv[1])
        assert spec is not None and spec.loader is not None
        baseline = importlib.util.module_from_spec(spec)
        sys.modules["cues_baseline"] = baseline  # dataclasses look their module up
        spec.loader.exec_module(baseline)
        before = median_seconds(baseline, transcript)
        print(f"baseline {sys.argv[1]}: median {before * 1000:.0f} ms; now {before / now:.1f}x faster")


if __name__ == "__main__":
    main()
