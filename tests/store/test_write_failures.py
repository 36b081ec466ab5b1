"""A failed write (disk full, read-only) keeps the edit in memory, leaves a valid file, and is retried."""

from __future__ import annotations

import pytest

from editor.core import edits as E
from editor.errors import ProjectError
from editor.store.project import Project
from editor.store.replay import integrity_problems


def _fill_disk(project: Project) -> None:
    """Simulate a full disk: the file may not grow by a single page."""
    db = project._db()
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


def _free_disk(project: Project) -> None:
    project._db().execute("PRAGMA max_page_count = 1073741823")


def _stored(path):
    with Project.open(path, read_only=True) as reader:
        assert integrity_problems(reader) == []
        return reader.transcript.copy(), len(reader.history())


def test_disk_full_keeps_the_edit_and_flush_saves_it(project_path, transcript):
    project = Project.create(project_path, transcript)
    project.apply(E.set_text(project.transcript, "s1", 0, 0, "A"))
    saved = project.transcript.copy()
    _fill_disk(project)
    big = E.insert_segment(project.transcript, "s1", "long words " * 3000)
    with pytest.raises(ProjectError, match="disk is full") as info:
        project.apply(big)
    assert "kept in memory" in str(info.value) and info.value.path == str(project_path)
    assert project.pending == [big]
    assert len(project.transcript) == len(transcript) + 1  # the user still sees the edit
    assert project.undo_label() == "Insert segment"
    # the next edit is queued behind it
    with pytest.raises(ProjectError):
        project.apply(E.set_text(project.transcript, "s2", 0, 0, "B"))
    assert len(project.pending) == 2
    assert _stored(project_path) == (saved, 1)  # the file is valid and holds the last saved state
    _free_disk(project)
    project.flush()
    assert project.pending == []
    expected = project.transcript.copy()
    assert _stored(project_path) == (expected, 3)
    project.undo()  # undo of the queued edit works as usual
    project.close()
    with Project.open(project_path) as again:
        assert len(again.transcript) == len(transcript) + 1
        assert [e.kind for e in again.history()] == ["do", "do", "do", "undo"]


def test_read_only_location_during_a_save(project_path, transcript):
    project = Project.create(project_path, transcript)
    project._db().execute("PRAGMA query_only = ON")  # every write now fails like on a read-only medium
    edit = E.set_text(project.transcript, "s1", 0, 4, "That")
    with pytest.raises(ProjectError, match="read-only"):
        project.apply(edit)
    with pytest.raises(ProjectError, match="read-only"):
        project.set_meta("glossary", ["x"])
    assert project.transcript.segment("s1").text.startswith("That")
    assert _stored(project_path) == (transcript, 0)
    with pytest.raises(ProjectError):
        project.close()  # refuses to drop the pending edit...
    assert not project.closed  # ...and stays open so that the user can save elsewhere
    project._db().execute("PRAGMA query_only = OFF")
    project.close()
    with Project.open(project_path) as again:
        assert again.transcript.segment("s1").text.startswith("That")
        assert again.get_meta("glossary") == ["x"]


def test_save_as_rescues_pending_edits(tmp_path, project_path, transcript):
    project = Project.create(project_path, transcript)
    _fill_disk(project)
    with pytest.raises(ProjectError):
        project.apply(E.insert_segment(project.transcript, None, "rescued " * 3000))
    rescue = tmp_path / "rescue.tproj"
    project.save_as(rescue)
    assert project.pending == []
    project.close()
    with Project.open(rescue) as saved:
        assert saved.transcript.segments[0].text.startswith("rescued")
        assert integrity_problems(saved) == []
    assert _stored(project_path) == (transcript, 0)


def test_forced_close_releases_the_file(project_path, transcript):
    project = Project.create(project_path, transcript)
    project._db().execute("PRAGMA query_only = ON")
    with pytest.raises(ProjectError):
        project.apply(E.set_text(project.transcript, "s1", 0, 0, "x"))
    project.close(force=True)
    assert project.closed
    with Project.open(project_path) as again:  # the lock was released
        assert again.transcript == transcript
