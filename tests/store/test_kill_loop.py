"""Short run of the crash script: SIGKILL an editing process 20 times, check the project after each kill."""

from __future__ import annotations

import subprocess
import sys

from store_helpers import REPO, child_env

SCRIPT = REPO / "tests" / "crash" / "kill_loop.py"


def test_kill_loop_twenty_cycles(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), "--cycles", "20", "--seed", "7", "--dir", str(tmp_path)],
                            capture_output=True, text=True, env=child_env(), timeout=120)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "20 cycles:" in result.stdout and "all present" in result.stdout
