"""Crash test: SIGKILL a process that is editing a project, over and over, and check the file each time.

A child process applies random edits (typing, deleting, split, merge, speakers, undo, redo, versions) in a
loop and prints each edit's seq only after `apply` has returned, i.e. after the commit. The parent kills it
at a random moment, then checks: the project opens, `PRAGMA integrity_check` is ok, every reported edit is
in the history, and the current state equals the original with the whole history replayed (nothing
half-applied).

    python tests/crash/kill_loop.py --cycles 200
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from editor.core import edits as E  # noqa: E402
from editor.core.model import Segment, SourceInfo, Speaker, Transcript  # noqa: E402
from editor.store.project import Project  # noqa: E402
from editor.store.replay import integrity_problems  # noqa: E402

WORDS = "the model learns a word from data and then it writes text for people".split()


def initial_transcript(count: int = 40) -> Transcript:
    rng = random.Random(1)
    segments = [Segment(f"s{i}", " ".join(rng.choice(WORDS) for _ in range(12)), "p1" if i % 3 else "p2")
                for i in range(1, count + 1)]
    text = "\n".join(s.text for s in segments)
    return Transcript(segments, [Speaker("p1", "Ann"), Speaker("p2", "Bob")], SourceInfo(text, "crash.txt", "txt", "utf-8"))


def random_edit(project: Project, rng: random.Random) -> tuple[E.Edit | None, bool]:
    """A random edit for the current state and whether it merges with the previous one (None: undo/redo)."""
    t = project.transcript
    seg = rng.choice(t.segments)
    roll = rng.random()
    if roll < 0.45:
        at = rng.randint(0, len(seg.text))
        return E.set_text(t, seg.id, at, at, rng.choice("abcdefgh ")), rng.random() < 0.7
    if roll < 0.6 and len(seg.text) > 2:
        at = rng.randint(0, len(seg.text) - 1)
        return E.set_text(t, seg.id, at, min(len(seg.text), at + rng.randint(1, 5)), ""), False
    if roll < 0.7 and len(t) < 80 and len(seg.text.split()) > 2:
        cut = seg.text.index(" ", 1)
        return E.split_segment(t, seg.id, cut), False
    if roll < 0.8 and len(t) > 10 and t.index_of(seg.id) + 1 < len(t):
        return E.merge_segments(t, seg.id), False
    if roll < 0.85:
        return E.set_speaker(t, [seg.id], rng.choice(["p1", "p2", None])), False
    if roll < 0.86:
        return E.replace_all(t, rng.choice(WORDS), rng.choice(WORDS).upper()), False
    return None, False


def child(path: Path, seed: int) -> None:
    """Edit the project forever, printing each seq after its commit (the parent kills us)."""
    rng = random.Random(seed)
    project = Project.open(path)
    print("ready", flush=True)
    while True:
        try:
            edit, merge = random_edit(project, rng)
        except E.EditConflict:  # the random choice did not fit (e.g. a split at an edge): pick again
            continue
        if edit is not None:
            project.apply(edit, merge=merge)
        elif rng.random() < 0.5:
            if project.undo() is None:
                continue
        elif project.redo() is None:
            continue
        if rng.random() < 0.01:
            project.save_version(f"v{project.last_seq}")
        print(project.last_seq, flush=True)


def check(path: Path, reported: set[int]) -> tuple[int, list[str]]:
    """Open the project after a kill; return (history length, problems found)."""
    with Project.open(path) as project:
        problems = integrity_problems(project)
        seqs = {entry.seq for entry in project.history()}
        lost = sorted(reported - seqs)
        if lost:
            problems.append(f"{len(lost)} reported edit(s) missing, e.g. seq {lost[:5]}")
        if sorted(seqs) != list(range(1, len(seqs) + 1)):
            problems.append("history seqs are not 1..n")
        done, undone = project.undo_steps()  # the stacks rebuild from the log
        if not isinstance(done, list) or not isinstance(undone, list):
            problems.append("undo stacks missing")
        return len(seqs), problems


def run(cycles: int, seed: int, folder: Path, max_delay: float, verbose: bool) -> int:
    rng = random.Random(seed)
    path = folder / "crash.tproj"
    Project.create(path, initial_transcript()).close()
    reported: set[int] = set()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    started = time.monotonic()
    journals = 0
    for cycle in range(1, cycles + 1):
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(path), "--seed", str(rng.randrange(1 << 30))],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
        during_open = rng.random() < 0.1
        if not during_open and proc.stdout is not None:
            line = proc.stdout.readline()
            if line.strip() != "ready":
                proc.kill()
                _, err = proc.communicate()
                print(f"cycle {cycle}: child failed to start: {line.strip()} {err.strip()}", file=sys.stderr)
                return 1
        time.sleep(rng.uniform(0, max_delay / 4 if during_open else max_delay))
        proc.kill()
        out, err = proc.communicate()
        if proc.returncode not in (-9, 0) or (err.strip() and "Traceback" in err):
            print(f"cycle {cycle}: child crashed by itself:\n{err}", file=sys.stderr)
            return 1
        journals += path.with_name(path.name + "-journal").exists()
        lines = out.split("\n")[:-1]  # a line without its newline was cut by the kill: not reported
        reported |= {int(line) for line in lines if line.isdigit()}
        entries, problems = check(path, reported)
        if verbose and not problems:
            print(f"cycle {cycle}: {entries} history entries, {len(reported)} reported, ok")
        if problems:
            print(f"cycle {cycle}: FAILED: " + "; ".join(problems), file=sys.stderr)
            return 1
    print(f"{cycles} cycles: {entries} history entries, {len(reported)} acknowledged edits, all present, "
          f"integrity ok, state equals replayed history; {journals} kill(s) hit a transaction "
          f"({time.monotonic() - started:.1f} s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a new one, printed)")
    parser.add_argument("--max-delay", type=float, default=0.25, help="longest time (s) before a kill")
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.seed or 0)
        return 0
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print(f"seed {seed}")
    if args.dir:
        args.dir.mkdir(parents=True, exist_ok=True)
        return run(args.cycles, seed, args.dir, args.max_delay, args.verbose)
    with tempfile.TemporaryDirectory() as tmp:
        return run(args.cycles, seed, Path(tmp), args.max_delay, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
