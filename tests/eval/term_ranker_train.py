"""Fit the glossary-window ranker (editor/review/term_ranker.py) on Earnings-21 calls; check it on the others.

Two steps, in two environments:

  .venv/bin/python tests/eval/term_ranker_train.py dump [--out /tmp/term_ranker_rows.pickle]
  PY -m pip install numpy scikit-learn   # any Python with these two; the product never imports them
  PY tests/eval/term_ranker_train.py fit --train 1|2|all [--rows FILE] [--out resources/term-ranker.json]

`dump` lists every (window, term) candidate of every call and recogniser, with the call's glossary, and labels it
by the alignment of tests/eval/earnings21.py: on an error region or not (candidates touching only set-aside
regions, numbers and unheard reference words, are left out), and whether the detector flags its words already
(at the default min score). `fit` trains gradient-boosted trees (depth 3) on the calls of one half (the first or
the second half of files.csv, as earnings21.py --half) on the candidates not flagged already, writes them as
JSON, and prints what flagging the other half's candidates above each probability would add. Held-out figures:
fit on half 1, then `earnings21.py --half 2 --ranker FILE` (and the other way round).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import pickle
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

_DATA: Path | None = None
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7)
THRESHOLD = 0.5  # the probability that lands on the detector's default min score (see term_ranker.py)


def call_rows(call_id: str) -> list[dict]:
    """Candidates of one call (all systems) with features, labels and whether the detector flags them already."""
    import earnings21 as e21

    from editor.review import Detector, Glossary
    from editor.review.detector import DEFAULT_MIN_SCORE
    from editor.review.term_ranker import TermSounds, candidates, use_ranker
    from editor.review.term_windows import word_fits

    use_ranker(None, enabled=False)  # "flagged already": by the other signals

    assert _DATA is not None
    call = e21.load_call(_DATA, call_id, e21.DEFAULT_WORDS)
    rows = []
    for system in e21.SYSTEMS:
        hyp = e21.load_hypothesis(_DATA, system, call)
        if hyp is None:
            continue
        detector = Detector(glossary=Glossary(list(call.glossary)), min_score=0.0, workers=1, language="en")
        suspects = detector.check(hyp.transcript)
        model = detector._context.model
        sounds = TermSounds(detector._matcher.ranked_terms, model, detector.lexicon)
        by_segment: dict[int, list[tuple[int, int, int]]] = {}
        for i, (seg, start, end) in enumerate(hyp.spans):
            by_segment.setdefault(seg, []).append((start, end, i))
        index = {s.id: n for n, s in enumerate(hyp.transcript.segments)}
        flagged: set[int] = set()
        for s in suspects:
            if s.score >= DEFAULT_MIN_SCORE:
                flagged |= {i for start, end, i in by_segment.get(index[s.segment_id], ())
                            if s.start < end and start < s.end}
        for n, segment in enumerate(hyp.transcript.segments):
            tokens = detector._tokenize(segment)
            _, exact = detector._matcher.findings(segment.id, segment.text, tokens)
            fits = word_fits(model, tokens)
            spans = by_segment.get(n, [])
            for cand in candidates(segment.text, tokens, fits, exact, sounds, model, detector.lexicon):
                start, end = tokens[cand.first].start, tokens[cand.last - 1].end
                hit = [i for s, e, i in spans if start < e and s < end]
                regions = {hyp.region_of[i] for i in hit if i in hyp.region_of}
                kinds = {hyp.regions[r].kind for r in regions}
                if "error" not in kinds and "aside" in kinds:
                    continue
                rows.append({
                    "call": call_id, "system": system, "seg": n, "first": cand.first, "last": cand.last,
                    "term": cand.term, "text": segment.text[start:end], "f": dict(cand.features),
                    "y": int("error" in kinds),
                    "gloss": sorted(r for r in regions if hyp.regions[r].kind == "error" and hyp.regions[r].gloss),
                    "flagged": bool(set(hit) & flagged),
                })
    return rows


def dump(args: argparse.Namespace) -> int:
    global _DATA
    import earnings21 as e21

    _DATA = args.data or e21.default_data()
    ids = e21.call_ids(_DATA)
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        results = pool.map(call_rows, ids, chunksize=1)
    halves = e21.call_halves(ids)
    rows = [dict(r, half=halves[r["call"]]) for result in results for r in result]
    args.out.write_bytes(pickle.dumps(rows))
    print(f"{len(rows)} candidates, {sum(r['y'] for r in rows)} on errors -> {args.out}")
    return 0


def added(rows: list[dict], probs, thresholds) -> dict[float, tuple[int, int, int]]:
    """What flagging candidates not flagged already would add at each threshold: (flags, flags on errors,
    errors on glossary terms newly found); overlapping windows of a segment are taken likeliest first."""
    groups = defaultdict(list)
    for r, p in zip(rows, probs, strict=True):
        if not r["flagged"]:
            groups[(r["call"], r["system"], r["seg"])].append((p, r))
    out = {}
    for t in thresholds:
        flags = good = 0
        gloss: set[tuple[str, str, int]] = set()
        for cands in groups.values():
            taken: set[int] = set()
            for p, r in sorted(cands, key=lambda c: -c[0]):
                if p < t:
                    break
                span = set(range(r["first"], r["last"]))
                if span & taken:
                    continue
                taken |= span
                flags += 1
                good += r["y"]
                gloss |= {(r["call"], r["system"], g) for g in r["gloss"]}
        out[t] = (flags, good, len(gloss))
    return out


def export(model, features: list[str], threshold: float) -> dict:
    """The fitted trees as plain lists: (feature index or -1 for a leaf, threshold, left, right, leaf value)."""
    trees = []
    for predictors in model._predictors:
        nodes = predictors[0].nodes
        trees.append([[int(n["feature_idx"]) if not n["is_leaf"] else -1, round(float(n["num_threshold"]), 6),
                       int(n["left"]), int(n["right"]), round(float(n["value"]), 6)] for n in nodes])
    baseline = float(model._baseline_prediction.ravel()[0])
    return {"features": features, "baseline": round(baseline, 6), "threshold": threshold, "trees": trees,
            "about": "tests/eval/term_ranker_train.py fit: gradient-boosted trees, logistic loss"}


def fit(args: argparse.Namespace) -> int:
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    rows = pickle.loads(args.rows.read_bytes())
    features = sorted(rows[0]["f"])
    train = [r for r in rows if args.train == "all" or r["half"] == int(args.train)]
    test = [r for r in rows if args.train != "all" and r["half"] != int(args.train)]
    fresh = [r for r in train if not r["flagged"]]
    x = np.array([[r["f"][k] for k in features] for r in fresh])
    y = np.array([r["y"] for r in fresh])
    model = HistGradientBoostingClassifier(max_iter=args.trees, max_depth=3, learning_rate=0.1,
                                           random_state=0).fit(x, y)
    data = export(model, features, args.threshold)
    args.out.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"fitted on {len(fresh)} candidates of half {args.train} -> {args.out}")
    if test:
        probs = model.predict_proba(np.array([[r["f"][k] for k in features] for r in test]))[:, 1]
        for t, (flags, good, gloss) in added(test, probs, THRESHOLDS).items():
            print(f"  held-out p >= {t}: {flags:5d} new flags, {good / max(flags, 1):.2f} on errors, "
                  f"{gloss} more errors on glossary terms found")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="step", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--data", type=Path, default=None)
    d.add_argument("--out", type=Path, default=Path("/tmp/term_ranker_rows.pickle"))
    d.add_argument("--jobs", type=int, default=2)
    f = sub.add_parser("fit")
    f.add_argument("--rows", type=Path, default=Path("/tmp/term_ranker_rows.pickle"))
    f.add_argument("--train", choices=("1", "2", "all"), default="all")
    f.add_argument("--trees", type=int, default=100)
    f.add_argument("--threshold", type=float, default=THRESHOLD)
    f.add_argument("--out", type=Path, default=REPO / "resources" / "term-ranker.json")
    args = parser.parse_args()
    return dump(args) if args.step == "dump" else fit(args)


if __name__ == "__main__":
    raise SystemExit(main())
