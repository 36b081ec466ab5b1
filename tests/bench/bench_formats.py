"""Import/export speed on a 10-hour transcript (~100,000 words: the sample repeated 18 times).

Run: python tests/bench/bench_formats.py. Prints medians in ms and the ratio to a baseline measured in the
same run (decoding the bytes and splitting them into words: the least work any importer must do).
Target: import well under 1 s.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from editor.core.model import Segment, Transcript, Word, tokenize  # noqa: E402
from editor.formats import ExportOptions, export_bytes, import_text, load_transcript  # noqa: E402

SAMPLE = REPO / "seeds" / "tensorflow-dev-summit-interview.txt"
REPEAT = 18
RUNS = 5


def median_ms(func, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def timed_copy(transcript: Transcript) -> Transcript:
    """The same text with invented segment and word timings (for subtitle and Whisper formats)."""
    segments = []
    clock = 0
    for seg in transcript.segments:
        words = []
        for token in tokenize(seg.text):
            words.append(Word(token, clock, clock + 300, 0.9))
            clock += 330
        segments.append(Segment(seg.id, seg.text, seg.speaker, words[0].start, words[-1].end, tuple(words)))
    return Transcript(segments, transcript.speakers, transcript.source)


def whisper_json(transcript: Transcript) -> str:
    segs = [
        {
            "id": i, "start": s.start / 1000, "end": s.end / 1000, "text": " " + s.text, "avg_logprob": -0.3,
            "no_speech_prob": 0.01, "compression_ratio": 1.2,
            "words": [{"word": " " + w.text, "start": w.start / 1000, "end": w.end / 1000, "probability": 0.9}
                      for w in s.words],
        }
        for i, s in enumerate(transcript.segments)
    ]
    return json.dumps({"text": "", "segments": segs, "language": "en"})


def main() -> None:
    sample = SAMPLE.read_text(encoding="utf-8")
    text = "\n".join([sample] * REPEAT)
    raw = text.encode("utf-8")
    words = len(text.split())
    print(f"input: {words} words, {len(raw) / 1e6:.1f} MB of text, median of {RUNS} runs")

    baseline = median_ms(lambda: raw.decode("utf-8").split())
    print(f"{'baseline (decode + split words)':40s} {baseline:8.1f} ms")

    def row(label: str, ms: float) -> None:
        print(f"{label:40s} {ms:8.1f} ms   x{ms / baseline:6.1f} baseline")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_bytes(raw)
        row("import txt (load_transcript)", median_ms(lambda: load_transcript(path)))
        transcript = load_transcript(path)
        print(f"   -> {len(transcript)} segments")
        timed = timed_copy(transcript)
        for fmt in ("srt", "vtt"):
            data = export_bytes(timed, fmt).decode("utf-8")
            row(f"import {fmt}", median_ms(lambda data=data, fmt=fmt: import_text(data, f"long.{fmt}")))
        wj = whisper_json(timed)
        row(f"import whisper-json ({len(wj) / 1e6:.0f} MB, words)", median_ms(lambda: import_text(wj, "long.json")))
        ours = export_bytes(timed, "json").decode("utf-8")
        row("import our json", median_ms(lambda: import_text(ours, "long.json")))
        for fmt in ("txt", "md", "srt", "vtt", "json"):
            source = timed if fmt in ("srt", "vtt") else transcript
            row(f"export {fmt}", median_ms(lambda fmt=fmt, source=source: export_bytes(source, fmt, ExportOptions())))
        row("export docx", median_ms(lambda: export_bytes(transcript, "docx"), runs=3))
    docx_scaling()


def docx_scaling() -> None:
    """DOCX export of 10 and 30 varied hours, one paragraph per segment (python-docx's add_paragraph made this
    quadratic: 1.7 s at 10 h, 30 s at 30 h); beside it, the same text written as txt in the same run."""
    sys.path.insert(0, str(REPO / "tests" / "bench"))
    from earnings import data_dir, earnings_transcript

    if data_dir() is None:
        print("docx scaling: skipped (Earnings-21 development set not found; set EARNINGS21_DIR)")
        return
    options = ExportOptions(merge=False, timestamps=True)
    for hours in (10, 30):
        transcript = earnings_transcript(hours)
        txt = median_ms(lambda t=transcript: export_bytes(t, "txt", options), runs=3)
        docx = median_ms(lambda t=transcript: export_bytes(t, "docx", options), runs=3)
        print(f"export docx, {hours} h Earnings-21, {len(transcript)} paragraphs: {docx:8.1f} ms   "
              f"(txt {txt:.1f} ms, x{docx / txt:.1f}; target <= 1 s at 10 h)")


if __name__ == "__main__":
    main()
