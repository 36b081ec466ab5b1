"""Any text at all: the detector never fails, and every suspect points at real text of its segment."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from editor.core.model import Segment, Transcript
from editor.review import Detector, Glossary

WORDS = ["the", "model", "bottle", "Keras", "carous", "KERAS", "we", "trained", "it", "Thank", "you.", "tf.keras",
         "don't", "e-mail", "http://x.io", "a@b.co", "3.5", "TPUs", "Zorblat", "fire", "hole", "well", "come", "-",
         "İstanbul", "ǅemal", "ﬁne", "日本", "🙂", "\u200b", "e\u0301", "''", "(", "):", "…", "Page", "Paige"]
SEPARATORS = [" ", "  ", " ", "\t", " - ", ", "]  # words are not always one space apart
texts = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=30).map(
    lambda words: "".join(w + sep for w, sep in zip(words, SEPARATORS * 5, strict=False)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(texts, st.booleans()), min_size=1, max_size=8))
@example([("well  come", False)])  # two words heard as one, with two spaces between: the span is both and those
def test_suspects_always_point_at_their_segment_text(rows):
    segments = [Segment(f"s{i}", text.upper() if shout else text, speaker="a")
                for i, (text, shout) in enumerate(rows)]
    transcript = Transcript(segments)
    detector = Detector(glossary=Glossary(["Keras", "Paige Bailey", "tf.keras"]), min_score=0.0)
    by_id = {s.id: s for s in segments}
    found = detector.check(transcript)
    for suspect in found:
        text = by_id[suspect.segment_id].text
        assert 0 <= suspect.start < suspect.end <= len(text)
        assert text[suspect.start : suspect.end] == suspect.text
        assert 0.0 <= suspect.score <= 1.0 and len(suspect.suggestions) <= 5 and suspect.reason
    for segment in segments:  # one segment at a time gives what the full check gave for it
        assert detector.check_segment(transcript, segment.id) == [s for s in found if s.segment_id == segment.id]
