"""The language model as numpy arrays: the same scores as pocketsphinx's own look-ups, bit for bit."""

from __future__ import annotations

import random

import pytest

np = pytest.importorskip("numpy")

from editor.review import ngram_arrays  # noqa: E402
from editor.review.context import ContextModel  # noqa: E402

pytestmark = pytest.mark.skipif(ContextModel.get() is None, reason="pocketsphinx model not installed")


@pytest.fixture(scope="module")
def model() -> ContextModel:
    found = ContextModel.get()
    assert found is not None and found.arrays is not None
    return found


def _keys(model: ContextModel) -> list[tuple[str, ...]]:
    """Look-ups of every kind: stored trigrams and bigrams, backed-off ones, unknown words, random words."""
    arrays = model.arrays
    assert arrays is not None
    words = [""] * arrays.size
    for spelled, wid in zip(arrays.vocab.tolist(), arrays.vocab_ids.tolist(), strict=True):
        words[wid] = spelled.decode("utf-8")
    size = arrays.size
    bigram_keys = arrays.bigrams.keys()
    rng = random.Random(7)
    keys: list[tuple[str, ...]] = []
    for key in rng.sample(arrays.trigrams.keys().tolist(), 3000):
        bigram = int(bigram_keys[key // size])
        w, h1, h2 = words[bigram // size], words[bigram % size], words[key % size]
        keys += [(w, h1, h2), (words[rng.randrange(size)], h1, h2), (w, h1, words[rng.randrange(size)])]
    for key in rng.sample(bigram_keys.tolist(), 3000):
        w, h1 = words[key // size], words[key % size]
        keys += [(w, h1), (w, words[rng.randrange(size)]), (w, h1, "qzxv"), (w, "qzxv", h1), ("qzxv", h1)]
    common = words[:2000]
    for _ in range(3000):
        keys.append(tuple(rng.choice(common) for _ in range(rng.randint(1, 3))))
        keys.append(tuple(rng.choice(words) for _ in range(rng.randint(1, 3))))
    keys += [("<s>",), ("</s>", "the"), ("the", "<s>"), ("of", "the", "<s>"), ("a" * 300, "the")]
    return keys


def test_array_scores_equal_pocketsphinx_scores(model: ContextModel) -> None:
    keys = _keys(model)
    expected = [model._lm.prob(key) for key in keys]
    columns = [[key[i] if len(key) > i else None for key in keys] for i in range(3)]
    arrays = model.arrays
    assert arrays is not None
    got = arrays.raw_scores(*(model.ids(column) for column in columns)).tolist()
    assert got == expected
    # and as the natural-log probabilities the context signal sums
    logprobs = model.logprobs(columns[0], columns[1], columns[2]).tolist()  # type: ignore[arg-type]
    assert logprobs == [model._prob(key) for key in keys]
    assert ngram_arrays.LOG_ZERO in got  # unknown words were asked about


def test_out_of_order_trigram_lists_are_searched_as_pocketsphinx_searches_them() -> None:
    # pocketsphinx's interpolation search over a list stored out of order finds some entries and misses others
    assert ngram_arrays._interpolation_find([70733, 64488], 64488, 72547) == 1
    assert ngram_arrays._interpolation_find([70733, 64488], 70733, 72547) == -1
    assert ngram_arrays._interpolation_find([3, 9, 40, 41], 40, 72547) == 2
    assert ngram_arrays._interpolation_find([3, 9, 40, 41], 10, 72547) == -1


def test_stored_arrays_reopen_only_for_their_version(tmp_path) -> None:
    arrays = {"a": np.arange(5, dtype=np.int64), "b": np.array([1.5, -2.0], dtype=np.float32),
              "c": np.array([b"x", b"yz"])}
    path = tmp_path / "arrays.bin"
    ngram_arrays.write_arrays(path, "v1", arrays)
    reopened = ngram_arrays.open_arrays(path, "v1")
    assert reopened is not None
    for name, array in arrays.items():
        assert reopened[name].dtype == array.dtype and reopened[name].tolist() == array.tolist()
    assert ngram_arrays.open_arrays(path, "v2") is None  # another version of the model
    path.write_bytes(path.read_bytes()[:-8])
    assert ngram_arrays.open_arrays(path, "v1") is None  # cut short
    assert ngram_arrays.open_arrays(tmp_path / "missing.bin", "v1") is None


def test_a_file_that_is_no_binary_model_is_refused(tmp_path) -> None:
    path = tmp_path / "model.lm.bin"
    path.write_bytes(b"\\data\\\nngram 1=2\n")
    with pytest.raises(ValueError, match="not a pocketsphinx binary language model"):
        ngram_arrays.read_trie_model(path)
    # load() then gives nothing (the context signal looks words up one by one) instead of failing the check
    assert ngram_arrays.load(path, "x", None, tmp_path / "cache.bin") is None


def test_a_file_of_the_previous_layout_is_rebuilt_not_misread(tmp_path, model: ContextModel) -> None:
    # layout 1 kept the sorted keys and no hash tables: such a file (shipped or cached by an older version) is
    # passed over, and the arrays are built again from the model into the cache in the current layout
    stamp = "model-version"
    previous = ngram_arrays.read_trie_model(model._lm_file)
    shipped, cache = tmp_path / "shipped.bin", tmp_path / "cache.bin"
    for path in (shipped, cache):
        ngram_arrays.write_arrays(path, f"ngram-arrays-1:{stamp}", previous)
    loaded = ngram_arrays.load(model._lm_file, stamp, shipped, cache)
    assert loaded is not None
    assert loaded.bigrams.keys().tolist() == previous["bi_keys"].tolist()
    assert loaded.trigrams.keys().tolist() == previous["tri_keys"].tolist()
    assert ngram_arrays.open_arrays(cache, f"{ngram_arrays.FORMAT}:{stamp}") is not None  # rebuilt there
    assert ngram_arrays.open_arrays(shipped, f"{ngram_arrays.FORMAT}:{stamp}") is None  # (a wheel's file: left)
    # ... and it scores as the model's own arrays do
    arrays = model.arrays
    assert arrays is not None
    rng = np.random.default_rng(5)
    ids = [rng.integers(-1, arrays.size, 5000) for _ in range(3)]
    assert loaded.raw_scores(*ids).tolist() == arrays.raw_scores(*ids).tolist()
