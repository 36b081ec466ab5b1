"""Recall and precision of the suspect detector on the annotated sample and on synthetic error sets.

Run: /work/venv/bin/python tests/eval/evaluate.py [--min-score X] [--show] [--set sample|tuning|heldout] [--per-line]
                                                  [--case upper|lower]

Each document goes through the real importer (as in the app: wrapped lines become paragraphs), and suspects are
mapped back to (line, column) through their segment's span in the source; --per-line checks each line as its own
segment instead.

Matching rules (the same for every set):
- A mistake is found ("hit") when at least one reported suspect in the same line overlaps its character span
  (suspect.start < mistake.end and mistake.start < suspect.end).
- Recall = found "clear" mistakes / all "clear" mistakes. "minor" sample entries (casing, grammar, unsure fixes)
  are not required, but a flag on them is not a false alarm either.
- Precision = suspects overlapping any annotated mistake (clear or minor) / all suspects.
- The detector runs with min_score 0 once per set; the table filters its suspects at each threshold (a suspect's
  score does not depend on the threshold, so this equals running with that --min-score).

Sets: the sample (seeds/tensorflow-dev-summit-interview.txt, mistakes annotated by hand in sample_mistakes.tsv);
--case rewrites every set in capitals (closed captions, some recognisers) or lower case (recognisers without
true-casing) first, to see how much the detector leans on capitals.

"tuning" (clean/astronomy + clean/bakery with injected mistakes, seeds 1-5) used while tuning, and "held-out"
(clean/clinic + clean/devops, seeds 101-105) looked at only to report. See synthetic.py for the injector.
"""

from __future__ import annotations

import argparse
import bisect
import re
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from synthetic import Injector, Truth, make_synthetic  # noqa: E402

from editor.core.model import Segment, Transcript  # noqa: E402
from editor.formats import import_text  # noqa: E402
from editor.review import Detector, Glossary  # noqa: E402
from editor.review.suspect import Suspect  # noqa: E402

SAMPLE = REPO / "seeds" / "tensorflow-dev-summit-interview.txt"
TUNING = (("astronomy", "bakery"), (1, 2, 3, 4, 5))
HELD_OUT = (("clinic", "devops"), (101, 102, 103, 104, 105))
IMPORTED = True  # set by --per-line
CASE: str | None = None  # set by --case
THRESHOLDS = (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)


def lines_transcript(lines: list[str]) -> Transcript:
    """One segment per line, so suspect offsets map straight back to (line, column)."""
    return Transcript([Segment(f"s{i + 1}", line) for i, line in enumerate(lines)])


def imported_suspects(lines: list[str], glossary: Glossary | None) -> list[list[tuple[int, Suspect]]]:
    """Suspects as the app finds them: the text goes through the real importer (which joins wrapped lines
    into paragraphs, so the context signal sees words across line ends), and each suspect is mapped back to
    (line, column) through its segment's span in the source text."""
    text = "\n".join(lines)
    transcript = import_text(text, "eval.txt")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    by_id = {seg.id: seg for seg in transcript.segments}
    out = []
    for s in Detector(glossary=glossary, min_score=0.0).check(transcript):
        seg = by_id[s.segment_id]
        if seg.source is None or transcript.source.text[seg.source[0] : seg.source[1]].replace("\n", " ") != seg.text:
            raise SystemExit(f"segment {seg.id}: text does not map 1:1 onto the source")
        at, stop = seg.source[0] + s.start, seg.source[0] + s.end
        line = bisect.bisect_right(starts, at) - 1
        pieces = []
        out.append(pieces)
        while True:  # a span across a line end is one flag with a piece on each line it covers
            col, end = at - starts[line], min(stop, starts[line] + len(lines[line])) - starts[line]
            pieces.append((line, replace(s, start=col, end=end)))
            line += 1
            if line >= len(lines) or starts[line] >= stop:
                break
            at = starts[line]
    return out


def load_sample_truth(lines: list[str]) -> list[Truth]:
    truths = []
    for row in (HERE / "sample_mistakes.tsv").read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        line_no, wrong, right, grade = row.split("\t")
        nth = 1
        if "#" in wrong:
            wrong, n = wrong.rsplit("#", 1)
            nth = int(n)
        text = lines[int(line_no) - 1]
        positions = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(wrong) + r"(?!\w)", text)]
        if len(positions) < nth:
            raise SystemExit(f"sample_mistakes.tsv: {wrong!r} not found in line {line_no}")
        start = positions[nth - 1]
        truths.append(Truth(int(line_no) - 1, start, start + len(wrong), wrong, right, grade == "clear"))
    return truths


def recased(lines: list[str], truths: list[Truth]) -> tuple[list[str], list[Truth]]:
    """The lines and truths in the --case style (the same length, so the spans stay)."""
    if CASE is None:
        return lines, truths
    change = str.upper if CASE == "upper" else str.lower
    if any(len(change(line)) != len(line) for line in lines):
        raise SystemExit(f"--case {CASE} would move characters")
    return [change(line) for line in lines], [replace(t, wrong=change(t.wrong)) for t in truths]


