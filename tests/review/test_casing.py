"""Transcripts written wholly in capitals (closed captions, some recognisers) are checked like any other."""

from __future__ import annotations

from editor.core.edits import set_text
from editor.core.model import Segment, Transcript
from editor.review import Detector, Glossary
from editor.review.casing import fold, shouted

LINES = [
    "We trained the bottle on a single machine and it worked.",
    "Then we moved everything to Kubeflw because it scales.",
    "The zorblat team wrote the pipeline last year.",
    "Kubeflow runs the training jobs every night for us.",
]


def _suspects(lines: list[str], glossary: Glossary | None = None) -> list[tuple[str, int, int, str, tuple]]:
    transcript = Transcript([Segment(f"s{i + 1}", line) for i, line in enumerate(lines)])
    return sorted((s.segment_id, s.start, s.end, s.text, s.suggestions)
                  for s in Detector(glossary=glossary, min_score=0.3).check(transcript))


def test_shouted_needs_prose_in_capitals():
    assert shouted("WE TRAINED THE MODEL.")
    assert not shouted("NASA AND")  # two words: may be acronyms on purpose
    assert not shouted("We trained the MODEL on TPUs.")
    assert not shouted("123 456 789")


def test_fold_keeps_every_character_in_place():
    text = "İSTANBUL AND ẞTRASSE ARE FINE"
    assert len(fold(text)) == len(text)
    assert fold("HELLO THERE") == "hello there"


def test_capitals_find_what_lower_case_finds_at_the_same_places():
    glossary = Glossary(["Kubeflow"])
    lower = _suspects([line.lower() for line in LINES], glossary)
    upper = _suspects([line.upper() for line in LINES], glossary)
    assert lower, "the lower-case text has suspects to compare with"
    assert [(seg, a, b) for seg, a, b, _, _ in upper] == [(seg, a, b) for seg, a, b, _, _ in lower]
    for (_, _, _, text, suggestions), (_, _, _, low_text, low_suggestions) in zip(upper, lower, strict=True):
        assert text == low_text.upper()  # the suspect quotes the transcript as written
        assert suggestions == tuple(s.upper() for s in low_suggestions)


def test_capitals_flag_a_misheard_word_with_a_capital_suggestion():
    found = {text: suggestions for _, _, _, text, suggestions in _suspects([line.upper() for line in LINES],
                                                                            Glossary(["Kubeflow"]))}
    assert "KUBEFLOW" in found.get("KUBEFLW", ())


def test_short_unknown_words_in_capitals_are_acronyms_not_mistakes():
    lines = ["WE SHIPPED THE TFX PIPELINE ON GKE LAST WEEK.", "THE TFX TEAM WAS HAPPY WITH GKE."]
    flagged = {text for _, _, _, text, _ in _suspects(lines)}
    assert not flagged & {"TFX", "GKE"}


def test_re_checking_an_edited_capitals_segment_matches_a_full_check():
    transcript = Transcript([Segment(f"s{i + 1}", line.upper()) for i, line in enumerate(LINES)])
    detector = Detector(glossary=Glossary(["Kubeflow"]), min_score=0.3)
    detector.check(transcript)
    set_text(transcript, "s3", 4, 11, "ZORBLIT").apply(transcript)
    quick = detector.check_segment(transcript, "s3")
    full = [s for s in Detector(glossary=Glossary(["Kubeflow"]), min_score=0.3).check(transcript)
            if s.segment_id == "s3"]
    assert quick == full
    assert any(s.text == "ZORBLIT" for s in quick)


def test_a_word_retyped_in_lower_case_keeps_its_capitals_segment_checked():
    assert shouted("THEN WE MOVED EVERYTHING TO kubeflow BECAUSE IT SCALES.")
    assert not shouted("Then we moved everything to KUBEFLOW because it scales.")
    transcript = Transcript([Segment(f"s{i + 1}", line.upper()) for i, line in enumerate(LINES)])
    detector = Detector(glossary=Glossary(["Kubeflow"]), min_score=0.3)
    assert "ZORBLAT" in {s.text for s in detector.check(transcript) if s.segment_id == "s3"}
    set_text(transcript, "s3", 0, 3, "the").apply(transcript)  # the user retyped a word in lower case
    after = {s.text for s in detector.check_segment(transcript, "s3")}
    assert "ZORBLAT" in after  # the rest of the segment is still read as words, not acronyms
