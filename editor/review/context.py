"""Signal 5: a common word that is improbable next to its neighbours while a sound-alike is probable.

The language model and the sound-alikes come from editor/review/context_model.py; this module tests a segment's
words one by one (an edited segment, a short file), editor/review/context_batch.py many segments at once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any

from editor.review.context_model import _LOG_ZERO
from editor.review.context_model import _PHONE_CLASS as _PHONE_CLASS  # (re-exported for term_ranker.py)
from editor.review.context_model import ContextModel as ContextModel  # (re-exported: the model's first home)
from editor.review.lexicon import KNOWN_ZIPF, zipf
from editor.review.suspect import CONTEXT, Finding
from editor.review.tokens import WORD, Token

MARGIN = 1.0  # natural-log gain a sound-alike needs over the word to be reported at all (scores rise with gain)
EXPECTED_LOGPROB = -5.0  # a word this likely after its left neighbours is not tested (saves most LM calls);
# on the synthetic sets every real context mistake was below -5.8
FITS_WELL = -11.0  # a word whose three trigram terms sum above this fits its context: not tested
FULL_FITS = 4  # sound-alikes (best left-hand fit first) whose fit to both sides is computed
MERGE_COST = 2.5  # prior cost of assuming one word was heard as two (be cause, im aging)
# A longer (content) word the general language model finds out of place is often the speakers' jargon ('core
# revenue growth', 'drink ware') rather than a mishearing: on Earnings-21 (real recogniser output) context findings
# on words of four letters or more were right 40 times in 100 at scores 0.45-0.6, on shorter words 70 times.
CONTENT_WORD_DISCOUNT = 0.15
SHORT_MARGIN_EXTRA = 1.5  # two-letter words (an/in/is/as) swap often in correct text too: ask for more evidence
BATCH_MIN_WORDS = 3000  # words (~6 characters each) past which a check scores its language-model look-ups in batches (numpy): below,
# importing numpy and mapping the arrays (~0.1 s) costs more than the one-by-one look-ups it saves
BATCH_WORDS = 60_000  # words per batch: bounds the arrays of one batch (~100 MB at most) on any input size

_CLAUSE_BREAKS = frozenset(".!?,;:")


class ContextChecker:
    """Runs the context test over a segment's word tokens, caching results per five-word window."""

    def __init__(self, model: ContextModel, is_known: Callable[[str], bool] | None = None,
                 testable_memo: dict[Any, bool] | None = None) -> None:
        self.model = model
        # shared by every checker in the process: test windows are keyed (words left of the word, *window words),
        # merges ("+", first, second, ...), so the two kinds of key never meet
        self._cache = model.window_cache
        # which tokens are worth testing depends on the known words; detectors knowing the same words share it
        self._testable_memo: dict[tuple[str, str, str, bool], bool] = {} if testable_memo is None else testable_memo
        self._word_testable: dict[str, bool] = {}  # the part of _testable that depends on the word (batches)
        self._memo_for = is_known  # the is_known function the memos were made with
        # segments to check in batches (prepare()): their (id, text) in order, where those not yet in a batch are,
        # and the findings worked out in a batch and not yet asked for (with the tokens they were made from)
        self._plan: list[tuple[str, str]] = []
        self._planned: dict[str, int] = {}
        self._ready: dict[str, tuple[list[Token], list[Finding]]] = {}
        self._tokens_of: Callable[[int], list[Token]] = lambda i: []
        self._bounds: list[int] = []

    def _memo_check(self, is_known: Callable[[str], bool]) -> None:
        if self._memo_for != is_known:  # (a bound method is a new object on every access)
            self._testable_memo = {}
            self._word_testable = {}
            self._memo_for = is_known

    def prepare(self, segments: Sequence[tuple[str, str]], tokens_of: Callable[[int], list[Token]],
                is_known: Callable[[str], bool], bounds: Sequence[int] = ()) -> None:
        """Get ready to check many segments ((id, text), in the order they will be asked for) in batches: the
        first findings() call for one of them works out those of the following segments at once, up to the next
        of the ascending indices `bounds` (none: up to BATCH_WORDS words), reading their tokens from
        tokens_of(index). Forked helpers that each take the chunks of jobs starting at `bounds` so share the
        work. A few segments, or a model without its arrays, are left to findings() one by one."""
        self._plan, self._planned, self._ready = [], {}, {}
        if sum(len(text) for _, text in segments) < BATCH_MIN_WORDS * 6 or self.model.arrays is None:
            return
        self._memo_check(is_known)
        self._plan = list(segments)
        self._planned = {segment_id: i for i, (segment_id, _) in enumerate(self._plan)}
        self._tokens_of = tokens_of
        self._bounds = list(bounds)

    def _run_batch(self, first: int, is_known: Callable[[str], bool]) -> None:
        """Work out the findings of the planned segments from `first` on, one batch of them."""
        from editor.review.context_batch import batch_findings

        items: list[tuple[str, str, list[Token]]] = []
        words = 0
        by_words = not self._bounds
        after = bisect_right(self._bounds, first)
        end = len(self._plan) if by_words or after == len(self._bounds) else self._bounds[after]
        for i in range(first, end):
            segment_id, text = self._plan[i]
            if self._planned.pop(segment_id, None) is None:
                continue  # in an earlier batch
            tokens = self._tokens_of(i)
            items.append((segment_id, text, tokens))
            words += len(tokens)
            if by_words and words >= BATCH_WORDS:
                break
        with self.model.batch_lock:  # (the model's id and sound-alike arrays grow in steps: one batch at a time)
            found_all = batch_findings(self, items, is_known)
        for (segment_id, _, tokens), found in zip(items, found_all, strict=True):
            self._ready[segment_id] = (tokens, found)

    def findings(self, segment_id: str, text: str, tokens: list[Token], is_known: Callable[[str], bool]) -> list[Finding]:
        """Context findings in one segment (clauses end at punctuation and at non-word tokens)."""
        planned = self._planned.get(segment_id)
        if planned is not None and self._plan[planned][1] == text and self._memo_for == is_known:
            self._run_batch(planned, is_known)  # (an edited segment is checked on its own, below)
        ready = self._ready.pop(segment_id, None)
        if ready is not None and (ready[0] is tokens or ready[0] == tokens) and self._memo_for == is_known:
            return ready[1]
        self._memo_check(is_known)
        self.model.bound_memos()
        found: list[Finding] = []
        start = 0
        last = len(tokens) - 1
        for i, tok in enumerate(tokens):
            if tok.kind != WORD:
                start = i + 1  # a non-word token is a clause of its own, where nothing can be found
            elif i == last or tokens[i + 1].kind != WORD or text[tok.end : tok.end + 1] in _CLAUSE_BREAKS:
                found += self._clause(segment_id, text, tokens[start : i + 1], is_known)
                start = i + 1
        return found

    def _clause(self, segment_id: str, text: str, clause: list[Token], is_known: Callable[[str], bool]) -> list[Finding]:
        model = self.model
        words = ["<s>", *[t.norm for t in clause], "</s>"]
        known_get = model._known.get  # one dict read per word; known() only for a word never seen before
        known = [k if (k := known_get(w)) is not None else model.known(w) for w in words]
        all_known = all(known)
        memo = self._testable_memo
        probs = model._probs
        cache = self._cache
        found = []
        for pos, tok in enumerate(clause, start=1):
            key: tuple[Any, ...] = tok[2:]  # (text, norm, kind, sentence_start): all that decides whether the token is testable
            testable = memo.get(key)
            if testable is None:
                testable = memo[key] = self._testable(tok, tok.norm, is_known)
            if not testable:
                continue
            # the test window words[lo:hi]: up to two known words each side (the usual case needs no search)
            lo, hi = (pos - 2 if pos > 1 else 0, pos + 3) if all_known else _span(known, pos, pos + 1)
            w = words[pos]
            if lo < pos:
                key = (w, words[pos - 1], words[pos - 2]) if lo < pos - 1 else (w, words[pos - 1])
                expected = probs.get(key)
                if expected is None:
                    expected = model._prob(key)
                if expected > EXPECTED_LOGPROB:
                    continue  # the word is what the model expects here: no sound-alike can be much likelier
            elif hi == pos + 1:
                continue  # no known neighbour either side
            key = (pos - lo, *words[lo:hi])
            result = cache.get(key)
            if result is None:
                result = cache[key] = self._test(words[lo:pos], w, words[pos + 1 : hi])
            gain, suggestions = result
            margin = MARGIN + (SHORT_MARGIN_EXTRA if len(w) < 3 else 0.0)
            if gain > margin:
                score = _score(gain - margin + MARGIN) - (CONTENT_WORD_DISCOUNT if len(w) > 3 else 0.0)
                found.append(Finding(segment_id, tok.start, tok.end, tok.text, CONTEXT, round(max(0.0, score), 3),
                                     tuple(_case_like(s, tok.text) for s in suggestions),
                                     f"{suggestions[0]!r} sounds alike and fits the context better"))
        if len(clause) > 1:
            merges = self._merges(segment_id, text, clause, words, known, is_known)
            if merges:  # a word inside a likelier merge ('be' of 'be cause') is not a finding of its own
                found = [f for f in found if not any(m.start <= f.start and f.end <= m.end and m.score >= f.score
                                                     for m in merges)] + merges
        return found

    def _testable(self, tok: Token, w: str, is_known: Callable[[str], bool]) -> bool:
        if tok.kind != WORD or len(w) < 2 or not w.isalpha() or is_known(w):
            return False
        if tok.text[:1].isupper() and not tok.sentence_start and w != "i":
            return False  # a name: the language model knows little about names
        return zipf(w) >= KNOWN_ZIPF and self.model.known(w)

    def _merges(self, segment_id: str, segment_text: str, clause: list[Token], words: list[str], known: list[bool],
                is_known: Callable[[str], bool]) -> list[Finding]:
        """Two words that should be one (be cause -> because, im aging -> imaging)."""
        # (every token of a clause is a word) which words could be half of a merge, worked out once per word
        joinable = [w.isalpha() and not is_known(w) for w in words]
        found = []
        for pos, a, b, joined, key in merge_candidates(clause, words, joinable, self.model.merged):
            result = self._cache.get(key)
            if result is None:
                left, right = _context(words, known, pos, pos + 2)
                base = self.model.sequence_fit(left, [a.norm, b.norm], right)
                gain = self.model.sequence_fit(left, [joined], right) - MERGE_COST - base
                result = self._cache[key] = (gain, (joined,))
            gain, suggestions = result
            if gain > MARGIN:
                text = segment_text[a.start : b.end]  # (the words as written, with whatever spacing is between)
                found.append(Finding(segment_id, a.start, b.end, text, CONTEXT, _score(gain),
                                     (_case_like(suggestions[0], a.text),),
                                     f"{suggestions[0]!r} sounds like {text!r} and fits the context better"))
        return found

    def _test(self, left: list[str], word: str, right: list[str]) -> tuple[float, tuple[str, ...]]:
        model = self.model
        base = model.fit(left, word, right)
        if base > FITS_WELL:
            return 0.0, ()
        # hot loop (tens of thousands of words x 12 sound-alikes): cached log-probabilities are read from the
        # model's dict directly, and a miss asks the LM here, as _prob() would, without the extra call
        # (~250k distinct look-ups in a first check of 10 hours)
        probs = model._probs
        lm_prob = model._lm.prob
        scale = model._scale
        history = tuple(left[:-3:-1])  # keys are in the LM's order: word, then its history newest first
        # rank sound-alikes by how well they fit the left words and the next word (two LM calls each), then add
        # the last term for the best few; the terms are log-probabilities (<= 0), so a partial sum that does
        # not beat the word's whole fit cannot win
        nxt = right[0] if right else None
        before = tuple(left[-1:])
        heads = []
        for other, cost in model.neighbours(word):
            key: tuple[Any, ...] = (other,) + history
            value = probs.get(key)
            if value is None:
                raw = lm_prob(key)
                value = probs[key] = -50.0 if raw <= _LOG_ZERO else raw * scale
            head = value - cost
            if head > base:
                fitted = value  # the fit's terms summed in fit()'s order, so the full fit below equals fit()
                if nxt is not None:
                    key = (nxt, other) + before
                    value = probs.get(key)
                    if value is None:
                        raw = lm_prob(key)
                        value = probs[key] = -50.0 if raw <= _LOG_ZERO else raw * scale
                    head += value
                    fitted += value
                if head > base:
                    heads.append((head, other, cost, fitted))
        if not heads:
            return 0.0, ()
        heads.sort(reverse=True)
        last = right[1:2]  # the word after next: the fit's third term, asked only for the best few
        scored = []
        for _, other, cost, fitted in heads[:FULL_FITS]:
            if last:
                key = (last[0], right[0], other)  # right[0] is nxt (there is a word after it)
                value = probs.get(key)
                fitted += model._prob(key) if value is None else value
            scored.append((fitted - cost - base, other))
        scored.sort(reverse=True)
        return scored[0][0], tuple(o for g, o in scored[:5] if g > 0)


