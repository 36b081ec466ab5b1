"""The document's own names as an implicit glossary, when the user gave none.

A recogniser that does not know a name often gets it right some of the time and writes a real word or a run of
common words for it elsewhere: 'Culp' in one sentence, 'cult' or 'coal' in the next. Without a glossary nothing
points at 'cult': it is an ordinary word. On Earnings-21 (four commercial recognisers, no glossary), of the 2,773
errors on names 1,156 had their right word written correctly elsewhere in the same transcript, 890 of them not
found by the other signals (tests/eval, `--breakdown`): the largest class of misses the document itself can
explain.

So the names the document writes in a consistent, confident way become terms for the glossary's sound-alike
signals (the glossary's spelled near-misses, term_windows.py, the term ranker and term_context.py's judgement of
ordinary words): a word capitalised away from a sentence start at least MIN_USES times (the mark of a name in
English) and rarer than MAX_ZIPF in general English (not 'Company', 'Board'). Unlike a real glossary's terms
they vouch for nothing: the other signals still see them (a recogniser may write its guess at a name the same
way twice), and only their sound-alikes are flagged, as inconsistent with the name (the glossary's spelled
near-misses and its judged sound-alike words: detector.py says which of its signals are left out and why). A
word the document uses at least as often as the name it sounds like is not flagged: the rarer spelling is the
mishearing.

Measured (no glossary, default min score; MIN_USES and MAX_ZIPF set before any half was looked at): Earnings-21
half 1 P 0.74 -> 0.73, names 283 -> 290 of 1,315; half 2 P 0.72 -> 0.72, names 302 -> 312 of 1,458
(`earnings21.py --half N`). The hand-annotated sample and the synthetic sets of tests/eval/evaluate.py are
unchanged at the default min score (sample 27/49 at P 0.80). Cost: a 10-hour check without a glossary 1.58 ->
1.71 s of CPU (+8%, medians of 3 in the same minute); with a glossary nothing of it runs. (MAX_ZIPF 3.5 and 4.5,
tried on half 1: 292 and 301 names at P 0.74 and 0.73, with windows of several words; not worth the change.)
"""

from __future__ import annotations

from editor.review.consistency import DocumentIndex
from editor.review.lexicon import Lexicon

MIN_USES = 2  # capitalised mid-sentence at least this often
MAX_ZIPF = 4.0  # ... and rarer than this in general English (wordfreq, with derived forms)
MIN_LETTERS = 3
MAX_TERMS = 300  # the most used, at most (a long document's names; the term search's cost grows with them)


def document_names(index: DocumentIndex, lexicon: Lexicon) -> tuple[str, ...]:
    """The document's names, as terms (most used first, then alphabetically: the same for the same counts)."""
    derived = lexicon.derived_zipf
    names = [(count, form) for form, count in index.mid_caps.items()
             if count >= MIN_USES and len(form) >= MIN_LETTERS and form.isalpha() and form[:1].isupper()
             and derived(form.lower()) < MAX_ZIPF]
    names.sort(key=lambda cf: (-cf[0], cf[1]))
    return tuple(form for _, form in names[:MAX_TERMS])
