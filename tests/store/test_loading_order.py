"""Segments are read in the order of their positions, whatever numbers those are (huge, infinite, not numbers)."""

from __future__ import annotations

import sqlite3

import pytest

from editor.store import loading


def _state(positions: list[object]) -> loading.LoadedState:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE segments (id TEXT PRIMARY KEY, pos REAL, data TEXT, crc INTEGER)")
    db.execute("CREATE TABLE speakers (id TEXT PRIMARY KEY, pos INTEGER, name TEXT, color TEXT)")
    db.execute("CREATE TABLE source (id INTEGER PRIMARY KEY, name TEXT, format TEXT, encoding TEXT, text TEXT)")
    db.execute("INSERT INTO source VALUES (1, 'a.txt', 'txt', 'utf-8', '')")
    db.executemany("INSERT INTO segments VALUES (?, ?, ?, NULL)",
                   [(f"s{i}", pos, f'{{"text":"t{i}"}}') for i, pos in enumerate(positions)])
    return loading.load_state(db, with_checksums=False)


def test_finite_positions_give_the_order():
    state = _state([3.5, 1.0, 2.25, -4.0])
    assert [s.id for s in state.transcript.segments] == ["s3", "s1", "s2", "s0"]
    assert state.problems == []


@pytest.mark.parametrize("odd", [float("inf"), float("-inf"), "x", None])
def test_a_position_that_is_not_a_finite_number_goes_last_and_is_named(odd):
    state = _state([1.7e308, odd, 1.6e308, 5.0])  # (the two huge ones add up to more than a float holds)
    assert [s.id for s in state.transcript.segments] == ["s3", "s2", "s0", "s1"]
    assert any("'s1'" in p and "not a number" in p for p in state.problems)


def test_huge_positions_whose_sum_overflows_keep_their_order():
    state = _state([1.7e308, 1.6e308, 1.0])
    assert [s.id for s in state.transcript.segments] == ["s2", "s1", "s0"]
    assert state.problems == []
