"""Only what pyproject.toml cannot say:

- the top-level `seeds/` and `resources/` folders install as the packages `editor.seeds` and `editor.resources`,
  so a wheel carries the sample and the icon/palette/style sheet while the source tree keeps them at the top level;
- a `build_tables` build step ships the word and sound tables a check reads (editor/review/prebuilt.py), so the
  first check after installing builds nothing. An editable install builds them in place (editor/review/tables/,
  git-ignored), as setuptools asks of build steps in editable mode.

Everything else is in pyproject.toml.
"""

import os
import subprocess
import sys
from pathlib import Path

from setuptools import Command, find_packages, setup
from setuptools.command.build import build

ROOT = Path(__file__).resolve().parent
TABLES = Path("editor", "review", "tables")


class BuildTables(Command):
    """Builds the tables into the wheel's editor/review/tables (in place for an editable install).

    A failure (the build environment lacks wordfreq or pocketsphinx) is reported and the package ships without
    tables: a check then builds them into the user's cache on first use, as it did before."""

    description = "build the word and sound tables the package ships"
    user_options: list = []

    def initialize_options(self):
        self.build_lib = None
        self.editable_mode = False

    def finalize_options(self):
        self.set_undefined_options("build_py", ("build_lib", "build_lib"))

    def _target(self) -> Path:
        return ROOT / TABLES if self.editable_mode else Path(self.build_lib) / TABLES

    def run(self):
        target = self._target()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
        done = subprocess.run([sys.executable, "-m", "editor.review.prebuilt", str(target)], env=env, cwd=ROOT,
                              capture_output=True, text=True, check=False)
        if done.returncode == 0:
            print(done.stdout.strip())
        else:
            print(f"warning: the word and sound tables were not built; the first check will build them\n"
                  f"{done.stderr.strip()[-2000:]}", file=sys.stderr)

    def get_outputs(self):
        target = self._target()
        return [str(p) for p in sorted(target.iterdir())] if target.is_dir() else []

    def get_output_mapping(self):
        return {}

    def get_source_files(self):
        return []


class BuildWithTables(build):
    sub_commands = [*build.sub_commands, ("build_tables", None)]


setup(
    packages=[*find_packages(include=["editor", "editor.*"]), "editor.seeds", "editor.resources"],
    package_dir={"editor.seeds": "seeds", "editor.resources": "resources"},
    cmdclass={"build": BuildWithTables, "build_tables": BuildTables},
)
