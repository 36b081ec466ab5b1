"""The sound-alikes by model word id: the same lists, in the same order, as the packed table they come from."""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")

from editor.review import alike_arrays, model_cache, ngram_arrays  # noqa: E402
from editor.review.context import ContextModel  # noqa: E402


def _ids(vocabulary: list[str]):
    def ids(words: list[str]) -> np.ndarray:
        return np.array([vocabulary.index(w) if w in vocabulary else -1 for w in words], dtype=np.int64)
    return ids


def test_each_words_list_comes_back_in_its_order_with_its_costs() -> None:
    vocabulary = ["sea", "see", "si", "bottle", "model", "modal", "c"]
    packed = {"sea": "see:1.0 si:1.0 c:3.0", "model": "bottle:4.5 modal:3.0", "see": "sea:1.0",
              "zzz": "sea:1.0",  # a word the model does not know: left out
              "modal": "model:3.0 qqq:3.0"}  # ... and one with a sound-alike it does not know
    table = alike_arrays.AlikeArrays(alike_arrays.build(packed, _ids(vocabulary), len(vocabulary)))
    for word in ("sea", "model", "see"):
        found = table.entries(np.array([vocabulary.index(word)]))
        assert found is not None
        begin, count = int(found[0][0]), int(found[1][0])
        listed = [(vocabulary[i], c) for i, c in zip(table.other[begin : begin + count].tolist(),
                                                      table.cost[begin : begin + count].tolist(), strict=True)]
        expected = [(other, float(cost)) for other, _, cost in (p.partition(":") for p in packed[word].split())]
        assert listed == expected
    assert table.entries(np.array([vocabulary.index("modal")])) is None  # worked out word by word instead
    assert table.entries(np.array([vocabulary.index("bottle")])) is None  # not in the table at all
    assert table.entries(np.array([-1])) is None
    both = table.entries(np.array([vocabulary.index("see"), vocabulary.index("sea")]))
    assert both is not None and both[1].tolist() == [1, 3]


@pytest.fixture(scope="module")
def model() -> ContextModel:
    found = ContextModel.get()
    if found is None or found.arrays is None:
        pytest.skip("pocketsphinx's model or numpy not available")
    return found


def test_the_arrays_give_what_neighbours_gives(model: ContextModel) -> None:
    table = model.alike_arrays()
    if table is None:
        pytest.skip("no packed sound-alike table in this install")
    assert model.arrays is not None
    words = ["sea", "model", "bread", "because", "their", "write", "weather", "ate", "cause", "night"]
    found = table.entries(model.ids(words))
    assert found is not None
    for word, begin, count in zip(words, found[0].tolist(), found[1].tolist(), strict=True):
        names = model.arrays.spellings(table.other[begin : begin + count].astype(np.int64))
        assert list(zip(names, table.cost[begin : begin + count].tolist(), strict=True)) == list(model.neighbours(word))


def test_arrays_of_another_version_are_not_read(model: ContextModel, tmp_path, monkeypatch) -> None:
    # a file made for other sound-alike rules or another model is passed over, and the right one built
    monkeypatch.setattr(model_cache, "_build_dir", tmp_path)  # (build and read only in tmp_path)
    stale = {"start": np.zeros(3, dtype=np.int64), "covered": np.ones(2, dtype=bool),
             "other": np.zeros(0, dtype=np.int32), "cost": np.zeros(0)}
    ngram_arrays.write_arrays(tmp_path / "sound-alikes.bin", f"{alike_arrays.FORMAT}:older rules", stale)
    packed = {"sea": "see:1.0 si:1.0", "see": "sea:1.0"}
    monkeypatch.setattr(model, "_packed_whole", lambda: packed)
    monkeypatch.setattr(model, "_alikes", False)
    table = model.alike_arrays()
    assert table is not None and len(table.start) == model.arrays.size + 1
    found = table.entries(model.ids(["sea"]))
    assert found is not None and model.arrays.spellings(table.other[found[0][0] : found[0][0] + 2]) == ["see", "si"]
    monkeypatch.setattr(model, "_alikes", False)
    monkeypatch.setattr(model, "_packed_whole", lambda: None)  # now read from the file just written
    again = model.alike_arrays()
    assert again is not None and again.other.tolist() == table.other.tolist()


def test_a_batch_finds_the_same_with_the_arrays_as_word_by_word(model: ContextModel, monkeypatch) -> None:
    from editor.review.context_batch import batch_findings
    from editor.review.detector import Detector
    from editor.review.tokens import tokenize

    if model.alike_arrays() is None:
        pytest.skip("no packed sound-alike table in this install")
    texts = ["I will sea you tomorrow.", "She bought bread an a bottle of milk.", "We drank a model of water.",
             "The whether was nice, their was no rain.", "He road a horse to the night's castle."]
    detector = Detector(min_score=0.0)
    items = [(f"s{i}", text, tokenize(text)) for i, text in enumerate(texts)]
    model.window_cache.clear()
    with_arrays = batch_findings(detector._context, items, detector.is_known)
    monkeypatch.setattr(model, "_alikes", None)  # the sound-alikes looked up word by word (neighbour_slots)
    model.window_cache.clear()
    assert batch_findings(detector._context, items, detector.is_known) == with_arrays
    assert {"see", "bottle"} <= {f.suggestions[0] for found in with_arrays for f in found}
