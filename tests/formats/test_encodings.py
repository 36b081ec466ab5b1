"""Encodings (UTF-8 ±BOM, UTF-16 with or without BOM, cp1252) and line endings all import to the same segments."""

from __future__ import annotations

import codecs

import pytest

from editor.formats import load_transcript

TEXT = "Zoë: Café “naïve” — déjà vu, 5 €.\nIt’s fine.\n\nRenée: Merci, señor. Ünïcode!\n\nZoë: Ça va.\n"
EXPECTED = [("Zoë", "Café “naïve” — déjà vu, 5 €."), ("Zoë", "It’s fine."), ("Renée", "Merci, señor."),
            ("Renée", "Ünïcode!"), ("Zoë", "Ça va.")]


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: t.encode("utf-8"), "utf-8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
        (lambda t: t.encode("utf-16"), "utf-16"),
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
        (lambda t: t.encode("utf-16-le"), "utf-16-le"),  # no BOM (some Windows tools save it so)
        (lambda t: t.encode("utf-16-be"), "utf-16-be"),
        (lambda t: t.encode("cp1252"), "cp1252"),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_encodings_and_newlines(tmp_path, encode, encoding, newline):
    text = TEXT.replace("\n", newline)
    path = tmp_path / "enc.txt"
    path.write_bytes(encode(text))
    t = load_transcript(path)
    assert [(t.speaker_name(s.speaker), s.text) for s in t.segments] == EXPECTED
    assert t.source.encoding == encoding
    assert t.source.text == text  # decoded original, BOM removed, newlines as they were
    for seg in t.segments:
        a, b = seg.source
        assert " ".join(t.source.text[a:b].split()) == seg.text


def test_short_cp1252_file_with_smart_quotes(tmp_path):
    path = tmp_path / "legacy.srt"
    path.write_bytes("1\r\n00:00:01,000 --> 00:00:02,000\r\nHe said “olé” – naïve.\r\n".encode("cp1252"))
    t = load_transcript(path)
    assert t.segments[0].text == "He said “olé” – naïve."
    assert t.source.encoding == "cp1252"


def test_utf16_subtitles(tmp_path):
    path = tmp_path / "u16.vtt"
    path.write_bytes("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Zoë>Ça va?\n".encode("utf-16"))
    t = load_transcript(path)
    assert (t.speaker_name(t.segments[0].speaker), t.segments[0].text) == ("Zoë", "Ça va?")


def test_other_legacy_code_pages_are_detected_too(tmp_path):
    text = "Привет, как дела? Это тест кодировки.\n" * 20
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    t = load_transcript(path)
    assert t.source.text == text
    assert t.segments[0].text == "Привет, как дела?"