Merge = tuple[int, Token, Token, str, tuple[Any, ...]]


def merge_candidates(clause: list[Token], words: list[str], joinable: list[bool],
                     merged: Callable[[str, str], str | None],
                     merge_filter: tuple[set[str], dict[str, str], dict[str, str]] | None = None) -> list[Merge]:
    """Adjacent words of a clause that may be one word heard as two: (the second word's place in `words`, the
    first token, the second, the word they may be, the pair's key in the window cache). `words`: '<s>', the
    clause's norms, '</s>'; `joinable[i]`: whether words[i] may be half of a merge; `merge_filter`: what
    ContextModel.merge_filter() gives, to rule most pairs out before merged() is asked."""
    found = []
    spelled, starts, ends = merge_filter if merge_filter is not None else (None, {}, {})
    for pos in range(1, len(clause)):
        if not (joinable[pos] and joinable[pos + 1]):
            continue
        a, b = clause[pos - 1], clause[pos]
        if b.text[:1].isupper():
            continue
        first, second = a.norm, b.norm
        if spelled is not None and first + second not in spelled and (first not in starts or second not in ends):
            continue  # (merged() would say None)
        joined = merged(first, second)
        if joined is not None:
            found.append((pos, a, b, joined, ("+", first, second, *words[max(0, pos - 2) : pos], "|",
                                              *words[pos + 2 : pos + 4])))
    return found


def _span(known: list[bool], start: int, end: int) -> tuple[int, int]:
    """Bounds (lo, hi) of up to two known words each side of words[start:end] (fewer when one is unknown)."""
    lo = max(0, start - 2)
    if all(known[lo:start]) and all(known[end : end + 2]):
        return lo, min(end + 2, len(known))
    return (start - 1 if start > 0 and known[start - 1] else start), (end + 1 if end < len(known) and known[end]
                                                                      else end)


def _context(words: list[str], known: list[bool], start: int, end: int) -> tuple[list[str], list[str]]:
    """Up to two known words each side of words[start:end] (fewer when a neighbour is unknown)."""
    lo, hi = _span(known, start, end)
    return words[lo:start], words[end:hi]


def _score(gain: float) -> float:
    """Score of a context finding from the sound-alike's gain over the word (nats): 3.5 nats -> 0.45."""
    return round(max(0.0, min(0.9, 0.24 + 0.06 * gain)), 3)


def _case_like(suggestion: str, original: str) -> str:
    return suggestion[:1].upper() + suggestion[1:] if original[:1].isupper() else suggestion
