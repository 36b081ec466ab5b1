"""The app as `pip install .` leaves it: build the wheel, install it into a clean venv, start it elsewhere.

The clean venv borrows this venv's site-packages (PySide6 and the other dependencies) through a .pth line
instead of downloading them again; .pth files inside a directory added that way are not run, so this venv's
editable install of the project stays invisible and only the wheel's copy can be imported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from editor.review.model_cache import read_whole_table

REPO = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "setup.py", "README.md", "editor", "seeds", "resources")

# Starts the installed app with no file (it must open the bundled sample), reports what it shows, quits once
# its event loop runs and the document is open (a timer firing before app.exec() could not quit it).
DRIVER = """
import faulthandler, sys
faulthandler.dump_traceback_later(60, exit=True)
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
import editor
from editor.ui import app as entry
from editor.ui.main_window import MainWindow

def report():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    if QThread.currentThread().loopLevel() == 0 or not windows or windows[0].doc is None:
        QTimer.singleShot(100, report)
        return
    window = windows[0]
    print("editor:", editor.__file__)
    print("title:", window.windowTitle())
    print("sample:", window.doc.transcript.source.name)
    print("icon:", not window.windowIcon().isNull())
    QApplication.quit()

QTimer.singleShot(100, report)
sys.exit(entry.run(None))
"""


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, timeout=240, check=False, **kwargs)
    assert done.returncode == 0, f"{args[:4]}…\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(the wheel built from a copy of this checkout, that copy)."""
    try:
        import setuptools

        if tuple(int(p) for p in setuptools.__version__.split(".")[:2]) < (70, 1):
            pytest.skip(f"setuptools {setuptools.__version__} cannot build a wheel alone (the test extras need >= 70.1)")
    except ImportError:
        pytest.skip("setuptools is not installed (it comes with the test extras)")
    root = tmp_path_factory.mktemp("packaging")
    source = root / "source"
    # a copy (building writes build/ and *.egg-info beside the sources), without the tables an editable install
    # built in place: the wheel must build its own
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "tables")
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=ignore)
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    dist = root / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(dist),
          str(source)])
    return next(dist.glob("transcript_editor-*.whl")), source


def _venv_borrowing_our_dependencies(target: Path) -> Path:
    """A venv at `target` without pip that sees this interpreter's installed packages (not the project, which
    the caller installs); returns its python."""
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "borrowed-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    return python


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory) -> Path:
    """A venv holding the built wheel (and no other copy of the project); returns its python."""
    wheel, _ = built
    target = tmp_path_factory.mktemp("venv") / "venv"
    python = _venv_borrowing_our_dependencies(target)
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
          str(wheel)])
    return python


