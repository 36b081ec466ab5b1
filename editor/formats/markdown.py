"""Markdown export: one paragraph per speaker turn, speaker names in bold, text escaped."""

from __future__ import annotations

import re

from editor.core.model import Transcript
from editor.formats.options import ExportOptions
from editor.formats.paragraphs import clock_label, paragraphs

# Characters that Markdown (CommonMark) could read as markup anywhere in a line (& starts entities).
_INLINE_RE = re.compile(r"([\\`*_\[\]<>|~&])")
# Line starts that would become headings, lists, quotes or rules.
_BLOCK_START_RE = re.compile(r"^(#|>|[-+=]|\d+[.)])")


def escape(text: str) -> str:
    """`text` with Markdown markup characters backslash-escaped so it renders literally."""
    text = _INLINE_RE.sub(r"\\\1", text)
    return _BLOCK_START_RE.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], text)


def render(transcript: Transcript, options: ExportOptions) -> bytes:
    """Markdown: `**Name:** text` paragraphs, with `` `[hh:mm:ss]` `` before them when asked."""
    out = []
    for para in paragraphs(transcript, options):
        prefix = f"`[{clock_label(para.start)}]` " if para.start is not None else ""
        if para.speaker:
            prefix += f"**{escape(para.speaker)}:** "
        out.append(prefix + escape(para.text))
    return ("\n\n".join(out) + "\n").encode("utf-8")
