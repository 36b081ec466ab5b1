"""DOCX export through python-docx: one paragraph per speaker turn, the speaker's name in bold."""

from __future__ import annotations

import datetime
import io

from docx import Document

from editor.core.model import Transcript
from editor.formats.options import ExportOptions
from editor.formats.paragraphs import clock_label, paragraphs

# A fixed timestamp keeps repeated exports of the same transcript identical.
_FIXED_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def render(transcript: Transcript, options: ExportOptions) -> bytes:
    """A Word document; the title is the source file name when known."""
    document = Document()
    props = document.core_properties
    props.title = transcript.source.name or "Transcript"
    props.author = "transcript-editor"
    props.created = props.modified = _FIXED_TIME
    props.last_modified_by = "transcript-editor"
    props.revision = 1
    for para in paragraphs(transcript, options):
        paragraph = document.add_paragraph()
        if para.start is not None:
            paragraph.add_run(f"[{clock_label(para.start)}] ")
        if para.speaker:
            paragraph.add_run(f"{para.speaker}: ").bold = True
        paragraph.add_run(para.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
