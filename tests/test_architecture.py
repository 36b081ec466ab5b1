"""Architecture contract (like import-linter): only editor/ui may import Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

EDITOR = Path(__file__).resolve().parent.parent / "editor"
QT_PACKAGES = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def _qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [n for n in names if n.split(".")[0] in QT_PACKAGES]
    return found


def test_nothing_outside_ui_imports_qt():
    offenders = {}
    for path in EDITOR.rglob("*.py"):
        if "ui" in path.relative_to(EDITOR).parts[:1]:
            continue
        if qt := _qt_imports(path):
            offenders[str(path.relative_to(EDITOR))] = qt
    assert offenders == {}


def test_the_checker_sees_a_qt_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6.QtCore import QObject\n")
    assert _qt_imports(bad) == ["PySide6.QtCore"]


def test_cli_and_core_load_without_qt():
    """Importing the CLI (and the subcommand modules that exist) must not load Qt at run time."""
    code = (
        "import sys, importlib, pkgutil, editor.cli, editor.core.edits\n"
        "for m in ('editor.commands.transcript', 'editor.commands.project', 'editor.commands.check'):\n"
        "    try: importlib.import_module(m)\n"
        "    except ModuleNotFoundError as e:\n"
        "        if e.name != m: raise\n"
        "print(any(k.startswith('PySide6') for k in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
