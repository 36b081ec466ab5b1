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


def _changed_block(old_words: tuple[Word, ...], a0: int, a1: int, tokens: list[str], previous: Word | None) -> list[Word]:
    """Words for `tokens`, which replaced old words [a0, a1): they share that run's time span."""
    run = old_words[a0:a1]
    start = next((w.start for w in run if w.start is not None), None)
    end = next((w.end for w in reversed(run) if w.end is not None), None)
    if not run:  # pure insertion: share the gap between the neighbours
        start = previous.end if previous else None
        end = next((w.start for w in old_words[a1:] if w.start is not None), None)
        start = end if start is None else start
        end = start if end is None else end
    return _spread(tokens, start, end)


def realign(old_words: tuple[Word, ...], new_text: str) -> tuple[Word, ...]:
    """Words for `new_text`, reusing the timings of `old_words` wherever the word is unchanged."""
    new_tokens = tokenize(new_text)
    old_tokens = [w.text for w in old_words]
    if old_tokens == new_tokens:
        return old_words
    result: list[Word] = []
    # Runs of equal words are kept; each stretch between them (any mix of replace/insert/delete)
    # is one change block: old words [a0, a1) became new tokens [b0, b1).
    a = b = 0
    for op in [*Levenshtein.opcodes(old_tokens, new_tokens), None]:
        if op is not None and op.tag != "equal":
            continue
        a1, b1 = (op.src_start, op.dest_start) if op else (len(old_tokens), len(new_tokens))
        if b1 > b:
            result.extend(_changed_block(old_words, a, a1, new_tokens[b:b1], result[-1] if result else None))
        if op is not None:
            result.extend(old_words[op.src_start : op.src_end])
            a, b = op.src_end, op.dest_end
    return tuple(result)