class Case:
    """One document with its annotated mistakes and the suspects the detector reported (at min_score 0)."""

    def __init__(self, name: str, lines: list[str], truths: list[Truth], glossary: Glossary | None) -> None:
        lines, truths = recased(lines, truths)
        self.name = name
        self.lines = lines
        self.truths = truths
        # each flag: its pieces as (line, suspect with columns in that line)
        self.suspects: list[list[tuple[int, Suspect]]] = (
            imported_suspects(lines, glossary) if IMPORTED else
            [[(int(s.segment_id[1:]) - 1, s)]
             for s in Detector(glossary=glossary, min_score=0.0).check(lines_transcript(lines))])

    @staticmethod
    def _overlap(pieces: list[tuple[int, Suspect]], t: Truth) -> bool:
        return any(line == t.line and s.start < t.end and t.start < s.end for line, s in pieces)

    def counts(self, threshold: float, show: bool = False) -> tuple[int, int, int, int]:
        """(clear mistakes found, clear mistakes, true flags, flags) at a score threshold."""
        flags = [pieces for pieces in self.suspects if pieces[0][1].score >= threshold]
        found = 0
        for t in self.truths:
            hit = any(self._overlap(pieces, t) for pieces in flags)
            found += hit and t.clear
            if show and t.clear and not hit:
                print(f"   MISSED {self.name} line {t.line + 1}: {t.wrong!r} (-> {t.right!r})")
        good = 0
        for pieces in flags:
            ok = any(self._overlap(pieces, t) for t in self.truths)
            good += ok
            if show and not ok:
                line, s = pieces[0]
                print(f"   FALSE  {self.name} line {line + 1}: {s.text!r} {s.kinds} {s.score:.2f} {s.reason}")
        return found, sum(t.clear for t in self.truths), good, len(flags)


def synthetic_cases(texts: tuple[str, ...], seeds: tuple[int, ...], injector: Injector,
                    with_glossary: bool) -> list[Case]:
    cases = []
    for text in texts:
        lines = (HERE / "clean" / f"{text}.txt").read_text(encoding="utf-8").splitlines()
        glossary = Glossary.load(HERE / "clean" / f"{text}.glossary.txt")
        for seed in seeds:
            bad, truths = make_synthetic(lines, glossary.terms, seed, injector)
            cases.append(Case(f"{text}/{seed}", bad, truths, glossary if with_glossary else None))
    return cases


def total(cases: list[Case], threshold: float, show: bool = False) -> tuple[int, int, int, int]:
    sums = [0, 0, 0, 0]
    for case in cases:
        sums = [a + b for a, b in zip(sums, case.counts(threshold, show), strict=True)]
    return tuple(sums)  # type: ignore[return-value]


def cell(result: tuple[int, int, int, int]) -> str:
    found, clear, good, flags = result
    return f"R {found / clear if clear else 0:4.2f} P {good / flags if flags else 0:4.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--min-score", type=float, default=0.5, help="threshold for the detail lines and --show")
    parser.add_argument("--show", action="store_true", help="list misses and false alarms at --min-score")
    parser.add_argument("--set", choices=("sample", "tuning", "heldout"), action="append",
                        help="evaluate only these sets (default: all)")
    parser.add_argument("--per-line", action="store_true",
                        help="check each line as its own segment (the old way; cuts context at wrapped line ends)")
    parser.add_argument("--case", choices=("upper", "lower"), help="rewrite every document in this case first")
    args = parser.parse_args()
    global IMPORTED, CASE
    IMPORTED = not args.per_line
    CASE = args.case
    wanted = args.set or ["sample", "tuning", "heldout"]

    groups: list[tuple[str, list[Case]]] = []
    if "sample" in wanted:
        lines = SAMPLE.read_text(encoding="utf-8").splitlines()
        truths = load_sample_truth(lines)
        glossary = Glossary.load(HERE / "sample_glossary.txt")
        groups.append(("sample, no glossary", [Case("sample", lines, truths, None)]))
        groups.append(("sample, with glossary", [Case("sample", lines, truths, glossary)]))
    injector = Injector() if {"tuning", "heldout"} & set(wanted) else None
    for label, (texts, seeds) in (("tuning", TUNING), ("heldout", HELD_OUT)):
        if label in wanted and injector is not None:
            for with_glossary in (False, True):
                cases = synthetic_cases(texts, seeds, injector, with_glossary)
                name = f"{label} synthetic, {'with' if with_glossary else 'no'} glossary"
                groups.append((name, cases))

    print(f"{'set':<34} {'mistakes':>8}  " + "  ".join(f"{'>= ' + str(t):^13}" for t in THRESHOLDS))
    for name, cases in groups:
        clear = sum(t.clear for c in cases for t in c.truths)
        print(f"{name:<34} {clear:>8}  " + "  ".join(cell(total(cases, t)) for t in THRESHOLDS))
    print(f"\ndetail at min score {args.min_score}:")
    for name, cases in groups:
        if args.show:
            print(f"-- {name}")
        found, clear, good, flags = total(cases, args.min_score, args.show)
        print(f"{name:<34} recall {found / clear:5.2f} ({found}/{clear})   "
              f"precision {good / max(flags, 1):5.2f} ({good}/{flags})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
