"""Opening something that is not a sound project gives one clear error and leaves the file untouched."""

from __future__ import annotations

import sqlite3

import pytest
from store_helpers import file_hash

from editor.core import edits as E
from editor.errors import ProjectError
from editor.store import migrations
from editor.store.project import Project


def _open_both_ways(path, match):
    before = file_hash(path)
    for read_only in (False, True):
        with pytest.raises(ProjectError, match=match) as info:
            Project.open(path, read_only=read_only)
        assert info.value.path == str(path)
        assert file_hash(path) == before
    assert not path.with_name(path.name + ".lock").exists()
    assert not path.with_name(path.name + "-journal").exists()


def test_text_file(tmp_path):
    path = tmp_path / "notes.tproj"
    path.write_text("Hello, this is a transcript, not a project.\n" * 50)
    _open_both_ways(path, "not an SQLite file")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.tproj"
    path.write_bytes(b"")
    _open_both_ways(path, "empty")


def test_sqlite_file_of_another_application(tmp_path):
    path = tmp_path / "other.tproj"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('x')")
    conn.commit()
    conn.close()
    _open_both_ways(path, "another application")


def test_truncated_project(tmp_path, project_path, transcript):
    with Project.create(project_path, transcript) as project:
        for i in range(300):
            project.apply(E.set_text(project.transcript, f"s{i % 6 + 1}", 0, 0, f"word{i} "))
    data = project_path.read_bytes()
    project_path.write_bytes(data[: len(data) // 2])
    _open_both_ways(project_path, "damaged")


def test_garbage_after_a_valid_header(tmp_path, project_path, transcript):
    Project.create(project_path, transcript).close()
    data = bytearray(project_path.read_bytes())
    data[100:] = bytes((i * 7) % 256 for i in range(len(data) - 100))
    project_path.write_bytes(bytes(data))
    _open_both_ways(project_path, "damaged")


def test_project_from_a_newer_version(project_path, transcript):
    Project.create(project_path, transcript).close()
    conn = sqlite3.connect(project_path)
    conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    _open_both_ways(project_path, "newer transcript-editor")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ProjectError, match="no such project"):
        Project.open(tmp_path / "nope.tproj")
    with pytest.raises(ProjectError, match="not a project file"):
        Project.open(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_older_format_is_migrated_forward(project_path, transcript, monkeypatch):
    Project.create(project_path, transcript).close()
    added = []

    def to_v2(conn):
        conn.execute("CREATE TABLE bookmarks (segment TEXT)")
        added.append(True)

    current = migrations.SCHEMA_VERSION
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, current, to_v2)
    with pytest.raises(ProjectError, match="older project format"):
        Project.open(project_path, read_only=True)
    with Project.open(project_path) as project:
        assert project.transcript == transcript
    assert added == [True]
    conn = sqlite3.connect(project_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == current + 1
    assert conn.execute("SELECT count(*) FROM bookmarks").fetchone()[0] == 0
    conn.close()


def test_failed_migration_leaves_the_file_as_it_was(project_path, transcript, monkeypatch):
    Project.create(project_path, transcript).close()
    before = file_hash(project_path)

    def broken(conn):
        conn.execute("CREATE TABLE half (x)")
        raise sqlite3.OperationalError("simulated failure")

    current = migrations.SCHEMA_VERSION
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, current, broken)
    with pytest.raises(ProjectError, match="cannot upgrade"):
        Project.open(project_path)
    assert file_hash(project_path) == before
