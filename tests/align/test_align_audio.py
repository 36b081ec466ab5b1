"""Reading recordings for alignment: every format the player accepts, resampled to 16 kHz mono; bad files
give a clear error naming the file."""

from __future__ import annotations

import wave
from array import array

import pytest

from editor.align.audio import SAMPLE_RATE, AudioError, PcmWindow, duration_ms, pcm_blocks
from editor.align.timings import align_transcript
from editor.core.model import Segment, Transcript

av = pytest.importorskip("av")


def _tone_wav(path, seconds=2.0, rate=22050, channels=2):
    samples = array("h", [(i * 37 % 2000) - 1000 for i in range(int(seconds * rate) * channels)])
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(channels)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(samples.tobytes())


def _encode(source, target, codec, video=False):
    """Re-encode `source` (a WAV) to `target` with PyAV (the codecs ship in its wheel)."""
    with av.open(str(source)) as inp, av.open(str(target), "w") as out:
        if video:
            picture = out.add_stream("mpeg4", rate=5)
            picture.width, picture.height, picture.pix_fmt = 64, 48, "yuv420p"
        sound = out.add_stream(codec, rate=48000 if codec in ("libopus", "aac") else 44100)
        resampler = av.AudioResampler(format=sound.codec_context.codec.audio_formats[0].name,
                                      layout="stereo", rate=sound.rate)
        for frame in inp.decode(audio=0):
            for part in resampler.resample(frame):
                for packet in sound.encode(part):
                    out.mux(packet)
        for part in resampler.resample(None):
            for packet in sound.encode(part):
                out.mux(packet)
        for packet in sound.encode(None):
            out.mux(packet)
        if video:
            import fractions

            for i in range(10):
                frame = av.VideoFrame(64, 48, "yuv420p")
                for plane in frame.planes:
                    plane.update(bytes(plane.buffer_size))
                frame.pts, frame.time_base = i, fractions.Fraction(1, 5)
                for packet in picture.encode(frame):
                    out.mux(packet)
            for packet in picture.encode(None):
                out.mux(packet)


@pytest.mark.parametrize("name,codec,video", [
    ("talk.mp3", "libmp3lame", False), ("talk.m4a", "aac", False), ("talk.ogg", "libopus", False),
    ("talk.opus", "libopus", False), ("talk.flac", "flac", False), ("talk.mp4", "aac", True),
])
def test_every_common_format_decodes_to_16k_mono(tmp_path, name, codec, video):
    _tone_wav(tmp_path / "tone.wav")
    _encode(tmp_path / "tone.wav", tmp_path / name, codec, video)
    pcm = b"".join(pcm_blocks(tmp_path / name))
    seconds = len(pcm) / 2 / SAMPLE_RATE
    assert 1.9 <= seconds <= 2.2, seconds  # encoders pad a little
    assert max(abs(x) for x in array("h", pcm)) > 500  # the sound, not silence
    assert 1800 <= duration_ms(tmp_path / name) <= 2200


def test_reading_from_a_later_point_and_releasing_keeps_only_what_is_needed(tmp_path):
    _tone_wav(tmp_path / "tone.wav", seconds=3.0, channels=1)
    whole = b"".join(pcm_blocks(tmp_path / "tone.wav"))
    later = b"".join(pcm_blocks(tmp_path / "tone.wav", start_ms=1000))
    assert abs(len(later) - (len(whole) - 2 * SAMPLE_RATE)) <= 2 * 160
    window = PcmWindow(pcm_blocks(tmp_path / "tone.wav"))
    assert window.read(100, 200) == whole[200:400]
    window.release(16000)
    assert window.read(16000, 16010) == whole[32000:32020]
    with pytest.raises(ValueError):
        window.read(0, 10)
    assert window.at_end(3 * SAMPLE_RATE + 10)


def test_a_file_that_is_not_audio_is_a_clear_error(tmp_path):
    bad = tmp_path / "notes.mp3"
    bad.write_text("this is not sound")
    with pytest.raises(AudioError) as info:
        align_transcript(Transcript([Segment("s1", "hello")]), bad)
    assert str(bad) in str(info.value) and "cannot read the recording" in str(info.value)
    with pytest.raises(AudioError, match="no such media file"):
        duration_ms(tmp_path / "missing.wav")


def test_a_mp3_recording_aligns(speech, tmp_path):
    wav, truth = speech
    _encode(wav, tmp_path / "talk.mp3", "libmp3lame")
    transcript = Transcript([Segment(f"s{i}", s.text) for i, s in enumerate(truth)])
    align_transcript(transcript, tmp_path / "talk.mp3").apply(transcript)
    errors = [abs(seg.start - s.start * 1000) for seg, s in zip(transcript.segments, truth, strict=True)]
    assert sorted(errors)[len(errors) // 2] <= 100, errors
