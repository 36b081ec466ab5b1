"""The same input gives the same suspects in every run (no dependence on set/hash order)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _check(seed: str, transcript: Path, glossary: Path, home: Path) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "TRANSCRIPT_EDITOR_HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "editor", "check", str(transcript), "--glossary", str(glossary),
                           "--json"], capture_output=True, text=True, env=env, cwd=REPO, check=True)
    return done.stdout


def test_check_output_does_not_depend_on_the_hash_seed(tmp_path):
    # Terms that tie on similarity for the misheard names below: the winner must not depend on set order.
    glossary = tmp_path / "terms.txt"
    glossary.write_text("Torte\nDorote\nDorrote\nKarmel\nCarmell\nTensorFlow\nTensor Flow Lite\n", encoding="utf-8")
    transcript = tmp_path / "talk.txt"
    transcript.write_text("We baked a tort with Dorrot and Karmell.\nThen tensor flo light ran on the phone.\n"
                          "Dorotte said the torta was fine.\n", encoding="utf-8")
    outputs = {_check(seed, transcript, glossary, tmp_path / "home") for seed in ("1", "2", "3")}
    assert len(outputs) == 1
    assert '"suspects": [' in outputs.pop()


def test_equally_common_spellings_of_a_name_tie_the_same_way_in_every_run(tmp_path):
    # 'Smeth' is as close to 'Smyth' as to 'Smith', both used twice: which one is the majority spelling (and the
    # order of the document's sound-alike names) must not follow the order of a set of strings.
    glossary = tmp_path / "terms.txt"
    glossary.write_text("Kubeflow\n", encoding="utf-8")
    transcript = tmp_path / "talk.txt"
    transcript.write_text("We met Smyth and Smith today.\nThen Smith called Smyth again.\n"
                          "Later Smeth, Smithe and Smeeth joined.\n", encoding="utf-8")
    outputs = {_check(seed, transcript, glossary, tmp_path / "home") for seed in ("1", "2", "3", "4", "5")}
    assert len(outputs) == 1
    assert '"Smeth"' in outputs.pop()
