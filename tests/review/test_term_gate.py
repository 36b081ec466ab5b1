"""The glossary ranker's search gate (term_gate.py): it must let through every term a window is alike to, so the
ranker finds exactly what comparing each window with every term finds."""

from __future__ import annotations

import random

import pytest
from rapidfuzz import fuzz

from editor.review.term_gate import FIELD_MAX, SubsequenceGate

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
