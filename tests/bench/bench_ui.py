"""UI speed on a 10-hour transcript (~100,000 words, ~9,000 segments), against a bare QPlainTextEdit.

Run: QT_QPA_PLATFORM=offscreen python tests/bench/bench_ui.py [--keys N]
Prints medians, p95 and ratios; targets: open + show both panes <= 0.5 s; keystroke median <= 1 ms,
p95 <= 4 ms (with highlighting and commit-to-project logic active; commits happen at word boundaries).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit, QSplitter

from editor.core.model import Segment, SourceInfo, Speaker, Transcript, Word

SEGMENTS = 9000
WORDS_PER_SEGMENT = 11
TYPED = "so the model we trained yesterday works. "


SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "tensorflow-dev-summit-interview.txt"


def _sample_sentences() -> list[str]:
    """Real speech: the bundled sample's sentences (its lines joined, split after . ? !)."""
    import re

    text = " ".join(SAMPLE.read_text(encoding="utf-8").split())
    return [s for s in re.split(r"(?<=[.?!])\s+", text) if len(s.split()) >= 3]


def make_transcript(seed: int = 1, kind: str = "sample") -> Transcript:
    """A 10-hour interview: 9,000 timed segments, 3 speakers, word timings and confidences.

    kind="sample" repeats the bundled sample's sentences (real speech, a realistic number of suspects);
    kind="random" is word salad from a small technical vocabulary (a worst case: most words look suspect).
    """
    rng = random.Random(seed)
    vocab = ("the a we and model data training learning really think about going people kind of "
             "actually TensorFlow Python graph layer tensor eager keras deploy mobile research").split()
    sentences = _sample_sentences()
    lines, segments = [], []
    offset, clock = 0, 0
    count = 0
    for i in range(SEGMENTS):
        if kind == "sample" and count >= SEGMENTS * WORDS_PER_SEGMENT:
            break  # the same ~100,000 words as the random text (the sample's sentences are longer)
        if kind == "sample":
            text = sentences[i % len(sentences)]
        else:
            text = " ".join(rng.choice(vocab) for _ in range(WORDS_PER_SEGMENT)).capitalize() + "."
        words = []
        floor = 0.7 if kind == "sample" else 0.0  # recognisers are mostly confident about real speech
        for token in text.split():
            words.append(Word(token, clock, clock + 300, round(floor + (1 - floor) * rng.random(), 2)))
            clock += 360
        count += len(words)
        lines.append(text)
        segments.append(Segment(f"s{i + 1}", text, f"p{i % 3 + 1}", words[0].start, words[-1].end, tuple(words),
                                (offset, offset + len(text))))
        offset += len(text) + 1
    speakers = [Speaker("p1", "Host"), Speaker("p2", "Guest"), Speaker("p3", "Producer")]
    return Transcript(segments, speakers, SourceInfo("\n".join(lines), "long.json", "whisper-json", "utf-8"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def type_and_time(app: QApplication, widget: QPlainTextEdit, count: int) -> tuple[list[float], list[float]]:
    """Per-keystroke times (ms): (echo, total).

    echo = the key event plus the repaint it causes (posted events, no timers): what the user waits for.
    total = echo plus the rest of that event-loop pass (timers: the word-boundary commit to the project).
    """
    echo, total = [], []
    for i in range(count):
        char = TYPED[i % len(TYPED)]
        start = time.perf_counter()
        if char == " ":
            QTest.keyClick(widget, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
        else:
            QTest.keyClicks(widget, char)
        QApplication.sendPostedEvents()
        echo.append((time.perf_counter() - start) * 1000)
        app.processEvents()
        total.append((time.perf_counter() - start) * 1000)
    return echo, total


def place_middle(widget: QPlainTextEdit, shift: int = 0) -> None:
    """Caret in a block near the middle; `shift` picks another block, so each run types into a fresh one.

    (Typing 600 keys into one block makes it ever longer and its re-layout ever slower, which would make a
    second run look slower than the first for reasons that have nothing to do with what it measures.)
    """
    block = widget.document().findBlockByNumber(widget.document().blockCount() // 2 + shift)
    cursor = QTextCursor(block)
    cursor.setPosition(block.position() + 10)
    widget.setTextCursor(cursor)
    widget.centerCursor()
    widget.setFocus()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=600)
    parser.add_argument("--text", choices=["sample", "random"], default="sample",
                        help="sample: the bundled sample's sentences repeated; random: word salad (worst case)")
    parser.add_argument("--without", action="append", default=[], choices=["review", "media"],
                        help="leave a feature out of the window, to see what it costs")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRANSCRIPT_EDITOR_HOME"] = tmp
        from editor.store.project import Project
        from editor.ui import main_window as main_window_module
        from editor.ui.main_window import MainWindow

        for feature in args.without:
            setattr(main_window_module, f"install_{feature}", lambda window: None)

        transcript = make_transcript(kind=args.text)
        words = transcript.word_count()
        path = Path(tmp) / "long.tproj"
        Project.create(path, transcript).close()
        print(f"transcript: {len(transcript)} segments, {words} words, {len(transcript.source.text)} chars")

        # Ours: open the project file and show both panes (highlighter pass included).
        start = time.perf_counter()
        window = MainWindow()
        window.resize(1400, 850)
        window.show()
        assert window.open_path(path)
        app.processEvents()
        our_open = time.perf_counter() - start
        # Baseline: bare QPlainTextEdits with the same texts, fonts and sizes in a plain window of the same
        # size (painting cost depends on the window's backing store, so a lone widget would flatter it).
        start = time.perf_counter()
        frame = QMainWindow()
        split = QSplitter()
        source = QPlainTextEdit()
        bare = QPlainTextEdit()
        for widget, text in ((source, transcript.source.text), (bare, "\n".join(s.text for s in transcript.segments))):
            widget.setFont(window.transcript_pane.font())
            widget.setPlainText(text)
            split.addWidget(widget)
        frame.setCentralWidget(split)
        frame.resize(window.size())
        frame.show()
        split.setSizes(window.splitter.sizes())
        app.processEvents()
        bare_open = time.perf_counter() - start

        print(f"open + show: bare QPlainTextEdit {bare_open * 1000:.0f} ms; main window (project, both panes) "
              f"{our_open * 1000:.0f} ms; ratio {our_open / bare_open:.1f}x; target <= 500 ms")

        place_middle(bare)
        bare_echo, bare_total = type_and_time(app, bare, args.keys)
        place_middle(bare, shift=100)  # the same block the second run of ours types into
        bare2_echo, _ = type_and_time(app, bare, args.keys)
        pane = window.transcript_pane
        place_middle(pane)
        depth = window.doc.undo_stack.count()
        # First while the background suspect check of the freshly opened file runs (the user starts
        # typing at once), then once it is done (the steady state of a long session).
        busy_echo, busy_total = type_and_time(app, pane, args.keys)
        pane.commit_typing()
        steps = window.doc.undo_stack.count() - depth
        review = getattr(window, "review", None)
        controller = getattr(review, "controller", None)
        deadline = time.perf_counter() + 60
        while controller is not None and controller.checking() and time.perf_counter() < deadline:
            app.processEvents()
            time.sleep(0.01)
        for _ in range(50):  # let the debounced re-checks of what was typed run too
            app.processEvents()
            time.sleep(0.02)
        place_middle(pane, shift=100)
        our_echo, our_total = type_and_time(app, pane, args.keys)
        pane.commit_typing()
        rows = (("bare QPlainTextEdit, echo", bare_echo), ("pane while first check runs, echo", busy_echo),
                ("pane while first check runs, total", busy_total),
                ("bare QPlainTextEdit, 2nd block, echo", bare2_echo),
                ("transcript pane, echo", our_echo),
                ("bare QPlainTextEdit, total", bare_total), ("transcript pane, total", our_total))
        for name, values in rows:
            print(f"keystroke {name:36s}: median {statistics.median(values):.3f} ms, p95 {percentile(values, 0.95):.3f} ms,"
                  f" max {max(values):.2f} ms ({len(values)} keys)")
        print(f"keystroke echo ratio (median ours/bare): {statistics.median(our_echo) / statistics.median(bare_echo):.1f}x;"
              f" total ratio {statistics.median(our_total) / statistics.median(bare_total):.1f}x;"
              f" targets median <= 1 ms, p95 <= 4 ms")
        history = len(window.doc.project.history())
        print(f"commits: {history} history entries written, {steps} undo step(s) for the typing run")
        window.close()
        frame.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
