"""What each command loads: a quick command must not pay for the checker, nor `check` for the DOCX writer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "tensorflow-dev-summit-interview.txt"

LOADED = ("import sys, json\n"
          "from editor.cli import main\n"
          "try:\n"
          "    code = main(sys.argv[1:])\n"
          "finally:\n"  # (--version leaves through SystemExit)
          "    print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
          "raise SystemExit(code)\n")


def loaded_by(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", LOADED, *args], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _checker(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.startswith(("editor.review", "wordfreq", "pocketsphinx")))


def test_version_and_info_do_not_load_the_checker():
    assert _checker(loaded_by("--version")) == []
    assert _checker(loaded_by("info", str(SAMPLE))) == []


def test_check_loads_the_checker_but_not_the_docx_writer():
    modules = loaded_by("check", str(SAMPLE))
    assert "editor.review.detector" in modules  # (the probe sees what a command loads)
    assert sorted(m for m in modules if m == "docx" or m.startswith(("docx.", "editor.formats.docx_writer"))) == []
