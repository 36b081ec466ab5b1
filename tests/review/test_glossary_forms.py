"""Glossary terms written in another case/possessive/plural, misheard addresses, sound-alike names and terms."""

from __future__ import annotations

from detector_helpers import doc

from editor.core.model import Segment, Transcript
from editor.review import CorrectionMemory, Detector, Glossary


def texts(suspects) -> list[str]:
    return [s.text for s in suspects]


def test_possessive_plural_and_case_of_a_term_are_not_near_misses():
    glossary = Glossary(["TensorFlow", "tf.function", "TPU", "Kubeflow"])
    t = doc("TensorFlow's API is nice and TF.function is fast.", "Two TPUs and kubeflow ran.", "Kubeflw broke.")
    found = texts(Detector(glossary=glossary, use_context=False).check(t))
    assert found == ["Kubeflw"]


def test_window_does_not_extend_past_an_exact_term():
    glossary = Glossary(["tf.function"])
    found = Detector(glossary=glossary, use_context=False).check(doc("Use TF.function is what I said."))
    assert all("TF.function" not in s.text for s in found)


def test_misheard_address_matches_a_glossary_address():
    glossary = Glossary(["twimlai.com", "bob@example.org"])
    t = doc("Go to twimmelai.com and write to bobb@example.org or twimlai.com.")
    found = {s.text: s for s in Detector(glossary=glossary, use_context=False).check(t)}
    assert set(found) == {"twimmelai.com", "bobb@example.org"}
    assert found["twimmelai.com"].suggestions[0] == "twimlai.com"
    assert found["bobb@example.org"].suggestions[0] == "bob@example.org"


def test_common_word_sounding_like_a_used_term_is_flagged_only_when_out_of_place():
    glossary = Glossary(["Keras"])
    used = doc("We build models with Keras every day.", "It is more than just hey curious is the thing.",
               "I am very curious to see it.")
    found = Detector(glossary=glossary).check(used)
    assert texts(found) == ["curious"]
    assert found[0].start == used.segments[1].text.index("curious")
    assert found[0].suggestions[0] == "Keras"
    # the term is not used anywhere else: a common word alone is not enough evidence
    unused = doc("We build models every day.", "It is more than just hey curious is the thing.")
    assert "curious" not in texts(Detector(glossary=glossary).check(unused))


def test_sound_alike_names_are_one_name_even_when_one_is_a_known_word():
    t = doc("Then Chris Latner joined.", "Chris Latner said so.", "And Ladner wrote Swift.")
    found = {s.text: s for s in Detector(use_context=False).check(t)}
    assert "Ladner" in found and found["Ladner"].suggestions[0] == "Latner"
    assert "inconsistent" not in found["Latner"].kinds  # the majority spelling is not the minority
    different = doc("Then Chris Latner joined.", "Chris Latner said so.", "And Lerner wrote Swift.")
    found = {s.text: s for s in Detector(use_context=False).check(different)}
    assert "inconsistent" not in getattr(found.get("Lerner"), "kinds", ())  # sounds different: another name


def test_remembered_fix_is_the_first_suggestion():
    memory = CorrectionMemory()
    memory.record("Kubrik", "Kubric")
    t = doc("Kubrick filmed it.", "Kubrick filmed it again.", "Kubrik filmed it.")
    found = {s.text: s for s in Detector(memory=memory, use_context=False).check(t)}
    assert "memory" in found["Kubrik"].kinds
    assert found["Kubrik"].suggestions[0] == "Kubric"


def test_an_address_spelled_differently_elsewhere_is_inconsistent():
    t = doc("Visit twimlai.com today.", "Again, twimlai.com has it.", "It is on twimmelai.com now.",
            "Write to example.org or example.com and example.com.")
    found = {s.text: s for s in Detector(use_context=False).check(t)}
    assert found["twimmelai.com"].suggestions[0] == "twimlai.com"
    assert "inconsistent" in found["twimmelai.com"].kinds
    assert "example.org" not in found and "twimlai.com" not in found


