"""The sentence splitter: abbreviations, numbers, ellipses, long unpunctuated text, spans."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from editor.formats import sentences
from editor.formats.sentences import is_sentence_end, split_sentences


def pieces(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_plain_sentences_split_at_final_punctuation():
    assert pieces("One two. Three four! Five six? Seven") == ["One two.", "Three four!", "Five six?", "Seven"]


def test_abbreviations_and_titles_do_not_end_a_sentence():
    text = "Dr. Smith met Mr. Jones, e.g. at noon. They talked i.e. about work."
    assert pieces(text) == ["Dr. Smith met Mr. Jones, e.g. at noon.", "They talked i.e. about work."]


def test_dotted_initialisms_read_on():
    assert pieces("The U.S. Army came. Then we left.") == ["The U.S. Army came.", "Then we left."]


def test_decimal_numbers_and_domains_do_not_split():
    assert pieces("TensorFlow 2.0 is out at tensorflow.org now. Version 3.14 next.") == [
        "TensorFlow 2.0 is out at tensorflow.org now.",
        "Version 3.14 next.",
    ]


def test_ellipsis_runs_on_in_lower_case_and_ends_before_a_capital():
    assert pieces("Well... maybe not... But yes.") == ["Well... maybe not...", "But yes."]


def test_etc_ends_only_before_a_capital():
    assert pieces("Apples, pears, etc. and more. Cats etc. Dogs too.") == [
        "Apples, pears, etc. and more.",
        "Cats etc.",
        "Dogs too.",
    ]


def test_closing_quotes_stay_with_their_sentence():
    assert pieces('He said "stop." Then (quietly.) we went.') == ['He said "stop."', "Then (quietly.)", "we went."]


def test_line_breaks_count_as_space_and_spans_cover_wrapped_text():
    text = "A sentence that wraps\r\nonto the next line.\nNext one."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["A sentence that wraps\r\nonto the next line.", "Next one."]


def test_spans_respect_start_and_end_and_trim_space():
    text = "xx  Hello there.  Bye.  yy"
    assert [text[a:b] for a, b in split_sentences(text, 2, 23)] == ["Hello there.", "Bye."]


def test_very_long_unpunctuated_text_is_cut_into_pieces_of_bounded_length():
    words = [f"word{i}" for i in range(350)]
    words[120] += ","  # clause punctuation after the target length is the preferred cut
    result = pieces(" ".join(words))
    counts = [len(p.split()) for p in result]
    assert sum(counts) == 350
    assert max(counts) <= sentences.MAX_WORDS
    assert result[0].endswith("word120,") or counts[0] == sentences.MAX_WORDS
    assert len(result) >= 350 // sentences.MAX_WORDS


def test_a_sentence_is_cut_from_one_word_past_the_limit_also_when_its_words_are_short():
    # (short spans are taken whole without counting their words: only those can be, whatever the words)
    at_most = " ".join("a" * sentences.MAX_WORDS)
    assert pieces(at_most) == [at_most]
    past = at_most + " a"
    assert [len(p.split()) for p in pieces(past)] == [sentences.MAX_WORDS, 1]


def test_is_sentence_end_cases():
    assert is_sentence_end("done.", "T")
    assert is_sentence_end("done.", None)
    assert not is_sentence_end("Dr.", "S")
    assert is_sentence_end("R.", "I")  # a single capital is an ordinary word ("Python or R. In order")
    assert is_sentence_end("p.m.", "T")
    assert not is_sentence_end("p.m.", "t")


_WORD = st.text(string.ascii_lowercase, min_size=1, max_size=8).filter(
    lambda w: w not in sentences._NEVER_FINAL and w not in sentences._FINAL_BEFORE_CAPITAL
)
_SENTENCE = st.builds(
    lambda words, end: " ".join([words[0].capitalize(), *words[1:]]) + end,
    st.lists(_WORD, min_size=1, max_size=12),
    st.sampled_from([".", "!", "?", "...", "?!"]),
)


@given(st.lists(_SENTENCE, min_size=1, max_size=15), st.sampled_from([" ", "\n", "  ", "\r\n", " \n "]))
def test_joined_sentences_split_back_exactly(sentence_list, glue):
    text = glue.join(sentence_list)
    assert pieces(text) == sentence_list
