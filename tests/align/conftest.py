"""Recordings with known timings for the alignment tests (made once per session; skipped without tools)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth_speech import SENTENCES, build_recording, missing_tools

SHORT = SENTENCES[:6]  # about 27 s of speech: enough for several windows' worth of logic, fast in CI


@pytest.fixture(scope="session")
def speech(tmp_path_factory):
    """(wav path, truth) for SHORT spoken with known pauses."""
    why = missing_tools()
    if why:
        pytest.skip(why)
    folder = tmp_path_factory.mktemp("speech")
    truth = build_recording(folder / "talk.wav", SHORT)
    return folder / "talk.wav", truth
