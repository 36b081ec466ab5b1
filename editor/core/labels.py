"""Readable labels for edits in context: whole words and the paragraph they are in.

An edit's own `label` knows only the characters it changes ("Replace 'wimble' with 'WIML'"). The undo menu,
the history panel and `history` want what a person did: "Replace 'Twimble' with 'TWIML' in ¶3". These
functions read the transcript the edit applies to; paragraphs are numbered from 1, as everywhere people see
them (`check --json` keeps its 0-based segment index and adds the same 1-based paragraph).
"""

from __future__ import annotations

from editor.core.edits import Batch, Edit, ReplaceSegments, SetSpeaker, SetText, common_affixes
from editor.core.model import Transcript

LABEL_WORDS_LIMIT = 32  # characters of quoted text in a label before it is cut with "…"
LISTED_PARAGRAPHS = 3  # "in ¶2, ¶5, ¶9" and then "and N more"


def _short(text: str, limit: int = LABEL_WORDS_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def paragraph_number(transcript: Transcript, segment_id: str) -> int | None:
    """The 1-based paragraph number people see for a segment (None if it is not in the transcript)."""
    return transcript.index_of(segment_id) + 1 if transcript.has_segment(segment_id) else None


def where(numbers: list[int]) -> str:
    """' in ¶3', ' in ¶3–¶5', ' in ¶2, ¶5, ¶9 and 4 more' ('' for none)."""
    numbers = sorted(set(numbers))
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f" in ¶{numbers[0]}"
    if numbers[-1] - numbers[0] == len(numbers) - 1:
        return f" in ¶{numbers[0]}–¶{numbers[-1]}"
    shown = ", ".join(f"¶{n}" for n in numbers[:LISTED_PARAGRAPHS])
    rest = len(numbers) - LISTED_PARAGRAPHS
    return f" in {shown}" + (f" and {rest} more" if rest > 0 else "")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "'’-_"


def _aligned_start(text: str, at: int, size: int) -> int:
    """Where a run of `size` characters inserted or deleted at `at` is best shown: slid to word boundaries.

    "Welcome to the" -> "Welcome the" differs at 'o t' by the shortest affixes; the same deletion is ' to'.
    """
    while at > 0 and text[at - 1] == text[at + size - 1]:
        at -= 1
    first = at
    while at + size <= len(text):
        run = text[at : at + size]
        left_ok = at == 0 or not _is_word_char(text[at - 1]) or not _is_word_char(run[0])
        right_ok = at + size == len(text) or not _is_word_char(text[at + size]) or not _is_word_char(run[-1])
        if left_ok and right_ok:
            return at
        if at + size < len(text) and text[at] == text[at + size]:
            at += 1
        else:
            break
    return first


def word_change(before: str, after: str) -> tuple[str, str]:
    """The changed part of a text widened to whole words: ('Twimble', 'TWIML') for 'Twimble' -> 'TWIML'."""
    p, s = common_affixes(before, after)
    end_before, end_after = len(before) - s, len(after) - s
    if p == end_before or p == end_after:  # a pure insertion or deletion: find its natural place
        longer = after if p == end_before else before
        size = (end_after if p == end_before else end_before) - p
        if size:
            p = _aligned_start(longer, p, size)
            end_before, end_after = (p, p + size) if longer is after else (p + size, p)
    old, new = before[p:end_before], after[p:end_after]
    blank = not old.strip() and not new.strip()  # a space or line break removed or added between words
    start = p
    if blank or any(run[:1] and _is_word_char(run[0]) for run in (old, new)):
        while start > 0 and _is_word_char(before[start - 1]):
            start -= 1
    if blank or any(run[-1:] and _is_word_char(run[-1]) for run in (old, new)):
        while end_before < len(before) and _is_word_char(before[end_before]):
            end_before += 1
            end_after += 1
    return before[start:end_before], after[start:end_after]


def text_change_label(before: str, after: str, number: int | None) -> str:
    """'Replace 'Twimble' with 'TWIML' in ¶3', "Type 'hello' in ¶3" or "Delete 'um' in ¶3"."""
    old, new = word_change(before, after)
    place = where([number] if number is not None else [])
    if not old.strip():
        return f"Type '{_short(new)}'{place}"
    if not new.strip():
        return f"Delete '{_short(old)}'{place}"
    return f"Replace '{_short(old)}' with '{_short(new)}'{place}"


def _segment_texts(edit: SetText, transcript: Transcript, applied: bool) -> tuple[str, str] | None:
    """(text before, text after) of the edited segment, or None when the transcript does not fit the edit."""
    if not transcript.has_segment(edit.segment):
        return None
    text = transcript.segment(edit.segment).text
    present, absent = (edit.new, edit.old) if applied else (edit.old, edit.new)
    if text[edit.at : edit.at + len(present)] != present:
        return None
    other = text[: edit.at] + absent + text[edit.at + len(present) :]
    return (other, text) if applied else (text, other)


def describe(edit: Edit, transcript: Transcript, *, applied: bool = False) -> str:
    """A label for `edit` read against `transcript`: the state it applies to, or (applied) the state after it.

    Falls back to the edit's own label when the transcript does not match the edit.
    """
    if isinstance(edit, SetText):
        texts = _segment_texts(edit, transcript, applied)
        if texts is None:
            return edit.label
        return text_change_label(*texts, paragraph_number(transcript, edit.segment))
    if isinstance(edit, SetSpeaker):
        numbers = [n for n in (paragraph_number(transcript, s) for s in edit.segments) if n is not None]
        who = edit.names or "no speaker"
        return f"Set speaker {who}" + where(numbers) if numbers else edit.label
    if isinstance(edit, ReplaceSegments):
        return _describe_segments(edit, transcript, applied)
    if isinstance(edit, Batch):
        parts = [e for e in edit.edits if isinstance(e, SetText | SetSpeaker)]
        if parts and edit.name.startswith(("Replace all", "Set speaker")):
            ids = [e.segment for e in parts if isinstance(e, SetText)]
            ids += [s for e in parts if isinstance(e, SetSpeaker) for s in e.segments]
            numbers = [n for n in (paragraph_number(transcript, i) for i in ids) if n is not None]
            return edit.name + where(numbers)
        typed = _typing_run_texts(edit, transcript, applied)
        if typed is not None:  # a typing run merged into one undo step
            return text_change_label(*typed, paragraph_number(transcript, edit.edits[0].segment))  # type: ignore[attr-defined]
    return edit.label


def _typing_run_texts(edit: Batch, transcript: Transcript, applied: bool) -> tuple[str, str] | None:
    """(before, after) text of the one segment a batch of text edits changes, or None for other batches."""
    parts = edit.edits
    if not parts or not all(isinstance(e, SetText) for e in parts):
        return None
    segment = parts[0].segment  # type: ignore[attr-defined]
    if any(e.segment != segment for e in parts) or not transcript.has_segment(segment):  # type: ignore[attr-defined]
        return None
    text = current = transcript.segment(segment).text
    steps = [e.inverse() for e in reversed(parts)] if applied else list(parts)
    for step in steps:
        assert isinstance(step, SetText)
        if current[step.at : step.at + len(step.old)] != step.old:
            return None
        current = current[: step.at] + step.new + current[step.at + len(step.old) :]
    return (current, text) if applied else (text, current)


def _describe_segments(edit: ReplaceSegments, transcript: Transcript, applied: bool) -> str:
    """'Split ¶3', 'Merge ¶3 with ¶4', "Delete ¶3 'so um'", 'Insert ¶4'."""
    present = edit.new if applied else edit.old
    if present:
        first = paragraph_number(transcript, present[0].id)
    elif edit.after is None:
        first = 1
    else:
        before = paragraph_number(transcript, edit.after)
        first = None if before is None else before + 1
    if first is None:
        return edit.label
    old, new = len(edit.old), len(edit.new)
    if old == 1 and new == 2:
        return f"Split ¶{first}"
    if old == 2 and new == 1:
        return f"Merge ¶{first} with ¶{first + 1}"
    if old == 1 and new == 0:
        return f"Delete ¶{first} '{_short(edit.old[0].text)}'"
    if old == 0 and new == 1:
        return f"Insert ¶{first}"
    return f"{edit.label} at ¶{first}"
