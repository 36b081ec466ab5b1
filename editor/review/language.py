"""Which language a transcript is in, so a German or Spanish transcript is checked against its own word list.

Only languages in Latin script matter here: the tokenizer treats words in other scripts as non-words, which are
never spell-checked. Detection is a vote of word lists (`wordfreq`): the share of a sample of the document's
words that each language knows. English is tried first and wins outright on an English text, so the common case
costs about a millisecond. Another language's list is loaded (0.1-0.3 s and ~30 MB, once per process) only when
English knows too few of the words, and then only for a few languages: those the text's letters point to (ß, ñ,
å, ł, ...) and the most common ones written in Latin script.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from editor.review.lexicon import ENGLISH, KNOWN_ZIPF, Lexicon

SAMPLE_WORDS = 1500  # words read from across the document
TRY_WORDS = 400  # of those, words looked up in each other language
ENGLISH_ENOUGH = 0.7  # English knows at least this share of the sample: English, without trying others
# (on our tests: English transcripts 0.93-0.99, German 0.44, Spanish 0.51)
CLEAR_WIN = 0.85  # another language knowing this share is taken at once
MARGIN = 0.15  # otherwise the best language must know this much more of the sample than English does
MIN_WORDS = 20  # fewer words than this: too little to tell, English

# wordfreq's languages in Latin script, and the letters that point to each; only those pointed to and these common
# ones are tried (each list costs ~30 MB of memory once loaded)
_COMMON = ("es", "fr", "de", "pt", "it", "nl")
_NAMES = {
    "es": "Spanish", "de": "German", "fr": "French", "pt": "Portuguese", "it": "Italian", "nl": "Dutch",
    "pl": "Polish", "tr": "Turkish", "sv": "Swedish", "id": "Indonesian", "cs": "Czech", "ro": "Romanian",
    "hu": "Hungarian", "da": "Danish", "nb": "Norwegian", "fi": "Finnish", "ca": "Catalan", "vi": "Vietnamese",
    "sk": "Slovak", "sl": "Slovenian", "hr": "Croatian", "lt": "Lithuanian", "lv": "Latvian", "ms": "Malay",
    "fil": "Filipino", "is": "Icelandic",
}
_HINTS = {
    "ñ¿¡": ("es",), "ßäöü": ("de",), "çêèëœ": ("fr", "pt", "ca"), "ãõ": ("pt",), "ìò": ("it",),
    "ąęłńśźż": ("pl",), "ğış": ("tr",), "å": ("sv", "da", "nb"), "æø": ("da", "nb"), "řěůď": ("cs", "sk"),
    "ășțş": ("ro",), "őű": ("hu",), "ơưđ": ("vi",), "čšž": ("hr", "sl", "cs", "sk", "lt", "lv"),
}
_LEXICONS: dict[str, Lexicon] = {"en": ENGLISH}
_LOCK = threading.Lock()


def language_names() -> dict[str, str]:
    """The languages a transcript can be checked in: code -> name, English first."""
    return {"en": "English", **dict(sorted(_NAMES.items(), key=lambda kv: kv[1]))}


def is_language(lang: str) -> bool:
    """True for a language code wordfreq has a word list for."""
    import wordfreq

    return lang in wordfreq.available_languages()


def lexicon_for(lang: str) -> Lexicon:
    """The shared word list of a language code ("en", "de", ...)."""
    with _LOCK:
        lexicon = _LEXICONS.get(lang)
        if lexicon is None:
            lexicon = _LEXICONS[lang] = Lexicon(lang, _NAMES.get(lang, lang))
        return lexicon


def sample_words(texts: Iterable[str], limit: int = SAMPLE_WORDS) -> list[str]:
    """Lower-case words (letters only, two or more) from across the texts, at most `limit`."""
    texts = list(texts)
    total = sum(len(t) for t in texts) or 1
    step = max(1, round(total / (limit * 7)))  # ~7 characters per word: read every step-th text's words
    words: list[str] = []
    for text in texts[::step] if len(texts) > step else texts:
        for raw in text.split():
            word = raw.strip(".,;:!?\"'“”‘’()[]…-").lower()
            if len(word) >= 2 and word.isalpha():
                words.append(word)
        if len(words) >= limit:
            break
    return words[:limit]


def detect_language(texts: Iterable[str]) -> str:
    """The language code of the texts ("en" unless another Latin-script language clearly fits better)."""
    words = sample_words(texts)
    if len(words) < MIN_WORDS:
        return "en"
    english = _share(ENGLISH, words)
    if english >= ENGLISH_ENOUGH:
        return "en"
    letters = set("".join(words))
    hinted = [lang for chars, langs in _HINTS.items() if letters & set(chars) for lang in langs]
    best, best_share = "en", english
    for lang in dict.fromkeys([*hinted, *_COMMON]):
        share = _share(lexicon_for(lang), words[:TRY_WORDS])
        if share > best_share:
            best, best_share = lang, share
        if share >= CLEAR_WIN:
            break
    return best if best_share >= english + MARGIN else "en"


def _share(lexicon: Lexicon, words: list[str]) -> float:
    known = lexicon.zipf
    return sum(1 for w in words if known(w) >= KNOWN_ZIPF) / len(words)
