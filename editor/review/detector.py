"""The combiner: runs every signal over a transcript, merges findings on the same words and ranks suspects."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from editor.core.model import Segment, Transcript
from editor.review.casing import lower_view, restore, short_unknowns_as_acronyms
from editor.review.confidence import confidence_findings
from editor.review.consistency import DocumentIndex, consistency_findings
from editor.review.context import ContextChecker, ContextModel
from editor.review.decisions import Dismissed, KnownForms
from editor.review.document_terms import DocumentAbbreviations
from editor.review.frequency import WordChecker, in_document
from editor.review.glossary import Glossary, GlossaryMatcher
from editor.review.implicit_terms import document_names
from editor.review.language import detect_language, is_language, lexicon_for
from editor.review.lexicon import ENGLISH, KNOWN_ZIPF, Lexicon
from editor.review.memory import CorrectionMemory
from editor.review.parallel import ParallelRun, Pool, fork_available, guided_bounds, processes_for
from editor.review.repetition import loop_findings, segment_loops
from editor.review.suspect import CONTEXT, GLOSSARY, INCONSISTENT, MEMORY, RARE, UNKNOWN, Finding, Suspect
from editor.review.term_context import judged
from editor.review.term_ranker import ranked_findings
from editor.review.term_windows import OUT_OF_PLACE_REASON, window_findings, word_fits
from editor.review.tokens import Token, tokenize_cached
from editor.review.word_ranker import WordRanker
from editor.review.word_ranker import enabled as word_ranker_enabled

DEFAULT_MIN_SCORE = 0.45  # highest recall keeping precision >= 0.6 without / >= 0.75 with a glossary on every eval set
# A mishearing is mostly a one-off, while a word the speakers use again and again is meant, however little the
# language model likes it: on every eval set, context findings on words used more than once were 3-4x less often
# real mistakes (sample 2 of 38 against 5 of 26; synthetic 25 of 147 against 246 of 423).
TOPIC_USES = 2  # a word used at least this often ...
TOPIC_BURST = 2.0  # ... and this many times more often than in general English is a topic word
TOPIC_DAMPING = 0.75  # context findings on topic words count for less
MAX_SUGGESTIONS = 5
PARALLEL_MIN_JOBS = 500  # new distinct segments before a full check forks helpers (workers=None); at 500
# (~0.3 s of work) two processes already take ~0.2 s, and a fork costs ~10 ms; then one more process per 250
# jobs, as long as a CPU is free for it (parallel.processes_for)
AUTO_PROCESSES = 4  # at most, in the automatic mode: each process warms its own caches (~0.3 s CPU more
# per process on 10 h), and the work done before the helpers start does not shrink
SMALLEST_CHUNK = 1 / 32  # of a forked check's work: chunks shrink down to this (parallel.guided_bounds); each
# chunk is one batch of the context signal's and the glossary ranker's look-ups, whose set-up and repeated
# look-ups of common words cost per chunk (10 h, CPU: 24 chunks +0.32 s over a serial check, 8 chunks +0.08 s)


@dataclass(frozen=True, slots=True)
class IgnoredSpan:
    """A suspect the user dismissed: these words in this segment are fine."""

    segment_id: str
    text: str


class Detector:
    """Finds suspected mis-transcriptions. Keeps a per-document word index so one segment re-checks fast."""

    def __init__(
        self,
        glossary: Glossary | None = None,
        memory: CorrectionMemory | None = None,
        ignored: Iterable[IgnoredSpan | tuple[str, str]] = (),
        *,
        ignored_words: Iterable[str] = (),
        dictionary: Iterable[str] = (),
        min_score: float = DEFAULT_MIN_SCORE,
        use_context: bool = True,
        workers: int | None = None,
        language: str | None = None,
        accepted: Iterable[str] = (),
    ) -> None:
        """`workers`: processes for a full check's per-segment work; None picks by CPUs and document size, 1 never
        forks, n > 1 forks n - 1 helpers whenever there is more than one chunk of work (Linux only).
        `language`: the transcript's language code ("en", "de", ...); None detects it from each document.
        `accepted`: forms the user typed or accepted in this project (no spelling signal flags them)."""
        self.glossary = glossary or Glossary()
        self.memory = memory or CorrectionMemory()
        ignored_words = list(ignored_words)
        self.dismissed = Dismissed(((s[0], s[1]) if isinstance(s, tuple) else (s.segment_id, s.text)
                                    for s in ignored), ignored_words)
        self.accepted = KnownForms(accepted)
        self._ignored_norms = {w.lower() for w in ignored_words}
        self.min_score = min_score
        if language is not None and not is_language(language):
            raise ValueError(f"unknown language {language!r} (a code like 'en', 'de', 'es')")
        self.language = language
        self._dictionary = {w.lower() for w in dictionary}
        self._use_context = use_context
        self._language_for: int | None = None  # the transcript whose language was detected last
        self._configure(lexicon_for(language) if language else ENGLISH)
        self.workers = workers
        self.last_run = ParallelRun()  # how the last full check's per-segment work was shared out

    def _configure(self, lexicon: Lexicon) -> None:
        """Set up the signals for a language, with empty document state."""
        self.lexicon = lexicon
        self._matcher = _shared_matcher(self.glossary, lexicon)
        self._known = self._matcher.known_words | self._dictionary | self._ignored_norms
        memos = _shared_memos(frozenset(self._known), lexicon.lang)
        # the language model and pronouncing dictionary are English: in another language, no context signal
        model = ContextModel.get() if self._use_context and lexicon is ENGLISH else None
        self._listed = model.listed if model is not None else None  # (frequency.py: names it does not list)
        self._words = WordChecker(self.is_known, memos["words" if model is None else "listed words"], lexicon,
                                  self._listed)
        self._context = ContextChecker(model, self.is_known, memos["testable"]) if model is not None else None
        self._index = DocumentIndex(lexicon)
        # without a glossary, a fitted model weighs what the spelling signals see of each rare word (word_ranker.py)
        self._word_ranker = (WordRanker(self._index, lexicon, self._listed, self.is_known)
                             if self._listed is not None else None)
        self._indexed_text: dict[str, str] = {}  # segment id -> the text its counts in the index come from
        self._indexed_for: int | None = None
        self._tokens: dict[str, tuple[str, list[Token]]] = {}
        self._local_cache: dict[str, tuple[Segment, list[Finding], list[Token]]] = {}
        self._lowered: dict[str, str] = {}  # segment id -> its text lowered, for shouted segments (casing.py)
        self._abbreviations: tuple[int, DocumentAbbreviations] | None = None  # (index changes, view)
        self._implicit: tuple[int, GlossaryMatcher | None] | None = None  # (index changes, the document's names)

    def _follow_language(self, transcript: Transcript) -> None:
        """Detect the language of a transcript seen for the first time (unless it was given)."""
        if self.language is not None or self._language_for == id(transcript):
            return
        self._language_for = id(transcript)
        lang = detect_language(segment.text for segment in transcript.segments)
        if lang != self.lexicon.lang:
            self._configure(lexicon_for(lang))

    def set_decisions(self, *, memory: CorrectionMemory | None = None, ignored: Iterable[tuple[str, str]] | None = None,
                      ignored_words: Iterable[str] | None = None, accepted: Iterable[str] | None = None) -> None:
        """Take the user's latest review decisions (cheap: the word caches stay; a new word list needs a new
        detector)."""
        if memory is not None:
            self.memory = memory
        if ignored is not None or ignored_words is not None:
            self.dismissed = Dismissed(self.dismissed.spans if ignored is None else ignored,
                                       self.dismissed.words if ignored_words is None else ignored_words)
        if accepted is not None:
            self.accepted = KnownForms(accepted)

    def _is_ordinary(self, norm: str) -> bool:
        return self.lexicon.derived_zipf(norm) >= KNOWN_ZIPF

    def is_known(self, norm: str) -> bool:
        """True for words the glossary, user dictionary or 'ignore everywhere' list vouch for."""
        return norm in self._known

    # ----- public API --------------------------------------------------------------------------------------
    def check(self, transcript: Transcript) -> list[Suspect]:
        """All suspects in the transcript, highest score first."""
        return rank([s for _, part in self.check_parts(transcript, len(transcript)) for s in part])

    def check_parts(self, transcript: Transcript, part_segments: int) -> Iterator[tuple[int, list[Suspect]]]:
        """`check` a part of `part_segments` segments at a time, for work that shows progress and can stop:
        yields (segments checked so far, the part's suspects). The document counts are the whole transcript's,
        so the parts together find what `check` finds, whatever the part size."""
        self._follow_language(transcript)
        segments = transcript.segments
        views = [self._view(segment) for segment in segments]
        whole = len(segments) <= part_segments
        if not whole:  # the counts first, for every part
            collecting = gc.isenabled()
            gc.disable()  # (see below)
            try:
                self._reindex(views)
            finally:
                if collecting:
                    gc.enable()
        self._indexed_for = id(transcript)
        loops: dict[str, Suspect] | None = None
        # while the document counts stand still, a segment's suspects depend on its text alone (unless the
        # recogniser gave it word confidences or statistics): a transcript repeats many lines ('Yeah.',
        # 'Right.'), and each distinct text is checked once
        by_text: dict[str, list[Suspect]] = {}
        for start in range(0, max(len(segments), 1), max(part_segments, 1)):
            end = min(start + max(part_segments, 1), len(segments))
            # a full check allocates ~1M short-lived objects and no cycles; the cyclic GC would rescan the big
            # word lists and models many times over (a third of the time), so it waits until the part is done
            collecting = gc.isenabled()
            gc.disable()
            try:
                checked = self._prepare(views[start:end], reindex=whole)
                if loops is None:
                    loops = segment_loops(segments)
                suspects = self._part(segments[start:end], views[start:end], checked, by_text)
                if loops:  # a segment that only repeats the one before it is deleted, not corrected word by word
                    suspects = [s for s in suspects if s.segment_id not in loops] + self._kept(
                        [loops[s.id] for s in segments[start:end] if s.id in loops])
            finally:
                if collecting:
                    gc.enable()
            yield end, suspects

    def _part(self, segments: list[Segment], views: list[Segment], checked: dict[str, list[Suspect]],
              by_text: dict[str, list[Suspect]]) -> list[Suspect]:
        suspects: list[Suspect] = []
        for segment, view in zip(segments, views, strict=True):
            if segment.words is not None or segment.meta:
                found = checked.get(segment.id)
                suspects += self._kept(self._checked(segment, view, found))
                continue
            found = by_text.get(segment.text)
            if found is None:
                found = by_text[segment.text] = self._checked(segment, view, checked.get(segment.id))
                suspects += self._kept(found)
            else:
                suspects += self._kept([replace(s, segment_id=segment.id) for s in found])
        return suspects

    def prepare(self, transcript: Transcript) -> None:
        """Get ready to re-check segments of `transcript` without a full check first (its results came from
        elsewhere, e.g. stored in the project): detect its language, count its words."""
        self._follow_language(transcript)
        if self._indexed_for != id(transcript):
            self._reindex([self._view(segment) for segment in transcript.segments])
            self._indexed_for = id(transcript)

    def check_segment(self, transcript: Transcript, segment_id: str) -> list[Suspect]:
        """Suspects in one (just edited) segment; updates the document counts for that segment only."""
        self.prepare(transcript)
        segment = transcript.segment(segment_id)
        view = self._view(segment)
        self._index_segment(view)
        loop = segment_loops(transcript.segments, transcript.index_of(segment_id)).get(segment_id)
        return rank(self._kept(self._checked(segment, view, None) if loop is None else [loop]))

    # ----- internals ---------------------------------------------------------------------------------------
    def _view(self, segment: Segment) -> Segment:
        """The segment as the signals read it (a shouted one in lower case)."""
        view = lower_view(segment)
        if view is not segment:
            self._lowered[segment.id] = view.text
        else:
            self._lowered.pop(segment.id, None)
        return view

    def _checked(self, segment: Segment, view: Segment, found: list[Suspect] | None) -> list[Suspect]:
        """The suspects of a segment, from those of its view (`found`, when already checked)."""
        if found is None:
            found = self._check(view)
        return found if view is segment else restore(segment, found)

    def _tokenize(self, segment: Segment) -> list[Token]:
        cached = self._tokens.get(segment.id)
        if cached is not None and cached[0] == segment.text:
            return cached[1]
        tokens = tokenize_cached(segment.text)
        if self._lowered.get(segment.id) == segment.text:
            tokens = short_unknowns_as_acronyms(tokens, self.lexicon)
        self._tokens[segment.id] = (segment.text, tokens)
        return tokens

    def _index_segment(self, segment: Segment) -> None:
        if self._indexed_text.get(segment.id) != segment.text:
            self._index.set_segment(segment.id, self._tokenize(segment), segment.text)
            self._indexed_text[segment.id] = segment.text

    def _reindex(self, segments: list[Segment]) -> None:
        """Bring the document counts up to date: only segments whose text changed are counted again (all at once:
        DocumentIndex.set_segments)."""
        indexed = self._indexed_text
        changed = [segment for segment in segments if indexed.get(segment.id) != segment.text]
        self._index.set_segments([(segment.id, self._tokenize(segment), segment.text) for segment in changed])
        for segment in changed:
            indexed[segment.id] = segment.text
        live = {segment.id for segment in segments}
        for stale in set(self._indexed_text) - live:
            self._index.remove_segment(stale)
            del self._indexed_text[stale]
        for stale in set(self._tokens) - live:
            del self._tokens[stale]
            self._local_cache.pop(stale, None)
            self._lowered.pop(stale, None)

    def _prepare(self, segments: list[Segment], *, reindex: bool = True) -> dict[str, list[Suspect]]:
        """Update the document counts; where worth it, check new segments with forked helpers meanwhile.

        Returns the suspects (before filtering) of the segments checked here, by segment id; the caller checks
        the rest. Forked helpers work out the findings that depend on a segment alone (the slow part, ~85% of a
        check) in chunks from a shared queue; this process first brings the document counts up to date, then
        takes chunks too, and finishes every segment (consistency, the document's abbreviations, combining: the
        part that needs the counts) as its findings come in, from a helper or its own. So nothing waits for a
        second round of work, and nothing is loaded or warmed up again in helpers forked for it (two rounds,
        each with its own helpers, took ~0.1 s more wall and CPU on 10 hours than one).
        `reindex`: False when the counts are already up to date (a part of the document, after all of it)."""
        jobs = self._local_jobs(segments)
        processes = self._processes(len(jobs))
        # chunks balanced by characters (a segment's work grows with its words; segments range from 'Yeah.' to
        # minutes of speech)
        bounds = guided_bounds([len(job.text) + 1 for job in jobs], processes, SMALLEST_CHUNK)
        chunk = max(1, len(jobs) // max(1, len(bounds) - 1))  # (only when there are too many chunks for the pool)
        texts = [job.text for job in jobs]
        starts = bounds[:-1] if processes > 1 else ()  # where the chunks the processes take begin

        def tokens_of(i: int) -> list[Token]:
            return self._tokenize(jobs[i])

        if self._context is not None:  # the context signal scores its language-model look-ups in batches
            self._context.prepare([(job.id, job.text) for job in jobs], tokens_of, self.is_known, starts)
            if self._matcher.ranked_terms:  # ... and so does the glossary ranker's search (its words' tables)
                self._matcher.term_sounds(self._context.model).plan(texts, tokens_of, starts, self._matcher.term_keys)
        # the glossary matcher searches its windows in the same chunks
        self._matcher.plan(texts, tokens_of, starts)
        checked: dict[str, list[Suspect]] = {}
        if processes <= 1:
            self.last_run = ParallelRun()
            if reindex:
                self._reindex(segments)
            self._plan_implicit(texts, tokens_of)
            return checked

        def run_job(i: int) -> None:
            checked[jobs[i].id] = self._check(jobs[i])

        def take_local(i: int, value: tuple[list[tuple[Any, ...]], tuple[int, ...]]) -> None:
            segment = jobs[i]
            rows, exact = value
            found = [Finding(segment.id, *row) for row in rows]
            loose = [t for n, t in enumerate(self._tokenize(segment)) if n not in exact]
            self._local_cache[segment.id] = (segment, found, loose)
            checked[segment.id] = self._check(segment)

        pool = Pool(len(jobs), processes, lambda i: self._payload(jobs[i]), chunk, bounds)
        try:
            if reindex:
                self._reindex(segments)  # while the helpers start on the first chunks
            self._plan_implicit(texts, tokens_of)
            pool.work(run_job, take_local)
        finally:
            pool.close()
        self.last_run = pool.run
        return checked

    def _local_jobs(self, segments: list[Segment]) -> list[Segment]:
        """The segments a full check will ask `_local` about that it has no cached findings for."""
        cache = self._local_cache
        jobs = []
        texts: set[str] = set()
        for segment in segments:
            if segment.words is None and not segment.meta:
                if segment.text in texts:
                    continue  # checked through the first segment with this text
                texts.add(segment.text)
            cached = cache.get(segment.id)
            if cached is None or cached[0] != segment:
                jobs.append(segment)
        return jobs

    def _processes(self, jobs: int) -> int:
        if self.workers == 1 or jobs < 2 or not fork_available():
            return 1
        if self.workers is not None:
            return self.workers
        # the GUI process itself (Qt threads) checks small things only; the check service and the CLI may fork
        if jobs < PARALLEL_MIN_JOBS or "PySide6.QtCore" in sys.modules:
            return 1
        return processes_for(jobs, PARALLEL_MIN_JOBS // 2, AUTO_PROCESSES)

    def _payload(self, segment: Segment) -> tuple[list[tuple[Any, ...]], tuple[int, ...]]:
        """A helper process's result for one segment, as plain tuples (cheap to send): the findings that depend
        on the segment alone, and its exact-term tokens."""
        findings, exact, _ = self._local_findings(segment, self._tokenize(segment))
        return ([(f.start, f.end, f.text, f.kind, f.score, f.suggestions, f.reason) for f in findings],
                tuple(sorted(exact)))

    def _local(self, segment: Segment) -> tuple[list[Finding], list[Token]]:
        """Findings that depend on this segment alone (cached until the segment changes)."""
        cached = self._local_cache.get(segment.id)
        if cached is not None and cached[0] == segment:
            return cached[1], cached[2]
        tokens = self._tokenize(segment)
        findings, _, loose = self._local_findings(segment, tokens)
        self._local_cache[segment.id] = (segment, findings, loose)
        return findings, loose

    def _local_findings(self, segment: Segment, tokens: list[Token]) -> tuple[list[Finding], set[int], list[Token]]:
        """The findings of the signals that read one segment only, the exact-term tokens, and the other tokens."""
        text = segment.text
        glossary_found, exact = self._matcher.findings(segment.id, text, tokens)
        loose = [t for i, t in enumerate(tokens) if i not in exact]
        findings: list[Finding] = list(glossary_found)
        findings += self._words.findings(segment.id, loose)
        findings += confidence_findings(segment)
        findings += loop_findings(segment.id, text, tokens)
        if self._context is not None:
            findings += self._context.findings(segment.id, text, tokens, self.is_known)
            if self._matcher.term_keys.terms or self._matcher.ranked_terms:  # (no glossary: no fits to read)
                model = self._context.model
                # (the ranker works out the fits of the segments it planned with their chunk's, in one batch)
                fits = (self._matcher.term_sounds(model).planned_fits(text) if self._matcher.ranked_terms
                        else None) or word_fits(model, tokens)
                findings += window_findings(segment.id, text, tokens, exact, self._matcher.term_keys, model, fits)
                if self._matcher.ranked_terms:
                    findings += ranked_findings(segment.id, text, tokens, fits, exact,
                                                self._matcher.term_sounds(model), model, self.lexicon)
        return findings, exact, loose

    def _check(self, segment: Segment) -> list[Suspect]:
        local, loose = self._local(segment)
        findings: list[Finding] = []
        for found in local:
            if found.kind in (UNKNOWN, RARE):
                found = in_document(found, self._index, self._listed)
                alikes = self._index.sound_alikes(found.text)
                if alikes:  # a name the document spells properly elsewhere is the likeliest fix
                    found = replace(found, suggestions=alikes + tuple(s for s in found.suggestions if s not in alikes))
            elif (found.kind == GLOSSARY and self._context is not None
                  and not found.reason.endswith(OUT_OF_PLACE_REASON)):
                # (not the windows that do not fit their place: they are gated and ranked by their fit already,
                # and judging them again cost 0.01-0.02 of held-out name recall on Earnings-21 at equal precision)
                found = judged(found, self._tokenize(segment), self._context.model, self._is_ordinary,
                               bool(found.suggestions) and self._index.counts.get(found.suggestions[0], 0) > 0)
            elif found.kind == CONTEXT and " " not in found.text:
                found = self._topic_damped(found)
            findings.append(found)
        findings += consistency_findings(segment.id, segment.text, loose, self._index, self.is_known)
        if not self.glossary.terms and self._context is not None:
            findings += self._implicit_findings(segment)
        # (with a glossary, its terms are the ones said as words: term_context.py judges their sound-alikes, and
        # the document's own added false alarms: on Earnings-21, 18 flags, 6 on a mistake, none on a name)
        sounds = self._context.model if self._context is not None and not self.glossary.terms else None
        findings += self._document_abbreviations().findings(segment.id, loose, sounds)
        if self._word_ranker is not None and not self.glossary.terms and word_ranker_enabled():
            findings = self._word_ranker.findings(segment.id, segment.text, loose, findings)
        findings += self.memory.findings(segment.id, segment.text, loose)
        if self.accepted:
            findings = [f for f in findings if not self.accepted.covers(f, segment.text)]
        return combine(findings, self.min_score)

    def _implicit_matcher(self) -> GlossaryMatcher | None:
        """The document's names as an implicit glossary (implicit_terms.py), rebuilt when the counts changed
        (its matcher only when the names did)."""
        if self._implicit is None or self._implicit[0] != self._index.changes:
            names = document_names(self._index, self.lexicon)
            old = self._implicit[1] if self._implicit is not None else None
            matcher = old if old is not None and tuple(old.glossary.terms) == names else (
                GlossaryMatcher(Glossary(list(names)), self.lexicon, max_window=1) if names else None)
            self._implicit = (self._index.changes, matcher)
        return self._implicit[1]

    def _plan_implicit(self, texts: list[str], tokens_of: Callable[[int], list[Token]]) -> None:
        """Have the document's names searched for the words of all the jobs (their texts and tokens) at once
        (GlossaryMatcher.plan), once
        the counts they come from are up to date. Only this process reads them (they need the whole document's
        counts), so in one batch from the first segment asked about on (word by word, its ~6,000 rapidfuzz scans
        of 10 hours cost ~0.07 s of CPU)."""
        if self.glossary.terms or self._context is None:
            return
        matcher = self._implicit_matcher()
        if matcher is not None:
            matcher.plan(texts, tokens_of)

    def _implicit_findings(self, segment: Segment) -> list[Finding]:
        """The glossary signals' findings on sound-alikes of the document's own names (not the names' own
        spellings: those are no mistake of the glossary's kind, and the other signals still judge them)."""
        matcher = self._implicit_matcher()
        if matcher is None or self._context is None:
            return []
        model = self._context.model
        tokens = self._tokenize(segment)
        text = segment.text
        found, exact = matcher.findings(segment.id, text, tokens)
        # (the glossary's spelled near-misses and sound-alike words, one word at a time. Not windows of several
        # words: the glossary's own (max_window=1) found 5 and 1 more name errors on the two halves of Earnings-21
        # for 0.2 s more CPU on 10 hours (+13%), term_windows.py's 11 and 3 at 0.01 less precision for ~0.3 s
        # more. Nor the term ranker: fitted on real glossaries,
        # on the document's names it found ~40 more name errors per half but at precision ~0.6, and its false
        # alarms on the hand-annotated sample, common words near the talk's names ('later' for Latner, 'docs' for
        # DevOps), took the sample's precision 0.80 -> 0.70)
        out = []
        uses = self._index.uses
        for f in found:
            if f.kind != GLOSSARY:
                continue
            # the rarer of two spellings that sound alike is the mishearing: a word the document uses at least
            # as often as the name it sounds like is no mishearing of it (rather the other way round: the
            # recogniser may write its guess at a name the same way several times, 'Swiffer' for 'Swift for')
            if " " not in f.text and f.suggestions and uses(f.text) >= uses(f.suggestions[0]):
                continue
            if not f.reason.endswith(OUT_OF_PLACE_REASON):
                # (False: that the document uses the name elsewhere is how it was chosen, no further evidence; on
                # Earnings-21 such flags were right 3 times in 8, and on the hand-annotated sample, once the user
                # had corrected its misheard 'Keras', the right 'curious' and 'course' became suspects)
                f = judged(f, tokens, model, self._is_ordinary, False)
            # (the user gave no glossary: the finding is about the document's own spelling of a name)
            name = f.suggestions[0] if f.suggestions else ""
            out.append(replace(f, kind=INCONSISTENT, reason=f.reason.replace(
                f"glossary term {name!r}", f"{name!r}, a name the document uses {uses(name)} times")))
        return out

    def _document_abbreviations(self) -> DocumentAbbreviations:
        """The document's abbreviations as an implicit glossary (rebuilt when the counts changed)."""
        if self._abbreviations is None or self._abbreviations[0] != self._index.changes:
            self._abbreviations = (self._index.changes, DocumentAbbreviations(
                self._index.abbreviations, self._index.words, self.lexicon, self.is_known))
        return self._abbreviations[1]

    def _kept(self, suspects: list[Suspect]) -> list[Suspect]:
        return [s for s in suspects if self._keep(s)]

    def _topic_damped(self, found: Finding) -> Finding:
        """A word this document uses far more often than English at large is a topic word ('eager' in a talk
        about eager execution): the language model's dislike of it is weak evidence."""
        uses = self._index.uses(found.text)
        if uses < TOPIC_USES:
            return found
        expected = 10 ** (self.lexicon.zipf(found.text.lower()) - 9) * max(self._index.words, 1)
        if uses < TOPIC_BURST * expected:
            return found
        return replace(found, score=round(found.score * TOPIC_DAMPING, 3))

    def _keep(self, suspect: Suspect) -> bool:
        if suspect.score < self.min_score:
            return False
        if MEMORY not in suspect.kinds and self._matcher.exact_term(suspect.text) is not None:
            return False  # written as a glossary term (any case, possessive, plural): never a mistake
        return not self.dismissed.hides(suspect.segment_id, suspect.text)


# A new Detector is made whenever the glossary or the word lists change (and by every CLI run or GUI re-check);
# per-distinct-token results only depend on those, so detectors with the same ones share them.
_MATCHERS: dict[tuple[Any, ...], GlossaryMatcher] = {}
_MEMOS: dict[tuple[frozenset[str], str], dict[str, dict[Any, Any]]] = {}
_SHARED_LIMIT = 4  # configurations kept (a GUI session alternates between few)


_SHARED_LOCK = threading.Lock()  # the GUI makes detectors on a worker thread and on the main thread


def _shared_matcher(glossary: Glossary, lexicon: Lexicon) -> GlossaryMatcher:
    key = (tuple(glossary.terms), tuple(glossary.corrections.items()), lexicon.lang)
    with _SHARED_LOCK:
        matcher = _MATCHERS.get(key)
        if matcher is None:
            if len(_MATCHERS) >= _SHARED_LIMIT:
                _MATCHERS.pop(next(iter(_MATCHERS)))
            matcher = _MATCHERS[key] = GlossaryMatcher(Glossary(list(glossary.terms), dict(glossary.corrections)),
                                                       lexicon)
        return matcher


def _shared_memos(known: frozenset[str], lang: str) -> dict[str, dict[Any, Any]]:
    with _SHARED_LOCK:
        memos = _MEMOS.get((known, lang))
        if memos is None:
            if len(_MEMOS) >= _SHARED_LIMIT:
                _MEMOS.pop(next(iter(_MEMOS)))
            memos = _MEMOS[(known, lang)] = {"words": {}, "listed words": {}, "testable": {}}
        return memos


def combine(findings: list[Finding], min_score: float = 0.0) -> list[Suspect]:
    """Merge findings on overlapping spans into suspects (noisy-or of scores, suggestions by weight); only those
    scoring at least `min_score` are made (a full check drops most: ~8,000 of 9,500 groups on 10 hours)."""
    if not findings:
        return []  # (a segment with nothing to merge)
    findings = sorted(findings, key=lambda f: (f.start, -(f.end - f.start)))
    groups: list[list[Finding]] = []
    reach = -1  # where the last group's findings end, at the furthest
    for finding in findings:
        if finding.start < reach:
            groups[-1].append(finding)
            reach = max(reach, finding.end)
        else:
            groups.append([finding])
            reach = finding.end
    suspects = []
    for group in groups:
        if len(group) == 1:  # (most groups: one signal's finding)
            top = group[0]
            score = round(top.score, 3)
            if score >= min_score:
                suggestions = tuple(dict.fromkeys(s for s in top.suggestions if s != top.text))
                suspects.append(Suspect(top.segment_id, top.start, top.end, top.text, (top.kind,), score,
                                        suggestions[:MAX_SUGGESTIONS], top.reason))
            continue
        group.sort(key=lambda f: -f.score)
        top = group[0]
        miss = 1.0
        kinds: list[str] = []
        for f in group:
            if f.kind not in kinds:
                kinds.append(f.kind)
                miss *= 1.0 - f.score
        score = round(min(0.99, 1.0 - miss) if len(kinds) > 1 else top.score, 3)
        if score < min_score:
            continue
        merged: list[str] = []
        # the fix the user chose before comes first, even when a stronger signal guessed something else; a
        # suggestion replaces the suspect's whole span, so only findings on that same span may offer one
        # ('him' for the 'ill' of 'adore ill fibrillation' would replace all three words)
        for f in sorted(group, key=lambda f: f.kind != MEMORY):
            if f.start != top.start or f.end != top.end:
                continue
            for s in f.suggestions:
                if s not in merged and s != top.text:
                    merged.append(s)
        suspects.append(Suspect(top.segment_id, top.start, top.end, top.text, tuple(kinds), score,
                                tuple(merged[:MAX_SUGGESTIONS]), top.reason))
    return suspects


def forget_texts() -> None:
    """Empty the memos every detector in the process keeps per segment text (tokens, word counts). A caller that
    checks a long transcript as separate parts calls it between them, so that memory holds one part's texts, not
    all of them (measured: +87 MB per part of 150,000 words). Values are recomputed the same. (The language
    model's memos are per word sequence, useful across parts, and bounded: ContextModel.PROBS_LIMIT.)"""
    from editor.review import consistency, tokens

    tokens.forget_texts()
    consistency.forget_texts()
    gc.collect()


def rank(suspects: list[Suspect]) -> list[Suspect]:
    """Highest score first; ties keep document order."""
    return sorted(suspects, key=lambda s: -s.score)
