"""How a written token is said, as plain words: numbers, symbols, hyphens and abbreviations spelled out.

The aligner needs the words actually spoken ("25%" is "twenty five percent"); the result only needs to be
close enough for the acoustic model to find it, not a perfect reading.
"""

from __future__ import annotations

import re

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand"))
_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
             "nine": "ninth", "twelve": "twelfth"}
_SYMBOLS = {"&": "and", "%": "percent", "+": "plus", "=": "equals", "@": "at", "#": "number"}
_CURRENCY = {"$": "dollars", "€": "euros", "£": "pounds"}
_NUMBER = re.compile(r"^(?P<cur>[$€£])?(?P<num>\d[\d,]*(?:\.\d+)?)(?P<suf>%|st|nd|rd|th|s|k|m|bn)?$", re.IGNORECASE)
_WORD_CHARS = re.compile(r"[A-Za-z0-9']+")


def cardinal(n: int) -> list[str]:
    """Words for a whole number (0 <= n < 10**12)."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        tens, ones = divmod(n, 10)
        return [_TENS[tens]] + ([_ONES[ones]] if ones else [])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return [_ONES[hundreds], "hundred"] + (cardinal(rest) if rest else [])
    for scale, name in _SCALES:
        if n >= scale:
            high, rest = divmod(n, scale)
            return cardinal(high) + [name] + (cardinal(rest) if rest else [])
    return [_ONES[0]]


def year(n: int) -> list[str]:
    """A four-digit number read as a year ("nineteen ninety", "twenty twenty one")."""
    high, low = divmod(n, 100)
    if 2000 <= n < 2010:
        return cardinal(n)
    if low == 0:
        return cardinal(high) + ["hundred"]
    return cardinal(high) + (["oh"] if low < 10 else []) + cardinal(low)


def ordinal(words: list[str]) -> list[str]:
    last = words[-1]
    if last in _ORDINALS:
        return words[:-1] + [_ORDINALS[last]]
    if last.endswith("y"):
        return words[:-1] + [last[:-1] + "ieth"]
    return words[:-1] + [last + "th"]


def number_words(token: str) -> list[str] | None:
    """Words for a numeric token ("1990", "3.5", "$20", "25%", "2nd", "1,000"), None if it is not one."""
    match = _NUMBER.match(token)
    if match is None:
        return None
    digits = match["num"].replace(",", "")
    whole, _, fraction = digits.partition(".")
    if len(whole) > 12:
        return [_ONES[int(d)] for d in whole]
    n = int(whole)
    suffix = (match["suf"] or "").lower()
    if len(whole) == 4 and "," not in match["num"] and not fraction and 1100 <= n < 2100 and not match["cur"]:
        words = year(n)
    else:
        words = cardinal(n)
    if fraction:
        words += ["point"] + [_ONES[int(d)] for d in fraction]
    if suffix in ("st", "nd", "rd", "th"):
        words = ordinal(words)
    elif suffix == "%":
        words.append("percent")
    elif suffix == "s":  # "1990s"
        words = words[:-1] + [words[-1][:-1] + "ies" if words[-1].endswith("y") else words[-1] + "s"]
    elif suffix in ("k", "m", "bn"):
        words.append({"k": "thousand", "m": "million", "bn": "billion"}[suffix])
    if match["cur"]:
        words.append(_CURRENCY[match["cur"]])
    return words


def spoken_words(token: str) -> list[str]:
    """The plain words a token is read as: lower case (capitals kept for a possible spelling out), no digits.

    Punctuation alone ("—", "...") is not spoken: it gives no words.
    """
    token = token.strip("\"“”‘’()[]{}<>«»")
    core = token.rstrip(".,;:!?…")
    numbers = number_words(core)
    if numbers is not None:
        return numbers
    words: list[str] = []
    for part in re.split(r"[-–—/_]+", core):
        part = part.replace("’", "'")
        symbol = _SYMBOLS.get(part)
        if symbol is not None:
            words.append(symbol)
            continue
        numbers = number_words(part)
        if numbers is not None:
            words += numbers
            continue
        for piece in _WORD_CHARS.findall(part):
            # Capitals ("NASA", "GPU") stay upper case: the lexicon spells them out if it does not know them.
            piece = piece if len(piece) > 1 and piece.isupper() else piece.lower()
            if piece.isdigit():
                words += cardinal(int(piece[:12]))
            elif any(c.isdigit() for c in piece):  # "mp3", "4k": letters and digits read apart
                for run in re.findall(r"\d+|[A-Za-z']+", piece.lower()):
                    words += cardinal(int(run[:12])) if run.isdigit() else [run.strip("'")]
            elif piece.strip("'"):
                words.append(piece.strip("'") if piece.startswith("'") or piece.endswith("'") else piece)
    return [w for w in words if w]
