"""Size sweep: peak memory and time of import, check and open for very large inputs.

Writes the inputs into a scratch folder (generated, never sample data), runs each operation in a fresh
process and reads that process's peak resident set size from the kernel (`os.wait4`), so the figure is
what the user's machine would see. The bound the project holds itself to: <= 1 GB for any input up to
the import limit (editor.formats.decoding.MAX_IMPORT_BYTES), and a clear refusal past it.

    python tests/crash/size_sweep.py [--dir /dev/shm/size] [--only one-line,short-lines,srt] [--ops import,check]

Prints one row per (input, operation): exit code, peak RSS in MB, seconds, and the first line of stderr.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
LIMIT_MB = 1024  # the bound we measure against

_WORDS = ("the a of and to in we it that was for on are with as they be at one have this from by had not but "
          "what all were when your can said there use each which she do how their if will up other about out many "
          "then them these so some her would make like him into time has look two more write go see number no way "
          "could people my than first water been call who oil its now find long down day did get come made may "
          "part meeting quarter revenue growth margin customers product guidance operating").split()


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(count))


def _write_chunks(path: Path, size: int, chunk: Callable[[int], str]) -> None:
    """Write `chunk(i)` pieces while the file stays within `size` bytes."""
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        i = 0
        while True:
            piece = chunk(i)
            written += len(piece.encode("utf-8"))
            if written > size:
                return
            fh.write(piece)
            i += 1


def make_one_line(path: Path, size: int, *, sentences: bool) -> None:
    """`size` bytes on a single line: prose with sentence ends, or (sentences=False) words only."""
    rng = random.Random(1)

    def chunk(i: int) -> str:
        text = _words(rng, rng.randint(6, 18))
        return text.capitalize() + ". " if sentences else text + " "

    _write_chunks(path, size, chunk)


def make_short_lines(path: Path, size: int, words: tuple[int, int] = (16, 24), first: str = "") -> None:
    """`size` bytes of short lines (`words` words each, one sentence per line, a speaker label now and then),
    after the line `first` if given."""
    rng = random.Random(2)

    def chunk(i: int) -> str:
        label = f"Speaker {i % 3 + 1}: " if i % 50 == 0 else ""
        return (first if i == 0 else "") + f"{label}{_words(rng, rng.randint(*words)).capitalize()}.\n"

    _write_chunks(path, size, chunk)


def make_lines(path: Path, count: int, words: tuple[int, int]) -> None:
    """`count` short lines of `words` words each (one sentence per line, a speaker label now and then)."""
    rng = random.Random(4)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for i in range(count):
            label = f"Speaker {i % 3 + 1}: " if i % 50 == 0 else ""
            fh.write(f"{label}{_words(rng, rng.randint(*words)).capitalize()}.\n")


def make_srt(path: Path, size: int) -> None:
    """`size` bytes of SRT cues, two seconds each."""
    rng = random.Random(3)

    def chunk(i: int) -> str:
        a, b = i * 2000, i * 2000 + 1900

        def clock(ms: int) -> str:
            return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"

        return f"{i + 1}\n{clock(a)} --> {clock(b)}\n{_words(rng, rng.randint(4, 12)).capitalize()}.\n\n"

    _write_chunks(path, size, chunk)


ALL_OPS = ("import", "check", "open")
INPUTS: dict[str, tuple[str, Callable[[Path], None], tuple[str, ...]]] = {
    # the cases, at the import limit: import within 1 GB; check and the window refuse them clearly
    "one-line": ("one-line.txt", lambda p: make_one_line(p, 50 * MB, sentences=True), ALL_OPS),
    "one-line-words": ("one-line-words.txt", lambda p: make_one_line(p, 50 * MB, sentences=False), ALL_OPS),
    "short-lines": ("short-lines.txt", lambda p: make_short_lines(p, 100 * MB), ALL_OPS),
    "srt": ("cues.srt", lambda p: make_srt(p, 100 * MB), ALL_OPS),
    # past the limits: refused with a clear message
    "tiny-lines": ("tiny-lines.txt", lambda p: make_short_lines(p, 100 * MB, (2, 4)), ("import",)),
    "too-large": ("too-large.txt", lambda p: make_short_lines(p, 101 * MB), ("import",)),
    "txt-150": ("txt-150.txt", lambda p: make_short_lines(p, 150 * MB), ALL_OPS),
    "srt-150": ("srt-150.srt", lambda p: make_srt(p, 150 * MB), ALL_OPS),
    # the 1,000,000 short lines (4 to 8 words each, some 36 MB)
    "million-lines": ("million-lines.txt", lambda p: make_lines(p, 1_000_000, (4, 8)), ALL_OPS),
    # text with one emoji is held at 4 bytes a character: refused past the limit in memory
    "emoji": ("emoji.txt", lambda p: make_short_lines(p, 100 * MB, first="Speaker 1: Hello \U0001f600 there.\n"),
              ("import",)),
    # a check of 1.9 million words (13 parts): memory holds one part's texts
    "check-1.9m": ("check-1.9m.txt", lambda p: make_lines(p, 320_000, (4, 8)), ("check",)),
    # within the check's and the window's limits: the check in parts, the window at its limit
    "check-parts": ("check-parts.txt", lambda p: make_short_lines(p, 5 * MB), ("check", "open")),
    "window-limit": ("window-limit.txt", lambda p: make_short_lines(p, 20 * MB - 1024), ("open",)),
}

# The window: open the file (importing it on first open) offscreen, then quit once the window has shown it. The
# peak is the larger of the window's process and its checker process (the kernel's figure for the process tree).
_OPEN_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from editor.ui.main_window import MainWindow
QMessageBox.exec = lambda box: print(box.text(), file=sys.stderr) or 0  # (a refusal, said instead of shown)
app = QApplication([])
win = MainWindow()
win.show()
ok = win.open_path(sys.argv[1])
app.processEvents()
print("opened" if ok and win.doc is not None else "not opened", len(win.doc.transcript) if win.doc else 0)
win.close_document()
sys.exit(0 if ok else 3)
"""


