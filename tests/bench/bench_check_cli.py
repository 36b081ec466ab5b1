"""`transcript-editor check` as a user runs it: a fresh process each time, start-up included, beside `hunspell -l`
on the same file in the same run (and `python -c pass`, the floor for any Python command).

Run: python tests/bench/bench_check_cli.py [--runs N] [--hours 10 30]
Targets (issue 14): a 7-word file <= 0.3 s warm and <= 1 s the first time after install (no model caches yet);
10 varied hours with a 1,000-term glossary <= 1.0 s wall on 2 cores. The long files are Earnings-21 recogniser
output (tests/bench/earnings.py), which does not repeat. Wall times on a shared machine are noisy: CPU seconds
(user + system, helper processes included) and the ratio to hunspell in the same run are the figures to quote.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "bench"))

from bench_review import glossary_1000  # noqa: E402
from earnings import data_dir, earnings_transcript, write_plain  # noqa: E402

SHORT = "We trained the modle on seven words.\n"


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and the helpers it waited for) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    error = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):  # (hunspell exits 1 when it finds misspellings on some versions)
        raise SystemExit(f"{' '.join(cmd)} failed: {error}")
    return wall, usage.ru_utime + usage.ru_stime


def medians(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    results = [timed(cmd, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hours", type=float, nargs="*", default=[10, 30])
    args = parser.parse_args()
    hunspell = shutil.which("hunspell")
    check = [sys.executable, "-m", "editor", "check"]
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        # an install has bytecode (pip compiles it); a checkout under PYTHONDONTWRITEBYTECODE would compile every
        # module of the app again on each run (~0.05 s CPU) and the bench would measure that instead
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "editor")], check=True,
                       capture_output=True)
        print("note: PYTHONDONTWRITEBYTECODE is set: editor/ was compiled to bytecode first, as an install is")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        env = dict(os.environ, TRANSCRIPT_EDITOR_HOME=str(folder / "home"), PYTHONPATH=str(REPO))
        files = {"7 words": folder / "short.txt"}
        files["7 words"].write_text(SHORT, encoding="utf-8")
        if data_dir() is not None:
            for hours in args.hours:
                files[f"{hours:g} h"] = write_plain(earnings_transcript(hours), folder / f"e{hours:g}.txt")
        else:
            print("long files skipped: Earnings-21 development set not found (set EARNINGS21_DIR)")
        glossary = folder / "glossary.txt"
        glossary.write_text("\n".join(glossary_1000().terms) + "\n", encoding="utf-8")

        first = timed([*check, str(files["7 words"])], env)  # an empty home: no user cache yet
        shipped = (REPO / "editor" / "review" / "tables").is_dir()  # (built in place by pip install -e)
        print(f"check, 7 words, first run with an empty user folder ({'tables shipped in place' if shipped else 'no shipped tables: builds them'}): "
              f"{first[0]:.2f} s wall, {first[1]:.2f} s CPU   (target <= 1 s; bench_first_run.py compares installs)")
        floor = medians([sys.executable, "-c", "pass"], env, args.runs)
        print(f"python -c pass (floor of any Python command): {floor[0]:.3f} s wall, {floor[1]:.3f} s CPU")
        print(f"{'file':>8}  {'hunspell -l':>20}  {'check (1,000 terms on long files)':>36}  ratio (CPU)")
        for label, path in files.items():
            runs = args.runs if label == "7 words" else max(1, args.runs // 2)
            cmd = [*check, str(path)] + (["--glossary", str(glossary), "--json"] if label != "7 words" else [])
            if label != "7 words":
                timed(cmd, env)  # warm-up: a first long check may still build caches (sound-alikes of 40k words)
            ours = medians(cmd, env, runs)
            theirs = medians([hunspell, "-d", "en_US", "-l", str(path)], env, runs) if hunspell else (0.0, 0.0)
            ratio = f"x{ours[1] / theirs[1]:.1f}" if theirs[1] else "-"
            print(f"{label:>8}  {theirs[0]:7.3f} s ({theirs[1]:.3f} CPU)  {ours[0]:17.3f} s wall ({ours[1]:.3f} CPU)"
                  f"  {ratio}   (median of {runs}; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f})")
    print("targets: 7 words <= 0.3 s warm; 10 h with 1,000 terms <= 1.0 s wall on 2 cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
