"""Transcripts in other languages are checked against their own word list, not flooded with 'unknown English'."""

from __future__ import annotations

from editor.core.model import Segment, Transcript
from editor.review import Detector
from editor.review.language import detect_language

GERMAN = [
    "Hallo und herzlich willkommen zu einer neuen Folge unseres Podcasts über maschinelles Lernen.",
    "Heute spreche ich mit einer Ingenieurin, die bei einem großen Automobilhersteller arbeitet.",
    "Erzähl uns doch bitte kurz, wie du zu diesem Thema gekommen bist.",
    "Ich habe ursprünglich Physik studiert und bin dann über die Datenanalyse dazu gekommen.",
    "Wir haben zuerst mit einfachen Modellen angefangen, und die Ergebnisse waren ziemlich gut.",
    "Später kamen neuronale Netze dazu, und die Rechenzeit wurde plötzlich ein echtes Problem.",
]
SPANISH = [
    "Hola y bienvenidos a un nuevo episodio de nuestro podcast sobre aprendizaje automático.",
    "Hoy hablo con una ingeniera que trabaja en una empresa de energía renovable.",
    "Estudié matemáticas en la universidad y después empecé a trabajar con datos de sensores.",
    "Al principio usábamos modelos muy sencillos, pero los resultados eran bastante buenos.",
    "Luego llegaron las redes neuronales y el tiempo de cálculo se convirtió en un problema real.",
]
ENGLISH = [
    "Welcome to another episode of the podcast about machine learning and artificial intelligence.",
    "Today I am talking with an engineer who works for a large car maker in the south of Germany.",
    "We started with simple models, and the results were surprisingly good for such a small team.",
]


def _transcript(lines: list[str]) -> Transcript:
    return Transcript([Segment(f"s{i + 1}", line) for i, line in enumerate(lines)])


def test_the_language_is_told_from_the_words():
    assert detect_language(GERMAN) == "de"
    assert detect_language(SPANISH) == "es"
    assert detect_language(ENGLISH) == "en"
    assert detect_language(["Ja."]) == "en"  # too little to tell
    # English full of words no list knows (names, jargon, garbled output) is still English
    jargon = ["Then Zorblat and Kwemvu ran the qlorp on the fnarg with Xiboq, and the blorvat was fine.",
              "We told Vrakka that the snerg and the plixo were ready for the trennix on the kubeflw cluster."]
    assert detect_language(jargon) == "en"


def test_correct_german_and_spanish_have_no_suspects():
    for lines in (GERMAN, SPANISH):
        detector = Detector()
        assert detector.check(_transcript(lines)) == []
        assert detector.lexicon.lang != "en"
    flooded = Detector(language="en").check(_transcript(GERMAN))  # read as English, most words are unknown
    assert len(flooded) > 10


def test_misspellings_are_found_in_the_transcripts_language():
    lines = [*SPANISH, "Diría que primero hay que entender los fundamendos y no empezar con los modelos grandes."]
    lines[2] = lines[2].replace("sensores", "sensoress")
    found = {s.text: s for s in Detector().check(_transcript(lines))}
    assert set(found) == {"sensoress", "fundamendos"}
    assert found["sensoress"].suggestions[0] == "sensores"
    assert found["fundamendos"].suggestions[0] == "fundamentos"  # ranked by Spanish, not English, frequency
    assert "Spanish word list" in found["sensoress"].reason


def test_one_segment_re_check_uses_the_detected_language():
    transcript = _transcript(GERMAN)
    detector = Detector()
    assert detector.check_segment(transcript, "s3") == []
    assert detector.lexicon.lang == "de"


def test_german_compounds_of_known_words_are_words_but_a_misspelt_one_is_not():
    lines = [*GERMAN,
             "Unser Softwareentwicklungsteam hat die Kundenzufriedenheitsumfrage im letzten Quartal ausgewertet.",
             "Wir haben die Trainingspipeline umgebaut und die Datenvorverarbeitung deutlich vereinfacht.",
             "Die Sprachmodelle laufen bald auch in unseren Fahrzeugsteuergeräten."]
    assert Detector().check(_transcript(lines)) == []
    lines[1] = lines[1].replace("Automobilhersteller", "Automobilherstelller")
    found = Detector().check(_transcript(lines))
    assert [(s.text, s.suggestions[:1]) for s in found] == [("Automobilherstelller", ("Automobilhersteller",))]


def test_an_unknown_language_code_is_refused_and_a_damaged_project_setting_means_detect(tmp_path):
    import pytest

    from editor.commands.check import META_LANGUAGE
    from editor.review.review_data import ReviewData
    from editor.store.project import project_for_source

    with pytest.raises(ValueError, match="unknown language 'zz'"):
        Detector(language="zz")
    source = tmp_path / "talk.txt"
    source.write_text("\n".join(GERMAN) + "\n", encoding="utf-8")
    project = project_for_source(source)
    for stored in ("zz", 42, ["de"]):
        project.set_meta(META_LANGUAGE, stored)
        data = ReviewData(project)
        assert data.language is None
        detector = data.make_detector()
        assert detector.check(_transcript(GERMAN)) == [] and detector.lexicon.lang == "de"
    project.close()
