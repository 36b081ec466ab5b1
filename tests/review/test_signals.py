"""Each review signal on small hand-made transcripts."""

from __future__ import annotations

import pytest
from detector_helpers import doc, needs_model, on

from editor.core.model import Segment, Transcript, Word
from editor.review import CorrectionMemory, Detector, Glossary, UserCorrectionStore
from editor.review.frequency import ONE_OFF_NAME_SCORE, ONE_OFF_RARE_SCORE, RARE_SCORE, built_of_common_parts
from editor.review.tokens import ACRONYM, CAMEL, CODE, EMAIL, NUMBER, OTHER, URL, WORD, tokenize


def test_tokens_are_classified():
    kinds = {t.text: t.kind for t in tokenize("See tf.function, twimlai.com and bob@example.org: TFX has 2.0 in TensorFlow's API.")}
    assert kinds["tf.function"] == CODE
    assert kinds["twimlai.com"] == URL
    assert kinds["bob@example.org"] == EMAIL
    assert kinds["TFX"] == ACRONYM and kinds["API"] == ACRONYM
    assert kinds["2.0"] == NUMBER
    assert kinds["TensorFlow's"] == CAMEL
    assert kinds["See"] == WORD


def test_token_spans_point_into_the_text_whatever_the_spacing():
    # (runs one white-space character apart are placed without searching the text; other spacing is searched)
    for text in ["Hello, world. See you", "Hello,\tworld.\u00a0See you", "  Hello,  world.\n See  you "]:
        tokens = tokenize(text)
        assert [t.text for t in tokens] == ["Hello", "world", "See", "you"]
        assert all(text[t.start : t.end] == t.text for t in tokens)
        assert [t.sentence_start for t in tokens] == [True, False, True, False]
    assert tokenize("") == [] and tokenize("   ") == []
    assert {t.kind for t in tokenize("plain lower case words")} == {WORD}
    assert [t.kind for t in tokenize("naïve ωmega")] == [WORD, OTHER]


def test_unknown_word_is_flagged_with_suggestions():
    suspects = Detector(use_context=False).check(doc("We ate the banana and the pinapple at noon."))
    hit = on(suspects, "pinapple")
    assert hit and hit[0].kinds[0] in ("unknown", "rare")
    assert "pineapple" in hit[0].suggestions
    assert not on(suspects, "banana")


def test_numbers_urls_acronyms_code_contractions_not_flagged():
    text = ("I'm sure we'd call tf.function and np.array_split in 2019, visit twimlai.com or mail dev@tensorflow.org, "
            "the NASA and TFX teams' end-to-end APIs cost $3.50 at 10am, it's day-to-day explainability work.")
    suspects = Detector(use_context=False).check(doc(text))
    assert suspects == []


def test_name_spelled_two_ways_flags_minority_with_majority():
    t = doc("Kubrick made the film.", "Later Kubrick wrote again.", "We met Kubrik there.", "Kubrick agreed.")
    suspects = Detector(use_context=False).check(t)
    hit = on(suspects, "Kubrik")
    assert hit and "inconsistent" in hit[0].kinds
    assert hit[0].suggestions[0] == "Kubrick"
    assert "'Kubrick' 3 times" in hit[0].reason and "once" in hit[0].reason
    assert not on(suspects, "Kubrick")


def test_capitalised_name_flagged_even_when_an_ordinary_word():
    t = doc("I talked with Paige today.", "Then Paige said yes.", "Ask Paige.", "Thanks to Page for that.")
    hit = on(Detector(use_context=False).check(t), "Page")
    assert hit and hit[0].suggestions[0] == "Paige"


def test_inflections_are_not_inconsistencies():
    t = doc("The models run.", "One model runs.", "Models are models and the model is good.")
    assert Detector(use_context=False).check(t) == []


def test_glossary_near_miss_single_word_and_heard_as_two_words():
    glossary = Glossary.parse("# products\nKubeflow\nSparkFun\n")
    t = doc("We deploy with Cubeflow on the cluster.", "The Spark Fun board arrived.")
    suspects = Detector(glossary=glossary, use_context=False).check(t)
    cube = on(suspects, "Cubeflow")
    assert cube and "glossary" in cube[0].kinds and cube[0].suggestions[0] == "Kubeflow"
    assert "Kubeflow" in cube[0].reason
    spark = on(suspects, "Spark Fun")
    assert spark and spark[0].suggestions[0] == "SparkFun"
    assert "separate words" in spark[0].reason


