"""Helpers for the review GUI tests: open a project that has a glossary, wait for the worker, find suspects."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from ui_helpers import open_window

from editor.commands.check import META_GLOSSARY
from editor.review import Glossary, Suspect
from editor.store.project import project_for_source
from editor.ui.main_window import MainWindow

TERMS = "TensorFlow\nKeras\nPaige Bailey\nSam Charrington\n"  # test data: names a user would type in


def project_with_glossary(source: Path, terms: str = TERMS) -> Path:
    """Make the project for `source` with a glossary in its meta; returns the .tproj path."""
    project = project_for_source(source)
    project.set_meta(META_GLOSSARY, Glossary.parse(terms).to_json())
    path = Path(project.path)
    project.close()
    return path


def open_reviewed(qtbot, path: Path) -> MainWindow:
    """Open `path` in a window and wait until the first full check has arrived."""
    window = open_window(qtbot, path)
    controller = window.review.controller
    qtbot.waitUntil(lambda: controller.doc is window.doc and controller.ready, timeout=30000)
    return window


def settle(qtbot, window: MainWindow) -> None:
    """Wait until debounced re-checks and worker jobs are done."""
    controller = window.review.controller
    qtbot.waitUntil(lambda: not controller._debounce.isActive() and not controller._dirty
                    and not controller.worker.busy(), timeout=30000)


def repeated(window: MainWindow, min_count: int = 3) -> list[Suspect]:
    """Open suspects whose text occurs at least `min_count` times and that have two suggestions or more."""
    suspects = window.review.controller.open_suspects()
    by_text: dict[str, list[Suspect]] = {}
    for s in suspects:
        by_text.setdefault(s.text, []).append(s)
    for group in sorted(by_text.values(), key=len, reverse=True):
        if len(group) >= min_count and len(group[0].suggestions) >= 2 and " " not in group[0].text:
            return group
    raise AssertionError("the sample has no repeated suspect to test with")


def viewport_point(window: MainWindow, suspect: Suspect) -> QPoint:
    """A viewport point inside the suspect's words (scrolls it into view first)."""
    pane = window.transcript_pane
    pane.go_to_segment(suspect.segment_id, suspect.start + 1)
    return pane.cursorRect().center()
