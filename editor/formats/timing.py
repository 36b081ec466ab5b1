"""Start/end times for every segment when a subtitle format needs them and some are unknown."""

from __future__ import annotations

import bisect

from editor.core.model import Transcript
from editor.errors import FormatError

# Speaking rate used to extend past the last known time: about 15 characters a second.
CHARS_PER_SECOND = 15


def cue_times(transcript: Transcript) -> list[tuple[int, int]]:
    """(start, end) in ms for each segment: known times kept, gaps interpolated by text length.

    Raises FormatError when the transcript has no timings at all (subtitles would be invented).
    """
    segs = transcript.segments
    if not any(s.start is not None or s.end is not None for s in segs):
        raise FormatError(None, "the transcript has no timings, so it cannot be written as subtitles")
    n = len(segs)
    # Boundary i sits before segment i (boundary n after the last); weight = characters before it.
    known: list[int | None] = [None] * (n + 1)
    for i, seg in enumerate(segs):
        if seg.start is not None:
            known[i] = seg.start
        if seg.end is not None and known[i + 1] is None:
            known[i + 1] = seg.end
    weight = [0] * (n + 1)
    for i, seg in enumerate(segs):
        weight[i + 1] = weight[i] + max(1, len(seg.text))
    bounds = _interpolate(known, weight)
    times = []
    for i, seg in enumerate(segs):
        start = seg.start if seg.start is not None else bounds[i]
        end = seg.end if seg.end is not None else bounds[i + 1]
        times.append((start, max(start, end)))
    return times


def _interpolate(known: list[int | None], weight: list[int]) -> list[int]:
    anchors = [i for i, t in enumerate(known) if t is not None]
    ms_per_char = 1000 / CHARS_PER_SECOND
    result = [0] * len(known)
    for i in range(len(known)):
        if known[i] is not None:
            result[i] = known[i]  # type: ignore[assignment]
            continue
        k = bisect.bisect_left(anchors, i)
        before = anchors[k - 1] if k > 0 else None
        after = anchors[k] if k < len(anchors) else None
        if before is not None and after is not None:
            t0, t1 = known[before], known[after]
            share = (weight[i] - weight[before]) / max(1, weight[after] - weight[before])
            result[i] = round(t0 + (t1 - t0) * share)  # type: ignore[operator]
        elif before is not None:
            result[i] = round(known[before] + (weight[i] - weight[before]) * ms_per_char)  # type: ignore[operator]
        else:
            assert after is not None
            result[i] = max(0, round(known[after] - (weight[after] - weight[i]) * ms_per_char))  # type: ignore[operator]
    return result