def test_glossary_term_spelled_right_is_not_flagged_and_known():
    glossary = Glossary.parse("Okonkwo\n")
    suspects = Detector(glossary=glossary, use_context=False).check(doc("Margaret Okonkwo leads the team."))
    assert not on(suspects, "Okonkwo")


def test_glossary_wrong_right_lines():
    glossary = Glossary.parse("fire hole -> fire hose  # a classic\n")
    assert glossary.corrections == {"fire hole": "fire hose"}
    hit = on(Detector(glossary=glossary, use_context=False).check(doc("It was like a fire hole of news.")),
                  "fire hole")
    assert hit and hit[0].suggestions == ("fire hose",)


def test_glossary_round_trip_and_bad_line():
    glossary = Glossary.parse("A\n# c\n\nB\nx -> y\n")
    assert glossary.terms == ["A", "B", "y"]
    assert Glossary.parse(glossary.to_text()).to_json() == glossary.to_json()
    from editor.errors import FormatError

    with pytest.raises(FormatError, match="line 2"):
        Glossary.parse("ok\n -> right\n", "g.txt")


def test_low_confidence_word_and_hallucinated_segment():
    words = tuple(Word(w, confidence=c) for w, c in (("the", 0.9), ("quick", 0.2), ("fox", 0.95)))
    seg1 = Segment("s1", "the quick fox", words=words)
    seg2 = Segment("s2", "Thanks for watching!", meta=(("avg_logprob", -1.4), ("no_speech_prob", 0.9)))
    suspects = Detector(use_context=False).check(Transcript([seg1, seg2]))
    quick = on(suspects, "quick")
    assert quick and quick[0].kinds == ("low-confidence",) and "20%" in quick[0].reason
    whole = on(suspects, "Thanks for watching!")
    assert whole and "no-speech" in whole[0].reason
    assert not on(suspects, "fox")


def test_context_error_with_sound_alike():
    assert Detector().check(doc("The team drove to the station in the rain and they painted the fence.")) == []
    assert Detector().check(doc("Please follow the naming conventions in the code.")) == []
    for text, wrong, right in (("I will meat you at the station tomorrow.", "meat", "meet"),
                               ("She read the hole book in one night.", "hole", "whole"),
                               ("Please follow the aiming conventions in the code.", "aiming", "naming")):
        hit = on(Detector().check(doc(text)), wrong)
        assert hit and "context" in hit[0].kinds and right in hit[0].suggestions, text


def test_correction_memory_remembered_across_projects_via_user_store():
    store = UserCorrectionStore()
    store.record("Cubeflow", "Kubeflow", "project-a")  # learned while editing project A
    assert not UserCorrectionStore().load().counts  # one project's fix is not a rule for every file
    store.record("Cubeflow", "Kubeflow", "project-b")  # made again in project B
    memory = UserCorrectionStore().load()  # project C, a later session
    hit = on(Detector(memory=memory, use_context=False).check(doc("Use Cubeflow for pipelines.")), "Cubeflow")
    assert hit and "memory" in hit[0].kinds and hit[0].suggestions[0] == "Kubeflow"
    assert "corrected" in hit[0].reason
    assert store.path.exists() and not list(store.path.parent.glob(".corrections-*"))


def test_correction_memory_learns_from_edits_and_round_trips():
    memory = CorrectionMemory()
    assert memory.learn("I am here with Page Bailey.", "I am here with Paige Bailey.") == [("Page", "Paige")]
    again = CorrectionMemory.from_json(memory.to_json())
    suspects = Detector(memory=again, use_context=False).check(doc("Page said hi.", "Turn the page."))
    assert [s.text for s in suspects if "memory" in s.kinds] == ["Page"]  # case kept: 'page' untouched


def test_ignored_suspect_and_word_everywhere():
    t = doc("The zorblat is here.", "Another zorblat there.")
    assert len(Detector(use_context=False).check(t)) == 2
    assert [s.segment_id for s in Detector(ignored=[("s1", "zorblat")], use_context=False).check(t)] == ["s2"]
    assert Detector(ignored_words=["zorblat"], use_context=False).check(t) == []
    assert Detector(ignored_words=["Zorblat"], use_context=False).check(doc("Zorblat said so.")) == []
    # case counts: ignoring the right spelling everywhere keeps the lower-case slip flagged
    slip = doc("We use TensorFlow daily.", "TensorFlow is great.", "I like tensorflow a lot.")
    assert [s.text for s in Detector(ignored_words=["TensorFlow"], use_context=False).check(slip)] == ["tensorflow"]
    assert Detector(glossary=Glossary(["zorblat"]), use_context=False).check(t) == []


