"""Undo and redo stacks derived from the append-only history log.

A step is the tuple of history seqs of the "do" entries it is made of (several when typing merged them).
An "undo" entry moves the top step from `done` to `undone`, a "redo" entry moves it back, and a new "do"
clears `undone`. Replaying the log's (seq, kind, merge) columns gives the same stacks after a reopen, without
reading a single edit.
"""

from __future__ import annotations

from editor.core.edits import Edit, SetText

Step = tuple[int, ...]


class UndoStacks:
    """The `done` and `undone` steps, oldest first (done[-1] is the next undo, undone[-1] the next redo)."""

    def __init__(self) -> None:
        self.done: list[Step] = []
        self.undone: list[Step] = []

    def push(self, seq: int, kind: str, merge: bool) -> None:
        """Account for one history entry."""
        if kind == "do":
            if merge and self.done:
                self.done[-1] = self.done[-1] + (seq,)
            else:
                self.done.append((seq,))
            self.undone.clear()
        elif kind == "undo":
            if self.done:
                self.undone.append(self.done.pop())
        elif kind == "redo":
            # A redo applied without a matching undo (a caller's own stack) is a step of its own.
            self.done.append(self.undone.pop() if self.undone else (seq,))


def _short(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def merged_label(edits: list[Edit]) -> str:
    """A label for edits merged into one undo step: "Type 'hello'" for a typing run."""
    first = edits[0]
    if all(isinstance(e, SetText) for e in edits):
        texts = [e for e in edits if isinstance(e, SetText)]
        same_segment = all(e.segment == first.segment for e in texts) if isinstance(first, SetText) else False
        typing = all(not e.old for e in texts) and all(
            b.at == a.at + len(a.new) for a, b in zip(texts, texts[1:], strict=False)
        )
        if same_segment and typing:
            return f"Type '{_short(''.join(e.new for e in texts))}'"
        backspacing = all(not e.new for e in texts) and all(
            b.at + len(b.old) == a.at for a, b in zip(texts, texts[1:], strict=False)
        )
        if same_segment and backspacing:
            return f"Delete '{_short(''.join(e.old for e in reversed(texts)))}'"
    return first.label if len(edits) == 1 else f"{first.label} (+{len(edits) - 1} more)"