def _clean_env(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TRANSCRIPT_EDITOR_HOME": str(tmp_path / "home")}
    env.pop("PYTHONPATH", None)
    return env


@pytest.mark.slow
def test_the_wheel_carries_the_sample_and_the_resources(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = ("import editor, editor.paths as p; print(editor.__file__); print(p.bundled_sample()); "
              "print(sorted(f.name for f in p.resource_files().iterdir()))")
    lines = _run([str(installed), "-c", script], cwd=elsewhere, env=_clean_env(tmp_path)).stdout.splitlines()
    package = Path(lines[0]).parent
    assert package.is_relative_to(installed.parent.parent)  # the wheel's copy, not this checkout
    sample = Path(lines[1])
    assert sample.is_file() and sample.is_relative_to(package)
    assert sample.read_bytes() == (REPO / "seeds" / sample.name).read_bytes()
    for name in ("palette.json", "style.qss", "transcript-editor.desktop", "icons"):
        assert name in lines[2]


@pytest.mark.slow
def test_the_installed_app_opens_the_sample_from_another_folder(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = _run([str(installed), "-c", DRIVER], cwd=elsewhere, env=_clean_env(tmp_path))
    report = dict(line.split(": ", 1) for line in done.stdout.splitlines() if ": " in line)
    assert Path(report["editor"]).is_relative_to(installed.parent.parent)
    assert report["sample"] == sorted((REPO / "seeds").glob("*.txt"))[0].name
    assert report["title"].startswith(Path(report["sample"]).stem)
    assert report["icon"] == "True"
    assert "Traceback" not in done.stderr
    cli = installed.parent / "transcript-editor"
    info = _run([str(cli), "info", str(REPO / "seeds" / report["sample"])], cwd=elsewhere, env=_clean_env(tmp_path))
    assert "segments" in info.stdout.lower()


SHIPPED_TABLES = ("zipf-en.table", "suggestions-en-sounds.table", "suggestions-en-spellings.table",
                  "cmu-pronunciations.table", "sound-index.table", "sound-classes.table", "sound-pronunciations.table",
                  "sound-rank.marshal", "sound-neighbours.table", "merge-words.marshal", "lm-arrays.bin",
                  "sound-alikes.bin",
                  "NOTICE.txt")


@pytest.mark.slow
def test_the_wheel_ships_the_word_and_sound_tables_with_their_licence_notice(built):
    wheel, _ = built
    with zipfile.ZipFile(wheel) as archive:
        shipped = {Path(name).name: archive.getinfo(name).file_size for name in archive.namelist()
                   if name.startswith("editor/review/tables/")}
        notice = archive.read("editor/review/tables/NOTICE.txt").decode()
    assert set(shipped) == set(SHIPPED_TABLES)
    assert all(size > 1000 for size in shipped.values())
    assert "Attribution-ShareAlike 4.0" in notice and "Carnegie Mellon University" in notice


@pytest.mark.slow
def test_the_first_check_after_install_builds_nothing_and_finds_what_a_fresh_build_finds(built, installed, tmp_path):
    _, source = built
    text = tmp_path / "short.txt"
    text.write_text("We trained the modle on seven words. Their going too the meeting.\n", encoding="utf-8")
    cli = installed.parent / "transcript-editor"
    env = _clean_env(tmp_path)
    done = _run([str(cli), "check", "--json", str(text)], cwd=tmp_path, env=env)
    home = Path(env["TRANSCRIPT_EDITOR_HOME"])
    assert not [p.name for p in home.rglob("*") if p.suffix in (".table", ".marshal", ".bin")]  # all read from the wheel
    # the source tree without shipped tables builds them into a fresh user cache: the same findings
    fresh = {**env, "TRANSCRIPT_EDITOR_HOME": str(tmp_path / "fresh"), "PYTHONPATH": str(source)}
    built_here = _run([sys.executable, "-m", "editor", "check", "--json", str(text)], cwd=tmp_path, env=fresh)
    # every table it built is the wheel's, stamp and contents alike: a user's process accepts the shipped one
    own = {p.name: p for p in (tmp_path / "fresh").rglob("*.table")}
    assert {"zipf-en.table", "cmu-pronunciations.table", "sound-index.table"} <= set(own)
    shipped = Path(_run([str(installed), "-c", "import editor.review.model_cache as m; print(m.PREBUILT_DIR)"],
                        cwd=tmp_path, env=env).stdout.strip())
    for name, path in own.items():
        assert read_whole_table(path) == read_whole_table(shipped / name), name
    suspects = json.loads(done.stdout)["suspects"]
    assert suspects == json.loads(built_here.stdout)["suspects"]
    assert {s["text"] for s in suspects} >= {"modle"}


@pytest.mark.slow
def test_an_editable_install_builds_the_tables_in_place(built, tmp_path):
    _, source = built
    checkout = tmp_path / "checkout"
    shutil.copytree(source, checkout, ignore=shutil.ignore_patterns("build", "*.egg-info", "tables"))
    target = tmp_path / "venv"
    python = _venv_borrowing_our_dependencies(target)
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
          "--no-build-isolation", "-e", str(checkout)])
    tables = checkout / "editor" / "review" / "tables"
    assert {p.name for p in tables.iterdir()} == set(SHIPPED_TABLES)
    text = tmp_path / "short.txt"
    text.write_text("We trained the modle on seven words.\n", encoding="utf-8")
    env = _clean_env(tmp_path)
    where = _run([str(python), "-c", "import editor.review.model_cache as m; print(m.PREBUILT_DIR)"], cwd=tmp_path,
                 env=env).stdout.strip()
    assert Path(where) == tables
    done = _run([str(python.parent / "transcript-editor"), "check", str(text)], cwd=tmp_path, env=env)
    assert "modle" in done.stdout
    home = Path(env["TRANSCRIPT_EDITOR_HOME"])
    assert not [p.name for p in home.rglob("*") if p.suffix in (".table", ".marshal", ".bin")]
