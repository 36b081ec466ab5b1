"""Place a transcript's words in its recording: forced alignment with pocketsphinx, window by window.

The whole recording is never aligned in one go (memory would grow with its length, and one stretch the
text does not match could derail everything after it). Instead a window of WINDOW_S seconds is aligned
against the next stretch of text, with a grammar that lets the window end after any word; the words
well inside the window are kept, and the next window starts right after the last word kept, which
anchors it. A window that finds nothing it trusts is skipped over; the next one may start a little
further on in the text, so the alignment picks up again after a bad stretch. Words that could not be
placed get times shared out between their placed neighbours and are marked estimated.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from editor.align.audio import FRAME_MS, SAMPLES_PER_FRAME, PcmWindow, duration_ms, pcm_blocks
from editor.align.lexicon import Lexicon
from editor.align.speech_activity import SpeechTrack
from editor.align.spoken import spoken_words

WINDOW_S = 30  # long enough to hold a few sentences, short enough that one window is cheap
MIN_WINDOW_S = 6  # a window that fails is halved down to this length before its stretch is given up
GUARD_S = 5  # words ending this close to a window's end are left to the next window (it may cut them)
JUMP_PROB = 0.1  # after a bad window, the price of starting further on in the text
FILL = 0.8  # a window's text is what the recording usually says in this share of the window
KEEP = 0.7  # of a window's words, at most this share is kept (the rest may be squeezed in at its end)
RECOVERY_SPAN = 0.6  # after a bad window: start anywhere in this share of the text a window holds
MAX_FRAMES_PER_PHONE = 25  # longer than 250 ms a phone: the word is stretched over something else
MAX_EXTRA_FRAMES = 40
ANCHOR_RUN = 3  # this many plausible words in a row are trusted; others are re-estimated
_FILLER = re.compile(r"^(<.*>|\[.*\])$")
_ALTERNATE = re.compile(r"\(\d+\)$")


class AlignCancelled(Exception):
    """The caller asked to stop (the transcript is left unchanged)."""


@dataclass(frozen=True, slots=True)
class WordTiming:
    """Where one transcript token was said (ms); `estimated` when it was not found but shared out."""

    start: int
    end: int
    estimated: bool


@dataclass
class AlignReport:
    """What an alignment did, for status messages and the benchmark."""

    tokens: int = 0
    estimated: int = 0
    guessed_pronunciations: int = 0
    windows: int = 0
    skipped_windows: int = 0
    audio_ms: int = 0


@dataclass
class _Unit:
    """One spoken word of a token (a token like "25%" has several)."""

    entry: str
    token: int
    letters: int
    start: int | None = None  # frames
    end: int | None = None
    trusted: bool = False


def _decoder():
    from pocketsphinx import Decoder

    # Wider beams than the defaults (1e-48, 1e-48, 7e-29): a window's grammar is one fixed word
    # sequence, so the search is small, but with the defaults the path that has pushed through a word
    # the model matches badly (a name, a guessed pronunciation) is pruned in favour of paths still
    # idling in silence, and the window then fails to reach the end of its text. Measured on an
    # 8-minute recording: windows 85 -> 46, estimated words 39 -> 7, boundary p95 200 -> 117 ms, CPU -8%.
    return Decoder(loglevel="FATAL", lm=None, beam=1e-64, pbeam=1e-64, wbeam=1e-48)


_DITHER = bytes(random.Random(1).choices((0, 1), k=4096))


def dither(pcm: bytes) -> bytes:
    """`pcm` (s16le) with the lowest bit of each sample flipped by a fixed pseudo-random pattern (+-1).

    Stretches of digital silence (exact zeros, common between synthesised or edited takes) give the
    features a log of zero, and the search then fails to reach the grammar's end. pocketsphinx's own
    dither draws from one generator for the whole process, so results would depend on what ran before;
    this pattern is the same every time. (Big-integer XOR does the whole window at C speed.)
    """
    data = bytearray(pcm[: len(pcm) // 2 * 2])
    low = bytes(data[0::2])
    if not low:
        return bytes(data)
    mask = (_DITHER * (len(low) // len(_DITHER) + 1))[: len(low)]
    data[0::2] = (int.from_bytes(low, "little") ^ int.from_bytes(mask, "little")).to_bytes(len(low), "little")
    return bytes(data)


class _Window:
    """The grammar for one window: the text in order (maybe from one of its first words), all of it.

    The window's sound is longer than its text needs; fillers (silence, noise) take up the rest. Letting
    the text stop early instead does not work: on some voices a silence model fits speech better than the
    right words do, and the decoder then stops after a few words.
    """

    def __init__(self, decoder, entries: list[str], skip: int) -> None:
        n = len(entries)
        start, final = n + 1, n + 2
        transitions: list[tuple] = [(i, i + 1, 1.0, entries[i]) for i in range(n)]
        transitions.append((start, 0, 1.0))
        transitions += [(start, k, JUMP_PROB) for k in range(1, min(skip, n - 1) + 1)]
        # The sound after the last word: the search's own fillers never reach the final state there.
        transitions += [(n, final, 1.0)] + [(state, final, 1.0, filler) for state in (n, final)
                                            for filler in ("<sil>", "[SPEECH]", "[NOISE]")]
        self.entries = entries
        fsg = decoder.create_fsg("window", start, final, transitions)
        decoder.add_fsg("window", fsg)
        decoder.activate_search("window")

    def placed(self, decoder) -> list[tuple[int, int, int]]:
        """(entry index, start frame, end frame) of each word of the best path.

        The path is the text with some words left out; each word found is matched to the first entry of
        that name after the previous one.
        """
        found: list[tuple[int, int, int]] = []
        k = 0
        for seg in decoder.seg():
            if _FILLER.match(seg.word):
                continue
            name = _ALTERNATE.sub("", seg.word)
            while k < len(self.entries) and self.entries[k] != name:
                k += 1
            if k == len(self.entries):
                return found
            found.append((k, seg.start_frame, seg.end_frame))
            k += 1
        return found


def _plausible(unit: _Unit, phones: int) -> bool:
    frames = unit.end - unit.start + 1  # type: ignore[operator]
    return frames <= MAX_EXTRA_FRAMES + MAX_FRAMES_PER_PHONE * phones


def align_tokens(
    tokens: Sequence[str],
    media: str | Path,
    *,
    start_ms: int = 0,
    end_ms: int | None = None,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    report: AlignReport | None = None,
    segment_starts: Sequence[int] = (),
) -> list[WordTiming]:
    """A time for every token of `tokens` (transcript tokens in order) in `media` between start and end.

    `segment_starts` are the indexes of tokens that begin a segment (a sentence, a caption): their
    edges are moved onto a pause the recogniser missed by a word (see `snap_segment_edges`).
    `progress` gets the share done (0..1); when `cancelled()` turns true, AlignCancelled is raised.
    Raises AudioError for a recording that cannot be read.
    """
    report = report if report is not None else AlignReport()
    decoder = _decoder()
    lexicon = Lexicon(decoder)
    units = [_Unit(lexicon.entry(word), i, len(word)) for i, token in enumerate(tokens) for word in spoken_words(token)]
    report.tokens = len(tokens)
    total_ms = duration_ms(media)
    stop_ms = min(end_ms, total_ms) if end_ms is not None and total_ms is not None else end_ms or total_ms
    first_frame = start_ms // FRAME_MS
    audio = PcmWindow(pcm_blocks(media, start_ms), first_frame * SAMPLES_PER_FRAME)
    track = SpeechTrack(first_frame)
    phones = {u.entry: len((decoder.lookup_word(u.entry) or "AH").split()) for u in units}
    window_frames = WINDOW_S * 1000 // FRAME_MS
    guard = GUARD_S * 1000 // FRAME_MS
    span_ms = (stop_ms - start_ms) if stop_ms is not None else None
    rate = len(units) / max(span_ms / 1000, 1) if span_ms else 2.5  # words a second, refined as we go
    pos, p, recovering, size = first_frame, 0, False, window_frames
    while p < len(units):
        if cancelled is not None and cancelled():
            raise AlignCancelled()
        end = pos + size
        if stop_ms is not None:
            end = min(end, stop_ms // FRAME_MS)
        pcm = audio.read(pos * SAMPLES_PER_FRAME, end * SAMPLES_PER_FRAME)
        last = audio.at_end(end * SAMPLES_PER_FRAME) or (stop_ms is not None and end >= stop_ms // FRAME_MS)
        if len(pcm) < 2 * SAMPLES_PER_FRAME * 10:  # under 0.1 s of sound left: nothing to find
            break
        ahead = len(units) - p if last else max(8, int(rate * (end - pos) * FRAME_MS / 1000 * FILL))
        entries = [u.entry for u in units[p : p + ahead]]
        window = _Window(decoder, entries, int(ahead * RECOVERY_SPAN) if recovering else 0)
        decoder.start_utt()
        decoder.process_raw(dither(pcm), full_utt=True)
        decoder.end_utt()
        report.windows += 1
        guard_here = guard * size // window_frames
        keep = [(k, a, b) for k, a, b in (window.placed(decoder) if decoder.hyp() is not None else [])
                if last or (b < end - pos - guard_here and k < KEEP * len(entries))]
        track.feed(pcm, pos)
        for k, a, b in keep:
            units[p + k].start, units[p + k].end = track.trim(pos + a, pos + b)
        if _mark_trusted([units[p + k] for k, _, _ in keep], phones):
            k, _, b = keep[-1]
            done = p + k + 1
            elapsed = max(pos + b - (units[p + keep[0][0]].start or pos), 1)
            rate = 0.7 * rate + 0.3 * min(8.0, max(0.5, (done - p - keep[0][0]) / (elapsed / 100)))
            p, pos, recovering, size = done, pos + b + 1, False, window_frames
        elif size > MIN_WINDOW_S * 1000 // FRAME_MS and (end - pos) * 2 > MIN_WINDOW_S * 1000 // FRAME_MS:
            # The text does not fit this stretch (words missing from the recording, or sound the text
            # lacks): try a shorter window that may end before the trouble, then start past it.
            size = (end - pos) // 2
            recovering = True
            continue
        else:  # still nothing: give up on this stretch; its words will be shared out (estimated)
            report.skipped_windows += 1
            step = max(size // 2, 100)
            pos += step
            p = min(len(units), p + int(rate * step * FRAME_MS / 1000 * 0.5))
            recovering, size = True, window_frames
        audio.release(pos * SAMPLES_PER_FRAME)
        if progress is not None and span_ms:
            progress(min(1.0, (pos - first_frame) * FRAME_MS / span_ms))
        if last:
            break
    end_frame = (stop_ms // FRAME_MS) if stop_ms is not None else audio.available_end // SAMPLES_PER_FRAME
    report.audio_ms = (end_frame - first_frame) * FRAME_MS
    report.guessed_pronunciations = lexicon.guessed
    timings = _token_timings(units, len(tokens), tokens, first_frame, max(end_frame, first_frame), track)
    if segment_starts:
        timings = snap_segment_edges(timings, segment_starts, track)
    report.estimated = sum(t.estimated for t in timings)
    if progress is not None:
        progress(1.0)
    return timings


def _mark_trusted(placed: list[_Unit], phones: dict[str, int]) -> bool:
    """Trust runs of ANCHOR_RUN plausible words; forget the others' times. True if any is trusted."""
    ok = [_plausible(u, phones[u.entry]) for u in placed]
    run_start = 0
    for i in range(len(placed) + 1):
        if i == len(placed) or not ok[i]:
            long_run = i - run_start >= ANCHOR_RUN or (run_start == 0 and i == len(placed) and i > 0)
            for u in placed[run_start:i]:
                u.trusted = long_run
            if i < len(placed):
                placed[i].trusted = False
            run_start = i + 1
    for u in placed:
        if not u.trusted:
            u.start = u.end = None
    return any(u.trusted for u in placed)


