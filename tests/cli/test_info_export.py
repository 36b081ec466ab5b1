"""`info` and `export` through a real subprocess: exit codes, output, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "seeds" / "tensorflow-dev-summit-interview.txt"
DIALOGUE = REPO / "tests" / "formats" / "data" / "dialogue.srt"


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("TRANSCRIPT_EDITOR_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "editor", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


def fields(stdout: str) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in stdout.splitlines())


def assert_one_line_error(result, *needles: str) -> None:
    assert result.returncode == 1, result
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_info_of_the_sample():
    result = run("info", "seeds/tensorflow-dev-summit-interview.txt")
    assert result.returncode == 0, result.stderr
    info = fields(result.stdout)
    text = SAMPLE.read_text(encoding="utf-8")
    assert info["format"] == "txt"
    assert info["encoding"] == "utf-8"
    assert int(info["words"]) == len(text.split())
    assert 50 < int(info["segments"]) < text.count("\n")
    assert info["speakers"] == "0"
    assert info["duration"] == "unknown"


def test_info_with_speakers_and_duration():
    result = run("info", str(DIALOGUE))
    info = fields(result.stdout)
    assert (info["format"], info["segments"], info["speakers"], info["duration"]) == ("srt", "3", "2", "0:07")
    assert "Alice (2)" in info["speaker names"]


def test_export_txt_of_the_sample_is_clean_text():
    result = run("export", "seeds/tensorflow-dev-summit-interview.txt", "-f", "txt")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    original = SAMPLE.read_text(encoding="utf-8")
    assert result.stdout.split() == original.split()  # same words, lines re-flowed into paragraphs
    assert ":" not in result.stdout.split("\n")[0][:20]  # no invented speaker label


def test_export_to_file_with_options_and_reimport(tmp_path):
    out = tmp_path / "d.vtt"
    result = run("export", str(DIALOGUE), "-f", "vtt", "-o", str(out))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert out.read_text(encoding="utf-8").startswith("WEBVTT")
    again = run("info", str(out))
    assert fields(again.stdout)["speakers"] == "2"

    plain = run("export", str(DIALOGUE), "-f", "txt", "--no-speakers", "--no-merge", "--timestamps")
    assert plain.stdout.splitlines()[0] == "[00:00:00] Hello there, how are you?"


def test_export_json_is_the_model(tmp_path):
    result = run("export", str(DIALOGUE), "-f", "json")
    data = json.loads(result.stdout)
    assert data["format"] == "transcript-editor" and len(data["segments"]) == 3


def test_docx_needs_an_output_file(tmp_path):
    result = run("export", str(SAMPLE), "-f", "docx")
    assert result.returncode == 2
    assert "-o" in result.stderr and "Traceback" not in result.stderr
    out = tmp_path / "s.docx"
    assert run("export", str(SAMPLE), "-f", "docx", "-o", str(out)).returncode == 0
    assert out.read_bytes()[:2] == b"PK"


def test_srt_from_untimed_text_is_a_one_line_error():
    assert_one_line_error(run("export", str(SAMPLE), "-f", "srt"), str(SAMPLE), "no timings")


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("empty.txt", b"", "empty"),
        ("image.srt", b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG"),
        ("cut.json", b'{"segments": [{"start": 0, "te', "invalid JSON"),
        ("bad.srt", b"1\n00:00:01,000 --> 00:00:0x,000\nHi\n", "line 2"),
    ],
)
def test_bad_input_is_a_one_line_error(tmp_path, name, data, needle):
    path = tmp_path / name
    path.write_bytes(data)
    for command in (["info", str(path)], ["export", str(path), "-f", "txt"]):
        assert_one_line_error(run(*command), str(path), needle)


def test_missing_file_and_version_without_project(tmp_path):
    assert_one_line_error(run("info", str(tmp_path / "nope.txt")), "no such file")
    assert_one_line_error(run("export", str(SAMPLE), "-f", "txt", "--version", "v1"), "--version")


def test_unwritable_output_is_a_one_line_error(tmp_path):
    assert_one_line_error(run("export", str(SAMPLE), "-f", "txt", "-o", str(tmp_path / "no" / "dir.txt")), "cannot write")


def test_unknown_format_is_a_usage_error():
    result = run("export", str(SAMPLE), "-f", "pdf")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_install_desktop_puts_the_entry_and_icon_in_the_data_folder(tmp_path, monkeypatch, capsys):
    import configparser
    import shutil
    import subprocess
    import sys

    from editor import paths
    from editor.cli import main

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert main(["install-desktop"]) == 0
    entry_path = tmp_path / "share" / "applications" / "transcript-editor.desktop"
    icon = tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / "transcript-editor.svg"
    assert str(entry_path) in capsys.readouterr().out
    assert icon.read_bytes() == (paths.resource_files() / "icons" / "transcript-editor.svg").read_bytes()
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(entry_path)
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"].split()[:3] == [sys.executable, "-m", "editor"]  # this venv, even if not on PATH
    assert desktop["Icon"] == icon.stem and desktop["Name"] == "Transcript Editor"
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(entry_path)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
