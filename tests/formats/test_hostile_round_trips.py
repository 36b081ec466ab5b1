"""Hostile text through every exporter and its own importer: it comes back exactly, or the import says what
it changed. Also damaged input files: bad UTF-8 bytes, NUL bytes, bad cue numbers, impossible times."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.model import Segment, SourceInfo, Speaker, Transcript
from editor.errors import FormatError
from editor.formats import ExportOptions, export_bytes, import_text, load_transcript

HOSTILE = [
    "a --> b", "<b>bold</b>", "x < y > z", "{\\an8} top", "&amp; and &lt;", "AT&T", "5 > 3", "<v Bob>",
    "<img src=file:///etc/passwd>", "Alice: hi", "# hash", "WEBVTT", "1", "00:00:01,000 --> 00:00:02,000",
    "NOTE this", "émoji 😀", "\u202eRTL", "semi; colon", "back\\slash", "{curly}", "--", "- dash", "&#123;",
    "&lt;b&gt;", "--> at the start", "ends with -->", "</i>", "<00:00:01.000>", "&nbsp", "a&b&c;",
]
EXT = {"txt": "txt", "srt": "srt", "vtt": "vtt", "json": "json"}


def _transcript(texts: list[str]) -> Transcript:
    segments = [Segment(f"s{i + 1}", text, "p1" if i % 2 else "p2", start=1000 * i, end=1000 * i + 900)
                for i, text in enumerate(texts)]
    return Transcript(segments, [Speaker("p1", "Ann"), Speaker("p2", "Bob")], SourceInfo(name="h.txt"))


def _round_trip(transcript: Transcript, fmt: str) -> Transcript:
    data = export_bytes(transcript, fmt, ExportOptions(merge=False))
    return import_text(data.decode("utf-8"), f"again.{EXT[fmt]}")


def _kept(first: Transcript, again: Transcript, fmt: str) -> bool:
    if fmt == "txt":  # plain text re-splits paragraphs into sentences: compare the words of each speaker turn
        return ([(again.speaker_name(s.speaker), s.text) for s in again.segments] ==
                [(first.speaker_name(s.speaker), s.text) for s in first.segments]
                or " ".join(s.text for s in again.segments) == " ".join(s.text for s in first.segments))
    return [(s.text, again.speaker_name(s.speaker)) for s in again.segments] == [
        (s.text, first.speaker_name(s.speaker)) for s in first.segments]


@pytest.mark.parametrize("fmt", list(EXT))
@pytest.mark.parametrize("hostile", HOSTILE)
def test_each_hostile_text_round_trips(fmt, hostile):
    first = _transcript(["First one.", hostile, "Last one."])
    assert _kept(first, _round_trip(first, fmt), fmt)


# What an importer produces: no control characters, single spaces, nothing at either end.
_CHARS = st.sampled_from(list("ab Z9:;.,!?'\"<>&#{}\\/-=[]()*_~|@%$^`") + ["-->", "é", "😀", "\u202e", "&lt;",
                                                                         "{\\an8}", "<i>", "</b>", "&amp;"])
_TEXTS = st.lists(_CHARS, min_size=1, max_size=30).map(lambda parts: " ".join("".join(parts).split())).filter(bool)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TEXTS, min_size=1, max_size=4), st.sampled_from(["srt", "vtt", "json"]))
def test_any_text_round_trips_through_subtitles_and_json(texts, fmt):
    first = _transcript(["Start.", *texts, "End."])
    assert _kept(first, _round_trip(first, fmt), fmt)


def test_invalid_utf8_in_the_middle_is_utf8_with_the_bad_byte_named(tmp_path):
    path = tmp_path / "t.txt"
    good = "Café society and naïve résumés.\n\nA second paragraph, déjà vu.\n".encode()
    path.write_bytes(good.replace(b"second", b"sec\xffond"))
    transcript = load_transcript(path)
    assert transcript.source.encoding == "utf-8"
    text = " ".join(s.text for s in transcript.segments)
    assert "Café" in text and "naïve" in text and "sec\ufffdond" in text  # no cp1252 mojibake
    assert any("line 3" in note and "0xff" in note for note in transcript.source.notes)


def test_nul_bytes_are_removed_and_said(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"Hello there.\n" * 800 + b"Bad\x00 byte here.\n")
    transcript = load_transcript(path)
    assert "\x00" not in " ".join(s.text for s in transcript.segments)
    assert any("NUL" in note and "line 801" in note for note in transcript.source.notes)


def test_a_cue_number_that_is_not_a_number_is_an_error_naming_the_line():
    text = "1\n00:00:01,000 --> 00:00:02,000\nHello there\n\nabc\n00:00:06,000 --> 00:00:07,000\nSecond\n"
    with pytest.raises(FormatError, match="line 5: cue number 'abc'"):
        import_text(text, "x.srt")


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_a_cue_ending_before_it_starts_keeps_its_words_and_says_so(fmt):
    head = "WEBVTT\n\n" if fmt == "vtt" else "1\n"
    comma = "." if fmt == "vtt" else ","
    text = (f"{head}00:00:05{comma}000 --> 00:00:02{comma}000\nHello there\n\n" + ("" if fmt == "vtt" else "2\n")
            + f"00:00:06{comma}000 --> 00:00:07{comma}000\nSecond\n")
    transcript = import_text(text, f"x.{fmt}")
    assert [s.text for s in transcript.segments] == ["Hello there", "Second"]
    assert transcript.segments[0].start is None and transcript.segments[0].end is None
    assert any("impossible times 00:00:05.000 --> 00:00:02.000" in n for n in transcript.source.notes)
    again = export_bytes(transcript, fmt).decode()
    assert "Hello there" in again


def test_our_json_with_a_start_time_abc_is_refused_naming_the_segment():
    data = ('{"format": "transcript-editor", "version": 1, "speakers": [], "segments": '
            '[{"id": "s1", "text": "hello there", "start": "abc", "end": 5}]}')
    with pytest.raises(FormatError, match="segment 1 \\('s1'\\): start 'abc' is not a time"):
        import_text(data, "x.json")


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_hostile_text_survives_the_subtitle_layout_rules(fmt):
    from editor.formats.cues import SubtitleRules

    texts = ["Start here now.", *HOSTILE, "And the end."]
    first = _transcript(texts)
    data = export_bytes(first, fmt, ExportOptions(subtitles=SubtitleRules()))
    again = import_text(data.decode("utf-8"), f"again.{fmt}")
    assert " ".join(s.text for s in again.segments).split() == " ".join(texts).split()
