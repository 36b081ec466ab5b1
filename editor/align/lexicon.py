"""Pronunciations for the aligner: the CMU dictionary pocketsphinx ships, and a guess for other words.

Words the dictionary lacks are, in order of preference: capitals spelled out letter by letter ("GPU"),
two known words run together ("tensorflow" = "tensor" + "flow"), or a letter-to-sound guess. A guess
only has to be close enough for forced alignment to find the word between its neighbours.
"""

from __future__ import annotations

import re

# Longest spellings first; each maps to CMU phones. Deliberately simple: see the module docstring.
_GRAPHEMES = [
    ("tch", "CH"), ("igh", "AY"), ("sch", "S K"), ("tion", "SH AH N"), ("sion", "ZH AH N"),
    ("ch", "CH"), ("sh", "SH"), ("th", "TH"), ("ph", "F"), ("wh", "W"), ("ck", "K"), ("ng", "NG"),
    ("qu", "K W"), ("ee", "IY"), ("ea", "IY"), ("oo", "UW"), ("ou", "AW"), ("ow", "OW"), ("ai", "EY"),
    ("ay", "EY"), ("oi", "OY"), ("oy", "OY"), ("au", "AO"), ("aw", "AO"), ("er", "ER"), ("ir", "ER"),
    ("ur", "ER"), ("ar", "AA R"), ("or", "AO R"), ("ie", "IY"), ("ey", "IY"), ("gh", "G"),
    ("a", "AE"), ("b", "B"), ("c", "K"), ("d", "D"), ("e", "EH"), ("f", "F"), ("g", "G"), ("h", "HH"),
    ("i", "IH"), ("j", "JH"), ("k", "K"), ("l", "L"), ("m", "M"), ("n", "N"), ("o", "AA"), ("p", "P"),
    ("q", "K"), ("r", "R"), ("s", "S"), ("t", "T"), ("u", "AH"), ("v", "V"), ("w", "W"), ("x", "K S"),
    ("y", "IY"), ("z", "Z"),
]
_SOFT_C = re.compile(r"c(?=[eiy])")
_NAME = re.compile(r"[^a-z']")
# the spellings in the list's order: at each place the first that fits is read (an alternation tries them in
# order), and a character none fits is skipped (silent); one regex scan instead of a loop over the list per
# letter (a 1,000-term glossary's guesses took 0.03 s before a check could start)
_GRAPHEME_RE = re.compile("|".join(re.escape(letters) for letters, _ in _GRAPHEMES))
_SOUNDS = {letters: sound.split() for letters, sound in _GRAPHEMES}


def guess_phones(word: str) -> str:
    """A letter-to-sound guess of CMU phones for a lower-case word."""
    word = _SOFT_C.sub("s", word.replace("'", ""))
    if len(word) > 3 and word.endswith("e") and word[-2] not in "aeiou":
        word = word[:-1]  # a final silent e
    phones: list[str] = []
    for match in _GRAPHEME_RE.finditer(word):
        letters = match.group()
        for phone in ["Y"] if letters == "y" and match.start() == 0 else _SOUNDS[letters]:
            if not phones or phones[-1] != phone:  # doubled consonants are said once
                phones.append(phone)
    return " ".join(phones) or "AH"


class Lexicon:
    """Maps the words of `spoken.spoken_words` to entries of a pocketsphinx decoder's dictionary."""

    def __init__(self, decoder) -> None:
        self.decoder = decoder
        self._known: dict[str, str | None] = {}  # word -> its dictionary entry (None: not known)
        self.guessed = 0  # words given a letter-to-sound guess (a sign the timings there are rougher)

    def _lookup(self, word: str) -> str | None:
        if word not in self._known:
            self._known[word] = self.decoder.lookup_word(word)
        return self._known[word]

    def entry(self, word: str) -> str:
        """The dictionary entry to align `word` with (added to the dictionary when missing)."""
        lower = word.lower()
        if self._lookup(lower) is not None:
            return lower
        name = "_" + _NAME.sub("", lower)  # our additions never shadow a real entry
        if self._lookup(name) is None:
            self.decoder.add_word(name, self._phones(word, lower), False)
            self._known[name] = name
        return name

    def _phones(self, word: str, lower: str) -> str:
        if word.isupper() and word.isalpha() and len(word) <= 6:
            letters = [self._lookup(c) for c in lower]
            if all(letters):
                return " ".join(letters)  # type: ignore[arg-type]
        plain = lower.replace("'", "")
        if plain.endswith("s") and self._lookup(plain[:-1]):  # a plural or possessive
            return f"{self._lookup(plain[:-1])} Z"
        for cut in range(len(plain) - 3, 2, -1):  # the longest known first half
            head, tail = self._lookup(plain[:cut]), self._lookup(plain[cut:])
            if head and tail:
                return f"{head} {tail}"
        self.guessed += 1
        return guess_phones(plain)