def test_a_long_term_heard_as_ordinary_words_that_sound_exactly_like_it():
    glossary = Glossary(["runbook", "atrial fibrillation", "Ada"])
    found = Detector(glossary=glossary).check(doc("Check the run back before you page anyone.",
                                                  "She has adore ill fibrillation, we think.",
                                                  "I had a day off."))
    by_text = {s.text: s for s in found}
    assert by_text["run back"].suggestions[0] == "runbook" and "glossary" in by_text["run back"].kinds
    # the context signal's fixes for 'ill' alone would replace all three words: not offered here
    assert by_text["adore ill fibrillation"].suggestions == ("atrial fibrillation",)
    assert by_text["run back"].score >= 0.45
    # a short term is not matched by ordinary words that happen to sound like it ("a day" ~ "Ada")
    assert not [s for s in found if s.segment_id == "s3"]
    # the words must sound like the term, not merely resemble it
    found = Detector(glossary=glossary).check(doc("Check the rim book before you page anyone."))
    assert not [s for s in found if "glossary" in s.kinds]


def test_one_name_of_a_longer_term_is_matched_on_its_own():
    glossary = Glossary(["Renata Szabo", "Henrik Lindqvist", "Ship It Sundays"])
    found = Detector(glossary=glossary).check(doc("Szabbo agreed with the plan.", "Then Lindkvist said no.",
                                                  "Renata Szabo joined later.", "It sounds good to me, Szabo said."))
    by_text = {s.text: s for s in found}
    assert by_text["Szabbo"].suggestions[0] == "Szabo" and "Renata Szabo" in by_text["Szabbo"].reason
    assert by_text["Lindkvist"].suggestions[0] == "Lindqvist"
    # the name alone is no mistake, and a common word like a name part ('sounds' ~ 'Sundays') is chance
    assert "Szabo" not in by_text and "sounds" not in by_text


def test_glossary_files_in_utf16_with_or_without_bom_load_and_binary_is_refused(tmp_path):
    import pytest

    from editor.errors import FormatError

    text = "# terms\nKeras\nPaige Bailey\ncarous -> Keras\n"
    for name, data in (("bom.txt", text.encode("utf-16")), ("le.txt", text.encode("utf-16-le")),
                       ("be.txt", text.encode("utf-16-be")), ("utf8.txt", text.encode("utf-8"))):
        (tmp_path / name).write_bytes(data)
        glossary = Glossary.load(tmp_path / name)
        assert glossary.terms == ["Keras", "Paige Bailey"] and glossary.corrections == {"carous": "Keras"}, name
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(FormatError, match="not a text file"):
        Glossary.load(tmp_path / "blob.txt")


def test_remembered_and_glossary_phrases_match_whatever_spacing_stands_between_their_words():
    memory = CorrectionMemory()
    memory.record("fire hole", "fire hose")
    glossary = Glossary(["Keras"], {"tf  carous": "tf.keras"})  # (spacing in the file does not matter either)
    t = Transcript([Segment("s1", "We used the fire  hole today."), Segment("s2", "Import tf\tcarous now.")])
    found = {s.text: s for s in Detector(memory=memory, glossary=glossary).check(t)}
    assert found["fire  hole"].suggestions[0] == "fire hose" and "memory" in found["fire  hole"].kinds
    assert found["tf\tcarous"].suggestions[0] == "tf.keras" and "glossary" in found["tf\tcarous"].kinds


def test_a_damaged_correction_memory_keeps_its_good_entries_and_never_breaks_a_check():
    memory = CorrectionMemory.from_json({"": {"x": 1}, "  ": {"y": 2}, "ok": {"": 3}, "word": 5,
                                         "fire hole": {"fire hose": 2, "bad": "x", "neg": -1, "yes": True}})
    assert memory.to_json() == {"fire hole": {"fire hose": 2}}
    t = Transcript([Segment("s1", "The fire hole was big, ok.")])
    assert [(s.text, s.suggestions) for s in Detector(memory=memory, use_context=False).check(t)] == [
        ("fire hole", ("fire hose",))]


