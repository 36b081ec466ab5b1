"""Glossary terms heard as other words that do not fit their place (term_windows.py): one to three words whose
letters or sound are like a term's, flagged as one span with the term as the fix."""

from __future__ import annotations

from detector_helpers import doc, needs_model, on

from editor.review import Detector, Glossary
from editor.review.term_windows import TermKeys
from editor.review.tokens import compact, phonetic_key


@needs_model
def test_a_name_heard_as_two_capitalised_words_is_one_span_with_the_term_as_fix():
    # made-up surname; the recogniser wrote the nearest English word it knows
    glossary = Glossary(["Hanna Vistrecker"])
    text = "With me today are our chief executive and Hanna Distractor, our chief financial officer."
    suspects = Detector(glossary=glossary).check(doc(text))
    hit = on(suspects, "Hanna Distractor")
    assert hit, [(s.text, s.score, s.reason) for s in suspects]
    assert hit[0].suggestions[0] == "Hanna Vistrecker"
    assert text[hit[0].start : hit[0].end] == "Hanna Distractor"
    assert hit[0].score >= Detector().min_score


@needs_model
def test_the_same_words_where_they_fit_are_not_flagged():
    glossary = Glossary(["Hanna Vistrecker"])
    suspects = Detector(glossary=glossary).check(doc("The noise was a distractor for the students in the hall."))
    assert not [s for s in suspects if "Vistrecker" in s.suggestions]


@needs_model
def test_a_window_that_spells_part_of_a_term_is_not_a_mishearing():
    # "Energy Partners" is the end of the term, said on its own: no flag suggesting the whole term
    glossary = Glossary(["Northwind Energy Partners"])
    suspects = Detector(glossary=glossary).check(doc("Results at Energy Partners were strong this quarter."))
    assert not [s for s in suspects if "Northwind Energy Partners" in s.suggestions]


@needs_model
def test_without_a_glossary_nothing_is_flagged_by_this_signal():
    text = "With me today are our chief executive and Hanna Distractor, our chief financial officer."
    suspects = Detector().check(doc(text))
    assert not [s for s in suspects if "does not fit its place" in s.reason]


def test_closest_term_by_letters_or_sound_and_not_a_part_of_the_term():
    terms = ["Vistrecker", "Northwind Energy Partners"]
    keys = TermKeys([(t, compact(t), phonetic_key(t)) for t in terms])
    found = keys.closest(["distractor"])
    assert found is not None and keys.terms[found[0]] == "Vistrecker" and 0.7 <= found[1] < 1.0
    assert keys.closest(["energy", "partners"]) is None  # a part of a term
    assert keys.closest(["tomato"]) is None


def test_a_window_sharing_a_word_with_a_term_is_judged_by_the_rest():
    keys = TermKeys([(t, compact(t), phonetic_key(t)) for t in ["Steve Rasche", "Concho Resources", "Genomics"]])
    found = keys.closest(["steve", "rash"])
    assert found is not None and keys.terms[found[0]] == "Steve Rasche"
    assert keys.closest(["concho", "reported"]) is None  # the rest is another word
    assert keys.closest(["in", "genomic"]) is None  # a relative of the term's word, not the term misheard


@needs_model
def test_re_checking_one_segment_gives_the_same_span():
    glossary = Glossary(["Hanna Vistrecker"])
    transcript = doc("Good morning.", "With me today is Hanna Distractor, our chief financial officer.")
    detector = Detector(glossary=glossary)
    full = on(detector.check(transcript), "Hanna Distractor")
    again = on(detector.check_segment(transcript, "s2"), "Hanna Distractor")
    assert full and again and (full[0].start, full[0].end, full[0].suggestions) == (
        again[0].start, again[0].end, again[0].suggestions)


def test_closest_terms_worked_out_in_a_batch_are_the_ones_each_window_finds_alone():
    """TermKeys.prepare() (one cdist per window length and pool) picks what closest() picks for each window with
    its own process.extract calls: the likest three by letters and by key, ties to the earlier term."""
    import random

    rng = random.Random(7)
    syllables = ["ka", "ro", "mi", "ten", "sor", "flo", "ge", "nom", "ics", "bai", "ley", "ras", "che", "st"]
    terms = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 5))).capitalize()
                    for _ in range(300)})
    terms += ["Steve Rasche", "Concho Resources", "Genomics", "Kara Mitten", "Karam Itten"]  # (some alike)
    windows = []
    for _ in range(600):
        words = tuple("".join(rng.choice(syllables) for _ in range(rng.randint(1, 3)))
                      for _ in range(rng.randint(1, 3)))
        windows.append((words, rng.random() < 0.2))
    windows += [(("steve", "rash"), False), (("concho", "reported"), False), (("kara", "mitten"), False),
                (("karam", "itten"), False), (("in", "genomic"), False), (("tfx",), True)]
    batch = TermKeys([(t, compact(t), phonetic_key(t)) for t in terms])
    alone = TermKeys([(t, compact(t), phonetic_key(t)) for t in terms])
    batch.prepare(windows)
    batch._closest = None  # type: ignore[assignment]  # (every answer must come from the batch)
    found = [batch.closest(list(words), spelled) for words, spelled in windows]
    assert found == [alone.closest(list(words), spelled) for words, spelled in windows]
    assert sum(f is not None for f in found) > 30, "some windows should be like terms"


@needs_model
def test_a_planned_chunk_leaves_the_windows_nothing_to_search():
    """The windows window_findings() asks about are worked out with the ranker's chunk (term_windows.asked_windows
    finds them, or more): no search of its own is left, and it finds what it finds unplanned."""
    from editor.review.context import ContextModel
    from editor.review.lexicon import ENGLISH
    from editor.review.term_ranker import TermSounds
    from editor.review.term_windows import window_findings, word_fits
    from editor.review.tokens import tokenize

    model = ContextModel.get()
    assert model is not None
    names = ["Hanna Vistrecker", "Rob Hall", "Flatbush Gardens", "David Bistricer", "CMPP", "Northwind Energy Partners"]
    texts = ["With me today are our chief executive and Hanna Distractor, our chief financial officer.",
             "We met Rob Hole at Flappers gardens last week.", "David Distractor said the CMB was up.",
             "Results at Energy Partners were strong.", "the distractor rob hole, at, Gardens flappers.", ""]
    terms = [(t, compact(t), phonetic_key(t)) for name in names for t in [name, *name.split()]]
    segments = [tokenize(text) for text in texts]
    planned, alone = TermKeys(terms), TermKeys(terms)
    sounds = TermSounds(names, model, ENGLISH)
    sounds.plan(texts, lambda i: segments[i], keys=planned)
    found = 0
    for n, (text, tokens) in enumerate(zip(texts, segments, strict=True)):
        fits = sounds.planned_fits(text)
        assert fits == word_fits(model, tokens)
        if n == 0:
            planned._closest = None  # type: ignore[assignment]  # (every answer must come from the batch)
        mine = window_findings(f"s{n}", text, tokens, set(), planned, model, fits)
        assert mine == window_findings(f"s{n}", text, tokens, set(), alone, model, fits)
        found += len(mine)
    assert found >= 3
