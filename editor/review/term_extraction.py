"""Pull likely glossary terms (names, products, jargon) out of free text such as pasted show notes.

Pure Python. A term is a run of capitalised words (allowing short joiners like 'for' or 'of' inside, as in
'Swift for TensorFlow'), a CamelCase or mixed word (TensorFlow, tf.keras, GPT-3), or an acronym — unless it
is a common English word that is capitalised only because it starts a sentence.
"""

from __future__ import annotations

import re

from wordfreq import zipf_frequency

COMMON_ZIPF = 4.0  # words at least this frequent are ordinary English on their own
VERY_COMMON_ZIPF = 5.6  # mid-sentence, only words like "I" or "English" are capitalised yet ordinary
_JOINERS = {"for", "of", "de", "van", "von", "la", "le", "&"}
_TOKEN = re.compile(r"[A-Za-z0-9][\w.+#'’-]*[\w+#]|[A-Za-z0-9]")
_SENTENCE_END = re.compile(r"[.!?:;\n]\s*$")
_URLISH = re.compile(r"https?://|www\.|@")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _is_technical(word: str) -> bool:
    """CamelCase, inner capitals or digits, dotted names, acronyms: never ordinary English."""
    inner_caps = any(ch.isupper() for ch in word[1:])
    return inner_caps or any(ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word) or \
        ("." in word.strip(".") and word[:1].isalpha())


def _common(word: str, limit: float = COMMON_ZIPF) -> bool:
    return zipf_frequency(word.lower(), "en") >= limit


def extract_terms(text: str, known: set[str] | None = None) -> list[str]:
    """Candidate glossary terms in `text`, in order of first appearance, without duplicates or `known`."""
    known_lower = {k.lower() for k in known or ()}
    found: list[str] = []
    for line in text.splitlines():
        if _URLISH.search(line):
            line = " ".join(w for w in line.split() if not _URLISH.search(w))
        tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(line)]
        i = 0
        while i < len(tokens):
            word, start = tokens[i]
            sentence_start = start == 0 or bool(_SENTENCE_END.search(line[:start])) or not line[:start].strip()
            if not (_is_capitalised(word) or _is_technical(word)):
                i += 1
                continue
            # grow a phrase of capitalised words, with joiners only between two capitalised words
            j = i + 1
            while j < len(tokens):
                gap = line[tokens[j - 1][1] + len(tokens[j - 1][0]) : tokens[j][1]]
                if gap.strip() not in ("", "-"):
                    break
                nxt = tokens[j][0]
                if _is_capitalised(nxt) or _is_technical(nxt):
                    j += 1
                elif nxt.lower() in _JOINERS and j + 1 < len(tokens) and _is_capitalised(tokens[j + 1][0]):
                    j += 2
                else:
                    break
            words = [w for w, _ in tokens[i:j]]
            if sentence_start and len(words) > 1 and _common(words[0]) and not _is_technical(words[0]):
                words = words[1:]  # "The TensorFlow team": drop the sentence's first word
            while words and words[-1].lower() in _JOINERS:
                words.pop()
            phrase = " ".join(words)
            limit = COMMON_ZIPF if sentence_start or len(words) != j - i else VERY_COMMON_ZIPF
            single_common = len(words) == 1 and _common(words[0], limit) and not _is_technical(words[0])
            if phrase and not single_common and len(phrase) > 1 and phrase.lower() not in known_lower:
                known_lower.add(phrase.lower())
                found.append(phrase)
            i = j
    return found
