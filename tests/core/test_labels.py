"""Edit labels name whole words and the 1-based paragraph, read against the transcript the edit applies to."""

from __future__ import annotations

from editor.core import edits as E
from editor.core.labels import describe, where, word_change
from editor.core.model import Segment, Speaker, Transcript


def make() -> Transcript:
    return Transcript(
        [Segment("a", "Welcome to the show."), Segment("b", "This is Twimble talk."),
         Segment("c", "We use tensorflow here.")],
        [Speaker("p1", "Sam")],
    )


def test_a_fragment_replacement_is_labelled_by_its_whole_word_and_paragraph():
    t = make()
    edit = E.set_text(t, "b", 9, 15, "WIML")  # 'wimble' inside 'Twimble'
    assert edit.label == "Replace 'wimble' with 'WIML'"  # the edit alone knows only the characters
    assert describe(edit, t) == "Replace 'Twimble' with 'TWIML' in ¶2"
    edit.apply(t)
    assert describe(edit, t, applied=True) == "Replace 'Twimble' with 'TWIML' in ¶2"


def test_typing_deleting_and_a_space_removed_between_words():
    t = make()
    assert describe(E.set_text(t, "a", 20, 20, " Again"), t) == "Type 'Again' in ¶1"
    assert describe(E.set_text(t, "a", 7, 10, ""), t) == "Delete 'to' in ¶1"
    assert describe(E.set_text(t, "b", 7, 8, ""), t) == "Replace 'is Twimble' with 'isTwimble' in ¶2"
    assert describe(E.set_text(t, "c", 22, 22, "s"), t) == "Replace 'here' with 'heres' in ¶3"
    assert describe(E.set_text(t, "c", 7, 8, "T"), t) == "Replace 'tensorflow' with 'Tensorflow' in ¶3"
    assert describe(E.set_text(t, "c", 0, 7, ""), t) == "Delete 'We use' in ¶3"


def test_structure_and_speaker_edits_name_paragraphs():
    t = make()
    assert describe(E.split_segment(t, "b", 8), t) == "Split ¶2"
    assert describe(E.merge_segments(t, "b"), t) == "Merge ¶2 with ¶3"
    assert describe(E.delete_segment(t, "c"), t) == "Delete ¶3 'We use tensorflow here.'"
    assert describe(E.set_speaker(t, ["a", "b", "c"], "p1"), t) == "Set speaker Sam in ¶1–¶3"
    assert describe(E.set_speaker(t, ["a", "c"], None), t) == "Set speaker no speaker in ¶1, ¶3"


def test_replace_all_lists_where_and_a_typing_run_reads_as_one_change():
    t = make()
    batch = E.replace_all(t, "is", "IS")
    assert batch is not None
    assert describe(batch, t).startswith("Replace all 'is' with 'IS'")
    assert describe(batch, t).endswith(" in ¶2")
    first = E.set_text(t, "a", 20, 20, " and")
    first.apply(t)
    second = E.set_text(t, "a", 24, 24, " more")
    run = E.Batch((first, second), "Type ' and more'")
    second.apply(t)
    assert describe(run, t, applied=True) == "Type 'and more' in ¶1"


def test_a_label_that_does_not_fit_the_transcript_falls_back_to_the_edits_own():
    t = make()
    stale = E.SetText("b", 0, "Nothing like this", "x")
    assert describe(stale, t) == stale.label
    assert describe(E.SetText("zz", 0, "", "x"), t) == E.SetText("zz", 0, "", "x").label


def test_where_and_word_change():
    assert where([]) == ""
    assert where([4, 2, 3]) == " in ¶2–¶4"
    assert where([1, 5, 9, 12, 20]) == " in ¶1, ¶5, ¶9 and 2 more"
    assert word_change("it's a pa thing", "it's a Py thing") == ("pa", "Py")
    assert word_change("tensorf low", "TensorFlow") == ("tensorf low", "TensorFlow")
