"""Long bench transcripts from real speech that does not repeat: the Earnings-21 development set's recogniser output.

Earnings-21 (Rev.com, CC BY-SA 4.0) ships ~29 hours of earnings calls, each transcribed by four commercial
recognisers (`hypotheses/<system>/<id>.nlp`, one timed token per line). A bench transcript of N hours takes
the calls in `files.csv` order from the first recogniser, then (past ~29 h) the same calls as the next
recogniser heard them, so no text is a copy of another. Segments end at a speaker change, or at a sentence end
once they hold 6 words, or at 20 words, which gives subtitle-like segments of ~12 words.

The data lives outside the repository: set EARNINGS21_DIR, or keep the shared checkout's layout
(`../shared/data/earnings21-dev` beside the repository or its worktree folder).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from editor.core.model import Segment, Speaker, Transcript, Word, tokenize

REPO = Path(__file__).resolve().parents[2]
SYSTEMS = ("amazon", "speechmatics", "microsoft", "google")
MIN_WORDS, MAX_WORDS = 6, 20


def data_dir() -> Path | None:
    """The Earnings-21 development set folder, or None when it is not on this machine."""
    candidates = [os.environ.get("EARNINGS21_DIR", "")]
    candidates += [str(parent / "shared" / "data" / "earnings21-dev") for parent in REPO.parents]
    for candidate in candidates:
        if candidate and (Path(candidate) / "files.csv").exists():
            return Path(candidate)
    return None


def _calls(folder: Path) -> list[tuple[str, float]]:
    with (folder / "files.csv").open(encoding="utf-8") as fh:
        return [(row["file_id"], float(row["audio_length"])) for row in csv.DictReader(fh)]


Row = tuple[str, str, float, float, tuple[Word, ...]]


def _segments(path: Path, prefix: str, offset: float) -> list[Row]:
    """(speaker, text, start, end, words) per segment of one recogniser file, times shifted by `offset`."""
    out: list[Row] = []
    words: list[str] = []
    timed: list[Word] = []
    speaker, start, end = None, 0.0, 0.0
    with path.open(encoding="utf-8") as fh:
        next(fh)  # header
        for line in fh:
            token, spk, ts, end_ts, punct, *_ = line.rstrip("\n").split("|")
            if not (token + punct).strip():
                continue
            if words and spk != speaker:
                out.append((f"{prefix}-{speaker}", " ".join(words), start, end, tuple(timed)))
                words, timed = [], []
            if not words:
                speaker, start = spk, offset + float(ts or 0)
            words.append(token + punct)
            word_start = offset + float(ts or 0)
            end = offset + float(end_ts or ts or 0)
            timed.append(Word(token + punct, round(word_start * 1000), round(end * 1000)))
            if (len(words) >= MIN_WORDS and punct in (".", "?", "!")) or len(words) >= MAX_WORDS:
                out.append((f"{prefix}-{speaker}", " ".join(words), start, end, tuple(timed)))
                words, timed = [], []
    if words:
        out.append((f"{prefix}-{speaker}", " ".join(words), start, end, tuple(timed)))
    return out


def earnings_transcript(hours: float, folder: Path | None = None, *, words: bool = False) -> Transcript:
    """`hours` of earnings calls as recognisers wrote them (the last call is cut at the mark); `words` keeps each
    word's timing, as a recogniser's JSON import does (no confidences: Earnings-21 has none)."""
    folder = folder or data_dir()
    if folder is None:
        raise FileNotFoundError("Earnings-21 development set not found (set EARNINGS21_DIR)")
    calls = _calls(folder)
    rows: list[Row] = []
    clock = 0.0
    for system in SYSTEMS:
        for call_id, length in calls:
            if clock >= hours * 3600:
                break
            rows += _segments(folder / "hypotheses" / system / f"{call_id}.nlp", f"{system[:2]}{call_id}", clock)
            clock += length
    rows = [row for row in rows if row[2] < hours * 3600]
    speakers = {name: Speaker(f"sp{i + 1}", name) for i, name in enumerate(dict.fromkeys(r[0] for r in rows))}
    segments = [Segment(f"s{i + 1}", text, speakers[name].id, round(start * 1000), round(end * 1000),
                        timed if words and len(timed) == len(tokenize(text)) else None)
                for i, (name, text, start, end, timed) in enumerate(rows)]
    return Transcript(segments, list(speakers.values()))


def write_plain(transcript: Transcript, path: Path) -> Path:
    """The transcript as a plain text file, one segment per line (what `hunspell -l` and `check` read)."""
    path.write_text("\n".join(s.text for s in transcript.segments) + "\n", encoding="utf-8")
    return path
