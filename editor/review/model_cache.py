"""Derived model data (word frequencies, pronunciation indexes) stored so that no process has to rebuild it.

A table is looked for first among the tables the installed package ships (`PREBUILT_DIR`, written when the wheel
is built, or in place by an editable install; see editor/review/prebuilt.py), then in the per-user cache, and is
built into that cache only when neither holds it for the installed versions of the data it comes from.
"""

from __future__ import annotations

import marshal
import mmap
import os
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

from editor import paths
from editor.atomic_write import write_atomic

# bump when the layout of any cached value changes; marshal's format is Python's own (stable since 3.4, but
# a table written by one Python is read by another only when both say they write the same format)
CACHE_VERSION = f"2/m{marshal.version}"
PREBUILT_DIR = Path(__file__).resolve().parent / "tables"  # the tables shipped with the package
_build_dir: Path | None = None  # set while prebuilt.py writes the tables to ship: build there, read nothing else


def cache_dir() -> Path:
    """paths.user_data_dir()/cache, created on demand (while prebuilding: the folder being filled)."""
    folder = _build_dir if _build_dir is not None else paths.user_data_dir() / "cache"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shipped(name: str) -> Path | None:
    """Where the package's own copy of the file `name` would be (None while prebuilding)."""
    return None if _build_dir is not None else PREBUILT_DIR / name


def cached(name: str, version: str, build: Callable[[], Any]) -> Any:
    """The value cached under `name` when it was built for `version`; otherwise build, store and return it.

    Values must be marshal-able (dicts, lists, tuples, sets, str, numbers). A missing, stale or damaged cache
    file is rebuilt; a cache that cannot be written is skipped (the value is still returned)."""
    stamp = f"{CACHE_VERSION}:{version}"
    for path in (_shipped(f"{name}.marshal"), cache_dir() / f"{name}.marshal"):
        if path is None:
            continue
        try:
            # (read whole, then unmarshalled: marshal.load(file) reads each small object from the file on its
            # own, 5-8x slower; the merge filter's 0.7 MB took 0.05-0.08 s so, 0.01 s at once)
            stored_stamp, value = marshal.loads(path.read_bytes())
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
        self._loaded: dict[str, dict[str, Any]] = {}

    @classmethod
    def from_buckets(cls, buckets: dict[str, bytes]) -> LazyTable:
        return cls(buckets.get)

    def _bucket(self, prefix: str) -> dict[str, Any]:
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
    """The table `cached_table` keeps under `name` if the package ships it or it is in the cache for `version`;
    None (nothing built) if not."""
    stamp = f"{CACHE_VERSION}:{version}"
    shipped = _shipped(f"{name}.table")
    found = _open_table(shipped, stamp) if shipped is not None else None
    return found if found is not None else _open_table(cache_dir() / f"{name}.table", stamp)


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


def read_whole_table(path: Path) -> tuple[str, dict[str, Any]]:
    """(the version stamp, every key and value) of a table file: for tests and tools, not for checks."""
    with path.open("rb") as fh:
        magic, size = _HEAD.unpack(fh.read(_HEAD.size))
        if magic != _MAGIC:
            raise ValueError(f"{path}: not a table file")
        stamp, index = marshal.loads(fh.read(size))
        data = fh.read()
    mapping: dict[str, Any] = {}
    for offset, length in index.values():
        mapping.update(marshal.loads(data[offset : offset + length]))
    return stamp, mapping


def package_stamp(*packages: str) -> str:
    """The installed versions of the given packages ("wordfreq==3.1.1"), as a table version that is the same in
    every install of those versions (so tables built with the wheel fit a user's install) and changes when one
    is upgraded. Found without importing them or reading importlib.metadata (which scans every installed
    distribution): from the name of the .dist-info folder beside each package. A package installed without one
    (from a source tree, some system packages) is stamped with where and when it was installed instead."""
    return "|".join(_package_stamp(name) for name in packages)


def _package_stamp(name: str) -> str:
    from importlib.util import find_spec

    spec = find_spec(name)
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    if origin is None:
        return f"{name}:-"
    # (a package's origin is its __init__.py, a one-module distribution's the module itself)
    version = _dist_version(origin.parent.parent if origin.name == "__init__.py" else origin.parent, name)
    if version is not None:
        return f"{name}=={version}"
    info = origin.stat()
    return f"{name}:{origin}:{info.st_size}:{info.st_mtime_ns}"


def _dist_version(folder: Path, name: str) -> str | None:
    """The version in the name of `name`'s `<name>-<version>.dist-info` folder in `folder`, if exactly one (the
    packages asked about are distributed under their import names)."""
    prefix = name.replace("-", "_").lower() + "-"
    try:
        found = [entry.name for entry in os.scandir(folder)
                 if entry.name.endswith(".dist-info") and entry.name.lower().startswith(prefix)]
    except OSError:
        return None
    if len(found) != 1:
        return None
    return found[0][len(prefix) : -len(".dist-info")]
