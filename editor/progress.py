"""Progress of long work (importing, opening a large project) for whoever started it, and a way to cancel it.

The work calls `report(stage, done, total)` now and then; a caller that wants progress runs the work inside
`reporting(callback)` on the same thread. The callback may raise `Cancelled` to stop the work: it is raised at
the next report, so the work unwinds through its ordinary cleanup (a half-written project file is removed).
Without a callback, `report` costs one attribute lookup.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_local = threading.local()


class Cancelled(Exception):
    """The user cancelled the work."""


@contextmanager
def reporting(callback: Callable[[str, int, int], None]) -> Iterator[None]:
    """Send `report` calls made on this thread inside the block to `callback(stage, done, total)`."""
    previous = getattr(_local, "callback", None)
    _local.callback = callback
    try:
        yield
    finally:
        _local.callback = previous


def report(stage: str, done: int, total: int) -> None:
    """Say how far the work is (`done` of `total` in `stage`, e.g. "reading", "saving")."""
    callback = getattr(_local, "callback", None)
    if callback is not None:
        callback(stage, done, total)
