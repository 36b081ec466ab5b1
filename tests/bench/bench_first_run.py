"""The first `check` after installing, and later ones, beside `hunspell -l` on the same short file in the same run.

Run: python tests/bench/bench_first_run.py [--runs N]
Target (issue 14): `check` on a short file <= 1 s the very first time after install, <= 0.3 s warm.

Three installs are compared, each run N times with an empty user folder (TRANSCRIPT_EDITOR_HOME) for the first
run and then N times with the folder the first run left:
- wheel: a wheel built from this checkout (`pip wheel --no-build-isolation`: it ships the word and sound tables),
  installed into a scratch venv that borrows this venv's dependencies;
- no tables: this checkout's `editor/` copied without shipped tables (an install whose wordfreq or pocketsphinx is
  another version than the tables were built from): the first run builds them into the user cache;
- and `python -c pass` (the floor of any Python command) and `hunspell -l` (the baseline).
CPU seconds (user + system) are the figures to quote on a shared machine; wall times are printed beside them.
It also checks that `--version` and `info` do not import the checker, and that `check` does not import python-docx.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHORT = "We trained the modle on seven words.\n"


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of `cmd` to completion."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    error = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # (hunspell exits 1 on some versions when it finds words)
        raise SystemExit(f"{' '.join(cmd)} failed: {error}")
    return wall, usage.ru_utime + usage.ru_stime


def median_of(results: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def install_wheel(folder: Path) -> Path:
    """A scratch venv with the wheel built from this checkout; returns its `transcript-editor` script."""
    source = folder / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "tables", "build", "*.egg-info")
    for name in ("pyproject.toml", "setup.py", "README.md", "editor", "seeds", "resources"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=ignore)
        else:
            source.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    dist = folder / "dist"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(dist),
                    str(source)], check=True, capture_output=True)
    wheel = next(dist.glob("transcript_editor-*.whl"))
    print(f"wheel built in {time.perf_counter() - start:.1f} s wall: {wheel.stat().st_size / 1e6:.1f} MB")
    target = folder / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    borrowed = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    (Path(site) / "borrowed-dependencies.pth").write_text("\n".join(borrowed) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True)
    return target / "bin" / "transcript-editor"


def source_without_tables(folder: Path) -> Path:
    """A copy of this checkout's `editor/` package without shipped tables, compiled to bytecode as pip compiles an
    install (with PYTHONDONTWRITEBYTECODE set, a bare copy would be compiled again on every run, ~0.05 s);
    returns the folder to put on the path."""
    shutil.copytree(REPO / "editor", folder / "editor", ignore=shutil.ignore_patterns("__pycache__", "tables"))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(folder / "editor")], check=True,
                   capture_output=True)
    return folder


def imported_modules(cmd: list[str], env: dict[str, str], cwd: Path) -> set[str]:
    done = subprocess.run(cmd, env={**env, "PYTHONPROFILEIMPORTTIME": "1"}, cwd=cwd, capture_output=True, text=True)
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        short = folder / "short.txt"
        short.write_text(SHORT, encoding="utf-8")
        base_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        wheel_cli = install_wheel(folder / "wheel")
        plain = source_without_tables(folder / "plain")
        installs = {
            "wheel (ships tables)": ([str(wheel_cli), "check", str(short)], base_env),
            "no shipped tables": ([sys.executable, "-m", "editor", "check", str(short)],
                                  {**base_env, "PYTHONPATH": str(plain)}),
        }
        results: dict[str, dict[str, list[tuple[float, float]]]] = {name: {"first": [], "warm": []} for name in installs}
        floor: list[tuple[float, float]] = []
        hunspell: list[tuple[float, float]] = []
        spell = shutil.which("hunspell")
        for run in range(args.runs):  # interleaved, so load on the machine falls on every figure alike
            for name, (cmd, env) in installs.items():
                home = folder / f"home-{name.split()[0]}-{run}"
                results[name]["first"].append(timed(cmd, {**env, "TRANSCRIPT_EDITOR_HOME": str(home)}, folder))
                results[name]["warm"].append(timed(cmd, {**env, "TRANSCRIPT_EDITOR_HOME": str(home)}, folder))
                if name.startswith("wheel"):
                    built = [p.name for p in home.rglob("*") if p.suffix in (".table", ".marshal")]
                    if built:
                        print(f"warning: the wheel's first run built {built}")
            floor.append(timed([sys.executable, "-c", "pass"], base_env, folder))
            if spell:
                hunspell.append(timed([spell, "-d", "en_US", "-l", str(short)], base_env, folder))
        theirs = median_of(hunspell) if hunspell else (0.0, 0.0)
        print(f"`check` on a 7-word file, median of {args.runs} ({os.cpu_count()} CPUs, load "
              f"{os.getloadavg()[0]:.1f}); CPU s (wall s), x = CPU ratio to hunspell -l")
        print(f"  {'hunspell -l':<28} {theirs[1]:.3f} ({theirs[0]:.3f})")
        pass_cpu = median_of(floor)
        print(f"  {'python -c pass':<28} {pass_cpu[1]:.3f} ({pass_cpu[0]:.3f})")
        for name, runs in results.items():
            for when in ("first", "warm"):
                wall, cpu = median_of(runs[when])
                ratio = f"x{cpu / theirs[1]:.0f}" if theirs[1] else "-"
                target = "<= 1 s" if when == "first" else "<= 0.3 s"
                print(f"  {name + ', ' + when:<28} {cpu:.3f} ({wall:.3f})  {ratio}   target {target}")
        env = {**base_env, "TRANSCRIPT_EDITOR_HOME": str(folder / "home-wheel-0")}
        for label, cmd in (("--version", [str(wheel_cli), "--version"]), ("info", [str(wheel_cli), "info", str(short)]),
                           ("check", [str(wheel_cli), "check", str(short)])):
            modules = imported_modules(cmd, env, folder)
            review = sorted(m for m in modules if m.startswith("editor.review"))
            docx = sorted(m for m in modules if m == "docx" or m.startswith("docx."))
            print(f"  {label:<10} imports {len(modules)} modules; editor.review: {'yes' if review else 'no'}; "
                  f"python-docx: {'yes' if docx else 'no'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
