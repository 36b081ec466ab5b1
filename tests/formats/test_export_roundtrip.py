"""Round trips (import -> export -> import) for every format that does both, and exporter behaviour."""

from __future__ import annotations

import os
import string

import pytest
from format_helpers import DATA, SAMPLE, make_rich_transcript
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor import atomic_write
from editor.core.model import Segment, SourceInfo, Speaker, Transcript
from editor.errors import FormatError
from editor.formats import ExportOptions, export_bytes, export_file, import_text, load_transcript, sentences

EXT = {"txt": "txt", "srt": "srt", "vtt": "vtt", "json": "json"}


def view(t: Transcript, *, times: bool = True, words: bool = False) -> list[tuple]:
    """What a round trip must keep: text, speaker name, times (and words when the format has them)."""
    out = []
    for s in t.segments:
        row = (s.text, t.speaker_name(s.speaker) or None)
        if times:
            row += (s.start, s.end)
        if words:
            row += (s.words, s.meta)
        out.append(row)
    return out


def reimport(t: Transcript, fmt: str, options: ExportOptions | None = None) -> Transcript:
    return import_text(export_bytes(t, fmt, options).decode("utf-8"), f"again.{EXT[fmt]}")


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        (DATA / "dialogue.srt", "srt"),
        (DATA / "dialogue.vtt", "vtt"),
        (DATA / "dialogue.srt", "vtt"),
        (DATA / "dialogue.vtt", "srt"),
        (DATA / "whisperx.json", "srt"),
        (DATA / "whisperx.json", "vtt"),
        (DATA / "whisper.tsv", "srt"),
    ],
)
def test_subtitle_round_trip_keeps_text_speakers_and_timings(source, fmt):
    first = load_transcript(source)
    again = reimport(first, fmt)
    assert view(again) == view(first)
    assert [s.name for s in again.speakers] == [s.name for s in first.speakers]


@pytest.mark.parametrize("source", [SAMPLE, DATA / "dialogue.srt", DATA / "openai_whisper.json", DATA / "whisperx.json"])
def test_json_round_trip_restores_the_whole_model(source):
    first = load_transcript(source)
    again = reimport(first, "json")
    assert again == first  # segments (ids, words, meta, spans), speakers and original source
    assert again.source.text == first.source.text


def test_txt_round_trip_of_the_sample_merged_and_unmerged():
    first = load_transcript(SAMPLE)
    for options in (ExportOptions(), ExportOptions(merge=False)):
        assert view(reimport(first, "txt", options), times=False) == view(first, times=False)


def test_txt_round_trip_with_speakers_and_paragraph_times():
    text = "[00:00:01] Alice: Hello there. How are you?\n\n[00:00:04.500] Bob: Fine.\n\n[00:00:07] Alice: Good!\n"
    first = import_text(text, "t.txt")
    again = reimport(first, "txt", ExportOptions(timestamps=True))
    assert view(again) == view(first)
    assert export_bytes(again, "txt", ExportOptions(timestamps=True)).decode() == text


_NAMES = st.sampled_from(["Alice", "Bob Smith", "SPEAKER_00", "Dr. Who", "Zoë"])
_WORD = st.text(string.ascii_letters + "éß'", min_size=1, max_size=9).filter(
    lambda w: w.lower().strip("'") not in sentences._NEVER_FINAL | sentences._FINAL_BEFORE_CAPITAL
    and not w.startswith("'") and not w.endswith("'")
)
_SENTENCE = st.builds(
    lambda words, comma, end: " ".join([words[0].capitalize(), *words[1:]]).replace(" ", ", ", comma) + end,
    st.lists(_WORD, min_size=1, max_size=10),
    st.integers(0, 1),
    st.sampled_from([".", "!", "?"]),
)


