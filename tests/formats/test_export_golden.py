"""Golden-file tests for every exporter: output compared byte for byte (DOCX: its paragraph text).

To regenerate after an intended change: UPDATE_GOLDEN=1 python -m pytest tests/formats/test_export_golden.py,
then review the diff of tests/formats/golden/ before committing.
"""

from __future__ import annotations

import io
import os

import pytest
from docx import Document
from format_helpers import GOLDEN, make_rich_transcript

from editor.formats import EXPORT_FORMATS, ExportOptions, export_bytes

CASES = [
    ("rich.txt", "txt", ExportOptions()),
    ("rich-timestamps-nomerge.txt", "txt", ExportOptions(timestamps=True, merge=False)),
    ("rich-nospeakers.txt", "txt", ExportOptions(speakers=False)),
    ("rich.md", "md", ExportOptions()),
    ("rich-timestamps.md", "md", ExportOptions(timestamps=True)),
    ("rich.srt", "srt", ExportOptions()),
    ("rich-nospeakers.srt", "srt", ExportOptions(speakers=False)),
    ("rich.vtt", "vtt", ExportOptions()),
    ("rich.json", "json", ExportOptions()),
    ("rich.docx.txt", "docx", ExportOptions(timestamps=True)),
]


def docx_paragraphs(data: bytes) -> bytes:
    """The text of a DOCX's paragraphs, one per line, with bold runs marked **like this**."""
    document = Document(io.BytesIO(data))
    lines = []
    for paragraph in document.paragraphs:
        lines.append("".join(f"**{r.text}**" if r.bold else r.text for r in paragraph.runs))
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_every_export_format_has_a_golden_case():
    assert {fmt for _, fmt, _ in CASES} == set(EXPORT_FORMATS)


@pytest.mark.parametrize(("golden", "fmt", "options"), CASES, ids=[c[0] for c in CASES])
def test_export_matches_golden_file(golden, fmt, options):
    data = export_bytes(make_rich_transcript(), fmt, options)
    if fmt == "docx":
        assert data.startswith(b"PK\x03\x04")
        data = docx_paragraphs(data)
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(data)
    assert data == path.read_bytes()
