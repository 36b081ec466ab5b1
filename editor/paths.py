"""Where the app keeps its files. Tests point everything elsewhere with TRANSCRIPT_EDITOR_HOME."""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import platformdirs

APP_NAME = "transcript-editor"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def _override() -> Path | None:
    home = os.environ.get("TRANSCRIPT_EDITOR_HOME")
    return Path(home) if home else None


def user_data_dir() -> Path:
    """Per-user data: projects made from opened transcripts, the user dictionary, correction memory."""
    base = _override()
    path = base / "data" if base else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_config_dir() -> Path:
    base = _override()
    path = base / "config" if base else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def seeds_dir() -> Path:
    """The bundled sample transcripts: installed as the package data `editor/seeds` (a wheel), else the
    top-level `seeds/` of the source tree (an editable install or a checkout)."""
    for candidate in (Path(__file__).resolve().parent / "seeds", PACKAGE_ROOT / "seeds"):
        if candidate.is_dir():
            return candidate
    return PACKAGE_ROOT / "seeds"


def bundled_sample() -> Path:
    """The sample transcript the app opens when started with no file."""
    files = sorted(p for p in seeds_dir().glob("*.txt") if p.name.lower() != "readme.txt")
    if not files:
        raise FileNotFoundError(f"no sample transcript in {seeds_dir()}")
    return files[0]


def resource_files() -> Traversable:
    """The app's icon, palette, style sheet and desktop entry: the top-level `resources/` folder, installed as
    the package `editor.resources` (setup.py), read through importlib.resources so it works from a wheel."""
    try:
        return resources.files("editor.resources")
    except ModuleNotFoundError:  # a source checkout run without installing it: the folder itself
        return PACKAGE_ROOT / "resources"
