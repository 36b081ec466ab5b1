"""Hostile text through every exporter and its own importer: it comes back exactly, or the import says what
it changed. Also damaged input files: bad UTF-8 bytes, NUL bytes, bad cue numbers, impossible times."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.model import Segment, SourceInfo, Speaker, Transcript
from editor.errors import FormatError
from editor.formats import ExportOptions, export_bytes, import_text, load_transcript
from editor.formats.build import normalize_space

HOSTILE = [
    "a --> b", "<b>bold</b>", "x < y > z", "{\\an8} top", "&amp; and &lt;", "AT&T", "5 > 3", "<v Bob>",
    "<img src=file:///etc/passwd>", "Alice: hi", "# hash", "WEBVTT", "1", "00:00:01,000 --> 00:00:02,000",
    "NOTE this", "émoji 😀", "\u202eRTL", "semi; colon", "back\\slash", "{curly}", "--", "- dash", "&#123;",
    "&lt;b&gt;", "--> at the start", "ends with -->", "</i>", "<00:00:01.000>", "&nbsp", "a&b&c;",
    # read as a time, a label or a heading at the start of a TXT line unless escaped
    "[01:02:03] at the start", "WEBVTT first", "(00:05) in brackets", "\\[01:02:03] escaped already", "\\ a backslash",
    "Note: this", "Jane Doe (00:01:05): said", "Speaker 1 (0:05)", "00:00:05 Speaker 1", "[00:05] - Jane",
    # white space the writer chose: a tab, non-breaking spaces (also after a full stop)
    "tab\tinside", "10\u00a0000 euros", "Mr.\u00a0Smith and\u202fnarrow", "end.\u00a0Next one",
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


@pytest.mark.parametrize("fmt", list(EXT))
@pytest.mark.parametrize("hostile", HOSTILE)
def test_each_hostile_text_round_trips_without_speakers_or_times(fmt, hostile):
    # nothing before the text on its line: in TXT it opens the line, where times and labels are read
    first = Transcript([Segment("s1", hostile), Segment("s2", "Then one."), Segment("s3", hostile)],
                       [], SourceInfo(name="h.txt"))  # (first in the file too: what the format is taken for)
    if fmt in ("srt", "vtt"):  # cues need times
        first = _transcript([hostile, "Then one.", hostile])
        first = Transcript([s.with_(speaker=None) for s in first.segments], [], first.source)
    assert _kept(first, _round_trip(first, fmt), fmt)


def test_txt_escapes_text_that_would_read_as_a_time_and_the_import_removes_the_escape():
    first = Transcript([Segment("s1", "[01:02:03] Hello there.")], [], SourceInfo(name="h.txt"))
    data = export_bytes(first, "txt").decode()
    assert data == "\\[01:02:03] Hello there.\n"
    again = import_text(data, "again.txt")
    assert [(s.text, s.start) for s in again.segments] == [("[01:02:03] Hello there.", None)]
    assert [s.text for s in import_text("Plain \\[not escaped] text.\n", "x.txt").segments] == [
        "Plain \\[not escaped] text."]  # a backslash inside a line is text


# What an importer produces: no control characters, single spaces, nothing at either end.
# A lone tab or non-breaking space between words is kept as written (editor.formats.build.KEPT_SPACES).
_CHARS = st.sampled_from(list("ab Z9:;.,!?'\"<>&#{}\\/-=[]()*_~|@%$^`") + [
    "-->", "é", "😀", "\u202e", "&lt;", "{\\an8}", "<i>", "</b>", "&amp;", "[01:02:03]", "(00:05)", "Bob:",
    "\t", "\u00a0", "\u202f", "\\[", "Ann: ", "Speaker 2: ", "Dr. Who:"])
_TEXTS = st.lists(_CHARS, min_size=1, max_size=30).map(lambda parts: normalize_space("".join(parts))).filter(bool)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TEXTS, min_size=1, max_size=4), st.sampled_from(["srt", "vtt", "json", "txt"]), st.booleans())
def test_any_text_round_trips_through_every_format(texts, fmt, labelled):
    first = _transcript(["Start.", *texts, "End."])
    if not labelled and fmt in ("srt", "vtt"):  # (times: cues need them)
        first = Transcript([s.with_(speaker=None) for s in first.segments], [], first.source)
    elif not labelled:
        first = Transcript([Segment(s.id, s.text) for s in first.segments], [], first.source)
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


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_text_that_opens_cues_like_a_speaker_label_reads_back_as_text(fmt):
    # every cue opens with `Name:` text and no speaker: read as is, the recurring label would become the speaker
    first = Transcript([Segment(f"s{i}", f"Alice: line {i}", start=1000 * i, end=1000 * i + 900) for i in range(4)],
                       [], SourceInfo(name="h.txt"))
    data = export_bytes(first, fmt, ExportOptions(merge=False)).decode()
    assert "Alice&#58; line 0" in data  # the colon as an entity: players show "Alice: line 0"
    again = import_text(data, f"again.{fmt}")
    assert [(s.text, s.speaker) for s in again.segments] == [(f"Alice: line {i}", None) for i in range(4)]
    # a real label written by a speaker's cue still reads as the speaker
    named = Transcript([Segment(f"s{i}", f"Note: {i}" if i % 2 else f"Alice: {i}", "p1", start=1000 * i,
                                end=1000 * i + 900) for i in range(4)], [Speaker("p1", "Bob")], SourceInfo(name="h.txt"))
    again = import_text(export_bytes(named, fmt, ExportOptions(merge=False)).decode(), f"again.{fmt}")
    assert [(s.text, again.speaker_name(s.speaker)) for s in again.segments] == [
        (s.text, "Bob") for s in named.segments]
