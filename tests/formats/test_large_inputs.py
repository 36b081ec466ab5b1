"""Large inputs: over-long paragraphs are split (and the import says so), too many paragraphs are refused, and
the streaming pieces (sentence spans, the snapshot blob, the source checksum) equal what they replace."""

from __future__ import annotations

import json
import zlib

import pytest

from editor.core.model import Segment, Speaker, Word
from editor.errors import FormatError
from editor.formats import build, import_text, load_transcript
from editor.store import codec


def test_a_cue_longer_than_the_segment_limit_is_split_at_sentences_keeping_words_times_and_spans(monkeypatch):
    monkeypatch.setattr(build, "MAX_SEGMENT_CHARS", 60)
    words = "We met. " + "the plan was long and it went on " * 4 + "forever. Then we left."
    text = f"1\n00:00:01,000 --> 00:00:09,000\n{words}\n"
    transcript = import_text(text, "long.srt")
    texts = [s.text for s in transcript.segments]
    assert " ".join(texts) == " ".join(words.split())
    assert all(len(t) <= 60 for t in texts) and texts[0] == "We met." and texts[-1] == "Then we left."
    assert transcript.segments[0].start == 1000 and transcript.segments[-1].end == 9000
    assert all(s.start is None for s in transcript.segments[1:]) and all(s.end is None for s in transcript.segments[:-1])
    for s in transcript.segments:  # each span points at its own text in the file
        assert s.source is not None and transcript.source.text[s.source[0] : s.source[1]] == s.text
    assert any("longer than 60 characters were split" in note for note in transcript.source.notes)


def test_word_timings_follow_the_pieces_of_a_split_segment(monkeypatch):
    monkeypatch.setattr(build, "MAX_SEGMENT_CHARS", 12)
    builder = build.TranscriptBuilder(build.SourceInfo(text="x"))
    tokens = "one two three four five six".split()
    builder.add(" ".join(tokens), start=0, end=6000, words=[Word(t, i * 1000, i * 1000 + 900) for i, t in enumerate(tokens)])
    transcript = builder.build()
    assert len(transcript) > 1
    for segment in transcript.segments:
        assert segment.words is not None and [w.text for w in segment.words] == segment.text.split()


def test_one_word_longer_than_the_limit_is_cut_and_said(monkeypatch, tmp_path):
    monkeypatch.setattr(build, "MAX_SEGMENT_CHARS", 100)
    path = tmp_path / "blob.txt"
    path.write_text("x" * 250 + "\n", encoding="utf-8")
    transcript = load_transcript(path)
    assert [len(s.text) for s in transcript.segments] == [100, 100, 50]
    assert any("split" in note for note in transcript.source.notes)


def test_more_paragraphs_than_the_limit_are_refused_naming_the_file(monkeypatch, tmp_path):
    monkeypatch.setattr(build, "MAX_SEGMENTS", 50)
    path = tmp_path / "many.txt"
    path.write_text("".join(f"Line number {i} here.\n" for i in range(51)), encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        load_transcript(path)
    assert str(path) in str(caught.value) and "more than 50" in str(caught.value)
    path.write_text("".join(f"Line number {i} here.\n" for i in range(50)), encoding="utf-8")
    assert len(load_transcript(path)) == 50


def test_the_streamed_snapshot_is_the_json_of_the_document():
    segments = [Segment("s1", "héllo there", "p1", 0, 900, (Word("héllo", 0, 400), Word("there", 500, 900))),
                Segment("s2", "second", meta=(("avg_logprob", -0.2),))]
    speakers = [Speaker("p1", "Ann", "#fff")]
    blob = codec.pack_snapshot(segments, speakers)
    expected = {"segments": [s.to_json() for s in segments], "speakers": [s.to_json() for s in speakers]}
    assert json.loads(zlib.decompress(blob)) == expected
    assert codec.unpack_snapshot(blob) == (segments, speakers)
    assert codec.unpack_snapshot(codec.pack_snapshot([], [])) == ([], [])


def test_the_source_checksum_is_the_crc_of_the_joined_row(monkeypatch):
    from editor.store import checksums

    monkeypatch.setattr(checksums, "_CRC_PIECE", 3)  # pieces cut everywhere, surrogates and emoji included
    for text in ["", "abc", "héllo wörld 😀 x\ud800y", "a" * 10]:
        joined = "\x1f".join(["n", "f", "e", text]).encode("utf-8", "surrogatepass")
        assert checksums.source_crc("n", "f", "e", text) == zlib.crc32(joined)
