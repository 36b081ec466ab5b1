"""The context signal over many segments at once: every language-model look-up a check needs is gathered first and
scored in a few vectorised batches (ContextModel.logprobs), instead of one pocketsphinx call each.

It finds exactly what ContextChecker's word-by-word test would: the same windows, the same early exits (a word the
model expects, a word that fits its context well), the same sums in the same order, the same tie-breaks. Only the
order of the work changes: (1) split every segment into clauses and list the words worth testing, (2) score how
expected each word is, (3) score how well each remaining window fits, (4) score each sound-alike in the windows
that fit badly, (5) add the last term for the best few, (6) put the findings together, clause by clause.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from editor.review import context as ctx
from editor.review.suspect import CONTEXT, Finding
from editor.review.tokens import WORD, Token

if TYPE_CHECKING:
    from editor.review.context import ContextChecker, ContextModel

Window = tuple[float, tuple[str, ...]]  # (gain of the best sound-alike, suggestions), as ContextChecker caches it


class _Clause:
    """One clause's words and what is asked about them."""

    __slots__ = ("segment", "text", "tokens", "words", "known", "tests", "merges")

    def __init__(self, segment: int, text: str, tokens: list[Token], words: list[str], known: list[bool]) -> None:
        self.segment = segment
        self.text = text
        self.tokens = tokens
        self.words = words
        self.known = known
        # the words worth testing: (token, its place in words, the test window words[lo:hi], its place in the
        # expectedness look-ups or -1), then (step 3 on) those still open: (token, word, the window's cache key)
        self.tests: list[Any] = []
        self.merges: list[ctx.Merge] = []  # (context.merge_candidates)


def batch_findings(checker: ContextChecker, items: Sequence[tuple[str, str, list[Token]]],
                   is_known: Callable[[str], bool]) -> list[list[Finding]]:
    """The context findings of each (segment id, text, tokens), as ContextChecker.findings gives them one by one."""
    model = checker.model
    model.bound_memos()
    norms = {t.norm for _, _, tokens in items for t in tokens if t.kind == WORD}
    model.learn_words(norms)
    known_of = model._known
    for mark in ("<s>", "</s>"):
        model.known(mark)  # (so that every word of a clause is in known_of)
    memo = checker._testable_memo
    cache = checker._cache
    clauses: list[_Clause] = []
    # the words whose expectedness is asked: each word, the previous word and the one before (None: none)
    exp_word: list[str] = []
    exp_h1: list[str | None] = []
    exp_h2: list[str | None] = []
    merge_filter = model.merge_filter()
    merged = model.merged
    # which words may be half of a merge, asked once per word
    joinable_of = {w: w.isalpha() and not is_known(w) for w in (*norms, "<s>", "</s>")}
    breaks = ctx._CLAUSE_BREAKS
    # (1) clauses and the words worth testing in them, as ContextChecker.findings / _clause walk them
    for number, (_, text, tokens) in enumerate(items):
        start = 0
        last = len(tokens) - 1
        for i, tok in enumerate(tokens):
            if tok.kind != WORD:
                start = i + 1
                continue
            if i != last and tokens[i + 1].kind == WORD and text[tok.end : tok.end + 1] not in breaks:
                continue
            clause_tokens = tokens[start : i + 1]
            start = i + 1
            words = ["<s>", *[t.norm for t in clause_tokens], "</s>"]
            known = list(map(known_of.__getitem__, words))
            clause = _Clause(number, text, clause_tokens, words, known)
            clauses.append(clause)
            all_known = False not in known
            tests = clause.tests
            for pos, token in enumerate(clause_tokens, start=1):
                key: tuple[Any, ...] = token[2:]
                testable = memo.get(key)
                if testable is None:
                    testable = memo[key] = checker._testable(token, token.norm, is_known)
                if not testable:
                    continue
                lo, hi = (pos - 2 if pos > 1 else 0, pos + 3) if all_known else ctx._span(known, pos, pos + 1)
                slot = -1
                if lo < pos:
                    slot = len(exp_word)
                    exp_word.append(words[pos])
                    exp_h1.append(words[pos - 1])
                    exp_h2.append(words[pos - 2] if lo < pos - 1 else None)
                elif hi == pos + 1:
                    continue
                tests.append((token, pos, lo, hi, slot))
            if len(clause_tokens) > 1:
                clause.merges = ctx.merge_candidates(clause_tokens, words,
                                                     list(map(joinable_of.__getitem__, words)), merged, merge_filter)
    # (2) how expected each word is after its left neighbours
    surprising = (model.logprobs(exp_word, exp_h1, exp_h2) <= ctx.EXPECTED_LOGPROB).tolist()
    # (3)-(5) the test windows not in the cache, each computed once; each clause keeps the tests still open
    todo: dict[tuple[Any, ...], int] = {}
    for clause in clauses:
        words = clause.words
        open_tests = []
        for token, pos, lo, hi, slot in clause.tests:
            if slot < 0 or surprising[slot]:
                key = (pos - lo, *words[lo:hi])
                open_tests.append((token, words[pos], key))
                if key not in cache and key not in todo:
                    todo[key] = len(todo)
        clause.tests = open_tests
    for key, result in zip(todo, _windows(model, list(todo)), strict=True):
        cache[key] = result
    merge_todo: dict[tuple[Any, ...], tuple[_Clause, int, str, str, str]] = {}
    for clause in clauses:
        for pos, a, b, joined, key in clause.merges:
            if key not in cache and key not in merge_todo:
                merge_todo[key] = (clause, pos, a.norm, b.norm, joined)
    for key, result in zip(merge_todo, _merges(model, list(merge_todo.values())), strict=True):
        cache[key] = result
    # (6) the findings, clause by clause, in the order ContextChecker gives them
    found: list[list[Finding]] = [[] for _ in items]
    for clause in clauses:
        segment_id = items[clause.segment][0]
        out: list[Finding] = []
        for token, w, key in clause.tests:
            gain, suggestions = cache[key]
            margin = ctx.MARGIN + (ctx.SHORT_MARGIN_EXTRA if len(w) < 3 else 0.0)
            if gain > margin:
                score = ctx._score(gain - margin + ctx.MARGIN) - (ctx.CONTENT_WORD_DISCOUNT if len(w) > 3 else 0.0)
                out.append(Finding(segment_id, token.start, token.end, token.text, CONTEXT, round(max(0.0, score), 3),
                                   tuple(ctx._case_like(s, token.text) for s in suggestions),
                                   f"{suggestions[0]!r} sounds alike and fits the context better"))
        merges = []
        for _, a, b, _, key in clause.merges:
            gain, suggestions = cache[key]
            if gain > ctx.MARGIN:
                text = clause.text[a.start : b.end]
                merges.append(Finding(segment_id, a.start, b.end, text, CONTEXT, ctx._score(gain),
                                      (ctx._case_like(suggestions[0], a.text),),
                                      f"{suggestions[0]!r} sounds like {text!r} and fits the context better"))
        if merges:
            out = [f for f in out if not any(m.start <= f.start and f.end <= m.end and m.score >= f.score
                                             for m in merges)] + merges
        found[clause.segment] += out
    return found


