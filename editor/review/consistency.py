"""Signal 2: the same name or term spelled two ways in one document (minority form flagged, majority suggested).

`DocumentIndex` counts word forms per segment so that re-checking one edited segment only updates its counts.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import chain

from rapidfuzz import fuzz, process

from editor.review.document_terms import abbreviations
from editor.review.lexicon import ENGLISH, Lexicon
from editor.review.suspect import INCONSISTENT, Finding
from editor.review.tokens import ACRONYM, CAMEL, EMAIL, URL, WORD, Token, compact, phonetic_key

Decision = tuple[int, str, float, str]  # a flag's length, suggestion, score and reason

_INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "ers", "ly", "'s", "ies", "y")
NAME_ZIPF = 3.0  # below this a form is a name/term candidate even in lower case
# majority_variant's quick pre-selection in C, a little looser than its own tests (spelled or sounding >= 0.8)
# so that rounding never leaves out a form those tests would pass
_SPELLED_MARGIN = 79.5
_SOUND_MARGIN = 79.0


def _derived(a: str, b: str) -> bool:
    """Two lower-case words of one stem ('divested'/'divestitures', 'deflation'/'deflationary'): word formation,
    not a misspelling (on Earnings-21 such consistency flags were right 13 times in 38; capitalised pairs are
    left to the rule, as names differ by an ending: Samuelson/Samuelsson)."""
    if not (a.islower() and b.islower()):
        return False
    return len(os.path.commonprefix((a, b))) >= max(5, min(len(a), len(b)) - 2)


def _is_inflection(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    if len(a) > len(b):
        a, b = b, a
    if not b.startswith(a[:-1] if a.endswith("e") or a.endswith("y") else a):
        return False
    return any(b == a + s or b == a[:-1] + s for s in _INFLECTIONS)


class _SegmentCounts:
    """What one segment text adds to a DocumentIndex (shared by every segment with that text; never modified but
    for its `forms`, built once when first asked for)."""

    __slots__ = ("uses", "caps", "words", "addresses", "abbreviations", "_forms")

    def __init__(self, tokens: list[Token], text: str) -> None:
        uses, caps, pairs, addresses, acronyms = _scan(tokens, text)
        # lists, not Counters: a whole document's are counted at once (DocumentIndex.set_segments), in C
        self.uses = uses  # word forms, once per use in text order
        self.caps = caps  # forms capitalised mid-sentence, once per use
        self.words = len(uses) - pairs
        self.addresses = addresses
        # (only a segment with an abbreviation token or a hyphen can have any: most are looked at no further)
        self.abbreviations = abbreviations(tokens) if acronyms or "-" in text else []
        self._forms: Counter[str] | None = None

    def forms(self) -> Counter[str]:
        """Uses per form (needed only to take the segment's counts out of an index again)."""
        if self._forms is None:
            self._forms = Counter(self.uses)
        return self._forms


def _scan(tokens: list[Token], text: str) -> tuple[list[str], list[str], int, list[str], bool]:
    """The word forms a segment uses, once per use in text order; those capitalised mid-sentence; how many of the
    uses are two words (a capitalised word and the next); its URLs and e-mail addresses; whether it has an
    abbreviation-like token. In one pass over the tokens."""
    uses: list[str] = []
    caps: list[str] = []
    addresses: list[str] = []
    acronyms = False
    pairs = 0
    use = uses.append
    # (hot: every word of a document; the tokens unpacked, and the word before remembered by what is needed of it)
    capital_before = False  # the word before is a word that starts with a capital
    end_before = 0
    word_before = ""
    for start, end, word, norm, kind, sentence_start in tokens:
        if kind != WORD and kind != CAMEL:
            capital_before = False
            if kind == ACRONYM:
                acronyms = True
            elif kind == URL or kind == EMAIL:
                addresses.append(word)
            continue
        # the word without a possessive ending (the norm drops it; an equally long norm means the word itself)
        form = word[: len(norm)]
        use(form)
        capital = form[:1].isupper()
        if capital and not sentence_start:
            caps.append(form)
        # a capitalised word plus its neighbour, to spot one word heard for two ("Swiffer" ~ "Swift for")
        if capital_before and text[end_before:start] == " ":
            use(f"{word_before} {form}")
            pairs += 1
        capital_before = capital
        end_before = end
        word_before = word
    return uses, caps, pairs, addresses, acronyms


def _counted(tokens: list[Token], text: str) -> _SegmentCounts:
    """The counts of a segment text (they depend on the text alone: shared, see _forms_by_text)."""
    counted = _forms_by_text.get(text)
    if counted is None:
        if len(_forms_by_text) >= _FORMS_LIMIT:
            _forms_by_text.clear()
        counted = _forms_by_text[text] = _SegmentCounts(tokens, text)
    return counted


_forms_by_text: dict[str, _SegmentCounts] = {}  # segment text -> its counts
_FORMS_LIMIT = 400_000


def forget_texts() -> None:
    """Empty the per-text memo (see detector.forget_texts)."""
    _forms_by_text.clear()


class DocumentIndex:
    """Counts of word forms (and capitalised bigrams) over a document, updatable one segment at a time."""

    def __init__(self, lexicon: Lexicon = ENGLISH) -> None:
        self.lexicon = lexicon
        # German capitalises every noun, so a capital in mid-sentence says nothing about names there
        self._caps_mean_names = not lexicon.capitalises_nouns
        self.counts: Counter[str] = Counter()
        self.mid_caps: Counter[str] = Counter()  # capitalised away from a sentence start: a name
        self.words = 0  # word tokens counted
        self.addresses: Counter[str] = Counter()  # URLs and e-mail addresses
        self.abbreviations: Counter[str] = Counter()  # capital-letter abbreviations (document_terms.py)
        self.changes = 0  # bumped whenever the counts change (for views built on them)
        self._per_segment: dict[str, _SegmentCounts] = {}  # segment id -> what it added to the counts
        # phonetic key / first letter -> forms, as dicts (ordered sets): forms in first-use order, so ties between
        # equally good variants go the same way in every run (a set's order changes with the string hash seed)
        self._by_key: dict[str, dict[str, None]] = {}
        self._by_first: dict[str, dict[str, None]] = {}
        self._cache: dict[str, tuple[str, int] | None] = {}
        # token text -> (length, suggestion, score, reason) or None, for tokens mid-sentence and at a sentence
        # start (two dicts keyed by the text: no key tuple to build per token); valid until the counts change
        self.decisions: tuple[dict[str, Decision | None], dict[str, Decision | None]] = ({}, {})
        self._first_cache: dict[str, tuple[list[str], list[str], list[str]]] = {}

    def set_segment(self, segment_id: str, tokens: list[Token], text: str) -> None:
        """Replace the counts contributed by one segment."""
        self.set_segments([(segment_id, tokens, text)])

    def set_segments(self, segments: Iterable[tuple[str, list[Token], str]]) -> None:
        """Replace the counts contributed by each of these segments (id, tokens, text), with the same counts and
        in the same order as set_segment one segment after the other, but counting the words of segments new to
        the index all at once: one Counter over all their words, each new form registered once (10 hours:
        ~0.04 s less than segment by segment, a third of the document counts)."""
        new: list[_SegmentCounts] = []
        for segment_id, tokens, text in segments:
            if segment_id in self._per_segment:
                self._add(new)  # (what comes before the old counts are taken out, as one by one)
                new = []
                self.remove_segment(segment_id)
            counted = self._per_segment[segment_id] = _counted(tokens, text)
            new.append(counted)
        self._add(new)

    def _add(self, added: list[_SegmentCounts]) -> None:
        """Add the counts of segments (in document order: new forms keep their first-use order)."""
        addresses = [address for counted in added for address in counted.addresses]
        if addresses:
            self.addresses.update(addresses)
            self._forget_decisions()
        abbreviated = [counted.abbreviations for counted in added if counted.abbreviations]
        if abbreviated:
            self.abbreviations.update(chain.from_iterable(abbreviated))
            self.changes += len(abbreviated)
        worded = [counted for counted in added if counted.uses]
        if not worded:
            return
        self.words += sum(counted.words for counted in worded)
        uses = Counter(chain.from_iterable(counted.uses for counted in worded))  # (in C)
        counts = self.counts
        for form in uses:
            if form not in counts:
                self._register(form)
        counts.update(uses)
        self.mid_caps.update(chain.from_iterable(counted.caps for counted in worded))
        self._cache.clear()
        self._forget_decisions()
        self._first_cache.clear()
        self.changes += len(worded)

    def _forget_decisions(self) -> None:
        for decided in self.decisions:
            decided.clear()

    def remove_segment(self, segment_id: str) -> None:
        old = self._per_segment.pop(segment_id, None)
        if old is None:
            return
        if old.abbreviations:
            self.abbreviations.subtract(old.abbreviations)
            self.abbreviations += Counter()  # (drops forms no longer used)
            self.changes += 1
        if old.addresses:
            self.addresses.subtract(old.addresses)
            self._forget_decisions()
        forms = old.forms()
        self.words -= old.words
        self.counts.subtract(forms)
        self.mid_caps.subtract(old.caps)
        for form in forms:
            if self.counts[form] <= 0:
                del self.counts[form]
                self._unregister(form)
        self._cache.clear()
        self._forget_decisions()
        self._first_cache.clear()
        self.changes += 1

    def _register(self, form: str) -> None:
        flat = compact(form)
        if len(flat) < 3:
            return
        self._by_key.setdefault(phonetic_key(form), {})[form] = None
        self._by_first.setdefault(flat[0], {})[form] = None

    def _unregister(self, form: str) -> None:
        flat = compact(form)
        if len(flat) < 3:
            return
        self._by_key.get(phonetic_key(form), {}).pop(form, None)
        self._by_first.get(flat[0], {}).pop(form, None)

    def _first_lists(self, first: str) -> tuple[list[str], list[str], list[str]]:
        """The registered names and terms starting with `first` that the document uses more than once (only those
        can be a majority variant), their compact spellings and their phonetic keys (cached until a change; the keys are
        filled in on first use, see majority_variant)."""
        lists = self._first_cache.get(first)
        if lists is None:
            counts = self.counts
            # only a name or term can be the majority variant (see there): most forms used twice are ordinary
            # words, left out here once instead of searched for every form (~1/4 of its time on 10 hours)
            term_like = self._term_like
            forms = sorted(f for f in self._by_first.get(first, ()) if counts[f] >= 2 and term_like(f))
            lists = self._first_cache[first] = (forms, [compact(f) for f in forms], [])
        return lists

    def _term_like(self, form: str) -> bool:
        if " " in form:
            first, second = form.split(" ", 1)
            return len(first) > 1 and self.named_mid_sentence(first) and self.lexicon.derived_zipf(first.lower()) < 4.5
        return self.name_like(form) or self.lexicon.derived_zipf(form.lower()) < NAME_ZIPF

    def uses(self, word: str) -> int:
        """How often the document uses a word, in lower case or capitalised."""
        lower = word.lower()
        forms = {lower, lower[:1].upper() + lower[1:], word}
        return sum(self.counts.get(f, 0) for f in forms)

    def named_mid_sentence(self, form: str) -> bool:
        """Written with a capital away from a sentence start somewhere (in a language where that marks names)."""
        return self._caps_mean_names and self.mid_caps[form] > 0

    def name_like(self, form: str) -> bool:
        return self.named_mid_sentence(form) or (form[:1].isupper() and self.lexicon.derived_zipf(form.lower()) < NAME_ZIPF)

    def sound_alikes(self, form: str) -> tuple[str, ...]:
        """Names/terms in the document that sound like `form` (suggestions for an unknown word)."""
        key = phonetic_key(form)
        if len(key) < 2:
            return ()
        others = [o for o in self._by_key.get(key, ()) if o.lower() != form.lower() and " " not in o
                  and self._term_like(o) and self.lexicon.derived_zipf(o.lower()) > 0]
        # ties by the forms themselves, not by first use: a re-check after an edit must agree with a full check
        return tuple(sorted(others, key=lambda o: (-self.counts[o], o))[:3])

    def majority_address(self, address: str) -> tuple[str, int] | None:
        """A URL/e-mail address spelled alike (ratio >= 0.8) that the document uses more often, with its count."""
        mine = self.addresses[address]
        flat = compact(address)
        suffix = address.rsplit(".", 1)[-1].lower()  # example.org and example.com are two sites, not a slip
        best = None
        for other, count in self.addresses.items():
            if count >= 2 and count > mine and other.lower() != address.lower() and (
                    other.rsplit(".", 1)[-1].lower() == suffix) and (
                    fuzz.ratio(flat, compact(other)) >= 80) and (best is None or count > best[1]):
                best = (other, count)
        return best

    def majority_variant(self, form: str) -> tuple[str, int] | None:
        """A more frequent form in the document that looks or sounds like `form`, with its count."""
        if form in self._cache:
            return self._cache[form]
        result = None
        mine = self.counts[form]
        flat = compact(form)
        if len(flat) >= 3:
            key = phonetic_key(form)
            # form -> its spelling ratio with this one, where known (None: not computed yet)
            pool: dict[str, float | None] = dict.fromkeys(self._by_key.get(key, ()) if len(key) >= 2 else ())
            counts = self.counts
            if len(flat) >= 5:
                # only forms spelled at least half alike can pass the similarity test below; find them in C
                forms, flats, keys = self._first_lists(flat[0])
                sounding: set[int] | None = None
                for _, score, i in process.extract(flat, flats, scorer=fuzz.ratio, score_cutoff=50, limit=None):
                    # most of those are spelled less than 0.8 alike: they can only pass when they also sound alike
                    # (key ratio >= 0.8) and are used more often than this form; the others are left out here,
                    # in C where possible (with a margin: the test below decides), as they would be below
                    if score < _SPELLED_MARGIN:
                        if sounding is None:
                            if not keys:
                                keys += map(phonetic_key, forms)
                            sounding = {i for _, _, i in process.extract(key, keys, scorer=fuzz.ratio,
                                                                         score_cutoff=_SOUND_MARGIN, limit=None)}
                        if i not in sounding:
                            continue
                    other = forms[i]
                    if counts[other] > mine:
                        pool[other] = score / 100  # (fuzz.ratio(flat, compact(form)) / 100, as below)
            best = 0.0
            # sorted: a tie between equally good variants is broken by the forms themselves, not by the order
            # they were first seen, so a quick re-check after an edit agrees with a fresh full check
            for other in sorted(pool):
                count = counts[other]
                if other == form or count < 2 or count <= mine:
                    continue
                other_flat = compact(other)
                spelled = pool[other]
                if spelled is None:
                    spelled = fuzz.ratio(flat, other_flat) / 100
                if other_flat == flat:
                    similarity = 1.0
                elif spelled < 0.49:
                    continue  # too unlike in spelling even for a form that sounds the same (similarity < 0.8)
                else:
                    other_key = phonetic_key(other)
                    sound = 1.0 if other_key == key else fuzz.ratio(key, other_key) / 100
                    similarity = max(spelled if spelled >= 0.8 else 0, min(sound, spelled + 0.3) if sound >= 0.8 else 0)
                if similarity < 0.8 or _is_inflection(form, other) or _derived(form, other) or (
                        " " in other and " " in form):
                    continue
                if " " in other and spelled < 0.8:
                    continue  # one word for two must also look alike
                derived = self.lexicon.derived_zipf
                if min(derived(form.lower()), derived(other.lower())) >= NAME_ZIPF and (
                        phonetic_key(other) != key or spelled < 0.75):
                    continue  # two ordinary words (Cloud/Code) need to sound the same to be one name
                if not self._term_like(other):
                    continue  # the majority form must be a name or term, not an ordinary word
                if similarity * count > best:
                    best, result = similarity * count, (other, count)
        self._cache[form] = result
        return result


def _same_name(form: str, other: str, index: DocumentIndex) -> bool:
    """Two capitalised words used as names mid-sentence that sound the same (Ladner/Latner): one name."""
    return (index.named_mid_sentence(form) and index.named_mid_sentence(other) and len(phonetic_key(form)) >= 3
            and phonetic_key(form) == phonetic_key(other))


def consistency_findings(segment_id: str, text: str, tokens: list[Token], index: DocumentIndex,
                         is_known: Callable[[str], bool]) -> list[Finding]:
    """Flag minority spellings of names/terms that the document spells another way more often."""
    found = []
    mid, starting = index.decisions  # a document repeats its words: decide once per distinct token
    for tok in tokens:
        kind = tok.kind
        if kind != WORD and kind != CAMEL and kind != URL and kind != EMAIL:
            continue
        decisions = starting if tok.sentence_start else mid
        text = tok.text
        if text in decisions:
            decision = decisions[text]
        else:
            decision = decisions[text] = (_decide(tok, index, is_known) if kind == WORD or kind == CAMEL
                                          else _decide_address(tok, index))
        if decision is not None:
            length, other, score, reason = decision
            found.append(Finding(segment_id, tok.start, tok.start + length, tok.text[:length], INCONSISTENT, score,
                                 (other,), reason))
    return found


def _decide_address(tok: Token, index: DocumentIndex) -> Decision | None:
    variant = index.majority_address(tok.text)
    if variant is None:
        return None
    other, count = variant
    mine = index.addresses[tok.text]
    times = "once" if mine == 1 else f"{mine} times"
    return (len(tok.text), other, 0.45 + 0.4 * count / (count + mine),
            f"spelled {other!r} {count} times, {tok.text!r} {times}")


def _decide(tok: Token, index: DocumentIndex, is_known: Callable[[str], bool]) -> Decision | None:
    form = tok.text[: len(tok.norm)] if tok.norm != tok.text.lower() else tok.text
    if is_known(form.lower()) and form.lower() != form:
        return None  # glossary/dictionary word written as such
    z = index.lexicon.derived_zipf(tok.norm)
    name_like = index.name_like(form)
    if z >= NAME_ZIPF and not name_like:
        return None  # an ordinary word in ordinary use
    variant = index.majority_variant(form)
    if variant is None:
        return None
    other, count = variant
    if " " not in other and index.lexicon.zipf(other.lower()) == 0 and z > 0 and not is_known(other.lower()) and not (
            _same_name(form, other, index)):
        return None  # never suggest an unknown spelling for a known word (unless both are the same name)
    if z >= NAME_ZIPF and not index.name_like(other.split()[0]):
        return None
    if form.lower() == other.lower() and tok.sentence_start:
        return None
    mine = index.counts[form]
    score = 0.45 + 0.4 * count / (count + mine)
    times = "once" if mine == 1 else f"{mine} times"
    return len(form), other, score, f"spelled {other!r} {count} times, {form!r} {times}"
