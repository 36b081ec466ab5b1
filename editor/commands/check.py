"""`check INPUT [--glossary FILE] [--json] [--min-score X]`: list suspected mis-transcriptions."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from editor.core.model import Transcript
from editor.errors import UserError
from editor.loading import is_project_file, load_input
from editor.review import Detector, Glossary, Suspect
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

# The check holds per-word context for the whole transcript: measured 540 MB at 500,000 words (100,000
# short lines) and 290 MB for 190,000 words on one line; past the limit it is refused, so memory stays under 1 GB.
CHECK_WORD_LIMIT = 500_000


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
    segments = [
        {"id": s.id, "speaker": transcript.speaker_name(s.speaker) or None, "text": s.text, "start": s.start,
         "end": s.end}
        for s in transcript.segments
    ]
    return {
        "segments": segments,
        "suspects": [
            {"segment": transcript.index_of(s.segment_id), "paragraph": transcript.index_of(s.segment_id) + 1,
             "start": s.start, "end": s.end, "text": s.text,
             "kinds": list(s.kinds), "score": round(s.score, 3), "suggestions": list(s.suggestions),
             "reason": s.reason}
            for s in suspects
        ],
    }


def report_text(transcript: Transcript, suspects: list[Suspect]) -> str:
    """A readable list in document order: paragraph (¶, from 1 as in the window), words, reason, suggestions."""
    if not suspects:
        return "no suspected mis-transcriptions\n"
    ordered = sorted(suspects, key=lambda s: (transcript.index_of(s.segment_id), s.start))
    lines = []
    for s in ordered:
        fix = f"  -> {', '.join(fix_label(x) for x in s.suggestions)}" if s.suggestions else ""
        lines.append(f"{'¶' + str(transcript.index_of(s.segment_id) + 1):>6}  {s.text!r}  ({s.score:.2f}) {s.reason}{fix}")
    lines.append(f"{len(suspects)} suspect(s)")
    return "\n".join(lines) + "\n"


def cmd_check(args: argparse.Namespace) -> int:
    """Handler of `transcript-editor check`."""
    if getattr(args, "subtitles", False):
        from editor.commands.subtitles import cmd_check_subtitles

        return cmd_check_subtitles(args)
    path = Path(args.input)
    transcript = load_input(path)
    words = transcript.word_count()
    if words > CHECK_WORD_LIMIT:
        raise UserError(path, f"too long to check in one go: {words:,} words; the limit is {CHECK_WORD_LIMIT:,} "
                        "words (about 55 hours of speech): split the transcript and check the parts")
    language = getattr(args, "language", None)
    if language is not None and not is_language(language):
        raise UserError(path, f"unknown --language {language!r} (a code like 'en', 'de', 'es')")
    detector = build_detector(path, args.glossary, args.min_score, language)
    suspects = detector.check(transcript)
    if detector.lexicon.lang != "en" and not args.json:
        print(f"note: checked as {detector.lexicon.name} ({detector.lexicon.lang}): its word list is used, and "
              "the English context check is off", file=sys.stderr)
    if args.json:
        json.dump(report_json(transcript, suspects), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(report_text(transcript, suspects))
    return 0
