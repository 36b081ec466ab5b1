"""Where the glossary ranker loses errors on names (Earnings-21, with the call's glossary): per class of what the
recogniser wrote (earnings21.py --breakdown), how many name errors are found, how many are missed with a candidate
window the trees scored too low, and how many have no candidate at all, with the first rule of term_ranker.py
that the likest window (for the term the error belongs to) fails.

  .venv/bin/python tests/eval/term_misses.py [--ranker FILE | --held-out H1 H2] [--jobs 2] [--examples N]

--held-out H1 H2: score the calls of half 1 with the model in H2 (fitted on half 2) and the other way round, as
term_ranker_train.py fit --train 2 / --train 1 write them; without it, the shipped model (fitted on all calls).
The reasons, in the order they are tried: `fit` (no word below term_ranker.GATE_FIT), `unlike` (letters and phones
below GATE_LIKE, not a loose window alike by phones), `key only` (as `unlike`, but its Metaphone key is alike),
`length`, `not nearest` (other terms nearer), `part` (the window is part of the term or holds it), `relative`,
`other term` (a word of it is another term said right), `acronym`, `rest unlike`, `place` (a rule that reads the
window's place). `like < 0.6`: no window of the error is even 0.6 alike to its term by letters, key or phones.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import earnings21 as e21  # noqa: E402

from editor.review import Detector, Glossary, term_ranker  # noqa: E402
from editor.review.detector import DEFAULT_MIN_SCORE  # noqa: E402
from editor.review.term_windows import relative_of_term, word_fits  # noqa: E402
from editor.review.tokens import compact, phonetic_key  # noqa: E402

REASONS = ("fit", "key only", "unlike", "length", "not nearest", "part", "relative", "other term", "acronym",
           "rest unlike", "place")
_ARGS: argparse.Namespace | None = None


def why_not(tokens, fits, i: int, j: int, at: int, skip: set[int], sounds, model, lexicon) -> tuple[str, float]:
    """The first rule that keeps tokens[i:j] from being a candidate for term `at`, and its best likeness."""
    tr = term_ranker
    sound = sounds.sounds[at]
    window = tokens[i:j]
    parts = [sounds.token_sound(t.text) for t in window]
    letters, phones = "".join(p[0] for p in parts), "".join(p[1] for p in parts)
    key = phonetic_key(letters)
    like = (tr._similarity(letters, sound.letters), tr._similarity(key, sound.key),
            tr._similarity(phones, sound.phones))
    best = max(like)
    capital = any(t.text[:1].isupper() and not t.sentence_start for t in window)
    if any(t.kind not in tr._WINDOW_KINDS for t in window) or min(fits[i:j]) >= tr.GATE_FIT:
        return "fit", best
    loose = min(fits[i:j]) < tr.LOOSE_FIT and (j - i == 1 or capital)
    if max(like[0], like[2]) < tr.GATE_LIKE and not (loose and like[2] >= tr.LOOSE_PHONES / 100):
        return ("key only" if like[1] >= tr.GATE_LIKE else "unlike"), best
    if at not in sounds.nearest_parts([parts], [loose])[0]:
        low, high = tr.LENGTH_RATIO
        return ("not nearest" if low <= len(sound.phones) / max(1, len(phones)) <= high else "length"), best
    classes = "".join(p[2] for p in parts)
    if tr._static_features(window, letters, key, phones, classes, sound, lexicon, sounds.by_compact) is None:
        words = [compact(t.norm) for t in window]
        if len(letters) >= 4 and (letters in sound.letters or sound.letters in letters):
            return "part", best
        if any(tr._bare(w) in sounds.by_compact for w in words):
            return "other term", best
        if relative_of_term(words, sound.words):
            return "relative", best
        if any(tr.is_spelled(t.text) for t in window):
            return "acronym", best
        return "rest unlike", best
    return "place", best


def run_call(call_id: str) -> list[dict]:
    args = _ARGS
    assert args is not None
    half = e21.call_halves(e21.call_ids(args.data))[call_id]
    if args.held_out:  # the model fitted on the other half
        term_ranker.use_ranker(term_ranker.load_ranker(args.held_out[half - 1]))
    elif args.ranker:
        term_ranker.use_ranker(term_ranker.load_ranker(args.ranker))
    scorer = term_ranker.ranker()
    call = e21.load_call(args.data, call_id, args.words)
    out = []
    for system in e21.SYSTEMS:
        hyp = e21.load_hypothesis(args.data, system, call)
        if hyp is None:
            continue
        flags = e21.detector_flags(hyp, True)
        found = {hyp.region_of[i] for f in flags if f.score >= DEFAULT_MIN_SCORE for i in f.words
                 if i in hyp.region_of}
        detector = Detector(glossary=Glossary(list(call.glossary)), min_score=0.0, workers=1, language="en")
        assert detector._context is not None
        model = detector._context.model
        sounds = term_ranker.TermSounds(detector._matcher.ranked_terms, model, detector.lexicon)
        words_of: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        for n, (seg, start, end) in enumerate(hyp.spans):
            words_of[seg].append((start, end, n))
        segments = {}
        for r, region in enumerate(hyp.regions):
            if region.kind != "error" or not region.name:
                continue
            row = {"class": region.name_class, "text": " ".join(hyp.words[n] for n in region.hyp),
                   "ref": " ".join(call.ref[n].token for n in region.ref)}
            out.append(row)
            if r in found:
                row["outcome"] = "found"
                continue
            seg = hyp.spans[region.hyp[0]][0]
            if seg not in segments:
                segment = hyp.transcript.segments[seg]
                tokens = detector._tokenize(segment)
                _, exact = detector._matcher.findings(segment.id, segment.text, tokens)
                fits = word_fits(model, tokens)
                cands = term_ranker.candidates(segment.text, tokens, fits, exact, sounds, model, detector.lexicon)
                segments[seg] = (tokens, fits, exact, cands)
            tokens, fits, exact, cands = segments[seg]
            spans = [(s, e) for s, e, n in words_of[seg] if n in region.hyp]
            inside = [k for k, t in enumerate(tokens) if any(t.start < e and s < t.end for s, e in spans)]
            scores = [scorer.probability(c.features) for c in cands if set(range(c.first, c.last)) & set(inside)]
            if scores:
                row["outcome"] = "scored low" if max(scores) < scorer.threshold else "lost to overlap"
                continue
            wrong = {e21.bare(call.ref[n].token) for n in region.ref if n in call.name_rows}
            terms = [at for at, s in enumerate(sounds.sounds) if any(e21.bare(w) in wrong for w in s.term.split())]
            reasons = [why_not(tokens, fits, inside[a], inside[b] + 1, at, exact, sounds, model, detector.lexicon)
                       for a in range(len(inside)) for b in range(a, min(a + 3, len(inside))) for at in terms]
            alike = [(REASONS.index(reason), reason) for reason, like in reasons if like >= 0.6]
            row["outcome"] = "no candidate: " + (min(alike)[1] if alike else "like < 0.6")
    return out


def main() -> int:
    global _ARGS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=e21.default_data())
    parser.add_argument("--words", type=int, default=e21.DEFAULT_WORDS)
    parser.add_argument("--ranker", type=Path, default=None)
    parser.add_argument("--held-out", type=Path, nargs=2, default=None, metavar=("H1", "H2"),
                        help="models fitted on half 1 and on half 2; each half is scored with the other's")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--examples", type=int, default=0, help="print up to N misses per outcome")
    _ARGS = args = parser.parse_args()
    if args.held_out:
        args.held_out = args.held_out[::-1]  # half 1 takes the model fitted on half 2
    ids = e21.call_ids(args.data)
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        rows = [row for result in pool.map(run_call, ids, chunksize=1) for row in result]
    outcomes = Counter(r["outcome"] for r in rows)
    order = sorted(outcomes, key=lambda o: (o != "found", -outcomes[o]))
    print(f"{len(rows)} errors on names, with the call's glossary (min score {DEFAULT_MIN_SCORE})")
    print(f"{'':32}" + "".join(f"{c[:12]:>13}" for c in e21.NAME_CLASSES) + f"{'all':>8}")
    for outcome in order:
        counts = Counter(r["class"] for r in rows if r["outcome"] == outcome)
        print(f"{outcome:32}" + "".join(f"{counts[c]:>13}" for c in e21.NAME_CLASSES) + f"{outcomes[outcome]:>8}")
    if args.examples:
        for outcome in order[1:]:
            print(f"\n{outcome}:")
            for r in [r for r in rows if r["outcome"] == outcome][: args.examples]:
                print(f"  {r['class']:<22} {r['text']!r} -> {r['ref']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
