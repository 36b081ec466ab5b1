"""Damaged projects: every row is checked on load, damage is reported (never shown as sound), a read-write
open refuses, a read-only open shows the rest, and repair salvages into a new file."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from store_helpers import file_hash

from editor.cli import main
from editor.core import edits as E
from editor.errors import DamagedProjectError, ProjectError
from editor.store.journal import journal_path
from editor.store.project import Project
from editor.store.replay import integrity_problems
from editor.store.salvage import salvage


def _sql(path, *statements):
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.fixture
def edited(project_path, transcript):
    """A project with a few edits in its history."""
    with Project.create(project_path, transcript) as project:
        project.apply(E.set_text(project.transcript, "s1", 0, 4, "That"))
        project.apply(E.set_text(project.transcript, "s2", 0, 4, "That"))
        project.apply(E.split_segment(project.transcript, "s3", 8))
    return project_path


def _expect_damage(path, match):
    before = file_hash(path)
    with pytest.raises(DamagedProjectError, match=match):
        Project.open(path)
    assert file_hash(path) == before
    with Project.open(path, read_only=True) as project:
        assert project.problems
        return project.transcript, project.problems


def test_a_sound_project_reports_nothing(edited):
    with Project.open(edited) as project:
        assert project.problems == []
        assert integrity_problems(project) == []


def test_null_segment_data_is_left_out_and_named(edited):
    _sql(edited, "UPDATE segments SET data = 'null' WHERE id = 's1'")
    transcript, problems = _expect_damage(edited, "id 's1'")
    assert "s1" not in [s.id for s in transcript.segments]
    assert len(transcript) == 6  # the other rows (s3 was split in two) open
    assert any("segment 1 " in p for p in problems)


def test_a_start_time_abc_is_dropped_not_shown(edited):
    _sql(edited, """UPDATE segments SET data = json_set(data, '$.start', 'abc') WHERE id = 's2'""")
    transcript, problems = _expect_damage(edited, "start time 'abc'")
    assert transcript.segment("s2").start is None
    assert transcript.segment("s2").text.startswith("That")


def test_wrong_typed_values_in_every_column(edited):
    for statement in ("UPDATE segments SET pos = 'abc' WHERE id = 's4'",
                      "UPDATE segments SET data = 5 WHERE id = 's4'",
                      "UPDATE segments SET data = json_set(data, '$.words', 'x') WHERE id = 's4'",
                      "UPDATE segments SET crc = 'x' WHERE id = 's4'",
                      "UPDATE speakers SET name = 7 WHERE id = 'p1'",
                      "UPDATE source SET text = 1.5"):
        copy = edited.with_name(f"copy{hash(statement) % 1000}.tproj")
        shutil.copyfile(edited, copy)
        _sql(copy, statement)
        _transcript, problems = _expect_damage(copy, "damaged")
        assert problems, statement


def test_deleting_every_segment_row_is_not_an_empty_project(edited, capsys):
    _sql(edited, "DELETE FROM segments")
    _transcript, problems = _expect_damage(edited, "should have 7 segment")
    assert main(["export", str(edited), "-f", "txt"]) == 1
    err = capsys.readouterr().err
    assert "should have 7 segment(s) but 0" in err and "repair" in err


def test_a_changed_letter_and_a_scrambled_order_are_noticed(edited, tmp_path):
    _sql(edited, "UPDATE segments SET data = replace(data, 'segment number 4', 'segment number 9') WHERE id = 's4'")
    _expect_damage(edited, "does not match its checksum")
    other = tmp_path / "order.tproj"
    with Project.create(other, Project.open(edited, read_only=True).transcript):
        pass
    _sql(other, "UPDATE segments SET pos = 100000 - pos")
    _expect_damage(other, "checksum")


def test_damaged_history_entry_does_not_lock_the_user_out(edited):
    _sql(edited, "UPDATE history SET edit = 'x' WHERE seq = 1")
    with Project.open(edited) as project:
        done, _undone = project.undo_steps()
        assert len(done) == 2  # the two steps after the damaged one
        assert project.read_problems and "history entry 1" in project.read_problems[0]
        project.undo()
        project.undo()
        with pytest.raises(ProjectError, match="history entry 1 is damaged"):
            project.undo()


def test_an_older_project_gets_checksums(project_path, transcript):
    Project.create(project_path, transcript).close()
    _sql(project_path, "ALTER TABLE segments DROP COLUMN crc", "DROP TABLE checksums", "PRAGMA user_version = 1")
    with Project.open(project_path) as project:
        assert project.problems == []
        project.apply(E.set_text(project.transcript, "s1", 0, 4, "That"))
    _sql(project_path, "DELETE FROM segments WHERE id = 's6'")
    _expect_damage(project_path, "should have 6")


def test_repair_salvages_into_a_new_file_and_leaves_the_old_one(edited, tmp_path, capsys):
    _sql(edited, "UPDATE segments SET data = 'null' WHERE id = 's1'", "UPDATE history SET edit = 'x' WHERE seq = 2")
    before = file_hash(edited)
    out = tmp_path / "repaired.tproj"
    assert main(["repair", str(edited), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "segment 1 (id 's1')" in printed and "history" in printed
    assert file_hash(edited) == before
    with Project.open(out) as project:
        assert project.problems == []
        assert "s1" not in [s.id for s in project.transcript.segments]
        assert len(project.transcript) == 6
        assert integrity_problems(project) == []
        assert project.version_transcript("original").segment("s1").text.startswith("this")


def test_repair_rebuilds_damaged_rows_from_a_whole_history(edited, tmp_path):
    with Project.open(edited, read_only=True) as project:
        expected = project.transcript.copy()
    _sql(edited, "DELETE FROM segments WHERE id = 's2'", "UPDATE segments SET data = 'null' WHERE id = 's1'")
    report = salvage(edited, tmp_path / "r.tproj")
    assert report.problems == []
    with Project.open(tmp_path / "r.tproj") as project:
        assert project.transcript == expected
        assert len(project.history()) == 3


def test_a_history_entry_changed_unseen_does_not_overrule_sound_rows(edited, tmp_path):
    # History rows have no checksum: a flipped letter in the text an edit typed still replays. With another
    # row damaged, the repair must not take that history's word over the rows that match their checksums.
    with Project.open(edited, read_only=True) as project:
        expected = project.transcript.copy()
    _sql(edited, "UPDATE history SET edit = replace(edit, 'That', 'Thbt') WHERE seq = 1",
         "UPDATE segments SET data = 'null' WHERE id = 's3'")
    report = salvage(edited, tmp_path / "r.tproj")
    assert any("history does not agree with" in p and "'s1'" in p for p in report.problems)
    with Project.open(tmp_path / "r.tproj") as project:
        assert project.transcript.segment("s1") == expected.segment("s1")  # the sound row, not the history
        assert not project.transcript.has_segment("s3")  # (unreadable, and said so)


def _crash_state(path):
    """(project bytes, journal bytes) as a crash in the middle of a big write would leave them."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA cache_size = 2")  # spill pages mid-transaction: the journal is synced and hot
    conn.execute("BEGIN")
    conn.execute("UPDATE segments SET data = json_set(data, '$.text', hex(randomblob(600)))")
    state = path.read_bytes(), journal_path(path).read_bytes()
    conn.execute("ROLLBACK")
    conn.close()
    return state


