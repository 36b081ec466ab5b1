"""Per-block marks for words the user changed against the text as imported (track-changes style)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat
from rapidfuzz.distance import Levenshtein

from editor.core.model import Segment, token_spans

if TYPE_CHECKING:
    from editor.ui.panes.transcript_pane import TranscriptPane

CHANGED_COLOR = QColor("#0b57a4")


def changed_token_indexes(baseline: list[str], tokens: list[str]) -> list[int]:
    """Indexes into `tokens` of the words that are new or different compared with `baseline`."""
    if baseline == tokens:
        return []
    changed: list[int] = []
    for op in Levenshtein.opcodes(baseline, tokens):
        if op.tag in ("replace", "insert"):
            changed.extend(range(op.dest_start, op.dest_end))
    return changed


class BaselineCache:
    """The imported words behind each segment: the source text of its span, tokenised once."""

    def __init__(self, source_text: str) -> None:
        self._source = source_text
        self._cache: dict[tuple[int, int], list[str]] = {}

    def tokens(self, segment: Segment) -> list[str] | None:
        """The original words of `segment`, or None when it has no source (typed by the user)."""
        span = segment.source
        if span is None:
            return None
        tokens = self._cache.get(span)
        if tokens is None:
            tokens = self._source[span[0] : span[1]].split()
            self._cache[span] = tokens
        return tokens


class TrackChangesHighlighter(QSyntaxHighlighter):
    """Underlines, in colour, the words of a block that differ from its segment's original words."""

    def __init__(self, pane: TranscriptPane) -> None:
        super().__init__(pane.document())
        self._pane = pane
        self.enabled = True
        self.baseline = BaselineCache("")
        self._format = QTextCharFormat()
        self._format.setForeground(CHANGED_COLOR)
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        self._format.setUnderlineColor(CHANGED_COLOR)

    def set_enabled(self, enabled: bool) -> None:
        if enabled != self.enabled:
            self.enabled = enabled
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        if not self.enabled:
            return
        segment = self._pane.segment_for_block(self.currentBlock().blockNumber())
        if segment is None:
            return
        spans = token_spans(text)
        baseline = self.baseline.tokens(segment)
        if baseline is None:
            changed = range(len(spans))
        else:
            tokens = [text[a:b] for a, b in spans]
            changed = changed_token_indexes(baseline, tokens)
        for index in changed:
            start, end = spans[index]
            self.setFormat(start, end - start, self._format)