def _token_timings(units: list[_Unit], count: int, tokens: Sequence[str], first: int, last: int,
                   track: SpeechTrack) -> list[WordTiming]:
    """Per token: its units' span; tokens without placed units share the gap around them by length.

    The gap is shared over its speech frames when it has some: a pause in it (before an unplaced
    sentence, or the silence at the end of the recording) is not given to a word.
    """
    per_token: list[list[_Unit]] = [[] for _ in range(count)]
    for unit in units:
        per_token[unit.token].append(unit)
    result: list[WordTiming | None] = [None] * count
    for i, group in enumerate(per_token):
        if group and all(u.start is not None for u in group):
            result[i] = WordTiming(group[0].start * FRAME_MS, (group[-1].end + 1) * FRAME_MS, False)  # type: ignore[operator]
    i = 0
    while i < count:
        if result[i] is not None:
            i += 1
            continue
        j = i
        while j < count and result[j] is None:
            j += 1
        gap_start = result[i - 1].end // FRAME_MS if i > 0 else first  # type: ignore[union-attr]
        gap_end = result[j].start // FRAME_MS if j < count else last  # type: ignore[union-attr]
        gap_end = max(gap_end, gap_start)
        frames = track.speech_frames(gap_start, gap_end)
        if len(frames) < 5 * (j - i):  # too little speech for these words: share the whole gap
            frames = list(range(gap_start, gap_end))
        weights = [max(1, len(tokens[k])) for k in range(i, j)]
        total, acc = sum(weights), 0
        for k in range(i, j):
            a = acc * len(frames) // total
            acc += weights[k - i]
            b = acc * len(frames) // total
            if not frames:
                result[k] = WordTiming(gap_start * FRAME_MS, gap_start * FRAME_MS, True)
            else:
                start = frames[min(a, len(frames) - 1)]
                result[k] = WordTiming(start * FRAME_MS, max(start, frames[b - 1] + 1 if b > a else start) * FRAME_MS, True)
        i = j
    return result  # type: ignore[return-value]


