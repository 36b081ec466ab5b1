"""lexicon.zipf reads plain words straight from wordfreq's table: the values must be wordfreq's own."""

from __future__ import annotations

import random
import string

import wordfreq

from editor.review import lexicon


def test_plain_words_get_exactly_wordfreqs_zipf():
    words = [w for w in wordfreq.top_n_list("en", 30_000) if w.isascii() and w.isalpha() and w.islower()]
    rng = random.Random(3)
    words += ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    assert lexicon._frequencies() is not None  # the shortcut (a table cached on disk) is in use
    differ = [w for w in words if lexicon.zipf(w) != wordfreq.zipf_frequency(w, "en", wordlist="best")]
    assert differ == []


def test_other_words_still_ask_wordfreq():
    for word in ("don't", "TensorFlow", "café", "co-op", "3d", "naïve"):
        assert lexicon.zipf(word) == wordfreq.zipf_frequency(word, "en", wordlist="best")
