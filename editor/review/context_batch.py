"""The context signal over many segments at once: every language-model look-up a check needs is gathered first and
scored in a few vectorised batches (ContextModel.logprob_ids), instead of one pocketsphinx call each.

It finds exactly what ContextChecker's word-by-word test would: the same windows, the same early exits (a word the
model expects, a word that fits its context well), the same sums in the same order, the same tie-breaks. Only the
order of the work changes, and most of it is done on arrays of word ids rather than on Python objects per word:
(1) lay out the batch's clauses as one sequence of word ids, each clause between its sentence marks, (2) find the
words worth testing and their windows, (3) score how expected each word is, (4) score each distinct window once
(_window_gains: how well the word fits, each sound-alike in the windows that fit badly, the last term for the best
few), (5) make findings of the few tests that gain enough, (6) the same for two words heard as one, clause by
clause.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from editor.review import context as ctx
from editor.review.lexicon import KNOWN_ZIPF, zipf
from editor.review.suspect import CONTEXT, Finding
from editor.review.tokens import WORD, Token

if TYPE_CHECKING:
    from editor.review.context import ContextChecker, ContextModel

Window = tuple[float, tuple[str, ...]]  # (gain of the best sound-alike, suggestions), as ContextChecker caches it


def batch_findings(checker: ContextChecker, items: Sequence[tuple[str, str, list[Token]]],
                   is_known: Callable[[str], bool]) -> list[list[Finding]]:
    """The context findings of each (segment id, text, tokens), as ContextChecker.findings gives them one by one."""
    model = checker.model
    model.bound_memos()
    found: list[list[Finding]] = [[] for _ in items]
    tokens = [t for _, _, segment_tokens in items for t in segment_tokens]
    if not tokens:
        return found
    # (1) every token of the batch in one stream, the word tokens' clauses as runs of it: the per-token work is
    # a few list comprehensions, the rest is done on arrays (as ContextChecker.findings and _clause walk them)
    counts = np.array([len(segment_tokens) for _, _, segment_tokens in items], dtype=np.int64)
    is_word = np.array([t.kind == WORD for t in tokens], dtype=bool)
    breaks = ctx._CLAUSE_BREAKS
    breaks_after = np.array([text[t.end : t.end + 1] in breaks for _, text, segment_tokens in items
                             for t in segment_tokens], dtype=bool)
    ends_segment = np.zeros(len(tokens), dtype=bool)
    ends_segment[np.cumsum(counts)[counts > 0] - 1] = True
    next_is_word = np.r_[is_word[1:], False]
    ends_clause = is_word & (ends_segment | ~next_is_word | breaks_after)
    starts_clause = is_word & np.r_[True, ~is_word[:-1] | ends_clause[:-1] | ends_segment[:-1]]
    at = np.flatnonzero(is_word)  # the word tokens, in order
    if len(at) == 0:
        return found
    words = [tokens[i] for i in at.tolist()]
    norms = [t.norm for t in words]
    distinct = list(dict.fromkeys(norms))
    model.learn_words(set(distinct))
    known_of = model._known
    for mark in ("<s>", "</s>"):
        model.known(mark)
    number = {w: i for i, w in enumerate(distinct)}
    start_mark, end_mark = len(distinct), len(distinct) + 1
    vocabulary = [*distinct, "<s>", "</s>"]
    norm_at = np.array([number[w] for w in norms], dtype=np.int64)
    # per distinct word: its id in the model, whether the model knows it, whether it may be tested (the part of
    # ContextChecker._testable that depends on the word alone)
    ids_of = model.ids(vocabulary)
    known_word = np.array([known_of[w] for w in vocabulary], dtype=bool)
    memo = checker._word_testable
    testable_word = np.array([value if (value := memo.get(w)) is not None else _testable_word(checker, w, is_known)
                              for w in distinct] + [False, False], dtype=bool)
    # ... and on the token: a capitalised word inside a sentence is a name (unless 'I')
    capital = np.array([t.text[:1].isupper() for t in words], dtype=bool)
    named = capital.copy()
    for i in np.flatnonzero(capital).tolist():  # (~1 word in 10)
        named[i] = not words[i].sentence_start and words[i].norm != "i"
    # the flat sequence of every clause's words with its marks: '<s>', the words, '</s>'
    clause_of = np.cumsum(starts_clause[at]) - 1
    place = np.arange(len(at), dtype=np.int64) + 2 * clause_of + 1  # each word's index in the flat sequence
    size = len(at) + 2 * (int(clause_of[-1]) + 1)
    flat = np.empty(size, dtype=np.int64)  # index into vocabulary
    flat[place] = norm_at
    first = place[starts_clause[at]] - 1  # each clause's '<s>'
    last = place[ends_clause[at]] + 1  # ... and '</s>'
    flat[first] = start_mark
    flat[last] = end_mark
    flat_known = known_word[flat]
    flat_ids = ids_of[flat]
    lo_mark, hi_mark = first[clause_of], last[clause_of]
    # (2) the words worth testing and their windows: up to two known words each side (ctx._span)
    test = np.flatnonzero(testable_word[norm_at] & ~named)
    f, s, e = place[test], lo_mark[test], hi_mark[test]
    top = size - 1
    left_ok = flat_known[f - 1] & ((f - 2 < s) | flat_known[np.maximum(f - 2, 0)])
    right_ok = flat_known[f + 1] & ((f + 2 > e) | flat_known[np.minimum(f + 2, top)])
    both = left_ok & right_ok
    lo = np.where(both, np.maximum(s, f - 2), np.where(flat_known[f - 1], f - 1, f))
    hi = np.where(both, np.minimum(f + 3, e + 1), np.where(flat_known[f + 1], f + 2, f + 1))
    # (3) how expected each word is after its left neighbours: one that the model expects is not tested
    asked = np.flatnonzero(lo < f)
    open_ = (lo == f) & (hi > f + 1)
    if len(asked):
        fa = f[asked]
        h2 = np.where(lo[asked] < fa - 1, flat_ids[np.maximum(fa - 2, 0)], -1)
        surprising = model.logprob_ids(flat_ids[fa], flat_ids[fa - 1], h2) <= ctx.EXPECTED_LOGPROB
        open_[asked[surprising]] = True
    keep = np.flatnonzero(open_)
    test, f, lo, hi = test[keep], f[keep], lo[keep], hi[keep]
    # (4) each distinct window once (cached across batches by its words, as ContextChecker caches it)
    left = f - lo
    right = hi - f - 1
    columns = np.stack([left, right,
                        np.where(left == 2, flat_ids[np.maximum(f - 2, 0)], -1),
                        np.where(left >= 1, flat_ids[f - 1], -1),
                        flat_ids[f],
                        np.where(right >= 1, flat_ids[np.minimum(f + 1, top)], -1),
                        np.where(right == 2, flat_ids[np.minimum(f + 2, top)], -1)], axis=1)
    gains = np.zeros(0)
    results: list[Window] = []
    if len(test):
        rows, row_at, window_of = np.unique(columns, axis=0, return_index=True, return_inverse=True)
        window_of = window_of.reshape(-1)
        flat_words = [vocabulary[i] for i in flat.tolist()]
        cache = checker._cache
        keys: list[tuple[Any, ...]] = [(i - a, *flat_words[a:b]) for i, a, b in
                                       zip(f[row_at].tolist(), lo[row_at].tolist(), hi[row_at].tolist(), strict=True)]
        missing = [r for r, key in enumerate(keys) if key not in cache]
        if missing:
            chosen = np.array(missing, dtype=np.int64)
            computed = _window_gains(model, [keys[r][keys[r][0] + 1] for r in missing], rows[chosen, 4],
                                     rows[chosen, 3], rows[chosen, 2], rows[chosen, 5], rows[chosen, 6])
            for r, result in zip(missing, computed, strict=True):
                cache[keys[r]] = result
        results = [cache[key] for key in keys]
        gains = np.array([g for g, _ in results], dtype=np.float64)[window_of]
    # (5) the tests whose best sound-alike gains enough, the only ones made into findings
    short = np.array([len(w) < 3 for w in vocabulary], dtype=bool)[norm_at[test]]
    margins = np.where(short, ctx.MARGIN + ctx.SHORT_MARGIN_EXTRA, ctx.MARGIN)
    by_clause: dict[int, list[Finding]] = {}
    segment_of = np.repeat(np.arange(len(items), dtype=np.int64), counts)
    for t, margin, window in zip(np.flatnonzero(gains > margins).tolist(), margins[gains > margins].tolist(),
                                 window_of[gains > margins].tolist() if len(test) else [], strict=True):
        token = words[int(test[t])]
        gain, suggestions = results[window]
        w = token.norm
        score = ctx._score(gain - margin + ctx.MARGIN) - (ctx.CONTENT_WORD_DISCOUNT if len(w) > 3 else 0.0)
        segment_id = items[int(segment_of[at[test[t]]])][0]
        by_clause.setdefault(int(clause_of[test[t]]), []).append(
            Finding(segment_id, token.start, token.end, token.text, CONTEXT, round(max(0.0, score), 3),
                    tuple(ctx._case_like(s, token.text) for s in suggestions),
                    f"{suggestions[0]!r} sounds alike and fits the context better"))
    # (6) two words that may be one heard as two (ctx.merge_candidates), their fit worked out in one batch
    merges = _merge_findings(checker, items, is_known, words, capital, vocabulary, norm_at, clause_of, ends_clause[at],
                             flat, flat_known, place, first, last, segment_of[at])
    for clause in sorted(set(by_clause) | set(merges)):
        out = by_clause.get(clause, [])
        merged = merges.get(clause)
        if merged:
            out = [x for x in out if not any(m.start <= x.start and x.end <= m.end and m.score >= x.score
                                             for m in merged)] + merged
        if out:
            found[int(segment_of[at[np.searchsorted(clause_of, clause)]])] += out
    return found


def _testable_word(checker: ContextChecker, w: str, is_known: Callable[[str], bool]) -> bool:
    """The part of ContextChecker._testable that depends on the word alone (remembered per word)."""
    memo = checker._word_testable
    value = memo.get(w)
    if value is None:
        value = memo[w] = (len(w) >= 2 and w.isalpha() and not is_known(w) and zipf(w) >= KNOWN_ZIPF
                           and checker.model.known(w))
    return value


def _merge_findings(checker: ContextChecker, items: Sequence[tuple[str, str, list[Token]]],
                    is_known: Callable[[str], bool], words: list[Token], upper: Any, vocabulary: list[str],
                    norm_at: Any, clause_of: Any, ends: Any, flat: Any, flat_known: Any, place: Any,
                    first: Any, last: Any, segment_of: Any) -> dict[int, list[Finding]]:
    """The merge findings of the batch by clause, as ContextChecker._merges finds them (`upper`: whether each
    word token starts with a capital)."""
    model = checker.model
    spelled, starts, ends_with = model.merge_filter()
    # per distinct word: may it be half of a merge; can its pronunciation begin / end a common word's
    joinable = np.array([w.isalpha() and not is_known(w) for w in vocabulary], dtype=bool)
    begins = np.array([w in starts for w in vocabulary], dtype=bool)
    finishes = np.array([w in ends_with for w in vocabulary], dtype=bool)
    # adjacent words of one clause, both of which may be half of a merge, the second not capitalised, that
    # merged() may join: by sound (the filter's tables) or by spelling
    a_norm, b_norm = norm_at[:-1], norm_at[1:]
    pair = ~ends[:-1] & joinable[a_norm] & joinable[b_norm] & ~upper[1:]
    by_sound = pair & begins[a_norm] & finishes[b_norm]
    by_spelling = pair & ~by_sound
    if by_spelling.any():
        at_spelling = np.flatnonzero(by_spelling)
        by_spelling[at_spelling] = [vocabulary[a] + vocabulary[b] in spelled for a, b in
                                    zip(a_norm[at_spelling].tolist(), b_norm[at_spelling].tolist(), strict=True)]
    candidates = []
    asked = np.flatnonzero(by_sound | by_spelling)
    for a_at, a, b in zip(asked.tolist(), a_norm[asked].tolist(), b_norm[asked].tolist(), strict=True):
        first_word, second_word = vocabulary[a], vocabulary[b]
        joined = model.merged(first_word, second_word)
        if joined is not None:
            candidates.append((a_at, first_word, second_word, joined))
    if not candidates:
        return {}
    cache = checker._cache
    flat_words: list[str] | None = None
    asks: list[tuple[list[str], list[bool], int, str, str, str]] = []
    todo: dict[tuple[Any, ...], int] = {}
    keyed = []
    for a_at, first_word, second_word, joined in candidates:
        clause = int(clause_of[a_at])
        s, e = int(first[clause]), int(last[clause])
        if flat_words is None:
            flat_words = [vocabulary[i] for i in flat.tolist()]
        clause_words = flat_words[s : e + 1]
        pos = int(place[a_at]) - s
        key = ("+", first_word, second_word, *clause_words[max(0, pos - 2) : pos], "|",
               *clause_words[pos + 2 : pos + 4])
        keyed.append(key)
        if key not in cache and key not in todo:
            todo[key] = len(asks)
            asks.append((clause_words, flat_known[s : e + 1].tolist(), pos, first_word, second_word, joined))
    for key, result in zip(todo, _merges(model, asks), strict=True):
        cache[key] = result
    out: dict[int, list[Finding]] = {}
    for (a_at, _, _, _), key in zip(candidates, keyed, strict=True):
        gain, suggestions = cache[key]
        if gain > ctx.MARGIN:
            a, b = words[a_at], words[a_at + 1]
            segment_id, text, _ = items[int(segment_of[a_at])]
            merged_text = text[a.start : b.end]
            out.setdefault(int(clause_of[a_at]), []).append(
                Finding(segment_id, a.start, b.end, merged_text, CONTEXT, ctx._score(gain),
                        (ctx._case_like(suggestions[0], a.text),),
                        f"{suggestions[0]!r} sounds like {merged_text!r} and fits the context better"))
    return out


def _window_gains(model: ContextModel, word: list[str], w_id: Any, l1_id: Any, l2_id: Any, r1_id: Any,
                  r2_id: Any) -> list[Window]:
    """ContextChecker._test for each window: the tested word and its id, the ids of the words left of it (nearest
    first) and right of it (-1: none there), all at once."""
    n = len(w_id)
    if n == 0:
        return []
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
    # every sound-alike of every badly fitting word, with the window it is tried in: from the arrays by word id
    # (the same lists as neighbours() gives), or worked out word by word when they lack a word
    assert model.arrays is not None
    alikes = model.alike_arrays()
    found = alikes.entries(w_id[poor]) if alikes is not None else None
    if alikes is not None and found is not None:
        begin, counts = found
        other_ids, other_costs = alikes.other, alikes.cost
        spelled = model.arrays.spellings

        def names(entries: Any) -> list[str]:
            return spelled(other_ids[entries])
    else:
        slot = model.neighbour_slots([word[i] for i in poor.tolist()])
        starts, lengths, other_ids, other_costs, listed = model.neighbour_table()
        begin, counts = starts[slot], lengths[slot]

        def names(entries: Any) -> list[str]:
            return [listed[i] for i in entries.tolist()]
    window = np.repeat(poor, counts)
    which = np.repeat(begin - np.cumsum(counts) + counts, counts) + np.arange(len(window), dtype=np.int64)
    if len(window) == 0:
        return results
    other = other_ids[which].astype(np.int64)
    cost = other_costs[which]
    # the left-hand fit (the windows' histories' back-offs worked out once each), then the next word's term where
    # the head is still in the running
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
    spellings = names(entries)
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
        fitted[last] += model.logprob_ids(r2_id[window[last]], r1_id[window[last]], other_ids[which[last]].astype(np.int64),
                                          next_backoffs[best[last]])
    gain = (fitted - cost) - base[window]
    order = np.lexsort((-rank, -gain, window))
    window, which, gain = window[order], which[order], gain[order]
    start = np.flatnonzero(np.r_[True, window[1:] != window[:-1]])
    place = np.arange(len(window)) - np.repeat(start, np.diff(np.r_[start, len(window)]))
    suggestions: dict[int, list[str]] = {}
    keep = (place < 5) & (gain > 0)  # the best five sound-alikes that beat the word
    for w_at, name in zip(window[keep].tolist(), names(which[keep]), strict=True):
        suggestions.setdefault(w_at, []).append(name)
    for w_at, g in zip(window[start].tolist(), gain[start].tolist(), strict=True):
        results[w_at] = (g, tuple(suggestions.get(w_at, ())))
    return results


def _merges(model: Any, asks: list[tuple[list[str], list[bool], int, str, str, str]]) -> list[Window]:
    """ContextChecker._merges' gain for each (clause words with its marks, whether the model knows each, the
    first word's place among them, first, second, joined word)."""
    if not asks:
        return []
    # each merge compares two word sequences' sums of trigram terms (ContextModel.sequence_fit): list their terms
    words: list[str] = []
    hist1: list[str | None] = []
    hist2: list[str | None] = []
    spans: list[tuple[int, int, int]] = []  # where each ask's two sequences' terms start and end
    for clause_words, clause_known, pos, first, second, joined in asks:
        left, right = ctx._context(clause_words, clause_known, pos, pos + 2)
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
    for (begin, middle, end), (_, _, _, _, _, joined) in zip(spans, asks, strict=True):
        base = 0.0
        for v in values[begin:middle]:
            base += v
        alt = 0.0
        for v in values[middle:end]:
            alt += v
        results.append((alt - ctx.MERGE_COST - base, (joined,)))
    return results