def command(op: str, path: Path, work: Path) -> list[str]:
    python = sys.executable
    if op == "import":
        return [python, "-m", "editor", "import", str(path), "-o", str(work / (path.stem + ".tproj"))]
    if op == "check":
        return [python, "-m", "editor", "check", "--json", str(path)]
    if op == "open":
        return [python, "-c", _OPEN_SCRIPT, str(path)]
    raise ValueError(op)


def measure(cmd: list[str], env: dict[str, str]) -> tuple[int, float, float, str]:
    """(exit code, peak RSS in MB, seconds, first stderr line) of one run; stdout is thrown away."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=REPO, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = [ln for ln in err.read().decode("utf-8", "replace").splitlines() if ln.strip()]
    said = [ln for ln in lines if not ln.startswith(("note:", "qt.", "PulseAudio", "This plugin"))]
    first = said[0] if said else ""
    return proc.returncode, usage.ru_maxrss / 1024, seconds, first[:150]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", help="scratch folder for the inputs (default: a temporary folder)")
    parser.add_argument("--only", default=",".join(INPUTS), help="inputs to run, comma-separated")
    parser.add_argument("--ops", default=",".join(ALL_OPS), help="operations, comma-separated (of those each input has)")
    args = parser.parse_args(argv)
    work = Path(args.dir or tempfile.mkdtemp(prefix="size-sweep-"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO),
               XDG_DATA_HOME=str(work / "data"), XDG_CONFIG_HOME=str(work / "config"))
    print(f"{'input':<16} {'MB':>5} {'op':<7} {'exit':>4} {'peak MB':>8} {'s':>7}  message")
    over = 0
    for name in args.only.split(","):
        file_name, make, ops = INPUTS[name]
        path = work / file_name
        if not path.exists():
            make(path)
        size = path.stat().st_size / MB
        for op in [op for op in args.ops.split(",") if op in ops]:
            for leftover in work.glob(path.stem + "*.tproj"):
                leftover.unlink()
            code, peak, seconds, message = measure(command(op, path, work), env)
            over += peak > LIMIT_MB
            print(f"{name:<16} {size:>5.0f} {op:<7} {code:>4} {peak:>8.0f} {seconds:>7.1f}  {message}", flush=True)
    print(f"runs over {LIMIT_MB} MB: {over}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
