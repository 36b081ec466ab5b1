"""A rollback journal found beside a project: roll it back only when it is this file's own.

SQLite rolls back any hot `<name>-journal` next to a database into it, whatever file it came from: a
journal left by a crashed copy of the project, placed beside another copy, overwrites pages of an intact
project with pages of a different one. Before the project is opened for writing, the rollback is tried
on a copy in a temporary folder; the journal is used only when that copy comes out sound and the
journal's first page carries this file's change counter. A journal that does not belong is moved aside
(renamed, never deleted), and the project is opened as it is.
"""

from __future__ import annotations

import shutil
import sqlite3
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from editor.errors import ProjectError

JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


@dataclass(frozen=True)
class JournalVerdict:
    """What was done with a journal found beside the project, for the user (None: nothing to say)."""

    notice: str | None


def _sound(db: Path) -> bool:
    """Whether SQLite's integrity check passes on `db` (rolling back its journal first, if it has one)."""
    try:
        conn = sqlite3.connect(db, isolation_level=None)
        try:
            return [r[0] for r in conn.execute("PRAGMA integrity_check(1)")] == ["ok"]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _change_counter(header: bytes) -> int | None:
    return struct.unpack(">I", header[24:28])[0] if len(header) >= 28 else None


def journal_page1_counter(journal: bytes) -> int | None:
    """The file change counter in the journal's copy of page 1 (None when it holds no page 1)."""
    if len(journal) < 28 or not journal.startswith(JOURNAL_MAGIC):
        return None
    n_rec, _nonce, _pages, sector, page_size = struct.unpack(">IIIII", journal[8:28])
    if not (512 <= sector <= 65536) or not (512 <= page_size <= 65536):
        return None
    record = page_size + 8
    count = n_rec if n_rec not in (0, 0xFFFFFFFF) else (len(journal) - sector) // record
    offset = sector
    for _ in range(count):
        if offset + record > len(journal):
            break
        if struct.unpack(">I", journal[offset : offset + 4])[0] == 1:
            return _change_counter(journal[offset + 4 : offset + 4 + page_size])
        offset += record
    return None


def set_aside(journal: Path) -> Path:
    """Rename a journal so SQLite no longer sees it; the name says what it is and when it was moved."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = journal.with_name(f"{journal.name}.set-aside-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = journal.with_name(f"{journal.name}.set-aside-{stamp}-{n}")
    journal.rename(target)
    return target


def settle_journal(path: Path) -> JournalVerdict:
    """Decide, without changing the project, whether its journal is its own; move a foreign one aside.

    Call with the project's lock held and before any SQLite connection opens it for writing.
    """
    journal = journal_path(path)
    try:
        data = journal.read_bytes()
        header = path.open("rb").read(100)
    except FileNotFoundError:
        return JournalVerdict(None)
    except OSError as exc:
        raise ProjectError(path, f"cannot read its recovery journal {journal.name}: {exc.strerror}") from exc
    if not data.startswith(JOURNAL_MAGIC):
        # Not a journal SQLite would roll back (it would delete it): keep it for whoever made it.
        if data.strip(b"\x00"):
            moved = set_aside(journal)
            return JournalVerdict(f"a file {journal.name} that is not a journal of this project was moved aside "
                                  f"to {moved.name}")
        return JournalVerdict(None)
    with tempfile.TemporaryDirectory(prefix="tproj-journal-") as tmp:
        trial = Path(tmp) / "trial.tproj"
        plain = Path(tmp) / "plain.tproj"
        try:
            shutil.copyfile(path, trial)
            shutil.copyfile(journal, journal_path(trial))
            shutil.copyfile(path, plain)
        except OSError as exc:
            raise ProjectError(path, f"was not closed properly, and checking its recovery journal failed "
                               f"({exc.strerror}); nothing was changed") from exc
        rolled_back_ok = _sound(trial)
        as_is_ok = _sound(plain)
    counter, own = _change_counter(header), journal_page1_counter(data)
    counter_fits = own is None or counter is None or counter in (own, own + 1)
    if rolled_back_ok and counter_fits:
        return JournalVerdict(None)  # its own: SQLite rolls it back when the project opens
    if as_is_ok:
        moved = set_aside(journal)
        return JournalVerdict(f"a recovery journal that does not belong to this project was moved aside to "
                              f"{moved.name}; the project was opened as it is")
    raise ProjectError(path, f"is damaged, and the recovery journal beside it ({journal.name}) does not repair it; "
                       "nothing was changed (`transcript-editor repair` salvages what can be read)")
