"""The wheel's table build step must run in pip's isolated build environment, which holds only what
pyproject.toml's [build-system] requires (and what those require): when it lacked msgspec, `python -m
editor.review.prebuilt` failed there, every wheel and editable install shipped without tables, and each user's
first check built them (~2 s). The packaging tests build with --no-build-isolation and could not see that.

Here the build step runs with every installed distribution outside that set hidden from imports, as in the
isolated environment (an optional import falls back as it would there; a needed one fails the build)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parent.parent

HIDING_RUN = r'''
import json, re, runpy, sys
from importlib import metadata
allowed = set(json.loads(sys.argv[1]))
owners = metadata.packages_distributions()

def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()

class NotInTheBuildEnvironment:
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        dists = {norm(d) for d in owners.get(top, ())}
        if top != "editor" and dists and not dists & allowed:
            raise ModuleNotFoundError(f"No module named {name!r} (not in the build environment)", name=name)
        return None

sys.meta_path.insert(0, NotInTheBuildEnvironment())
sys.argv = ["prebuilt", sys.argv[2]]
runpy.run_module("editor.review.prebuilt", run_name="__main__")
'''


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def build_environment() -> set[str]:
    """The distributions pip puts in the isolated build environment: the build requirements and, transitively,
    what they require (without extras), as far as this venv has them installed."""
    requires = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    todo = [Requirement(r) for r in requires]
    seen: set[str] = set()
    while todo:
        req = todo.pop()
        name = _norm(req.name)
        if name in seen or (req.marker is not None and not req.marker.evaluate({"extra": ""})):
            continue
        seen.add(name)
        try:
            todo += [Requirement(r) for r in metadata.requires(req.name) or ()]
        except metadata.PackageNotFoundError:
            pass
    return seen


@pytest.mark.slow
def test_the_table_build_step_needs_only_the_build_requirements(tmp_path):
    allowed = build_environment()
    assert "wordfreq" in allowed
    done = subprocess.run([sys.executable, "-c", HIDING_RUN, json.dumps(sorted(allowed)), str(tmp_path / "tables")],
                          capture_output=True, text=True, cwd=REPO, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "tables" / "lm-arrays.bin").is_file()


def test_hiding_a_distribution_makes_the_build_step_fail(tmp_path):
    # (the check above can fail: without msgspec among the allowed, the build step cannot import the model)
    allowed = build_environment() - {"msgspec"}
    done = subprocess.run([sys.executable, "-c", HIDING_RUN, json.dumps(sorted(allowed)), str(tmp_path / "tables")],
                          capture_output=True, text=True, cwd=REPO, timeout=240, check=False)
    assert done.returncode != 0 and "msgspec" in done.stderr
