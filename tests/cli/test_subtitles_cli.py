"""`export -f srt|vtt` lays cues out by the subtitle rules (options to change them); `check --subtitles`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import srt

REPO = Path(__file__).resolve().parents[2]
LONG = ("So what we did at the start of the year, and this is important, was to move the whole training pipeline "
        "over to the new accelerators. It took us about three months. Then we measured everything again, and the "
        "results were better than we expected.")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "editor", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)


def long_srt(tmp_path: Path) -> Path:
    path = tmp_path / "long.srt"
    cues = [srt.Subtitle(1, timedelta(seconds=1), timedelta(seconds=20), f"Paige: {LONG}"),
            srt.Subtitle(2, timedelta(seconds=20), timedelta(seconds=20.3), "Sam: Great."),
            srt.Subtitle(3, timedelta(seconds=21), timedelta(seconds=23), "Paige: Thanks.")]
    path.write_text(srt.compose(cues), encoding="utf-8")
    return path


def test_export_keeps_one_cue_per_segment_by_default_and_follows_the_rules_when_asked(tmp_path):
    src = long_srt(tmp_path)
    old = list(srt.parse(run("export", str(src), "-f", "srt").stdout))  # the CLI contract: as earlier versions
    assert [s.content for s in old] == [f"Paige: {LONG}", "Sam: Great.", "Paige: Thanks."]
    assert list(srt.parse(run("export", str(src), "-f", "srt", "--cue-per-segment").stdout)) == old
    laid = list(srt.parse(run("export", str(src), "-f", "srt", "--subtitle-rules").stdout))
    assert len(laid) > 3
    assert all(len(s.content.split("\n")) <= 2 and all(len(x) <= 42 for x in s.content.split("\n")) for s in laid)
    narrow = list(srt.parse(run("export", str(src), "-f", "srt", "--max-line-chars", "30").stdout))
    assert all(len(x) <= 30 for s in narrow for x in s.content.split("\n")) and len(narrow) > len(laid)
    bad = run("export", str(src), "-f", "srt", "--min-duration", "9")
    assert bad.returncode == 1 and bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr


def test_check_subtitles_lists_the_cues_that_break_the_rules(tmp_path):
    src = long_srt(tmp_path)
    as_is = run("check", str(src), "--subtitles")
    assert as_is.returncode == 0
    lines = as_is.stdout.splitlines()
    assert any(x.startswith("cue 1 (00:00:01.000): a line of") for x in lines)
    assert any(x.startswith("cue 2 (00:00:20.000): shown 0.30 s") for x in lines)
    assert lines[-1] == "2 of 3 cue(s) break the subtitle rules"
    exported = json.loads(run("check", str(src), "--subtitles", "--subtitle-rules", "--json").stdout)
    assert exported["cues"] > 3
    assert {p["rule"] for p in exported["problems"]} <= {"reading_speed", "min_duration"}  # what no layout fixes
    assert all(p["rule"] != "line_length" for p in exported["problems"])
