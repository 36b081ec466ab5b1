"""The project glossary (names, products, jargon) and the signal that finds near-misses of its terms."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from editor.errors import FormatError, UserError
from editor.formats.decoding import utf16_without_bom
from editor.review.chunk_plan import ChunkPlan
from editor.review.context import ContextModel
from editor.review.lexicon import ENGLISH, KNOWN_ZIPF, Lexicon
from editor.review.suspect import GLOSSARY, Finding
from editor.review.term_ranker import TermSounds
from editor.review.term_windows import TermKeys
from editor.review.tokens import ACRONYM, CAMEL, CODE, EMAIL, URL, WORD, Token, classify, compact, phonetic_key

MAX_WINDOW = 3  # a term may be heard as up to this many words (and several words as one)
NAME_PART_ZIPF = 4.0  # a capitalised word of a longer term rarer than this is a name ('Gallagher', not 'Edge')
# Several ordinary words that sound exactly like a term (the same phonetic key) are flagged when the term is at
# least this long; shorter keys match ordinary phrases by chance. On every eval set (sample and synthetic,
# 26 windows) each such match was a real mishearing ("run back" for runbook, "adore ill" for atrial).
SOUND_TERM_LETTERS = 6
SOUND_TERM_KEY = 4
SOUND_TERM_SCORE = 0.6
SOUND_TERM_SIMILARITY = 0.95  # ranks such a window below spelled near-misses of the same length
SHORT_TERM_LETTERS = 5  # a term this short may be heard as a three-letter word that sounds the same ('gap')
RELATIVE_LETTERS = 4  # a known word this long that begins a term (or that a term begins) is its relative
_MATCHABLE = (WORD, CAMEL, CODE, ACRONYM)
_ADDRESSES = (URL, EMAIL)  # matched only against glossary terms of the same kind


def _plural_stems(flat: str) -> tuple[str, ...]:
    """The compact form and its singular guesses ('tpus' -> 'tpu'), for exact-term lookups."""
    if flat.endswith("es") and len(flat) > 4:
        return flat, flat[:-1], flat[:-2]
    if flat.endswith("s") and len(flat) > 3:
        return flat, flat[:-1]
    return (flat,)


def _relatives(a: str, b: str) -> bool:
    """One spelling begins the other (python ~ pythonic, webcast ~ webcasts, cement ~ cementos)."""
    short, long_ = sorted((a, b), key=len)
    return len(short) >= RELATIVE_LETTERS and long_.startswith(short)


def _bare(window: str) -> str:
    """A window without a possessive ending ("TensorFlow's" -> "TensorFlow")."""
    if window[-2:].lower() in ("'s", "’s"):
        return window[:-2]
    if window[-2:].lower() in ("s'", "s’"):
        return window[:-1]
    return window


@dataclass
class Glossary:
    """Terms the transcript should use, plus explicit `wrong -> right` replacements."""

    terms: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)  # wrong form -> right form

    @classmethod
    def parse(cls, text: str, path: str | Path | None = None) -> Glossary:
        """Read glossary text: one term per line, '#' comments, optional 'wrong -> right' lines."""
        glossary = cls()
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
            if not line:
                continue
            if "->" in line:
                parts = [p.strip() for p in line.split("->")]
                if len(parts) != 2 or not parts[0] or not parts[1]:
                    raise FormatError(path, f"line {number}: expected 'wrong -> right', got {raw.strip()!r}")
                glossary.corrections[parts[0]] = parts[1]
                glossary.add(parts[1])
            else:
                glossary.add(" ".join(line.split()))
        return glossary

    @classmethod
    def load(cls, path: str | Path) -> Glossary:
        """Read a glossary file (UTF-8); errors name the file and the problem."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise UserError(path, "no such glossary file") from None
        except IsADirectoryError:
            raise UserError(path, "is a folder, not a glossary file") from None
        except OSError as exc:
            raise UserError(path, f"cannot read glossary: {exc.strerror}") from None
        codec = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
        if b"\x00" in data[:4096] and codec != "utf-16":
            guessed = utf16_without_bom(data)  # (some Windows editors save UTF-16 without a byte-order mark)
            if guessed is None:
                raise FormatError(path, "not a text file (a glossary is plain text, one term per line)")
            codec = guessed
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            raise FormatError(path, "not UTF-8 text (save the glossary as UTF-8)") from None
        return cls.parse(text, path)

    def add(self, term: str) -> None:
        if term and term not in self.terms:
            self.terms.append(term)

    def to_text(self) -> str:
        """The glossary as file text (terms, then corrections)."""
        lines = [t for t in self.terms if t not in self.corrections.values()]
        lines += [f"{wrong} -> {right}" for wrong, right in self.corrections.items()]
        return "\n".join(lines) + ("\n" if lines else "")

    def to_json(self) -> dict[str, Any]:
        return {"terms": list(self.terms), "corrections": dict(self.corrections)}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Glossary:
        """The glossary stored in a project (what a damaged value holds that is not text is skipped)."""
        glossary = cls()
        if not isinstance(data, dict):
            return glossary
        terms = data.get("terms")
        for term in terms if isinstance(terms, list) else ():
            if isinstance(term, str):
                glossary.add(" ".join(term.split()))
        corrections = data.get("corrections")
        for wrong, right in (corrections.items() if isinstance(corrections, dict) else ()):
            if isinstance(wrong, str) and isinstance(right, str) and wrong.strip() and right.strip():
                glossary.corrections[wrong] = right
        return glossary


