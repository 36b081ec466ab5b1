"""Fitted tree ensembles (gradient boosting, logistic loss) as the review signals read them: the term ranker's
trees (term_ranker.py) and the word ranker's stumps (word_ranker.py). The models are JSON files in resources/,
fitted by the training scripts in tests/eval/ on Earnings-21 calls."""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from collections.abc import Callable, Iterable
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

# every fitted model a signal reads (resources/): the check cache's key hashes them, so a refitted model never
# trusts results of the old one
TERM_RANKER_FILE = "term-ranker.json"
WORD_RANKER_FILE = "word-ranker.json"
FITTED_MODELS = (TERM_RANKER_FILE, WORD_RANKER_FILE)


class TreeEnsemble:
    """A small ensemble of regression trees over named features; `probability` is the logistic of their sum."""

    def __init__(self, data: dict[str, Any], name: str = "trees") -> None:
        self.features: list[str] = [str(f) for f in data["features"]]
        self.baseline = float(data["baseline"])
        # each tree: nodes as (feature index, threshold, left, right, value); a leaf has feature index -1
        self.trees: list[list[tuple[int, float, int, int, float]]] = [
            [(int(n[0]), float(n[1]), int(n[2]), int(n[3]), float(n[4])) for n in tree] for tree in data["trees"]]
        self.threshold = float(data["threshold"])
        # the trees as one Python expression of nested conditionals (a check scores ~10k candidates per hour of
        # speech: walking 100 trees node by node took 100 us a candidate, the compiled expression ~10 us)
        body = " + ".join(self._expression(tree, 0) for tree in self.trees) or "0.0"
        self._sum: Callable[[list[float]], float] = eval(compile(f"lambda x: {body}", name, "eval"), {})

    def _expression(self, tree: list[tuple[int, float, int, int, float]], at: int) -> str:
        feature, threshold, left, right, value = tree[at]
        if feature < 0:
            return repr(value)
        return (f"({self._expression(tree, left)} if x[{feature}] <= {threshold!r} "
                f"else {self._expression(tree, right)})")

    @classmethod
    def load(cls, source: Path | Traversable) -> TreeEnsemble:
        return cls(json.loads(source.read_text(encoding="utf-8")), source.name)

    def probability(self, features: dict[str, float]) -> float:
        z = self.baseline + self._sum([features[name] for name in self.features])
        return 1 / (1 + math.exp(-z))


class StepSums:
    """A model of stumps (trees of one split) as one step function per feature: a candidate costs a bisection
    per feature instead of a test per tree (~5 us instead of ~25 us for 300 stumps)."""

    def __init__(self, model: TreeEnsemble) -> None:
        self.features = model.features
        self.threshold = model.threshold
        self._base = model.baseline
        per: dict[int, list[tuple[float, float, float]]] = {}
        for tree in model.trees:
            if len(tree) == 1:  # (a tree that never split: a constant)
                self._base += tree[0][4]
                continue
            if len(tree) != 3 or tree[1][0] >= 0 or tree[2][0] >= 0:
                raise ValueError("not a model of stumps")
            feature, cut, left, right, _ = tree[0]
            per.setdefault(feature, []).append((cut, tree[left][4], tree[right][4]))
        # feature -> (cuts ascending, the sum of its stumps between them: x <= cut takes a stump's left value)
        self._steps: list[tuple[int, list[float], list[float]]] = []
        for feature, stumps in sorted(per.items()):
            cuts = sorted({cut for cut, _, _ in stumps})
            sums = [sum(lo if x_at <= cut else hi for cut, lo, hi in stumps)
                    for x_at in [cuts[0] - 1.0, *(c + (n - c) / 2 for c, n in zip(cuts, [*cuts[1:], cuts[-1] + 2.0],
                                                                                     strict=True))]]
            self._steps.append((feature, cuts, sums))

    def probability(self, features: dict[str, float]) -> float:
        x = [features[name] for name in self.features]
        z = self._base
        for feature, cuts, sums in self._steps:
            z += sums[bisect_left(cuts, x[feature])]
        return 1 / (1 + math.exp(-z))

    def part(self, features: dict[str, float]) -> float:
        """What the stumps on the given features add to the logit (a feature not given adds nothing)."""
        names = self.features
        z = 0.0
        for feature, cuts, sums in self._steps:
            x = features.get(names[feature])
            if x is not None:
                z += sums[bisect_left(cuts, x)]
        return z

    def most(self, names: Iterable[str]) -> float:
        """The most the stumps on the named features can add to the logit, whatever their values."""
        wanted = set(names)
        return sum(max(sums) for feature, _, sums in self._steps if self.features[feature] in wanted)

    def sum_for(self, probability: float) -> float:
        """The sum of the stumps at which probability() returns `probability` (less below it)."""
        return math.log(probability / (1 - probability)) - self._base
