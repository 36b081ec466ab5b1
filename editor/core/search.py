"""Finding text in a transcript: exact (case, whole word) or fuzzy (rapidfuzz), and replace-all edits."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from editor.core.edits import Edit, find_matches, replace_all
from editor.core.model import Transcript, token_spans


@dataclass(frozen=True)
class SearchOptions:
    whole_word: bool = False
    match_case: bool = False
    fuzzy: bool = False
    threshold: int = 80  # fuzzy: minimum rapidfuzz ratio (0-100)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a token span so surrounding punctuation is not part of a fuzzy match."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def find_spans(text: str, query: str, options: SearchOptions) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of `query` in `text`."""
    if not query:
        return []
    if not options.fuzzy:
        return find_matches(text, query, whole_word=options.whole_word, ignore_case=not options.match_case)
    wanted = query if options.match_case else query.lower()
    size = max(1, len(query.split()))
    spans = token_spans(text)
    found: list[tuple[int, int]] = []
    i = 0
    while i + size <= len(spans):
        start, end = _trim(text, spans[i][0], spans[i + size - 1][1])
        candidate = text[start:end] if options.match_case else text[start:end].lower()
        if candidate and fuzz.ratio(candidate, wanted) >= options.threshold:
            found.append((start, end))
            i += size
        else:
            i += 1
    return found


def find_next(
    transcript: Transcript, query: str, options: SearchOptions, index: int, offset: int, *, backwards: bool = False,
) -> tuple[int, int, int] | None:
    """(segment index, start, end) of the next match after (index, offset), wrapping around; None if none."""
    count = len(transcript)
    if count == 0 or not query:
        return None
    for step in range(count + 1):
        i = (index - step) % count if backwards else (index + step) % count
        spans = find_spans(transcript.segments[i].text, query, options)
        if step == 0:
            spans = [s for s in spans if (s[1] <= offset if backwards else s[0] >= offset)]
        elif step == count:  # back at the start segment: the part before the cursor
            spans = [s for s in spans if (s[0] >= offset if backwards else s[0] < offset)]
        if spans:
            start, end = spans[-1] if backwards else spans[0]
            return i, start, end
    return None


def replace_all_edit(transcript: Transcript, query: str, new: str, options: SearchOptions) -> Edit | None:
    """One edit replacing every match (None when there is none)."""
    if not options.fuzzy:
        return replace_all(transcript, query, new, whole_word=options.whole_word, ignore_case=not options.match_case)
    return replace_all(transcript, query, new, find=lambda text: find_spans(text, query, options))
