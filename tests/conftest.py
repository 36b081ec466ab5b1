"""Shared test setup: Qt runs offscreen and the app's user folders live in a temp dir."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "seeds" / "tensorflow-dev-summit-interview.txt"


@pytest.fixture(autouse=True)
def _user_dirs(tmp_path_factory, monkeypatch):
    """Keep every test away from the real user's data and settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TRANSCRIPT_EDITOR_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    yield home


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE
