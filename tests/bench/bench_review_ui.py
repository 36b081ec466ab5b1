"""Review GUI speed on a 10-hour transcript (~100,000 words, 9,000 segments): F8, queue refresh, menu, tooltip.

Run: QT_QPA_PLATFORM=offscreen python tests/bench/bench_review_ui.py [--repeat N]
Prints medians in ms, and ratios against baselines measured in the same run: a cursor jump with selection in a
bare QPlainTextEdit (for F8), and a plain QMenu with the same number of actions (for the suspect menu).
Targets: F8 <= 16 ms, queue refresh <= 50 ms, menu <= 16 ms, tooltip <= 16 ms (a frame).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

MISHEARD = ("kerus", "tensor flo")  # test data: misspellings of the glossary terms below, so there are suspects
GLOSSARY = "TensorFlow\nKeras\n"


def with_misspellings(transcript, every: int = 15):
    """Every `every`-th segment gets a misheard glossary term (text and source alike, so both panes show it)."""
    from editor.core.model import Segment, SourceInfo, Transcript

    segments, lines, offset = [], [], 0
    for i, seg in enumerate(transcript.segments):
        text = seg.text
        if i % every == 0:
            text = f"{text[:-1]} with {MISHEARD[(i // every) % 2]}."
        lines.append(text)
        segments.append(Segment(seg.id, text, seg.speaker, seg.start, seg.end, None, (offset, offset + len(text))))
        offset += len(text) + 1
    source = SourceInfo("\n".join(lines), "long.json", "whisper-json", "utf-8")
    return Transcript(segments, transcript.speakers, source)


def timed(fn, repeat: int) -> float:
    """Median wall time of `fn()` in ms."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("TRANSCRIPT_EDITOR_HOME", str(Path(tmp) / "home"))
        from bench_ui import make_transcript
        from PySide6.QtCore import QEvent, QPoint
        from PySide6.QtGui import QHelpEvent, QTextCursor
        from PySide6.QtWidgets import QApplication, QMenu, QPlainTextEdit, QToolTip

        from editor.commands.check import META_GLOSSARY
        from editor.review import Glossary
        from editor.review.context import ContextModel
        from editor.store.project import Project
        from editor.ui.main_window import MainWindow
        from editor.ui.settings import Settings

        # the per-user model cache (sound index, ~2 s to build) is made on the app's first start only: build it
        # here, in this temporary home, so the check below times an ordinary start
        ContextModel.get()
        app = QApplication.instance() or QApplication([])
        transcript = with_misspellings(make_transcript())
        path = Path(tmp) / "long.tproj"
        project = Project.create(path, transcript)
        project.set_meta(META_GLOSSARY, Glossary.parse(GLOSSARY).to_json())
        project.close()
        print(f"transcript: {len(transcript)} segments, {transcript.word_count()} words")

        created = time.perf_counter()
        window = MainWindow(Settings())
        window.resize(1400, 850)
        window.show()
        assert window.open_path(path)
        review, controller = window.review, window.review.controller
        start = time.perf_counter()
        while not controller.ready and time.perf_counter() - start < 180:
            app.processEvents()
            time.sleep(0.005)
        if not controller.ready:
            print("the first suspect check did not finish in 180 s")
            return 1
        suspects = controller.open_suspects()
        arrived = time.perf_counter()
        print(f"first check arrived {arrived - start:.1f} s after the document opened "
              f"({arrived - created:.1f} s after the window was made): {len(suspects)} open suspects; "
              f"{len(review.source_marks.marks())} placed in the original")
        pane, repeat = window.transcript_pane, args.repeat

        def f8() -> None:
            review.next_action.trigger()
            app.processEvents()  # the selection, scroll and repaint the user waits for

        f8_ms = timed(f8, repeat)
        bare = QPlainTextEdit()
        bare.setFont(pane.font())
        bare.setPlainText("\n".join(s.text for s in transcript.segments))
        bare.resize(pane.size())
        bare.show()
        blocks = bare.document().blockCount()
        jumps = iter(range(0, 10**9, 97))

        def bare_jump() -> None:
            block = bare.document().findBlockByNumber(next(jumps) % blocks)
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
            bare.setTextCursor(cursor)
            bare.ensureCursorVisible()
            app.processEvents()

        bare_ms = timed(bare_jump, repeat)
        bare.close()

        def refresh() -> None:
            controller.suspectsChanged.emit()  # queue model, counts, both panes' marks (rebuilt lazily at paint)
            app.processEvents()

        refresh_ms = timed(refresh, repeat)
        order = iter(suspects[len(suspects) // 2:])

        def ignore_one() -> None:
            controller.ignore(next(order))  # a real change: one suspect leaves the queue
            app.processEvents()

        ignore_ms = timed(ignore_one, min(repeat, max(1, len(suspects) // 3)))
        target = controller.open_suspects()[len(controller.open_suspects()) // 3]
        pane.go_to_segment(target.segment_id, target.start + 1)
        app.processEvents()
        point = pane.cursorRect().center()

        def menu() -> None:
            built = review.menus.menu_at(point)
            assert built is not None
            built.deleteLater()

        menu_ms = timed(menu, repeat)
        size = len(review.menus.menu_at(point).actions())

        def plain_menu() -> None:
            built = QMenu(pane)
            for i in range(size):
                built.addAction(f"action {i}")
            built.deleteLater()

        plain_ms = timed(plain_menu, repeat)
        viewport = pane.viewport()

        def tooltip() -> None:
            event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
            QApplication.sendEvent(viewport, event)
            QToolTip.hideText()

        QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point)))
        shown = QToolTip.text()
        assert review.painter.suspect_at(point) is not None and "may be mis-transcribed" in shown, shown
        tooltip_ms = timed(tooltip, repeat)
        nowhere = QPoint(2, 2)

        def no_tooltip() -> None:
            QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, nowhere, viewport.mapToGlobal(nowhere)))
            QToolTip.hideText()

        print(f"F8 jump (select, scroll, repaint): {f8_ms:.2f} ms; bare QPlainTextEdit jump {bare_ms:.2f} ms; "
              f"ratio {f8_ms / bare_ms:.1f}x")
        print(f"queue refresh on suspectsChanged: {refresh_ms:.2f} ms; ignore one suspect (queue, counts, marks): "
              f"{ignore_ms:.2f} ms")
        print(f"context menu build: {menu_ms:.2f} ms ({size} actions); plain QMenu {plain_ms:.2f} ms; "
              f"ratio {menu_ms / plain_ms:.1f}x")
        print(f"tooltip over a suspect: {tooltip_ms:.2f} ms; over no suspect {timed(no_tooltip, repeat):.2f} ms")
        window.close()
        app.processEvents()
    return 0


if __name__ == "__main__":  # the suspect checker runs in a child process that re-imports this module
    sys.exit(main())
