"""Decode a recording (WAV, MP3, M4A/AAC, OGG/Opus, FLAC, a video's sound) to 16 kHz mono 16-bit PCM.

PyAV ships FFmpeg's decoders in its wheel, so every format the player accepts decodes the same way on
every machine. Audio is produced in blocks as it is decoded, and `PcmWindow` keeps only the stretch the
aligner still needs: memory stays flat however long the recording is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from editor.errors import UserError

SAMPLE_RATE = 16000
BYTES_PER_SAMPLE = 2
FRAME_MS = 10  # the acoustic model's frame step
SAMPLES_PER_FRAME = SAMPLE_RATE * FRAME_MS // 1000


class AudioError(UserError):
    """The recording cannot be read (missing, not audio, damaged)."""


def _open(path: Path):
    import av

    if not path.is_file():
        raise AudioError(path, "no such media file")
    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise AudioError(path, f"cannot read the recording ({exc})") from exc
    if not container.streams.audio:
        container.close()
        raise AudioError(path, "has no sound track")
    return container


def duration_ms(path: str | Path) -> int | None:
    """Length of the recording's sound in ms as its header says (None when the header does not say)."""
    container = _open(Path(path))
    try:
        stream = container.streams.audio[0]
        if stream.duration is not None and stream.time_base is not None:
            return int(stream.duration * stream.time_base * 1000)
        if container.duration is not None:
            return int(container.duration / 1000)  # av.time_base is microseconds
        return None
    finally:
        container.close()


def pcm_blocks(path: str | Path, start_ms: int = 0) -> Iterator[bytes]:
    """16 kHz mono s16le audio from `start_ms` on, in blocks of a decoder frame or so.

    Raises AudioError (naming the file) when the file cannot be opened or decoding fails part-way.
    """
    import av

    path = Path(path)
    container = _open(path)
    try:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
        skip = start_ms * SAMPLE_RATE // 1000  # samples still to drop before start_ms
        if start_ms > 0:
            container.seek(start_ms * 1000)  # to a key frame at or before start_ms (microseconds)
            skip = None  # known once the first decoded frame says where the decoder landed
        try:
            for frame in container.decode(stream):
                if skip is None:
                    landed = frame.time if frame.time is not None else 0.0
                    skip = max(0, round((start_ms / 1000 - landed) * SAMPLE_RATE))
                for out in resampler.resample(frame):
                    data = bytes(out.planes[0])[: out.samples * BYTES_PER_SAMPLE]
                    if skip:
                        cut = min(skip, out.samples)
                        skip -= cut
                        data = data[cut * BYTES_PER_SAMPLE :]
                    if data:
                        yield data
            for out in resampler.resample(None):
                yield bytes(out.planes[0])[: out.samples * BYTES_PER_SAMPLE]
        except av.error.FFmpegError as exc:
            raise AudioError(path, f"the recording is damaged or cut short ({exc})") from exc
    finally:
        container.close()


class PcmWindow:
    """Random access to a forward-moving stretch of a decoded recording.

    `read(start, end)` (in samples) returns that stretch; `release(before)` lets the samples before
    `before` go. Only what lies between the released point and the furthest read is held in memory.
    """

    def __init__(self, blocks: Iterator[bytes], first_sample: int = 0) -> None:
        self._blocks = blocks
        self._buffer = bytearray()
        self._offset = first_sample  # sample number of _buffer[0]
        self.ended = False

    @property
    def available_end(self) -> int:
        """Sample number just after the last decoded sample."""
        return self._offset + len(self._buffer) // BYTES_PER_SAMPLE

    def _fill(self, end: int) -> None:
        while not self.ended and self.available_end < end:
            block = next(self._blocks, None)
            if block is None:
                self.ended = True
            else:
                self._buffer += block

    def read(self, start: int, end: int) -> bytes:
        """Samples [start, end) (fewer at the end of the recording)."""
        if start < self._offset:
            raise ValueError("that part of the recording was released")
        self._fill(end)
        a = (start - self._offset) * BYTES_PER_SAMPLE
        b = (end - self._offset) * BYTES_PER_SAMPLE
        return bytes(self._buffer[a:b])

    def at_end(self, sample: int) -> bool:
        """True when the recording ends at or before `sample`."""
        self._fill(sample + 1)
        return self.ended and self.available_end <= sample

    def release(self, before: int) -> None:
        drop = min(max(0, before - self._offset), len(self._buffer) // BYTES_PER_SAMPLE)
        if drop:
            del self._buffer[: drop * BYTES_PER_SAMPLE]
            self._offset += drop
