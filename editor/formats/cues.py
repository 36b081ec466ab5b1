"""Subtitle cues that follow the usual conventions (Netflix/BBC style guides, Subtitle Edit's defaults).

A segment becomes one cue or several: at most `max_lines` lines of at most `max_line_chars` characters, lines
broken where they balance (after punctuation when it is near the middle), and a cue no longer than
`max_duration_ms`. Times then keep a `min_gap_ms` between cues, stretch a cue towards `min_duration_ms` and
towards a reading speed of `max_cps` characters per second when the next cue leaves room. `cue_problems` lists
what still breaks the rules (speech too fast to be read, a cue too short to be seen), for the export dialog and
`check --subtitles`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from editor.core.model import Segment, Transcript, tokenize
from editor.formats.timing import cue_times

_BREAK_AFTER = ",.;:!?…)]\"”"  # a line or a cue ends well after these
_SENTENCE_END = ".!?…"


@dataclass(frozen=True)
class SubtitleRules:
    """Limits for subtitle cues; the defaults pass common broadcast and streaming style guides."""

    max_lines: int = 2
    max_line_chars: int = 42
    max_cps: float = 17.0  # characters per second (spaces counted), adults' reading speed
    min_duration_ms: int = 1000
    max_duration_ms: int = 7000
    min_gap_ms: int = 80  # two frames at 25 fps: cues that touch flicker

    def capacity(self) -> int:
        return self.max_lines * self.max_line_chars


@dataclass(frozen=True)
class Cue:
    """One subtitle: its times and lines; `segment` is the index of the segment it came from."""

    start: int
    end: int
    lines: tuple[str, ...]
    segment: int

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    def cps(self) -> float:
        return len(self.text) / max(0.001, (self.end - self.start) / 1000)


@dataclass(frozen=True)
class CueProblem:
    """A rule a cue breaks: `cue` is its number in the file (from 1)."""

    cue: int
    start: int
    rule: str  # "lines", "line_length", "reading_speed", "min_duration", "max_duration", "gap"
    message: str


# ----- line breaks -----------------------------------------------------------------------------------
def break_lines(text: str, rules: SubtitleRules) -> tuple[str, ...]:
    """`text` on as few lines as fit, balanced: one line when it fits, else the most even break (after
    punctuation when that is about as even); more lines only when `text` does not fit two."""
    words = text.split()
    if not words:
        return ()
    if len(text) <= rules.max_line_chars or rules.max_lines < 2:
        return (" ".join(words),)
    best: tuple[float, int] | None = None
    total = sum(len(w) for w in words) + len(words) - 1  # the length of " ".join(words)
    first_len = -1
    for cut in range(1, len(words)):
        first_len += len(words[cut - 1]) + 1  # " ".join(words[:cut]), counted as it grows
        second_len = total - first_len - 1
        over = max(0, first_len - rules.max_line_chars) + max(0, second_len - rules.max_line_chars)
        cost = over * 100 + abs(first_len - second_len)
        if words[cut - 1][-1] in _BREAK_AFTER:
            cost -= 8  # a break after a comma or a full stop reads better, if not much less even
        if first_len > second_len:
            cost += 1  # the bottom line a little longer (a "pyramid") when it makes no other difference
        if best is None or cost < best[0]:
            best = (cost, cut)
    assert best is not None
    cut = best[1]
    head, tail = " ".join(words[:cut]), " ".join(words[cut:])
    if len(tail) > rules.max_line_chars and rules.max_lines > 2:
        return (head, *break_lines(tail, SubtitleRules(**{**rules.__dict__, "max_lines": rules.max_lines - 1})))
    return head, tail


def fits(text: str, rules: SubtitleRules) -> bool:
    lines = break_lines(text, rules)
    return len(lines) <= rules.max_lines and all(len(line) <= rules.max_line_chars for line in lines)


# ----- splitting a segment into cues -------------------------------------------------------------------
def _chunks(words: list[str], count: int) -> list[list[str]]:
    """`words` in `count` runs of about equal length, each ending after punctuation when one is near."""
    ends = list(itertools.accumulate(len(w) + 1 for w in words))  # ends[i]: length of words[: i + 1]
    total = ends[-1]
    share = total / count
    runs: list[list[str]] = []
    start = 0
    for k in range(1, count):
        target = total * k / count
        best, best_cost = None, math.inf
        for i in range(start, len(words) - (count - k)):
            if ends[i] - target > share:  # far past the target: no better cut follows
                break
            cost = abs(ends[i] - target) - (share * 0.25 if words[i][-1] in _BREAK_AFTER else 0)
            if words[i][-1] in _SENTENCE_END:
                cost -= share * 0.1
            if cost < best_cost:
                best, best_cost = i, cost
        end = (best if best is not None else start) + 1
        runs.append(words[start:end])
        start = end
    runs.append(words[start:])
    return [r for r in runs if r]


def _split(text: str, duration: int, rules: SubtitleRules) -> list[list[str]]:
    """The fewest runs of words that each fit a cue's lines and its longest duration."""
    words = text.split()
    if not words:
        return []
    count = max(1, math.ceil(len(text) / rules.capacity()), math.ceil(duration / max(1, rules.max_duration_ms)))
    while count < len(words):
        runs = _chunks(words, count)
        if all(fits(" ".join(r), rules) for r in runs):
            return runs
        count += 1
    return [[w] for w in words]


