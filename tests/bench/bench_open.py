"""Opening a long project in the window, against bare QPlainTextEdits, and how soon its suspects show.

Run: QT_QPA_PLATFORM=offscreen python tests/bench/bench_open.py [--hours 10 30] [--repeat 3]
The transcripts are real speech that does not repeat (Earnings-21, see earnings.py), with word timings as a
recogniser's JSON import has them. Per size, each round measures in one process:
- bare: two QPlainTextEdits in a plain window of the same size get the same texts (setPlainText + paint);
- open: File > Open of the project in a shown main window, until the first paint (both panes, gutter, docks);
- first suspects: from the start of the open until the suspects are underlined, on a fresh project (never
  checked) and on the same project reopened (the last check's results are kept in the project file).
Prints medians and ratios, of wall time and of this process's CPU time (on a loaded machine the wall time mostly
measures the wait for a core; the checker's own CPU runs in its child process and is not counted).
Targets (issue 14): open <= 10x bare and <= 0.5 s; reopened suspects at once.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from earnings import data_dir, earnings_transcript


def with_source(transcript):
    """The transcript with an original text (one segment per line), as an import leaves it."""
    from editor.core.model import Segment, SourceInfo, Transcript

    lines, segments, offset = [], [], 0
    for s in transcript.segments:
        lines.append(s.text)
        segments.append(Segment(s.id, s.text, s.speaker, s.start, s.end, s.words, (offset, offset + len(s.text))))
        offset += len(s.text) + 1
    return Transcript(segments, transcript.speakers, SourceInfo("\n".join(lines), "calls.json", "whisper-json",
                                                                "utf-8"))


def wait_for_suspects(app, controller, limit: float = 300.0) -> float:
    """Seconds until the controller has its suspects (from the start of the call)."""
    start = time.perf_counter()
    while not controller.ready and time.perf_counter() - start < limit:
        app.processEvents()
        time.sleep(0.002)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=float, nargs="+", default=[10, 30])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if data_dir() is None:
        print("Earnings-21 development set not found (set EARNINGS21_DIR)")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRANSCRIPT_EDITOR_HOME"] = str(Path(tmp) / "home")
        from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QSplitter

        from editor.review.context import ContextModel
        from editor.store.project import Project
        from editor.ui.main_window import MainWindow
        from editor.ui.review.check_worker import start_check_process
        from editor.ui.settings import Settings

        ContextModel.get()  # the per-user model cache is built on the app's first start only: not timed here
        app = QApplication.instance() or QApplication([])
        start_check_process()  # as the app does at start, before a document opens
        window = MainWindow(Settings())
        window.resize(1400, 850)
        window.show()
        frame = QMainWindow()
        split = QSplitter()
        bare = [QPlainTextEdit(), QPlainTextEdit()]
        for widget in bare:
            widget.setFont(window.transcript_pane.font())
            split.addWidget(widget)
        frame.setCentralWidget(split)
        frame.resize(window.size())
        frame.show()
        split.setSizes(window.splitter.sizes())
        app.processEvents()
        controller = window.review.controller
        for hours in args.hours:
            transcript = with_source(earnings_transcript(hours, words=True))
            pristine = Path(tmp) / f"pristine-{hours:g}.tproj"
            Project.create(pristine, transcript).close()
            texts = (transcript.source.text, "\n".join(s.text for s in transcript.segments))
            print(f"{hours:g} h: {len(transcript)} segments, {transcript.word_count()} words, "
                  f"{len(texts[0])} chars, {pristine.stat().st_size // 1024} KB project")
            keys = ("bare", "open", "fresh", "reopen open", "reopen")
            rows: dict[str, list[float]] = {k: [] for k in keys}
            cpu: dict[str, list[float]] = {k: [] for k in keys}
            for round_ in range(args.repeat):
                for widget in bare:
                    widget.clear()
                app.processEvents()
                start, clock = time.perf_counter(), time.process_time()
                for widget, text in zip(bare, texts, strict=True):
                    widget.setPlainText(text)
                app.processEvents()
                rows["bare"].append(time.perf_counter() - start)
                cpu["bare"].append(time.process_time() - clock)
                path = Path(tmp) / f"round-{hours:g}-{round_}.tproj"
                shutil.copyfile(pristine, path)
                for name, wait in (("open", "fresh"), ("reopen open", "reopen")):
                    start, clock = time.perf_counter(), time.process_time()
                    assert window.open_path(path)
                    app.processEvents()
                    rows[name].append(time.perf_counter() - start)
                    cpu[name].append(time.process_time() - clock)
                    rows[wait].append(time.perf_counter() - start + wait_for_suspects(app, controller))
                    cpu[wait].append(time.process_time() - clock)
                    suspects = controller.count()
                    for _ in range(20):  # let the results be written and the idle timers run
                        app.processEvents()
                        time.sleep(0.01)
                    window.close_document()
                    app.processEvents()
            for label, values in (("wall", rows), ("CPU", cpu)):
                med = {k: statistics.median(v) for k, v in values.items()}
                print(f"  open, {label} (File > Open to first paint): bare QPlainTextEdits {med['bare'] * 1000:.0f} ms;"
                      f" window {med['open'] * 1000:.0f} ms; ratio {med['open'] / med['bare']:.1f}x (reopened "
                      f"{med['reopen open'] * 1000:.0f} ms, {med['reopen open'] / med['bare']:.1f}x); targets <= 10x, "
                      "<= 500 ms")
                print(f"  first suspects after the open started, {label}: fresh project {med['fresh']:.2f} s; "
                      f"reopened {med['reopen']:.2f} s ({suspects} open suspects); medians of {args.repeat}")
        window.close()
        frame.close()
    return 0


if __name__ == "__main__":  # the suspect checker runs in a child process that re-imports this module
    sys.exit(main())