SNAP_FRAMES = 50  # a pause this close (0.5 s) to where the recogniser put a segment's edge may be the real edge


def snap_segment_edges(timings: list[WordTiming], segment_starts: Sequence[int], track: SpeechTrack) -> list[WordTiming]:
    """Segment edges moved onto a pause the recogniser put one word off.

    Between two segments there is usually a pause. When the recogniser found none between a segment's
    last word and the next one's first, but there is one just inside the next segment (after its first
    word: that word was put on the tail of the previous one) or just inside the previous segment
    (before its last word), the word is moved across the pause. Estimated words are left alone.
    """
    out = list(timings)
    count = len(out)
    for f in segment_starts:
        if not 0 < f < count:
            continue
        if out[f].estimated:  # shared out over the gap's speech, which may begin with the previous
            # sentence's tail (the detector's hangover) or speech the text lacks: start after its last pause
            pauses = track.pauses(out[f - 1].end // FRAME_MS, out[f].end // FRAME_MS)
            if pauses and out[f].start // FRAME_MS < pauses[-1][1] < out[f].end // FRAME_MS:
                out[f] = WordTiming(pauses[-1][1] * FRAME_MS, out[f].end, True)
            continue
        if out[f - 1].estimated:
            continue
        last, first = out[f - 1], out[f]
        end_last, start_first = last.end // FRAME_MS, first.start // FRAME_MS
        if track.pauses(end_last - 2, start_first + 3):
            continue  # the recogniser put the edge in a pause: keep it
        after = [(a, b) for a, b in track.pauses(start_first, start_first + SNAP_FRAMES)
                 if a >= start_first and a - start_first <= SNAP_FRAMES]
        nxt = out[f + 1] if f + 1 < count and not out[f + 1].estimated else None
        if after and (nxt is None or after[0][1] <= nxt.start // FRAME_MS + 2):
            a, b = after[0]
            end = max(b + 1, nxt.start // FRAME_MS) if nxt is not None else b + max(1, (first.end - first.start) // FRAME_MS)
            out[f - 1] = WordTiming(last.start, max(last.end, a * FRAME_MS), False)
            out[f] = WordTiming(b * FRAME_MS, end * FRAME_MS, False)
            continue
        before = [(a, b) for a, b in track.pauses(last.start // FRAME_MS - SNAP_FRAMES, last.start // FRAME_MS + 1)
                  if b <= last.start // FRAME_MS + 2 and last.start // FRAME_MS - b <= SNAP_FRAMES]
        prev = out[f - 2] if f >= 2 and not out[f - 2].estimated else None
        if before and (prev is None or before[-1][0] >= prev.end // FRAME_MS - 2):
            a, b = before[-1]
            start = min(a - 1, prev.end // FRAME_MS if prev is not None else a - (last.end - last.start) // FRAME_MS)
            out[f - 1] = WordTiming(max(0, start) * FRAME_MS, a * FRAME_MS, False)
            out[f] = WordTiming(min(first.start, b * FRAME_MS), first.end, False)
    return out