@dataclass(frozen=True, slots=True)
class _Entry:
    term: str
    compact: str
    key: str
    words: int
    whole: str = ""  # for a name taken out of a longer term ('Szabo'), that term ('Renata Szabo')


_Candidate = tuple[int, float, int, int, _Entry]  # (words of the term, similarity, first token, past last, term)
# a segment's windows of several words (see GlossaryMatcher._walk): those searched by spelling, as (first token,
# past last, window text), and those that sound like a term, as candidates
_Walk = tuple[list[tuple[int, int, str]], list[_Candidate]]
# a window's spelling, key and the buckets it is compared with, when only a fuzzy search can find its term
_Search = tuple[str, str, tuple[str, ...]]


class GlossaryMatcher:
    """Matches word windows against glossary terms by spelling and by sound; built once per glossary."""

    def __init__(self, glossary: Glossary, lexicon: Lexicon = ENGLISH, *, max_window: int = MAX_WINDOW) -> None:
        """`max_window`: the most words a near-miss window may have (1: single words only)."""
        self.glossary = glossary
        self.max_window = max_window
        self._lexicon = lexicon
        self._derived_zipf = derived_zipf = lexicon.derived_zipf
        self.known_words: set[str] = set()
        self._exact: dict[str, _Entry] = {}
        self._buckets: dict[str, list[_Entry]] = {}
        entries = [_Entry(term, compact(term), phonetic_key(term), len(term.split())) for term in glossary.terms]
        # a person is often called by one of their names alone: the rare capitalised words of a longer term
        # ('Szabo' of 'Renata Szabo') are terms too, so 'Szabbo' is matched with 'Szabo'
        entries += [_Entry(part, compact(part), phonetic_key(part), 1, term) for term in glossary.terms
                    if " " in term for part in term.split()
                    if len(part) >= 4 and part[:1].isupper() and part.isalpha()
                    and derived_zipf(part.lower()) < NAME_PART_ZIPF]
        for entry in entries:
            if not entry.compact or (entry.whole and entry.compact in self._exact):
                continue
            self._exact[entry.compact] = entry
            self.known_words.update(w.lower() for w in entry.term.split())
            for first in {entry.compact[0], entry.key[:1]}:
                if first:
                    self._buckets.setdefault(first, []).append(entry)
        # URLs and e-mail addresses in the glossary: a misheard address is compared with these only
        self._addresses = [e for e in self._exact.values() if classify(e.term) in _ADDRESSES]
        self._address_flats = [e.compact for e in self._addresses]
        self._wrong = {" ".join(w.lower().split()): r for w, r in glossary.corrections.items()}
        self._cache: dict[str, tuple[_Entry, float] | None] = {}
        self._info_memo: dict[tuple[str, str, str, bool], list[Any] | None] = {}  # by Token[2:] (see _token_info)
        # a word flagged alone: its flag depends on the token's fields after its span only (by Token[2:])
        self._single_memo: dict[tuple[str, str, str, bool], tuple[float, str] | None] = {}
        # terms that ordinary words may be heard for, by phonetic key; and the keys' first two and last letters,
        # so most windows are ruled out by their first and last words' keys without computing the window's key
        # short terms (GAAP, Culp) by sound: a three-letter word can only be matched to one by the same key
        self._short_by_key: dict[str, _Entry] = {}
        for e in self._exact.values():
            if e.words == 1 and len(e.compact) <= SHORT_TERM_LETTERS and len(e.key) >= 2:
                self._short_by_key.setdefault(e.key, e)
        self._by_sound = {e.key: e for e in self._exact.values()
                          if len(e.compact) >= SOUND_TERM_LETTERS and len(e.key) >= SOUND_TERM_KEY}
        self._sound_ends: dict[str, set[str]] = {}  # a key's first two letters -> the last letters after them
        for k in self._by_sound:
            self._sound_ends.setdefault(k[:2], set()).add(k[-1])
        # every beginning of a term's letters: the first word of a window that spells a term exactly is one
        self._prefixes = {e.compact[:n] for e in self._exact.values() for n in range(1, len(e.compact) + 1)}
        # (per pair of buckets a window is compared with: their entries' spellings/keys as lists that rapidfuzz
        # scans in C, see _union and _fitting)
        self._unions: dict[tuple[str, ...], tuple[list[_Entry], list[list[int]]]] = {}
        self._fitting_memo: dict[tuple[tuple[str, ...], int, int], tuple[list[int], list[str]]] = {}
        # every term (and rare name part) for term_windows.py: words heard for a term that do not fit
        self.term_keys = TermKeys([(e.term, e.compact, e.key) for e in self._exact.values()
                                   if classify(e.term) not in _ADDRESSES])
        # the glossary's own terms (no name parts, no addresses) for term_ranker.py, with their phones once asked
        self.ranked_terms = [t for t in glossary.terms if classify(t) not in _ADDRESSES]
        self._term_sounds: TermSounds | None = None
        # segments to be checked in chunks (plan()); and each walked segment's tokens with its windows (see _walk),
        # by text
        self._plan = ChunkPlan()
        self._walked: dict[str, tuple[list[Token], list[Any], _Walk]] = {}
        # per union of buckets: its entries' spellings and keys (the columns of _near_many's score tables)
        self._columns: dict[tuple[str, ...], tuple[list[str], list[str]]] = {}

    def term_sounds(self, model: ContextModel) -> TermSounds:
        """The terms as phones for the ranker (built on first use: it reads the pronouncing dictionary)."""
        if self._term_sounds is None:
            self._term_sounds = TermSounds(self.ranked_terms, model, self._lexicon)
        return self._term_sounds


    def exact_term(self, text: str) -> _Entry | None:
        """The term `text` spells, ignoring case, punctuation, a possessive or a plural s; else None."""
        text = _bare(text)
        for flat in _plural_stems(compact(text)):
            entry = self._exact.get(flat)
            if entry is not None and len(text.split()) == entry.words:
                return entry
        return None

    def _address(self, tok: Token) -> tuple[_Entry, float] | None:
        """The glossary URL/e-mail address closest in spelling to an address token (ratio >= 0.8)."""
        if not self._addresses:
            return None
        flat = compact(tok.text)
        found = process.extractOne(flat, self._address_flats, scorer=fuzz.ratio, score_cutoff=80)
        return None if found is None else (self._addresses[found[2]], found[1] / 100)

    def _union(self, firsts: tuple[str, ...]) -> tuple[list[_Entry], list[list[int]]]:
        """The entries of the buckets `firsts`, each once (in bucket order, the first bucket's first), and for
        each bucket every entry's position in it (-1: not in it). A window is compared with the terms that begin
        with its first letter and those whose key begins with its key's: mostly the same terms ('k' and 'K'),
        which are scanned once this way."""
        union = self._unions.get(firsts)
        if union is None:
            entries: list[_Entry] = []
            where: dict[int, int] = {}  # id(entry) -> its index in `entries`
            for first in firsts:
                for entry in self._buckets[first]:
                    if id(entry) not in where:
                        where[id(entry)] = len(entries)
                        entries.append(entry)
            positions = []
            for first in firsts:
                places = [-1] * len(entries)
                for position, entry in enumerate(self._buckets[first]):
                    places[where[id(entry)]] = position
                positions.append(places)
            union = self._unions[firsts] = (entries, positions)
        return union

    def _fitting(self, firsts: tuple[str, ...], field: int, length: int) -> tuple[list[int], list[str]]:
        """The indices in the union of buckets `firsts` (and the strings) of the spellings (field 1) or keys
        (field 2) whose length lets fuzz.ratio with a string of `length` reach the cutoff (80 for spellings, 85
        for keys).

        fuzz.ratio is 100 * (1 - d / (a + b)) with the Indel distance d >= |a - b|, so a string can only reach
        80 when 5 |a - b| <= a + b, 85 when 20 |a - b| <= 3 (a + b). The others score below the cutoff, so
        rapidfuzz would never return them: leaving them out changes no result and the scan is a third shorter."""
        fitting = self._fitting_memo.get((firsts, field, length))
        if fitting is None:
            entries = self._union(firsts)[0]
            strings = [e.compact for e in entries] if field == 1 else [e.key for e in entries]
            slack = (5, 1) if field == 1 else (20, 3)
            indices = [i for i, s in enumerate(strings)
                       if slack[0] * abs(len(s) - length) <= slack[1] * (len(s) + length)]
            fitting = self._fitting_memo[(firsts, field, length)] = (indices, [strings[i] for i in indices])
        return fitting

    def _near(self, firsts: tuple[str, ...], flat: str, key: str) -> list[list[int]]:
        """Per bucket of `firsts`, the positions (ascending) of its entries closest to a window in spelling
        (the 8 best at ratio >= 80) and those closest in sound (the 8 best keys at ratio >= 85): only those can
        pass the tests of _best. Both are found in C, in one scan of the buckets' union per field; a bucket's 8
        best are its best-scored, ties to the earlier in the bucket (as rapidfuzz's extract ranks them)."""
        positions = self._union(firsts)[1]
        near: list[set[int]] = [set() for _ in firsts]
        for part, query, cutoff in ((1, flat, 80), (2, key, 85)):
            if part == 2 and len(key) < 2:
                continue
            indices, strings = self._fitting(firsts, part, len(query))
            if not strings:
                continue
            hits = process.extract(query, strings, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
            if not hits:
                continue
            for places, chosen in zip(positions, near, strict=True):
                ranked = sorted((-score, places[indices[i]]) for _, score, i in hits if places[indices[i]] >= 0)
                chosen.update(position for _, position in ranked[:8])
        return [sorted(chosen) for chosen in near]

    def _best(self, window: str) -> tuple[_Entry, float] | None:
        """The closest term to a window text and the similarity in [0, 1], or None."""
        if window in self._cache:
            return self._cache[window]
        result, search = self._settled(window)
        if search is not None:
            flat, key, firsts = search
            result = self._closest(window, search, self._near(firsts, flat, key))
        self._cache[window] = result
        return result

    def _settled(self, window: str) -> tuple[tuple[_Entry, float] | None, _Search | None]:
        """The closest term to a window when no fuzzy search is needed to find it (an exact term, a short word by
        sound; None when nothing can be found) and None; else None and what to search with (see _closest)."""
        flat = compact(window)
        for stem in _plural_stems(flat):
            exact = self._exact.get(stem)
            if exact is not None:
                return (exact, 1.0), None
        if len(flat) == 3 and " " not in window:
            entry = self._short_by_key.get(phonetic_key(window))
            return ((entry, 1.0) if entry is not None and entry.compact[0] == flat[0] else None), None
        if len(flat) >= 4:
            key = phonetic_key(window)
            buckets = self._buckets
            # the bucket of its first letter, then its key's (each once)
            firsts = ((flat[0],) if flat[0] in buckets else ()) + (
                (key[0],) if key and key[0] != flat[0] and key[0] in buckets else ())
            if firsts:
                return None, (flat, key, firsts)
        return None, None

    def _closest(self, window: str, search: _Search, near: list[list[int]]) -> tuple[_Entry, float] | None:
        """The closest term to a window among the entries `near` it (per bucket of the search's, their positions:
        see _near) and the similarity, or None."""
        flat, key, firsts = search
        result: tuple[_Entry, float] | None = None
        n_words = len(window.split())
        seen: set[str] = set()
        # ordered iteration (not sets): equally close terms must tie-break the same way in every run
        for first, positions in zip(firsts, near, strict=True):
            entries = self._buckets[first]
            for i in positions:
                entry = entries[i]
                if entry.term in seen or not 0.7 <= len(entry.compact) / len(flat) <= 1.45:
                    continue
                seen.add(entry.term)
                if n_words > 1 and entry.words == 1 and len(entry.compact) < 6:
                    continue  # several words heard for a short term is rarely right
                spelled = fuzz.ratio(flat, entry.compact) / 100
                sound = 1.0 if key == entry.key and len(key) >= 2 else (
                    fuzz.ratio(key, entry.key) / 100 if min(len(key), len(entry.key)) >= 3 else 0.0)
                if key[:1] != entry.key[:1] and flat[0] != entry.compact[0]:
                    continue
                similarity = max(spelled if spelled >= 0.8 else 0.0, sound if sound >= 0.85 else 0.0)
                if n_words > 1:
                    similarity = similarity if similarity >= 0.88 else 0.0
                if similarity and (result is None or similarity > result[1]):
                    result = (entry, similarity)
        return result

    # ----- a chunk of segments at once ---------------------------------------------------------------------
    # Window by window, a 10 h check with 1,000 terms made ~20k rapidfuzz scans (_near) of a few hundred
    # spellings or keys each, ~85% of them finding nothing, and ~16k _best() calls around them. A chunk's windows
    # are found first (each segment walked once, its walk kept for findings()), then scored per pair of buckets
    # in two rapidfuzz cdist calls; only the windows near some term are looked at in Python. (10 h serial check:
    # findings() 0.54 -> 0.33 s of CPU, the same findings.)

    def plan(self, texts: Sequence[str], tokens_of: Callable[[int], list[Token]], bounds: Sequence[int] = ()) -> None:
        """Segments about to be checked (their texts, in order; their tokens from tokens_of(index)): the first of
        them findings() is asked about gets the windows of all the segments up to the next of the ascending
        indices `bounds` (none: all of them) searched at once, as forked helpers take the chunks of jobs starting
        at `bounds` (as TermSounds.plan)."""
        self._plan = ChunkPlan(texts, tokens_of, bounds)
        self._walked = {}

    def _run_planned(self, text: str) -> None:
        """Search the windows of the chunk of planned segments that `text` is the first of, if it is one."""
        chunk = self._plan.take(text)
        if chunk:
            self._search_chunk(chunk)

    def _search_chunk(self, chunk: dict[str, list[Token]]) -> None:
        """Every window of the segments (text -> tokens) that findings() searches, searched at once: the closest
        terms are in the cache, the words' infos (_token_info) in theirs, and each segment's infos and walk
        (_walk) kept for findings()."""
        memo = self._info_memo
        new: dict[tuple[str, str, str, bool], list[Any] | None] = {}  # new tokens' infos, closest terms unknown
        words: dict[tuple[str, str, str, bool], str] = {}  # ... and the words to search for them
        # the memo's infos and the new ones, read in one look-up a token (the memo takes the new ones only once
        # they are complete; a chunk of the whole document finds most of its words new)
        known = dict(memo)
        walks = {}
        for text, tokens in chunk.items():
            infos: list[Any] = [known.get(tok[2:], False) for tok in tokens]
            if False in infos:
                for n, tok in enumerate(tokens):
                    if infos[n] is False:
                        key = tok[2:]
                        if key not in new:
                            new[key], word = self._token_facts(tok)
                            known[key] = new[key]
                            if word is not None:
                                words[key] = word
                        infos[n] = new[key]
            walks[text] = (tokens, infos, self._walk(text, tokens, infos))
        self._best_many([*words.values(), *[w for _, _, (lookups, _) in walks.values() for _, _, w in lookups]])
        for key, word in words.items():
            info = new[key]
            if info is not None:  # (always: a searched word can be part of a term)
                info[1] = self._cache[word]
        memo.update(new)
        self._walked.update(walks)

    def _best_many(self, windows: Iterable[str]) -> None:
        """_best() of many windows, into the cache: those to search fuzzily scored per pair of buckets at once."""
        cache = self._cache
        searches: dict[tuple[str, ...], dict[str, _Search]] = {}  # by buckets: window -> its search
        for window in dict.fromkeys(windows):
            if window in cache:
                continue
            result, search = self._settled(window)
            if search is None:
                cache[window] = result
            else:
                searches.setdefault(search[2], {})[window] = search
        for firsts, group in searches.items():
            found = self._near_many(firsts, [s[0] for s in group.values()], [s[1] for s in group.values()])
            for (window, search), near in zip(group.items(), found, strict=True):
                cache[window] = None if near is None else self._closest(window, search, near)

    def _near_many(self, firsts: tuple[str, ...], flats: list[str], keys: list[str]) -> list[list[list[int]] | None]:
        """_near() of many windows (spellings, keys) compared with the same buckets; None for a window that is
        near no entry of them (most are). Each field in one rapidfuzz cdist of all the windows with all the
        union's entries: those whose length cannot reach the cutoff score 0 there (see _fitting), as they are
        not scanned by _near. (float32 scores order the entries as extract's doubles do: two different ratios
        of such short strings differ by far more than float32's precision.)"""
        import numpy as np

        positions = self._union(firsts)[1]
        columns = self._columns.get(firsts)
        if columns is None:
            entries = self._union(firsts)[0]
            columns = self._columns[firsts] = ([e.compact for e in entries], [e.key for e in entries])
        spelled = process.cdist(flats, columns[0], scorer=fuzz.ratio, score_cutoff=80, dtype=np.float32, workers=1)
        sounded = process.cdist(keys, columns[1], scorer=fuzz.ratio, score_cutoff=85, dtype=np.float32, workers=1)
        sounded[[len(key) < 2 for key in keys]] = 0  # (_near does not search by a key this short)
        # each window's hits (entry, score) by field, from all the scores at once (few windows have any)
        hits: dict[int, tuple[list[tuple[int, float]], ...]] = {}
        for part, scores in enumerate((spelled, sounded)):
            rows, cols = np.nonzero(scores)
            for row, col, score in zip(rows.tolist(), cols.tolist(), scores[rows, cols].tolist(), strict=True):
                hits.setdefault(row, ([], []))[part].append((col, score))
        out: list[list[list[int]] | None] = [None] * len(flats)
        for row, fields in hits.items():
            near: list[set[int]] = [set() for _ in firsts]
            for found in fields:
                for places, chosen in zip(positions, near, strict=True):
                    ranked = sorted((-score, places[col]) for col, score in found if places[col] >= 0)
                    chosen.update(position for _, position in ranked[:8])
            out[row] = [sorted(chosen) for chosen in near]
        return out

    def _walk(self, text: str, tokens: list[Token], infos: list[Any]) -> _Walk:
        """The windows of two words or more findings() looks at in a segment (from its tokens' infos; their
        closest terms are not read): those it searches by spelling, and those that sound like a term."""
        lookups: list[tuple[int, int, str]] = []
        sounded: list[_Candidate] = []
        if self.max_window < 2:
            return lookups, sounded
        exact_terms = self._exact
        by_sound = self._by_sound
        n = len(tokens)
        last = n - 1
        for i, info in enumerate(infos):
            if info is None or i == last:
                continue
            flat, _, weak, spells, lasts, _, _ = info
            following = infos[i + 1]
            # a window is searched when it has a rare or capitalised word, may spell a term (its first word begins
            # one) or may sound like one (see _token_info); most windows of ordinary words are none of these, and
            # a token that cannot be a term ends every window (its gap is not looked at)
            if following is None or not (weak or spells or lasts is not None or following[2] or (
                    i + 2 < n and infos[i + 2] is not None and infos[i + 2][2])):
                continue
            for j in range(i + 2, min(i + self.max_window, n) + 1):
                # token j - 1 may extend the window (a term), with only a space or '-' before it, not punctuation
                info = infos[j - 1]
                if info is None:
                    break
                gap = text[tokens[j - 2].end : tokens[j - 1].start]
                if gap != " " and gap.strip() not in ("", "-"):
                    break
                if spells or lasts is not None:
                    flat += info[0]
                weak = weak or info[2]
                # several ordinary lower-case words can only be a term when they spell it exactly; fuzzy
                # matches of such windows score 0 (see _score), so they are not searched for
                if weak or (spells and flat in exact_terms):
                    # (the window's text without the last word's possessive)
                    lookups.append((i, j, text[tokens[i].start : tokens[j - 1].end - info[6]]))
                elif lasts is not None and info[5] in lasts:
                    entry = by_sound.get(phonetic_key(text[tokens[i].start : tokens[j - 1].end - info[6]]))
                    if entry is not None and 0.6 <= len(flat) / len(entry.compact) <= 1.6:
                        sounded.append((entry.words, SOUND_TERM_SIMILARITY, i, j, entry))
        return lookups, sounded

    def findings(self, segment_id: str, text: str, tokens: list[Token]) -> tuple[list[Finding], set[int]]:
        """Near-misses of glossary terms in one segment, and the indices of tokens that are exact terms."""
        if not self._exact and not self._wrong:
            return [], set()  # no terms, addresses or corrections: nothing can match
        if self._plan:
            self._run_planned(text)
        walked = self._walked.pop(text, None)
        if walked is not None and (walked[0] is tokens or walked[0] == tokens):  # (else: other tokens, walked here)
            _, infos, (lookups, sounded) = walked
        else:
            memo = self._info_memo
            # (a token's fields after its span: text, norm, kind, sentence start; the norm follows from the text)
            infos = [memo.get(tok[2:], False) for tok in tokens]
            if False in infos:
                infos = [self._token_info(tok) if info is False else info
                         for tok, info in zip(tokens, infos, strict=True)]
            lookups, sounded = self._walk(text, tokens, infos)
        # (each candidate's words, span and first token tell it from the others: they are ranked the same in any
        # order)
        candidates = list(sounded)
        for i, info in enumerate(infos):
            if info is None:
                if tokens[i].kind in _ADDRESSES:
                    best = self._address(tokens[i])
                    if best is not None:
                        candidates.append((1, best[1], i, i + 1, best[0]))
            elif info[1] is not None:
                best = info[1]
                candidates.append((best[0].words, best[1], i, i + 1, best[0]))
        searched = self._cache
        for i, j, window in lookups:
            best = searched[window] if window in searched else self._best(window)
            if best is not None:
                candidates.append((best[0].words, best[1], i, j, best[0]))
        if not candidates:
            return (self._wrong_forms(segment_id, text, tokens) if self._wrong else []), set()
        # Exact terms (any case, possessive or plural) claim their words first, without a flag, so no
        # near-miss window reaches into them; then longer terms, then closer matches.
        taken: set[int] = set()
        exact_tokens: set[int] = set()
        fuzzy = []
        for candidate in sorted(candidates, key=lambda c: (-c[0], -(c[3] - c[2]), c[2])):
            _, similarity, i, j, entry = candidate
            if similarity >= 1.0 and self.exact_term(text[tokens[i].start : tokens[j - 1].end]) is entry:
                span = set(range(i, j))
                if not span & taken:
                    taken |= span
                    exact_tokens |= span
            else:
                fuzzy.append(candidate)
        fuzzy.sort(key=lambda c: (-c[0], -c[1], c[2]))
        found: list[Finding] = []
        singles = self._single_memo
        for _, similarity, i, j, entry in fuzzy:
            if j == i + 1:
                if i in taken:
                    continue
                tok = tokens[i]
                window = text[tok.start : tok.end]
                if infos[i] is None or window != tok.text:  # an address (or a token not cut from this text)
                    flag = self._flag(tokens[i:j], similarity, window, entry)
                else:  # a word alone: its flag follows from the token (see _single_memo)
                    key = tok[2:]
                    if key in singles:
                        flag = singles[key]
                    else:
                        flag = singles[key] = self._flag(tokens[i:j], similarity, window, entry)
                if flag is None:
                    continue
                taken.add(i)
                found.append(Finding(segment_id, tok.start, tok.end, window, GLOSSARY, flag[0], (entry.term,), flag[1]))
                continue
            span = set(range(i, j))
            if span & taken:
                continue
            window = text[tokens[i].start : tokens[j - 1].end]
            flag = self._flag(tokens[i:j], similarity, window, entry)
            if flag is None:
                continue
            taken |= span
            found.append(Finding(segment_id, tokens[i].start, tokens[j - 1].end, window, GLOSSARY, flag[0],
                                 (entry.term,), flag[1]))
        if self._wrong:
            found.extend(self._wrong_forms(segment_id, text, tokens))
        return found, exact_tokens

    def _flag(self, toks: list[Token], similarity: float, window: str, entry: _Entry) -> tuple[float, str] | None:
        """The score and reason of a near-miss window, or None when it is not worth a flag."""
        score = self._score(toks, similarity, window, entry)
        if score <= 0:
            return None
        if compact(window) == entry.compact:
            reason = f"glossary term {entry.term!r} " + (
                "heard as separate words" if " " in window else "heard as one word")
        else:
            reason = f"sounds like glossary term {entry.term!r}" + (f" (of {entry.whole!r})" if entry.whole else "")
        return score, reason

    def _token_info(self, tok: Token) -> list[Any] | None:
        """What findings() needs to know of a token, the same wherever it stands (None when it cannot be part of a
        term): its letters; the closest term to the word alone; whether it is rare or capitalised (a window with
        it is searched); whether its letters begin a term's (a window it begins may spell one); the last letters
        of the phonetic keys of sound-alike terms whose key begins as its own does, or None (a window it begins
        may sound like one of those when the window's last word's key ends in one of them); its key's last letter;
        the length of its possessive ending (cut off the window it ends).
        (A list: a chunk's words get their closest terms once all are searched, see _search_chunk.)"""
        key = tok[2:]
        if key in self._info_memo:
            return self._info_memo[key]
        info, word = self._token_facts(tok)
        if info is not None and word is not None:
            info[1] = self._best(word)
        self._info_memo[key] = info
        return info

    def _token_facts(self, tok: Token) -> tuple[list[Any] | None, str | None]:
        """A token's info (_token_info) with no closest term yet, and the word to search for that (None: the
        token is not searched alone, or cannot be part of a term)."""
        if tok.kind not in _MATCHABLE:
            return None, None
        z = self._derived_zipf(tok.norm)
        capital = tok.text[:1].isupper()
        word = tok.text[: len(tok.norm)] if tok.norm != tok.text.lower() else tok.text
        searched = tok.kind != WORD or z < 6.0 or capital
        flat = compact(word)
        sound = phonetic_key(tok.text) if self._by_sound else ""
        return [flat, None, z < KNOWN_ZIPF or (capital and not tok.sentence_start) or tok.kind != WORD,
                flat in self._prefixes, self._sound_ends.get(sound[:2]) if sound else None,
                sound[-1:], len(tok.text) - len(word)], word if searched else None

    def _score(self, toks: list[Token], similarity: float, window: str, entry: _Entry) -> float:
        """How sure a near-miss is: an unknown word near a term is likely wrong; a common word less so."""
        if toks[0].kind in _ADDRESSES:
            return 0.6 + 0.35 * similarity
        commonness = min(self._derived_zipf(t.norm) for t in toks)
        if compact(window) == entry.compact:
            # same letters: only a term heard as several words (or words run together) is worth a flag;
            # case and punctuation differences (TF.function, GSOC) are the writer's choice
            # Only a term heard as several words is worth a flag: words run together ('JPMorgan', 'Tallgrass'),
            # letters spelled out ('U S', 'G C P') and a compound that English writes either way ('health
            # care') are spacing choices (on Earnings-21 those flags were real mistakes 1 time in 3)
            split = " " in window and len(window.split()) > len(entry.term.split())
            plain = all(ch.isalnum() or ch == " " for ch in entry.term)
            spelled_out = all(part.isupper() or len(part) == 1 for part in window.split())
            ordinary = self._derived_zipf(entry.compact) >= KNOWN_ZIPF + 0.5
            return 0.8 if split and plain and not spelled_out and not ordinary else 0.0
        if commonness < KNOWN_ZIPF:
            return 0.6 + 0.35 * similarity
        if len(toks) == 1 and _relatives(compact(window), entry.compact):
            return 0.0  # an English word that begins the term or that the term begins ('Python' ~ 'Pythonic')
        capitalised = any(t.text[:1].isupper() and not t.sentence_start for t in toks)
        if len(toks) > 1:
            if capitalised:
                return 0.55 + 0.3 * (similarity - 0.88) / 0.12
            return SOUND_TERM_SCORE if self._by_sound.get(phonetic_key(window)) is entry else 0.0
        if capitalised:
            return 0.45 + 0.35 * similarity
        if entry.whole:
            return 0.0  # a lower-case common word like one name of a longer term ('sounds' ~ 'Sundays'): chance
        return 0.2 + 0.15 * similarity  # an ordinary word that merely sounds like a term

    def _wrong_forms(self, segment_id: str, text: str, tokens: list[Token]) -> list[Finding]:
        """Explicit 'wrong -> right' glossary lines, matched on whole words."""
        found: list[Finding] = []
        if not self._wrong:
            return found
        for i in range(len(tokens)):
            for n in range(1, MAX_WINDOW + 1):
                if i + n > len(tokens):
                    break
                window = text[tokens[i].start : tokens[i + n - 1].end]
                right = self._wrong.get(" ".join(window.lower().split()))  # (any spacing between the words)
                if right:
                    found.append(Finding(segment_id, tokens[i].start, tokens[i + n - 1].end, window, GLOSSARY, 0.95,
                                         (right,), f"the glossary says {window!r} should be {right!r}"))
        return found
