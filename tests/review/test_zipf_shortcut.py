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


def test_words_with_apostrophes_accents_and_phrases_get_wordfreqs_zipf():
    # a long transcript has a few of these (don't, são, 'so the' from a split suggestion): each used to load
    # wordfreq itself; now the table answers, and must answer exactly as wordfreq would
    top = wordfreq.top_n_list("en", 20_000)
    odd = [w for w in top if not (w.isascii() and w.isalpha())][:400]
    assert any("'" in w for w in odd) and any(not w.isascii() for w in odd)
    rng = random.Random(5)
    plain = [w for w in top if w.isalpha()]
    made_up = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9))) for _ in range(50)]
    phrases = [" ".join(rng.choice(pool) for pool in rng.sample([plain, plain, odd, made_up], k=rng.randint(2, 3)))
               for _ in range(1500)]
    assert lexicon._frequencies() is not None
    differ = [w for w in odd + phrases if lexicon.zipf(w) != wordfreq.zipf_frequency(w, "en", wordlist="best")]
    assert differ == []


def test_common_odd_words_and_phrases_do_not_load_wordfreq(monkeypatch):
    lexicon.zipf.cache_clear()
    asked = []
    monkeypatch.setattr(wordfreq, "zipf_frequency", lambda w, *a, **k: asked.append(w) or 0.0)
    for word in ("don't", "we've", "são", "so the", "pre tax", "we're going", "zzqx the"):
        lexicon.zipf(word)
    lexicon.zipf.cache_clear()
    assert asked == []
