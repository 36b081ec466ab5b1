"""`transcript-editor align PROJECT [MEDIA]`, and subtitles for the aligned transcript."""

from __future__ import annotations

import shutil

from editor.cli import main
from editor.store.project import Project


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _project(tmp_path, truth):
    source = tmp_path / "talk.txt"
    source.write_text("\n\n".join(s.text for s in truth), encoding="utf-8")
    return source


def test_align_then_subtitles(capsys, speech, tmp_path):
    wav, truth = speech
    source = _project(tmp_path, truth)
    project = tmp_path / "talk.tproj"
    assert run(capsys, "import", source, "-o", project)[0] == 0
    code, out, err = run(capsys, "export", project, "-f", "srt")
    assert code == 1 and "tim" in err  # refused: no times yet
    recording = tmp_path / "recording.wav"
    shutil.copy(wav, recording)
    code, out, err = run(capsys, "align", project, recording)
    assert code == 0, err
    assert out.startswith("Align to recording.wav: 6 segment(s)") and "0 estimated" in out
    code, out, err = run(capsys, "export", project, "-f", "srt")
    assert code == 0 and out.count(" --> ") == len(truth)
    first = out.splitlines()[1]
    assert first.startswith("00:00:00,") and int(first[9:12]) in range(300, 700)  # speech starts at 0.5 s
    code, out, err = run(capsys, "history", project, "--json")
    assert '"label": "Align to recording.wav"' in out
    # MEDIA was attached: the next run finds it by itself; nothing changed, so nothing to re-align.
    assert run(capsys, "align", project, "--changed")[1].strip() == "nothing to align"
    with Project.open(project) as opened:
        assert opened.get_meta("media")["absolute"] == str(recording.resolve())


def test_align_without_media_is_a_clear_error(capsys, tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text("Hello there.\n", encoding="utf-8")
    project = tmp_path / "notes.tproj"
    run(capsys, "import", source, "-o", project)
    code, out, err = run(capsys, "align", project)
    assert code == 1 and err.startswith(f"error: {project}: no media attached")
    code, out, err = run(capsys, "align", project, tmp_path / "missing.wav")
    assert code == 1 and "no such media file" in err
