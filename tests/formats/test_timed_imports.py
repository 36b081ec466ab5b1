"""SRT, WebVTT, Whisper TSV and Whisper JSON (openai, faster-whisper, whisperX) import."""

from __future__ import annotations

import json

import pytest
from format_helpers import DATA

from editor.core.model import tokenize
from editor.errors import FormatError
from editor.formats import detect_format, import_text, load_transcript


def rows(t):
    return [(t.speaker_name(s.speaker) or None, s.text, s.start, s.end) for s in t.segments]


def source_of(t, seg):
    a, b = seg.source
    return t.source.text[a:b]


def test_srt_cues_tags_entities_multiline_and_recurring_labels():
    t = load_transcript(DATA / "dialogue.srt")
    assert t.source.format == "srt"
    assert rows(t) == [
        ("Alice", "Hello there, how are you?", 0, 2480),
        ("Bob", "Fine & you?", 2900, 5100),
        ("Alice", "Great.", 5500, 7000),
    ]
    assert source_of(t, t.segments[0]).startswith("Hello <i>there</i>,")
    assert source_of(t, t.segments[2]) == "Great."


def test_srt_without_recurring_labels_keeps_the_colon_text():
    text = "1\n00:00:01,000 --> 00:00:02,000\nNote: this is text.\n\n2\n00:00:03,000 --> 00:00:04,000\nMore text.\n"
    t = import_text(text, "x.srt")
    assert rows(t)[0] == (None, "Note: this is text.", 1000, 2000)


def test_srt_cue_numbers_are_not_taken_for_cue_words():
    text = "1\n00:00:01,000 --> 00:00:02,000\n1 2 3\n\n2\n00:00:03,000 --> 00:00:04,000\n2 more\n"
    t = import_text(text, "n.srt")
    assert [source_of(t, s) for s in t.segments] == ["1 2 3", "2 more"]


def test_malformed_srt_timestamp_is_an_error_with_its_line():
    text = "1\n00:00:01,000 --> 00:00:02,000\nFine.\n\n2\n00:00:0x,000 --> 00:00:04,000\nBroken.\n"
    with pytest.raises(FormatError, match=r"line 6: .00:00:0x") as info:
        import_text(text, "bad.srt")
    assert "bad.srt" in str(info.value)


def test_a_srt_file_that_is_plain_text_is_an_error_not_an_empty_transcript():
    with pytest.raises(FormatError, match="SRT"):
        import_text("just some words\nand more\n", "notes.srt")


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_srt_cue_words_are_found_after_their_timing_line_whatever_the_line_ends(eol):
    text = eol.join(["1", "00:00:01,000 --> 00:00:02,000", "1 2", "", "2", "00:00:03,000 --> 00:00:04,000",
                     "2 00", "", "3", "00:00:05,000 --> 00:00:06,000", "00 3", ""])
    t = import_text(text, "e.srt")
    assert [source_of(t, s) for s in t.segments] == ["1 2", "2 00", "00 3"]


def test_vtt_voices_tags_settings_and_notes():
    t = load_transcript(DATA / "dialogue.vtt")
    assert t.source.format == "vtt"
    assert rows(t) == [
        ("Alice Smith", "Hello there & welcome.", 0, 2480),
        ("Bob", "Thanks.", 2900, 5100),
        ("Alice Smith", "Shall we start?", 5500, 7000),
    ]
    assert [s.name for s in t.speakers] == ["Alice Smith", "Bob"]
    assert "a comment" not in " ".join(s.text for s in t.segments)


def test_vtt_cue_with_two_voices_becomes_two_segments_sharing_the_time():
    text = "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v A>One two.</v> <v B>Three four.</v>\n"
    t = import_text(text, "two.vtt")
    assert [(r[0], r[1]) for r in rows(t)] == [("A", "One two."), ("B", "Three four.")]
    assert t.segments[0].start == 0 and t.segments[1].end == 4000
    assert t.segments[0].end == t.segments[1].start


def test_vtt_without_header_and_with_bad_cue_are_errors():
    with pytest.raises(FormatError, match="WEBVTT"):
        import_text("Just words, no cues.\n", "x.vtt")
    with pytest.raises(FormatError, match="line 3"):
        import_text("WEBVTT\n\n00:00:aa.000 --> 00:00:01.000\nhi\n", "x.vtt")


def test_whisper_tsv_rows_and_exact_spans():
    t = load_transcript(DATA / "whisper.tsv")
    assert t.source.format == "whisper-tsv"
    assert rows(t) == [(None, "Hello Dr. Smith, welcome.", 0, 2480), (None, "It's TensorFlow 2.0 today.", 2900, 5100)]
    assert [source_of(t, s) for s in t.segments] == [s.text for s in t.segments]


def test_whisper_tsv_bad_row_names_the_line():
    with pytest.raises(FormatError, match="line 3"):
        import_text("start\tend\ttext\n0\t100\tok\nabc\t200\tbad\n", "w.tsv")


def test_openai_whisper_json_words_meta_and_merged_pieces():
    t = load_transcript(DATA / "openai_whisper.json")
    assert t.source.format == "whisper-json"
    assert rows(t) == [(None, "Hello Dr. Smith, welcome.", 0, 2480), (None, "It's TensorFlow 2.0 today.", 2900, 5100)]
    first, second = t.segments
    assert first.meta_dict() == {"avg_logprob": -0.2513, "compression_ratio": 1.12, "no_speech_prob": 0.0121}
    assert [(w.text, w.start, w.end, w.confidence) for w in first.words] == [
        ("Hello", 0, 420, 0.98), ("Dr.", 420, 800, 0.91), ("Smith,", 800, 1300, 0.87), ("welcome.", 1500, 2480, 0.99),
    ]
    # " It" + "'s" and " Tensor" + "Flow" are pieces of one token each: joined times, weakest confidence.
    assert [(w.text, w.start, w.end, w.confidence) for w in second.words[:2]] == [
        ("It's", 2900, 3100, 0.6), ("TensorFlow", 3100, 3900, 0.7),
    ]
    for seg in t.segments:
        assert len(seg.words) == len(tokenize(seg.text))
        assert source_of(t, seg) == seg.text


