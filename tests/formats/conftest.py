"""Fixtures for the format tests."""

from __future__ import annotations

import pytest
from format_helpers import make_rich_transcript

from editor.core.model import Transcript


@pytest.fixture
def rich() -> Transcript:
    return make_rich_transcript()
