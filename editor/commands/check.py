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
from editor.review import CorrectionMemory, Detector, Glossary, Suspect, UserCorrectionStore
from editor.review.language import is_language
from editor.review.suspect import fix_label

# Project meta keys where the GUI keeps the user's review decisions (see editor.review).
META_GLOSSARY = "review.glossary"  # Glossary.to_json()
# The check holds per-word context for the whole transcript: measured 540 MB at 500,000 words (100,000
# short lines) and 290 MB for 190,000 words on one line; past the limit it is refused, so memory stays under 1 GB.
CHECK_WORD_LIMIT = 500_000
META_IGNORED = "review.ignored"  # [[segment_id, text], ...]: single suspects dismissed
META_IGNORED_WORDS = "review.ignored_words"  # ["word", ...]: ignored everywhere
META_CORRECTIONS = "review.corrections"  # CorrectionMemory.to_json()
META_LANGUAGE = "review.language"  # "de", ...: the transcript's language as the user set it (absent: detected)


def project_review_data(path: Path) -> dict[str, Any]:
    """The review decisions stored in a project (empty when the store cannot provide them)."""
    try:
        from editor.store.project import Project

        with Project.open(path, read_only=True) as project:
            return {key: project.get_meta(key) for key in (META_GLOSSARY, META_IGNORED, META_IGNORED_WORDS,
                                                           META_CORRECTIONS, META_LANGUAGE)}
    except (ImportError, AttributeError):
        return {}


def string_list(value: Any) -> list[str]:
    """The strings of a stored list (a damaged project may hold anything under a key)."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def ignored_pairs(value: Any) -> list[tuple[str, str]]:
    """Stored [segment id, text] pairs of dismissed suspects."""
    return [(p[0], p[1]) for p in value if isinstance(p, list) and len(p) == 2
            and isinstance(p[0], str) and isinstance(p[1], str)] if isinstance(value, list) else []


def stored_language(value: Any) -> str | None:
    """The language a project was set to check in; None (detect it) for none, or one this version lacks."""
    return value if isinstance(value, str) and is_language(value) else None


def build_detector(input_path: Path, glossary_path: str | None, min_score: float | None = None,
                   language: str | None = None) -> Detector:
    """A detector with the project's and the user's review data, plus an optional glossary file."""
    meta = project_review_data(input_path) if is_project_file(input_path) else {}
    glossary = Glossary.from_json(meta.get(META_GLOSSARY))
    if glossary_path:
        extra = Glossary.load(glossary_path)
        for term in extra.terms:
            glossary.add(term)
        glossary.corrections.update(extra.corrections)
    memory = UserCorrectionStore().load().merge(CorrectionMemory.from_json(meta.get(META_CORRECTIONS)))
    ignored = ignored_pairs(meta.get(META_IGNORED))
    kwargs: dict[str, Any] = {} if min_score is None else {"min_score": min_score}
    if language is None:  # the project's own choice, unless --language says otherwise
        language = stored_language(meta.get(META_LANGUAGE))
    return Detector(glossary=glossary, memory=memory, ignored=ignored,
                    ignored_words=string_list(meta.get(META_IGNORED_WORDS)), language=language, **kwargs)


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