def test_faster_whisper_list_of_segment_dicts():
    t = load_transcript(DATA / "faster_whisper.json")
    assert rows(t) == [(None, "Good morning everyone.", 0, 1800), (None, "Let's begin.", 2000, 3500)]
    assert t.segments[1].words[0].confidence == 0.88


def test_whisperx_speakers_scores_and_unaligned_words():
    t = load_transcript(DATA / "whisperx.json")
    assert [s.name for s in t.speakers] == ["SPEAKER_00", "SPEAKER_01"]
    assert [r[0] for r in rows(t)] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]
    assert t.segments[0].start == 31
    words = t.segments[1].words
    assert words[0].confidence == 0.95
    assert (words[-1].text, words[-1].start, words[-1].end, words[-1].confidence) == ("2019.", None, None, None)


def test_whisper_words_that_disagree_with_the_segment_text_win():
    data = {"segments": [{"start": 0, "end": 1, "text": " Hello world", "words": [
        {"word": " Hallo", "start": 0, "end": 0.5, "probability": 0.5},
        {"word": " world", "start": 0.5, "end": 1, "probability": 0.9}]}]}
    t = import_text(json.dumps(data), "x.json")
    assert t.segments[0].text == "Hallo world"
    assert [w.start for w in t.segments[0].words] == [0, 500]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.txt", "1\n00:00:01,000 --> 00:00:02,000\nHi.\n", "srt"),
        ("a.txt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi.\n", "vtt"),
        ("a.txt", '{"segments": [{"start": 0, "end": 1, "text": "Hi."}]}', "whisper-json"),
        ("a.dat", "start\tend\ttext\n0\t5\tHi.\n", "whisper-tsv"),
        ("a.srt", "[00:00:01] Alice: hi", "srt"),
        ("a.txt", "[00:00:01] Alice: hi", "txt"),
        ("a.md", "Plain words.", "txt"),
    ],
)
def test_format_is_chosen_by_content_then_extension(name, text, expected):
    assert detect_format(name, text) == expected


def test_whisper_tsv_with_crlf_and_padded_text_has_exact_spans():
    text = "start\tend\ttext\r\n0\t900\t  Hi there. \r\n1000\t2000\tBye.\r\n"
    t = import_text(text, "w.tsv")
    assert rows(t) == [(None, "Hi there.", 0, 900), (None, "Bye.", 1000, 2000)]
    assert [source_of(t, s) for s in t.segments] == ["Hi there.", "Bye."]


def test_every_import_extension_has_an_importer():
    from editor.formats import IMPORT_EXTENSIONS, IMPORTERS

    claimed = {ext for imp in IMPORTERS for ext in imp.extensions}
    assert set(IMPORT_EXTENSIONS) <= claimed


def _cpp_token(text: str, start: int, end: int, p: float) -> dict:
    return {"text": text, "timestamps": {"from": "", "to": ""}, "offsets": {"from": start, "to": end}, "id": 1, "p": p}


def test_whisper_cpp_json_with_and_without_tokens():
    full = {"systeminfo": "AVX = 1", "model": {"type": "base"}, "result": {"language": "en"}, "transcription": [
        {"timestamps": {"from": "00:00:00,000", "to": "00:00:03,200"}, "offsets": {"from": 0, "to": 3200},
         "text": " We trained the modle.",
         "tokens": [_cpp_token("[_BEG_]", 0, 0, 0.9), _cpp_token(" We", 0, 400, 0.95),
                    _cpp_token(" trained", 400, 900, 0.31), _cpp_token(" the", 900, 1000, 0.97),
                    _cpp_token(" mod", 1000, 1300, 0.6), _cpp_token("le.", 1300, 1500, 0.2),
                    _cpp_token("[_TT_160]", 3200, 3200, 0.5)]},
        {"timestamps": {"from": "00:00:03,500", "to": "00:00:05,000"}, "offsets": {"from": 3500, "to": 5000},
         "text": " And it worked?"}]}
    text = json.dumps(full, indent=1)
    t = import_text(text, "talk.json")
    assert t.source.format == "whisper-json"
    assert [(s.text, s.start, s.end) for s in t.segments] == [("We trained the modle.", 0, 3200),
                                                              ("And it worked?", 3500, 5000)]
    words = t.segments[0].words
    assert [(w.text, w.start, w.end, w.confidence) for w in words] == [
        ("We", 0, 400, 0.95), ("trained", 400, 900, 0.31), ("the", 900, 1000, 0.97), ("modle.", 1000, 1500, 0.2)]
    assert t.segments[1].words is None
    for seg in t.segments:
        a, b = seg.source
        assert text[a:b] == seg.text
    plain = {"transcription": [{"offsets": {"from": 0, "to": 900}, "text": " Hello there."}]}
    assert [s.text for s in import_text(json.dumps(plain), "x.json").segments] == ["Hello there."]
    with pytest.raises(FormatError, match="neither Whisper output"):
        import_text(json.dumps({"transcription": [{"text": "no offsets"}]}), "x.json")
    with pytest.raises(FormatError, match="segment 1 is malformed: its text is NoneType"):
        import_text(json.dumps({"transcription": [{"offsets": {"from": 0, "to": 5}, "text": None}]}), "x.json")