@st.composite
def transcripts(draw) -> Transcript:
    turns = draw(st.lists(st.tuples(_NAMES, st.lists(_SENTENCE, min_size=1, max_size=4)), min_size=2, max_size=8))
    # Labels are read back only when they recur: end with two more turns so at least two paragraphs
    # carry a label and a name repeats even when merging joins everything else.
    other = draw(_NAMES.filter(lambda n: n not in (turns[0][0], turns[-1][0])))
    turns += [(other, ["Again."]), (turns[0][0], ["Once more."])]
    speakers: dict[str, Speaker] = {}
    segments = []
    for name, sentence_list in turns:
        speaker = speakers.setdefault(name, Speaker(f"p{len(speakers) + 1}", name))
        for sentence in sentence_list:
            segments.append(Segment(f"s{len(segments) + 1}", sentence, speaker.id))
    return Transcript(segments, speakers.values(), SourceInfo(name="gen.txt", format="txt"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts(), st.booleans())
def test_txt_export_import_round_trip_property(transcript, merge):
    again = reimport(transcript, "txt", ExportOptions(merge=merge))
    assert view(again, times=False) == view(transcript, times=False)


def test_subtitles_need_timings():
    untimed = load_transcript(SAMPLE)
    for fmt in ("srt", "vtt"):
        with pytest.raises(FormatError, match="no timings"):
            export_bytes(untimed, fmt)


def test_partial_timings_are_filled_in_order():
    segs = [Segment("s1", "One two three.", start=1000), Segment("s2", "Four five."), Segment("s3", "Six.", start=5000, end=6000)]
    t = Transcript(segs)
    again = reimport(t, "srt")
    times = [(s.start, s.end) for s in again.segments]
    assert times[0][0] == 1000 and times[2] == (5000, 6000)
    flat = [x for pair in times for x in pair]
    assert flat == sorted(flat)


def test_segment_without_speaker_has_no_prefix_and_no_speakers_option(rich):
    txt = export_bytes(rich, "txt").decode()
    assert "\n\n# not a heading_really\n\n" in txt
    plain = export_bytes(rich, "txt", ExportOptions(speakers=False)).decode()
    assert "Alice:" not in plain and "Bob Smith:" not in plain
    vtt = export_bytes(rich, "vtt", ExportOptions(speakers=False)).decode()
    assert "<v " not in vtt


def test_merge_joins_only_consecutive_segments_of_one_speaker(rich):
    merged = export_bytes(rich, "txt").decode().strip().split("\n\n")
    unmerged = export_bytes(rich, "txt", ExportOptions(merge=False)).decode().strip().split("\n\n")
    assert len(unmerged) == len(rich)
    assert len(merged) == 4  # Alice's two segments are one paragraph; Bob's two are not adjacent


def test_docx_title_and_paragraphs(rich, tmp_path):
    from docx import Document

    path = tmp_path / "out.docx"
    export_file(rich, "docx", path)
    document = Document(str(path))
    assert document.core_properties.title == "rich.txt"
    assert [p.text for p in document.paragraphs][0].startswith("Alice: Welcome")


def test_export_file_is_atomic_and_keeps_the_old_file_on_failure(rich, tmp_path, monkeypatch):
    path = tmp_path / "out.txt"
    path.write_text("old content")
    export_file(rich, "txt", path)
    assert path.read_bytes() == export_bytes(rich, "txt")
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temp file left behind

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_write.os, "replace", failing_replace)
    with pytest.raises(FormatError, match="No space left") as info:
        export_file(make_rich_transcript(), "md", path)
    assert info.value.path == str(path)
    assert path.read_bytes() == export_bytes(rich, "txt")
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_export_into_a_missing_folder_is_a_clear_error(rich, tmp_path):
    with pytest.raises(FormatError, match="cannot write"):
        export_file(rich, "txt", tmp_path / "nope" / "out.txt")


def test_export_file_of_untimed_subtitles_names_the_target(tmp_path):
    target = tmp_path / "x.srt"
    with pytest.raises(FormatError, match="no timings") as info:
        export_file(load_transcript(SAMPLE), "srt", target)
    assert info.value.path == str(target)
    assert not os.path.exists(target)


def test_unknown_export_format(rich):
    with pytest.raises(FormatError, match="unknown export format"):
        export_bytes(rich, "pdf")


def test_docx_paragraphs_are_what_python_docx_itself_writes(tmp_path):
    # the writer builds paragraph XML directly (python-docx's add_paragraph is quadratic): it must stay the same
    # XML as add_paragraph() + add_run() + bold, edge spaces included, in document order
    from docx import Document

    from editor.core.model import Segment, Speaker, Transcript
    from editor.formats import ExportOptions

    transcript = Transcript([Segment("a", " lead\ttab\r\nbreak  ", "s1", 0, 1000), Segment("b", "x\n\ny\t", "s2"),
                             Segment("c", "plain words", "s1", 61000, 62000)],
                            [Speaker("s1", "Ann"), Speaker("s2", "Bo")])
    options = ExportOptions(timestamps=True, merge=False)
    ours = tmp_path / "ours.docx"
    export_file(transcript, "docx", ours, options)
    theirs = Document(str(ours))
    expected = Document()
    for paragraph in theirs.paragraphs:  # the same runs, rebuilt through python-docx's public API
        new = expected.add_paragraph()
        for run in paragraph.runs:
            rebuilt = new.add_run(run.text)
            if run.bold:
                rebuilt.bold = True
    body = Document(str(ours)).element.body
    assert [p.text for p in theirs.paragraphs] == ["[00:00:00] Ann: lead\ttab break", "Bo: x y",
                                                   "[00:01:01] Ann: plain words"]
    assert body.xml == expected.element.body.xml
