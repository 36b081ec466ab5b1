"""DOCX export through python-docx: one paragraph per speaker turn, the speaker's name in bold."""

from __future__ import annotations

import datetime
import io
import re

from docx import Document
from docx.oxml.ns import qn
from lxml.etree import SubElement, _Element

from editor.core.model import Transcript
from editor.formats.options import ExportOptions
from editor.formats.paragraphs import clock_label, paragraphs

# A fixed timestamp keeps repeated exports of the same transcript identical.
_FIXED_TIME = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
_P, _R, _RPR, _B, _T, _TAB, _BR = (qn(f"w:{tag}") for tag in ("p", "r", "rPr", "b", "t", "tab", "br"))
_SPACE = qn("xml:space")
_BREAKS = re.compile(r"([\t\r\n])")


def render(transcript: Transcript, options: ExportOptions) -> bytes:
    """A Word document; the title is the source file name when known."""
    document = Document()
    props = document.core_properties
    props.title = transcript.source.name or "Transcript"
    props.author = "transcript-editor"
    props.created = props.modified = _FIXED_TIME
    props.last_modified_by = "transcript-editor"
    props.revision = 1
    # The paragraphs are built as XML here: document.add_paragraph() looks for the body's closing section
    # properties on every call (quadratic: 27 s at 19k paragraphs), and Run.text handles text one character at a
    # time; the elements are what python-docx writes for add_paragraph() and add_run(text), bold=True.
    body = document.element.body
    section = body.sectPr
    for para in paragraphs(transcript, options):
        paragraph = SubElement(body, _P)
        if section is not None:
            section.addprevious(paragraph)
        if para.start is not None:
            _add_run(paragraph, f"[{clock_label(para.start)}] ")
        if para.speaker:
            _add_run(paragraph, f"{para.speaker}: ", bold=True)
        _add_run(paragraph, para.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_run(paragraph: _Element, text: str, bold: bool = False) -> None:
    """A `w:r` with `text`: tabs become `w:tab`, line breaks `w:br`, the rest `w:t` (spaces kept at the ends)."""
    run = SubElement(paragraph, _R)
    if bold:
        SubElement(SubElement(run, _RPR), _B)
    for piece in _BREAKS.split(text) if ("\t" in text or "\n" in text or "\r" in text) else (text,):
        if piece == "\t":
            SubElement(run, _TAB)
        elif piece in ("\r", "\n"):
            SubElement(run, _BR)
        elif piece:
            element = SubElement(run, _T)
            element.text = piece
            if len(piece.strip()) < len(piece):
                element.set(_SPACE, "preserve")
