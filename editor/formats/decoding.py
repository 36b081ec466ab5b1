"""Read a transcript file's bytes and decode them: size limit, binary sniffing, encodings."""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path

from editor.errors import FormatError

# Files above this are refused before reading. A 10-hour transcript is a few MB; 20 MB is some 3 million words
# (hundreds of hours). The model costs about 30 bytes of memory per byte of short-line text (measured: 20 MB of
# 5-word lines, `info`, 657 MB peak), so this limit keeps any accepted input well under 1 GB.
# The limit is on the text as held in memory too (see _check_text_memory): only known once decoded.
MAX_IMPORT_BYTES = 100 * 1024 * 1024

# Magic numbers of files people rename by mistake (media, images, archives, documents).
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF8", "a GIF image"),
    (0, b"ID3", "an MP3 audio file"),
    (0, b"RIFF", "a RIFF (WAV/AVI) media file"),
    (0, b"OggS", "an Ogg media file"),
    (0, b"fLaC", "a FLAC audio file"),
    (4, b"ftyp", "an MP4/M4A media file"),
    (0, b"\x1a\x45\xdf\xa3", "a Matroska/WebM media file"),
    (0, b"PK\x03\x04", "a ZIP archive (or DOCX/ODT document)"),
    (0, b"%PDF", "a PDF document"),
    (0, b"\x1f\x8b", "a gzip archive"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
    (0, b"\x7fELF", "a program"),
    (0, b"MZ", "a program"),
)
_MP3_FRAME = re.compile(rb"\A\xff[\xe0-\xff]")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
UTF16_MIN_NUL_SHARE = 0.5  # of the characters of UTF-16 text without a BOM, at least this share are ASCII
# Bytes cp1252 leaves undefined: when present, the file is not cp1252.
NEWLINE = b"\n"
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def read_file(path: str | Path) -> bytes:
    """The bytes of `path`, refusing folders, unreadable, empty and oversized files."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise FormatError(
                path,
                f"file is too large ({size / 1024 / 1024:.0f} MB); the limit for transcripts is "
                f"{MAX_IMPORT_BYTES / 1024 / 1024:.0f} MB",
            )
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise FormatError(path, "is a folder, not a transcript file") from exc
    except FileNotFoundError as exc:
        raise FormatError(path, "no such file") from exc
    except OSError as exc:
        raise FormatError(path, f"cannot read: {exc.strerror or exc}") from exc
    if not data:
        raise FormatError(path, "file is empty")
    return data


def binary_kind(data: bytes) -> str | None:
    """What kind of non-text file `data` looks like, or None if it may be text."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None  # checked first: the UTF-16 LE BOM looks like an MP3 frame header
    for offset, magic, kind in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return kind
    if _MP3_FRAME.match(data):
        return "an MP3 audio file"
    head = data[:8192]
    if b"\x00" in head and utf16_without_bom(data) is None:
        return "a binary file"
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text saved without a byte-order mark (some Windows tools do), else
    None. Text in a Latin script has a NUL in every other byte, on one side only; binary data has them anywhere."""
    head = data[: 8192 - 8192 % 2]
    if len(head) < 16 or len(data) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    for codec, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= pairs * UTF16_MIN_NUL_SHARE and other <= zeros // 50:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec if not _CONTROL_RE.search(text[:4096]) else None
    return None


def decode(data: bytes, path: str | Path | None = None) -> tuple[str, str]:
    """Decode transcript bytes to (text, encoding name); FormatError if they are not text."""
    text, encoding, _notes = decode_with_notes(data, path)
    return text, encoding


def decode_with_notes(data: bytes, path: str | Path | None = None) -> tuple[str, str, list[str]]:
    """(text, encoding, notes): `notes` says what decoding had to change (bad UTF-8 bytes, NUL bytes)."""
    kind = binary_kind(data)
    if kind:
        raise FormatError(path, f"not a transcript: this looks like {kind}")
    notes: list[str] = []
    text, encoding = _decode_text(data, path, notes)
    _check_text_memory(text, path)
    if "\x00" in text:
        count = text.count("\x00")
        notes.append(f"{count} NUL byte(s) removed (first at line {text.count(chr(10), 0, text.index(chr(0))) + 1})")
        text = text.replace("\x00", "")
    controls = len(_CONTROL_RE.findall(text[:65536]))
    if controls > max(2, len(text[:65536]) // 200):
        raise FormatError(path, "not a transcript: the file contains binary data (control characters)")
    if not text.strip():
        raise FormatError(path, "file contains only whitespace, no text")
    return text, encoding, notes


def _check_text_memory(text: str, path: str | Path | None) -> None:
    """Refuse text that takes more memory than the limit allows a file: Python keeps text with any character past
    U+00FF at 2 bytes a character (past U+FFFF, 4), so one emoji makes 100 MB of English text 400 MB in memory
    (measured: import of 100 MB of short lines, 937 MB; with one emoji, 1,337 MB). Only known once decoded."""
    size = sys.getsizeof(text)
    if size <= MAX_IMPORT_BYTES + 4096:
        return
    widest = max(text)
    width = 4 if ord(widest) > 0xFFFF else 2
    raise FormatError(path, f"file is too large: its text takes {size / 1024 / 1024:.0f} MB of memory (characters like "
                      f"{widest!r} take {width} bytes each); the limit for transcripts is "
                      f"{MAX_IMPORT_BYTES / 1024 / 1024:.0f} MB of text")


def _decode_text(data: bytes, path: str | Path | None, notes: list[str]) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                label = codec.replace("-sig", "")
                raise FormatError(path, f"cannot decode as {label.upper()} (bad bytes at offset {exc.start})") from exc
            if codec != "utf-8-sig":
                # utf-16/32 codecs consume the BOM themselves; keep our text free of it either way.
                text = text.lstrip("\ufeff")
            name = {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16", "utf-32": "utf-32"}[codec]
            return text, name
    if b"\x00" in data[:8192]:
        guessed = utf16_without_bom(data)
        if guessed is not None:
            return data.decode(guessed), guessed
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    damaged = _utf8_with_bad_bytes(data)
    if damaged is not None:
        text, bad = damaged
        where = ", ".join(f"line {data.count(NEWLINE, 0, at) + 1} (byte {at}: 0x{data[at]:02x})" for at in bad[:5])
        more = f" and {len(bad) - 5} more" if len(bad) > 5 else ""
        notes.append(f"read as UTF-8, but {len(bad)} byte(s) are not valid UTF-8 and show as \ufffd: {where}{more}")
        return text, "utf-8"
    return _decode_legacy(data, path)


def _utf8_with_bad_bytes(data: bytes) -> tuple[str, list[int]] | None:
    """(text with U+FFFD for each bad byte, offsets of the bad bytes) when `data` is UTF-8 with a few damaged
    bytes: at least as many valid multi-byte characters as bad bytes. None for text in a legacy encoding."""
    bad: list[int] = []

    def note(exc: UnicodeError) -> tuple[str, int]:
        assert isinstance(exc, UnicodeDecodeError)
        bad.extend(range(exc.start, exc.end))
        return "\ufffd" * (exc.end - exc.start), exc.end

    codecs.register_error("transcript-editor-note-bad-utf8", note)
    text = data.decode("utf-8", errors="transcript-editor-note-bad-utf8")
    valid = len(text) - len(data.decode("ascii", errors="ignore")) - len(bad) if bad else 0
    return (text, bad) if bad and valid >= len(bad) else None


def _decode_legacy(data: bytes, path: str | Path | None) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # (~0.1 s to import; most files are UTF-8 and never need it)

    matches = from_bytes(data[: 4 * 1024 * 1024])
    best = matches.best()
    if best is None:
        raise FormatError(path, "cannot decode the text: not UTF-8, UTF-16 or a known legacy encoding")
    try:
        best_text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise FormatError(path, f"cannot decode the text as {best.encoding}") from exc
    # charset-normalizer often names a rarer code page (cp1250, cp775) for Western text that cp1252, by
    # far the most common legacy encoding of such files, decodes cleanly; prefer cp1252 when it is a
    # candidate or reads the same.
    if not any(byte in data for byte in _CP1252_UNDEFINED):
        cp1252_text = data.decode("cp1252")
        if cp1252_text == best_text or "cp1252" in {m.encoding for m in matches}:
            return cp1252_text, "cp1252"
    return best_text, best.encoding
