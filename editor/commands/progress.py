"""Progress of long CLI work on stderr, only when stderr is a terminal (never in pipes, logs or --json output)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from editor.progress import reporting


class StderrProgress:
    """`\\rchecking: 42% (part 3 of 7)` redrawn on one terminal line; silent when stderr is not a terminal."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None, *, min_interval: float = 0.2) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.label = label
        self.total = max(total, 1)
        self.shown = self.stream.isatty()
        self._last = 0.0
        self._min_interval = min_interval
        self._drawn = False

    def update(self, done: int, detail: str = "") -> None:
        if not self.shown:
            return
        now = time.monotonic()
        if now - self._last < self._min_interval and done < self.total:
            return
        self._last = now
        percent = min(100, done * 100 // self.total)
        self.stream.write(f"\r{self.label}: {percent:3d}%{' ' + detail if detail else ''}\x1b[K")
        self.stream.flush()
        self._drawn = True

    def done(self) -> None:
        if self.shown and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


@contextmanager
def on_terminal(name: str, stream: TextIO | None = None) -> Iterator[None]:
    """Show the editor.progress reports of the work inside the block (reading, saving, opening `name`) as a
    percentage per stage on a terminal's stderr; nothing at all when stderr is not a terminal."""
    bars: dict[str, StderrProgress] = {}

    def show(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            for other in bars.values():
                other.done()
            bar = bars[stage] = StderrProgress(f"{stage} {name}", total, stream)
        bar.total = max(total, 1)
        bar.update(done)

    try:
        with reporting(show):
            yield
    finally:
        for bar in bars.values():
            bar.done()
