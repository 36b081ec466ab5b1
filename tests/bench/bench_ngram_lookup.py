"""The language model's n-gram look-ups: hash tables (editor/review/ngram_hash.py) beside the binary search they
replaced (np.searchsorted over the sorted keys, the questions sorted first), in the same run, on the same keys.

Run: python tests/bench/bench_ngram_lookup.py [--hours 10] [--runs 5]

The keys are those a context check asks, roughly: for each word of an Earnings-21 transcript (tests/bench/
earnings.py), the bigram and trigram of the word after its two left neighbours, and of each of 7 random common
words in its place (a check scores ~7 sound-alikes per tested word; most of their n-grams are not in the model).
They are asked in batches of 4,000 (a check's typical look-up call), each followed by reading 32 MB of other
memory, as the rest of a check evicts the caches between its calls. CPU seconds, medians of --runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from earnings import data_dir, earnings_transcript  # noqa: E402

from editor.review.context_model import ContextModel  # noqa: E402

BATCH = 4000
ALIKES = 7


def binary_search(keys: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The replaced look-up: sort the questions, search the sorted keys, put the answers back in order."""
    order = np.argsort(wanted)
    at = np.searchsorted(keys, wanted[order])
    at[at >= len(keys)] = 0
    found = keys[at] == wanted[order]
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    return np.where(found, at, 0)[back], found[back]  # (0 where absent, as the tables answer)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=float, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    model = ContextModel.get()
    if model is None or model.arrays is None or data_dir() is None:
        print("skipped: needs pocketsphinx's model, numpy and the Earnings-21 development set")
        return 0
    arrays = model.arrays
    size = arrays.size
    norms = [w.lower() for segment in earnings_transcript(args.hours).segments for w in segment.text.split()]
    ids = model.ids([w.strip(".,?!") for w in norms])
    rng = np.random.default_rng(0)
    word = np.concatenate([ids[2:], rng.choice(ids, ALIKES * (len(ids) - 2))])
    h1 = np.tile(ids[1:-1], ALIKES + 1)
    h2 = np.tile(ids[:-2], ALIKES + 1)
    keep = (word >= 0) & (h1 >= 0) & (h2 >= 0)
    word, h1, h2 = word[keep], h1[keep], h2[keep]
    bigram = word * size + h1
    sorted_bigrams, sorted_trigrams = arrays.bigrams.keys(), arrays.trigrams.keys()
    at, found = arrays.bigrams.find(bigram)
    trigram = at[found] * size + h2[found]
    other = np.ones(4_000_000)

    def run(find_bigrams, find_trigrams) -> float:  # type: ignore[no-untyped-def]
        start = time.process_time()
        for lo in range(0, len(bigram), BATCH):
            find_bigrams(bigram[lo : lo + BATCH])
            other.sum()
        for lo in range(0, len(trigram), BATCH):
            find_trigrams(trigram[lo : lo + BATCH])
            other.sum()
        return time.process_time() - start

    # the two give the same answers
    assert all(np.array_equal(x, y) for x, y in zip(arrays.bigrams.find(bigram), binary_search(sorted_bigrams, bigram),
                                                    strict=True))
    assert all(np.array_equal(x, y) for x, y in zip(arrays.trigrams.find(trigram),
                                                    binary_search(sorted_trigrams, trigram), strict=True))
    times: dict[str, list[float]] = {"other work only": [], "binary search": [], "hash tables": []}
    for _ in range(args.runs):
        times["other work only"].append(run(lambda k: None, lambda k: None))
        times["binary search"].append(run(lambda k: binary_search(sorted_bigrams, k),
                                          lambda k: binary_search(sorted_trigrams, k)))
        times["hash tables"].append(run(arrays.bigrams.find, arrays.trigrams.find))
    floor = statistics.median(times["other work only"])
    base = statistics.median(times["binary search"]) - floor
    print(f"{len(bigram):,} bigram look-ups ({found.mean():.0%} found), {len(trigram):,} trigram look-ups, "
          f"batches of {BATCH:,}; CPU s, medians of {args.runs}, the other work subtracted:")
    for name in ("binary search", "hash tables"):
        spent = statistics.median(times[name]) - floor
        print(f"  {name:14s} {spent:7.3f} s   {spent / base:5.2f}x the binary search")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
