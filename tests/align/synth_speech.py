"""Test speech with known timings: espeak-ng speaks sentences, sox joins them with known silences.

libespeak-ng (through ctypes) gives each word's start in the synthesised audio, so every segment and word
boundary of the joined recording is known to the millisecond. Tests and tests/bench/bench_align.py use it;
both skip with the reason when espeak-ng or sox is missing.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import re
import shutil
import subprocess
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path

RATE = 22050  # espeak-ng's output rate


def missing_tools() -> str | None:
    """Why speech cannot be made here (None when it can)."""
    if ctypes.util.find_library("espeak-ng") is None:
        return "libespeak-ng is not installed (apt install espeak-ng)"
    if shutil.which("sox") is None:
        return "sox is not installed (apt install sox)"
    return None


class _Event(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    ]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))
_EVENT_WORD = 1
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_RATE_PARAMETER = 1


@dataclass
class Spoken:
    """One synthesised sentence: samples at RATE and the sample offset where each word starts."""

    text: str
    samples: array
    word_starts: list[int | None]  # in samples; None: espeak-ng spoke it joined to the word before
    speech_end: int  # first sample after the last non-silent one


def _synthesise(lib, text: str, words_per_minute: int) -> tuple[array, list[tuple[int, int]]]:
    """(samples, [(text position, sample)] of word events) for `text`, in the calling process."""
    samples = array("h")
    starts: list[tuple[int, int]] = []

    def collect(wav, count, events):
        if wav and count > 0:
            samples.extend(wav[:count])
        k = 0
        while events[k].type != 0:
            event = events[k]
            if event.type == _EVENT_WORD:
                starts.append((event.text_position, event.sample))
            k += 1
        return 0

    callback = _CALLBACK(collect)
    lib.espeak_SetVoiceByName(b"en-us")
    lib.espeak_SetSynthCallback(callback)
    lib.espeak_SetParameter(_RATE_PARAMETER, words_per_minute, 0)
    data = text.encode("utf-8") + b"\0"
    lib.espeak_Synth(data, len(data), 0, 0, 0, 0, None, None)
    lib.espeak_Synchronize()
    return samples, starts


def _serve() -> None:
    """The synthesis server: one request per stdin line, each spoken by a fork of a pristine engine.

    libespeak-ng keeps state from one synthesis to the next in static variables (the glottal wave's
    phase, pitch smoothing, the echo buffer, libc's rand()): the same sentence comes out a few hundred
    samples longer or shorter and sounds slightly different depending on everything spoken before it
    in the process, and the library cannot be re-initialised. So this process initialises it once and
    never speaks; each sentence is spoken by a child forked from it, which starts from exactly the same
    state every time: a sentence sounds the same whatever was spoken before, in any test order.
    """
    import json
    import os

    lib = ctypes.CDLL(ctypes.util.find_library("espeak-ng"))
    if lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, None, 0) <= 0:
        raise SystemExit("espeak-ng could not start")
    out = sys.stdout.buffer
    for line in sys.stdin:
        request = json.loads(line)
        child = os.fork()
        if child == 0:
            try:
                samples, starts = _synthesise(lib, request["text"], request["wpm"])
                out.write(json.dumps({"starts": starts, "count": len(samples)}).encode() + b"\n")
                out.write(samples.tobytes())
                out.flush()
            finally:
                os._exit(0)
        os.waitpid(child, 0)


_server: subprocess.Popen | None = None


def _synthesis_server() -> subprocess.Popen:
    global _server
    if _server is None or _server.poll() is not None:
        _server = subprocess.Popen([sys.executable, __file__, "--serve"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE)
        atexit.register(_server.kill)
    return _server


def speak(text: str, words_per_minute: int = 160) -> Spoken:
    """Synthesise `text` (one sentence); words are the whitespace-separated tokens of `text`.

    The same text and rate give the same samples every time, in any process and any order.
    """
    import json

    server = _synthesis_server()
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(json.dumps({"text": text, "wpm": words_per_minute}).encode() + b"\n")
    server.stdin.flush()
    header = json.loads(server.stdout.readline() or b"null")
    if header is None:
        raise RuntimeError("espeak-ng could not speak " + repr(text))
    samples = array("h")
    samples.frombytes(server.stdout.read(2 * header["count"]))
    # espeak-ng counts text positions from 1; it speaks some word pairs ("in the") as one word and may
    # report a word twice: a token without its own event has no known start (None) and is not measured.
    spans = [m.span() for m in re.finditer(r"\S+", text)]
    word_starts: list[int | None] = [None] * len(spans)
    for position, sample in sorted(header["starts"]):
        k = next((i for i, (a, b) in enumerate(spans) if a <= position - 1 < b), None)
        if k is not None and word_starts[k] is None:
            word_starts[k] = sample
    end = len(samples)
    while end > 0 and abs(samples[end - 1]) < 64:
        end -= 1
    return Spoken(text, samples, word_starts, end)


SENTENCES = [
    "The quick brown fox jumps over the lazy dog near the river bank.",
    "We met in the morning to talk about the budget for next year.",
    "She said the train would leave at noon, but it was late again.",
    "Please remember to close the windows before you go home tonight.",
    "Our garden has tomatoes, beans and a few small apple trees.",
    "The meeting ran long because nobody could agree on the plan.",
    "He opened the letter slowly and read it twice without a word.",
    "Most people prefer coffee in the morning and tea in the evening.",
    "The museum will be closed on Monday for repairs to the roof.",
    "I think we should wait until the weather gets a little better.",
    "They walked along the beach and watched the boats come in.",
    "The children built a tall tower out of wooden blocks.",
    "Can you send me the report by the end of the week?",
    "A strong wind blew the leaves across the empty parking lot.",
    "The doctor told him to drink more water and sleep well.",
    "Every summer the town holds a music festival in the park.",
    "My brother fixed the old bicycle with a few simple tools.",
    "The library keeps thousands of books about history and science.",
    "After dinner we played cards and listened to the radio.",
    "The new software makes it easier to share files with friends.",
    "Nobody expected the small team to win the final game.",
    "The bakery on the corner sells fresh bread every morning.",
    "Turn left at the second light and drive for two more miles.",
    "The teacher asked the students to write a short story.",
    "Rain is expected later today, so bring an umbrella with you.",
    "The company plans to open three new offices next spring.",
    "We could hear the birds singing outside the kitchen window.",
    "The old bridge was replaced by a wider one made of steel.",
    "Thank you all for coming, and please enjoy the rest of the evening.",
    "It took them almost an hour to find a place to park.",
]


@dataclass
class SpokenSegment:
    """Ground truth for one segment of a built recording (seconds); word starts None where unknown."""

    text: str
    start: float
    end: float
    word_starts: list[float | None]


def build_recording(path: Path, sentences: list[str], *, seed: int = 1, lead: float = 0.5,
                    pauses: tuple[float, float] = (0.3, 1.2), rates: tuple[int, ...] = (150, 165, 180),
                    unscripted: dict[int, str] | None = None) -> list[SpokenSegment]:
    """Speak `sentences` one by one into a WAV at `path`, joined by pauses of known length.

    `unscripted` maps a position to a sentence spoken before sentence number position but left out of
    the returned truth (speech the transcript does not have). Returns one SpokenSegment per sentence.
    """
    import random

    rng = random.Random(seed)
    truth: list[SpokenSegment] = []
    extra = unscripted or {}
    with wave.open(str(path), "wb") as handle:  # written as it is made: an hour is 150 MB of samples
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(RATE)
        written = int(lead * RATE)
        handle.writeframes(bytes(2 * written))
        for number, text in enumerate(sentences):
            for spoken_text, scripted in ((extra.get(number), False), (text, True)):
                if spoken_text is None:
                    continue
                spoken = speak(spoken_text, rng.choice(rates))
                if scripted:
                    truth.append(SpokenSegment(text, written / RATE, (written + spoken.speech_end) / RATE,
                                               [None if w is None else (written + w) / RATE
                                                for w in spoken.word_starts]))
                pause = int(rng.uniform(*pauses) * RATE)
                handle.writeframes(spoken.samples[: spoken.speech_end].tobytes() + bytes(2 * pause))
                written += spoken.speech_end + pause
    return truth


def sox(*args: str | Path) -> None:
    """Run sox (raises CalledProcessError with its message when it fails).

    -R: repeatable. Without it the noise generator and the dither sox adds when it writes 16-bit audio
    draw a fresh seed each run, and the same bench case scored boundary p95 46 ms one run, 89 the next.
    """
    subprocess.run(["sox", "-R", *map(str, args)], check=True, capture_output=True)


def add_noise(source: Path, target: Path, volume: float = 0.05) -> None:
    """`source` mixed with white noise (volume relative to full scale)."""
    noise = target.with_suffix(".noise.wav")
    sox(source, noise, "synth", "whitenoise", "vol", str(volume))
    sox("-m", source, noise, target)
    noise.unlink()


def change_tempo(source: Path, target: Path, factor: float, truth: list[SpokenSegment]) -> list[SpokenSegment]:
    """`source` spoken `factor` times as fast (pitch kept); the truth's times scaled to match."""
    sox(source, target, "tempo", "-s", str(factor))
    scale = 1 / factor
    return [SpokenSegment(s.text, s.start * scale, s.end * scale,
                          [None if w is None else w * scale for w in s.word_starts]) for s in truth]


def timing_errors(truth: list[SpokenSegment], segments: list[tuple[int, int]],
                  word_starts: list[list[int | None]]) -> tuple[list[float], list[float]]:
    """(segment boundary errors, word start errors) in ms: aligned times (ms) against the truth."""
    boundaries: list[float] = []
    words: list[float] = []
    for spoken, (start, end), starts in zip(truth, segments, word_starts, strict=True):
        boundaries += [abs(start - spoken.start * 1000), abs(end - spoken.end * 1000)]
        words += [abs(got - want * 1000) for got, want in zip(starts, spoken.word_starts, strict=True)
                  if got is not None and want is not None]
    return boundaries, words


def segment_starts(texts: list[str]) -> list[int]:
    """The index of each text's first token in the tokens of all `texts` (the aligner's segment_starts)."""
    from editor.core.model import tokenize

    starts, count = [], 0
    for text in texts:
        starts.append(count)
        count += len(tokenize(text))
    return starts


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


if __name__ == "__main__" and sys.argv[1:] == ["--serve"]:
    _serve()
