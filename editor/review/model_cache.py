"""A per-user disk cache of derived model data (pronunciation indexes) so each process need not rebuild it."""

from __future__ import annotations

import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from editor import paths
from editor.atomic_write import write_atomic

CACHE_VERSION = 1  # bump when the layout of any cached value changes


def cache_dir() -> Path:
    """paths.user_data_dir()/cache, created on demand."""
    folder = paths.user_data_dir() / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cached(name: str, version: str, build: Callable[[], Any]) -> Any:
    """The value cached under `name` when it was built for `version`; otherwise build, store and return it.

    Values must be marshal-able (dicts, lists, tuples, sets, str, numbers). A missing, stale or damaged cache
    file is rebuilt; a cache that cannot be written is skipped (the value is still returned)."""
    stamp = f"{CACHE_VERSION}:{version}"
    try:
        path = cache_dir() / f"{name}.marshal"
        with path.open("rb") as fh:
            stored_stamp, value = marshal.load(fh)
        if stored_stamp == stamp:
            return value
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = build()
    try:
        _write(cache_dir() / f"{name}.marshal", (stamp, value))
    except (OSError, ValueError):
        pass
    return value


def _write(path: Path, data: Any) -> None:
    write_atomic(path, marshal.dumps(data))
