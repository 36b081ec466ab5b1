"""The suspect detector on real recogniser output: Earnings-21 calls, four commercial recognisers, human references.

Run: .venv/bin/python tests/eval/earnings21.py [--data DIR] [--calls N] [--half 1|2] [--words N] [--min-score X] [--show N]
                                               [--systems amazon,google] [--jobs 2] [--breakdown] [--ranker FILE]
                                               [--word-ranker FILE|off]

Data: `data/earnings21-dev/` of the shared folder (default: ../shared or /work/shared next to the repository;
--data names the earnings21-dev folder itself). Attribution: Earnings-21, Rev.com (CC BY-SA 4.0).

Per call and system:
- the hypothesis becomes a transcript the way the app would see it: one segment per speaker turn, long turns
  cut at sentence ends into paragraphs of about PARAGRAPH_WORDS words;
- it is aligned word by word to the reference (lower case, punctuation stripped, Levenshtein); each run of
  non-matching words is one *error region* (e.g. "cooper net ease" for "Kubernetes" is one error);
- regions that are only formatting are not errors: the same letters split or joined differently
  ("health care"/"healthcare"), spelling variants (okay/ok), contractions (it's/it is), fillers (uh, um);
  regions that touch a number (digits or number words) are set aside: "numbers and number formatting aside";
  so are regions whose reference has a marker (<inaudible>, <crosstalk>, <unk>): what was said is not known;
- a region is an error on a *name* when a reference word in it that lies in a PERSON, ORG, PRODUCT, GPE, LOC,
  NORP, FAC, EVENT, WORK_OF_ART or LAW span is itself misheard: not when the name is right and a neighbouring
  word is wrong, nor for a plural or possessive ending on a right name, nor for a lost function word of a name
  ('of' in 'Bank of America'); it is an error on a *glossary term* when the glossary (below) holds one of
  those misheard words (possessive aside: "YETI's" is the term YETI);
- --breakdown sorts the errors on names by what the recogniser wrote (an unknown word, an acronym's letters,
  another real word, several common words, fewer words) with the recall of each class.
- the call's glossary (as an editor's show notes would have it) is the text of those name spans.

Figures (per system, and all systems together), with and without the call's glossary:
- P: flags that overlap an error region / all flags (flags touching only set-aside regions are not counted);
- R all: error regions with at least one flagged word / all error regions with words in the hypothesis;
- R names, R gloss: the same for errors on names / on glossary terms.
The baseline is Hunspell (en_US; with the glossary's words as its personal dictionary): a flag per word it
does not accept. Hunspell is used here only, never by the product.

All calls take too long for a routine run on 2 cores, so by default the first --words words of each call's
reference (and the aligned part of each hypothesis) are used; --words 0 takes whole calls.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from editor.core.model import Segment, Transcript  # noqa: E402
from editor.review import Detector, Glossary, term_ranker, word_ranker  # noqa: E402
from editor.review.detector import DEFAULT_MIN_SCORE  # noqa: E402

SYSTEMS = ("amazon", "google", "microsoft", "speechmatics")
NAME_TYPES = frozenset(("PERSON", "ORG", "PRODUCT", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW"))
PARAGRAPH_WORDS = 60
DEFAULT_WORDS = 2500  # reference words per call by default (33 calls x 4 systems x 2 glossary modes)
THRESHOLDS = (0.3, 0.4, 0.45, 0.5, 0.6, 0.7)
FILLERS = frozenset("uh um uhm mm mhm hmm ah er oh eh".split())
NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million "
    "billion trillion first second third fourth fifth sixth seventh eighth ninth tenth twentieth thirtieth "
    "hundredth thousandth millionth half halves quarter quarters percent point oh dollars dollar cents cent "
    "k m bn mm".split())
VARIANTS = {"ok": "okay", "alright": "all right", "percent": "%", "vs": "versus", "gonna": "going to",
            "wanna": "want to", "till": "until", "til": "until", "toward": "towards", "email": "e-mail"}
CONTRACTIONS = {"n't": " not", "'re": " are", "'ve": " have", "'ll": " will", "'d": " would", "'m": " am",
                "'s": " is"}
_STRIP_RE = re.compile(r"[^\w]+")


def default_data() -> Path:
    for shared in (REPO.parent / "shared", REPO.parent.parent / "shared", Path("/work/shared")):
        folder = shared / "data" / "earnings21-dev"
        if folder.is_dir():
            return folder
    return Path("/work/shared/data/earnings21-dev")


def call_ids(data: Path) -> list[str]:
    """The calls listed in the data's files.csv, in its order."""
    return [line.split(",", 1)[0] for line in (data / "files.csv").read_text().splitlines()[1:] if line.strip()]


