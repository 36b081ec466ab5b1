"""The project file keeps every edit, undo/redo stacks, versions and review data across reopening."""

from __future__ import annotations

import sqlite3

import pytest
from store_helpers import make_transcript

from editor.core import edits as E
from editor.errors import ProjectError
from editor.store.migrations import APPLICATION_ID, SCHEMA_VERSION
from editor.store.project import Project
from editor.store.replay import integrity_problems, replay_history


def texts(transcript):
    return [s.text for s in transcript.segments]


def test_create_then_open_gives_the_same_transcript(project_path, transcript):
    with Project.create(project_path, transcript) as project:
        assert project.created
        assert project.transcript == transcript
    with Project.open(project_path) as project:
        assert project.transcript == transcript
        assert not project.created
    conn = sqlite3.connect(project_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert not project_path.with_name(project_path.name + ".lock").exists()


def test_words_and_timings_survive(project_path):
    original = make_transcript(4, words=True)
    with Project.create(project_path, original) as project:
        project.apply(E.set_text(project.transcript, "s2", 0, 4, "This"))
        expected = project.transcript.copy()
    with Project.open(project_path) as project:
        assert project.transcript == expected
        assert project.transcript.segment("s2").words[0].text == "This"
        assert project.transcript.segment("s2").words[1].start == 2100


def test_create_refuses_an_existing_file(project_path, transcript):
    project_path.write_bytes(b"keep me")
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(project_path, transcript)
    assert project_path.read_bytes() == b"keep me"


def test_every_kind_of_edit_is_stored_at_once(project_path, transcript):
    project = Project.create(project_path, transcript)
    t = project.transcript
    project.apply(E.set_text(t, "s1", 0, 4, "That"))
    project.apply(E.split_segment(t, "s2", 8))
    project.apply(E.merge_segments(t, "s4"))
    project.apply(E.insert_segment(t, None, "first words"))
    project.apply(E.insert_segment(t, "s6", "last words"))
    project.apply(E.add_speaker(t, "Cy"))
    project.apply(E.set_speaker(t, ["s1", "s3"], "p3"))
    project.apply(E.rename_speaker(t, "p1", "Anne"))
    project.apply(E.delete_speaker(t, "p2"))
    expected = t.copy()
    # Without closing: another reader sees the committed state.
    with Project.open(project_path, read_only=True) as reader:
        assert reader.transcript == expected
        assert replay_history(reader) == expected
        assert [e.kind for e in reader.history()] == ["do"] * 9
    project.close()


def test_many_splits_in_one_place_renumber_positions(project_path):
    with Project.create(project_path, make_transcript(3)) as project:
        for _ in range(70):  # halves the same gap every time: the float keys run out and get renumbered
            project.apply(E.insert_segment(project.transcript, "s1", "x"))
        expected = texts(project.transcript)
    with Project.open(project_path) as project:
        assert texts(project.transcript) == expected
        assert integrity_problems(project) == []


def test_undo_redo_are_appended_and_survive_reopening(project_path, transcript):
    with Project.create(project_path, transcript) as project:
        assert not project.can_undo() and project.undo() is None
        project.apply(E.set_text(project.transcript, "s1", 0, 0, "A"))
        project.apply(E.set_text(project.transcript, "s1", 1, 1, "B"), merge=True)
        project.apply(E.set_text(project.transcript, "s1", 2, 2, "C"), merge=True)
        project.apply(E.split_segment(project.transcript, "s3", 5))
        assert project.undo_label() == "Split segment"
        project.undo()
        assert project.undo_label() == "Type 'ABC'"
        assert project.redo_label() == "Split segment"
        project.undo()
        assert texts(project.transcript) == texts(transcript)
        project.redo()
        assert project.transcript.segment("s1").text.startswith("ABC")
        mem = project.transcript.copy()
        done, undone = project.undo_steps()
    with Project.open(project_path) as project:
        assert project.transcript == mem
        assert [e.kind for e in project.history()] == ["do", "do", "do", "do", "undo", "undo", "redo"]
        assert project.undo_steps() == (done, undone)
        assert len(done) == 1 and isinstance(done[0], E.Batch) and len(done[0].edits) == 3
        assert project.redo_label() == "Split segment"
        project.redo()
        assert len(project.transcript) == len(transcript) + 1
        project.undo()
        project.undo()
        assert project.transcript == transcript
        assert not project.can_undo() and project.can_redo()
        assert integrity_problems(project) == []


def test_a_new_edit_clears_redo_and_merge_never_joins_across_an_undo(project_path, transcript):
    with Project.create(project_path, transcript) as project:
        project.apply(E.set_text(project.transcript, "s1", 0, 0, "A"))
        project.apply(E.set_text(project.transcript, "s2", 0, 0, "B"))
        project.undo()
        project.apply(E.set_text(project.transcript, "s3", 0, 0, "C"), merge=True)  # starts its own step
        assert not project.can_redo()
        done, _ = project.undo_steps()
        assert [e.label for e in done] == ["Type 'A'", "Type 'C'"]
    with Project.open(project_path) as project:
        assert [e.label for e in project.undo_steps()[0]] == ["Type 'A'", "Type 'C'"]


def test_apply_with_kind_undo_from_a_callers_own_stack(project_path, transcript):
    with Project.create(project_path, transcript) as project:
        edit = E.set_text(project.transcript, "s1", 0, 4, "That")
        project.apply(edit)
        project.apply(edit.inverse(), kind="undo")
        assert project.can_redo() and not project.can_undo()
        assert project.history()[-1].label == f"{edit.label} in ¶1"  # what was undone, with its paragraph
        project.apply(edit, kind="redo")
        assert project.can_undo() and not project.can_redo()
        with pytest.raises(ValueError):
            project.apply(edit.inverse(), kind="oops")


def test_edit_conflict_changes_nothing(project_path, transcript):
    with Project.create(project_path, transcript) as project:
        stale = E.SetText("s1", 0, "nonsense", "x")
        with pytest.raises(E.EditConflict):
            project.apply(stale)
        assert project.history() == [] and project.transcript == transcript


def test_history_lists_edits_with_time_and_limit(project_path, transcript):
    with Project.create(project_path, transcript) as project:
        for i in range(5):
            project.apply(E.set_text(project.transcript, "s1", 0, 0, str(i)))
        entries = project.history()
        assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
        assert entries == sorted(entries, key=lambda e: e.time)
        assert [e.seq for e in project.history(limit=2)] == [4, 5]
        assert project.history(limit=0) == []
        assert entries[0].label == "Replace 'this' with '0this' in ¶1"  # whole words, 1-based paragraph


def test_versions_compare_and_restore(project_path, transcript):
    with Project.create(project_path, transcript) as project:
        project.apply(E.set_text(project.transcript, "s1", 0, 4, "That"))
        info = project.save_version("draft 1")
        assert info.seq == 1
        project.apply(E.merge_segments(project.transcript, "s2"))
        with pytest.raises(ProjectError, match="already exists"):
            project.save_version("draft 1")
        with pytest.raises(ProjectError, match="reserved"):
            project.save_version("original")
        assert [v.name for v in project.versions()] == ["draft 1"]
        assert project.version_transcript("original") == transcript
        assert project.version_transcript("draft 1").segment("s1").text.startswith("That")
        changes = [op for op in project.diff("original", "draft 1") if op.tag != "equal"]
        assert [(op.old, op.new) for op in changes] == [(("this",), ("That",))]
        project.restore_version("original")
        assert project.transcript == transcript
        assert project.undo_label() == "Restore version 'original'"
        project.undo()
        assert len(project.transcript) == len(transcript) - 1
        with pytest.raises(ProjectError, match="no version named 'nope'"):
            project.version_transcript("nope")
    with Project.open(project_path, read_only=True) as project:
        assert [v.name for v in project.versions()] == ["draft 1"]
        assert integrity_problems(project) == []


def test_meta_is_stored_as_json(project_path, transcript):
    with Project.create(project_path, transcript) as project:
        assert project.get_meta("glossary", []) == []
        project.set_meta("glossary", ["TensorFlow", "Keras"])
        project.set_meta("ignored", {"s1": [0, 4]})
        with pytest.raises(TypeError):
            project.set_meta("bad", object())
    with Project.open(project_path, read_only=True) as project:
        assert project.get_meta("glossary") == ["TensorFlow", "Keras"]
        assert project.get_meta("ignored") == {"s1": [0, 4]}
        assert project.get_meta("missing", 7) == 7


def test_read_only_never_writes(project_path, transcript):
    Project.create(project_path, transcript).close()
    before = project_path.read_bytes()
    with Project.open(project_path, read_only=True) as project:
        for action in (
            lambda: project.apply(E.set_text(project.transcript, "s1", 0, 0, "x")),
            lambda: project.save_version("v"),
            lambda: project.set_meta("k", 1),
            lambda: project.undo(),
        ):
            with pytest.raises(ProjectError, match="read-only"):
                action()
    assert project_path.read_bytes() == before
    assert not project_path.with_name(project_path.name + ".lock").exists()


def test_save_as_continues_at_the_new_path(tmp_path, project_path, transcript):
    project = Project.create(project_path, transcript)
    project.apply(E.set_text(project.transcript, "s1", 0, 0, "A"))
    project.save_version("v1")
    copy = tmp_path / "copy.tproj"
    project.save_as(copy)
    assert project.path == copy
    project.apply(E.set_text(project.transcript, "s1", 0, 0, "B"))
    project.close()
    with Project.open(project_path) as old, Project.open(copy) as new:
        assert old.transcript.segment("s1").text.startswith("Athis")
        assert new.transcript.segment("s1").text.startswith("BAthis")
        assert [v.name for v in new.versions()] == ["v1"]
        assert len(new.history()) == 2 and integrity_problems(new) == []


def test_operations_on_a_closed_project_fail_clearly(project_path, transcript):
    project = Project.create(project_path, transcript)
    project.close()
    project.close()  # twice is fine
    with pytest.raises(ProjectError, match="closed"):
        project.history()


def test_undo_steps_limit_and_long_pending_queue(project_path, transcript):
    with Project.create(project_path, transcript) as project:
        project._db().execute("PRAGMA query_only = ON")
        for i in range(600):  # more pending edits than the project keeps in its recent-edit cache
            try:
                project.apply(E.set_text(project.transcript, "s1", 0, 0, str(i % 10)))
            except ProjectError:
                pass
        done, undone = project.undo_steps()
        assert len(done) == 600 and undone == []
        assert project.undo_steps(limit=2)[0] == done[-2:]
        assert project.undo_steps(limit=0) == ([], [])
        project._db().execute("PRAGMA query_only = OFF")
        project.flush()
    with Project.open(project_path) as project:
        assert project.undo_steps()[0] == done
