"""Sort keys for segment rows, so that a structural edit rewrites only the rows it touches.

Each segment row has a REAL `pos`. Segments inserted between two neighbours take evenly spaced keys in the
gap; when the gap has run out of float precision, the caller renumbers everything (rare).
"""

from __future__ import annotations

from collections.abc import Sequence

from editor.core.model import Segment

STEP = 1024.0


def spaced(count: int) -> list[float]:
    """Fresh keys for `count` segments."""
    return [STEP * (i + 1) for i in range(count)]


def between(low: float | None, high: float | None, count: int) -> list[float] | None:
    """`count` increasing keys strictly between `low` and `high` (None: open end); None if none fit."""
    if count == 0:
        return []
    if low is None and high is None:
        return spaced(count)
    if low is None:
        assert high is not None
        return [high - STEP * (count - i) for i in range(count)]
    if high is None:
        return [low + STEP * (i + 1) for i in range(count)]
    gap = (high - low) / (count + 1)
    keys = [low + gap * (i + 1) for i in range(count)]
    bounds = [low, *keys, high]
    if any(a >= b for a, b in zip(bounds, bounds[1:], strict=False)):
        return None
    return keys


def changed_run(before: Sequence[Segment], after: Sequence[Segment]) -> tuple[int, int]:
    """Lengths of the common prefix and suffix (by segment id) of two segment lists."""
    limit = min(len(before), len(after))
    p = 0
    while p < limit and before[p].id == after[p].id:
        p += 1
    s = 0
    while s < limit - p and before[len(before) - 1 - s].id == after[len(after) - 1 - s].id:
        s += 1
    return p, s
