"""Damage sweep: damage copies of a project in every way we know, then open, export and repair each one.

Kinds of damage: truncation, bit flips, zeroed pages, a wrong-typed value in every column of every table,
deleted rows, edited text and scrambled order behind the editor's back, and journals from another copy of
the project. For each damaged copy the sweep opens it for editing and read-only, exports it through the
CLI, repairs it into a new file, and counts:

- crashes: any exception that is not a clear user error, or "unexpected" on the CLI;
- silent: opened (or exported) with content different from the intact project and no warning;
- worse: the damaged file (or its journal) changed by our opening it, other than a rollback of its own
  journal that leaves a sound file;
- repairs that do not open cleanly for editing.

    python tests/crash/damage_sweep.py --count 1000 [--dir /dev/shm/sweep]   # tmpfs: no fsync waits
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from editor.cli import main as cli_main  # noqa: E402
from editor.core import edits as E  # noqa: E402
from editor.core.model import Segment, SourceInfo, Speaker, Transcript, Word  # noqa: E402
from editor.errors import UserError  # noqa: E402
from editor.store.journal import journal_path  # noqa: E402
from editor.store.project import Project  # noqa: E402

WORDS = "with the model we learn a word from data and then it writes text for people".split()
COLUMNS = {
    "segments": ["id", "pos", "data", "crc"],
    "speakers": ["id", "pos", "name", "color"],
    "source": ["name", "format", "encoding", "text", "path", "sha256", "original"],
    "history": ["seq", "time", "kind", "merge", "label", "edit"],
    "versions": ["name", "seq", "time", "snapshot"],
    "meta": ["key", "value"],
    "checksums": ["segments", "segments_sum", "speakers", "source"],
}
WRONG_VALUES = ["abc", 1.5, b"\x00\xff", None, -1, "{}", "null", "[1,2]", '{"text": 5}', 10**15, ""]


def base_transcript(count: int = 120) -> Transcript:
    rng = random.Random(3)
    segments = []
    for i in range(1, count + 1):
        tokens = [rng.choice(WORDS) for _ in range(rng.randint(4, 14))]
        words = tuple(Word(t, i * 4000 + k * 250, i * 4000 + k * 250 + 200, 0.9) for k, t in enumerate(tokens))
        segments.append(Segment(f"s{i}", " ".join(tokens), "p1" if i % 3 else "p2", i * 4000, i * 4000 + 3800,
                                words))
    text = "\n".join(s.text for s in segments)
    return Transcript(segments, [Speaker("p1", "Ann"), Speaker("p2", "Bob", "#336699")],
                      SourceInfo(text, "sweep.txt", "txt", "utf-8"))


def make_base(folder: Path, name: str, count: int, seed: int) -> Path:
    """A project with history (typing, splits, undo), a named version and review data."""
    path = folder / name
    rng = random.Random(seed)
    with Project.create(path, base_transcript(count)) as project:
        for n in range(40):
            t = project.transcript
            seg = rng.choice(t.segments)
            at = rng.randint(0, len(seg.text))
            try:
                if n % 10 == 9:
                    project.apply(E.split_segment(t, seg.id, seg.text.index(" ", 1)))
                else:
                    project.apply(E.set_text(t, seg.id, at, at, rng.choice(WORDS) + " "))
            except E.EditConflict:
                continue
            if n == 20:
                project.save_version("halfway")
        project.undo()
        project.set_meta("review.glossary", ["Ann", "Bob"])
    return path


def crash_journal(path: Path) -> tuple[bytes, bytes]:
    """(file bytes, journal bytes) as a crash in the middle of a big write leaves them."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA cache_size = 2")
    conn.execute("BEGIN")
    conn.execute("UPDATE segments SET data = json_set(data, '$.text', hex(randomblob(300)))")
    state = path.read_bytes(), journal_path(path).read_bytes()
    conn.execute("ROLLBACK")
    conn.close()
    return state


@dataclass
class Case:
    kind: str
    detail: str


@dataclass
class Stats:
    cases: int = 0
    kinds: Counter = field(default_factory=Counter)
    refused_rw: int = 0
    opened_ro_with_warning: int = 0
    opened_clean: int = 0
    repaired: int = 0
    repair_refused: int = 0
    repair_exact: int = 0
    crashes: list[str] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)
    worse: list[str] = field(default_factory=list)
    bad_repairs: list[str] = field(default_factory=list)


