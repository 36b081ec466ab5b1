"""Part of signal 4 for text without recogniser statistics: a phrase (or a segment) repeated in a row.

Recognisers (Whisper above all) fall into loops on silence, music or noise and write the same phrase again and
again ("Thank you. Thank you. Thank you. Thank you."). Whisper flags this itself with a high compression ratio,
but plain text, SRT and WebVTT carry no such number, so the loop is looked for in the words, within a segment
and across segments (the same text in three or more segments in a row, one speaker). People repeat
themselves too ("no, no, no", "you know, you know", and restarts like "for the rest of our for the rest of our
lives", twice in the sample interview), so only a phrase said three or more times counts.
"""

from __future__ import annotations

from editor.core.model import Segment
from editor.review.suspect import REPEATED, Finding, Suspect
from editor.review.tokens import Token

MAX_PHRASE = 8  # words in the repeated phrase
MIN_LOOP_WORDS = 8  # a phrase said three or more times in a row must cover this many words ('you know' x3: no)
MIN_SINGLE_REPEATS = 5  # one word: 'no no no no' is speech, five or more in a row is a loop
BASE_SCORE = 0.55
SCORE_PER_REPEAT = 0.05  # each repeat past the third makes a loop surer


def loop_findings(segment_id: str, text: str, tokens: list[Token]) -> list[Finding]:
    """Runs of one phrase repeated back to back in a segment, suggesting the phrase once."""
    norms = [t.norm for t in tokens]
    count = len(norms)
    if count - len(set(norms)) < MIN_SINGLE_REPEATS - 1:
        return []  # every loop below repeats at least four words (most short segments stop here)
    runs: list[tuple[int, int, int]] = []  # (first token, phrase words, repeats)
    for n in range(1, MAX_PHRASE + 1):
        i = 0
        while i + n < count:
            if norms[i] != norms[i + n]:
                i += 1
                continue
            j = i  # norms[j] == norms[j + n] for j in i..end-1: words i..end+n-1 repeat the phrase at i
            while j + n < count and norms[j] == norms[j + n]:
                j += 1
            repeats = (j - i) // n + 1
            if _loop(n, repeats):
                runs.append((i, n, repeats))
            i = j + 1
    found: list[Finding] = []
    taken: set[int] = set()
    for first, n, repeats in sorted(runs, key=lambda r: (-r[1] * r[2], r[1], r[0])):
        span = set(range(first, first + n * repeats))
        if span & taken:
            continue
        taken |= span
        start, end = tokens[first].start, tokens[first + n * repeats - 1].end
        phrase = text[start : tokens[first + n - 1].end]
        score = min(0.9, BASE_SCORE + SCORE_PER_REPEAT * (repeats - 3))
        found.append(Finding(segment_id, start, end, text[start:end], REPEATED, round(score, 3), (phrase,),
                             f"{phrase!r} {repeats} times in a row: recognisers loop like this on silence or noise"))
    return found


def _loop(n: int, repeats: int) -> bool:
    if n == 1:
        return repeats >= MIN_SINGLE_REPEATS
    return repeats >= 3 and n * repeats >= MIN_LOOP_WORDS


MIN_SEGMENT_REPEATS = 3  # the same words in this many segments in a row (one speaker) is a loop
SEGMENT_SCORE = 0.6


def segment_loops(segments: list[Segment], around: int | None = None) -> dict[str, Suspect]:
    """Segments that repeat the one before them word for word (same speaker, two words or more), in
    runs of MIN_SEGMENT_REPEATS or more, by id; each one after the first of its run is a suspect.
    `around`: only the run containing that index."""
    n = len(segments)
    if around is None:
        first, stop = 0, n
    else:
        first = around
        while first > 0 and _same(segments[first - 1], segments[first]):
            first -= 1
        stop = around + 1
    found: dict[str, Suspect] = {}
    start = first
    while start < stop:
        end = start + 1
        while end < n and _same(segments[end - 1], segments[end]):
            end += 1
        if end - start >= MIN_SEGMENT_REPEATS and len(segments[start].text.split(None, 1)) == 2:
            score = round(min(0.9, SEGMENT_SCORE + SCORE_PER_REPEAT * (end - start - MIN_SEGMENT_REPEATS)), 3)
            for segment in segments[start + 1 : end]:
                text = segment.text
                lo, hi = len(text) - len(text.lstrip()), len(text.rstrip())
                # the fix is nothing at all: accepting it deletes the segment
                found[segment.id] = Suspect(
                    segment.id, lo, hi, text[lo:hi], (REPEATED,), score, ("",),
                    f"the same words in {end - start} segments in a row: recognisers loop like this on silence "
                    "or noise; delete this copy")
        start = end
    return found


def _same(a: Segment, b: Segment) -> bool:
    """The same speaker saying the same words (case, spacing and end punctuation aside)."""
    if a.speaker != b.speaker:
        return False
    # (comparing the texts as they are settles almost every pair; the rest are compared loosely)
    x, y = a.text, b.text
    return x == y or (abs(len(x) - len(y)) <= _LOOSE_SLACK and x[:4].lower() == y[:4].lower()
                      and _loose(x) == _loose(y))


_LOOSE_SLACK = 4  # characters of punctuation and spacing two copies of a loop may differ by


def _loose(text: str) -> str:
    return " ".join(text.lower().split()).strip(" .,;:!?…\"'“”‘’-")
