"""Random editing sessions in the real pane: the view always shows the model, and undo takes it all back."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt
from ui_helpers import model_texts, pane_texts, put_cursor

K = Qt.Key
MODS = Qt.KeyboardModifier


@pytest.mark.parametrize("seed", range(8))  # (100 seeds x 80 steps also pass, in ~50 s)
def test_random_editing_keeps_pane_and_model_equal_and_undo_restores(window, qtbot, seed):
    """Typing, Enter, Backspace, Delete, Ctrl+Shift+K, typing over a selection across segments, speaker keys,
    undo and redo at random places."""
    rng = random.Random(seed)
    pane = window.transcript_pane
    original = model_texts(window)
    speakers = [s.speaker for s in window.doc.transcript.segments]
    for step in range(50):
        texts = model_texts(window)
        block = rng.randrange(min(len(texts), 8))
        text = pane.document().findBlockByNumber(block).text()
        put_cursor(window, block, rng.randint(0, len(text)))
        action = rng.random()
        if action < 0.4:
            qtbot.keyClicks(pane, rng.choice(["x", "Hello ", "ab", " ", "word."]))  # (QTest types ASCII only)
        elif action < 0.55:
            qtbot.keyClick(pane, K.Key_Return)
        elif action < 0.7:
            qtbot.keyClick(pane, K.Key_Backspace)
        elif action < 0.8:
            qtbot.keyClick(pane, K.Key_Delete)
        elif action < 0.88:
            qtbot.keyClick(pane, K.Key_K, MODS.ControlModifier | MODS.ShiftModifier)
        elif action < 0.91:
            cursor = pane.textCursor()
            other = pane.document().findBlockByNumber(min(block + rng.randint(0, 2), pane.document().blockCount() - 1))
            cursor.setPosition(other.position() + rng.randint(0, other.length() - 1), cursor.MoveMode.KeepAnchor)
            pane.setTextCursor(cursor)
            qtbot.keyClicks(pane, rng.choice(["Z", "new words "]))
        elif action < 0.93:
            qtbot.keyClick(pane, rng.choice([K.Key_1, K.Key_2, K.Key_0]), MODS.ControlModifier)
        elif action < 0.96:
            window.undo_action.trigger()
        else:
            window.redo_action.trigger()
        pane.commit_typing()
        assert pane_texts(window) == model_texts(window), (seed, step)
    for _ in range(300):
        if not window.undo_action.isEnabled():
            break
        window.undo_action.trigger()
    assert model_texts(window) == original == pane_texts(window)
    assert [s.speaker for s in window.doc.transcript.segments] == speakers
