"""Keep word timings through text edits.

The old and new token lists are aligned with rapidfuzz's Levenshtein opcodes (which work on lists of
words). Unchanged words keep their Word (times and confidence). A run of old words replaced by new
ones shares the old run's time span, split in proportion to the new words' lengths, so a 1:1
correction keeps the exact times. Inserted words share the gap between their neighbours.
Changed words lose their recogniser confidence: a human wrote them.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from editor.core.model import Word, tokenize


def _spread(tokens: list[str], start: int | None, end: int | None) -> list[Word]:
    """Words for `tokens` sharing [start, end] in proportion to their lengths."""
    if start is None or end is None:
        return [Word(t, start, end) for t in tokens]
    if end < start:
        end = start
    total = sum(len(t) for t in tokens) or 1
    words = []
    acc = 0
    for tok in tokens:
        w_start = start + (end - start) * acc // total
        acc += len(tok)
        w_end = start + (end - start) * acc // total
        words.append(Word(tok, w_start, w_end))
    return words


def realign(old_words: tuple[Word, ...], new_text: str) -> tuple[Word, ...]:
    """Words for `new_text`, reusing the timings of `old_words` wherever the word is unchanged."""
    new_tokens = tokenize(new_text)
    old_tokens = [w.text for w in old_words]
    if old_tokens == new_tokens:
        return old_words
    result: list[Word] = []
    for op in Levenshtein.opcodes(old_tokens, new_tokens):
        if op.tag == "equal":
            result.extend(old_words[op.src_start : op.src_end])
        elif op.tag == "delete":
            continue
        elif op.tag == "replace":
            run = old_words[op.src_start : op.src_end]
            start = next((w.start for w in run if w.start is not None), None)
            end = next((w.end for w in reversed(run) if w.end is not None), None)
            result.extend(_spread(new_tokens[op.dest_start : op.dest_end], start, end))
        else:  # insert: share the gap between the neighbours
            before = result[-1].end if result else None
            after_run = old_words[op.src_start :]
            after = next((w.start for w in after_run if w.start is not None), None)
            if before is None:
                before = after
            if after is None:
                after = before
            result.extend(_spread(new_tokens[op.dest_start : op.dest_end], before, after))
    return tuple(result)