def test_a_words_flag_depends_on_where_it_stands_not_only_on_its_spelling():
    # the matcher remembers each word's flag; a capitalised word mid-sentence reads as a name (a likelier
    # mishearing of a term) than the same word at a sentence start or in lower case, in one segment or across
    from editor.review.glossary import GlossaryMatcher
    from editor.review.tokens import tokenize

    matcher = GlossaryMatcher(Glossary(["Merlot"]))
    text = "Marlo is near. We saw Marlo there. we saw marlo there."
    for _ in range(2):  # (the second time from what the matcher remembers)
        found, exact = matcher.findings("s", text, tokenize(text))
        scores = {f.start: f.score for f in found}
        assert [f.text for f in found] == ["Marlo", "Marlo", "marlo"] and not exact
        assert scores[text.index("Marlo there")] > scores[0] == scores[text.index("marlo")]


def test_near_terms_are_each_buckets_eight_best_as_rapidfuzz_ranks_them():
    # _near scans the union of a window's two buckets once per field; what it picks must be what rapidfuzz's
    # extract(limit=8) picks from each bucket alone (ties to the earlier entry), or results would change
    import random

    from rapidfuzz import fuzz, process

    from editor.review.glossary import GlossaryMatcher
    from editor.review.tokens import compact, phonetic_key

    rng = random.Random(3)
    parts = ["ka", "ro", "mi", "te", "zu", "lan", "dor", "vex", "qui", "phy", "shen", "tor", "bel", "ck", "a"]
    terms = sorted({"".join(rng.choice(parts) for _ in range(rng.randint(2, 4))).capitalize() for _ in range(600)})
    matcher = GlossaryMatcher(Glossary(terms))
    over_eight = 0
    for _ in range(1500):
        flat = compact("".join(rng.choice(parts) for _ in range(rng.randint(2, 5))))
        key = phonetic_key(flat)
        firsts = tuple(f for f in dict.fromkeys((flat[0], key[:1])) if f in matcher._buckets)
        expected = []
        for first in firsts:
            bucket = matcher._buckets[first]
            near = {i for _, _, i in process.extract(flat, [e.compact for e in bucket], scorer=fuzz.ratio,
                                                     score_cutoff=80, limit=8)}
            if len(key) >= 2:
                hits = process.extract(key, [e.key for e in bucket], scorer=fuzz.ratio, score_cutoff=85, limit=None)
                over_eight += len(hits) > 8
                near |= {i for _, _, i in hits[:8]}
            expected.append(sorted(near))
        assert matcher._near(firsts, flat, key) == expected
    assert over_eight > 20  # (the cut at eight, with its ties, was tested)


def _syllable_glossary(rng, count: int) -> list[str]:
    parts = ["ka", "ro", "mi", "te", "zu", "lan", "dor", "vex", "qui", "phy", "shen", "tor", "bel", "ck", "a"]
    return sorted({"".join(rng.choice(parts) for _ in range(rng.randint(2, 4))).capitalize() for _ in range(count)})


