"""`info` and `export`: describe or convert a transcript file or a project (no Qt)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from editor.core.model import Transcript
from editor.loading import is_project_file, load_input


def _duration(ms: int) -> str:
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def info_lines(path: Path, transcript: Transcript, file_format: str | None = None) -> list[str]:
    """The `info` report as `key: value` lines (`file_format`: what the file itself is, if not the source's)."""
    source = transcript.source
    fmt = source.format or "unknown"
    if file_format and file_format != fmt:
        fmt = f"{file_format} (originally {fmt}" + (f" from {source.name})" if source.name else ")")
    duration = transcript.duration()
    words_timed = sum(1 for s in transcript.segments if s.words is not None)
    lines = [
        f"file: {path}",
        f"format: {fmt}",
        f"encoding: {source.encoding or 'unknown'}",
        f"segments: {len(transcript)}",
        f"words: {transcript.word_count()}",
        f"speakers: {len(transcript.speakers)}",
    ]
    if transcript.speakers:
        counts = transcript.speaker_counts()
        lines.append("speaker names: " + ", ".join(f"{s.name} ({counts.get(s.id, 0)})" for s in transcript.speakers))
    lines.append(f"timings: {'yes' if transcript.has_timings() else 'no'}")
    if words_timed:
        lines.append(f"segments with word timings: {words_timed}")
    lines.append(f"duration: {_duration(duration) if duration is not None else 'unknown'}")
    return lines


def cmd_info(args: argparse.Namespace) -> int:
    """Print format, encoding, counts and duration of a transcript file or project."""
    path = Path(args.input)
    if is_project_file(path) or not path.is_file():
        transcript = load_input(path)
        file_format = "project" if path.exists() else None
    else:
        from editor.formats import decoding, detect_format, import_text

        text, encoding, notes = decoding.decode_with_notes(decoding.read_file(path), path)
        file_format = detect_format(path.name, text)
        transcript = import_text(text, path.name, where=path)
        transcript.source.notes[:0] = notes
        transcript.source.encoding = transcript.source.encoding or encoding
    print("\n".join(info_lines(path, transcript, file_format)))
    for note in transcript.source.notes:
        print(f"note: {note}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """Convert a transcript file or project to txt/md/docx/srt/vtt/json (stdout for text formats)."""
    from editor.errors import FormatError
    from editor.formats import ExportOptions, export_bytes, exporter
    from editor.formats.writing import write_atomic

    target = exporter(args.format)
    if args.output is None and not target.is_text:
        print(f"error: {args.format} is a binary format: give an output file with -o OUT", file=sys.stderr)
        return 2
    transcript = load_input(args.input, args.version_name)
    for note in transcript.source.notes:
        print(f"note: {args.input}: {note}", file=sys.stderr)
    from editor.commands.subtitles import rules_from

    # One cue per segment (the CLI contract) unless --subtitle-rules or a rule option asks for the rules.
    subtitles = rules_from(args) if args.format in ("srt", "vtt") else None
    options = ExportOptions(timestamps=args.timestamps, speakers=not args.no_speakers, merge=not args.no_merge,
                            subtitles=subtitles)
    try:
        data = export_bytes(transcript, args.format, options)
    except FormatError as exc:  # e.g. subtitles from a transcript without timings: name the input
        raise FormatError(exc.path or args.input, exc.message) from exc
    if args.output is None:
        try:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            return 0
        return 0
    write_atomic(args.output, data)
    return 0
