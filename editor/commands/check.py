"""`check INPUT [--glossary FILE] [--json] [--min-score X]`: list suspected mis-transcriptions."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from editor.commands.progress import StderrProgress, on_terminal
from editor.core.model import Segment, Transcript
from editor.errors import UserError
from editor.formats.build import word_limit
from editor.loading import is_project_file, load_input, size_text
from editor.review import Detector, Glossary, Suspect
from editor.review.detector import forget_texts
from editor.review.language import is_language
from editor.review.review_data import (  # noqa: F401 (the meta keys and parsers, re-exported for callers)
    META_CORRECTIONS,
    META_GLOSSARY,
    META_IGNORED,
    META_IGNORED_WORDS,
    META_LANGUAGE,
    ReviewData,
    ignored_pairs,
    stored_language,
    string_list,
)
from editor.review.suspect import fix_label

# The check holds per-word context for what it checks at once, and the language model's memos are bounded
# (ContextModel.PROBS_LIMIT): 950,000 random-word words peaked at 799 MB (1,834 MB before the bound). A longer
# transcript is checked in parts of CHECK_PART_WORDS words, so memory stays bounded by the part; the limit is
# one of time (random-word text checks at some 4,000 words a second on a busy 2-core machine, so 2,000,000
# words take about ten minutes): past it, the check is refused with a clear message.
CHECK_WORD_LIMIT = 2_000_000
CHECK_PART_WORDS = 150_000
# A transcript file larger than this is refused before it is read: 2,000,000 words of plain text are some 12 MB
# and of subtitles some 20 MB, and what the file costs loaded (its text and paragraphs) adds to what the check
# costs. Files under it with more words stop being read at the word limit.
CHECK_MAX_BYTES = 25 * 1024 * 1024


def check_parts(transcript: Transcript) -> list[Transcript]:
    """The transcript whole when it has at most CHECK_PART_WORDS words, else consecutive parts of about that
    many words (whole segments; they share the segment objects, not copies)."""
    parts: list[Transcript] = []
    start = words = 0
    segments = transcript.segments
    for i, segment in enumerate(segments):
        words += segment.text.count(" ") + 1
        if words >= CHECK_PART_WORDS and i + 1 < len(segments):
            parts.append(Transcript(segments[start : i + 1], transcript.speakers, transcript.source))
            start, words = i + 1, 0
    if not parts:
        return [transcript]
    parts.append(Transcript(segments[start:], transcript.speakers, transcript.source))
    return parts


def build_detector(input_path: Path, glossary_path: str | None, min_score: float | None = None,
                   language: str | None = None) -> Detector:
    """A detector with the project's and the user's review data (read as the window reads them, by
    `ReviewData`), plus an optional glossary file; --language overrides the project's choice."""
    extra = Glossary.load(glossary_path) if glossary_path else None
    if not is_project_file(input_path):
        return ReviewData(None).make_detector(extra_glossary=extra, language=language, min_score=min_score)
    from editor.store.project import Project

    with Project.open(input_path, read_only=True) as project:
        data = ReviewData(project)
    return data.make_detector(extra_glossary=extra, language=language, min_score=min_score)


def report_json(transcript: Transcript, suspects: list[Suspect]) -> dict[str, Any]:
    """The `check --json` object: segments, and suspects pointing into them by index and char offsets.

    "segment" is the 0-based index into "segments" (the contract); "paragraph" is the same place numbered
    from 1, as the window and the plain report show it (¶3).
    """
    return {
        "segments": [_segment_json(transcript, s) for s in transcript.segments],
        "suspects": [_suspect_json(s, transcript.index_of(s.segment_id)) for s in suspects],
    }


def _segment_json(transcript: Transcript, s: Segment) -> dict[str, Any]:
    return {"id": s.id, "speaker": transcript.speaker_name(s.speaker) or None, "text": s.text, "start": s.start,
            "end": s.end}


def _suspect_json(s: Suspect, index: int) -> dict[str, Any]:
    return {"segment": index, "paragraph": index + 1, "start": s.start, "end": s.end, "text": s.text,
            "kinds": list(s.kinds), "score": round(s.score, 3), "suggestions": list(s.suggestions),
            "reason": s.reason}


