"""Whether an edit joins the undo step before it is decided in one place: Project.apply (last_merged)."""

from __future__ import annotations

from editor.core import edits as E
from editor.store.project import Project


def test_a_merge_is_granted_only_after_a_do_and_reported_back(transcript, project_path):
    with Project.create(project_path, transcript) as project:
        seg = project.transcript.segments[0].id
        project.apply(E.set_segment_text(project.transcript, seg, "a"), merge=True)
        assert not project.last_merged  # the first step: nothing to join
        project.apply(E.set_segment_text(project.transcript, seg, "ab"), merge=True)
        assert project.last_merged
        assert len(project.undo_steps()[0]) == 1  # one step for the run
        project.undo()
        project.redo()
        project.apply(E.set_segment_text(project.transcript, seg, "abc"), merge=True)
        assert not project.last_merged  # after a redo a new step starts, whatever the caller asked
        project.apply(E.set_segment_text(project.transcript, seg, "abcd"))
        assert not project.last_merged
        assert len(project.undo_steps()[0]) == 3
