"""Project subcommands: import, history, version, diff, replace (no Qt)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from editor.commands.progress import on_terminal
from editor.core.edits import EditConflict, find_matches, replace_all
from editor.errors import ProjectError, UserError
from editor.store.diff import changed, format_diff, summary
from editor.store.project import Project
from editor.store.sources import project_for_source


def _local_time(when: float) -> str:
    return dt.datetime.fromtimestamp(when).strftime("%Y-%m-%d %H:%M:%S")


def cmd_import(args: argparse.Namespace) -> int:
    """Create a project from a transcript file and print its path (an existing one for SRC is reused)."""
    source = Path(args.source)
    if not source.is_file():
        raise UserError(source, "no such file" if not source.exists() else "is not a file")
    with on_terminal(source.name):  # (a large import takes a minute: a percentage per stage on a terminal)
        if args.output:
            from editor.formats import load_transcript

            project = Project.create(args.output, load_transcript(source), source_path=source)
        else:
            project = project_for_source(source)
        if not project.created:
            print(f"{project.path}: already imported from {source.name}; opened the existing project",
                  file=sys.stderr)
    with project:
        for note in project.notices:
            print(f"note: {source}: {note}", file=sys.stderr)
        print(project.path)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    """List the edits (seq, time, kind, label) and the named versions of a project."""
    with Project.open(args.project, read_only=True) as project:
        edits = project.history()
        versions = project.versions()
    if args.json:
        data = {
            "edits": [{"seq": e.seq, "time": e.time, "kind": e.kind, "label": e.label} for e in edits],
            "versions": [{"name": v.name, "seq": v.seq, "time": v.time} for v in versions],
        }
        print(json.dumps(data, ensure_ascii=False))
        return 0
    if not edits:
        print("no edits yet")
    for e in edits:
        print(f"{e.seq:>6}  {_local_time(e.time)}  {e.kind:<4}  {e.label}")
    if versions:
        print("\nversions:")
        for v in versions:
            print(f"  {v.name}  (after edit {v.seq}, {_local_time(v.time)})")
    return 0


def cmd_version(args: argparse.Namespace) -> int:
    """Save the current state of a project as a named version."""
    with Project.open(args.project) as project:
        info = project.save_version(args.name)
    print(f"saved version '{info.name}' after edit {info.seq}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """Print the word-level diff between two versions, one line per changed paragraph."""
    with Project.open(args.project, read_only=True) as project:
        ops = project.diff(args.a, args.b)
    counts = summary(ops)
    if not changed(ops):
        print(f"no differences between '{args.a}' and '{args.b}'")
        return 0
    print(f"--- {args.a}\n+++ {args.b}")
    context = getattr(args, "context", None)
    print(format_diff(ops, context=None if context is None or context < 0 else context))
    print(f"\n{counts['replaced']} word(s) replaced, {counts['deleted']} deleted, {counts['inserted']} inserted; "
          f"{counts['equal']} unchanged")
    return 0


def cmd_replace(args: argparse.Namespace) -> int:
    """Replace every OLD with NEW as one edit; exit 1 when OLD does not occur (nothing is changed)."""
    if not args.old:
        raise UserError(args.project, "OLD must not be empty")
    with Project.open(args.project) as project:
        transcript = project.transcript
        count = 0
        segments = 0
        for seg in transcript.segments:
            found = len(find_matches(seg.text, args.old, whole_word=args.whole_word, ignore_case=args.ignore_case))
            count += found
            segments += bool(found)
        try:
            edit = replace_all(transcript, args.old, args.new, whole_word=args.whole_word,
                               ignore_case=args.ignore_case)
        except EditConflict as exc:
            raise UserError(args.project, str(exc)) from exc
        if edit is None:
            print(f"no match for '{args.old}'" if count == 0 else f"'{args.old}' already reads '{args.new}'",
                  file=sys.stderr)
            return 1 if count == 0 else 0
        try:
            project.apply(edit)
        except ProjectError as exc:
            # A command cannot keep an edit in memory for later: it ends now. Say what the file holds.
            project.close(force=True)
            reason = getattr(exc, "reason", exc.message)
            raise ProjectError(args.project, f"NOT saved ({reason}): nothing was replaced; the project is as it "
                               "was before this command") from exc
    print(f"replaced {count} occurrence(s) in {segments} segment(s)")
    return 0


def cmd_repair(args: argparse.Namespace) -> int:
    """Salvage a damaged project into a new file; the damaged one is left as it is."""
    from editor.store.salvage import salvage

    report = salvage(args.project, args.output)
    print(f"wrote {args.output}: {report.segments} segment(s)")
    for line in report.lines():
        print(f"  {line}")
    if not report.problems:
        print(f"  nothing was lost; {args.project} was left as it is")
    else:
        print(f"  {args.project} was left as it is")
    return 0
