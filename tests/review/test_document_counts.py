"""The document counts (consistency.DocumentIndex): counted all at once or one segment at a time, the same."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.review.consistency import DocumentIndex
from editor.review.tokens import tokenize

WORDS = ["Zorblat", "Zorblatt", "zorblat", "Thompsen", "Thomasson", "said", "the", "FPL", "FTL's", "non-GAAP",
         "Swift", "for", "Swiffer", "a@b.co", "www.example.com", "www.exampel.com", "Keras'", "carous", "Page",
         "Paige", "KPIs", "We", "met", "them."]
lines = st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join)


def _state(index: DocumentIndex) -> tuple[object, ...]:
    """Everything the checks read of an index, in the order they would iterate it."""
    return (list(index.counts.items()), list(index.mid_caps.items()), index.words, list(index.addresses.items()),
            list(index.abbreviations.items()), index.changes,
            [(key, list(forms)) for key, forms in index._by_key.items()],
            [(first, list(forms)) for first, forms in index._by_first.items()])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 5), lines), min_size=1, max_size=14))
def test_segments_counted_at_once_count_as_one_by_one(edits):
    # a document's segments, some set again with new text (an edit) between the others, in one call or one by one
    rows = [(f"s{n}", tokenize(text), text) for n, text in edits]
    apart, together = DocumentIndex(), DocumentIndex()
    for row in rows:
        apart.set_segment(*row)
    together.set_segments(rows)
    assert _state(together) == _state(apart)
    forms = sorted({form for form in apart.counts if " " not in form})
    assert [together.majority_variant(f) for f in forms] == [apart.majority_variant(f) for f in forms]
    for segment_id in sorted({row[0] for row in rows}):  # and taken out again, the same
        apart.remove_segment(segment_id)
        together.remove_segment(segment_id)
        assert _state(together) == _state(apart)
    assert not apart.counts and apart.words == 0 and not +apart.abbreviations


def test_a_segment_set_again_counts_its_new_text_only():
    index = DocumentIndex()
    texts = ["We met Zorblat today.", "Zorblat said so.", "FPL and FTL at www.example.com."]
    index.set_segments([(f"s{n}", tokenize(text), text) for n, text in enumerate(texts)])
    index.set_segments([("s2", tokenize("Ask Zorblatt then."), "Ask Zorblatt then.")])
    assert (index.counts["Zorblat"], index.counts["Zorblatt"], index.counts["FPL"]) == (2, 1, 0)
    assert index.words == 10 and not +index.abbreviations and not +index.addresses
    assert index.majority_variant("Zorblatt") == ("Zorblat", 2)


def test_an_ordinary_word_becomes_a_majority_variant_once_the_document_uses_it_as_a_name():
    # only names and terms can be the majority form (majority_variant leaves ordinary words out before it searches):
    # 'Apple' at sentence starts is the fruit; once written with a capital mid-sentence it is a name, and after an
    # edit that takes that use out again it is the fruit again
    index = DocumentIndex()
    for n, text in enumerate(["Apple. Apple pie.", "We met Appel there."]):
        index.set_segment(f"s{n}", tokenize(text), text)
    assert index.majority_variant("Appel") is None
    index.set_segment("s2", tokenize("We like Apple a lot."), "We like Apple a lot.")
    assert index.majority_variant("Appel") == ("Apple", 3)
    index.remove_segment("s2")
    assert index.majority_variant("Appel") is None