def test_tokenize_trims_punctuation_but_keeps_possessive_apostrophe_and_sentence_starts():
    toks = tokenize('He said "the students\' notes." Then (Bob\'s) left.')
    assert [t.text for t in toks] == ["He", "said", "the", "students'", "notes", "Then", "Bob's", "left"]
    assert [t.sentence_start for t in toks] == [True, False, False, False, False, True, False, False]
    text = 'He said "the students\' notes." Then (Bob\'s) left.'
    assert all(text[t.start : t.end] == t.text for t in toks)
    assert toks[6].norm == "bob"


def test_glued_words_get_the_split_as_first_suggestion():
    from editor.review.frequency import glued_split

    assert glued_split("ofbundled") == "of bundled"
    assert glued_split("zorblat") is None
    hit = [s for s in Detector(use_context=False).check(doc("We shipped it bydefault to users.")) if s.text == "bydefault"]
    assert hit and hit[0].suggestions[0] == "by default"
    # a capitalised word mid-sentence is a name: cutting it in two ('Hen ric') is no fix
    name = [s for s in Detector(use_context=False, min_score=0.1).check(doc("We met Henric at the station."))
            if s.text == "Henric"]
    assert name and name[0].suggestions[0] == "Henrik" and not any(" " in x for x in name[0].suggestions)


def test_word_findings_are_memoised_per_word_but_placed_per_occurrence():
    t = Transcript([Segment("s1", "A zorblat here."), Segment("s2", "Then another zorblat, zorblat.")])
    spans = sorted((s.segment_id, s.start, s.end) for s in Detector(use_context=False).check(t) if "unknown" in s.kinds)
    assert spans == [("s1", 2, 9), ("s2", 13, 20), ("s2", 22, 29)]


def test_full_check_leaves_the_garbage_collector_as_it_was():
    import gc

    Detector(use_context=False).check(doc("Some text here."))
    assert gc.isenabled()
    gc.disable()
    try:
        Detector(use_context=False).check(doc("Some text here."))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_rare_name_used_once_is_suspect_and_one_used_again_is_not():
    # a capitalised rare word mid-sentence said once is more often a recogniser's guess at a name than the name
    once = Detector(use_context=False, min_score=0.0).check(doc("Over to our chief financial officer Gastelum for the numbers."))
    hit = on(once, "Gastelum")
    assert hit and hit[0].score == ONE_OFF_NAME_SCORE > RARE_SCORE and "used only here" in hit[0].reason
    again = Detector(use_context=False, min_score=0.0).check(doc("Over to our chief financial officer Gastelum for the numbers.",
                                                  "Thank you. Gastelum here, and the numbers are good."))
    assert all(s.score <= RARE_SCORE for s in on(again, "Gastelum"))
    # at a sentence start a capital says nothing: no name, no boost
    start = Detector(use_context=False).check(doc("Gastelum was the word."))
    assert all(s.score < ONE_OFF_NAME_SCORE for s in on(start, "Gastelum"))


@needs_model
def test_a_capitalised_word_said_once_that_the_pronouncing_dictionary_lacks_is_suspect():
    # wordfreq knows 'Jimbo' and 'Rasheed' about equally (zipf ~2.7, ordinary words by its count), but only
    # 'Rasheed' is a name spelled the way the pronouncing dictionary has it
    def score(*texts: str, word: str, context: bool = True) -> float:
        found = on(Detector(use_context=context, min_score=0.0).check(doc(*texts)), word)
        return max((s.score for s in found), default=0.0)

    line = "Over to our analyst {} for the next question."
    hit = on(Detector(min_score=0.0).check(doc(line.format("Jimbo"))), "Jimbo")
    assert hit and hit[0].score == ONE_OFF_NAME_SCORE and "not in the pronouncing dictionary" in hit[0].reason
    assert score(line.format("Rasheed"), word="Rasheed") < ONE_OFF_NAME_SCORE
    assert score(line.format("Jimbo"), "Thank you, Jimbo.", word="Jimbo") < ONE_OFF_NAME_SCORE  # said again
    assert score(line.format("jimbo"), word="jimbo") < ONE_OFF_NAME_SCORE  # not written as a name
    # at a sentence start only a word wordfreq calls rare: 'Nagus' (zipf 1.4), not the listed 'Kulp' (1.7)
    assert score("Nagus was the word.", word="Nagus") == ONE_OFF_NAME_SCORE
    assert score("Kulp was the word.", word="Kulp") < ONE_OFF_NAME_SCORE
    assert score("Jimbo was the word.", word="Jimbo") < ONE_OFF_NAME_SCORE


