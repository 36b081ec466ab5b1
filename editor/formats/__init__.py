"""Transcript file formats: one module per format behind the explicit lists in this registry.

Importers are chosen by content first (a .txt that is really SRT imports as SRT), then by extension,
then plain text. Every problem with an input file is a FormatError naming the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from editor.core.model import Transcript
from editor.errors import FormatError
from editor.formats import decoding, json_input, markdown, model_json, subrip, tsv, txt, vtt
from editor.formats.options import ExportOptions
from editor.formats.writing import write_atomic

__all__ = [
    "EXPORT_FORMATS",
    "EXPORTERS",
    "IMPORTERS",
    "IMPORT_EXTENSIONS",
    "ExportOptions",
    "Exporter",
    "Importer",
    "detect_format",
    "export_bytes",
    "export_file",
    "import_text",
    "importer_for",
    "load_transcript",
]


@dataclass(frozen=True)
class Importer:
    """A readable format: its id, file extensions, a content check and the parser."""

    id: str
    extensions: tuple[str, ...]
    sniff: Callable[[str], bool]
    parse: Callable[[str, str], Transcript]


@dataclass(frozen=True)
class Exporter:
    """A writable format: its id, file extension and the renderer (always bytes)."""

    id: str
    extension: str
    render: Callable[[Transcript, ExportOptions], bytes]
    is_text: bool = True


def _never(text: str) -> bool:
    return False


def _render_docx(transcript: Transcript, options: ExportOptions) -> bytes:
    # python-docx (and lxml) take ~0.2 s to import: only an export to DOCX pays for it, not every command
    from editor.formats import docx_writer

    return docx_writer.render(transcript, options)


# Content checks run in this order; plain text is the fallback and never claims content.
IMPORTERS: list[Importer] = [
    Importer("vtt", (".vtt",), vtt.sniff, vtt.parse),
    Importer("json", (".json",), json_input.sniff, json_input.parse),
    Importer("whisper-tsv", (".tsv",), tsv.sniff, tsv.parse),
    Importer("srt", (".srt",), subrip.sniff, subrip.parse),
    Importer("txt", (".txt", ".text", ".md"), _never, txt.parse),
]
EXPORTERS: list[Exporter] = [
    Exporter("txt", ".txt", txt.render),
    Exporter("md", ".md", markdown.render),
    Exporter("docx", ".docx", _render_docx, is_text=False),
    Exporter("srt", ".srt", subrip.render),
    Exporter("vtt", ".vtt", vtt.render),
    Exporter("json", ".json", model_json.render),
]
EXPORT_FORMATS: list[str] = [e.id for e in EXPORTERS]
IMPORT_EXTENSIONS: list[str] = [".txt", ".srt", ".vtt", ".json", ".tsv"]
_IMPORTERS_BY_ID = {imp.id: imp for imp in IMPORTERS}
_EXPORTERS_BY_ID = {exp.id: exp for exp in EXPORTERS}
# "whisper-json" and our own export share one JSON importer that tells them apart.
_IMPORTERS_BY_ID["whisper-json"] = _IMPORTERS_BY_ID["json"]


def importer_for(name: str, text: str) -> Importer:
    """The importer for a file called `name` with content `text`: content first, then extension."""
    for importer in IMPORTERS:
        if importer.sniff(text):
            return importer
    suffix = Path(name).suffix.lower()
    for importer in IMPORTERS:
        if suffix in importer.extensions:
            return importer
    return _IMPORTERS_BY_ID["txt"]


def detect_format(name: str, text: str) -> str:
    """The format id of a file: "txt", "srt", "vtt", "whisper-tsv", "whisper-json" or "json" (ours)."""
    found = importer_for(name, text).id
    return json_input.format_id(text) if found == "json" else found


def import_text(text: str, name: str, fmt: str | None = None, *, where: str | Path | None = None) -> Transcript:
    """Import already-decoded `text` of a file called `name` (fmt forces a format id)."""
    if fmt is not None and fmt not in _IMPORTERS_BY_ID:
        raise FormatError(where or name, f"unknown import format {fmt!r}")
    importer = _IMPORTERS_BY_ID[fmt] if fmt else importer_for(name, text)
    if not text.strip():
        raise FormatError(where or name, "file contains only whitespace, no text")
    try:
        transcript = importer.parse(text, Path(name).name)
    except FormatError as exc:
        raise FormatError(exc.path or where or name, exc.message) from exc
    except RecursionError as exc:
        raise FormatError(where or name, f"cannot read as {importer.id}: nested too deeply") from exc
    if len(transcript) == 0:
        raise FormatError(where or name, f"no transcript text found (read as {importer.id})")
    return transcript


def load_transcript(path: str | Path) -> Transcript:
    """Read, decode and import the transcript file at `path`; FormatError names the file and problem."""
    path = Path(path)
    data = decoding.read_file(path)
    text, encoding, notes = decoding.decode_with_notes(data, path)
    del data  # the bytes are not needed once decoded (100 MB of them, for the largest file accepted)
    transcript = import_text(text, path.name, where=path)
    if not transcript.source.encoding:
        transcript.source.encoding = encoding
    transcript.source.notes[:0] = notes
    return transcript


def exporter(fmt: str) -> Exporter:
    """The exporter for a format id; FormatError for an unknown one."""
    try:
        return _EXPORTERS_BY_ID[fmt]
    except KeyError:
        raise FormatError(None, f"unknown export format {fmt!r} (choose from {', '.join(EXPORT_FORMATS)})") from None


def export_bytes(transcript: Transcript, fmt: str, options: ExportOptions | None = None) -> bytes:
    """The transcript rendered in format `fmt` (an id from EXPORT_FORMATS)."""
    return exporter(fmt).render(transcript, options or ExportOptions())


def export_file(transcript: Transcript, fmt: str, path: str | Path, options: ExportOptions | None = None) -> None:
    """Write the transcript to `path` in format `fmt`, atomically."""
    try:
        data = export_bytes(transcript, fmt, options)
    except FormatError as exc:
        raise FormatError(exc.path or path, exc.message) from exc
    write_atomic(path, data)
