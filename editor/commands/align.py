"""`align`: give a project's segments and words times by aligning its text to the recording (no Qt)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from editor.errors import UserError
from editor.loading import is_project_file


def _media_for(project, explicit: str | None) -> Path:
    """The recording to align with: MEDIA if given, else the project's attached media (checked), else a
    media file beside the project."""
    from editor.media.attachment import META_KEY, MediaRef, MediaStatus, find_media_beside, make_ref, resolve

    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise UserError(path, "no such media file")
        if MediaRef.from_json(project.get_meta(META_KEY)) is None and not project.read_only:
            project.set_meta(META_KEY, make_ref(path, project.path).to_json())  # the editor plays it too
        return path
    ref = MediaRef.from_json(project.get_meta(META_KEY))
    if ref is None:
        found = find_media_beside(project.path)
        if found is None:
            raise UserError(project.path, "no media attached: give the recording as MEDIA")
        return found
    where = resolve(ref, project.path)
    if where.status in (MediaStatus.FOUND, MediaStatus.MOVED) and where.path is not None:
        return where.path
    raise UserError(project.path, f"{where.message} Give the recording as MEDIA.")


def cmd_align(args: argparse.Namespace) -> int:
    """Align PROJECT's text to MEDIA (or its attached media) and store the result as one edit."""
    from editor.align.aligner import AlignReport
    from editor.align.timings import align_transcript
    from editor.store.project import Project
    from editor.store.sources import project_for_source

    path = Path(args.project)
    if not path.exists():
        raise UserError(path, "no such file")
    project = Project.open(path) if is_project_file(path) else project_for_source(path)
    with project:
        media = _media_for(project, args.media)
        report = AlignReport()
        began = time.monotonic()
        last_shown = [-1]

        def progress(share: float) -> None:
            percent = int(share * 100)
            if args.progress and percent != last_shown[0]:
                last_shown[0] = percent
                print(f"\raligning {media.name}: {percent}%", end="", file=sys.stderr, flush=True)

        edit = align_transcript(project.transcript, media, only_changed=args.changed, progress=progress,
                                report=report)
        if args.progress:
            print(file=sys.stderr)
        if edit is None:
            print("nothing to align" if args.changed else "the transcript has no text to align")
            return 0
        project.apply(edit)
    seconds = time.monotonic() - began
    print(f"{edit.label}: {len(edit.new)} segment(s), {report.tokens} word(s) timed, {report.estimated} estimated "
          f"(not found in the recording), {report.audio_ms / 1000:.0f} s of audio in {seconds:.1f} s")
    return 0