def test_near_many_picks_what_near_picks_window_by_window():
    # a chunk's windows are scored per pair of buckets at once (cdist over the union, no length filter first);
    # each window's picks must be _near's, None where _near finds nothing in either field
    import random

    from editor.review.glossary import GlossaryMatcher
    from editor.review.tokens import compact, phonetic_key

    rng = random.Random(4)
    matcher = GlossaryMatcher(Glossary(_syllable_glossary(rng, 600)))
    parts = ["ka", "ro", "mi", "te", "zu", "lan", "dor", "vex", "qui", "phy", "shen", "tor", "bel", "ck", "a", "o"]
    groups: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for _ in range(2000):
        flat = compact("".join(rng.choice(parts) for _ in range(rng.randint(1, 5))))
        key = phonetic_key(flat)
        firsts = tuple(f for f in dict.fromkeys((flat[0], key[:1])) if f in matcher._buckets)
        if firsts:
            groups.setdefault(firsts, []).append((flat, key))
    picked = nothing = 0
    for firsts, windows in groups.items():
        found = matcher._near_many(firsts, [w[0] for w in windows], [w[1] for w in windows])
        for (flat, key), near in zip(windows, found, strict=True):
            expected = matcher._near(firsts, flat, key)
            assert (near or [[] for _ in firsts]) == expected, (flat, key)
            assert near is None or any(near)
            picked += near is not None
            nothing += near is None
    assert picked > 300 and nothing > 300


def test_a_planned_chunk_finds_what_each_segment_finds_alone():
    # the detector plans a check's segments so that each chunk's windows are searched at once; what findings()
    # returns must not depend on that, nor on where the chunks begin (a forked check's helpers take other chunks)
    import random
    from pathlib import Path

    from editor.review.glossary import GlossaryMatcher
    from editor.review.tokens import tokenize

    rng = random.Random(7)
    sample = Path(__file__).resolve().parents[2] / "seeds" / "tensorflow-dev-summit-interview.txt"
    lines = [line for line in sample.read_text(encoding="utf-8").splitlines() if line.strip()]
    named = ["TensorFlow", "Keras", "tf.keras", "Paige Bailey", "Renata Szabo", "runbook", "atrial fibrillation",
             "GAAP", "Kubeflow", "twimlai.com", "bob@example.org", "Ship It Sundays"]
    terms = named + _syllable_glossary(rng, 300)
    heard = ["Tensor Flow's", "Kerass", "carous", "Paige Baily", "Szabbo", "run back", "adore ill fibrillation",
             "gap", "Kubeflw", "twimmelai.com", "bobb@example.org", "Sundays", "tf carous", "Renata's"]
    texts = []
    for line in lines:
        words = line.split()
        for _ in range(rng.randint(0, 3)):
            term = rng.choice(terms)
            word = rng.choice([term, rng.choice(heard), term[:-1] + rng.choice("aeiouks"), term.lower(),
                               term[:2] + term[3:], f"{term}'s", f"{term}-{rng.choice(words)}", term.replace("a", "e")])
            words.insert(rng.randrange(len(words) + 1), word)
        texts.append(" ".join(words))
    texts += texts[:40]  # (texts seen again: planned once, at their first place)
    tokens = [tokenize(text) for text in texts]
    glossary = Glossary(terms, {"tf  carous": "tf.keras"})
    alone = GlossaryMatcher(glossary)
    expected = [alone.findings(f"s{i}", text, toks) for i, (text, toks) in enumerate(zip(texts, tokens, strict=True))]
    assert sum(len(found) for found, _ in expected) > 200
    assert any(f.end - f.start > 12 and " " in f.text for found, _ in expected for f in found)  # (windows too)
    for bounds in ([], [1, 50, 51, 300], sorted(rng.sample(range(1, len(texts)), 30))):
        matcher = GlossaryMatcher(glossary)
        matcher.plan(texts, lambda i: tokens[i], bounds)
        got = [matcher.findings(f"s{i}", text, toks) for i, (text, toks) in enumerate(zip(texts, tokens, strict=True))]
        assert got == expected, bounds
    # a segment asked about with other tokens than were planned (as a shouted segment's are) is walked again
    said = "then Paige Baily joined"
    other = tokenize(said)[2:]
    matcher = GlossaryMatcher(glossary)
    matcher.plan([said, *texts], lambda i: tokens[i - 1] if i else tokenize(said))
    assert matcher.findings("s0", said, other) == alone.findings("s0", said, other)
    assert alone.findings("s0", said, other) != alone.findings("s0", said, tokenize(said))
