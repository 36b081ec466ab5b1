"""The learning loop converges: remembered fixes compare case exactly, never flag their own result, go global only
after two projects (or 'Always'), and the user's own forms are known in their project."""

from __future__ import annotations

import json

from detector_helpers import doc

from editor.review import CorrectionMemory, Detector, UserCorrectionStore
from editor.review.memory import LEGACY_PROJECT
from editor.review.review_data import META_CORRECTIONS, ReviewData
from editor.store.project import project_for_source


def memory_hits(suspects) -> list[str]:
    return [s.text for s in suspects if "memory" in s.kinds]


def test_a_case_only_fix_flags_the_old_case_only_and_never_its_own_result():
    memory = CorrectionMemory()
    memory.record("tensorflow", "TensorFlow")
    t = doc("We use TensorFlow every day.", "Install tensorflow now.", "See tensorflow.org for more.",
            "TENSORFLOW is shouted.")
    assert memory_hits(Detector(memory=memory, use_context=False).check(t)) == ["tensorflow"]
    memory.record("Swift", "Swift for")
    hits = Detector(memory=memory, use_context=False).check(doc("Swift for TensorFlow.", "Swift TensorFlow."))
    assert [(s.segment_id, s.text) for s in hits if "memory" in s.kinds] == [("s2", "Swift")]


def test_undoing_a_fix_takes_it_back():
    memory = CorrectionMemory()
    memory.record("stat", "stack", 2)
    memory.unrecord("stat", "stack")
    assert memory.best("stat") == [("stack", 1)]
    memory.unrecord("stat", "stack")
    assert memory.to_json() == {} and not Detector(memory=memory).check(doc("The stat grew."))


def test_a_fix_made_in_one_project_reaches_other_files_only_after_a_second_project_or_always():
    store = UserCorrectionStore()
    t = doc("The stat is fine.")
    store.record("stat", "stack", "project-a")
    store.record("stat", "stack", "project-a")  # the same project twice is still one project
    assert not memory_hits(Detector(memory=store.load(), use_context=False).check(t))
    store.set_always("stat", "stack", True)
    assert memory_hits(Detector(memory=store.load(), use_context=False).check(t)) == ["stat"]
    store.set_always("stat", "stack", False)
    store.record("stat", "stack", "project-b")
    assert memory_hits(Detector(memory=store.load(), use_context=False).check(t)) == ["stat"]
    store.unrecord("stat", "stack", "project-b")  # undone in project B
    assert not store.load().counts
    store.delete("stat", "stack")
    assert store.rules() == []


def test_the_earlier_user_file_format_counts_as_one_project(_user_dirs):
    store = UserCorrectionStore()
    store.path.write_text(json.dumps({"Cubeflow": {"Kubeflow": 3}, "bad": 7}), encoding="utf-8")
    [rule] = store.rules()
    assert (rule.old, rule.new, rule.projects, rule.everywhere) == ("Cubeflow", "Kubeflow", {LEGACY_PROJECT: 3}, False)
    store.record("Cubeflow", "Kubeflow", "project-x")
    assert store.load().best("Cubeflow") == [("Kubeflow", 4)]
    assert json.loads(store.path.read_text(encoding="utf-8"))["format"] == 2


def test_forms_the_user_wrote_are_known_in_that_project():
    t = doc("Chris Lattner built Swift.", "Kubeflow runs pipelines.", "The Pythonic way, and Pythonic code.",
            "Lattner said Latner once.", "A pathonic slip.")
    memory = CorrectionMemory()
    memory.record("Pythonic", "Python")  # rules from elsewhere: still never flag what the user wrote here
    memory.record("Lattner", "Latter")
    plain = Detector(memory=memory, use_context=False).check(t)
    assert {"Lattner", "Kubeflow", "Pythonic", "pathonic"} <= {s.text for s in plain}
    found = Detector(memory=memory, use_context=False, accepted=["Lattner", "Kubeflow", "Pythonic"]).check(t)
    texts = [s.text for s in found]
    assert "Lattner" not in texts and "Kubeflow" not in texts and "Pythonic" not in texts
    assert "Latner" in texts and "pathonic" in texts  # near-misses of the user's forms are still suspects
    memory.record("pathonic", "Pythonic")  # a fix's result is never flagged by the memory, whatever else it holds
    assert "Pythonic" not in [s.text for s in Detector(memory=memory, use_context=False).check(t)]


def _project(tmp_path, name: str):
    source = tmp_path / f"{name}.txt"
    source.write_text("We use tensorflow here.\nThe stat grew.\n", encoding="utf-8")
    return project_for_source(source)


def test_review_data_is_read_one_way_a_fix_counted_in_project_and_user_list_is_one_fix(tmp_path):
    project = _project(tmp_path, "a")
    data = ReviewData(project)
    data.record_correction("stat", "stack")
    assert project.get_meta(META_CORRECTIONS) == {"stat": {"stack": 1}}
    assert data.memory().best("stat") == [("stack", 1)]  # not 2: the user's copy of the same fix
    assert data.accepted_forms() == ["stack"]
    assert data.unrecord_correction("stat", "stack") and not data.unrecord_correction("stat", "stack")
    assert data.memory().counts == {} and data.accepted_forms() == []
    project.close()
    other = _project(tmp_path, "b")  # a second project: the fix is made there too
    ReviewData(other).record_correction("stat", "stack")
    ReviewData(_project(tmp_path, "c")).record_correction("stat", "stack")
    assert ReviewData(None).memory().best("stat") == [("stack", 2)]  # a plain file: two projects made it


def test_the_checker_session_takes_review_data_decisions_whole(tmp_path):
    from editor.review_service import CheckJob, CheckSession, FullCheck, pack_segment, unpack_suspects

    project = _project(tmp_path, "d")
    data = ReviewData(project)
    t = doc("The zorblat and the Zorblat.", "A Kubeflow run.", "The stat grew.")
    session = CheckSession()
    job = CheckJob(check=FullCheck(), detector=data.detector_settings(), order=[s.id for s in t.segments],
                   segments=[pack_segment(s) for s in t.segments])
    first = {s.text for s in unpack_suspects(session.handle(job).suspects)}
    assert {"zorblat", "Zorblat", "Kubeflow"} <= first
    data.ignore_everywhere("zorblat")  # lower case: covers the capitalised form too
    data.ignore("s2", "Kubeflow")
    data.record_correction("stat", "stack")
    after = unpack_suspects(session.handle(CheckJob(check=FullCheck(), decisions=data.decisions())).suspects)
    assert sorted((s.text, s.kinds) for s in after) == [("stat", ("memory",))]
    assert all(not data.hides(s.segment_id, s.text) for s in after)  # the queue's rule is the detector's
