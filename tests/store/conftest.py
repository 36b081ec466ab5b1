"""Fixtures for project-file tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import make_transcript

from editor.core.model import Transcript


@pytest.fixture
def transcript() -> Transcript:
    return make_transcript()


@pytest.fixture
def project_path(tmp_path) -> Path:
    return tmp_path / "talk.tproj"