@needs_model
def test_a_rare_lower_case_word_said_once_is_suspect_unless_built_of_common_parts():
    def score(*texts: str, word: str) -> float:
        found = on(Detector(min_score=0.0).check(doc(*texts)), word)
        return max((s.score for s in found), default=0.0)

    line = "Our adjusted {} grew again this quarter."
    hit = on(Detector(min_score=0.0).check(doc(line.format("ibadah"))), "ibadah")  # (EBITDA, misheard)
    assert hit and hit[0].score == ONE_OFF_RARE_SCORE and "not in the pronouncing dictionary" in hit[0].reason
    assert score(line.format("ibadah"), "The ibadah margin too.", word="ibadah") < ONE_OFF_RARE_SCORE  # said again
    # words the language builds from common parts, which wordfreq counts as rare all the same
    for word in ("tailwind", "topline", "decarbonization", "differentiator"):
        assert built_of_common_parts(word)
        assert score(line.format(word), word=word) < ONE_OFF_RARE_SCORE
    assert not built_of_common_parts("ibadah") and not built_of_common_parts("rashi")


def test_a_compound_of_two_common_words_is_no_slip():
    # 'headwind' is one letter from 'head wind', but a compound written as one word is a choice, not a slip;
    # a rare word one letter from a common single word still is
    suspects = Detector(use_context=False).check(doc("We saw a strong headwind this quarter, and waas it bad."))
    assert all(s.score < 0.45 for s in on(suspects, "headwind"))
    assert any(s.score >= 0.45 for s in on(suspects, "waas"))


def test_words_of_one_stem_are_not_spellings_of_each_other():
    texts = ["We divested two banners.", "The divestitures closed.", "More divestitures came.", "Divestitures help."]
    suspects = Detector(use_context=False, min_score=0.0).check(doc(*texts))
    assert not [s for s in on(suspects, "divested") if "inconsistent" in s.kinds]
    # names that differ by an ending still are: the majority spelling is suggested
    names = ["We met Samuelsson today.", "Then Samuelsson spoke.", "And Samuelsson left.", "Later Samuelson came."]
    hit = [s for s in on(Detector(use_context=False).check(doc(*names)), "Samuelson") if "inconsistent" in s.kinds]
    assert hit and hit[0].suggestions[0] == "Samuelsson"


def test_majority_variant_spelled_unlike_but_sounding_alike_is_found():
    # 'Thompsen' and 'Thomasson' are spelled 0.71 alike but sound 0.89 alike: a variant only through its sound
    # (majority_variant picks such forms out in C before its own tests; this one must get through)
    from editor.review.consistency import DocumentIndex

    texts = ["We met Thompsen today.", "Thompsen said so.", "Ask Thompsen then.", "We met Thomasson today.",
             "Tomkins came.", "Tomkins went."]
    index = DocumentIndex()
    for n, text in enumerate(texts):
        index.set_segment(str(n), tokenize(text), text)
    assert index.majority_variant("Thomasson") == ("Thompsen", 3)
    assert index.majority_variant("Thompsen") is None  # the majority form itself has no other


def test_consistency_decides_a_word_at_a_sentence_start_apart_from_mid_sentence():
    # a lower-case 'zorblat' at a sentence start may be the name written carelessly there; mid-sentence it is the
    # name spelled another way; the decisions are remembered per word and place, so the order does not matter
    from editor.review.consistency import DocumentIndex, consistency_findings

    texts = ["We use Zorblat here.", "Then Zorblat ran.", "Ask Zorblat then."]
    for last in ["zorblat works. We like zorblat a lot.", "We like zorblat a lot. zorblat works."]:
        index = DocumentIndex()
        for n, text in enumerate([*texts, last]):
            index.set_segment(str(n), tokenize(text), text)
        for _ in range(2):  # (the second time from what the index remembers)
            found = consistency_findings("3", last, tokenize(last), index, lambda word: False)
            assert [(f.start, f.suggestions) for f in found] == [(last.index("like zorblat") + 5, ("Zorblat",))]
