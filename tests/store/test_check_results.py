"""The check results kept in the project file: a cache that an older file gains, and that damage never turns into
a refusal to open (or a result served for the wrong text)."""

from __future__ import annotations

import sqlite3

import pytest
from store_helpers import make_transcript

from editor.core import edits as E
from editor.review.check_cache import StoredChecks, fingerprint, segment_key
from editor.review.review_data import ReviewData
from editor.review.suspect import Suspect
from editor.store import migrations
from editor.store.project import Project


def _sql(path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _suspects(project: Project) -> list[tuple]:
    """(segment, suspects) for every segment: the word 'number' flagged in each."""
    out = []
    for segment in project.transcript.segments:
        start = segment.text.index("number")
        out.append((segment, [Suspect(segment.id, start, start + 6, "number", ("unknown",), 0.7, ("numbers",),
                                      "not a known word")]))
    return out


SETTINGS = {"glossary": None, "dictionary": ["Ann"], "language": None}


@pytest.fixture
def stored(tmp_path):
    path = tmp_path / "p.tproj"
    with Project.create(path, make_transcript(6, words=True)) as project:
        assert StoredChecks(project).save(_suspects(project), SETTINGS)
    return path


def test_results_come_back_only_for_unchanged_segments_and_the_same_settings(stored):
    with Project.open(stored) as project:
        project.apply(E.set_text(project.transcript, "s2", 0, 4, "That"))
        cache = StoredChecks(project)
        found, missing = cache.load(project.transcript.segments, SETTINGS)
        assert missing == ["s2"]
        assert found["s1"][0].text == "number" and found["s1"][0].segment_id == "s1"
        assert set(found) == {"s1", "s3", "s4", "s5", "s6"}
        other = {**SETTINGS, "dictionary": ["Ann", "Bob"]}
        assert cache.load(project.transcript.segments, other) == ({}, [s.id for s in project.transcript.segments])


def test_a_key_covers_what_the_checker_reads():
    segment = make_transcript(1, words=True).segments[0]
    assert segment_key(segment) == segment_key(segment.with_(id="other", speaker="p2", start=5))
    less_sure = tuple(w.__class__(w.text, w.start, w.end, 0.2) for w in segment.words)
    assert segment_key(segment) != segment_key(segment.with_(words=less_sure))
    assert segment_key(segment) != segment_key(segment.with_(text=segment.text + "!", words=None))
    # confidences unknown, all known, some known: three different keys, each the same when made again
    unknown = tuple(w.__class__(w.text, w.start, w.end, None) for w in segment.words)
    some = (less_sure[0], *unknown[1:])
    keys = [segment_key(segment.with_(words=words)) for words in (unknown, less_sure, some)]
    assert len(set(keys)) == 3
    assert keys == [segment_key(segment.with_(words=words)) for words in (unknown, less_sure, some)]
    assert segment_key(segment.with_(words=None)) != keys[0]
    assert fingerprint(SETTINGS) != fingerprint({**SETTINGS, "language": "de"})


def test_a_version_2_project_gets_the_table_and_keeps_its_content(tmp_path):
    path = tmp_path / "old.tproj"
    transcript = make_transcript(4)
    Project.create(path, transcript).close()
    _sql(path, "DROP TABLE check_results", "PRAGMA user_version = 2")
    with Project.open(path) as project:  # upgraded on the way in
        assert project.problems == [] and project.transcript == transcript
        assert StoredChecks(project).save(_suspects(project), SETTINGS)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION == 3
    assert conn.execute("SELECT count(*) FROM check_results").fetchone()[0] == 4
    conn.close()
    with pytest.raises(Exception, match="older project format"):  # as for every older format: read-only waits
        _sql(path, "DROP TABLE check_results", "PRAGMA user_version = 2")
        Project.open(path, read_only=True)


@pytest.mark.parametrize("damage", [
    "DROP TABLE check_results",
    "UPDATE check_results SET suspects = x'00ff'",
    "UPDATE check_results SET suspects = '{\"a\": 1}'",
    "UPDATE check_results SET suspects = '[[0, 4, \"this\", [], \"high\", [], \"r\"]]'",
    "UPDATE check_results SET fingerprint = 5",
    "DROP TABLE check_results; CREATE TABLE check_results (content)",
    "DROP TABLE check_results; CREATE VIEW check_results AS SELECT 1 AS content",
])
def test_damaged_results_open_as_no_results_and_are_written_again(stored, damage):
    conn = sqlite3.connect(stored)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.executescript(damage)
    conn.close()
    with Project.open(stored) as project:
        assert project.problems == [] and len(project.transcript) == 6
        cache = StoredChecks(project)
        found, missing = cache.load(project.transcript.segments, SETTINGS)
        assert found == {} and len(missing) == 6
        if "VIEW" not in damage:  # (a view is not ours to drop: the results are simply not kept)
            assert cache.save(_suspects(project), SETTINGS)
            assert len(cache.load(project.transcript.segments, SETTINGS)[0]) == 6


def test_read_only_projects_read_results_and_never_write_them(stored):
    with Project.open(stored, read_only=True) as project:
        cache = StoredChecks(project)
        assert len(cache.load(project.transcript.segments, SETTINGS)[0]) == 6
        assert not cache.save([], SETTINGS)
    with Project.open(stored) as project:
        assert len(StoredChecks(project).load(project.transcript.segments, SETTINGS)[0]) == 6


def test_review_data_settings_give_a_stable_fingerprint(stored):
    with Project.open(stored) as project:
        data = ReviewData(project)
        before = fingerprint(data.detector_settings())
        assert before == fingerprint(ReviewData(project).detector_settings())
        data.add_term("Kubernetes")
        after = fingerprint(data.detector_settings())
        assert after != before and after == fingerprint(ReviewData(project).detector_settings())


def test_upgraded_word_list_package_invalidates_stored_results(monkeypatch):
    """Suspects depend on the data of wordfreq and the pronouncing dictionary: results checked with another version
    of those packages are not served."""
    from editor.review import check_cache, model_cache

    check_cache.checker_version.cache_clear()
    before = fingerprint(SETTINGS)
    real = model_cache.package_stamp
    monkeypatch.setattr(model_cache, "package_stamp",
                        lambda *names: real(*names).replace("wordfreq==", "wordfreq==0.0+"))
    check_cache.checker_version.cache_clear()
    try:
        assert fingerprint(SETTINGS) != before
    finally:
        monkeypatch.undo()
        check_cache.checker_version.cache_clear()
    assert fingerprint(SETTINGS) == before
