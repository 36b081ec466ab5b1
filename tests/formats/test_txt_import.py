"""Plain-text import: wrapping, paragraphs, speaker labels (and false positives), time stamps, spans."""

from __future__ import annotations

import re

import pytest
from format_helpers import SAMPLE

from editor.formats import import_text, load_transcript
from editor.formats.sentences import MAX_WORDS

FINAL = (".", "!", "?", "…", '"', "'", ")", "”", "’")


def segs(text: str) -> list[tuple[str | None, str, int | None]]:
    t = import_text(text, "t.txt")
    return [(t.speaker_name(s.speaker) or None, s.text, s.start) for s in t.segments]


def assert_spans_match(transcript) -> None:
    """Every segment's source span holds the segment's text, modulo white space."""
    for seg in transcript.segments:
        assert seg.source is not None, seg
        a, b = seg.source
        assert " ".join(transcript.source.text[a:b].split()) == seg.text


@pytest.fixture(scope="module")
def sample_path_cls():
    return SAMPLE


@pytest.fixture(scope="module")
def sample(sample_path_cls):
    return load_transcript(sample_path_cls)


class TestSample:
    def test_source_info(self, sample, sample_path_cls):
        raw = sample_path_cls.read_text(encoding="utf-8")
        assert sample.source.text == raw
        assert (sample.source.name, sample.source.format, sample.source.encoding) == (sample_path_cls.name, "txt", "utf-8")

    def test_segment_count_is_plausible_for_the_text(self, sample, sample_path_cls):
        raw = sample_path_cls.read_text(encoding="utf-8")
        # Between "sentence ends followed by space, minus abbreviation-like cases" and "all of them":
        ends = len(re.findall(r"[.!?](?=\s|$)", raw))
        lines = raw.count("\n") + 1
        assert ends * 0.8 <= len(sample) <= ends + 1
        assert len(sample) < lines  # wrapped lines were joined
        assert sample.word_count() == len(raw.split())

    def test_no_segment_starts_mid_sentence_because_of_wrapping(self, sample):
        for prev, seg in zip(sample.segments, sample.segments[1:], strict=False):
            if seg.text[0].islower():
                assert prev.text.endswith(FINAL), (prev.text, seg.text)

    def test_every_segment_ends_a_sentence_or_is_the_last(self, sample):
        for seg in sample.segments[:-1]:
            assert seg.text.endswith(FINAL) or len(seg.text.split()) >= MAX_WORDS // 2, seg.text

    def test_spans_point_at_the_segment_text(self, sample):
        assert_spans_match(sample)
        spans = [s.source for s in sample.segments]
        assert spans == sorted(spans)
        assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:], strict=False))

    def test_no_speakers_or_times_are_invented(self, sample):
        assert sample.speakers == []
        assert not sample.has_timings()


def test_wrapped_lines_join_and_punctuated_lines_end():
    text = "This line wraps\nhere and ends.\nShort one.\nAnother that\nwraps."
    assert [t for _, t, _ in segs(text)] == ["This line wraps here and ends.", "Short one.", "Another that wraps."]


def test_blank_lines_separate_paragraphs_even_without_punctuation():
    assert [t for _, t, _ in segs("first part without stop\n\nsecond part")] == [
        "first part without stop",
        "second part",
    ]


def test_one_long_line_is_split_into_sentences():
    line = " ".join(f"Sentence number {i} is here." for i in range(50))
    t = import_text(line, "long.txt")
    assert len(t) == 50
    assert_spans_match(t)


def test_speaker_labels_per_paragraph():
    text = "Alice: Hello there. How are you?\n\nBob Smith: Fine, thanks.\n\nAlice: Good."
    assert segs(text) == [
        ("Alice", "Hello there.", None),
        ("Alice", "How are you?", None),
        ("Bob Smith", "Fine, thanks.", None),
        ("Alice", "Good.", None),
    ]
    t = import_text(text, "t.txt")
    assert [s.name for s in t.speakers] == ["Alice", "Bob Smith"]
    assert_spans_match(t)
    assert t.source.text[slice(*t.segments[0].source)] == "Hello there."


def test_speaker_labels_one_turn_per_line():
    text = "SPEAKER_00: Hi.\nSPEAKER_01: Hello, how\nis it going?\nSPEAKER_00: Well."
    assert segs(text) == [
        ("SPEAKER_00", "Hi.", None),
        ("SPEAKER_01", "Hello, how is it going?", None),
        ("SPEAKER_00", "Well.", None),
    ]


def test_a_single_note_prefix_is_not_a_speaker():
    text = "Note: the recording starts late.\nWe talked about the plan. It went well."
    result = segs(text)
    assert all(speaker is None for speaker, _, _ in result)
    assert result[0][1] == "Note: the recording starts late."


def test_heading_words_never_become_speakers_even_when_repeated():
    text = "Note: first.\n\nNote: second.\n\nSummary: third."
    assert all(speaker is None for speaker, _, _ in segs(text))


def test_a_colon_inside_a_sentence_is_not_a_label():
    text = "the thing is: it works.\n\nand again: it works."
    assert all(speaker is None for speaker, _, _ in segs(text))


def test_wrapped_line_starting_with_a_capitalised_word_and_colon_once_is_text():
    text = "Alice: we will look at\nTensorFlow: it is great.\n\nBob: Sure.\n\nAlice: Yes."
    result = segs(text)
    assert ("Alice", "we will look at TensorFlow: it is great.", None) in result


