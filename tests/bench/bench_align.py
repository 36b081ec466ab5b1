"""Alignment accuracy, speed and memory on speech with known timings (espeak-ng + sox).

Prints, for ~2-minute recordings (clean, noisy, 1.2x faster, 0.85x slower, a transcript sentence missing from
the recording, speech the transcript lacks): segment-boundary error median/p95 and word-start error median in
ms, for our windowed aligner and, measured in the same run, two baselines: sharing the recording out by text
length (what the editor did before: nothing better), and pocketsphinx's own one-pass `set_align_text` over the
whole recording. Then an hour (or --minutes) of varied sentences (the built-in list and the bundled sample's
lines): wall time, CPU seconds and peak memory of the aligner in a child process, and the same for a recording
a sixth as long (memory should not grow with the length).

Targets: boundaries median <= 100 ms, p95 <= 300 ms; word starts median <= 150 ms; an hour in <= 6 min on
2 cores; memory <= 500 MB whatever the length.
Run: python tests/bench/bench_align.py [--minutes 60] [--skip-hour] [--skip-robustness]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "align"))

from synth_speech import (  # noqa: E402
    SENTENCES,
    SpokenSegment,
    add_noise,
    build_recording,
    change_tempo,
    missing_tools,
    percentile,
    segment_starts,
    timing_errors,
)

from editor.align.aligner import align_tokens, dither  # noqa: E402
from editor.align.audio import duration_ms  # noqa: E402
from editor.core.model import tokenize  # noqa: E402

UNSCRIPTED = {10: "Completely different words appear here and nobody wrote them down at all.",
              20: "Another unexpected remark that the transcript does not contain."}


def _per_text(texts: list[str], timings: list[tuple[int, int]]) -> dict[str, tuple[tuple[int, int], list[int]]]:
    out, k = {}, 0
    for text in texts:
        n = len(tokenize(text))
        part = timings[k : k + n]
        out[text] = ((part[0][0], part[-1][1]), [a for a, _ in part])
        k += n
    return out


def ours(wav: Path, tokens: list[str], starts: list[int]) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in align_tokens(tokens, wav, segment_starts=starts)]


def proportional(wav: Path, tokens: list[str], starts: list[int]) -> list[tuple[int, int]]:
    """Baseline: the recording shared out over the words by their length (no listening at all)."""
    total = duration_ms(wav) or 1
    weights = [len(t) + 1 for t in tokens]
    whole, acc, out = sum(weights), 0, []
    for w in weights:
        out.append((total * acc // whole, total * (acc + w) // whole))
        acc += w
    return out


def one_pass(wav: Path, tokens: list[str], starts: list[int]) -> list[tuple[int, int]]:
    """Baseline: pocketsphinx's own alignment of the whole recording in one go (no windows, no anchors)."""
    from pocketsphinx import Decoder

    from editor.align.audio import pcm_blocks
    from editor.align.lexicon import Lexicon
    from editor.align.spoken import spoken_words

    decoder = Decoder(loglevel="FATAL")
    lexicon = Lexicon(decoder)
    units = [(lexicon.entry(w), i) for i, t in enumerate(tokens) for w in spoken_words(t)]
    decoder.set_align_text(" ".join(e for e, _ in units))
    decoder.start_utt()
    decoder.process_raw(dither(b"".join(pcm_blocks(wav))), full_utt=True)
    decoder.end_utt()
    if decoder.hyp() is None:
        return [(0, 0)] * len(tokens)  # the search did not reach the end of the text: nothing at all
    words = [s for s in decoder.seg() if not re.match(r"^(<.*>|\[.*\])$", s.word)]
    times: list[tuple[int, int] | None] = [None] * len(tokens)
    for (_, token), seg in zip(units, words, strict=False):
        start, end = seg.start_frame * 10, (seg.end_frame + 1) * 10
        times[token] = (start, end) if times[token] is None else (times[token][0], end)
    last = (0, 0)
    filled = []
    for t in times:
        last = t or (last[1], last[1])
        filled.append(last)
    return filled


def measure(name: str, wav: Path, truth: list[SpokenSegment], texts: list[str]) -> None:
    tokens = [t for text in texts for t in tokenize(text)]
    row = [f"{name:<22}"]
    for method in (ours, proportional, one_pass):
        began = time.process_time()
        per = _per_text(texts, method(wav, tokens, segment_starts(texts)))
        cpu = time.process_time() - began
        bounds, words = timing_errors(truth, [per[s.text][0] for s in truth], [per[s.text][1] for s in truth])
        row.append(f"{statistics.median(bounds):6.0f} {percentile(bounds, 0.95):6.0f} "
                   f"{statistics.median(words):6.0f} {cpu:5.1f}s")
    print(" | ".join(row), flush=True)


