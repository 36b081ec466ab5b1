"""The n-gram key tables: the same answers as a binary search over the sorted keys, built the same every time."""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")

from editor.review import ngram_hash  # noqa: E402


def _keys(count: int, seed: int) -> np.ndarray:
    """Distinct sorted keys shaped like n-gram keys: word * V + word, dense for a few words, sparse for most."""
    rng = np.random.default_rng(seed)
    vocab = 50_000
    words = np.minimum(rng.zipf(1.3, count), vocab - 1)
    return np.unique(words * vocab + rng.integers(0, vocab, count))


def _binary_search(keys: np.ndarray, wanted: np.ndarray) -> tuple[list[int], list[bool]]:
    if len(keys) == 0:
        return [0] * len(wanted), [False] * len(wanted)
    at = np.searchsorted(keys, wanted)
    at[at >= len(keys)] = 0
    found = keys[at] == wanted
    return np.where(found, at, 0).tolist(), found.tolist()


@pytest.mark.parametrize("count", [0, 1, 7, 5_000, 200_000])
def test_look_ups_find_what_a_binary_search_finds(count: int) -> None:
    keys = _keys(count, seed=count)
    table = ngram_hash.build(keys)
    rng = np.random.default_rng(1)
    stored = keys[rng.integers(0, len(keys), 3000)] if len(keys) else np.zeros(0, dtype=np.int64)
    # stored keys, their neighbours (mostly absent, near them in the table), random and extreme keys
    wanted = np.concatenate([stored, stored + 1, stored - 1, rng.integers(0, 1 << 33, 3000),
                             np.array([0, (1 << 33) - 1], dtype=np.int64)]).astype(np.int64)
    wanted = wanted[wanted >= 0]
    at, found = table.find(wanted)
    assert (at.tolist(), found.tolist()) == _binary_search(keys, wanted)
    assert found[: len(stored)].all()


def test_the_keys_come_back_from_the_table_and_it_is_built_the_same_every_time() -> None:
    keys = _keys(50_000, seed=3)
    table = ngram_hash.build(keys)
    assert table.keys().tolist() == keys.tolist()
    again = ngram_hash.build(keys.copy())
    assert again.slots.tobytes() == table.slots.tobytes()
    assert (again.size, again.index_bits) == (table.size, table.index_bits)
    assert np.count_nonzero(table.slots != ngram_hash.EMPTY) == len(keys)
    assert table.slots[-1] == ngram_hash.EMPTY  # every run ends inside the table


def test_keys_too_large_for_an_entry_are_refused() -> None:
    with pytest.raises(ValueError, match="too large"):
        ngram_hash.build(np.array([1, 1 << 61], dtype=np.int64))