def _run_times(seg: Segment, start: int, end: int, runs: list[list[str]], skip: int = 0) -> list[tuple[int, int]]:
    """Times of each run of a segment's shown words: the words' own times when known, else shared by the
    characters shown. The first `skip` shown words (a speaker's name) are no words of the segment."""
    tokens = tokenize(seg.text)
    words = seg.words if seg.words is not None and len(seg.words) == len(tokens) else None
    lengths = [sum(len(w) + 1 for w in run) for run in runs]
    total = max(1, sum(lengths))
    times: list[tuple[int, int]] = []
    done = 0
    index = -skip
    for run, length in zip(runs, lengths, strict=True):
        a = start + (end - start) * done // total
        b = start + (end - start) * (done + length) // total
        first_at, last_at = max(index, 0), min(index + len(run), len(tokens)) - 1
        if words is not None and first_at <= last_at:
            first, last = words[first_at], words[last_at]
            if first.start is not None and last.end is not None and first.start <= last.end:
                a, b = max(start, first.start if index >= 0 else start), min(end, last.end)
        times.append((a, max(a, b)))
        done += length
        index += len(run)
    return times


def layout_cues(transcript: Transcript, rules: SubtitleRules, *, speakers: bool = True) -> list[Cue]:
    """The transcript as cues that follow `rules` (FormatError when it has no timings at all).

    A speaker's name opens the first cue of each of their segments ("Name: ..."), as in one cue per segment.
    """
    cues: list[Cue] = []
    for index, (seg, (start, end)) in enumerate(zip(transcript.segments, cue_times(transcript), strict=True)):
        name = transcript.speaker_name(seg.speaker) if speakers else ""
        text = " ".join(seg.text.split())
        if not text:
            continue
        runs = _split(f"{name}: {text}" if name else text, end - start, rules)
        times = _run_times(seg, start, end, runs, len(f"{name}:".split()) if name else 0)
        for run, (a, b) in zip(runs, times, strict=True):
            cues.append(Cue(a, b, break_lines(" ".join(run), rules), index))
    return _fix_times(cues, rules)


def _fix_times(cues: list[Cue], rules: SubtitleRules) -> list[Cue]:
    """Gaps between cues, then each cue stretched towards its minimum duration and reading speed."""
    fixed: list[Cue] = []
    for i, cue in enumerate(cues):
        start, end = cue.start, cue.end
        if fixed and start < fixed[-1].end + rules.min_gap_ms:
            start = min(max(start, fixed[-1].end + rules.min_gap_ms), max(start, end))
        limit = cues[i + 1].start - rules.min_gap_ms if i + 1 < len(cues) else math.inf
        wanted = max(rules.min_duration_ms, math.ceil(len(cue.text) / rules.max_cps * 1000))
        wanted = min(wanted, rules.max_duration_ms)
        if end - start < wanted:
            end = int(min(start + wanted, max(end, limit)))
        if end > limit and limit > start:
            end = int(limit)  # touching or overlapping the next cue
        fixed.append(Cue(start, max(start, end), cue.lines, cue.segment))
    return fixed


def segment_cues(transcript: Transcript, *, speakers: bool = True) -> list[Cue]:
    """One cue per segment on one line, as the exports wrote them before the rules (and as a file reads)."""
    cues = []
    for index, (seg, (start, end)) in enumerate(zip(transcript.segments, cue_times(transcript), strict=True)):
        name = transcript.speaker_name(seg.speaker) if speakers else ""
        text = " ".join(seg.text.split())
        cues.append(Cue(start, end, (f"{name}: {text}" if name else text,), index))
    return cues


# ----- checking --------------------------------------------------------------------------------------
def cue_problems(cues: list[Cue], rules: SubtitleRules) -> list[CueProblem]:
    """Every rule each cue breaks, in cue order."""
    from editor.core.timecode import format_clock

    problems: list[CueProblem] = []
    for number, cue in enumerate(cues, 1):
        def add(rule: str, message: str, cue: Cue = cue, number: int = number) -> None:
            problems.append(CueProblem(number, cue.start, rule, f"cue {number} ({format_clock(cue.start)}): {message}"))

        if len(cue.lines) > rules.max_lines:
            add("lines", f"{len(cue.lines)} lines (at most {rules.max_lines})")
        longest = max((len(line) for line in cue.lines), default=0)
        if longest > rules.max_line_chars:
            add("line_length", f"a line of {longest} characters (at most {rules.max_line_chars})")
        duration = cue.end - cue.start
        if cue.text and cue.cps() > rules.max_cps + 0.05:
            add("reading_speed", f"{cue.cps():.1f} characters per second (at most {rules.max_cps:g})")
        if duration < rules.min_duration_ms:
            add("min_duration", f"shown {duration / 1000:.2f} s (at least {rules.min_duration_ms / 1000:g} s)")
        if duration > rules.max_duration_ms:
            add("max_duration", f"shown {duration / 1000:.2f} s (at most {rules.max_duration_ms / 1000:g} s)")
        if number < len(cues):
            gap = cues[number].start - cue.end
            if gap < rules.min_gap_ms:
                what = "overlaps the next cue" if gap < 0 else f"{gap} ms before the next cue"
                add("gap", f"{what} (at least {rules.min_gap_ms} ms)")
    return problems