def short_recordings(folder: Path) -> None:
    print("errors in ms: boundary median, boundary p95, word-start median, CPU seconds")
    print(f"{'recording (~2 min)':<22} | {'ours (windowed)':^26} | {'baseline: by length':^26} | "
          f"{'baseline: one pass':^26}")
    texts = SENTENCES
    truth = build_recording(folder / "clean.wav", texts)
    measure("clean", folder / "clean.wav", truth, texts)
    add_noise(folder / "clean.wav", folder / "noisy.wav", 0.05)
    measure("noise (vol 0.05)", folder / "noisy.wav", truth, texts)
    for factor in (1.2, 0.85):
        scaled = change_tempo(folder / "clean.wav", folder / "tempo.wav", factor, truth)
        measure(f"tempo {factor}x", folder / "tempo.wav", scaled, texts)
    gap = build_recording(folder / "gap.wav", texts[:15] + texts[16:], seed=3)
    measure("sentence not spoken", folder / "gap.wav", gap, texts)
    extra = build_recording(folder / "extra.wav", texts, seed=2, unscripted=UNSCRIPTED)
    measure("speech not in text", folder / "extra.wav", extra, texts)


VARIANTS = [(1, 5), (2, 9), (3, 15), (4, 21), (6, 2)]  # (seed: pauses and rates, position of the odd sentence)


def robustness(folder: Path) -> None:
    """The missing-sentence and extra-speech cases over several renderings (pauses, rates) and positions:
    one recording is one draw, and these cases fail by whole sentences, so the spread matters."""
    print("\nrobustness (ours only; boundary median / p95 / max ms, word-start median):")
    texts = SENTENCES
    wav = folder / "variant.wav"
    for kind in ("sentence not spoken", "speech not in text"):
        for seed, at in VARIANTS:
            if kind == "sentence not spoken":
                truth = build_recording(wav, texts[:at] + texts[at + 1 :], seed=seed)
            else:
                truth = build_recording(wav, texts, seed=seed, unscripted={at: UNSCRIPTED[10]})
            tokens = [t for text in texts for t in tokenize(text)]
            per = _per_text(texts, ours(wav, tokens, segment_starts(texts)))
            bounds, words = timing_errors(truth, [per[s.text][0] for s in truth], [per[s.text][1] for s in truth])
            print(f"{kind:<20} seed {seed} at {at:2}: {statistics.median(bounds):5.0f} {percentile(bounds, 0.95):6.0f} "
                  f"{max(bounds):6.0f} {statistics.median(words):5.0f}", flush=True)


LIBRIVOX = Path("/usr/share/pocketsphinx/test/data/librivox")  # Debian's pocketsphinx-testdata


def real_speech(folder: Path) -> None:
    """Real read speech: Debian's pocketsphinx-testdata ships five LibriVox utterances with their text.

    Each is trimmed of its leading and trailing silence (sox, 1% threshold), so its speech starts and ends
    where the file does; three rounds in varied order are joined with known pauses. Only segment boundaries
    are known (to the trimming's precision, some tens of ms), not word starts.
    """
    if not LIBRIVOX.is_dir():
        print("\nreal speech: skipped (apt install pocketsphinx-testdata for five LibriVox utterances)")
        return
    import random
    import wave

    texts = {}
    for line in (LIBRIVOX / "transcription").read_text(encoding="utf-8").splitlines():
        words, _, name = line.rpartition(" (")
        texts[name.rstrip(")")] = words.replace("<s>", "").replace("</s>", "").strip()
    order = [name for _ in range(3) for name in random.Random(4).sample(sorted(texts), len(texts))]
    truth: list[SpokenSegment] = []
    wav = folder / "librivox.wav"
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        written = 8000
        out.writeframes(bytes(2 * written))
        for name in order:
            trimmed = folder / "trimmed.wav"
            subprocess.run(["sox", "-R", str(LIBRIVOX / f"{name}.wav"), str(trimmed), "silence", "1", "0.02", "1%",
                            "reverse", "silence", "1", "0.02", "1%", "reverse"], check=True)
            with wave.open(str(trimmed)) as part:
                frames = part.readframes(part.getnframes())
            count = len(frames) // 2
            truth.append(SpokenSegment(texts[name], written / 16000, (written + count) / 16000,
                                       [None] * len(texts[name].split())))
            out.writeframes(frames + bytes(2 * 12800))
            written += count + 12800
    print(f"\nreal speech ({len(order)} LibriVox utterances, {written / 16000:.0f} s; boundaries only, "
          "word-start column is empty):")
    measure_occurrences("LibriVox, read", wav, truth, [t.text for t in truth])


