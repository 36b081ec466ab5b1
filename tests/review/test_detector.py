"""The combiner: merged kinds, ranking, reasons, and fast single-segment re-checks."""

from __future__ import annotations

from editor.core.edits import set_text
from editor.core.model import Segment, Transcript
from editor.review import Detector, Glossary
from editor.review.detector import combine
from editor.review.suspect import Finding


def test_combine_merges_overlapping_findings_and_orders_suggestions():
    a = Finding("s1", 4, 10, "carous", "unknown", 0.6, ("cars", "Keras"), "'carous' is not in the English word list")
    b = Finding("s1", 4, 10, "carous", "glossary", 0.8, ("Keras",), "sounds like glossary term 'Keras'")
    c = Finding("s1", 20, 24, "stat", "context", 0.5, ("stack",), "'stack' fits")
    merged = combine([a, b, c])
    assert len(merged) == 2
    top = merged[0]
    assert top.kinds == ("glossary", "unknown")
    assert top.suggestions == ("Keras", "cars")
    assert top.reason == "sounds like glossary term 'Keras'"
    assert abs(top.score - (1 - 0.4 * 0.2)) < 1e-6


def test_ranking_puts_stronger_evidence_first():
    t = Transcript([Segment("s1", "The zorblat met Kubeflw."), Segment("s2", "We use Kubeflow daily.")])
    suspects = Detector(glossary=Glossary(["Kubeflow"]), use_context=False).check(t)
    assert [s.text for s in suspects] == ["Kubeflw", "zorblat"]
    assert suspects[0].score > suspects[1].score
    assert all(0.0 <= s.score <= 1.0 for s in suspects)
    assert all(len(s.suggestions) <= 5 for s in suspects)


def test_check_segment_matches_full_check_after_an_edit():
    # (each line from another speaker: one speaker saying it four times in a row would be a recogniser loop)
    t = Transcript([Segment(f"s{i}", "Kubrick filmed it.", speaker=f"p{i}") for i in range(1, 5)]
                   + [Segment("s5", "All good here.")])
    detector = Detector(use_context=False)
    assert detector.check(t) == []
    set_text(t, "s5", 0, 3, "Kubrik").apply(t)
    quick = detector.check_segment(t, "s5")
    full = [s for s in Detector(use_context=False).check(t) if s.segment_id == "s5"]
    assert quick == full and quick and quick[0].suggestions[0] == "Kubrick"


def test_detectors_with_the_same_glossary_share_work_but_not_state():
    glossary = Glossary(["Kubeflow"])
    t = Transcript([Segment("s1", "We ran Kubeflw."), Segment("s2", "We use Kubeflow daily.")])
    first = Detector(glossary=glossary, use_context=False)
    assert [s.text for s in first.check(t)] == ["Kubeflw"]
    glossary.add("Kubeflw")  # a changed glossary makes a detector that knows the new term
    second = Detector(glossary=glossary, use_context=False)
    assert second.check(t) == []
    assert [s.text for s in first.check(t)] == ["Kubeflw"]  # the first detector is not affected
    assert [s.text for s in Detector(glossary=Glossary(["Kubeflow"]), use_context=False).check(t)] == ["Kubeflw"]


def test_repeated_full_checks_follow_edits_and_removed_segments():
    t = Transcript([Segment(f"s{i}", "Kubrick filmed it.", speaker=f"p{i}") for i in range(1, 4)]
                   + [Segment("s4", "Kubrik too.")])
    detector = Detector(use_context=False)
    assert [s.text for s in detector.check(t)] == ["Kubrik"]
    set_text(t, "s4", 0, 6, "Kubrick").apply(t)
    assert detector.check(t) == []
    fewer = Transcript([Segment("s1", "Kubrick filmed it."), Segment("s4", "Kubrik too.")])
    # one 'Kubrick' against one 'Kubrik': no majority any more, and the removed segments no longer count
    assert detector.check(fewer) == Detector(use_context=False).check(fewer)
    assert "inconsistent" not in [k for s in detector.check(fewer) for k in s.kinds]
