"""Checksums that let opening tell a project changed outside the editor (bit rot, stray tools, bad disks).

Each segment row carries `crc`: CRC-32 of its id, sort key and data, so a flipped bit, a scrambled `pos` or
a value edited by hand shows on that row. The `checksums` row holds what no single row can vouch for: how
many segment rows there are and the sum of their CRCs (deleted or duplicated rows), the speakers table
and the source text. All of it is written in the transaction that writes the edit, so a crash never
leaves them out of step; the sum is updated by difference, so an edit costs nothing per untouched row.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from typing import Any

SUM_MODULUS = 1 << 62  # keeps the stored sum inside SQLite's signed 64-bit INTEGER


def segment_crc(seg_id: str, pos: float, data: str) -> int:
    """CRC-32 of one segment row as stored (id, sort key, data)."""
    return zlib.crc32(f"{seg_id}\x1f{float(pos)!r}\x1f{data}".encode("utf-8", "surrogatepass"))


def speakers_crc(rows: Iterable[tuple[Any, ...]]) -> int:
    """CRC-32 of the speakers table as (id, pos, name, color) rows in order."""
    crc = 0
    for row in rows:
        crc = zlib.crc32("\x1f".join("" if v is None else str(v) for v in row).encode("utf-8", "surrogatepass")
                         + b"\x1e", crc)
    return crc


_CRC_PIECE = 1 << 20  # characters encoded at a time: a 100 MB source is never copied whole


def source_crc(name: Any, fmt: Any, encoding: Any, text: Any) -> int:
    """CRC-32 of the source row's name, format, encoding and text as stored (joined by \\x1f)."""
    crc = zlib.crc32("\x1f".join(str(v) for v in (name, fmt, encoding, "")).encode("utf-8", "surrogatepass"))
    text = str(text)
    for at in range(0, len(text), _CRC_PIECE):
        crc = zlib.crc32(text[at : at + _CRC_PIECE].encode("utf-8", "surrogatepass"), crc)
    return crc


def add(total: int, crc: int) -> int:
    return (total + crc) % SUM_MODULUS


def sub(total: int, crc: int) -> int:
    return (total - crc) % SUM_MODULUS
