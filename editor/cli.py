"""Command line: `transcript-editor [FILE]` opens the GUI; subcommands serve scripts and tests.

This module imports no Qt: the GUI is imported only when it is asked for. The subcommands' output and
exit codes are a contract (scripts depend on `check --json`, `export`, `history`): change them only
compatibly. Errors print one line `error: <file>: <what is wrong>` and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from editor import __version__
from editor.errors import DamagedProjectError, UserError

EXPORT_FORMATS = ["txt", "md", "docx", "srt", "vtt", "json"]

# subcommand -> "module:function"; each handler takes the parsed args and returns an exit code.
HANDLERS = {
    "info": "editor.commands.transcript:cmd_info",
    "export": "editor.commands.transcript:cmd_export",
    "import": "editor.commands.project:cmd_import",
    "history": "editor.commands.project:cmd_history",
    "version": "editor.commands.project:cmd_version",
    "diff": "editor.commands.project:cmd_diff",
    "replace": "editor.commands.project:cmd_replace",
    "check": "editor.commands.check:cmd_check",
    "repair": "editor.commands.project:cmd_repair",
    "align": "editor.commands.align:cmd_align",
    "install-desktop": "editor.commands.desktop:cmd_install_desktop",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="transcript-editor",
        description="Correct speech-to-text transcripts. With no subcommand, opens FILE (or the bundled sample) in the editor.",
    )
    parser.add_argument("--version", action="version", version=f"transcript-editor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("info", help="print format, encoding and counts of a transcript or project")
    p.add_argument("input", metavar="INPUT")

    p = sub.add_parser("export", help="export a transcript or project as clean text or subtitles")
    p.add_argument("input", metavar="INPUT")
    p.add_argument("-f", "--format", choices=EXPORT_FORMATS, required=True)
    p.add_argument("-o", "--output", metavar="OUT", help="output file (default: standard output; required for docx)")
    p.add_argument("--timestamps", action="store_true", help="txt/md: put the start time before each paragraph")
    p.add_argument("--no-speakers", action="store_true", help="txt/md/docx: leave out speaker names")
    p.add_argument("--no-merge", action="store_true", help="txt/md/docx: one paragraph per segment")
    p.add_argument("--version", dest="version_name", metavar="NAME", help="export a named version of a project")
    _add_subtitle_options(p)

    p = sub.add_parser("import", help="create a project file from a transcript file")
    p.add_argument("source", metavar="SRC")
    p.add_argument("-o", "--output", metavar="PROJECT", help="project path (default: SRC with .tproj)")

    p = sub.add_parser("history", help="list the edits and named versions of a project")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("--json", action="store_true", help="one JSON object on standard output")

    p = sub.add_parser("version", help="save the current state of a project as a named version")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("name", metavar="NAME")

    p = sub.add_parser("diff", help="word-level diff between two versions ('original', 'current' or a name)")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("a", metavar="A")
    p.add_argument("b", metavar="B", nargs="?", default="current")
    p.add_argument("--context", type=int, default=8, metavar="N",
                   help="unchanged words shown around each change (default 8; -1: whole paragraphs)")

    p = sub.add_parser("replace", help="replace every OLD with NEW in a project, as one edit",
                       description="Replace every OLD with NEW in a project, as one undoable edit. Prints how many "
                       "were replaced; exits 1, changing nothing, when OLD does not occur.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--whole-word", action="store_true")
    p.add_argument("--ignore-case", action="store_true")

    p = sub.add_parser("repair", help="salvage what can be read of a damaged project into a new project file",
                       description="Read what can be read of a damaged PROJECT into the new project NEW; PROJECT "
                       "itself is never changed. Prints what was kept and what was lost.")
    p.add_argument("project", metavar="PROJECT")
    p.add_argument("-o", "--output", metavar="NEW", required=True, help="the new project file to write")

    p = sub.add_parser("align", help="give every segment and word a time by aligning the text to the recording",
                       description="Align the project's text to its recording (offline, English) and store the "
                       "times as one undoable edit. Words that cannot be found get estimated times.")
    p.add_argument("project", metavar="PROJECT", help="a project, or a transcript file (its project is used)")
    p.add_argument("media", metavar="MEDIA", nargs="?",
                   help="the recording (default: the project's attached media); attached when none is")
    p.add_argument("--changed", action="store_true",
                   help="only segments edited since the last alignment (and segments without times)")
    p.add_argument("--progress", action="store_true", help="show progress on standard error")

    p = sub.add_parser("check", help="list suspected mis-transcriptions")
    p.add_argument("input", metavar="INPUT")
    p.add_argument("--glossary", metavar="FILE", help="glossary: one term per line, '#' comments, 'wrong -> right'")
    p.add_argument("--json", action="store_true", help="one JSON object on standard output")
    p.add_argument("--min-score", type=float, default=None, metavar="X",
                   help="only suspects scoring at least X (lower it to see more, with more false alarms)")
    p.add_argument("--language", metavar="CODE",
                   help="the transcript's language ('en', 'de', 'es', ...); detected when not given")
    p.add_argument("--subtitles", action="store_true",
                   help="instead of words, list the subtitle cues (as `export -f srt` writes them with the same "
                   "options) that break the subtitle rules: lines, characters per line and second, durations, gaps")
    _add_subtitle_options(p)

    sub.add_parser("install-desktop", help="add Transcript Editor (with its icon) to the Linux application menu",
                   description="Write the .desktop entry and icon under $XDG_DATA_HOME (~/.local/share); the entry "
                   "starts the app with this Python, so it works from a venv that is not on the PATH.")
    return parser


def _add_subtitle_options(p: argparse.ArgumentParser) -> None:
    """The subtitle rules (srt/vtt): defaults follow common style guides (see editor/formats/cues.py)."""
    group = p.add_argument_group("subtitles (srt, vtt)")
    group.add_argument("--subtitle-rules", action="store_true",
                       help="lay cues out by the subtitle rules below (any rule option implies it); without it, one "
                       "cue per segment as earlier versions wrote (scripts rely on that)")
    group.add_argument("--cue-per-segment", action="store_true",
                       help="one cue per segment on one line (the default; overrides the rule options)")
    # None = not given, so that giving any rule asks for the rules; rules_from fills in the defaults
    group.add_argument("--max-line-chars", type=int, metavar="N", help="characters per line (42)")
    group.add_argument("--max-lines", type=int, metavar="N", help="lines per cue (2)")
    group.add_argument("--max-cps", type=float, metavar="X", help="characters per second (17)")
    group.add_argument("--min-duration", type=float, metavar="S", help="shortest cue, seconds (1)")
    group.add_argument("--max-duration", type=float, metavar="S", help="longest cue, seconds (7)")
    group.add_argument("--min-gap", type=int, metavar="MS", help="pause between cues, ms (80)")


def _handler(command: str) -> Callable[[argparse.Namespace], int]:
    module_name, func = HANDLERS[command].split(":")
    return getattr(importlib.import_module(module_name), func)


def run_gui(path: str | None) -> int:
    """Start the GUI (imported lazily so that scripts never load Qt)."""
    try:
        app = importlib.import_module("editor.ui.app")
    except ImportError as exc:
        print(f"error: the GUI cannot start: {exc}", file=sys.stderr)
        return 2
    return app.run(path)


_QUICK_EXIT_COMMANDS = {"check"}  # write to stdout/stderr only and hold nothing that needs closing at exit
_last_command: str | None = None


def run() -> NoReturn:
    """The program (`python -m editor`, the `transcript-editor` script): main(), then exit.

    After a check, the interpreter's normal shutdown would free the loaded word tables and models object by
    object (~0.6 s of CPU after 10 hours); the output is flushed and the process ends without that."""
    code = main()
    if _last_command in _QUICK_EXIT_COMMANDS:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:  # (the reader went away: as in main(), not an error)
            pass
        else:
            os._exit(code)
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    global _last_command
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # `transcript-editor [FILE]`: anything that is not a subcommand or an option opens the GUI.
    if not argv or (argv[0] not in HANDLERS and not argv[0].startswith("-")):
        if len(argv) > 1:
            parser.error(f"unknown command {argv[0]!r}")
        return run_gui(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    _last_command = args.command
    # a check is one pass that loads large word tables (millions of objects, no reference cycles): the cyclic
    # collector would rescan them again and again (~0.6 s of 5 s CPU on 10 hours); the process ends soon after
    collecting = gc.isenabled() and args.command == "check"
    if collecting:
        gc.disable()
    try:
        return _handler(args.command)(args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if isinstance(exc, DamagedProjectError):
            for problem in exc.problems:
                print(f"  {problem}", file=sys.stderr)
            print(f"`transcript-editor repair {exc.path} -o NEW.tproj` salvages what can be read into a new file",
                  file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: still one line for the user, details on request
        if os.environ.get("TRANSCRIPT_EDITOR_DEBUG"):
            raise
        where = getattr(args, "input", None) or getattr(args, "project", None) or getattr(args, "source", None)
        print(f"error: {where}: unexpected {type(exc).__name__}: {exc} (set TRANSCRIPT_EDITOR_DEBUG=1 for details)",
              file=sys.stderr)
        return 1
    finally:
        if collecting:
            gc.enable()


if __name__ == "__main__":
    sys.exit(main())
