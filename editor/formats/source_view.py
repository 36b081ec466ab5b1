"""A readable view of an original whose file is data, not text (Whisper JSON): the words as the recogniser wrote
them, one segment per line, with a map between positions in that view and in the file's text.

Segments keep `source` spans into the file's text (what the project stores, and what exports and checks use);
only the Original pane shows this view, converting positions both ways through `to_view` / `to_source`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from editor.core.model import SourceInfo
from editor.errors import FormatError

VIEWED_FORMATS = ("whisper-json", "json")  # raw JSON is shown as its text; every other format as it is


@dataclass(frozen=True)
class SourceView:
    """`text` to show; `source_spans[i]` in the file's text is shown at `view_spans[i]` (both sorted)."""

    text: str
    source_spans: tuple[tuple[int, int], ...]
    view_spans: tuple[tuple[int, int], ...]

    def _map(self, position: int, spans: tuple[tuple[int, int], ...], other: tuple[tuple[int, int], ...]) -> int:
        if not spans:
            return 0
        at = bisect.bisect_right([s[0] for s in spans], position) - 1
        if at < 0:
            return other[0][0]
        (start, end), (o_start, o_end) = spans[at], other[at]
        if position >= end:  # between two segments (JSON keys, times): the end of the one before
            return o_end
        # inside: proportionally (escapes like \u00e9 make the file's span a little longer than the words)
        return o_start + round((position - start) * (o_end - o_start) / max(1, end - start))

    def to_view(self, position: int) -> int:
        """A position in the file's text -> the same place in `text`."""
        return self._map(position, self.source_spans, self.view_spans)

    def to_source(self, position: int) -> int:
        """A position in `text` -> the same place in the file's text."""
        return self._map(position, self.view_spans, self.source_spans)

    def span_to_view(self, span: tuple[int, int]) -> tuple[int, int]:
        return self.to_view(span[0]), max(self.to_view(span[0]), self.to_view(span[1]))


def source_view(source: SourceInfo) -> SourceView | None:
    """The readable view of `source`, or None when its text is shown as it is (or cannot be read again)."""
    if source.format not in VIEWED_FORMATS or not source.text:
        return None
    from editor.formats import import_text  # formats import their modules; this one is imported by the UI only

    try:
        transcript = import_text(source.text, source.name or "original.json", source.format)
    except (FormatError, ValueError, TypeError):
        return None
    placed = sorted((s.source, s.text) for s in transcript.segments if s.source is not None)
    if not placed:
        return None
    lines: list[str] = []
    source_spans: list[tuple[int, int]] = []
    view_spans: list[tuple[int, int]] = []
    offset = 0
    for span, text in placed:
        line = " ".join(text.split())
        source_spans.append(span)
        view_spans.append((offset, offset + len(line)))
        lines.append(line)
        offset += len(line) + 1
    return SourceView("\n".join(lines), tuple(source_spans), tuple(view_spans))