def test_time_prefixes_give_start_times():
    text = "[00:00:05] Alice: Hello. Second sentence.\n[00:01:02.500] Bob: Hi.\n(01:10) Alice: Bye."
    assert segs(text) == [
        ("Alice", "Hello.", 5000),
        ("Alice", "Second sentence.", None),
        ("Bob", "Hi.", 62500),
        ("Alice", "Bye.", 70000),
    ]


def test_time_after_the_label_and_without_speakers():
    assert segs("Alice: [00:03] Hi.\n\nBob: [00:04] Yo.")[1] == ("Bob", "Yo.", 4000)
    assert segs("[00:00:01] one.\n[00:00:02] two.") == [(None, "one.", 1000), (None, "two.", 2000)]


def test_crlf_and_cr_line_endings_give_the_same_segments_and_right_spans():
    lf = "Alice: Hello there,\nfriend.\n\nBob: Hi.\n\nAlice: Bye."
    expected = segs(lf)
    for newline in ("\r\n", "\r"):
        text = lf.replace("\n", newline)
        t = import_text(text, "t.txt")
        assert [(t.speaker_name(s.speaker) or None, s.text, s.start) for s in t.segments] == expected
        assert t.source.text == text
        assert_spans_match(t)


def test_text_with_only_labels_or_times_has_no_segments_and_is_an_error():
    from editor.errors import FormatError

    with pytest.raises(FormatError, match="no transcript text"):
        import_text("[00:01]\n[00:02]\n", "stamps.txt")


def test_time_or_label_alone_on_a_line_belongs_to_the_next_text():
    text = "[00:00:01]\nAlice: Hello.\n\n[00:00:05]\nBob: Hi.\n\n[00:00:09]\nAlice: Bye.\n"
    assert segs(text) == [("Alice", "Hello.", 1000), ("Bob", "Hi.", 5000), ("Alice", "Bye.", 9000)]
    assert segs("Alice:\nHello there.\n\nBob:\nHi.\n") == [("Alice", "Hello there.", None), ("Bob", "Hi.", None)]


def test_transcription_service_headings_give_speakers_and_times():
    otter = "Speaker 1  0:05\nWe trained the model.\nIt took a while.\n\nSpeaker 2  1:02:09\nAnd it worked?\n"
    assert segs(otter) == [("Speaker 1", "We trained the model.", 5000), ("Speaker 1", "It took a while.", None),
                           ("Speaker 2", "And it worked?", 3729000)]
    rev = "Jane Doe (00:05):\nWe trained the model.\n\nJohn Roe (01:09):\nAnd it worked?\n"
    assert segs(rev) == [("Jane Doe", "We trained the model.", 5000), ("John Roe", "And it worked?", 69000)]
    time_first = "00:00:05 Speaker 1\nWe trained the model.\n\n[00:00:09] - Speaker 2\nAnd it worked?\n"
    assert segs(time_first) == [("Speaker 1", "We trained the model.", 5000), ("Speaker 2", "And it worked?", 9000)]
    inline = "Speaker 1 (00:00:05): We trained the model.\nSpeaker 2 [00:00:09]: And it worked?\n"
    assert segs(inline) == [("Speaker 1", "We trained the model.", 5000), ("Speaker 2", "And it worked?", 9000)]
    for text in (otter, rev, time_first, inline):
        assert_spans_match(import_text(text, "t.txt"))


def test_times_inside_ordinary_lines_are_not_headings():
    text = "We met at 10:30 and talked.\n\nThe talk ended at 11:45 sharp.\n\n10:30 meeting notes follow here.\n"
    assert [(who, start) for who, _, start in segs(text)] == [(None, None)] * 3
    once = "Jane Doe (00:05):\nWe trained the model and shipped it.\n"  # a heading that never recurs: text
    assert segs(once)[0][0] is None


def test_a_long_file_reads_its_lines_twice_to_the_same_transcript(monkeypatch):
    """The lines of a short file are read once and kept for the second pass; past _KEEP_LINES_CHARS they are read
    again instead. Labels, headings, times, escapes and wrapped lines come out the same either way."""
    from editor.formats import txt

    text = ("Speaker 1  0:05\nHello there, this line\nwraps onto the next.\n\n"
            "Jane Doe (00:01:05): Fine, thanks.\n[00:01:10] Jane Doe: And you?\n\\Note: not a label.\n\n"
            "Speaker 1  0:07\n[00:01:20]\nA time alone on its line.\nJane Doe: Bye.\n")
    kept = import_text(text, "t.txt")
    monkeypatch.setattr(txt, "_KEEP_LINES_CHARS", 0)
    again = import_text(text, "t.txt")
    assert [(s.text, s.speaker, s.start, s.source) for s in again.segments] == \
        [(s.text, s.speaker, s.start, s.source) for s in kept.segments]
    assert [(kept.speaker_name(s.speaker), s.start) for s in kept.segments] == [
        ("Speaker 1", 5_000), ("Jane Doe", 65_000), ("Jane Doe", 70_000), ("Jane Doe", None), ("Speaker 1", 80_000),
        ("Jane Doe", None)]
    assert kept.segments[0].text == "Hello there, this line wraps onto the next."
