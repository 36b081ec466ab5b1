"""Bad input: every case is a FormatError naming the file and the problem, never a crash or an empty result."""

from __future__ import annotations

import json

import pytest

from editor.errors import FormatError
from editor.formats import decoding, load_transcript

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
MP3_ID3 = b"ID3\x04\x00\x00\x00\x00\x00\x23TSSE\x00\x00\x00\x0f\x00\x00\x03Lavf58" + bytes(200)
MP3_FRAME = b"\xff\xfb\x90\x64" + bytes(range(256)) * 2


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def load_error(path) -> FormatError:
    with pytest.raises(FormatError) as info:
        load_transcript(path)
    error = info.value
    assert error.path == str(path)
    assert str(error).startswith(f"{path}: ")
    return error


@pytest.mark.parametrize("name", ["empty.txt", "empty.srt", "empty.json"])
def test_empty_file(tmp_path, name):
    assert "empty" in load_error(write(tmp_path, name, b"")).message


@pytest.mark.parametrize("name", ["blank.txt", "blank.vtt", "blank.srt"])
def test_only_whitespace(tmp_path, name):
    assert "whitespace" in load_error(write(tmp_path, name, b" \n\r\n\t  \n")).message


@pytest.mark.parametrize(
    ("data", "kind"),
    [(PNG, "PNG"), (MP3_ID3, "MP3"), (MP3_FRAME, "MP3"), (b"PK\x03\x04" + bytes(100), "ZIP")],
)
@pytest.mark.parametrize("name", ["renamed.srt", "renamed.txt", "renamed.json", "renamed.vtt"])
def test_binary_file_renamed(tmp_path, data, kind, name):
    error = load_error(write(tmp_path, name, data))
    assert "not a transcript" in error.message and kind in error.message


def test_unknown_binary_with_nul_bytes(tmp_path):
    assert "binary" in load_error(write(tmp_path, "blob.txt", bytes(range(256)) * 4)).message
    # NULs in every other byte, but with control characters between: not UTF-16 text either
    assert "binary" in load_error(write(tmp_path, "pairs.txt", bytes([1, 0, 2, 0, 3, 0, 65, 0]) * 64)).message


def test_control_characters_without_nul_are_binary(tmp_path):
    data = bytes(b for b in range(1, 32) if b not in (9, 10, 13)) * 40 + b"some text"
    assert "binary" in load_error(write(tmp_path, "ctl.txt", data)).message


def test_undecodable_utf16(tmp_path):
    # A UTF-16 BOM followed by a lone surrogate cannot be decoded.
    error = load_error(write(tmp_path, "bad16.txt", b"\xff\xfeH\x00i\x00\x00\xd8"))
    assert "UTF-16" in error.message


def test_undecodable_bytes_in_no_known_encoding(tmp_path, monkeypatch):
    class NoMatch:
        def best(self):
            return None

        def __iter__(self):
            return iter(())

    import charset_normalizer  # (decoding imports it when a file needs it: patch the package's function)

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data: NoMatch())
    error = load_error(write(tmp_path, "odd.txt", b"Hello \x81\x8d\x9d world"))
    assert "cannot decode" in error.message


def test_malformed_srt_timestamps(tmp_path):
    data = b"1\n00:00:01,000 --> 00:00:02,000\nOk.\n\n2\n00:00:99,000 --> 00:00:0?,000\nBad.\n"
    error = load_error(write(tmp_path, "bad.srt", data))
    assert "line 6" in error.message and "SRT" in error.message


def test_truncated_json(tmp_path):
    full = json.dumps({"segments": [{"start": 0, "end": 1, "text": "Hello there."}]})
    error = load_error(write(tmp_path, "cut.json", full[: len(full) // 2].encode()))
    assert "invalid JSON" in error.message and "truncated" in error.message


@pytest.mark.parametrize(
    "data",
    [
        {"name": "not whisper", "items": [1, 2]},
        {"segments": [{"words": []}]},
        {"segments": "nope"},
        [1, 2, 3],
    ],
)
def test_json_that_is_not_whisper_output(tmp_path, data):
    error = load_error(write(tmp_path, "other.json", json.dumps(data).encode()))
    assert "Whisper" in error.message


def test_whisper_json_with_bad_times(tmp_path):
    data = {"segments": [{"start": "soon", "end": 1, "text": "Hi."}]}
    assert "segment 1" in load_error(write(tmp_path, "t.json", json.dumps(data).encode())).message


def test_our_json_from_a_newer_version_or_damaged(tmp_path):
    newer = {"format": "transcript-editor", "version": 99, "segments": []}
    assert "version" in load_error(write(tmp_path, "new.json", json.dumps(newer).encode())).message
    damaged = {"format": "transcript-editor", "version": 1, "segments": [{"text": "no id"}]}
    assert "damaged" in load_error(write(tmp_path, "dmg.json", json.dumps(damaged).encode())).message


def test_too_large_file_is_refused_by_size_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # a sparse file: large on paper, nothing on disk
        fh.truncate(decoding.MAX_IMPORT_BYTES + 1)
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    error = load_error(path)
    assert f"{decoding.MAX_IMPORT_BYTES // (1024 * 1024)} MB" in error.message and "limit" in error.message


def test_limit_applies_to_small_files_when_lowered(tmp_path, monkeypatch):
    monkeypatch.setattr(decoding, "MAX_IMPORT_BYTES", 10 * 1024 * 1024)
    path = write(tmp_path, "big.txt", b"word. " * (2 * 1024 * 1024))
    assert "10 MB" in load_error(path).message


def test_missing_file_and_folder(tmp_path):
    assert "no such file" in load_error(tmp_path / "missing.txt").message
    assert "folder" in load_error(tmp_path).message


def test_text_that_takes_more_memory_than_the_limit_is_refused_naming_why(tmp_path, monkeypatch):
    # the limit is on text as held in memory: one character past U+FFFF makes every character take 4 bytes
    monkeypatch.setattr(decoding, "MAX_IMPORT_BYTES", 2000)
    plain = tmp_path / "plain.txt"
    plain.write_text("Hello there, this is fine.\n" * 60, encoding="utf-8")  # 1,620 bytes of ASCII
    assert len(load_transcript(plain)) == 60
    emoji = tmp_path / "emoji.txt"
    emoji.write_text("Hello there, this is fine.\n" * 59 + "Party \U0001f600 time.\n", encoding="utf-8")
    assert emoji.stat().st_size < 2000
    with pytest.raises(FormatError) as info:
        load_transcript(emoji)
    message = str(info.value)
    assert "emoji.txt" in message and "of memory" in message and "4 bytes each" in message and "\U0001f600" in message
