"""project_for_source: import once beside the source, reopen it the next time."""

from __future__ import annotations

import pytest

from editor import paths
from editor.core import edits as E
from editor.errors import FormatError, ProjectError
from editor.store import sources
from editor.store.sources import project_for_source


def test_imports_beside_the_source_then_reopens(tmp_path, sample_path):
    source = tmp_path / "talk.txt"
    source.write_bytes(sample_path.read_bytes())
    with project_for_source(source) as project:
        assert project.created and project.path == tmp_path / "talk.tproj"
        assert project.transcript.source.text.startswith("Hello and welcome")
        assert project.version_transcript("original") == project.transcript
        project.apply(E.set_text(project.transcript, project.transcript.segments[0].id, 0, 5, "Hi"))
    with project_for_source(source) as project:
        assert not project.created
        assert project.transcript.segments[0].text.startswith("Hi and welcome")


def test_same_name_from_another_format_goes_beside_under_its_full_name(tmp_path, sample_path):
    (tmp_path / "talk.txt").write_bytes(sample_path.read_bytes())
    (tmp_path / "talk.md").write_text("A different file.\n")
    first = project_for_source(tmp_path / "talk.txt")
    first.close()
    with project_for_source(tmp_path / "talk.md") as second:
        assert second.created
        assert second.path == tmp_path / "talk.md.tproj"  # beside its transcript, with a readable name
        assert sources.readable_name(second.path) == "talk.md"
    with project_for_source(tmp_path / "talk.md") as again:
        assert not again.created and again.path == second.path
    (tmp_path / "talk.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nA third file.\n")
    # both names beside it belong to other files (a copy of talk.md's project): the data folder
    (tmp_path / "talk.srt.tproj").write_bytes((tmp_path / "talk.md.tproj").read_bytes())
    with project_for_source(tmp_path / "talk.srt") as third:
        assert third.path.parent == paths.user_data_dir() / "projects"
        assert third.path.name.startswith("talk-") and third.path.suffix == ".tproj"
        assert sources.readable_name(third.path) == "talk"


def test_unwritable_folder_uses_the_data_folder(tmp_path, sample_path, monkeypatch):
    source = tmp_path / "talk.txt"
    source.write_bytes(sample_path.read_bytes())
    monkeypatch.setattr(sources, "_folder_writable", lambda folder: False)
    with project_for_source(source) as project:
        assert project.path.parent == paths.user_data_dir() / "projects"
    with project_for_source(source) as project:
        assert not project.created
    assert not (tmp_path / "talk.tproj").exists()


def test_moved_source_with_its_project_is_recognised_by_content(tmp_path, sample_path):
    old = tmp_path / "a"
    old.mkdir()
    (old / "talk.txt").write_bytes(sample_path.read_bytes())
    project_for_source(old / "talk.txt").close()
    new = old.rename(tmp_path / "b")
    with project_for_source(new / "talk.txt") as project:
        assert not project.created and project.path == new / "talk.tproj"


def test_missing_or_bad_source(tmp_path):
    with pytest.raises(ProjectError, match="no such file"):
        project_for_source(tmp_path / "nope.txt")
    bad = tmp_path / "bad.srt"
    bad.write_bytes(b"\x00\x01 not subtitles")
    with pytest.raises(FormatError):
        project_for_source(bad)
    assert not (tmp_path / "bad.tproj").exists()


def test_bundled_sample_project_goes_to_the_data_folder_not_the_install(tmp_path, monkeypatch, sample_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    sample = seeds / "talk.txt"
    sample.write_bytes(sample_path.read_bytes())
    monkeypatch.setattr(paths, "seeds_dir", lambda: seeds)
    with project_for_source(sample) as project:
        assert project.created
        assert project.path.parent == paths.user_data_dir() / "projects"
    assert sorted(p.name for p in seeds.iterdir()) == ["talk.txt"]
