"""Millisecond times to and from the clock strings people and subtitle formats use."""

from __future__ import annotations

import re

_CLOCK_RE = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")


def format_clock(ms: int, *, sep: str = ".", hours: bool = True, millis: bool = True) -> str:
    """`3723004` -> `01:02:03.004` (sep ',' for SRT; millis=False drops the fraction)."""
    ms = max(0, int(ms))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, frac = divmod(rest, 1000)
    text = f"{h:02d}:{m:02d}:{s:02d}" if hours or h else f"{m:02d}:{s:02d}"
    return f"{text}{sep}{frac:03d}" if millis else text


def parse_clock(text: str) -> int:
    """`01:02:03.004`, `1:02:03,4`, `02:03` -> milliseconds. ValueError if it is not a clock."""
    m = _CLOCK_RE.match(text.strip())
    if not m:
        raise ValueError(f"not a time: {text!r}")
    h, mi, s, frac = m.groups()
    if int(mi) >= 60 or int(s) >= 60:
        raise ValueError(f"not a time: {text!r}")
    millis = int((frac or "0").ljust(3, "0"))
    return ((int(h or 0) * 60 + int(mi)) * 60 + int(s)) * 1000 + millis