def write_report_json(transcript: Transcript, parts: Iterable[tuple[int, Transcript, list[Suspect]]],
                      out: TextIO) -> None:
    """`report_json` written piece by piece (the same text as `json.dump` of it): a million segments are never
    held as JSON objects. `parts` yields (index of the part's first segment, part, its suspects) in order."""
    # one encoder for all pieces: json.dumps(..., ensure_ascii=False) builds a new one per call, a third of the
    # time of writing a 10-hour file's 5,249 segments, which the parent does before the check starts
    encode = json.JSONEncoder(ensure_ascii=False).encode
    out.write('{"segments": [')
    for i, segment in enumerate(transcript.segments):
        out.write((", " if i else "") + encode(_segment_json(transcript, segment)))
    out.write('], "suspects": [')
    first = True
    for offset, part, suspects in parts:
        for suspect in suspects:
            out.write(("" if first else ", ")
                      + encode(_suspect_json(suspect, offset + part.index_of(suspect.segment_id))))
            first = False
    out.write("]}")


def report_text(transcript: Transcript, suspects: list[Suspect]) -> str:
    """A readable list in document order: paragraph (¶, from 1 as in the window), words, reason, suggestions."""
    if not suspects:
        return "no suspected mis-transcriptions\n"
    return "".join(_text_lines(transcript, suspects, 0)) + f"{len(suspects)} suspect(s)\n"


def _text_lines(part: Transcript, suspects: list[Suspect], offset: int) -> list[str]:
    ordered = sorted(suspects, key=lambda s: (part.index_of(s.segment_id), s.start))
    lines = []
    for s in ordered:
        fix = f"  -> {', '.join(fix_label(x) for x in s.suggestions)}" if s.suggestions else ""
        number = offset + part.index_of(s.segment_id) + 1
        lines.append(f"{'¶' + str(number):>6}  {s.text!r}  ({s.score:.2f}) {s.reason}{fix}\n")
    return lines


def _too_long(words: str) -> str:
    return (f"too long to check in one go: {words} words; the limit is {CHECK_WORD_LIMIT:,} words (about 200 "
            "hours of speech, some ten minutes of checking): split the transcript and check the parts")


def size_refusal(path: Path) -> str | None:
    """Why a transcript file is too large to check, from its size on disk before it is read (None: not known to
    be; a project file's size says little about its words, which are counted once it is read)."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # reading it says what is wrong
    if size <= CHECK_MAX_BYTES or is_project_file(path):
        return None
    return (f"too large to check in one go: {size_text(size)}; check takes transcript files up to "
            f"{size_text(CHECK_MAX_BYTES)} and {CHECK_WORD_LIMIT:,} words (so that it stays well within 1 GB of "
            "memory): split the transcript and check the parts")


def cmd_check(args: argparse.Namespace) -> int:
    """Handler of `transcript-editor check`."""
    if getattr(args, "subtitles", False):
        from editor.commands.subtitles import cmd_check_subtitles

        return cmd_check_subtitles(args)
    path = Path(args.input)
    refusal = size_refusal(path)
    if refusal is not None:
        raise UserError(path, refusal)
    with on_terminal(path.name), word_limit(CHECK_WORD_LIMIT, _too_long(f"more than {CHECK_WORD_LIMIT:,}")):
        transcript = load_input(path)
    words = transcript.word_count()
    if words > CHECK_WORD_LIMIT:  # (a project: its words are counted once it is read)
        raise UserError(path, _too_long(f"{words:,}"))
    language = getattr(args, "language", None)
    if language is not None and not is_language(language):
        raise UserError(path, f"unknown --language {language!r} (a code like 'en', 'de', 'es')")
    detector = build_detector(path, args.glossary, args.min_score, language)
    parts = check_parts(transcript)
    progress = StderrProgress(f"checking {path.name}", words)

    def checked() -> Iterator[tuple[int, Transcript, list[Suspect]]]:
        offset = done = 0
        for number, part in enumerate(parts, start=1):
            progress.update(done, f"(part {number} of {len(parts)})" if len(parts) > 1 else "")
            if number > 1:
                forget_texts()  # the parts are checked as documents of their own: memory holds one part's texts
            yield offset, part, detector.check(part)
            offset += len(part)
            done += part.word_count()
        progress.done()

    if args.json:
        write_report_json(transcript, checked(), sys.stdout)
        sys.stdout.write("\n")
    else:
        count = 0
        for offset, part, suspects in checked():
            sys.stdout.writelines(_text_lines(part, suspects, offset))
            count += len(suspects)
        sys.stdout.write(f"{count} suspect(s)\n" if count else "no suspected mis-transcriptions\n")
    if detector.lexicon.lang != "en" and not args.json:
        print(f"note: checked as {detector.lexicon.name} ({detector.lexicon.lang}): its word list is used, and "
              "the English context check is off", file=sys.stderr)
    return 0
