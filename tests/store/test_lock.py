"""Only one process edits a project; others get 'in use by pid@host' or a read-only view."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import pytest
from store_helpers import child_env, file_hash, make_transcript

from editor.core import edits as E
from editor.errors import ProjectError, ProjectInUseError
from editor.store.lock import lock_path_for
from editor.store.project import Project

HOLD = """
import sys, time
from editor.store.project import Project
project = Project.open(sys.argv[1])
print("ready", flush=True)
time.sleep(60)
"""


@pytest.fixture
def holder(project_path, transcript):
    Project.create(project_path, transcript).close()
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(project_path)], stdout=subprocess.PIPE,
                            env=child_env(), text=True)
    assert proc.stdout.readline().strip() == "ready"
    yield proc
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    proc.stdout.close()


def test_second_process_gets_in_use_error(holder, project_path, transcript):
    owner = f"{holder.pid}@{socket.gethostname()}"
    with pytest.raises(ProjectInUseError, match=f"in use by {owner}") as info:  # a type the window tells apart
        Project.open(project_path)
    assert info.value.path == str(project_path) and isinstance(info.value, ProjectError)
    with Project.open(project_path, read_only=True) as view:  # a read-only view is always possible
        assert view.transcript == transcript
    assert lock_path_for(project_path).read_text().strip() == owner


def test_lock_of_a_killed_process_is_stale_and_cleared(holder, project_path):
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert lock_path_for(project_path).exists()  # left behind by the killed process
    with Project.open(project_path) as project:
        project.apply(E.set_text(project.transcript, "s1", 0, 0, "x"))
        assert lock_path_for(project_path).read_text().strip() == f"{os.getpid()}@{socket.gethostname()}"
    assert not lock_path_for(project_path).exists()


def test_stale_lock_file_with_a_dead_pid(project_path, transcript):
    Project.create(project_path, transcript).close()
    lock_path_for(project_path).write_text(f"999999@{socket.gethostname()}\n")
    with Project.open(project_path) as project:
        assert project.transcript == transcript


def test_same_process_cannot_open_twice_for_editing(project_path, transcript):
    with Project.create(project_path, transcript):
        with pytest.raises(ProjectError, match="in use by"):
            Project.open(project_path)
        with pytest.raises(ProjectError, match="in use by"):
            Project.create(project_path, transcript)


DIE_MID_WRITE = """
import os, signal, sys
from editor.store.project import Project
project = Project.open(sys.argv[1])
db = project._db()
db.execute("PRAGMA cache_size = 1")  # spill changed pages to the file before the commit
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE segments SET data = replace(data, 'segment', 'SEGMENT')")
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_transaction_cut_by_a_kill_is_rolled_back(project_path):
    original = make_transcript(400)
    Project.create(project_path, original).close()
    proc = subprocess.run([sys.executable, "-c", DIE_MID_WRITE, str(project_path)], env=child_env(), timeout=60)
    assert proc.returncode == -signal.SIGKILL
    journal = project_path.with_name(project_path.name + "-journal")
    assert journal.exists()
    before = file_hash(project_path)
    with pytest.raises(ProjectError, match="not closed properly"):
        Project.open(project_path, read_only=True)
    assert file_hash(project_path) == before  # a read-only open does not recover
    with Project.open(project_path) as project:  # an editing open rolls the half transaction back
        assert project.transcript == original
    assert not journal.exists()
