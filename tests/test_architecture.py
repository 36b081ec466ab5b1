"""Architecture contract (like import-linter): the layers of editor/ import only downwards; only ui imports Qt."""

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


# Lowest first. A package may import the packages of lower layers only (not its own layer's other packages):
# core < formats < store, review < commands < ui, and nothing below ui and the CLI imports commands.
LAYERS: list[set[str]] = [
    {"errors", "atomic_write", "paths", "progress"},  # shared by all: user-facing errors, safe writes, app folders, progress
    {"core"},  # the model and edit operations
    {"formats", "media", "align"},  # one module per file format; media timing (pure); aligning text to audio
    {"store"},  # the project file
    {"review", "loading"},  # suspect detection, glossary, memory; opening a file as a project
    {"review_service", "commands"},  # the CLI's subcommands; the checker service behind the window
    {"ui", "cli"},
    {"__main__"},
]


def _editor_imports(path: Path) -> set[str]:
    """The editor packages (first name below editor) that `path` imports anywhere, lazily too."""
    package = path.relative_to(EDITOR.parent).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = package[: len(package) - node.level + 1]
                names = [".".join([*base, node.module] if node.module else base)]
            elif node.module:
                names = [node.module]
        found |= {n.split(".")[1] for n in names if n.startswith("editor.") and n.count(".") >= 1}
    return found


def _layer_of(package: str) -> int:
    for number, layer in enumerate(LAYERS):
        if package in layer:
            return number
    raise AssertionError(f"editor/{package} is in no layer of tests/test_architecture.py: give it one")


def _layer_violations() -> dict[str, list[str]]:
    offenders: dict[str, list[str]] = {}
    for path in EDITOR.rglob("*.py"):
        own = path.relative_to(EDITOR).parts[0].removesuffix(".py")
        if own == "__init__":
            continue
        bad = sorted(p for p in _editor_imports(path) if p != own and _layer_of(p) >= _layer_of(own))
        if bad:
            offenders[str(path.relative_to(EDITOR))] = bad
    return offenders


def test_packages_import_only_lower_layers():
    assert _layer_violations() == {}


def test_the_layer_check_sees_an_upward_import(tmp_path, monkeypatch):
    fake = tmp_path / "editor"
    (fake / "core").mkdir(parents=True)
    (fake / "core" / "model.py").write_text("def f():\n    from editor.commands import check\n")
    (fake / "store").mkdir()
    (fake / "store" / "db.py").write_text("from ..core import model\nfrom . import codec\n")
    monkeypatch.setattr(sys.modules[__name__], "EDITOR", fake)
    assert _layer_violations() == {"core/model.py": ["commands"]}


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


def _reaching_past_the_document(root: Path) -> list[str]:
    """ui code (other than document.py) that uses the Project behind a Document or a private of the store."""
    found = []
    for path in sorted((root / "ui").rglob("*.py")):
        if path.name == "document.py" and path.parent.name == "ui":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and (node.attr == "_db" or (
                    node.attr == "project" and (isinstance(node.value, ast.Attribute) and node.value.attr == "doc" or
                                                isinstance(node.value, ast.Name) and node.value.id == "doc"))):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_the_window_reaches_the_project_only_through_the_document():
    assert _reaching_past_the_document(EDITOR) == []


def test_the_document_check_sees_a_reach_past_it(tmp_path):
    ui = tmp_path / "ui"
    ui.mkdir()
    (ui / "dock.py").write_text("def f(self, doc):\n    return self.doc.project.versions(), doc.project\n",
                                encoding="utf-8")
    assert _reaching_past_the_document(tmp_path) == ["ui/dock.py:2", "ui/dock.py:2"]
