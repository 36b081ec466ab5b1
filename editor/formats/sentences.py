"""Split running text into sentence-sized pieces, returning character spans into the text.

Recognisers often write a whole recording as one line or one paragraph per speaker turn; the editor
works best on sentence-sized segments. The rules are deliberately simple and predictable: a sentence ends
at `.`, `!`, `?` or an ellipsis followed by white space, except after titles and Latin abbreviations
("Dr.", "e.g."), dotted initialisms ("U.S."), and ellipses that run on in lower case. Numbers like "2.0"
never end a sentence because no white space follows the dot. Very long sentences (unpunctuated
recogniser output) are cut at clause punctuation, or after a fixed number of words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

# Never end a sentence: they precede a name or continue the sentence.
_NEVER_FINAL = frozenset(
    "mr mrs ms dr prof st sr jr vs e.g i.e cf viz approx ca fig mt rev gen hon sgt capt lt col gov sen rep".split()
)
# End a sentence only when a capital letter follows ("..., etc. The next").
_FINAL_BEFORE_CAPITAL = frozenset("etc inc ltd co corp al".split())
_DOTTED_RE = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
# (a non-breaking space after the stop says "do not break here", and a tab is kept as written: neither ends a
# sentence, so the segments keep them; see build.KEPT_SPACES)
_END_RE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=[^\S\t\u00a0\u2007\u202f]|$)")
_OPENERS = "\"'“‘([¿¡"
_CLOSERS = "\"'”’)]"
_CLAUSE_END = (",", ";", ":", "—", "–")

# Long-sentence cutting (100 words is about 40 s of speech; real sentences rarely run longer): pieces
# of at least TARGET words cut at clause punctuation, never
# longer than MAX words.
TARGET_WORDS = 50
MAX_WORDS = 100
_TOKEN_RE = re.compile(r"\S+")


def is_sentence_end(word: str, next_char: str | None) -> bool:
    """Whether `word` (ending in . ! ? or …) ends a sentence when `next_char` starts the next word."""
    if next_char is None:
        return True
    core = word.rstrip(_CLOSERS)
    punct_len = len(core) - len(core.rstrip(".!?…"))
    punct = core[len(core) - punct_len :]
    body = core[: len(core) - punct_len].lstrip(_OPENERS)
    if "!" in punct or "?" in punct:
        return True
    if punct != ".":  # an ellipsis: a pause unless a new sentence visibly starts
        return not next_char.islower()
    lowered = body.lower()
    if lowered in _NEVER_FINAL:
        return False
    if lowered in _FINAL_BEFORE_CAPITAL:
        return next_char.isupper()
    if _DOTTED_RE.match(body):
        # "U.S." (capitals) reads on; "a.m." ends a sentence only before a capital.
        return False if body.isupper() else next_char.isupper()
    return True


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences in text[start:end], without surrounding white space."""
    return list(iter_sentences(text, start, end))


def iter_sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """`split_sentences` one span at a time (a 100 MB paragraph never has all its spans listed at once)."""
    end = len(text) if end is None else end
    seg_start = _skip_space(text, start, end)
    for match in _END_RE.finditer(text, seg_start, end):
        m_start, m_end = match.span()
        if m_end <= seg_start:
            continue
        word_start = m_start
        while word_start > seg_start and not text[word_start - 1].isspace():
            word_start -= 1
        next_pos = _skip_space(text, m_end, end)
        next_char = text[next_pos] if next_pos < end else None
        if not is_sentence_end(text[word_start:m_end], next_char):
            continue
        yield from _cut_long(text, seg_start, m_end)
        seg_start = next_pos
    last = _trim_end(text, seg_start, end)
    if last > seg_start:
        yield from _cut_long(text, seg_start, last)


def _cut_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut one sentence span into pieces of at most MAX_WORDS words, preferring clause punctuation.

    Reads the words one at a time: an unpunctuated 50 MB line is eight million of them."""
    if end - start <= 2 * MAX_WORDS:
        # n words take at least 2n - 1 characters: a span this short has at most MAX_WORDS, no need to find
        # them (most sentences; finding them was a sixth of reading a 10-hour text file, before a check starts)
        yield start, end
        return
    words = _TOKEN_RE.finditer(text, start, end)
    head = list(itertools.islice(words, MAX_WORDS + 1))
    if len(head) <= MAX_WORDS:
        yield start, end
        return
    first_start = -1
    count = 0
    previous_end = -1
    for match in itertools.chain(head, words):
        if count and ((count >= TARGET_WORDS and text[previous_end - 1] in _CLAUSE_END) or count >= MAX_WORDS):
            yield first_start, previous_end  # (a word follows: the last piece is never empty)
            count = 0
        if count == 0:
            first_start = match.start()
        count += 1
        previous_end = match.end()
    if count:
        yield first_start, previous_end


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end
