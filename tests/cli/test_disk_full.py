"""A really full disk (a 200 KB tmpfs): every command says plainly what was and was not saved, no traceback,
no 'unexpected', no lock files left behind, the project as it was."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from editor.cli import main


@pytest.fixture
def full_disk(tmp_path):
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(folder)],
                             capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.decode(errors='replace').strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_commands_on_a_full_disk(full_disk, capsys):
    talk = full_disk / "t.txt"
    talk.write_text("".join(f"Speaker {i % 2}: this is line number {i} of the talk.\n\n" for i in range(300)))
    project = full_disk / "t.tproj"
    assert main(["import", str(talk), "-o", str(project)]) == 0
    before = hashlib.sha256(project.read_bytes()).hexdigest()
    fd = os.open(full_disk / "fill", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass  # the disk is full now
    finally:
        os.close(fd)
    capsys.readouterr()
    commands = [
        (["replace", str(project), "line", "LINE_THAT_IS_LONGER_NOW"], "NOT saved (the disk is full)"),
        (["version", str(project), "v1"], "could not save the version (the disk is full)"),
        (["import", str(talk), "-o", str(full_disk / "u.tproj")], "cannot create the project"),
        (["export", str(project), "-f", "txt", "-o", str(full_disk / "out.txt")], "No space left"),
    ]
    for argv, expected in commands:
        assert main(argv) == 1, argv
        err = capsys.readouterr().err
        assert expected in err and "unexpected" not in err, err
    assert hashlib.sha256(project.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in full_disk.iterdir()) == ["fill", "t.tproj", "t.txt"]


if sys.platform != "linux":  # pragma: no cover
    pytestmark = pytest.mark.skip(reason="tmpfs is Linux only")
