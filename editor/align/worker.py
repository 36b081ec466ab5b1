"""Run an alignment in a child process: `python -m editor.align.worker JOB.json`.

The window runs alignment here rather than in a thread because pocketsphinx holds Python's global lock
while it decodes: in a thread, the window would freeze for most of a second at a time. The job file holds
{"transcript": Transcript.to_json(), "media": path, "only_changed": bool}. Standard output gets one JSON
object a line: {"progress": share} as work goes on, then {"edit": SetTimings.to_json(), "report": {...}},
{"nothing": true} or {"error": message}. Cancelling is ending the process.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from editor.align.aligner import AlignReport
from editor.align.timings import align_transcript
from editor.core.model import Transcript
from editor.errors import UserError


def _say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def run(job_path: str) -> int:
    try:
        job = json.loads(Path(job_path).read_text(encoding="utf-8"))
        transcript = Transcript.from_json(job["transcript"])
        report = AlignReport()
        last = [-1]

        def progress(share: float) -> None:
            step = int(share * 1000)
            if step != last[0]:
                last[0] = step
                _say({"progress": share})

        edit = align_transcript(transcript, job["media"], only_changed=bool(job.get("only_changed")),
                                progress=progress, report=report)
    except UserError as exc:
        _say({"error": str(exc)})
        return 1
    except Exception as exc:  # noqa: BLE001 (a bug still reaches the window as one line)
        _say({"error": f"{job_path}: unexpected {type(exc).__name__}: {exc}"})
        return 1
    if edit is None:
        _say({"nothing": True})
    else:
        _say({"edit": edit.to_json(), "report": dataclasses.asdict(report)})
    return 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1]))
