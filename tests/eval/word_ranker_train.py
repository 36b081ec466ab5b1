"""Fit the no-glossary word ranker (editor/review/word_ranker.py) on Earnings-21 calls; check it on the others.

Two steps, in two environments:

  .venv/bin/python tests/eval/word_ranker_train.py dump [--out /tmp/word_ranker_rows.pickle]
  PY -m pip install numpy scikit-learn   # any Python with these two; the product never imports them
  PY tests/eval/word_ranker_train.py fit --train 1|2|all [--rows FILE] [--out resources/word-ranker.json]

`dump` runs the detector without a glossary and without the ranker on every call and recogniser, and lists every
candidate word with the features the ranker would see (word_ranker.use_word_ranker's recorder), labelled by the
alignment of tests/eval/earnings21.py: on an error region or not (words touching only set-aside regions,
numbers and unheard reference words, are left out), on an error on a name or not, and whether the detector
flags it already (at the default min score). It also keeps, per call and recogniser, what the detector flags
without the ranker (flags, flags on errors, errors on names found), so that `fit` can print totals.

`fit` trains gradient-boosted trees (logistic loss, stumps by default: the model is then a sum of one step
function per feature) on the candidates of one half of the calls (the first or second half of files.csv, as
earnings21.py --half), writes them as JSON and prints, for the other half, the no-glossary precision and
recall of errors on names with the words above each probability flagged too. Held-out figures through the
product: fit on half 1, then `earnings21.py --half 2 --word-ranker FILE` (and the other way round).

Other candidates: `dump --max-uses N --candidate-zipf Z` lists every word used up to N times and rarer than Z (a
wider net than the product's), and `fit --max-uses N --max-uses-caps M --max-zipf Z` fits on the part of it
within narrower limits (lower-case words, other words); `--drop a,b` leaves features out. The defaults are the
product's limits (word_ranker.MAX_USES_LOWER, MAX_USES, CANDIDATE_ZIPF), so the plain `dump` and
`fit --train all` write the shipped model again, byte for byte.
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
THRESHOLDS = (0.45, 0.5, 0.55, 0.6, 0.65, 0.68, 0.7, 0.72, 0.75)
# a word the document uses again and again is meant, whatever the calls fitted on say (on the hand-annotated
# sample, a talk about TFX says 'TFX' 13 times)
MONOTONE = "uses:-1"
# the product's candidate limits (word_ranker.py; this module reads no product code in `fit`)
MAX_USES, MAX_USES_LOWER, CANDIDATE_ZIPF = 1, 3, 4.5
THRESHOLD = 0.7  # the probability that lands on the detector's default min score (see word_ranker.py)


def call_rows(call_id: str) -> tuple[list[dict], list[dict]]:
    """(candidate rows, per-recogniser totals of the detector without the ranker) for one call."""
    import earnings21 as e21

    from editor.review import Detector
    from editor.review.detector import DEFAULT_MIN_SCORE
    from editor.review.word_ranker import use_word_ranker

    assert _DATA is not None
    call = e21.load_call(_DATA, call_id, e21.DEFAULT_WORDS)
    rows: list[dict] = []
    totals: list[dict] = []
    for system in e21.SYSTEMS:
        hyp = e21.load_hypothesis(_DATA, system, call)
        if hyp is None:
            continue
        seen: dict[str, list[tuple[int, int, dict[str, float]]]] = defaultdict(list)
        texts = {s.id: s.text for s in hyp.transcript.segments}

        def record(sid: str, tok, f: dict[str, float], seen=seen, texts=texts) -> None:
            seen[texts[sid]].append((tok.start, tok.end, dict(f)))

        use_word_ranker(None, enabled=False, recorder=record)
        try:
            detector = Detector(min_score=0.0, workers=1, language="en")
            suspects = detector.check(hyp.transcript)
        finally:
            use_word_ranker(None)
        by_segment: dict[int, list[tuple[int, int, int]]] = {}
        for i, (seg, start, end) in enumerate(hyp.spans):
            by_segment.setdefault(seg, []).append((start, end, i))
        index = {s.id: n for n, s in enumerate(hyp.transcript.segments)}
        flagged: set[int] = set()
        flags = good = 0
        names: set[int] = set()
        for s in suspects:
            if s.score < DEFAULT_MIN_SCORE:
                continue
            words = [i for start, end, i in by_segment.get(index[s.segment_id], ()) if s.start < end and start < s.end]
            flagged |= set(words)
            regions = {hyp.region_of[i] for i in words if i in hyp.region_of}
            kinds = {hyp.regions[r].kind for r in regions}
            if "error" in kinds:
                flags += 1
                good += 1
            elif "aside" not in kinds:
                flags += 1
            names |= {r for r in regions if hyp.regions[r].kind == "error" and hyp.regions[r].name}
        totals.append({"call": call_id, "system": system, "flags": flags, "good": good, "names": sorted(names),
                       "name_errors": sum(r.kind == "error" and r.name for r in hyp.regions)})
        for n, segment in enumerate(hyp.transcript.segments):
            spans = by_segment.get(n, [])
            for start, end, features in seen.get(segment.text, ()):
                hit = [i for s, e, i in spans if start < e and s < end]
                regions = {hyp.region_of[i] for i in hit if i in hyp.region_of}
                kinds = {hyp.regions[r].kind for r in regions}
                if "error" not in kinds and "aside" in kinds:
                    continue
                rows.append({
                    "call": call_id, "system": system, "text": segment.text[start:end], "f": features,
                    "y": int("error" in kinds),
                    "names": sorted(r for r in regions if hyp.regions[r].kind == "error" and hyp.regions[r].name),
                    "flagged": bool(set(hit) & flagged),
                })
    return rows, totals


def dump(args: argparse.Namespace) -> int:
    global _DATA
    import earnings21 as e21

    _DATA = args.data or e21.default_data()
    ids = e21.call_ids(_DATA)
    from editor.review import word_ranker

    # (a wider net than the product's, to fit and compare narrower ones: `fit --max-uses/--max-zipf`)
    if args.max_uses is not None:
        word_ranker.MAX_USES = word_ranker.MAX_USES_LOWER = args.max_uses
    if args.candidate_zipf is not None:
        word_ranker.CANDIDATE_ZIPF = args.candidate_zipf
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        results = pool.map(call_rows, ids, chunksize=1)
    halves = e21.call_halves(ids)
    rows = [dict(r, half=halves[r["call"]]) for result in results for r in result[0]]
    totals = [dict(t, half=halves[t["call"]]) for result in results for t in result[1]]
    from editor.review.word_ranker import FEATURES

    args.out.write_bytes(pickle.dumps({"rows": rows, "totals": totals, "features": list(FEATURES)}))
    print(f"{len(rows)} candidates, {sum(r['y'] for r in rows)} on errors -> {args.out}")
    return 0


def with_added(rows: list[dict], totals: list[dict], probs, thresholds) -> dict[float, tuple[int, int, int, int]]:
    """Totals over `totals`' calls with candidates not flagged already flagged from each threshold on:
    (flags, flags on errors, errors on names found, errors on names)."""
    base_flags = sum(t["flags"] for t in totals)
    base_good = sum(t["good"] for t in totals)
    base_names = {(t["call"], t["system"], r) for t in totals for r in t["names"]}
    name_errors = sum(t["name_errors"] for t in totals)
    out = {}
    for threshold in thresholds:
        flags = good = 0
        names = set(base_names)
        for r, p in zip(rows, probs, strict=True):
            if r["flagged"] or p < threshold:
                continue
            flags += 1
            good += r["y"]
            names |= {(r["call"], r["system"], n) for n in r["names"]}
        out[threshold] = (base_flags + flags, base_good + good, len(names), name_errors)
    return out


def fit(args: argparse.Namespace) -> int:
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier
    from term_ranker_train import export

    data = pickle.loads(args.rows.read_bytes())
    rows, totals = data["rows"], data["totals"]
    features = list(data["features"])  # (word_ranker.FEATURES: this Python need not have the product's packages)
    drop = set(args.drop.split(",")) if args.drop else set()
    features = [k for k in features if k not in drop]
    # (the product's candidates by default: no-ops on rows dumped with the product's limits)
    rows = [r for r in rows if r["f"]["derived_zipf"] < args.max_zipf and r["f"]["uses"] <= (
        args.max_uses if r["f"]["lower"] else args.max_uses_caps)]
    train = [r for r in rows if args.train == "all" or r["half"] == int(args.train)]
    x = np.array([[r["f"][k] for k in features] for r in train])
    y = np.array([r["y"] for r in train])
    signs = dict(part.split(":") for part in args.monotone.split(",") if part)
    model = HistGradientBoostingClassifier(max_iter=args.trees, max_depth=args.depth, learning_rate=0.1,
                                           min_samples_leaf=args.min_leaf, random_state=0,
                                           monotonic_cst=[int(signs.get(k, 0)) for k in features]).fit(x, y)
    exported = export(model, features, args.threshold)
    exported["about"] = "tests/eval/word_ranker_train.py fit: gradient-boosted trees, logistic loss"
    args.out.write_text(json.dumps(exported, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"fitted on {len(train)} candidates of half {args.train} -> {args.out}")
    halves = ("1", "2") if args.train == "all" else (args.train, "2" if args.train == "1" else "1")
    for half in halves:
        part = [r for r in rows if r["half"] == int(half)]
        part_totals = [t for t in totals if t["half"] == int(half)]
        probs = model.predict_proba(np.array([[r["f"][k] for k in features] for r in part]))[:, 1]
        label = "fitted on" if args.train in ("all", half) else "held out"
        flags, good, names, errors = with_added(part, part_totals, probs, [2.0])[2.0]  # (no probability is 2)
        print(f"half {half} ({label}): without the ranker P {good / flags:.3f} ({flags}) names {names / errors:.3f}")
        for t, (flags, good, names, errors) in with_added(part, part_totals, probs, THRESHOLDS).items():
            print(f"  p >= {t}: P {good / flags:.3f} ({flags}) names {names / errors:.3f} ({names}/{errors})")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="step", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--data", type=Path, default=None)
    d.add_argument("--out", type=Path, default=Path("/tmp/word_ranker_rows.pickle"))
    d.add_argument("--jobs", type=int, default=2)
    d.add_argument("--max-uses", type=int, default=None,
                   help="record every word used up to this often (default: word_ranker's limits)")
    d.add_argument("--candidate-zipf", type=float, default=None,
                   help="record words rarer than this (default: word_ranker.CANDIDATE_ZIPF)")
    f = sub.add_parser("fit")
    f.add_argument("--rows", type=Path, default=Path("/tmp/word_ranker_rows.pickle"))
    f.add_argument("--train", choices=("1", "2", "all"), default="all")
    f.add_argument("--trees", type=int, default=300)
    f.add_argument("--depth", type=int, default=1)
    f.add_argument("--min-leaf", type=int, default=50)
    f.add_argument("--threshold", type=float, default=THRESHOLD)
    f.add_argument("--max-uses", type=int, default=MAX_USES_LOWER,
                   help="fit on lower-case candidates used at most this often")
    f.add_argument("--max-uses-caps", type=int, default=MAX_USES,
                   help="... and on capitalised words and abbreviations used at most this often")
    f.add_argument("--max-zipf", type=float, default=CANDIDATE_ZIPF, help="fit on candidates rarer than this")
    f.add_argument("--drop", default="", help="features left out, comma-separated")
    f.add_argument("--monotone", default=MONOTONE,
                   help="features whose effect may only fall (-1) or rise (1), as name:sign,name:sign")
    f.add_argument("--out", type=Path, default=REPO / "resources" / "word-ranker.json")
    args = parser.parse_args()
    return dump(args) if args.step == "dump" else fit(args)


if __name__ == "__main__":
    raise SystemExit(main())
