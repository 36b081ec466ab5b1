"""Subtitle rules from the command line: `export -f srt|vtt` options and `check --subtitles` (no Qt)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from editor.errors import FormatError, UserError
from editor.formats.cues import SubtitleRules, cue_problems, layout_cues, segment_cues
from editor.loading import load_input

RULE_OPTIONS = ("max_lines", "max_line_chars", "max_cps", "min_duration", "max_duration", "min_gap")


def rules_from(args: argparse.Namespace) -> SubtitleRules | None:
    """The rules the options ask for: None (one cue per segment, the CLI's compatible default) unless
    `--subtitle-rules` or a rule option is given, or `--cue-per-segment` forces it. UserError for impossible values."""
    given = {name: getattr(args, name, None) for name in RULE_OPTIONS}
    if getattr(args, "cue_per_segment", False) or not (
            getattr(args, "subtitle_rules", False) or any(v is not None for v in given.values())):
        return None
    default = SubtitleRules()

    def pick(name: str, fallback: float) -> float:
        value = given[name]
        return fallback if value is None else value

    rules = SubtitleRules(max_lines=int(pick("max_lines", default.max_lines)),
                          max_line_chars=int(pick("max_line_chars", default.max_line_chars)),
                          max_cps=float(pick("max_cps", default.max_cps)),
                          min_duration_ms=round(pick("min_duration", default.min_duration_ms / 1000) * 1000),
                          max_duration_ms=round(pick("max_duration", default.max_duration_ms / 1000) * 1000),
                          min_gap_ms=int(pick("min_gap", default.min_gap_ms)))
    where = getattr(args, "input", None) or "-"
    if rules.max_lines < 1 or rules.max_line_chars < 10 or rules.max_cps <= 0 or rules.min_gap_ms < 0:
        raise UserError(where, "subtitle options: --max-lines >= 1, --max-line-chars >= 10, --max-cps > 0, "
                        "--min-gap >= 0")
    if not 0 <= rules.min_duration_ms < rules.max_duration_ms:
        raise UserError(where, "subtitle options: --min-duration must be below --max-duration")
    return rules


def cmd_check_subtitles(args: argparse.Namespace) -> int:
    """`check INPUT --subtitles`: the cues that break the rules, one line each (or JSON); exit 0."""
    rules = rules_from(args)
    transcript = load_input(Path(args.input))
    try:
        cues = segment_cues(transcript) if rules is None else layout_cues(transcript, rules)
    except FormatError as exc:
        raise FormatError(exc.path or args.input, exc.message) from exc
    problems = cue_problems(cues, rules or SubtitleRules())
    if args.json:
        data = {"cues": len(cues), "problems": [
            {"cue": p.cue, "start": p.start, "rule": p.rule, "message": p.message} for p in problems]}
        json.dump(data, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    for p in problems:
        print(p.message)
    broken = len({p.cue for p in problems})
    print(f"{broken} of {len(cues)} cue(s) break the subtitle rules" if problems else
          f"all {len(cues)} cue(s) follow the subtitle rules")
    return 0