def damage(path: Path, rng: random.Random, other: Path, kind: str) -> Case:
    """Damage `path` in place (and maybe add a journal) in the way `kind` names."""
    data = bytearray(path.read_bytes())
    if kind == "truncate":
        cut = rng.randint(1, len(data) - 1)
        path.write_bytes(bytes(data[:cut]))
        return Case(kind, f"to {cut} of {len(data)} bytes")
    if kind == "bitflip":
        flips = rng.randint(1, 8)
        spots = [rng.randrange(len(data)) for _ in range(flips)]
        for at in spots:
            data[at] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        return Case(kind, f"{flips} bit(s) at {spots[:3]}")
    if kind == "zeropage":
        page = rng.randrange(len(data) // 4096)
        data[page * 4096 : (page + 1) * 4096] = bytes(4096)
        path.write_bytes(bytes(data))
        return Case(kind, f"page {page + 1}")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        if kind == "wrongtype":
            table = rng.choice(list(COLUMNS))
            column = rng.choice(COLUMNS[table])
            value = rng.choice(WRONG_VALUES)
            key = "rowid" if table not in ("segments",) else "id"
            row = conn.execute(f"SELECT {key} FROM {table} ORDER BY random() LIMIT 1").fetchone()
            if row is not None:
                with contextlib.suppress(sqlite3.IntegrityError):
                    conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (value, row[0]))
            return Case(kind, f"{table}.{column} = {value!r}")
        if kind == "jsonfield":
            field_name = rng.choice(["text", "start", "end", "words", "speaker", "source", "meta"])
            value = rng.choice(["abc", 1.5, -5, None, [1], {"a": 1}, "x" * 3])
            seg = conn.execute("SELECT id FROM segments ORDER BY random() LIMIT 1").fetchone()[0]
            conn.execute("UPDATE segments SET data = json_set(data, ?, json(?)) WHERE id = ?",
                         (f"$.{field_name}", json_dumps(value), seg))
            return Case(kind, f"{seg}.{field_name} = {value!r}")
        if kind == "deleterows":
            table = rng.choice(["segments", "segments", "speakers", "history", "source", "checksums", "versions"])
            n = rng.choice([1, 1, 2, 5, 10**6])
            conn.execute(f"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} ORDER BY random() LIMIT ?)"
                         if table != "segments" else
                         "DELETE FROM segments WHERE id IN (SELECT id FROM segments ORDER BY random() LIMIT ?)", (n,))
            return Case(kind, f"{min(n, 999)} row(s) of {table}")
        if kind == "textedit":
            seg = conn.execute("SELECT id FROM segments ORDER BY random() LIMIT 1").fetchone()[0]
            conn.execute("UPDATE segments SET data = replace(data, 'w', 'g') WHERE id = ?", (seg,))
            return Case(kind, f"{seg}: w -> g")
        if kind == "scramble":
            conn.execute("UPDATE segments SET pos = (abs(random()) % 100000) * 1.0")
            return Case(kind, "random pos")
    finally:
        conn.close()
    if kind == "foreignjournal":
        _file, journal = crash_journal(other)
        journal_path(path).write_bytes(journal)
        return Case(kind, f"journal of {other.name}")
    if kind == "ownjournal":
        file_bytes, journal = crash_journal(path)
        path.write_bytes(file_bytes)
        journal_path(path).write_bytes(journal)
        return Case(kind, "crash mid-write")
    raise ValueError(kind)


def json_dumps(value: object) -> str:
    import json

    return json.dumps(value)


KINDS = ["truncate", "bitflip", "zeropage", "wrongtype", "jsonfield", "deleterows", "textedit", "scramble",
         "foreignjournal", "ownjournal"]


