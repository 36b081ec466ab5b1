"""Where in a recording someone is speaking, frame by frame, and the pauses between.

The recogniser's fillers do not always win a pause: a short word next to a pause ("the", "I'm") is often
put on the tail of the word before it, or stretched over the pause, which puts a segment's start up to a
second early. A voice activity detector (the WebRTC one pocketsphinx ships: no extra package, ~0.01 s of
CPU a minute of sound) finds where speech resumes after a pause to within a frame or two. Its decision
lags 50-150 ms behind the end of speech (it holds on in case speech resumes), so a pause's start is
less exact than its end.

Only runs of at least MIN_PAUSE_FRAMES non-speech frames count as pauses: a stop consonant's closure is
silent too, and belongs to its word.
"""

from __future__ import annotations

from editor.align.audio import BYTES_PER_SAMPLE, FRAME_MS, SAMPLE_RATE, SAMPLES_PER_FRAME

MIN_PAUSE_FRAMES = 15  # 150 ms: longer than any closure inside a word, shorter than a pause between sentences
VAD_MODE = 2  # 0..3: the higher, the less hangover after speech ends and the more noise passes for silence
_FRAME_BYTES = SAMPLES_PER_FRAME * BYTES_PER_SAMPLE


class SpeechTrack:
    """Speech/non-speech per FRAME_MS frame of a recording from `first_frame` on, fed in order.

    One byte a frame (360 kB an hour), so the whole recording's track can be kept.
    """

    def __init__(self, first_frame: int) -> None:
        from pocketsphinx import Vad

        self._vad = Vad(VAD_MODE, SAMPLE_RATE, FRAME_MS / 1000)
        if self._vad.frame_bytes != _FRAME_BYTES:  # pragma: no cover - pocketsphinx changed its frames
            raise RuntimeError(f"voice activity frames of {self._vad.frame_bytes} bytes, expected {_FRAME_BYTES}")
        self.first = first_frame
        self._flags = bytearray()

    @property
    def end(self) -> int:
        """The frame after the last one classified."""
        return self.first + len(self._flags)

    def feed(self, pcm: bytes, frame: int) -> None:
        """Classify the frames of `pcm` (16 kHz mono s16le starting at `frame`) not yet classified."""
        if frame > self.end:  # a stretch never read: no evidence either way, so call it speech
            self._flags += b"\x01" * (frame - self.end)
        skip = (self.end - frame) * _FRAME_BYTES
        for i in range(skip, len(pcm) - _FRAME_BYTES + 1, _FRAME_BYTES):
            self._flags.append(self._vad.is_speech(pcm[i : i + _FRAME_BYTES]))

    def speech(self, frame: int) -> bool:
        """True where `frame` sounds like speech (frames not classified count as speech: no evidence)."""
        k = frame - self.first
        return not 0 <= k < len(self._flags) or bool(self._flags[k])

    def speech_frames(self, start: int, end: int) -> list[int]:
        """The frames in [start, end) that sound like speech."""
        return [f for f in range(start, end) if self.speech(f)]

    def pauses(self, start: int, end: int) -> list[tuple[int, int]]:
        """Runs [a, b) of at least MIN_PAUSE_FRAMES non-speech frames overlapping [start, end), whole."""
        found: list[tuple[int, int]] = []
        f = max(start, self.first)
        while f > self.first and not self.speech(f - 1):  # a run that began before `start`
            f -= 1
        stop = min(end, self.end)
        while f < stop:
            if self.speech(f):
                f += 1
                continue
            a = f
            while f < self.end and not self.speech(f):
                f += 1
            if f - a >= MIN_PAUSE_FRAMES:
                found.append((a, f))
        return found

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """The span [start, end] (frames, inclusive) without a leading or trailing pause; unchanged when it
        holds no speech at all."""
        inside = self.speech_frames(start, end + 1)
        if not inside:
            return start, end
        first, last = inside[0], inside[-1]
        return (first if first - start >= MIN_PAUSE_FRAMES else start,
                last if end - last >= MIN_PAUSE_FRAMES else end)
