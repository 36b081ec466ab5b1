"""A per-user disk cache of derived model data (pronunciation indexes) so each process need not rebuild it."""

from __future__ import annotations

import marshal
import mmap
import struct
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


PREFIX = 2  # characters of a key that choose its bucket
_MAGIC = b"TEtable1"
_HEAD = struct.Struct("<8sQ")  # magic, length of the marshalled (stamp, bucket index) that follows


class LazyTable:
    """A read-only str -> value mapping stored as marshalled buckets by key prefix; a bucket is unmarshalled the
    first time one of its keys is asked for. Loading a whole 300k-word table takes ~0.15 s, so a check of a
    short file, which asks for a few hundred keys, reads a few buckets instead (from a memory-mapped file)."""

    __slots__ = ("_read", "_loaded")

    def __init__(self, read: Callable[[str], bytes | None]) -> None:
        self._read = read  # prefix -> that bucket's marshalled dict, or None
        self._loaded: dict[str, dict] = {}

    @classmethod
    def from_buckets(cls, buckets: dict[str, bytes]) -> LazyTable:
        return cls(buckets.get)

    def _bucket(self, prefix: str) -> dict:
        bucket = self._loaded.get(prefix)
        if bucket is None:
            raw = self._read(prefix)
            bucket = self._loaded[prefix] = marshal.loads(raw) if raw is not None else {}
        return bucket

    def get(self, key: str, default: Any = None) -> Any:
        return self._bucket(key[:PREFIX]).get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self._bucket(key[:PREFIX])[key]

    def __contains__(self, key: str) -> bool:
        return key in self._bucket(key[:PREFIX])


def pack_table(mapping: dict[str, Any]) -> dict[str, bytes]:
    """The marshalled buckets of a LazyTable holding `mapping` (values must be marshal-able)."""
    buckets: dict[str, dict[str, Any]] = {}
    for key, value in mapping.items():
        buckets.setdefault(key[:PREFIX], {})[key] = value
    return {prefix: marshal.dumps(bucket) for prefix, bucket in buckets.items()}


def cached_table(name: str, version: str, build: Callable[[], dict[str, Any]]) -> LazyTable:
    """A LazyTable of the mapping `build` returns, kept on disk like `cached` (built once per version) in a file
    that is memory-mapped: a process reads only the buckets it uses."""
    table = stored_table(name, version)
    if table is not None:
        return table
    stamp = f"{CACHE_VERSION}:{version}"
    path = cache_dir() / f"{name}.table"
    buckets = pack_table(build())
    index: dict[str, tuple[int, int]] = {}
    offset = 0
    for prefix, data in buckets.items():
        index[prefix] = (offset, len(data))
        offset += len(data)
    head = marshal.dumps((stamp, index))
    try:
        write_atomic(path, _HEAD.pack(_MAGIC, len(head)) + head + b"".join(buckets.values()))
    except (OSError, ValueError):
        pass
    return _open_table(path, stamp) or LazyTable.from_buckets(buckets)


def stored_table(name: str, version: str) -> LazyTable | None:
    """The table `cached_table` keeps under `name` if it is on disk for `version`; None (nothing built) if not."""
    return _open_table(cache_dir() / f"{name}.table", f"{CACHE_VERSION}:{version}")


def _open_table(path: Path, stamp: str) -> LazyTable | None:
    """The table in `path` if it was written for `stamp` (None when missing, stale or damaged)."""
    try:
        with path.open("rb") as fh:
            magic, size = _HEAD.unpack(fh.read(_HEAD.size))
            if magic != _MAGIC:
                return None
            stored_stamp, index = marshal.loads(fh.read(size))
            if stored_stamp != stamp:
                return None
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, EOFError, ValueError, TypeError, struct.error):
        return None
    base = _HEAD.size + size
    if any(base + offset + length > len(data) for offset, length in index.values()):
        return None  # cut short

    def read(prefix: str) -> bytes | None:
        where = index.get(prefix)
        return None if where is None else data[base + where[0] : base + where[0] + where[1]]

    return LazyTable(read)


def package_stamp(*packages: str) -> str:
    """Where and when the given packages were installed: a cache version that changes with any reinstall, found
    without importing them or reading their metadata (importlib.metadata scans every installed distribution)."""
    from importlib.util import find_spec

    parts = []
    for name in packages:
        spec = find_spec(name)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        if origin is None:
            parts.append(f"{name}:-")
            continue
        info = origin.stat()
        parts.append(f"{name}:{origin}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)