def call_halves(ids: list[str]) -> dict[str, int]:
    """Each call's half (1: the first len // 2 calls, 2: the rest): what --half selects, and what the rankers'
    training scripts fit and hold out by."""
    return {call: 1 if n < len(ids) // 2 else 2 for n, call in enumerate(ids)}


# ----- reading the data ------------------------------------------------------------------------------------
@dataclass
class Row:
    token: str
    speaker: str
    punctuation: str
    tags: tuple[str, ...] = ()


def read_nlp(path: Path) -> list[Row]:
    rows = []
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("|")
    col = {name: i for i, name in enumerate(header)}
    for line in lines[1:]:
        parts = line.split("|")
        if len(parts) < len(header) or not parts[0].strip():
            continue
        tags: tuple[str, ...] = ()
        if "wer_tags" in col and parts[col["wer_tags"]] not in ("", "[]"):
            tags = tuple(re.findall(r"'([^']*)'", parts[col["wer_tags"]]))
        rows.append(Row(parts[0].strip(), parts[col["speaker"]], parts[col["punctuation"]], tags))
    return rows


def norm(word: str) -> str:
    return _STRIP_RE.sub("", word.lower().replace("’", "'"))


def bare(word: str) -> str:
    """norm() of a word without a possessive ending ("YETI's" -> "yeti", "Enagas'" -> "enagas")."""
    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    elif low.endswith("s'"):
        low = low[:-1]
    return norm(low)


def is_marker(word: str) -> bool:
    """A reference annotation, not a word: <inaudible>, <crosstalk>, <unk>, <laugh>..."""
    return word.startswith("<") and word.endswith(">")


def is_number(word: str) -> bool:
    low = word.lower()
    return any(ch.isdigit() for ch in low) or low.strip(".,%$") in NUMBER_WORDS or "%" in low or "$" in low


def spoken(words: list[str]) -> str:
    """Words compared as speech: contractions expanded, variants unified, no spaces or punctuation."""
    out = []
    for word in words:
        low = word.lower().replace("’", "'")
        for short, full in CONTRACTIONS.items():
            if low.endswith(short) and len(low) > len(short):
                low = low[: -len(short)] + full
                break
        out.append(" ".join(VARIANTS.get(w, w) for w in low.split()))
    return norm("".join(out))


@dataclass
class Call:
    id: str
    ref: list[Row]
    name_rows: set[int]  # reference rows inside a name span
    glossary: list[str]


def load_call(data: Path, call_id: str, words: int) -> Call:
    ref = read_nlp(data / "references" / f"{call_id}.nlp")
    if words:
        ref = ref[:words]
    types = {k: v.get("entity_type") for k, v in
             json.loads((data / "wer_tags" / f"{call_id}.wer_tag.json").read_text(encoding="utf-8")).items()}
    spans: dict[str, list[int]] = {}
    for i, row in enumerate(ref):
        for tag in row.tags:
            if types.get(tag) in NAME_TYPES:
                spans.setdefault(tag, []).append(i)
    name_rows = {i for rows in spans.values() for i in rows}
    terms: list[str] = []
    for rows in spans.values():
        words_ = [ref[i].token for i in rows]
        while words_ and words_[0].lower() == "the":
            words_ = words_[1:]
        if not words_:
            continue
        words_[-1] = re.sub(r"(?:['’]s|s['’])$", lambda m: "s" if m.group(0)[0] == "s" else "", words_[-1])
        term = " ".join(w.strip(".,;:!?\"") for w in words_).strip()
        if term and not any(ch.isdigit() for ch in term) and term not in terms:
            terms.append(term)
    return Call(call_id, ref, name_rows, terms)


# ----- one hypothesis: transcript, alignment, error regions -------------------------------------------------
@dataclass
class Region:
    hyp: range
    ref: range
    kind: str  # "error", "aside" (numbers, unheard reference), "format" (not an error)
    name: bool = False
    gloss: bool = False
    name_class: str = ""  # for an error on a name: what the recogniser made of it (see name_class())


@dataclass
class Hypothesis:
    system: str
    call: Call
    transcript: Transcript
    spans: list[tuple[int, int, int]]  # per hypothesis word: (segment index, start, end)
    words: list[str]
    regions: list[Region] = field(default_factory=list)
    region_of: dict[int, int] = field(default_factory=dict)  # hypothesis word -> region index


def build_transcript(rows: list[Row]) -> tuple[Transcript, list[tuple[int, int, int]]]:
    segments: list[Segment] = []
    spans: list[tuple[int, int, int]] = []
    text: list[str] = []
    length = 0
    speaker: str | None = None
    count = 0

    def flush() -> None:
        nonlocal text, length, count
        if text:
            segments.append(Segment(f"s{len(segments) + 1}", " ".join(text), speaker))
        text, length, count = [], 0, 0

    for row in rows:
        if row.speaker != speaker:
            flush()
            speaker = row.speaker
        piece = row.token + row.punctuation
        if text:
            length += 1
        spans.append((len(segments), length, length + len(row.token)))
        text.append(piece)
        length += len(piece)
        count += 1
        if count >= PARAGRAPH_WORDS and row.punctuation[-1:] in (".", "?", "!"):
            flush()
    flush()
    return Transcript(segments), spans


def load_hypothesis(data: Path, system: str, call: Call) -> Hypothesis | None:
    path = data / "hypotheses" / system / f"{call.id}.nlp"
    if not path.exists():
        return None
    rows = read_nlp(path)
    ref_norm = [norm(r.token) for r in call.ref]
    hyp_norm = [norm(r.token) for r in rows]
    ops = Levenshtein.opcodes(ref_norm, hyp_norm)
    if len(call.ref) < len(read_nlp(data / "references" / f"{call.id}.nlp")):  # a subsample: cut the hypothesis
        # where the reference stops (the last matched word), so its unaligned tail does not count as insertions
        last = max((op.dest_end for op in ops if op.tag == "equal"), default=0)
        rows, hyp_norm = rows[:last], hyp_norm[:last]
        ops = Levenshtein.opcodes(ref_norm, hyp_norm)
    transcript, spans = build_transcript(rows)
    hyp = Hypothesis(system, call, transcript, spans, [r.token for r in rows])
    gloss_words = {bare(w) for term in call.glossary for w in term.split() if w[:1].isupper()}
    pending: list = []

    def close() -> None:
        if not pending:
            return
        ref_r = range(pending[0].src_start, pending[-1].src_end)
        hyp_r = range(pending[0].dest_start, pending[-1].dest_end)
        pending.clear()
        if not hyp_r:
            return  # a deletion: nothing in the hypothesis to flag
        ref_w = [call.ref[i].token for i in ref_r]
        hyp_w = [rows[i].token for i in hyp_r]
        if spoken(ref_w) == spoken(hyp_w) or all(norm(w) in FILLERS for w in ref_w + hyp_w):
            kind = "format"
        elif any(is_number(w) for w in ref_w + hyp_w) or any(is_marker(w) for w in ref_w):
            kind = "aside"  # (a reference marker like <inaudible>: what was said there is not known)
        else:
            kind = "error"
        # an error is on a name (a glossary term) only when a name word itself is misheard: not when the name
        # is right and a neighbouring word is wrong ("as healthcare" -> "our health care"), nor for a
        # possessive or plural ending on a right name ("Cedar" -> "Cedars")
        heard = heard_forms(hyp_w)
        wrong = [i for i in ref_r if i in call.name_rows and not name_heard(call.ref[i].token, heard)]
        region = Region(hyp_r, ref_r, kind, bool(wrong),
                        any(bare(call.ref[i].token) in gloss_words for i in wrong))
        if region.name and kind == "error":
            region.name_class = name_class([call.ref[i].token for i in wrong], hyp_w, ref_w)
        for i in hyp_r:
            hyp.region_of[i] = len(hyp.regions)
        hyp.regions.append(region)

    for op in ops:
        if op.tag == "equal":
            close()
        else:
            pending.append(op)
    close()
    return hyp


NAME_FUNCTION_WORDS = frozenset("the of and a an & for de la du in on at to".split())
NAME_CLASSES = ("unknown word", "acronym", "other real word", "several common words", "fewer words",
                "long region")


def heard_forms(words: list[str]) -> set[str]:
    """The hypothesis words of a region as bare forms, alone and run together by 2-3 ('U S' -> 'us')."""
    forms = [bare(w) for w in words]
    out = set(forms)
    for n in (2, 3):
        out.update("".join(forms[i : i + n]) for i in range(len(forms) - n + 1))
    return {f.removesuffix("s") for f in out} | out


def name_heard(ref_word: str, heard: set[str]) -> bool:
    """The reference word of a name is in the hypothesis region (a plural/possessive ending aside), or is a
    function word of the name ('of' in 'Bank of America'), whose loss is not an error on the name."""
    form = bare(ref_word)
    return not form or form in NAME_FUNCTION_WORDS or is_marker(ref_word) or form in heard or \
        form.removesuffix("s") in heard


_ZIPF = None


def name_class(wrong: list[str], hyp_w: list[str], ref_w: list[str]) -> str:
    """What the recogniser wrote for a misheard name (classes in NAME_CLASSES, in that order of precedence)."""
    global _ZIPF
    if _ZIPF is None:
        from editor.review.lexicon import ENGLISH
        _ZIPF = ENGLISH.derived_zipf
    from editor.review.lexicon import KNOWN_ZIPF
    plain = [norm(w) for w in hyp_w if norm(w)]
    if len(hyp_w) > 3 * len(ref_w) + 3:
        return "long region"  # the reference leaves out what the recogniser heard: no word-level alignment
    if any(w.isalpha() and _ZIPF(w) < KNOWN_ZIPF for w in plain):
        return "unknown word"
    if any(re.fullmatch(r"[A-Z][A-Z.&+-]{1,6}s?", w) for w in wrong) or \
            sum(len(w) == 1 for w in plain) >= 2:
        return "acronym"
    if len(hyp_w) > len(ref_w):
        return "several common words"
    if len(hyp_w) < len(ref_w):
        return "fewer words"
    return "other real word"


# ----- scoring ----------------------------------------------------------------------------------------------
@dataclass
class Flag:
    score: float
    words: tuple[int, ...]  # hypothesis words it overlaps
    text: str
    reason: str


def detector_flags(hyp: Hypothesis, with_glossary: bool) -> list[Flag]:
    glossary = Glossary(list(hyp.call.glossary)) if with_glossary else None
    detector = Detector(glossary=glossary, min_score=0.0, workers=1, language="en")
    by_segment: dict[int, list[tuple[int, int, int]]] = {}
    for i, (seg, start, end) in enumerate(hyp.spans):
        by_segment.setdefault(seg, []).append((start, end, i))
    index = {s.id: n for n, s in enumerate(hyp.transcript.segments)}
    flags = []
    for s in detector.check(hyp.transcript):
        words = tuple(i for start, end, i in by_segment.get(index[s.segment_id], ())
                      if s.start < end and start < s.end)
        if words:
            flags.append(Flag(s.score, words, s.text, f"{','.join(s.kinds)}: {s.reason}"))
    return flags


def hunspell_flags(hyp: Hypothesis, with_glossary: bool) -> list[Flag]:
    distinct = sorted({w.strip(".,;:!?\"()") for w in hyp.words} - {""})
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["hunspell", "-d", "en_US", "-l"]
        if with_glossary:
            personal = Path(tmp) / "personal.dic"
            words = sorted({w for term in hyp.call.glossary for w in term.split()})
            personal.write_text("\n".join(words) + "\n", encoding="utf-8")
            cmd += ["-p", str(personal)]
        out = subprocess.run(cmd, input="\n".join(distinct), capture_output=True, text=True, check=True).stdout
    bad = set(out.split())
    return [Flag(1.0, (i,), w, "hunspell") for i, w in enumerate(hyp.words) if w.strip(".,;:!?\"()") in bad]


@dataclass
class Tally:
    flags: Counter = field(default_factory=Counter)  # threshold -> flags counted
    good: Counter = field(default_factory=Counter)  # threshold -> flags on errors
    found: Counter = field(default_factory=Counter)  # (threshold, class) -> errors found
    errors: Counter = field(default_factory=Counter)  # class -> errors
    kinds: Counter = field(default_factory=Counter)  # (threshold, kinds, on an error) -> flags

    def add(self, other: Tally) -> None:
        for mine, theirs in ((self.flags, other.flags), (self.good, other.good), (self.found, other.found),
                             (self.errors, other.errors), (self.kinds, other.kinds)):
            mine.update(theirs)


CLASSES = ("all", "names", "gloss")


def tally(hyp: Hypothesis, flags: list[Flag], thresholds: tuple[float, ...]) -> Tally:
    t = Tally()
    for region in hyp.regions:
        if region.kind == "error":
            t.errors["all"] += 1
            t.errors["names"] += region.name
            t.errors["gloss"] += region.gloss
            if region.name:
                t.errors["names:" + region.name_class] += 1
    for threshold in thresholds:
        hit: set[int] = set()
        for flag in flags:
            if flag.score < threshold:
                continue
            regions = {hyp.region_of[i] for i in flag.words if i in hyp.region_of}
            kinds = {hyp.regions[r].kind for r in regions}
            label = flag.reason.split(":", 1)[0]
            if "error" in kinds:
                t.good[threshold] += 1
                t.flags[threshold] += 1
                t.kinds[(threshold, label, True)] += 1
            elif "aside" not in kinds:
                t.flags[threshold] += 1
                t.kinds[(threshold, label, False)] += 1
            hit |= {r for r in regions if hyp.regions[r].kind == "error"}
        for r in hit:
            region = hyp.regions[r]
            t.found[(threshold, "all")] += 1
            t.found[(threshold, "names")] += region.name
            t.found[(threshold, "gloss")] += region.gloss
            if region.name:
                t.found[(threshold, "names:" + region.name_class)] += 1
    return t


def show_examples(hyp: Hypothesis, flags: list[Flag], threshold: float, limit: int, with_glossary: bool) -> None:
    """Misses on glossary terms and false alarms, for reading."""
    mode = "glossary" if with_glossary else "no glossary"
    hit = {hyp.region_of[i] for f in flags if f.score >= threshold for i in f.words if i in hyp.region_of}
    shown = 0
    for n, region in enumerate(hyp.regions):
        if region.kind == "error" and region.gloss and n not in hit and shown < limit:
            shown += 1
            print(f"  MISS  {hyp.system}/{hyp.call.id} ({mode}): "
                  f"{' '.join(hyp.words[i] for i in region.hyp)!r} -> "
                  f"{' '.join(hyp.call.ref[i].token for i in region.ref)!r}")
    shown = 0
    for f in flags:
        if f.score < threshold or shown >= limit:
            continue
        if any(i in hyp.region_of for i in f.words):
            continue
        shown += 1
        context = " ".join(hyp.words[max(0, f.words[0] - 4) : f.words[-1] + 4])
        print(f"  FALSE {hyp.system}/{hyp.call.id} ({mode}): {f.text!r} {f.score:.2f} {f.reason}  [{context}]")


# ----- running ----------------------------------------------------------------------------------------------
_ARGS: argparse.Namespace | None = None


def run_call(call_id: str) -> dict[tuple[str, str, bool], Tally]:
    """Tallies for one call: (system, "ours"/"hunspell", with glossary) -> Tally."""
    args = _ARGS
    assert args is not None
    call = load_call(args.data, call_id, args.words)
    out: dict[tuple[str, str, bool], Tally] = {}
    for system in args.systems:
        hyp = load_hypothesis(args.data, system, call)
        if hyp is None:
            continue
        for with_glossary in (False, True):
            flags = detector_flags(hyp, with_glossary)
            out[(system, "ours", with_glossary)] = tally(hyp, flags, tuple(sorted({*THRESHOLDS, args.min_score})))
            if args.show:
                show_examples(hyp, flags, args.min_score, args.show, with_glossary)
            if args.hunspell:
                out[(system, "hunspell", with_glossary)] = tally(hyp, hunspell_flags(hyp, with_glossary), (1.0,))
    sys.stdout.flush()
    return out


def ratio(a: int, b: int) -> str:
    return f"{a / b:4.2f}" if b else "  - "


def row(label: str, t: Tally, threshold: float) -> str:
    cells = [f"P {ratio(t.good[threshold], t.flags[threshold])} ({t.flags[threshold]:>5})"]
    cells += [f"R {name} {ratio(t.found[(threshold, name)], t.errors[name])} "
              f"({t.found[(threshold, name)]}/{t.errors[name]})" for name in CLASSES]
    return f"{label:<34} " + "   ".join(cells)


def main() -> int:
    global _ARGS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=default_data(), help="the earnings21-dev folder")
    parser.add_argument("--calls", type=int, default=0, help="use only the first N calls (0: all)")
    parser.add_argument("--half", type=int, choices=(1, 2), default=0,
                        help="only the first or second half of the calls (tune on one, report on the other)")
    parser.add_argument("--words", type=int, default=DEFAULT_WORDS,
                        help=f"reference words per call (default {DEFAULT_WORDS}; 0: whole calls)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated recognisers")
    parser.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE)
    parser.add_argument("--show", type=int, default=0, metavar="N",
                        help="print up to N glossary-term misses and N false alarms per call, system and mode")
    parser.add_argument("--breakdown", action="store_true",
                        help="errors on names by what the recogniser made of them, and the recall of each class")
    parser.add_argument("--no-hunspell", dest="hunspell", action="store_false")
    parser.add_argument("--jobs", type=int, default=2, help="processes (calls are shared out)")
    parser.add_argument("--ranker", type=Path, default=None,
                        help="score glossary windows with this fitted model (term_ranker_train.py fit) instead of "
                             "the shipped one: held-out figures, e.g. fitted on --half 1, run with --half 2")
    parser.add_argument("--word-ranker", type=Path, default=None,
                        help="score words without a glossary with this fitted model (word_ranker_train.py fit) "
                             "instead of the shipped one; 'off': without it")
    args = parser.parse_args()
    args.systems = [s for s in args.systems.split(",") if s]
    if not (args.data / "references").is_dir():
        print(f"{args.data}: not the earnings21-dev folder (no references/ in it); pass --data", file=sys.stderr)
        return 2
    if args.hunspell and shutil.which("hunspell") is None:
        print("hunspell is not installed: the baseline is skipped (apt-get install hunspell hunspell-en-us)")
        args.hunspell = False
    _ARGS = args
    if args.ranker is not None:
        term_ranker.use_ranker(term_ranker.load_ranker(args.ranker))
    if args.word_ranker is not None:
        off = str(args.word_ranker) == "off"
        word_ranker.use_word_ranker(None if off else word_ranker.load_ranker(args.word_ranker), enabled=not off)
    ids = call_ids(args.data)
    if args.calls:
        ids = ids[: args.calls]
    if args.half:
        halves = call_halves(ids)
        ids = [call for call in ids if halves[call] == args.half]
    began = time.perf_counter()
    if args.jobs > 1 and not args.show:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            results = pool.map(run_call, ids, chunksize=1)
    else:
        results = [run_call(i) for i in ids]
    totals: dict[tuple[str, str, bool], Tally] = {}
    for result in results:
        for key, t in result.items():
            totals.setdefault(key, Tally()).add(t)
            totals.setdefault(("all", key[1], key[2]), Tally()).add(t)
    sample = f"first {args.words} reference words of each call" if args.words else "whole calls"
    half = f", half {args.half} of the calls" if args.half else ""
    print(f"Earnings-21 dev: {len(ids)} calls ({sample}{half}), systems {', '.join(args.systems)}; "
          f"{time.perf_counter() - began:.0f} s")
    print("P = flags on errors / flags; R = errors with a flagged word / errors (numbers and formatting aside);\n"
          "names = errors on PERSON/ORG/PRODUCT/... words; gloss = errors whose right word the glossary holds")
    for with_glossary in (False, True):
        print(f"\n== {'with' if with_glossary else 'without'} the call's glossary, "
              f"ours at min score {args.min_score}")
        for system in [*args.systems, "all"]:
            if (system, "ours", with_glossary) in totals:
                print(row(f"{system}: ours", totals[(system, "ours", with_glossary)], args.min_score))
            if (system, "hunspell", with_glossary) in totals:
                print(row(f"{system}: hunspell", totals[(system, "hunspell", with_glossary)], 1.0))
        t = totals[("all", "ours", with_glossary)]
        print(f"  all systems, ours by the signals of a flag (at {args.min_score}):")
        # (ties by name: the labels come from a set, whose order changes from run to run)
        labels = sorted({k[1] for k in t.kinds if k[0] == args.min_score},
                        key=lambda k: (-t.kinds[(args.min_score, k, True)] - t.kinds[(args.min_score, k, False)], k))
        for label in labels:
            good, bad = t.kinds[(args.min_score, label, True)], t.kinds[(args.min_score, label, False)]
            print(f"    {label:<40} {good + bad:>5} flags, P {ratio(good, good + bad)}")
        print("  all systems, ours by min score:")
        for threshold in THRESHOLDS:
            print("  " + row(f">= {threshold}", t, threshold))
    if args.breakdown:
        print_breakdown(totals, args.min_score)
    return 0


def print_breakdown(totals: dict[tuple[str, str, bool], Tally], threshold: float) -> None:
    """Errors on names (all systems) by what the recogniser wrote, and how many of each class are found."""
    print(f"\n== errors on names by what the recogniser wrote (all systems; ours at {threshold})")
    ours, plain = totals[("all", "ours", True)], totals[("all", "ours", False)]
    spell = totals.get(("all", "hunspell", True))
    total = ours.errors["names"]
    for cls in NAME_CLASSES:
        n = ours.errors["names:" + cls]
        cells = [f"{cls:<22} {n:>5} ({ratio(n, total)} of name errors)",
                 f"found: glossary {ratio(ours.found[(threshold, 'names:' + cls)], n)}",
                 f"no glossary {ratio(plain.found[(threshold, 'names:' + cls)], n)}"]
        if spell is not None:
            cells.append(f"hunspell {ratio(spell.found[(1.0, 'names:' + cls)], n)}")
        print("  " + "   ".join(cells))


if __name__ == "__main__":
    raise SystemExit(main())