def _windows(model: ContextModel, keys: list[tuple[Any, ...]]) -> list[Window]:
    """ContextChecker._test for each window key (left-word count, *words), all at once."""
    n = len(keys)
    if n == 0:
        return []
    word: list[str] = []
    left1: list[str | None] = []
    left2: list[str | None] = []
    right1: list[str | None] = []
    right2: list[str | None] = []
    for key in keys:
        at = key[0] + 1  # the tested word's place in the key
        size = len(key)
        word.append(key[at])
        left1.append(key[at - 1] if at > 1 else None)
        left2.append(key[at - 2] if at > 2 else None)
        right1.append(key[at + 1] if size > at + 1 else None)
        right2.append(key[at + 2] if size > at + 2 else None)
    w_id, l1_id, l2_id, r1_id, r2_id = (model.ids(c) for c in (word, left1, left2, right1, right2))
    has_r1 = r1_id != -1
    has_r2 = r2_id != -1
    # the word's fit: its three trigram terms, summed in ContextModel.fit's order
    base = model.logprob_ids(w_id, l1_id, l2_id)
    if has_r1.any():
        base[has_r1] += model.logprob_ids(r1_id[has_r1], w_id[has_r1], l1_id[has_r1])
    if has_r2.any():
        base[has_r2] += model.logprob_ids(r2_id[has_r2], r1_id[has_r2], w_id[has_r2])
    results: list[Window] = [(0.0, ())] * n
    poor = np.flatnonzero(base <= ctx.FITS_WELL)
    if len(poor) == 0:
        return results
    # every sound-alike of every badly fitting word, with the window it is tried in
    slot = model.neighbour_slots([word[i] for i in poor.tolist()])
    starts, lengths, other_ids, other_costs, names = model.neighbour_table()
    counts = lengths[slot]
    window = np.repeat(poor, counts)
    which = np.repeat(starts[slot] - np.cumsum(counts) + counts, counts) + np.arange(len(window), dtype=np.int64)
    if len(window) == 0:
        return results
    other = other_ids[which]
    cost = other_costs[which]
    # the left-hand fit (the windows' histories' back-offs worked out once each), then the next word's term where
    # the head is still in the running
    assert model.arrays is not None
    backoffs = model.arrays.history_backoffs(l1_id[poor], l2_id[poor])
    first = np.zeros(n, dtype=np.int64)
    first[poor] = np.arange(len(poor), dtype=np.int64)
    # (each look-up also gives the back-off of its bigram, the history of the next word's term: (other, l1) is
    # that of the next word after other, (r1, other) that of the word after next; no second search for them)
    value, other_backoffs = model.logprob_ids_and_backoffs(other, l1_id[window], l2_id[window],
                                                           backoffs[first[window]])
    head = value - cost
    base_w = base[window]
    alive = head > base_w
    ask = np.flatnonzero(alive & has_r1[window])
    fitted = value.copy()
    next_backoffs = np.zeros(len(window), dtype=np.float32)
    if len(ask):
        nxt, next_backoffs[ask] = model.logprob_ids_and_backoffs(r1_id[window[ask]], other[ask], l1_id[window[ask]],
                                                                 other_backoffs[ask])
        head[ask] += nxt
        fitted[ask] += nxt
    kept = np.flatnonzero(alive & (head > base_w))
    if len(kept) == 0:
        return results
    window, head, which, cost, fitted = window[kept], head[kept], which[kept], cost[kept], fitted[kept]
    next_backoffs = next_backoffs[kept]
    # rank each window's sound-alikes as _test sorts its (head, word, cost, fit) tuples, best first: by spelling
    # rank where heads tie (the distinct table entries' spellings sorted by Python; a word may have several)
    entries, entry_of = np.unique(which, return_inverse=True)
    spellings = [names[i] for i in entries.tolist()]
    rank_of = {word: at for at, word in enumerate(sorted(set(spellings)))}
    rank = np.array([rank_of[word] for word in spellings], dtype=np.int64)[entry_of.reshape(-1)]
    order = np.lexsort((-fitted, -cost, -rank, -head, window))
    window, which, cost, fitted, rank = window[order], which[order], cost[order], fitted[order], rank[order]
    next_backoffs = next_backoffs[order]
    start = np.flatnonzero(np.r_[True, window[1:] != window[:-1]])
    place = np.arange(len(window)) - np.repeat(start, np.diff(np.r_[start, len(window)]))
    best = np.flatnonzero(place < ctx.FULL_FITS)  # only these get the last term
    window, which, cost, fitted, rank = window[best], which[best], cost[best], fitted[best], rank[best]
    last = np.flatnonzero(has_r2[window])
    if len(last):
        fitted[last] += model.logprob_ids(r2_id[window[last]], r1_id[window[last]], other_ids[which[last]],
                                          next_backoffs[best[last]])
    gain = (fitted - cost) - base[window]
    order = np.lexsort((-rank, -gain, window))
    window, which, gain = window[order], which[order], gain[order]
    start = np.flatnonzero(np.r_[True, window[1:] != window[:-1]])
    place = np.arange(len(window)) - np.repeat(start, np.diff(np.r_[start, len(window)]))
    suggestions: dict[int, list[str]] = {}
    keep = (place < 5) & (gain > 0)  # the best five sound-alikes that beat the word
    for w_at, i in zip(window[keep].tolist(), which[keep].tolist(), strict=True):
        suggestions.setdefault(w_at, []).append(names[i])
    for w_at, g in zip(window[start].tolist(), gain[start].tolist(), strict=True):
        results[w_at] = (g, tuple(suggestions.get(w_at, ())))
    return results


