"""Options shared by the exporters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportOptions:
    """timestamps: start time before each paragraph (txt/md/docx); speakers: name the speaker;
    merge: join consecutive segments of one speaker into one paragraph (txt/md/docx)."""

    timestamps: bool = False
    speakers: bool = True
    merge: bool = True
