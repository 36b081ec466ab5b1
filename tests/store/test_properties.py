"""Property test: random edits, undos, redos, versions, restores and reopens keep file == memory == model."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from store_helpers import make_transcript

from editor.core import edits as E
from editor.store.project import Project
from editor.store.replay import integrity_problems

ACTIONS = ["type", "type", "type_merge", "type_merge", "delete", "split", "merge", "speaker", "add_speaker",
           "undo", "undo", "redo", "version", "restore", "reopen"]


class Model:
    """What the project should hold: the transcript, undo/redo steps (lists of edits) and versions."""

    def __init__(self, original):
        self.transcript = original.copy()
        self.done: list[list[E.Edit]] = []
        self.undone: list[list[E.Edit]] = []
        self.last_kind: str | None = None
        self.versions = {"original": original.copy()}

    def do(self, edit, merge):
        edit.apply(self.transcript)
        if merge and self.last_kind == "do" and self.done:
            self.done[-1].append(edit)
        else:
            self.done.append([edit])
        self.undone.clear()
        self.last_kind = "do"

    def undo(self):
        step = self.done.pop()
        for edit in reversed(step):
            edit.inverse().apply(self.transcript)
        self.undone.append(step)
        self.last_kind = "undo"

    def redo(self):
        step = self.undone.pop()
        for edit in step:
            edit.apply(self.transcript)
        self.done.append(step)
        self.last_kind = "redo"


def _build(action, t, data):
    """An edit for `action` on transcript `t` (None if it does not fit)."""
    seg = t.segments[data.draw(st.integers(0, len(t) - 1))]
    if action in ("type", "type_merge"):
        at = data.draw(st.integers(0, len(seg.text)))
        return E.set_text(t, seg.id, at, at, data.draw(st.sampled_from(["a", "b ", " new", "é", "x y"])))
    if action == "delete" and len(seg.text) > 1:
        at = data.draw(st.integers(0, len(seg.text) - 1))
        return E.set_text(t, seg.id, at, min(len(seg.text), at + data.draw(st.integers(1, 6))), "")
    if action == "split" and len(seg.text) > 2:
        return E.split_segment(t, seg.id, data.draw(st.integers(1, len(seg.text) - 1)))
    if action == "merge" and t.index_of(seg.id) + 1 < len(t):
        return E.merge_segments(t, seg.id)
    if action == "speaker":
        return E.set_speaker(t, [seg.id], data.draw(st.sampled_from([s.id for s in t.speakers] + [None])))
    if action == "add_speaker":
        return E.add_speaker(t, data.draw(st.sampled_from(["Cy", "Dee"])))
    return None


def _same_steps(project_steps, model_steps):
    assert len(project_steps) == len(model_steps)
    for got, want in zip(project_steps, model_steps, strict=True):
        if len(want) == 1:
            assert got == want[0]
        else:
            assert isinstance(got, E.Batch) and list(got.edits) == want


@settings(max_examples=60, deadline=None)
@given(actions=st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=30), data=st.data())
def test_random_sessions_keep_file_memory_and_model_equal(actions, data):
    original = make_transcript(4, words=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.tproj"
        project = Project.create(path, original)
        model = Model(original)
        try:
            for action in actions:
                t = project.transcript
                if action == "undo":
                    assert (project.undo() is not None) == bool(model.done)
                    if model.done:
                        model.undo()
                elif action == "redo":
                    assert (project.redo() is not None) == bool(model.undone)
                    if model.undone:
                        model.redo()
                elif action == "version":
                    name = f"v{len(model.versions)}"
                    project.save_version(name)
                    model.versions[name] = model.transcript.copy()
                elif action == "restore":
                    name = data.draw(st.sampled_from(sorted(model.versions)))
                    edit = E.replace_document(model.transcript, model.versions[name], f"Restore version '{name}'")
                    project.restore_version(name)
                    model.do(edit, False)
                elif action == "reopen":
                    project.close()
                    project = Project.open(path)
                else:
                    try:
                        edit = _build(action, t, data)
                    except E.EditConflict:
                        edit = None
                    if edit is None:
                        continue
                    merge = action == "type_merge"
                    project.apply(edit, merge=merge)
                    model.do(edit, merge)
                assert project.transcript == model.transcript
                assert (project.can_undo(), project.can_redo()) == (bool(model.done), bool(model.undone))
            project.close()
            project = Project.open(path)
            assert project.transcript == model.transcript
            done, undone = project.undo_steps()
            _same_steps(done, model.done)
            _same_steps(undone, model.undone)
            for name, version in model.versions.items():
                assert project.version_transcript(name) == version
            assert integrity_problems(project) == []
        finally:
            project.close()