def _merges(model: Any, asks: list[tuple[_Clause, int, str, str, str]]) -> list[Window]:
    """ContextChecker._merges' gain for each (clause, place of the second word, first, second, joined word)."""
    if not asks:
        return []
    # each merge compares two word sequences' sums of trigram terms (ContextModel.sequence_fit): list their terms
    words: list[str] = []
    hist1: list[str | None] = []
    hist2: list[str | None] = []
    spans: list[tuple[int, int, int]] = []  # where each ask's two sequences' terms start and end
    for clause, pos, first, second, joined in asks:
        left, right = ctx._context(clause.words, clause.known, pos, pos + 2)
        begin = len(words)
        ends = []
        for seq in ([first, second], [joined]):
            history = left[-2:]
            for w in [*seq, *right[:2]]:
                words.append(w)
                hist1.append(history[-1] if history else None)
                hist2.append(history[-2] if len(history) > 1 else None)
                history = [*history[-1:], w]
            ends.append(len(words))
        spans.append((begin, ends[0], ends[1]))
    values = model.logprobs(words, hist1, hist2).tolist()
    results: list[Window] = []
    for (begin, middle, end), (_, _, _, _, joined) in zip(spans, asks, strict=True):
        base = 0.0
        for v in values[begin:middle]:
            base += v
        alt = 0.0
        for v in values[middle:end]:
            alt += v
        results.append((alt - ctx.MERGE_COST - base, (joined,)))
    return results
