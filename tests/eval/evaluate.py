"""Recall and precision of the suspect detector on the annotated sample and on a synthetic error set.

Run: /work/venv/bin/python tests/eval/evaluate.py [--min-score X] [--show]
The sample's mistakes are annotated in sample_mistakes.tsv; the synthetic set injects sound-alike errors into
clean_text.txt (written for this purpose) with fixed random seeds and records the truth.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import jellyfish
import wordfreq

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from editor.core.model import Segment, Transcript  # noqa: E402
from editor.review import Detector, Glossary  # noqa: E402

SAMPLE = REPO / "seeds" / "tensorflow-dev-summit-interview.txt"
SEEDS = (11, 23, 37)


@dataclass
class Truth:
    line: int  # 0-based
    start: int
    end: int
    wrong: str
    right: str
    clear: bool = True


def lines_transcript(lines: list[str]) -> Transcript:
    """One segment per line, so suspect offsets map straight back to (line, column)."""
    return Transcript([Segment(f"s{i + 1}", line) for i, line in enumerate(lines)])


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


# ----- synthetic errors -------------------------------------------------------------------------------------
class Injector:
    """Makes the kinds of mistakes recognisers make, reproducibly."""

    def __init__(self, names: list[str]) -> None:
        top = [w for w in wordfreq.top_n_list("en", 30000) if w.isalpha() and len(w) > 2]
        self.by_key: dict[str, list[str]] = {}
        for w in top:
            self.by_key.setdefault(jellyfish.metaphone(w), []).append(w)
        self.common = set(top[:15000])
        self.names = names

    def sound_alike(self, word: str, rng: random.Random) -> str | None:
        lw = word.lower()
        options = [w for w in self.by_key.get(jellyfish.metaphone(lw), []) if w != lw and w in self.common]
        if not options:
            options = [w for w in self.common if len(w) == len(lw) and w[0] == lw[0] and w != lw
                       and jellyfish.levenshtein_distance(w, lw) == 1]
        if not options:
            return None
        pick = rng.choice(sorted(options))
        return pick.capitalize() if word[0].isupper() else pick

    def split(self, word: str, rng: random.Random) -> str | None:
        lw = word.lower()
        cuts = [i for i in range(2, len(lw) - 1)
                if wordfreq.zipf_frequency(lw[:i], "en") >= 3.5 and wordfreq.zipf_frequency(lw[i:], "en") >= 3.5]
        if not cuts:
            return None
        i = rng.choice(cuts)
        return word[:i] + " " + word[i:]

    @staticmethod
    def misspell_name(word: str, rng: random.Random) -> str | None:
        rules = [("ph", "f"), ("f", "ph"), ("k", "c"), ("c", "k"), ("y", "i"), ("i", "y"), ("ie", "y"), ("ai", "a"),
                 ("ey", "y"), ("tt", "t"), ("t", "tt"), ("ll", "l"), ("l", "ll"), ("nn", "n"), ("ss", "s"), ("s", "z"),
                 ("ch", "k"), ("o", "au"), ("ee", "i"), ("v", "f"), ("sh", "ch"), ("a", "e"), ("e", "a"), ("u", "oo")]
        rng.shuffle(rules)
        for old, new in rules:
            idx = word.find(old, 1)
            if idx > 0:
                return word[:idx] + new + word[idx + len(old):]
        return None


def make_synthetic(lines: list[str], names: list[str], seed: int, injector: Injector) -> tuple[list[str], list[Truth]]:
    rng = random.Random(seed)
    out_lines = []
    truths = []
    name_words = {w for n in names for w in n.split()}
    for li, line in enumerate(lines):
        words = line.split(" ")
        if rng.random() > 0.45:
            out_lines.append(line)
            continue
        idx = rng.randrange(len(words))
        raw = words[idx]
        core = raw.strip(".,?!")
        tail = raw[len(core):]
        wrong = None
        if core in name_words:
            wrong = injector.sound_alike(core, rng) if rng.random() < 0.3 else None
            wrong = wrong or injector.misspell_name(core, rng)
        elif core.isalpha() and core.islower() and len(core) >= 3:
            roll = rng.random()
            if roll < 0.6:
                wrong = injector.sound_alike(core, rng)
            elif roll < 0.8:
                wrong = injector.split(core, rng)
            elif idx + 1 < len(words) and words[idx + 1].isalpha() and words[idx + 1].islower() and len(core) <= 5:
                nxt = words[idx + 1]
                joined = core + nxt
                if wordfreq.zipf_frequency(joined, "en") == 0:
                    truths_right = core + " " + nxt
                    words[idx : idx + 2] = [joined]
                    start = len(" ".join(words[:idx])) + (1 if idx else 0)
                    truths.append(Truth(li, start, start + len(joined), joined, truths_right))
                    out_lines.append(" ".join(words))
                    continue
        if not wrong or wrong == core:
            out_lines.append(line)
            continue
        words[idx] = wrong + tail
        start = len(" ".join(words[:idx])) + (1 if idx else 0)
        truths.append(Truth(li, start, start + len(wrong), wrong, core))
        out_lines.append(" ".join(words))
    return out_lines, truths


# ----- scoring ----------------------------------------------------------------------------------------------
def score(lines: list[str], truths: list[Truth], detector: Detector, show: bool = False) -> tuple[int, int, int, int]:
    """(clear found, clear total, true flags, all flags)."""
    transcript = lines_transcript(lines)
    suspects = detector.check(transcript)
    flagged = [(int(s.segment_id[1:]) - 1, s.start, s.end, s) for s in suspects]
    found = 0
    for t in truths:
        hit = any(line == t.line and start < t.end and t.start < end for line, start, end, _ in flagged)
        if t.clear:
            found += hit
        if show and t.clear and not hit:
            print(f"   MISSED line {t.line + 1}: {t.wrong!r} (-> {t.right!r})")
    true_flags = 0
    for line, start, end, s in flagged:
        ok = any(line == t.line and start < t.end and t.start < end for t in truths)
        true_flags += ok
        if show and not ok:
            print(f"   FALSE  line {line + 1}: {s.text!r} {s.kinds} {s.score:.2f} {s.reason}")
    return found, sum(t.clear for t in truths), true_flags, len(flagged)


def row(name: str, result: tuple[int, int, int, int]) -> str:
    found, total, good, flags = result
    recall = found / total if total else 0.0
    precision = good / flags if flags else 0.0
    return f"{name:<34} recall {recall:5.2f} ({found}/{total})   precision {precision:5.2f} ({good}/{flags})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--min-score", type=float, default=None)
    parser.add_argument("--show", action="store_true", help="list misses and false alarms")
    args = parser.parse_args()
    kw = {} if args.min_score is None else {"min_score": args.min_score}

    sample_lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    sample_truth = load_sample_truth(sample_lines)
    sample_glossary = Glossary.load(HERE / "sample_glossary.txt")
    clean_lines = (HERE / "clean_text.txt").read_text(encoding="utf-8").splitlines()
    clean_glossary = Glossary.load(HERE / "clean_glossary.txt")
    injector = Injector(clean_glossary.terms)

    print("set                                 recall              precision")
    for label, glossary in (("no glossary", None), ("with glossary", sample_glossary)):
        if args.show:
            print(f"-- sample, {label}")
        print(row(f"sample, {label}", score(sample_lines, sample_truth, Detector(glossary=glossary, **kw), args.show)))
    for label, glossary in (("no glossary", None), ("with glossary", clean_glossary)):
        totals = [0, 0, 0, 0]
        for seed in SEEDS:
            lines, truths = make_synthetic(clean_lines, clean_glossary.terms, seed, injector)
            if args.show:
                print(f"-- synthetic seed {seed}, {label}")
            result = score(lines, truths, Detector(glossary=glossary, **kw), args.show)
            totals = [a + b for a, b in zip(totals, result, strict=True)]
        print(row(f"synthetic x{len(SEEDS)}, {label}", tuple(totals)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
