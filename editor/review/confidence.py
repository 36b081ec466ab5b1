"""Signal 4: the recogniser's own doubt: low word probability, and segment-level signs of hallucination."""

from __future__ import annotations

from editor.core.model import Segment, token_spans
from editor.review.suspect import LOW_CONFIDENCE, Finding

WORD_THRESHOLD = 0.5  # word probability below this is suspicious
# Whisper's own defaults for deciding that a segment failed (see its transcribe() options).
AVG_LOGPROB_THRESHOLD = -1.0
NO_SPEECH_THRESHOLD = 0.6
COMPRESSION_RATIO_THRESHOLD = 2.4


def confidence_findings(segment: Segment) -> list[Finding]:
    """Low-confidence words, or the whole segment when its recogniser statistics look like a hallucination."""
    found: list[Finding] = []
    if segment.words is not None:
        spans = token_spans(segment.text)
        for word, (start, end) in zip(segment.words, spans, strict=False):
            if word.confidence is not None and word.confidence < WORD_THRESHOLD:
                score = 0.5 + 0.45 * (WORD_THRESHOLD - word.confidence) / WORD_THRESHOLD
                text = segment.text[start:end]
                found.append(Finding(segment.id, start, end, text, LOW_CONFIDENCE, score, (),
                                     f"the recogniser was unsure of {text!r} ({word.confidence:.0%})"))
    meta = segment.meta_dict()
    problems = []
    logprob = meta.get("avg_logprob")
    if isinstance(logprob, int | float) and logprob < AVG_LOGPROB_THRESHOLD:
        problems.append(f"average log-probability {logprob:.2f}")
    no_speech = meta.get("no_speech_prob")
    if isinstance(no_speech, int | float) and no_speech > NO_SPEECH_THRESHOLD:
        problems.append(f"no-speech probability {no_speech:.0%}")
    ratio = meta.get("compression_ratio")
    if isinstance(ratio, int | float) and ratio > COMPRESSION_RATIO_THRESHOLD:
        problems.append(f"repetitive text (compression ratio {ratio:.1f})")
    if problems and segment.text.strip():
        start = len(segment.text) - len(segment.text.lstrip())
        end = len(segment.text.rstrip())
        score = min(0.95, 0.5 + 0.15 * len(problems))
        found.append(Finding(segment.id, start, end, segment.text[start:end], LOW_CONFIDENCE, score, (),
                             "possibly invented by the recogniser: " + ", ".join(problems)))
    return found
