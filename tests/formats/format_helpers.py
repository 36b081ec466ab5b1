"""Shared helpers for the format tests: paths and a small transcript with awkward characters."""

from __future__ import annotations

from pathlib import Path

from editor.core.model import Segment, SourceInfo, Speaker, Transcript, Word

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "tensorflow-dev-summit-interview.txt"


def make_rich_transcript() -> Transcript:
    """Two named speakers, one unattributed segment, timings with fractions, Markdown/HTML characters."""
    segments = [
        Segment("s1", "Welcome to the show.", "p1", 0, 2000, words=(
            Word("Welcome", 0, 500, 0.9), Word("to", 500, 700, 0.8), Word("the", 700, 900, 0.95),
            Word("show.", 900, 2000, 0.5))),
        Segment("s2", "Today: *markdown* & <tags>, e.g. [links].", "p1", 2000, 4500),
        Segment("s3", "Thanks, Alice.", "p2", 4800, 6000, meta=(("avg_logprob", -0.25),)),
        Segment("s4", "# not a heading_really", None, 6500, 8000),
        Segment("s5", "Bye.", "p2", 8000, 9250),
    ]
    speakers = [Speaker("p1", "Alice"), Speaker("p2", "Bob Smith", "#aa3300")]
    return Transcript(segments, speakers, SourceInfo("(built in a test)", "rich.txt", "txt", "utf-8"))

