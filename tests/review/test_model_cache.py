"""The per-user disk cache of derived model data."""

from __future__ import annotations

import pytest

from editor.review import model_cache
from editor.review.context import ContextModel, _model_dir


def test_cached_value_is_built_once_per_version_and_rebuilt_when_damaged():
    builds = []

    def build(tag):
        def make():
            builds.append(tag)
            return {"k": ("a", "b"), "n": [tag]}
        return make

    assert model_cache.cached("unit", "v1", build(1)) == {"k": ("a", "b"), "n": [1]}
    assert model_cache.cached("unit", "v1", build(2)) == {"k": ("a", "b"), "n": [1]}  # from disk
    assert model_cache.cached("unit", "v2", build(3))["n"] == [3]  # new version: rebuilt
    (model_cache.cache_dir() / "unit.marshal").write_bytes(b"\x00garbage")
    assert model_cache.cached("unit", "v2", build(4))["n"] == [4]
    assert builds == [1, 3, 4]


@pytest.mark.skipif(_model_dir() is None, reason="pocketsphinx model not installed")
def test_sound_index_from_disk_equals_a_fresh_build(monkeypatch):
    folder = _model_dir()
    for stale in model_cache.cache_dir().glob("sound-*"):
        stale.unlink()
    built = ContextModel(folder)
    assert (model_cache.cache_dir() / "sound-index.table").exists()
    # the sound-alikes of every common word are packed only once a process has needed enough of them
    monkeypatch.setattr(ContextModel, "PACK_AFTER", 3)
    words = ("model", "hose", "meeting", "there", "cause")
    one_by_one = [built.neighbours(word) for word in words[:2]]
    assert not (model_cache.cache_dir() / "sound-neighbours.table").exists()
    one_by_one += [built.neighbours(word) for word in words[2:]]
    assert (model_cache.cache_dir() / "sound-neighbours.table").exists()
    loaded = ContextModel(folder)  # reads the caches the first one wrote
    assert [loaded.neighbours(word) for word in words] == one_by_one
    for word in words:
        assert loaded.neighbours(word) == built.neighbours(word) == loaded._find_neighbours(word)
        assert loaded.neighbours(word)
    assert loaded.merged("be", "cause") == built.merged("be", "cause") == "because"
