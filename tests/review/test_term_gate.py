"""The glossary ranker's search gate (term_gate.py): it must let through every term a window is alike to, so the
ranker finds exactly what comparing each window with every term finds."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from editor.review.term_gate import BLOCK, FIELD_MAX, SubsequenceGate, passing_many

FLOOR = 70
RATIO = (0.5, 2.0)


def random_words(rng: random.Random, count: int, alphabet: str, longest: int) -> list[str]:
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, longest))) for _ in range(count)]


def plain(query: str, span: int, choices: list[str], lengths: list[int]) -> set[int]:
    """The terms a window is FLOOR alike to, each compared in full."""
    return {n for n, choice in enumerate(choices)
            if RATIO[0] * span <= lengths[n] <= RATIO[1] * span and fuzz.ratio(query, choice) >= FLOOR}


@pytest.mark.parametrize("alphabet", ["aeinrst", "abcdefghijklmnopqrstuvwxyz0123456789é"])
def test_the_gate_lets_through_every_term_a_window_of_words_is_alike_to(alphabet):
    rng = random.Random(len(alphabet))
    words = random_words(rng, 60, alphabet, 9)
    # terms: words and word pairs, some changed a little, so that many windows are alike to some
    choices = []
    for _ in range(300):
        term = "".join(rng.sample(words, rng.randint(1, 2)))
        if rng.random() < 0.5:
            at = rng.randrange(len(term))
            term = term[:at] + rng.choice(alphabet) + term[at + 1 :]
        choices.append(term)
    lengths = [rng.randint(1, 20) for _ in choices]
    gate = SubsequenceGate(choices, FLOOR, lengths, RATIO)
    gate.prepare(words)
    alike_pairs = 0
    passed_pairs = 0
    for _ in range(1500):
        pieces = rng.sample(words, rng.randint(1, 3))
        span = rng.randint(1, 20)
        passed = gate.passing(pieces, span)
        assert passed is not None
        expected = plain("".join(pieces), span, choices, lengths)
        assert expected <= set(passed), (pieces, span, expected - set(passed))
        assert passed == sorted(passed)
        alike_pairs += len(expected)
        passed_pairs += len(passed)
    assert alike_pairs > 50, "the test windows should be alike to some terms"
    assert passed_pairs < 1500 * len(choices) / 4, "the gate should keep most pairs out"


def test_a_ratio_exactly_at_the_floor_passes_the_gate():
    # 'abcdefg' and 'abcdefghijklm'... ratio 200 * 7 / 20 = 70 exactly
    choices = ["abcdefgxyzuvw"]
    gate = SubsequenceGate(choices, FLOOR, [10], RATIO)
    gate.prepare(["abc", "defg"])
    assert fuzz.ratio("abcdefg", choices[0]) == pytest.approx(FLOOR)
    assert gate.passing(["abc", "defg"], 10) == [0]
    assert gate.passing(["abc", "defg"], 30) == []  # the term's length does not fit the window's span


def test_a_word_the_gate_cannot_hold_or_has_not_seen_is_left_to_the_full_search():
    gate = SubsequenceGate(["abc"], FLOOR, [3], RATIO)
    long_word = "a" * (FIELD_MAX + 1)
    gate.prepare([long_word, "abc"])
    assert gate.passing([long_word], 3) is None
    assert gate.passing(["unseen"], 3) is None
    assert gate.passing(["abc"], 3) == [0]


@pytest.mark.parametrize("terms", [300, 13])  # (13: the terms fill no whole 8-byte lane)
def test_many_windows_at_once_pass_exactly_the_terms_each_passes_alone(terms):
    import numpy as np

    rng = random.Random(terms)
    words = random_words(rng, 50, "aeinrstlo", 9)
    choices = ["".join(rng.sample(words, rng.randint(1, 2))) for _ in range(terms)]
    lengths = [rng.randint(1, 20) for _ in choices]
    gate = SubsequenceGate(choices, FLOOR, lengths, RATIO)
    gate.prepare(words)
    # more windows than one block, with one, two and three words (the zero row past the last)
    windows = [rng.sample(range(len(words)), rng.randint(1, 3)) for _ in range(BLOCK + 500)]
    rows = np.array([w + [len(words)] * (3 - len(w)) for w in windows], dtype=np.int64)
    size = np.array([sum(len(words[k]) for k in w) for w in windows], dtype=np.int64)
    span = np.array([rng.randint(1, 20) for _ in windows], dtype=np.int64)
    used = np.array([rng.random() < 0.9 for _ in windows])
    which, found = passing_many(gate, gate.table(words), rows, size, span, used)
    together: dict[int, list[int]] = {}
    for n, term in zip(which.tolist(), found.tolist(), strict=True):
        together.setdefault(n, []).append(term)
    alone = {n: passed for n, w in enumerate(windows) if used[n]
             for passed in [gate.passing([words[k] for k in w], int(span[n]))] if passed}
    assert together == alone
    assert sum(map(len, alone.values())) > 20, "some windows should pass the gate"
    assert sorted(together) == list(together), "windows in order"


def test_the_second_bound_keeps_every_alike_pair_and_drops_others():
    import numpy as np

    rng = random.Random(7)
    words = random_words(rng, 50, "aeinrstlo", 7)
    choices = []
    for _ in range(200):  # word pairs and triples, a letter changed in some
        term = "".join(rng.sample(words, rng.randint(2, 3)))
        if rng.random() < 0.5:
            at = rng.randrange(len(term))
            term = term[:at] + rng.choice("aeinrstlo") + term[at + 1 :]
        choices.append(term)
    lengths = [len(c) for c in choices]
    gate = SubsequenceGate(choices, FLOOR, lengths, RATIO)
    gate.prepare(words)
    windows = [rng.sample(range(len(words)), rng.randint(1, 3)) for _ in range(3000)]
    rows = np.array([w + [len(words)] * (3 - len(w)) for w in windows], dtype=np.int64)
    size = np.array([sum(len(words[k]) for k in w) for w in windows], dtype=np.int64)
    used = np.ones(len(windows), dtype=bool)
    summed = passing_many(gate, gate.table(words), rows, size, size, used)
    both = passing_many(gate, gate.table(words), rows, size, size, used, gate.counts(words))
    summed_pairs = set(zip(*(a.tolist() for a in summed), strict=True))
    both_pairs = set(zip(*(a.tolist() for a in both), strict=True))
    alike = {(n, term) for n, w in enumerate(windows)
             for term in plain("".join(words[k] for k in w), int(size[n]), choices, lengths)}
    assert alike <= both_pairs <= summed_pairs
    assert len(alike) > 20, "some windows should be alike to a term"
    assert len(both_pairs) < len(summed_pairs), "the second bound should drop pairs the sums let through"
    assert list(both[0]) == sorted(both[0])