def measure_occurrences(name: str, wav: Path, truth: list[SpokenSegment], texts: list[str]) -> None:
    """Like `measure`, for texts that repeat (matched by position, not by text)."""
    tokens = [t for text in texts for t in tokenize(text)]
    row = [f"{name:<22}"]
    for method in (ours, proportional, one_pass):
        began = time.process_time()
        per = _per_text_occurrences(texts, method(wav, tokens, segment_starts(texts)))
        cpu = time.process_time() - began
        bounds, _ = timing_errors(truth, [p[0] for p in per], [p[1] for p in per])
        row.append(f"{statistics.median(bounds):6.0f} {percentile(bounds, 0.95):6.0f} {'-':>6} {cpu:5.1f}s")
    print(" | ".join(row), flush=True)


def varied_sentences() -> list[str]:
    """The built-in sentences and the bundled sample's lines (real talk, names, numbers)."""
    sample = (ROOT / "seeds" / "tensorflow-dev-summit-interview.txt").read_text(encoding="utf-8")
    lines = [" ".join(line.split()) for line in sample.splitlines()]
    lines = [line for line in lines if 3 <= len(line.split()) <= 40 and not line.endswith(":")]
    return SENTENCES + lines


def long_run(folder: Path, minutes: float) -> tuple[float, float, float, int, dict]:
    """Build `minutes` of speech, align it in a child process: (wall s, CPU s, peak MB, audio s, errors)."""
    pool = varied_sentences()
    sentences, total, k = [], 0.0, 0
    while total < minutes * 60:  # about 3.2 s a sentence with its pause, refined by the build below
        sentences.append(pool[k % len(pool)])
        total += len(pool[k % len(pool)].split()) * 0.40 + 0.8
        k += 1
    wav = folder / f"long{minutes:g}.wav"
    truth = build_recording(wav, sentences, seed=5)
    job = folder / "job.json"
    job.write_text(json.dumps({"wav": str(wav), "texts": sentences}), encoding="utf-8")
    code = (f"import json,sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from editor.align.aligner import align_tokens\nfrom editor.core.model import tokenize\n"
            f"job = json.load(open({str(job)!r})); tokens = [t for s in job['texts'] for t in tokenize(s)]\n"
            "import itertools; starts = [0, *itertools.accumulate(len(tokenize(s)) for s in job['texts'])][:-1]\n"
            "timings = [(t.start, t.end) for t in align_tokens(tokens, job['wav'], segment_starts=starts)]\n"
            "import resource; peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "print(json.dumps({'timings': timings, 'peak_kb': peak}))")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.monotonic()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    wall = time.monotonic() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result = json.loads(out.stdout)
    peak_mb = result["peak_kb"] / 1024  # the aligner's own peak (Linux reports kB)
    timings = [tuple(t) for t in result["timings"]]
    per = _per_text_occurrences(sentences, timings)
    bounds, words = timing_errors(truth, [p[0] for p in per], [p[1] for p in per])
    errors = {"boundary median": statistics.median(bounds), "boundary p95": percentile(bounds, 0.95),
              "word median": statistics.median(words)}
    audio_s = (duration_ms(wav) or 0) / 1000
    wav.unlink()
    return wall, cpu, peak_mb, audio_s, errors


def _per_text_occurrences(texts: list[str], timings: list) -> list[tuple[tuple[int, int], list[int]]]:
    out, k = [], 0
    for text in texts:
        n = len(tokenize(text))
        part = timings[k : k + n]
        out.append(((part[0][0], part[-1][1]), [a for a, _ in part]))
        k += n
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0, help="length of the long recording (default 60)")
    parser.add_argument("--skip-hour", action="store_true", help="only the short recordings")
    parser.add_argument("--skip-robustness", action="store_true", help="not the renderings of the gap cases")
    args = parser.parse_args()
    if why := missing_tools():
        print(f"skipped: {why}")
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-align-") as tmp:
        folder = Path(tmp)
        short_recordings(folder)
        real_speech(folder)
        if not args.skip_robustness:
            robustness(folder)
        if args.skip_hour:
            return 0
        print("\nlong recordings, aligned in a child process (wall time is shared-machine noise; CPU is the cost):")
        for minutes in (args.minutes / 6, args.minutes):
            wall, cpu, peak, audio, errors = long_run(folder, minutes)
            print(f"{audio / 60:5.1f} min of audio: wall {wall:6.1f} s ({audio / wall:5.1f}x real time), "
                  f"CPU {cpu:6.1f} s ({audio / cpu:5.1f}x real time per core), peak memory {peak:5.0f} MB; "
                  f"boundary median {errors['boundary median']:.0f} ms, p95 {errors['boundary p95']:.0f} ms, "
                  f"word median {errors['word median']:.0f} ms", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