def digest(path: Path) -> tuple[str, str]:
    """(hash of the file, hash of its journal wherever it is now: beside the file or set aside as a copy)."""
    def sha(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    journal = journal_path(path)
    aside = sorted(path.parent.glob(journal.name + ".set-aside-*"))
    kept = journal.read_bytes() if journal.exists() else aside[-1].read_bytes() if aside else b"-"
    return sha(path.read_bytes() if path.exists() else b"-"), sha(kept)


def sound(path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return [r[0] for r in conn.execute("PRAGMA integrity_check(1)")] == ["ok"]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def same(a: Transcript, b: Transcript) -> bool:
    return a == b and a.source.text == b.source.text


def check_case(path: Path, expected: Transcript, case: Case, stats: Stats, folder: Path) -> None:
    label = f"{case.kind} ({case.detail})"
    before = digest(path)
    was_sound_with_own_journal = case.kind == "ownjournal"
    # 1. open for editing
    try:
        with Project.open(path) as project:
            content = project.transcript.copy()
            if not same(content, expected):
                stats.silent.append(f"{label}: opened for editing with different content and no warning")
            else:
                stats.opened_clean += 1
    except UserError:
        stats.refused_rw += 1
    except Exception as exc:  # noqa: BLE001 (counted: any other exception is a crash)
        stats.crashes.append(f"{label}: open for editing: {type(exc).__name__}: {exc}")
    after = digest(path)
    if after[1] != before[1] and not was_sound_with_own_journal:
        stats.worse.append(f"{label}: opening lost the journal beside the file")
    if after[0] != before[0] and not (was_sound_with_own_journal and sound(path)):
        stats.worse.append(f"{label}: opening changed the file")
    # 2. read-only
    try:
        with Project.open(path, read_only=True) as project:
            if project.problems:
                stats.opened_ro_with_warning += 1
            elif not same(project.transcript, expected):
                stats.silent.append(f"{label}: opened read-only with different content and no warning")
    except UserError:
        pass
    except Exception as exc:  # noqa: BLE001
        stats.crashes.append(f"{label}: open read-only: {type(exc).__name__}: {exc}")
    # 3. the CLI export
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli_main(["export", str(path), "-f", "json"])
        except BaseException as exc:  # noqa: BLE001
            code = -1
            err.write(f"raised {type(exc).__name__}: {exc}")
    out.flush()
    if "unexpected" in err.getvalue() or code == -1:
        stats.crashes.append(f"{label}: export: {err.getvalue().strip()[:200]}")
    elif code == 0:
        from editor.formats import export_bytes

        if out.buffer.getvalue() != export_bytes(expected, "json"):
            stats.silent.append(f"{label}: exported different content with exit 0")
    # 4. repair into a new file
    target = folder / "repaired.tproj"
    target.unlink(missing_ok=True)
    before = digest(path)
    try:
        report = None
        with contextlib.redirect_stdout(io.StringIO()):
            from editor.store.salvage import salvage

            report = salvage(path, target)
        stats.repaired += 1
        with Project.open(target) as repaired:
            if repaired.problems:
                stats.bad_repairs.append(f"{label}: the repaired file has problems: {repaired.problems[:2]}")
            if same(repaired.transcript, expected):
                stats.repair_exact += 1
            elif not report.problems:
                stats.silent.append(f"{label}: repair changed the content and reported nothing")
    except UserError:
        stats.repair_refused += 1
    except Exception as exc:  # noqa: BLE001
        stats.crashes.append(f"{label}: repair: {type(exc).__name__}: {exc}")
    if digest(path) != before:
        stats.worse.append(f"{label}: repair changed the damaged file")


def sweep(count: int, seed: int, folder: Path, kinds: list[str] | None = None, *, progress: bool = False) -> Stats:
    rng = random.Random(seed)
    base = make_base(folder, "base.tproj", 120, 1)
    other = make_base(folder, "other.tproj", 90, 2)
    with Project.open(base, read_only=True) as project:
        expected = project.transcript.copy()
    stats = Stats()
    kinds = kinds or KINDS
    work = folder / "case"
    work.mkdir(exist_ok=True)
    for i in range(count):
        for leftover in work.iterdir():
            leftover.unlink()
        path = work / "damaged.tproj"
        shutil.copyfile(base, path)
        other_copy = work / "other.tproj"
        shutil.copyfile(other, other_copy)
        kind = kinds[i % len(kinds)]
        case = damage(path, rng, other_copy, kind)
        stats.cases += 1
        stats.kinds[kind] += 1
        check_case(path, expected, case, stats, work)
        if progress and (i + 1) % 100 == 0:
            print(f"{i + 1}/{count}: {len(stats.crashes)} crashes, {len(stats.silent)} silent, "
                  f"{len(stats.worse)} made worse", file=sys.stderr, flush=True)
    return stats


def report(stats: Stats, seconds: float) -> str:
    lines = [
        f"{stats.cases} damaged projects ({', '.join(f'{k} {n}' for k, n in sorted(stats.kinds.items()))}) "
        f"in {seconds:.0f} s",
        f"crashes/tracebacks: {len(stats.crashes)}",
        f"opened with wrong content and no warning: {len(stats.silent)}",
        f"originals made worse: {len(stats.worse)}",
        f"opened for editing with exact content: {stats.opened_clean}; refused for editing: {stats.refused_rw}; "
        f"opened read-only with warnings: {stats.opened_ro_with_warning}",
        f"repaired: {stats.repaired} (exact content: {stats.repair_exact}); repair refused: {stats.repair_refused}; "
        f"repairs that do not open cleanly: {len(stats.bad_repairs)}",
    ]
    for name in ("crashes", "silent", "worse", "bad_repairs"):
        for item in getattr(stats, name)[:10]:
            lines.append(f"  {name}: {item}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--kind", action="append", choices=KINDS, help="only these kinds of damage")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="damage-sweep-") as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        stats = sweep(args.count, args.seed, folder, args.kind, progress=True)
        print(report(stats, time.perf_counter() - start))
    failed = stats.crashes or stats.silent or stats.worse or stats.bad_repairs
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
