"""Media refs: relative paths, fingerprints, moved/changed/missing detection and the locate check."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from editor.errors import UserError
from editor.media.attachment import (
    CHUNK,
    MediaRef,
    MediaStatus,
    check_located,
    find_media_beside,
    fingerprint,
    make_ref,
    resolve,
)


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_find_media_beside_matches_base_name(tmp_path: Path) -> None:
    transcript = write(tmp_path / "talk.srt", b"")
    assert find_media_beside(transcript) is None
    write(tmp_path / "other.mp3", b"x")
    write(tmp_path / "talk.MP4", b"video")
    assert find_media_beside(transcript).name == "talk.MP4"
    write(tmp_path / "talk.wav", b"audio")
    assert find_media_beside(transcript).name == "talk.wav"  # audio preferred


def test_fingerprint_reads_head_and_tail(tmp_path: Path) -> None:
    big = bytearray(os.urandom(3 * CHUNK))
    a = write(tmp_path / "a.bin", bytes(big))
    first = fingerprint(a)
    big[-1] ^= 0xFF  # the tail changes the fingerprint
    assert fingerprint(write(tmp_path / "b.bin", bytes(big))) != first
    big[-1] ^= 0xFF
    big[10] ^= 0xFF  # so does the head
    assert fingerprint(write(tmp_path / "c.bin", bytes(big))) != first
    assert fingerprint(write(tmp_path / "d.bin", bytes(big[:-1]))) != fingerprint(tmp_path / "c.bin")
    assert fingerprint(write(tmp_path / "e.bin", b"tiny")) != fingerprint(write(tmp_path / "f.bin", b"tiny!"))
    with pytest.raises(UserError, match="cannot read"):
        fingerprint(tmp_path / "none.bin")


def test_ref_is_relative_to_the_project_and_round_trips(tmp_path: Path) -> None:
    media = write(tmp_path / "media" / "talk.wav", b"RIFF....")
    ref = make_ref(media, tmp_path / "work" / "talk.tproj")
    assert ref.relative == "../media/talk.wav"
    assert ref.absolute == str(media.resolve())
    assert MediaRef.from_json(ref.to_json()) == ref
    assert MediaRef.from_json(None) is None and MediaRef.from_json({"x": 1}) is None
    # a damaged size or checksum is dropped (checked as unknown), never an error while the project opens
    damaged = MediaRef.from_json({"absolute": "/a/talk.wav", "size": "big", "checksum": ["x"], "relative": 3})
    assert (damaged.relative, damaged.absolute, damaged.size, damaged.checksum) == (None, "/a/talk.wav", 0, "")
    with pytest.raises(UserError, match="no such media file"):
        make_ref(tmp_path / "nothing.wav", tmp_path / "p.tproj")


def test_resolve_found_when_moved_together(tmp_path: Path) -> None:
    write(tmp_path / "a" / "talk.wav", b"sound" * 100)
    ref = make_ref(tmp_path / "a" / "talk.wav", tmp_path / "a" / "talk.tproj")
    shutil.move(tmp_path / "a", tmp_path / "b")  # project and media move as one folder
    found = resolve(ref, tmp_path / "b" / "talk.tproj")
    assert found.status is MediaStatus.FOUND and found.path == (tmp_path / "b" / "talk.wav").resolve()


def test_resolve_found_at_absolute_path_when_only_project_moved(tmp_path: Path) -> None:
    media = write(tmp_path / "rec" / "talk.wav", b"sound" * 100)
    ref = make_ref(media, tmp_path / "a" / "talk.tproj")
    found = resolve(ref, tmp_path / "elsewhere" / "deeper" / "talk.tproj")
    assert found.status is MediaStatus.FOUND and found.path == media.resolve()


def test_resolve_moved_missing_and_changed(tmp_path: Path) -> None:
    media = write(tmp_path / "rec" / "talk.wav", b"sound" * 100)
    project = tmp_path / "proj" / "talk.tproj"
    ref = make_ref(media, project)
    shutil.move(media, write(tmp_path / "proj" / "x", b"").parent / "talk.wav")
    moved = resolve(ref, project)
    assert moved.status is MediaStatus.MOVED and "has moved" in moved.message
    assert moved.path == (tmp_path / "proj" / "talk.wav").resolve()
    (tmp_path / "proj" / "talk.wav").unlink()
    missing = resolve(ref, project)
    assert missing.status is MediaStatus.MISSING and missing.path is None
    assert "talk.wav" in missing.message and "Locate" in missing.message
    write(media, b"other recording")
    changed = resolve(ref, project)
    assert changed.status is MediaStatus.CHANGED and changed.path == media.resolve()


def test_check_located(tmp_path: Path) -> None:
    media = write(tmp_path / "talk.wav", b"sound" * 100)
    ref = make_ref(media, tmp_path / "p.tproj")
    copy = write(tmp_path / "renamed.wav", b"sound" * 100)
    assert check_located(ref, copy) is None
    warning = check_located(ref, write(tmp_path / "wrong.wav", b"nope"))
    assert warning is not None and "not the file that was attached" in warning
    assert "no such file" in check_located(ref, tmp_path / "gone.wav")
