"""Suspected mis-transcriptions: detection, glossary, correction memory. Pure Python."""

from editor.review.detector import Detector, IgnoredSpan
from editor.review.glossary import Glossary
from editor.review.memory import CorrectionMemory, UserCorrectionStore
from editor.review.suspect import Suspect

__all__ = ["CorrectionMemory", "Detector", "Glossary", "IgnoredSpan", "Suspect", "UserCorrectionStore"]
