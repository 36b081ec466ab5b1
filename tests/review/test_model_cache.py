"""The per-user disk cache of derived model data."""

from __future__ import annotations

import importlib
import sys

import pytest

from editor.review import model_cache
from editor.review.context_model import ContextModel, _model_dir


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


def test_a_shipped_table_is_read_when_it_was_built_for_the_installed_version(monkeypatch, tmp_path):
    monkeypatch.setattr(model_cache, "PREBUILT_DIR", tmp_path / "shipped")
    monkeypatch.setattr(model_cache, "_build_dir", tmp_path / "shipped")  # what prebuilt.py does
    model_cache.cached_table("unit", "v1", lambda: {"word": "shipped"})
    model_cache.cached("unit-list", "v1", lambda: "a b c")
    monkeypatch.setattr(model_cache, "_build_dir", None)
    builds = []

    def build(value):
        def make():
            builds.append(value)
            return value
        return make

    assert model_cache.cached_table("unit", "v1", build({"word": "built"}))["word"] == "shipped"
    assert model_cache.cached("unit-list", "v1", build("x y")) == "a b c"
    assert builds == [] and not list(model_cache.cache_dir().iterdir())  # nothing built, nothing cached
    # another version of the data than the shipped table was made from: built into the user's cache
    assert model_cache.cached_table("unit", "v2", build({"word": "built"}))["word"] == "built"
    assert model_cache.cached("unit-list", "v2", build("x y")) == "x y"
    assert sorted(p.name for p in model_cache.cache_dir().iterdir()) == ["unit-list.marshal", "unit.table"]
    assert model_cache.stored_table("unit", "v1")["word"] == "shipped"  # (the shipped one is still preferred)


def _stamp_of_package_in(site, monkeypatch, dist_info: bool) -> str:
    (site / "tablesrc").mkdir(parents=True)
    (site / "tablesrc" / "__init__.py").write_text(f"# installed in {site.name}\n")
    if dist_info:
        (site / "tablesrc-1.2.3.dist-info").mkdir()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "path", [str(site), *sys.path])
        importlib.invalidate_caches()
        return model_cache.package_stamp("tablesrc")


def test_package_stamp_is_the_installed_version_wherever_it_is_installed(monkeypatch, tmp_path):
    assert _stamp_of_package_in(tmp_path / "one", monkeypatch, dist_info=True) == "tablesrc==1.2.3"
    assert _stamp_of_package_in(tmp_path / "two", monkeypatch, dist_info=True) == "tablesrc==1.2.3"
    # no .dist-info (a source tree on the path): where and when it was put there, which changes when it does
    source = tmp_path / "three"
    stamp = _stamp_of_package_in(source, monkeypatch, dist_info=False)
    assert stamp.startswith(f"tablesrc:{source / 'tablesrc' / '__init__.py'}:")
    # a distribution that is one module, not a package
    site = tmp_path / "four"
    site.mkdir()
    (site / "tablemod.py").write_text("# one module\n")
    (site / "tablemod-2.0.dist-info").mkdir()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "path", [str(site), *sys.path])
        importlib.invalidate_caches()
        assert model_cache.package_stamp("tablemod") == "tablemod==2.0"


@pytest.mark.skipif(_model_dir() is None, reason="pocketsphinx model not installed")
def test_sound_index_from_disk_equals_a_fresh_build(monkeypatch, tmp_path):
    monkeypatch.setattr(model_cache, "PREBUILT_DIR", tmp_path / "none")  # build, even where tables are shipped
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


@pytest.mark.skipif(_model_dir() is None, reason="pocketsphinx model not installed")
def test_deletion_keys_cut_from_the_spelled_pronunciation_are_the_joined_tuples():
    from editor.review.context_model import _deletion_key_strings, _deletion_keys, _parse_dict

    prons = {tuple(p.rstrip("012") for p in phones.split())
             for entry in _parse_dict(_model_dir() / "cmudict-en-us.dict").values() for phones in entry.split("|")}
    assert {len(p) for p in prons} >= {1, 2, 3, 4, 10}
    for pron in prons:
        assert set(_deletion_key_strings(pron, " ".join(pron))) == {" ".join(k) for k in _deletion_keys(pron)}, pron
