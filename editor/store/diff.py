"""Word-level differences between two transcripts, and the word error rate of one against the other.

Segments are first matched by id (edits keep ids; a split adds one, a merge drops one), then words are
compared inside each matched segment and inside each run of unmatched segments, so comparing two versions
of a 10-hour transcript costs about as much as the text that changed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from editor.core.model import Segment, Transcript, tokenize

_MAX_RUN = 400  # segments compared word by word in one go


@dataclass(frozen=True)
class DiffOp:
    """A run of words: `old` (in A) became `new` (in B). For "equal" old == new.

    `a_segment` / `b_segment` are the ids of the segments the run starts in (None when it has no words
    on that side and no neighbour there), so a view can show the changes per paragraph.
    """

    tag: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    a_segment: str | None
    b_segment: str | None


def _words(segments: Iterable[Segment]) -> tuple[list[str], list[str]]:
    words: list[str] = []
    owners: list[str] = []
    for seg in segments:
        tokens = tokenize(seg.text)
        words.extend(tokens)
        owners.extend([seg.id] * len(tokens))
    return words, owners


def _owner(owners: list[str], index: int, fallback: str | None) -> str | None:
    if index < len(owners):
        return owners[index]
    return owners[-1] if owners else fallback


def _diff_run(a: list[Segment], b: list[Segment]) -> list[DiffOp]:
    """Word ops between two runs of segments."""
    a_words, a_owner = _words(a)
    b_words, b_owner = _words(b)
    a_default = a[0].id if a else None
    b_default = b[0].id if b else None
    ops: list[DiffOp] = []
    for op in Levenshtein.opcodes(a_words, b_words):
        old = tuple(a_words[op.src_start : op.src_end])
        new = tuple(b_words[op.dest_start : op.dest_end])
        a_seg = _owner(a_owner, op.src_start, a_default)
        b_seg = _owner(b_owner, op.dest_start, b_default)
        if op.tag != "equal":
            if ops and ops[-1].tag != "equal":  # one change per stretch between equal words
                prev = ops.pop()
                old, new, a_seg, b_seg = prev.old + old, prev.new + new, prev.a_segment, prev.b_segment
            tag = "replace" if old and new else "delete" if old else "insert"
            ops.append(DiffOp(tag, old, new, a_seg, b_seg))
            continue
        # Split equal runs at segment boundaries so that each paragraph's text is complete.
        start = 0
        for k in range(1, len(new) + 1):
            if k == len(new) or b_owner[op.dest_start + k] != b_owner[op.dest_start + start] or \
                    a_owner[op.src_start + k] != a_owner[op.src_start + start]:
                ops.append(DiffOp("equal", old[start:k], new[start:k], a_owner[op.src_start + start],
                                  b_owner[op.dest_start + start]))
                start = k
    return ops


def diff_segments(a: list[Segment], b: list[Segment]) -> list[DiffOp]:
    """Word ops turning segments `a` into segments `b`, in document order.

    Segments with the same id and text anchor the comparison; everything between two anchors (changed,
    split, merged, inserted or deleted segments) is compared word by word as one run, so words moved
    across a split or merge are not reported as changes.
    """
    matcher = difflib.SequenceMatcher(None, [s.id for s in a], [s.id for s in b], autojunk=False)
    ops: list[DiffOp] = []
    run_a: list[Segment] = []
    run_b: list[Segment] = []

    def flush_run() -> None:
        if run_a or run_b:
            ops.extend(_diff_run(run_a, run_b))
            run_a.clear()
            run_b.clear()

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            run_a.extend(a[i1:i2])
            run_b.extend(b[j1:j2])
            continue
        for old_seg, new_seg in zip(a[i1:i2], b[j1:j2], strict=True):
            if old_seg.text != new_seg.text:
                if len(run_a) + len(run_b) > _MAX_RUN:  # keep each word comparison small
                    flush_run()
                run_a.append(old_seg)
                run_b.append(new_seg)
                continue
            flush_run()
            words = tuple(tokenize(new_seg.text))
            if words:
                ops.append(DiffOp("equal", words, words, old_seg.id, new_seg.id))
    flush_run()
    return ops


def diff_transcripts(a: Transcript, b: Transcript) -> list[DiffOp]:
    """Word ops turning transcript `a` into transcript `b`."""
    return diff_segments(a.segments, b.segments)


def changed(ops: Iterable[DiffOp]) -> list[DiffOp]:
    """Only the ops that are not "equal"."""
    return [op for op in ops if op.tag != "equal"]


def _context(words: tuple[str, ...], keep_start: int | None, keep_end: int | None) -> str:
    """Equal words, shortened to `keep_start` leading and `keep_end` trailing words (None: keep all)."""
    if keep_start is None and keep_end is None:
        return " ".join(words)
    head = words[: keep_start or 0]
    tail = words[max(0, len(words) - keep_end) :] if keep_end else ()
    if len(head) + len(tail) >= len(words):
        return " ".join(words)
    return " ".join([*head, "…", *tail]).strip()


def format_diff(ops: list[DiffOp], context: int | None = None) -> str:
    """Readable text: one line per changed paragraph, `[-old-]{+new+}` marking the changes.

    With `context`, unchanged stretches keep only that many words next to each change.
    """
    groups: dict[str, list[DiffOp]] = {}
    for op in ops:
        key = op.b_segment or op.a_segment or "?"
        groups.setdefault(key, []).append(op)
    lines = []
    for seg_id, seg_ops in groups.items():
        if all(op.tag == "equal" for op in seg_ops):
            continue
        parts = []
        for i, op in enumerate(seg_ops):
            if op.tag == "equal":
                before = context if i > 0 and context is not None else None
                after = context if i + 1 < len(seg_ops) and context is not None else None
                if context is not None:
                    before, after = (before or 0), (after or 0)
                parts.append(_context(op.new, before, after))
                continue
            if op.old:
                parts.append("[-" + " ".join(op.old) + "-]")
            if op.new:
                parts.append("{+" + " ".join(op.new) + "+}")
        lines.append(f"[{seg_id}] " + " ".join(p for p in parts if p))
    return "\n".join(lines)


def summary(ops: list[DiffOp]) -> dict[str, int]:
    """Counts of words kept, replaced, deleted and inserted (replace counts the larger side)."""
    counts = {"equal": 0, "replaced": 0, "deleted": 0, "inserted": 0}
    for op in ops:
        if op.tag == "equal":
            counts["equal"] += len(op.new)
        else:
            distance = Levenshtein.distance(list(op.old), list(op.new))
            pairs = max(0, len(op.old) + len(op.new) - distance)  # words substituted, not added or dropped
            counts["replaced"] += pairs
            counts["deleted"] += max(0, len(op.old) - pairs)
            counts["inserted"] += max(0, len(op.new) - pairs)
    return counts


_PUNCT = re.compile(r"^[^\w]+|[^\w]+$")


def normalize_word(word: str) -> str:
    """Lower case without surrounding punctuation, for WER that ignores casing and punctuation."""
    return _PUNCT.sub("", word.lower())


def word_error_rate(hypothesis: Transcript, reference: Transcript, *, normalize: bool = True) -> float:
    """WER of `hypothesis` against `reference`: (substitutions + deletions + insertions) / reference words."""
    ops = diff_transcripts(hypothesis, reference)
    errors = 0
    ref_words = 0
    for op in ops:
        old, new = list(op.old), list(op.new)
        if normalize:
            old = [w for w in map(normalize_word, old) if w]
            new = [w for w in map(normalize_word, new) if w]
        ref_words += len(new)
        if op.tag != "equal":
            errors += Levenshtein.distance(old, new)
    return errors / ref_words if ref_words else float(errors > 0)