def _many_segments(tmp_path, name, count, edit_text):
    from store_helpers import make_transcript

    path = tmp_path / name
    with Project.create(path, make_transcript(count)) as project:
        project.apply(E.set_text(project.transcript, "s1", 0, 4, edit_text))
    return path


def test_a_foreign_journal_is_set_aside_not_rolled_back(tmp_path):
    a = _many_segments(tmp_path, "a.tproj", 300, "A")
    b = _many_segments(tmp_path, "b.tproj", 200, "Bee")
    with Project.open(a, read_only=True) as project:
        expected = project.transcript.copy()
    _b_bytes, b_journal = _crash_state(b)
    journal_path(a).write_bytes(b_journal)
    with Project.open(a) as project:
        assert project.transcript == expected
        assert project.notices and "does not belong" in project.notices[0]
        assert integrity_problems(project) == []
    assert not journal_path(a).exists()
    aside = [p for p in tmp_path.iterdir() if ".set-aside-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == b_journal


def test_its_own_journal_is_rolled_back(tmp_path):
    a = _many_segments(tmp_path, "a.tproj", 300, "A")
    with Project.open(a, read_only=True) as project:
        expected = project.transcript.copy()
    a_bytes, a_journal = _crash_state(a)
    a.write_bytes(a_bytes)
    journal_path(a).write_bytes(a_journal)
    with Project.open(a) as project:
        assert project.transcript == expected
        assert project.notices == []
        assert integrity_problems(project) == []
    assert not [p for p in tmp_path.iterdir() if ".set-aside-" in p.name]
